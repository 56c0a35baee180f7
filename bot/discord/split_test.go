package discord

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{name: "fits", text: "hello world", limit: 20, want: []string{"hello world"}},
		{name: "empty", text: "  ", limit: 20, want: nil},
		{name: "at a paragraph", text: "first part here\n\nsecond part", limit: 20, want: []string{"first part here", "second part"}},
		{name: "at a line", text: "first line here\nsecond line", limit: 20, want: []string{"first line here", "second line"}},
		{name: "at a word", text: "one two three four five six", limit: 10, want: []string{"one two", "three four", "five six"}},
		{name: "paragraph too early, word instead", text: "ab\n\ncdefghij klmnop", limit: 14, want: []string{"ab\n\ncdefghij", "klmnop"}},
		{name: "one long word", text: "abcdefghijklmnopqrstuvwxyz", limit: 10, want: []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
		{name: "accents are one character", text: "ééééé ééééé", limit: 5, want: []string{"ééééé", "ééééé"}},
		{name: "emoji count twice", text: "😀😀😀", limit: 4, want: []string{"😀😀", "😀"}},
		{name: "emoji wider than the limit", text: "😀😀", limit: 1, want: []string{"😀", "😀"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := split(tt.text, tt.limit); !slices.Equal(got, tt.want) {
				t.Errorf("split(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

// FuzzSplit checks split's promises on any text: pieces fit (unless a
// single character is wider than the limit), are not empty, are valid
// UTF-8 when the text is, and together hold every non-space of the text,
// in order.
func FuzzSplit(f *testing.F) {
	f.Add("hello world, this is a long message\n\nwith paragraphs", 10)
	f.Add("😀😀😀 ééé\n\n\n", 3)
	f.Add(strings.Repeat("a ", 3000), 2000)
	f.Add("\xff\xfe", 1)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 1 || limit > 5000 || len(text) > 20000 {
			return
		}
		pieces := split(text, limit)
		for _, p := range pieces {
			if p == "" {
				t.Fatalf("split(%q, %d) has an empty piece: %q", text, limit, pieces)
			}
			if n := contentLen(p); n > limit && utf8.RuneCountInString(p) > 1 {
				t.Fatalf("piece %q is %d units, over %d", p, n, limit)
			}
			if utf8.ValidString(text) && !utf8.ValidString(p) {
				t.Fatalf("piece %q of valid text is not valid UTF-8", p)
			}
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got, want := squash(strings.Join(pieces, " ")), squash(text); got != want {
			t.Fatalf("split(%q, %d) = %q: lost or changed text", text, limit, pieces)
		}
	})
}
