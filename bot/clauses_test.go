package bot

import (
	"slices"
	"testing"
)

func TestSplitClauses(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"annule-la et dis-moi mes points", []string{"annule-la", "dis-moi mes points"}},
		{"Where is my order? Also how many points do I have.", []string{"Where is my order", "Also how many points do I have"}},
		// The dots of an e-mail, a web address or an amount cut nothing.
		{"I want to return the silk scarf, amelia.brown@example.com OP-101001", []string{"I want to return the silk scarf, amelia.brown@example.com OP-101001"}},
		{"see www.opaline.example. Then cancel it", []string{"see www.opaline.example", "Then cancel it"}},
		{"it cost 12.50 and it broke", []string{"it cost 12.50", "it broke"}},
		{"merci !", []string{"merci"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitClauses(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("splitClauses(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
