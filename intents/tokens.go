package intents

import (
	"slices"
	"strings"
	"unicode/utf8"

	"supportbot/intents/spell"
)

// Placeholder tokens stand for entities in what the classifier reads: an
// order number makes an account question likely whatever its digits, so
// the model learns the token, not the number. E-mail addresses leave no
// token at all: an address alone says nothing about what the customer
// wants, and its parts ("jean", "dupont", "gmail") are noise.
const (
	tokenOrder    = "_order_"
	tokenCard     = "_card_"
	tokenTracking = "_tracking_"
	tokenCode     = "_code_" // a word run into a number: a promo or voucher code
)

// appendMessageTokens appends the tokens the classifier reads for text:
// Normalize's tokens with entities replaced by placeholders (spans are the
// entities found in text, byte offsets, in order), then one token per
// emoji class, since "🙏" alone says thanks.
func appendMessageTokens(dst []string, text string, spans []span) []string {
	start, at := len(dst), 0
	for _, s := range spans {
		var placeholder string
		switch s.typ {
		case EntityOrderNumber:
			placeholder = tokenOrder
		case EntityLoyaltyCard:
			placeholder = tokenCard
		case EntityTrackingNumber:
			placeholder = tokenTracking
		case EntityEmail:
		default:
			continue // money and dates read as words
		}
		if s.start < at {
			continue
		}
		dst = appendTokens(dst, text[at:s.start])
		if placeholder != "" {
			dst = append(dst, placeholder)
		}
		at = s.end
	}
	dst = appendTokens(dst, text[at:])
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		if c := emojiClass(r); c != "" {
			dst = append(dst, c)
		}
	}
	// A word said twice in a row says it once: "bonjour bonjour, où est
	// mon colis" is not more of a greeting than "bonjour, où est mon colis".
	dst = append(dst[:start], slices.Compact(dst[start:])...)
	for i := start; i < len(dst); i++ {
		if isCode(dst[i]) {
			// "MERCI15", "SORRY10": a promo code's letters are no
			// thanks nor apology.
			dst[i] = tokenCode
		}
	}
	if namesOrganisation(dst[start:]) && !mentionsPickup(dst[start:]) {
		dst = append(dst, tokenOrg)
	}
	return dst
}

// messageTokens is appendMessageTokens without entities, for callers that
// have none at hand.
func messageTokens(dst []string, text string) []string {
	return appendMessageTokens(dst, text, nil)
}

// isPlaceholder reports whether t is an entity placeholder or an emoji
// class: tokens that have no spelling to stem or correct.
func isPlaceholder(t string) bool { return strings.HasPrefix(t, "_") }

// newCorrector indexes the words of the training messages, for Parse to
// map a misspelt word onto one the model knows ("comande", "recieved").
// Numbers and placeholders are left out.
func newCorrector(docs [][]string) *spell.Corrector {
	df := make(map[string]int)
	var words []string
	seen := make(map[string]bool)
	for _, d := range docs {
		clear(seen)
		for _, t := range d {
			if isPlaceholder(t) || isNumber(t) || seen[t] {
				continue
			}
			seen[t] = true
			if df[t] == 0 {
				words = append(words, t)
			}
			df[t]++
		}
	}
	freq := make([]int, len(words))
	for i, w := range words {
		freq[i] = df[w]
	}
	return spell.New(words, freq)
}

// correctTokens replaces, in place, each token the training messages never
// used by the closest one they did, when one is close enough.
func correctTokens(c *spell.Corrector, tokens []string) {
	for i, t := range tokens {
		if isPlaceholder(t) || isNumber(t) || organisationWords()[t] {
			continue
		}
		if id, _, ok := c.Correct(t); ok {
			tokens[i] = c.Word(id)
		}
	}
}

// isCode reports whether a token is letters run into digits, as promo and
// voucher codes are written ("merci15", "bienvenue10"): three letters or
// more, then one to four digits.
func isCode(tok string) bool {
	i := 0
	for i < len(tok) && tok[i] >= 'a' && tok[i] <= 'z' {
		i++
	}
	digits := len(tok) - i
	if i < 3 || digits < 1 || digits > 4 {
		return false
	}
	for ; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}
