package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize turns chat text into the canonical form every matcher in
// supportbot compares: lower case, accents folded ("livrée" → "livree"),
// apostrophe variants unified and French elisions expanded ("l’adresse" →
// "le adresse", "qu'il" → "que il"), English contractions expanded ("don't"
// → "do not"), letters stretched for emphasis squeezed ("biiien" → "bien",
// while "commande" keeps its double m), common SMS spellings of French and
// English support chats spelled out ("cde" → "commande", "pk" → "pourquoi",
// "thx" → "thanks"; the table is smsWords in sms.go), emoji and punctuation
// dropped. Tokens are separated by single spaces; digits are kept, so order
// numbers survive as "cl 482913".
//
// Normalize is deterministic, never fails and is safe for any input,
// including invalid UTF-8.
func Normalize(s string) string {
	// The tokens only live until joined: a message's usually fit in an
	// array on the stack, where growing a slice from nil allocated several
	// times, for a function the engine calls many times a turn.
	var buf [32]string
	return strings.Join(appendTokens(buf[:0], s), " ")
}

// Tokenize returns the tokens of Normalize(s), which is their space-joined
// form.
func Tokenize(s string) []string {
	return appendTokens(nil, s)
}

// appendTokens appends the normalised tokens of s to dst.
func appendTokens(dst []string, s string) []string {
	folded := foldText(s)
	for len(folded) > 0 {
		i := strings.IndexByte(folded, ' ')
		var w string
		if i < 0 {
			w, folded = folded, ""
		} else {
			w, folded = folded[:i], folded[i+1:]
		}
		if w == "" {
			continue
		}
		dst = appendWord(dst, w)
	}
	return dst
}

// foldText lower-cases and folds s to ASCII letters, digits, apostrophes
// and spaces. Any other character becomes a space, except a few symbols
// that carry meaning in support chats (€, $, n°).
func foldText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := rune(' ')
	for i, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			case r == '\'' || r == '`':
				r = '\''
			case r == '$':
				b.WriteString(" dollar ")
				prev = ' '
				continue
			default:
				r = ' '
			}
			prev = writeFolded(&b, prev, r)
			continue
		}
		if r == '°' && prev == 'n' && (i < 2 || !isASCIILetter(s[i-2])) {
			// "n°" is the French abbreviation of "numéro".
			b.WriteString("umero ")
			prev = ' '
			continue
		}
		if sym := symbolWord(r); sym != "" {
			b.WriteByte(' ')
			b.WriteString(sym)
			b.WriteByte(' ')
			prev = ' '
			continue
		}
		for _, f := range foldRune(r) {
			prev = writeFolded(&b, prev, f)
		}
	}
	return b.String()
}

// writeFolded writes r, collapsing runs of spaces, and returns what was
// last written.
func writeFolded(b *strings.Builder, prev, r rune) rune {
	if r == ' ' && prev == ' ' {
		return prev
	}
	b.WriteRune(r)
	return r
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// symbolWord spells out currency symbols, which tell intents apart ("j'ai
// payé 89 €") and carry no accent to fold.
func symbolWord(r rune) string {
	switch r {
	case '€':
		return "euro"
	case '$':
		return "dollar"
	case '£':
		return "pound"
	}
	return ""
}

// foldedLatin holds foldRune of U+0080 to U+024F (the accented letters of
// French and its neighbours), worked out once: the decomposition allocates
// and this runs for every accented letter of every message.
var foldedLatin = func() (t [0x250 - 0x80][]rune) {
	for i := range t {
		t[i] = foldRuneSlow(rune(0x80 + i))
	}
	return t
}()

// foldRune returns r lower-cased and without diacritics, as runes; letters
// of other scripts are kept lower-cased, everything else is a space. The
// result must not be modified.
func foldRune(r rune) []rune {
	if r >= 0x80 && r < 0x250 {
		return foldedLatin[r-0x80]
	}
	return foldRuneSlow(r)
}

func foldRuneSlow(r rune) []rune {
	if f := foldSpecial(r); f != nil {
		return f
	}
	if unicode.IsDigit(r) {
		if v := r - '０'; v >= 0 && v <= 9 {
			return runesDigits[v]
		}
		return runesSpace
	}
	if !unicode.IsLetter(r) {
		return runesSpace
	}
	var out []rune
	for _, d := range norm.NFKD.String(string(unicode.ToLower(r))) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if f := foldSpecial(d); f != nil {
			out = append(out, f...)
			continue
		}
		if !unicode.IsLetter(d) && !unicode.IsDigit(d) && d != '\'' {
			d = ' '
		}
		out = append(out, unicode.ToLower(d))
	}
	if len(out) == 0 {
		return runesSpace
	}
	return out
}

// foldSpecial folds the letters and apostrophes that Unicode does not
// decompose, or nil.
func foldSpecial(r rune) []rune {
	switch r {
	case '’', '‘', 'ʼ', '´', '′':
		return runesApostrophe
	case 'œ', 'Œ':
		return runesOE
	case 'æ', 'Æ':
		return runesAE
	case 'ß':
		return runesSS
	case 'ø', 'Ø':
		return runesO
	case 'đ', 'Đ':
		return runesD
	case 'ł', 'Ł':
		return runesL
	}
	return nil
}

// The foldings of foldSpecial and foldRune, shared rather than allocated
// for each letter; nobody modifies them.
var (
	runesApostrophe = []rune{'\''}
	runesOE         = []rune{'o', 'e'}
	runesAE         = []rune{'a', 'e'}
	runesSS         = []rune{'s', 's'}
	runesO          = []rune{'o'}
	runesD          = []rune{'d'}
	runesL          = []rune{'l'}
	runesSpace      = []rune{' '}
	runesDigits     = [10][]rune{{'0'}, {'1'}, {'2'}, {'3'}, {'4'}, {'5'}, {'6'}, {'7'}, {'8'}, {'9'}}
)

// appendWord splits a folded word on apostrophes, expands elisions and
// contractions, squeezes repeated letters and spells out SMS forms.
func appendWord(dst []string, w string) []string {
	if strings.IndexByte(w, '\'') < 0 {
		return appendExpanded(dst, squeeze(w))
	}
	parts := strings.Split(w, "'")
	// Drop empty parts from leading, trailing or doubled apostrophes.
	j := 0
	for _, p := range parts {
		if p != "" {
			parts[j] = p
			j++
		}
	}
	parts = parts[:j]
	if len(parts) == 0 {
		return dst
	}
	if len(parts) == 2 {
		if whole, ok := apostropheWords[parts[0]+"'"+parts[1]]; ok {
			return appendExpanded(dst, whole)
		}
	}
	for i := 0; i < len(parts); i++ {
		p := squeeze(parts[i])
		last := i == len(parts)-1
		if !last {
			if e, ok := elision(p, parts[i+1]); ok {
				dst = append(dst, e)
				continue
			}
		}
		if i > 0 {
			if e, ok := contraction(p); ok {
				dst = appendNegation(dst, e)
				continue
			}
		}
		dst = appendExpanded(dst, p)
	}
	return dst
}

// elision expands a French elided word ("l", "qu") given the word it is
// glued to.
func elision(p, next string) (string, bool) {
	switch p {
	case "l":
		return "le", true
	case "j":
		return "je", true
	case "d":
		return "de", true
	case "n":
		return "ne", true
	case "s":
		if next == "il" || next == "ils" {
			return "si", true
		}
		return "se", true
	case "c":
		return "ce", true
	case "m":
		return "me", true
	case "t":
		return "te", true
	}
	if strings.HasSuffix(p, "qu") {
		return p + "e", true
	}
	return "", false
}

// contraction expands an English contraction suffix ("ll" in "i'll"). The
// "t" of "n't" is returned as "not" and handled by appendNegation.
func contraction(p string) (string, bool) {
	switch p {
	case "t":
		return "not", true
	case "s":
		return "is", true
	case "m":
		return "am", true
	case "re":
		return "are", true
	case "ve":
		return "have", true
	case "ll":
		return "will", true
	case "d":
		return "would", true
	}
	return "", false
}

// appendNegation appends e, first turning a preceding "don"/"isn"… into its
// verb when e is the "not" of "n't".
func appendNegation(dst []string, e string) []string {
	if e == "not" && len(dst) > 0 {
		prev := dst[len(dst)-1]
		switch {
		case prev == "can" || prev == "ca":
			dst[len(dst)-1] = "can"
		case prev == "won" || prev == "wo":
			dst[len(dst)-1] = "will"
		case prev == "ain":
			dst[len(dst)-1] = "is"
		case strings.HasSuffix(prev, "n") && len(prev) > 2:
			dst[len(dst)-1] = prev[:len(prev)-1]
		}
	}
	return append(dst, e)
}

// appendExpanded appends w, or its spelled-out form when w is an SMS
// abbreviation.
func appendExpanded(dst []string, w string) []string {
	if w == "" {
		return dst
	}
	full, ok := smsWords[w]
	if !ok {
		return append(dst, w)
	}
	for full != "" {
		i := strings.IndexByte(full, ' ')
		if i < 0 {
			return append(dst, full)
		}
		dst = append(dst, full[:i])
		full = full[i+1:]
	}
	return dst
}

// squeeze shortens runs of three or more identical letters, which chat
// users type for emphasis ("merciiii", "noooon"). A vowel run becomes one
// letter; a consonant that French and English double ("commmande",
// "helllo") keeps two inside a word. Digits are never touched.
func squeeze(w string) string {
	if !hasRun3(w) {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); {
		c := w[i]
		j := i + 1
		for j < len(w) && w[j] == c {
			j++
		}
		n := j - i
		if n >= 3 && isASCIILetter(c) {
			n = 1
			if strings.IndexByte("lmnrstpfc", c) >= 0 && j < len(w) {
				n = 2
			}
		}
		for k := 0; k < n; k++ {
			b = append(b, c)
		}
		i = j
	}
	return string(b)
}

func hasRun3(w string) bool {
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			return true
		}
	}
	return false
}
