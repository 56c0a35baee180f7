package intents

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// Identifiers typed in shapes the entity patterns don't know ("OP 100
// 701", "OP–100701", "OP - 100701", "OP100 701", "OPL 1001 01", "0P-100701")
// are rewritten before the patterns run, and the spans found mapped back
// onto the message.

// A folded message is a message with its identifiers rewritten in the
// shapes the patterns know (see foldNumbers), and for each of its bytes the
// bytes of the message it comes from.
type folded struct {
	text       string
	start, end []int // the original span of each byte of text
	n          int   // the length of the original
}

// original returns s with the offsets of the original message.
func (f *folded) original(s span) span {
	at := func(i int) int {
		if i >= len(f.start) {
			return f.n
		}
		return f.start[i]
	}
	start := at(s.start)
	end := start
	if s.end > s.start {
		end = f.end[s.end-1]
	}
	s.start, s.end = start, end
	return s
}

// foldNumbers rewrites the identifiers of text typed in shapes the patterns
// don't know: a dash of autocorrect between letters or digits ("OP–100701")
// becomes "-", and so does a dash with spaces around it between an order
// number's letters and digits ("OP - 100701"); digits grouped by thousands
// ("OP 100 701", "OP100 701", "100 701") are joined; a few letters and
// groups of digits not grouped by thousands, as printed on a card ("OPL
// 1001 01"), are joined by dashes; a zero typed for the O of the shop's
// prefix ("0P-100701") becomes the O where the shop's pattern then reads an
// order number. It reports false when there is nothing to rewrite, as in
// most messages, and then allocates nothing.
func (e *Extractor) foldNumbers(text string) (folded, bool) {
	if !e.mayFold(text) {
		return folded{}, false
	}
	f := folder{text: text}
	var buf [8][2]int
	var zeros []int // where in f.out a zero was read as an O
	for i := 0; i < len(text); {
		c := text[i]
		if e.zeroForO(text, i) {
			f.begin(i)
			zeros = append(zeros, len(f.out))
			f.add('O', i, i+1)
			i++
			continue
		}
		if isDigit(c) && e.startsNumber(text, i) {
			groups, end := digitGroups(buf[:0], text, i)
			switch {
			case len(groups) > 1 && byThousands(text, groups):
				f.groups(i, groups, 0)
			case len(groups) > 1 && e.cardLetters(text[:i]):
				f.groups(i, groups, '-')
			default:
				for j := i; j < end; j++ {
					f.add(text[j], j, j+1)
				}
			}
			i = end
			continue
		}
		if end := e.spacedDash(text, i); end > 0 {
			f.begin(i)
			f.add('-', i, end)
			i = end
			continue
		}
		if n := dashLen(text[i:]); n > 0 && i > 0 && isASCIIAlnum(text[i-1]) && i+n < len(text) && isASCIIAlnum(text[i+n]) {
			f.begin(i)
			f.add('-', i, i+n)
			i += n
			continue
		}
		f.add(c, i, i+1)
		i++
	}
	if f.out == nil || !e.keepZeros(&f, zeros) {
		return folded{}, false
	}
	return folded{text: string(f.out), start: f.start, end: f.end, n: len(text)}, true
}

// startsNumber reports whether the digit at text[i] starts a number: it
// starts a word, or follows the letters of an identifier ("OP100 701").
func (e *Extractor) startsNumber(text string, i int) bool {
	return i == 0 || !isASCIIAlnum(text[i-1]) || isASCIILetter(text[i-1]) && e.idLetters(text[:i])
}

// keepZeros puts back the zeros of f.out read as an O where the shop's
// pattern does not read an order number starting there ("0P12345678901"
// has the shape of a Colissimo number, and too many digits for an order),
// and reports whether f still rewrites anything.
func (e *Extractor) keepZeros(f *folder, zeros []int) bool {
	if len(zeros) == 0 {
		return true
	}
	out := string(f.out)
	for _, z := range zeros {
		if !e.orderAt(out, z) {
			f.out[z] = '0'
		}
	}
	return string(f.out) != f.text
}

// orderAt reports whether the shop's pattern reads an order number
// starting at text[i].
func (e *Extractor) orderAt(text string, i int) bool {
	for _, m := range e.order.FindAllStringSubmatchIndex(text, -1) {
		if m[0] == i {
			_, ok := e.orderValue(text, m)
			return ok
		}
	}
	return false
}

// zeroForO reports whether the 0 at text[i] starts the shop's order prefix
// typed with a zero for its O ("0P" for "OP", which look alike): the rest
// of the prefix follows, then no letter. Only a prefix the configuration
// gives, of two letters or more, is read so: a zero before any letters is
// not an O.
func (e *Extractor) zeroForO(text string, i int) bool {
	p := e.prefix
	if text[i] != '0' || len(p) < 2 || p[0] != 'O' || i > 0 && isASCIIAlnum(text[i-1]) {
		return false
	}
	end := i + len(p)
	return end <= len(text) && strings.EqualFold(text[i+1:end], p[1:]) && (end == len(text) || !isASCIILetter(text[end]))
}

// spacedDash returns the end of the spaces and dash at text[i:] between an
// order number's letters and digits, with a space on one side or both
// ("OP - 100701", "OP -100701"), or 0 when there are none. The letters
// must be an identifier's, and the digits not a phone number nor a
// postcode after a street ("3 rue Zola - 75015"), which the dash would
// otherwise join to the word before.
func (e *Extractor) spacedDash(text string, i int) int {
	if i == 0 || !isASCIILetter(text[i-1]) || text[i] != ' ' && text[i] != '-' && dashLen(text[i:]) == 0 {
		return 0
	}
	j := skipSpaces(text, i)
	n := dashLen(text[j:])
	if j < len(text) && text[j] == '-' {
		n = 1
	}
	if n == 0 {
		return 0
	}
	end := skipSpaces(text, j+n)
	if j == i && end == j+n || end == len(text) || !isDigit(text[end]) || !e.idLetters(text[:i]) {
		return 0
	}
	d := end
	for d < len(text) && isDigit(text[d]) {
		d++
	}
	digits := text[end:d]
	if isPhone(digits) || isPostcode(digits) && inAddress(text[:lettersStart(text[:i])]) {
		return 0
	}
	return end
}

func skipSpaces(text string, i int) int {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i
}

// isPhone reports whether digits are a French phone number, 10 digits from
// a 0 ("0612345678"), which no order number is.
func isPhone(digits string) bool {
	return len(digits) == 10 && digits[0] == '0'
}

// A folder builds a folded message. It copies nothing until the first
// rewrite.
type folder struct {
	text       string
	out        []byte
	start, end []int
}

// begin starts the copy, if not yet started, with the text before i.
func (f *folder) begin(i int) {
	if f.out != nil {
		return
	}
	f.out = make([]byte, 0, len(f.text))
	f.start, f.end = make([]int, 0, len(f.text)), make([]int, 0, len(f.text))
	for j := 0; j < i; j++ {
		f.add(f.text[j], j, j+1)
	}
}

// add appends c, the rewrite of text[from:to], once the copy has started.
func (f *folder) add(c byte, from, to int) {
	if f.out == nil {
		return
	}
	f.out = append(f.out, c)
	f.start, f.end = append(f.start, from), append(f.end, to)
}

// groups adds the groups of digits starting at i, joined by sep: nothing
// (0), or a dash, which also replaces the separator before them.
func (f *folder) groups(i int, groups [][2]int, sep byte) {
	f.begin(i)
	if sep == '-' {
		f.out[len(f.out)-1] = '-'
	}
	for k, g := range groups {
		if k > 0 && sep != 0 {
			f.add(sep, g[0]-1, g[0])
		}
		for j := g[0]; j < g[1]; j++ {
			f.add(f.text[j], j, j+1)
		}
	}
}

// mayFold reports whether foldNumbers might rewrite text: it has a
// Unicode dash, a digit, a space, a digit, an ASCII dash by a space, or a
// zero before a letter when the shop's prefix starts with an O. It spares
// most messages the scan.
func (e *Extractor) mayFold(text string) bool {
	zero := len(e.prefix) >= 2 && e.prefix[0] == 'O'
	if zero && len(text) > 1 && text[0] == '0' && isASCIILetter(text[1]) {
		return true
	}
	for i := 1; i+1 < len(text); i++ {
		switch text[i] {
		case ' ':
			if isDigit(text[i-1]) && isDigit(text[i+1]) {
				return true
			}
		case '-':
			if text[i-1] == ' ' || text[i+1] == ' ' {
				return true
			}
		case '0':
			if zero && isASCIILetter(text[i+1]) {
				return true
			}
		case 0xe2, 0xef:
			if dashLen(text[i:]) > 0 {
				return true
			}
		}
	}
	return false
}

// dashLen returns the length of the Unicode dash s starts with, or 0: the
// hyphens and dashes of U+2010–U+2015 (autocorrect turns "-" into U+2013
// or U+2014), the minus sign, and their small and full-width forms.
func dashLen(s string) int {
	if len(s) < 3 || s[0] != 0xe2 && s[0] != 0xef {
		return 0
	}
	switch s[:3] {
	case "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58", "\ufe63", "\uff0d":
		return 3
	}
	return 0
}

// digitGroups appends to groups the groups of digits from text[i:],
// separated by single spaces, as [start, end) pairs, and returns them with
// the end of the last. The groups must end a word: "100 701" but not
// "100 7O1", which has none.
func digitGroups(groups [][2]int, text string, i int) ([][2]int, int) {
	for {
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if j < len(text) && isASCIILetter(text[j]) {
			return nil, j
		}
		groups = append(groups, [2]int{i, j})
		if j+1 >= len(text) || text[j] != ' ' || !isDigit(text[j+1]) {
			return groups, j
		}
		i = j + 1
	}
}

// byThousands reports whether groups of digits of text are one number of
// 5 to 9 digits grouped by thousands ("100 701", "1 234 567"), the size
// of an order number, and not an amount ("12 500 €") nor a phone number
// ("+33 612 345 678").
func byThousands(text string, groups [][2]int) bool {
	digits := 0
	for k, g := range groups {
		n := g[1] - g[0]
		if k == 0 && n > 3 || k > 0 && n != 3 {
			return false
		}
		digits += n
	}
	if digits < 5 || digits > 9 {
		return false
	}
	start, end := groups[0][0], groups[len(groups)-1][1]
	if start > 0 && strings.IndexByte("+.,", text[start-1]) >= 0 {
		return false
	}
	before := strings.TrimRight(text[:start], " ")
	after := strings.TrimLeft(text[end:], " \u00a0")
	if len(after) > 1 && (after[0] == ',' || after[0] == '.') && isDigit(after[1]) {
		return false
	}
	for _, cur := range []string{"€", "$", "£", "eur", "usd", "gbp", "dollar"} {
		if len(after) >= len(cur) && strings.EqualFold(after[:len(cur)], cur) ||
			len(before) >= len(cur) && strings.EqualFold(before[len(before)-len(cur):], cur) {
			return false
		}
	}
	return true
}

// cardLetters reports whether before ends with the letters of a card
// number and a space or dash, as in "OPL 1001 01" (see idLetters).
func (e *Extractor) cardLetters(before string) bool {
	switch n := len(before); {
	case n > 0 && (before[n-1] == ' ' || before[n-1] == '-'):
		before = before[:n-1]
	case n >= 3 && dashLen(before[n-3:]) > 0:
		before = before[:n-3]
	default:
		return false
	}
	return e.idLetters(before)
}

// idLetters reports whether before ends with the letters of an identifier:
// 2 to 4 letters, not a word ("le 12 34"), a carrier ("UPS 1234 5678"),
// an order word ("ref 100 701") nor a currency ("EUR 12 500").
func (e *Extractor) idLetters(before string) bool {
	i := lettersStart(before)
	letters := before[i:]
	if len(letters) < 2 || len(letters) > 4 || i > 0 && isDigit(before[i-1]) {
		return false
	}
	lower := strings.ToLower(letters)
	if _, common := e.words[lower]; common && strings.ToUpper(letters) != letters {
		return false
	}
	return !isCarrier(lower) && !slices.Contains(orderContextWords, lower) && !isCurrencyWord(lower)
}

// lettersStart returns where the ASCII letters s ends with start.
func lettersStart(s string) int {
	i := len(s)
	for i > 0 && isASCIILetter(s[i-1]) {
		i--
	}
	return i
}

// orderPrefix returns the letters the shop's order numbers start with,
// upper-cased: those the pattern starts with ("\b(OP)-?([0-9]{6})\b"), or
// else those of the example ("OP-123456"), as a pattern of any letters
// ("[a-z]{2,4}") names none. It returns "" when neither says.
func orderPrefix(pattern, example string) string {
	p := ""
	if re, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		p = leadingLetters(literalPrefix(re.Simplify()))
	}
	if p == "" {
		p = leadingLetters(example)
	}
	return strings.ToUpper(p)
}

// leadingLetters returns the ASCII letters s starts with.
func leadingLetters(s string) string {
	i := 0
	for i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	return s[:i]
}

// literalPrefix returns the literal text re starts with, past the word
// boundaries and anchors, and into a group.
func literalPrefix(re *syntax.Regexp) string {
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune)
	case syntax.OpCapture:
		return literalPrefix(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			switch sub.Op {
			case syntax.OpWordBoundary, syntax.OpBeginText, syntax.OpBeginLine, syntax.OpEmptyMatch:
				continue
			}
			return literalPrefix(sub)
		}
	}
	return ""
}

func isCurrencyWord(s string) bool {
	switch s {
	case "eur", "euro", "usd", "gbp", "chf":
		return true
	}
	return false
}

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
