package telegram

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{name: "fits", text: "Bonjour !", limit: 20, want: []string{"Bonjour !"}},
		{name: "exactly the limit", text: "abcde", limit: 5, want: []string{"abcde"}},
		{name: "between paragraphs", text: "First part.\n\nSecond part.", limit: 15, want: []string{"First part.", "Second part."}},
		{name: "between lines", text: "line one\nline two", limit: 12, want: []string{"line one", "line two"}},
		{name: "after a sentence", text: "One two three. Four five", limit: 20, want: []string{"One two three.", "Four five"}},
		{name: "between words", text: "alpha beta gamma delta", limit: 12, want: []string{"alpha beta", "gamma delta"}},
		{name: "a word longer than the limit", text: "abcdefghij", limit: 4, want: []string{"abcd", "efgh", "ij"}},
		// 😀 is two UTF-16 units: five of them are ten units.
		{name: "UTF-16 units, not runes", text: "😀😀😀😀😀", limit: 4, want: []string{"😀😀", "😀😀", "😀"}},
		{name: "an emoji is never halved", text: "a😀b", limit: 2, want: []string{"a", "😀", "b"}},
		{name: "a combining accent stays on its letter", text: "abce\u0301", limit: 4, want: []string{"abc", "e\u0301"}},
		{name: "a joined emoji stays whole", text: "ab👩\u200d💻", limit: 5, want: []string{"ab", "👩\u200d💻"}},
		{name: "only spaces", text: "   ", limit: 2, want: nil},
		{name: "an early break is not taken", text: "a bcdefghijklmnop", limit: 10, want: []string{"a bcdefghi", "jklmnop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitText(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("Les bijoux voyagent bien emballés.\n\nÉcrin compris 💍.", 12)
	f.Add("😀😀😀 e\u0301 👩\u200d💻 x", 3)
	f.Add(strings.Repeat("mot ", 50), 7)
	f.Add("\n\n\n", 1)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if !utf8.ValidString(text) || limit < 2 || limit > 5000 {
			return
		}
		parts := splitText(text, limit)
		for i, p := range parts {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("part %d is empty", i)
			}
			// A character with its marks may go over a tiny limit; cuts
			// only happen at character boundaries.
			if n := utf16Len(p); n > limit && utf8.RuneCountInString(p) > 1 && !allCling(p) {
				t.Fatalf("part %d has %d units, over %d: %q", i, n, limit, p)
			}
		}
		if got, want := strings.Join(strings.FieldsFunc(strings.Join(parts, " "), unicode.IsSpace), ""),
			strings.Join(strings.FieldsFunc(text, unicode.IsSpace), ""); got != want {
			t.Fatalf("text lost or changed: %q became %q", text, parts)
		}
	})
}

// allCling reports whether every character after the first clings to the
// one before it, so the whole is one unbreakable cluster.
func allCling(s string) bool {
	first := true
	for _, r := range s {
		if !first && !clings(r) && r != '\u200d' {
			return false
		}
		first = false
	}
	return true
}
