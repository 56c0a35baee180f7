package faq_test

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/unicode/norm"
)

// analyze is the analyzer the tests index with: lower case, accents
// folded, French elisions split, stop words dropped, Snowball stems.
func analyze(lang, text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if isStop(lang, w) {
			continue
		}
		if strings.ContainsAny(w, "0123456789") {
			out = append(out, w)
			continue
		}
		var s string
		if lang == "en" {
			s = english.Stem(w, false)
		} else {
			s = french.Stem(w, false)
		}
		out = append(out, fold(s))
	}
	return out
}

func isStop(lang, w string) bool {
	if lang == "en" {
		return english.IsStopWord(w) || extraStop[w]
	}
	return french.IsStopWord(w) || french.IsStopWord(fold(w)) || extraStop[fold(w)]
}

// extraStop are chat words both languages can drop.
var extraStop = map[string]bool{
	"bonjour": true, "merci": true, "svp": true, "stp": true, "hello": true, "please": true,
	"pls": true, "hi": true, "thanks": true, "fait": true, "faire": true, "est": true,
	"c": true, "l": true, "d": true, "j": true, "qu": true, "s": true, "n": true, "m": true,
	"t": true, "can": true, "get": true, "want": true, "veux": true, "voudrais": true,
}

func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
