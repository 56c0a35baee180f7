package intents

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// EntityConfig sets the shapes of the shop's identifiers. Empty patterns
// take the defaults below; patterns are Go regular expressions matched
// case-insensitively against the original message.
type EntityConfig struct {
	// OrderPattern matches an order number. With two groups, the first is
	// the letters and the second the digits; the value is then
	// "LETTERS-DIGITS", the display form of SPEC §6.
	OrderPattern string
	// LoyaltyPattern matches a loyalty card number. Digits right after
	// "carte", "card" or "fidélité" are a card number whatever the pattern.
	LoyaltyPattern string
	// OrderExample is an order number as the shop prints them
	// ("OP-123456"), optional. Its letters are the shop's prefix when the
	// pattern does not name one: they tell a zero typed for an O
	// ("0P-100701").
	OrderExample string
}

// Default entity patterns.
const (
	// DefaultOrderPattern is 2–4 letters, an optional dash or space, and 4–10
	// digits: CL-482913, cl482913, CL 482913.
	DefaultOrderPattern = `\b([a-z]{2,4})[- ]?([0-9]{4,10})\b`
	// DefaultLoyaltyPattern is 13 digits (an EAN-13 card) or letters-digits-
	// digits with dashes (OPL-0042-17).
	DefaultLoyaltyPattern = `\b(?:[0-9]{13}|[a-z]{2,4}-[0-9]{3,6}-[0-9]{2,4})\b`
)

// Built-in patterns: not configurable, as they follow outside standards.
var (
	// Carrier tracking numbers: UPS (1Z + 16), UPU S10 used by La Poste and
	// Chronopost (2 letters, 9 digits, 2 letters), Colissimo (digit, letter,
	// 11 digits), and long all-digit numbers (DHL, Mondial Relay, GLS...).
	trackingRes = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b1Z[0-9A-Z]{16}\b`),
		regexp.MustCompile(`(?i)\b[A-Z]{2}[0-9]{9}[A-Z]{2}\b`),
		regexp.MustCompile(`(?i)\b[0-9][A-Z][0-9]{11}\b`),
	}
	// trackingMinRun is the longest run of digits each of trackingRes
	// needs somewhere in the text (1Z numbers may have none).
	trackingMinRun = []int{0, 9, 11}
	// digitsOrderRe is an order number written without its letters
	// ("commande 100401", "#100401"): 5 to 9 digits, taken as one only in
	// an order's context (digitsOrderContext). The engine resolves it
	// against the store.
	digitsOrderRe    = regexp.MustCompile(`\b[1-9][0-9]{4,8}\b`)
	trackingDigitsRe = regexp.MustCompile(`\b(?:[1-9][0-9]{9}|[0-9]{11,12}|[0-9]{14,22})\b`)
	cardContextRe    = regexp.MustCompile(`(?i)(?:carte|card|fid[ée]lit[ée]|loyalty)(?:\s+(?:de|of|number|num[ée]ro|n°|no|fid[ée]lit[ée]|loyalty|is|est|:))*\s*:?\s*([0-9][0-9 ]{4,20}[0-9])\b`)
	moneyRe          = regexp.MustCompile(`(?i)(?:(€|\$|£|\beur\b|\beuros?\b|\busd\b|\bgbp\b)\s?(` + amount + `)|(` + amount + `)\s?(€|\$|£|eur\b|euros?\b|usd\b|gbp\b|dollars?\b))`)
)

// amountSeparators turns an amount as written into one ParseFloat reads.
var amountSeparators = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".")

const amount = `[0-9]{1,3}(?:[ \x{a0}\x{202f}][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?`

// Extractor finds entities in messages. It is immutable and safe for
// concurrent use.
type Extractor struct {
	order   *regexp.Regexp
	loyalty *regexp.Regexp
	dates   *dateFinder
	words   map[string]float64 // common words, to tell "le 2024" from an order number
	prefix  string             // the letters of the shop's order numbers, upper-cased; "" when not known
	digits  int                // how many digits the shop's order numbers have; 0 when not known
}

// NewExtractor compiles the patterns of cfg.
func NewExtractor(cfg EntityConfig) (*Extractor, error) {
	op, lp := cfg.OrderPattern, cfg.LoyaltyPattern
	if op == "" {
		op = DefaultOrderPattern
	}
	if lp == "" {
		lp = DefaultLoyaltyPattern
	}
	order, err := regexp.Compile("(?i)" + op)
	if err != nil {
		return nil, fmt.Errorf("order number pattern: %w", err)
	}
	loyalty, err := regexp.Compile("(?i)" + lp)
	if err != nil {
		return nil, fmt.Errorf("loyalty card pattern: %w", err)
	}
	return &Extractor{
		order: order, loyalty: loyalty, dates: newDateFinder(), words: defaultDetector().words,
		prefix: orderPrefix("(?i)"+op, cfg.OrderExample),
		digits: longestDigitRun(cfg.OrderExample),
	}, nil
}

// Extract returns the entities of text with the given patterns, relative
// dates resolved against now, in order of appearance.
func Extract(text string, cfg EntityConfig, now time.Time) ([]Entity, error) {
	e, err := NewExtractor(cfg)
	if err != nil {
		return nil, err
	}
	return e.Extract(text, now), nil
}

// span is an entity with byte offsets, before conversion to runes.
type span struct {
	typ, value string
	start, end int
}

// Extract returns the entities of text, in order of appearance, with
// relative dates resolved against now (in now's location). Where two
// readings overlap, the more specific wins: e-mail, then tracking number,
// loyalty card, order number, money, date.
func (e *Extractor) Extract(text string, now time.Time) []Entity {
	if len(text) > maxEntityText {
		text = text[:maxEntityText]
	}
	return toEntities(text, e.find(text, now))
}

// find returns the entity spans of text (at most maxEntityText bytes), in
// order of appearance.
func (e *Extractor) find(text string, now time.Time) []span {
	var spans spanSet
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range findEmails(text) {
			spans.add(span{EntityEmail, strings.ToLower(text[m[0]:m[1]]), m[0], m[1]})
		}
		for _, m := range findSpacedEmails(text) {
			spans.add(span{EntityEmail, strings.ToLower(strings.ReplaceAll(text[m[0]:m[1]], " ", "")), m[0], m[1]})
		}
	}
	if strings.ContainsAny(text, "0123456789") {
		if f, ok := e.foldNumbers(text); ok {
			var folded spanSet
			e.numbers(f.text, &folded)
			for _, s := range folded {
				spans.add(f.original(s))
			}
		} else {
			e.numbers(text, &spans)
		}
	}
	for _, s := range e.dates.find(text, now) {
		spans.add(s)
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	return spans
}

// spanSet collects entity spans; the first reading of a stretch of text
// wins.
type spanSet []span

func (ss *spanSet) add(s span) {
	for _, o := range *ss {
		if s.start < o.end && o.start < s.end {
			return
		}
	}
	*ss = append(*ss, s)
}

// numbers finds the entities made of digits, most specific first:
// tracking numbers of known shapes, loyalty cards, order numbers, other
// long numbers, money.
func (e *Extractor) numbers(text string, spans *spanSet) {
	lower := strings.ToLower(text)
	// The built-in patterns need a run of digits of some length: most
	// messages are spared most of them (regular expressions are most of
	// the extractor's time).
	run := longestDigitRun(text)
	for i, re := range trackingRes {
		if run < trackingMinRun[i] || i == 0 && !strings.Contains(lower, "1z") {
			continue
		}
		for _, m := range re.FindAllStringIndex(text, -1) {
			spans.add(span{EntityTrackingNumber, strings.ToUpper(text[m[0]:m[1]]), m[0], m[1]})
		}
	}
	if containsAny(lower, "card", "carte", "fid", "loyal") {
		for _, m := range cardContextRe.FindAllStringSubmatchIndex(text, -1) {
			spans.add(span{EntityLoyaltyCard, strings.ReplaceAll(text[m[2]:m[3]], " ", ""), m[2], m[3]})
		}
	}
	for _, m := range e.loyalty.FindAllStringIndex(text, -1) {
		spans.add(span{EntityLoyaltyCard, strings.ToUpper(text[m[0]:m[1]]), m[0], m[1]})
	}
	for _, m := range e.order.FindAllStringSubmatchIndex(text, -1) {
		if v, ok := e.orderValue(text, m); ok {
			spans.add(span{EntityOrderNumber, v, m[0], m[1]})
		}
	}
	if run >= 10 {
		for _, m := range trackingDigitsRe.FindAllStringIndex(text, -1) {
			spans.add(span{EntityTrackingNumber, text[m[0]:m[1]], m[0], m[1]})
		}
	}
	if run >= 5 {
		ms := digitsOrderRe.FindAllStringIndex(text, -1)
		for i, m := range ms {
			if e.digits > 0 && m[1]-m[0] != e.digits && isPostcode(text[m[0]:m[1]]) {
				// "38000", given alone after a street: a postcode, when
				// the shop's order numbers have another length (it was
				// looked for as an order; round 80a).
				continue
			}
			if digitsOrderContext(lower, m[0], m[1]) || e.digits == m[1]-m[0] && (orderArticle(lower, m[0]) || e.digitsCorrected(lower, ms, i)) {
				spans.add(span{EntityOrderNumber, text[m[0]:m[1]], m[0], m[1]})
			}
		}
	}
	if containsAny(lower, "€", "$", "£", "eur", "usd", "gbp", "dollar") {
		for _, m := range moneyRe.FindAllStringSubmatchIndex(text, -1) {
			spans.add(moneySpan(text, m))
		}
	}
}

// longestDigitRun returns the length of the longest run of ASCII digits in
// text.
func longestDigitRun(text string) int {
	longest, run := 0, 0
	for i := 0; i < len(text); i++ {
		if text[i] >= '0' && text[i] <= '9' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// findEmails returns the byte spans of e-mail addresses: a local part of
// letters, digits and ._%+-, an @, and a domain of dot-separated labels
// ending in a top-level domain of two letters or more. Scanning out from
// each @ is linear, where a regular expression without an anchor is not.
func findEmails(text string) [][2]int {
	var out [][2]int
	from := 0
	for {
		at := strings.IndexByte(text[from:], '@')
		if at < 0 {
			return out
		}
		at += from
		start := at
		for start > 0 && isLocalChar(text[start-1]) {
			start--
		}
		end, lastDot := at+1, -1
		for end < len(text) && (isDomainChar(text[end]) || text[end] == '.' && end+1 < len(text) && isDomainChar(text[end+1])) {
			if text[end] == '.' {
				lastDot = end
			}
			end++
		}
		from = at + 1
		if start == at || lastDot < 0 || end-lastDot-1 < 2 || !allLetters(text[lastDot+1:end]) {
			continue
		}
		for start < at && text[start] == '.' {
			start++
		}
		if start < at {
			out = append(out, [2]int{start, end})
			from = end
		}
	}
}

// findSpacedEmails returns the byte spans of e-mail addresses typed with
// spaces around their @ and dots, as some people dictate them ("ambre .
// leroy @ example.fr"): a space is allowed only beside an @ or a dot, and
// what the span holds without its spaces must be an address whole.
func findSpacedEmails(text string) [][2]int {
	var out [][2]int
	for at := 0; at < len(text); at++ {
		if text[at] != '@' || !(at > 0 && text[at-1] == ' ' || at+1 < len(text) && text[at+1] == ' ') {
			continue
		}
		start := at
		for start > 0 {
			c := text[start-1]
			switch {
			case isLocalChar(c):
				start--
				continue
			case c == ' ' && (text[start] == '@' || text[start] == '.' || start >= 2 && text[start-2] == '.'):
				start--
				continue
			}
			break
		}
		end := at + 1
		for end < len(text) {
			c := text[end]
			switch {
			case isDomainChar(c) || c == '.':
				end++
				continue
			case c == ' ' && (text[end-1] == '@' || text[end-1] == '.' || end+1 < len(text) && text[end+1] == '.'):
				end++
				continue
			}
			break
		}
		span := strings.TrimSpace(text[start:end])
		start += strings.Index(text[start:end], span)
		end = start + len(span)
		span = strings.TrimRight(span, ".")
		end = start + len(span)
		compact := strings.ReplaceAll(span, " ", "")
		if m := findEmails(compact); len(m) == 1 && m[0] == [2]int{0, len(compact)} {
			out = append(out, [2]int{start, end})
		}
		at = end
	}
	return out
}

func isLocalChar(c byte) bool {
	return isDomainChar(c) || c == '.' || c == '_' || c == '%' || c == '+'
}

func isDomainChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return s != ""
}

// maxEntityText bounds the work on a pathological message.
const maxEntityText = 8192

// orderValue returns the display form of an order-number match, or false
// when the match is a common word or a carrier name, a space, then a number
// ("le 2024", "DHL 1234567890"), or the last word of a street address, a
// space, then its postcode ("3 rue Emile Zola 75015"). With two groups in
// the pattern they are the letters and the digits; otherwise the match is
// split at its first non-letter.
func (e *Extractor) orderValue(text string, m []int) (string, bool) {
	if r, _ := utf8.DecodeLastRuneInString(text[:m[0]]); unicode.IsLetter(r) {
		// The end of a word with an accent: "numéro 100801" read "ro
		// 100801" as an order RO-100801 (\b is ASCII-only), and the
		// identity check failed.
		return "", false
	}
	whole := text[m[0]:m[1]]
	letters, rest := whole, ""
	if len(m) >= 6 && m[2] >= 0 && m[4] >= 0 {
		letters, rest = text[m[2]:m[3]], text[m[3]:m[4]]
	} else if i := strings.IndexFunc(whole, func(r rune) bool { return r > unicode.MaxASCII || !isASCIILetter(byte(r)) }); i > 0 {
		letters, rest = whole[:i], whole[i:]
	}
	if strings.HasPrefix(rest, " ") {
		lower := strings.ToLower(letters)
		if isCarrier(lower) {
			return "", false
		}
		if _, common := e.words[lower]; (common || addressWords[lower]) && strings.ToUpper(letters) != letters {
			return "", false
		}
		if slices.Contains(orderContextWords, lower) && !strings.EqualFold(letters, e.prefix) {
			// « cde 102503 », "ref 100401", "cmd 100601": the word that
			// says an order number follows, not its letters (it was
			// looked for as order CDE-102503, and each try counted as a
			// failed identity check; round 89b). The digits alone are
			// the number, found in that word's context below.
			return "", false
		}
		digits := strings.TrimPrefix(rest, " ")
		if len(m) >= 6 && m[2] >= 0 && m[4] >= 0 {
			digits = text[m[4]:m[5]]
		}
		if isPostcode(digits) && inAddress(text[:m[0]]) {
			return "", false
		}
	}
	if len(m) >= 6 && m[2] >= 0 && m[4] >= 0 {
		return strings.ToUpper(letters) + "-" + text[m[4]:m[5]], true
	}
	return displayNumber(whole), true
}

// addressWords are the words of an address's details that a number
// follows ("door code 1234", "flat 4021", "apt 1203"): not an order
// number's letters (a door code was "order CODE-1234, not on your
// account").
var addressWords = map[string]bool{
	"code": true, "flat": true, "apt": true, "appt": true, "room": true, "unit": true,
	"suite": true, "box": true, "bat": true, "tel": true, "lot": true,
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func isCarrier(s string) bool {
	switch s {
	case "dhl", "ups", "gls", "dpd", "tnt", "usps", "fedex":
		return true
	}
	return false
}

// displayNumber upper-cases an identifier and, when it is letters then
// digits, writes it "LETTERS-DIGITS".
func displayNumber(s string) string {
	var key []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			key = append(key, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			key = append(key, c)
		}
	}
	i := 0
	for i < len(key) && key[i] >= 'A' && key[i] <= 'Z' {
		i++
	}
	if i == 0 || i == len(key) || strings.IndexFunc(string(key[i:]), func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return strings.ToUpper(strings.TrimSpace(s))
	}
	return string(key[:i]) + "-" + string(key[i:])
}

func moneySpan(text string, m []int) span {
	var cur, num string
	if m[2] >= 0 {
		cur, num = text[m[2]:m[3]], text[m[4]:m[5]]
	} else {
		num, cur = text[m[6]:m[7]], text[m[8]:m[9]]
	}
	num = amountSeparators.Replace(num)
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		v = 0
	}
	return span{EntityMoney, fmt.Sprintf("%.2f %s", v, currencyCode(cur)), m[0], m[1]}
}

func currencyCode(c string) string {
	switch strings.ToLower(c) {
	case "$", "usd", "dollar", "dollars":
		return "USD"
	case "£", "gbp":
		return "GBP"
	}
	return "EUR"
}

// toEntities converts byte offsets to rune offsets.
func toEntities(text string, spans []span) []Entity {
	if len(spans) == 0 {
		return nil
	}
	out := make([]Entity, len(spans))
	runes, at := 0, 0
	for i, s := range spans {
		runes += utf8.RuneCountInString(text[at:s.start])
		start := runes
		runes += utf8.RuneCountInString(text[s.start:s.end])
		at = s.end
		out[i] = Entity{Type: s.typ, Value: s.value, Start: start, End: runes}
	}
	return out
}

// orderContextWords come right before an order number written as digits
// alone: "commande 100401", "order no. 100401", "n° 100401", "#100401",
// and the actions done to an order ("cancel 102603 instead", "annulez la
// 102603"): nothing else of five digits or more is cancelled, tracked or
// returned.
var orderContextWords = []string{
	"commande", "commandé", "cde", "cmd", "cmde", "order", "command", "purchase", "achat",
	"n°", "no", "no.", "num", "numéro", "numero", "number", "nr", "#", "ref", "réf", "référence",
	"cancel", "annuler", "annulez", "annule", "track", "suivre", "return", "retourner",
	"facture", "factures", "invoice", "colis", "parcel", "package",
}

// orderContextFillers may come between one of orderContextWords and the
// digits: "order number is 100401", « la commande c'est le 100401 ».
var orderContextFillers = []string{"de", "of", "is", "est", "ma", "my", "la", "the", "le", "c'est", "it's", "its", "was", "était"}

// digitsOrderContext reports whether the digits at lower[start:end] are an
// order number: the message is nothing else, or one of orderContextWords
// (optionally followed by "de commande", "is", ":") comes right before.
func digitsOrderContext(lower string, start, end int) bool {
	if strings.Trim(lower[:start]+lower[end:], " #.!?:;,-\t\n") == "" {
		return true
	}
	before := strings.TrimRight(lower[:start], " :#")
	if strings.HasSuffix(lower[:start], "#") {
		return true
	}
	fields := strings.Fields(before)
	for k := 0; k < 3 && k < len(fields); k++ {
		w := strings.Trim(fields[len(fields)-1-k], ",;(")
		if slices.Contains(orderContextWords, w) {
			return true
		}
		if !slices.Contains(orderContextFillers, w) {
			return false
		}
	}
	return false
}

// orderArticle reports whether the digits at lower[start:] come right
// after "la", which stands for "la commande" before a number of the
// length of the shop's ("non c'est la 102501 pardon"; it was no order
// number, and the correction got "I'm here if you need anything").
func orderArticle(lower string, start int) bool {
	fields := strings.Fields(lower[:start])
	return len(fields) > 0 && fields[len(fields)-1] == "la"
}

// correctionJoiners join a number put right to the one it replaces: "c'est
// 102403 pas 102401", "102403 not 102401", "102403 instead of 102401".
var correctionJoiners = []string{"pas", "not", "et pas", "and not", "au lieu de", "au lieu du", "instead of", "plutôt que", "plutot que", "rather than", "mais", "but"}

// digitsCorrected reports whether the run ms[i] of the length of the
// shop's order numbers is joined to another of that length by words that
// put one right ("pardon c'est 102403 pas 102401"): both are order
// numbers.
func (e *Extractor) digitsCorrected(lower string, ms [][]int, i int) bool {
	joined := func(a, b []int) bool {
		if b[1]-b[0] != e.digits {
			return false
		}
		between := strings.Trim(lower[a[1]:b[0]], " ,;.-")
		return slices.Contains(correctionJoiners, between) || slices.Contains(correctionJoiners, strings.TrimSuffix(between, " la")) ||
			slices.Contains(correctionJoiners, strings.TrimSuffix(between, " le"))
	}
	return i > 0 && joined(ms[i-1], ms[i]) || i+1 < len(ms) && joined(ms[i], ms[i+1])
}

// isPostcode reports whether digits have the length of a postcode: 5 in
// France, Germany, Italy, Spain and the United States, 4 in Belgium,
// Switzerland and the Netherlands.
func isPostcode(digits string) bool {
	return (len(digits) == 4 || len(digits) == 5) && strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// streetWords name the way in a street address, in French and English.
// Those that are also common words ("place", "close", "way") count only
// after a house number ("3 place Bellecour", "10 Main St").
var (
	streetWords = []string{
		"rue", "avenue", "av", "ave", "bd", "boulevard", "blvd", "chemin", "allée", "allee",
		"impasse", "quai", "rte", "faubourg", "fbg", "esplanade", "street", "road", "rd", "parkway", "pkwy",
	}
	streetWordsAfterNumber = []string{
		"place", "pl", "route", "cours", "square", "passage", "st", "lane", "ln", "drive", "dr",
		"way", "close", "court", "ct", "terrace", "crescent", "grove", "gardens",
	}
)

// inAddress reports whether the words right before the end of before are a
// street address ("3 rue Emile Zola"): a street word among the last five,
// with no order word ("commande", "order", "#"...) after it.
func inAddress(before string) bool {
	fields := strings.Fields(strings.ToLower(before))
	for k := len(fields) - 1; k >= 0 && k >= len(fields)-5; k-- {
		w := strings.Trim(fields[k], ".,;:()")
		if slices.Contains(orderContextWords, w) {
			return false
		}
		if slices.Contains(streetWords, w) || slices.Contains(streetWordsAfterNumber, w) && afterNumber(fields, k) {
			return true
		}
	}
	return false
}

// afterNumber reports whether one of the two words before fields[k] is a
// number: "3 place", "10 Main St".
func afterNumber(fields []string, k int) bool {
	for j := k - 1; j >= 0 && j >= k-2; j-- {
		if isDigit(fields[j][0]) {
			return true
		}
	}
	return false
}
