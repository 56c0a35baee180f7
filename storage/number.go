package storage

import (
	"fmt"
	"strings"
)

// NormalizeOrderNumber returns the key an order number is matched by:
// upper-case ASCII letters and digits only, so that "CL-482913", "cl482913"
// and "CL 482913" all find the same order.
func NormalizeOrderNumber(s string) string {
	return matchKey(s)
}

// NormalizeCard returns the key a loyalty card number is matched by, with the
// same rules as NormalizeOrderNumber.
func NormalizeCard(s string) string {
	return matchKey(s)
}

// DisplayOrderNumber returns the form an order number is shown in: its
// letters, a dash, then its digits ("cl482913" → "CL-482913"). A number of
// any other shape is returned trimmed and upper-cased, as it was given.
func DisplayOrderNumber(s string) string {
	key := matchKey(s)
	i := 0
	for i < len(key) && isUpper(key[i]) {
		i++
	}
	if i == 0 || i == len(key) || !allDigits(key[i:]) {
		return strings.ToUpper(strings.TrimSpace(s))
	}
	return key[:i] + "-" + key[i:]
}

func matchKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUpper(c), isDigit(c):
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// checkIdentifier returns what is wrong with an order or loyalty card
// number, or "": letters and digits, optionally grouped by single dashes or
// spaces, with at least one digit. Two one-character groups in a row
// ("o p 1 0 0 7 0 1") are refused: spaced out like that, a number could be
// matched to an order written "OP-100701" by mistake, or on purpose.
func checkIdentifier(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return "required"
	}
	if len(t) > maxNumberLen {
		return fmt.Sprintf("at most %d characters, got %d", maxNumberLen, len(t))
	}
	prevSep := true
	group, prevGroup := 0, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case isUpper(c), isDigit(c), c >= 'a' && c <= 'z':
			prevSep = false
			group++
		case (c == '-' || c == ' ') && !prevSep:
			if group == 1 && prevGroup == 1 {
				return fmt.Sprintf("must not be spaced out one character at a time, got %q", labelText(s))
			}
			prevSep = true
			prevGroup, group = group, 0
		default:
			return fmt.Sprintf("must be letters and digits, optionally grouped by a dash or space, got %q", labelText(s))
		}
	}
	if group == 1 && prevGroup == 1 {
		return fmt.Sprintf("must not be spaced out one character at a time, got %q", labelText(s))
	}
	key := matchKey(t)
	if prevSep || len(key) < minNumberKey || strings.IndexFunc(key, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return fmt.Sprintf("must have at least %d letters or digits including a digit, got %q", minNumberKey, labelText(s))
	}
	return ""
}
