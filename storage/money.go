package storage

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxCents bounds amounts so that sums of many orders stay far from
// overflowing an int64: ten thousand billion euros.
const maxCents = 1_000_000_000_000_000

// ParseCents converts a decimal amount written in euros, such as the JSON
// number 89.5, into integer cents (8950) without going through a float, so
// that no amount is ever rounded. It refuses negative amounts and amounts
// with more than two decimals. Exponents ("8.95e1") are accepted.
func ParseCents(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("not a number")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	mant, exp, err := splitExponent(s)
	if err != nil {
		return 0, err
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if !allDigits(intPart) || (frac != "" && !allDigits(frac)) || (strings.Contains(mant, ".") && frac == "") {
		return 0, errors.New("not a number")
	}
	// The amount is digits × 10^(shift-2) cents once the point is removed.
	digits := strings.TrimLeft(intPart+frac, "0")
	shift := exp - len(frac) + 2
	if digits == "" {
		return 0, nil
	}
	if neg {
		return 0, errors.New("must not be negative")
	}
	if shift < 0 {
		drop := -shift
		if drop > len(digits) || strings.Trim(digits[len(digits)-drop:], "0") != "" {
			return 0, errors.New("has more than 2 decimals")
		}
		digits = digits[:len(digits)-drop]
	} else {
		if len(digits)+shift > 18 {
			return 0, errors.New("is too large")
		}
		digits += strings.Repeat("0", shift)
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > maxCents {
		return 0, errors.New("is too large")
	}
	return n, nil
}

// splitExponent separates "8.95e1" into "8.95" and 1. Exponents are bounded
// so that a hostile file cannot make us build huge strings.
func splitExponent(s string) (string, int, error) {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s, 0, nil
	}
	e := s[i+1:]
	if e != "" && (e[0] == '+' || e[0] == '-') {
		if !allDigits(e[1:]) {
			return "", 0, errors.New("not a number")
		}
	} else if !allDigits(e) {
		return "", 0, errors.New("not a number")
	}
	exp, err := strconv.Atoi(e)
	if err != nil || exp < -30 || exp > 30 {
		return "", 0, errors.New("exponent out of range")
	}
	return s[:i], exp, nil
}

// FormatCents writes cents as a decimal amount in euros with two decimals,
// the form the import file uses ("89.50").
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
