package telegram

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// utf16Len counts UTF-16 code units, as Telegram measures text.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// splitText cuts a text into parts of at most limit UTF-16 code units,
// preferring to cut between paragraphs, then lines, then sentences, then
// words, and never inside a character or before a combining mark. The
// whitespace at a cut is dropped; no part is empty.
func splitText(s string, limit int) []string {
	var parts []string
	for utf16Len(s) > limit {
		at := breakAt(s, prefixEnd(s, limit))
		if part := strings.TrimRightFunc(s[:at], unicode.IsSpace); part != "" {
			parts = append(parts, part)
		}
		s = strings.TrimLeftFunc(s[at:], unicode.IsSpace)
	}
	if strings.TrimSpace(s) != "" {
		parts = append(parts, s)
	}
	return parts
}

// prefixEnd returns the byte length of the longest prefix of s within limit
// UTF-16 code units, and at least one character.
func prefixEnd(s string, limit int) int {
	units := 0
	for i, r := range s {
		units += runeUnits(r)
		if units > limit {
			if i == 0 {
				return utf8.RuneLen(r)
			}
			return i
		}
	}
	return len(s)
}

// breakAt returns where to cut s within its first end bytes: after the
// last paragraph break, line break, sentence end or space in the second
// half, else at end, moved back so as not to separate a character from the
// marks and joiners that follow it.
func breakAt(s string, end int) int {
	p := s[:end]
	for _, sep := range []string{"\n\n", "\n", ". ", "! ", "? ", " "} {
		if i := strings.LastIndex(p, sep); i > 0 && i >= end/2 {
			return i + len(sep)
		}
	}
	at := end
	for at > 0 && at < len(s) {
		next, _ := utf8.DecodeRuneInString(s[at:])
		prev, size := utf8.DecodeLastRuneInString(s[:at])
		if !clings(next) && prev != '\u200d' {
			return at
		}
		at -= size
	}
	if at == 0 {
		return end
	}
	return at
}

// clings reports whether r belongs with the character before it: a
// combining mark, a variation selector or a zero-width joiner.
func clings(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		r == '\u200d' || (r >= '\ufe00' && r <= '\ufe0f') || (r >= 0x1f3fb && r <= 0x1f3ff)
}
