package storage

import (
	"fmt"
	"strings"
)

// NormalizeEmail returns the form e-mails are stored and matched in:
// trimmed and lower-cased.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// ValidEmail reports whether s, once normalised, looks like a deliverable
// address: a plain local part, an "@", and a domain name with a dot. It
// refuses display names, quoted local parts and IP-literal domains, which
// customers never type in a chat.
func ValidEmail(s string) bool {
	return checkEmail(s) == ""
}

// checkEmail returns what is wrong with an e-mail, or "".
func checkEmail(s string) string {
	e := NormalizeEmail(s)
	if e == "" {
		return "required"
	}
	if len(e) > 254 {
		return fmt.Sprintf("at most 254 characters, got %d", len(e))
	}
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at > 64 || !validLocalPart(e[:at]) || !validDomain(e[at+1:]) {
		return fmt.Sprintf("not a valid e-mail address, got %q", labelText(s))
	}
	return ""
}

func validLocalPart(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isLowerAlnum(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isLowerAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && !allDigits(tld)
}

func isLowerAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || isDigit(c) }
