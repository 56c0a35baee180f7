package bot

import "testing"

func TestRANumberIn(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		want  string
	}{
		{"display form", []string{"where is RA-7K2M9Q4B?"}, "RA-7K2M9Q4B"},
		{"lower case, no dash", []string{"le retour ra7k2m9q4b"}, "RA-7K2M9Q4B"},
		{"with a space", []string{"ra 7k2m9q4b svp"}, "RA-7K2M9Q4B"},
		{"words starting with ra", []string{"rappel rapide, rapport"}, ""},
		{"no digit", []string{"RA-ABCDEFGH"}, ""},
		{"the flow's first message", []string{"jane@example.com OP-100101", "et RA-3X8P5N2D ?"}, "RA-3X8P5N2D"},
		{"an order number is not one", []string{"OP-102201"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := raNumberIn(tt.texts...); got != tt.want {
				t.Errorf("raNumberIn(%q) = %q, want %q", tt.texts, got, tt.want)
			}
		})
	}
}
