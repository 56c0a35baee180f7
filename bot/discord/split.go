package discord

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxContent is Discord's limit on a message's content. It is counted here
// in UTF-16 code units, which is never less than the characters Discord
// counts, so a piece that fits here fits there.
const maxContent = 2000

// split cuts text into pieces of at most limit UTF-16 code units, at the
// last paragraph break that leaves the piece at least half full, else the
// last line break, else the last space, else anywhere between two
// characters. Whitespace at the cuts is dropped; nothing else is.
func split(text string, limit int) []string {
	text = strings.TrimSpace(text)
	var out []string
	for text != "" {
		end := prefixFitting(text, limit)
		if end == len(text) {
			out = append(out, text)
			break
		}
		// A space right after the prefix is a boundary too.
		window := text[:end]
		if r, size := utf8.DecodeRuneInString(text[end:]); unicode.IsSpace(r) {
			window = text[:end+size]
		}
		cut := min(cutPoint(window), end)
		piece := strings.TrimRightFunc(text[:cut], unicode.IsSpace)
		if piece == "" {
			// Only spaces before the limit: cut at the limit.
			piece, cut = text[:end], end
		}
		out = append(out, piece)
		text = strings.TrimLeftFunc(text[cut:], unicode.IsSpace)
	}
	return out
}

// prefixFitting returns the length in bytes of the longest prefix of s
// that is at most limit UTF-16 code units long (at least one character).
func prefixFitting(s string, limit int) int {
	units := 0
	for i, r := range s {
		n := utf16Len(r)
		if units+n > limit {
			if i == 0 {
				_, size := utf8.DecodeRuneInString(s)
				return size
			}
			return i
		}
		units += n
	}
	return len(s)
}

// cutPoint picks where to end a piece within s, the longest prefix that
// fits: after a paragraph break, a line break or a space, as long as that
// keeps at least half of s, else at the end of s.
func cutPoint(s string) int {
	half := len(s) / 2
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(s, sep); i > 0 && i >= half {
			return i + len(sep)
		}
	}
	return len(s)
}

// utf16Len is how many UTF-16 code units r takes.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// contentLen is the length of s as split counts it.
func contentLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}
