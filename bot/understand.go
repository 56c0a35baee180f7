package bot

import (
	"context"
	"slices"
	"strings"

	"supportbot/intents"
)

// Understanding is what the engine makes of a message before acting on it:
// the classifier's intent, refined by the FAQ retrieval.
type Understanding struct {
	Intent     string
	Confidence float64
	Lang       string
	FAQID      string // set when Intent is intents.FAQ
	Entities   []intents.Entity
	Ranking    []intents.Ranked
}

// Button payloads. They are the engine's own: a channel passes them back
// untouched when a button is pressed.
const (
	payloadYes   = "/yes"
	payloadNo    = "/no"
	payloadHuman = "/human"
	payloadStop  = "/stop"
	prefixIntent = "/intent:"
	prefixOrder  = "/order:"
	prefixItem   = "/item:"
	prefixReason = "/reason:"
)

// Understand makes sense of a message: the classifier's intent, with the
// FAQ entry that answers it when it is a general question. fallbackLang is
// the conversation's language, kept when the message alone can't tell (an
// order number, an e-mail address).
func (e *Engine) Understand(ctx context.Context, text, fallbackLang string) Understanding {
	if fallbackLang == "" {
		fallbackLang = e.shop.DefaultLang
	}
	r := e.parser.Parse(text, fallbackLang)
	u := Understanding{
		Intent: r.Intent, Confidence: r.Confidence, Lang: r.Lang,
		Entities: r.Entities, Ranking: r.Ranking,
	}
	if !e.texts.Speaks(u.Lang) {
		u.Lang = fallbackLang
	}
	if e.faq == nil {
		if u.Intent == intents.FAQ {
			u.Intent = intents.OOS
		}
		return u
	}
	switch {
	case u.Intent == intents.FAQ:
		if id, _, ok := e.faq.Search(u.Lang, text); ok {
			u.FAQID = id
		} else {
			// A general question nothing in the FAQ answers: say so
			// rather than answer beside the point.
			u.Intent = intents.OOS
		}
	case u.Intent == intents.OOS || u.Confidence < e.thresh:
		// The classifier hesitates; a close FAQ entry is a better answer
		// than a fallback.
		if id, score, ok := e.faq.Search(u.Lang, text); ok && score >= strongFAQScore {
			u.Intent, u.FAQID = intents.FAQ, id
			u.Confidence = max(u.Confidence, 0.5)
		}
	}
	return u
}

// strongFAQScore is the retrieval score above which an FAQ entry answers a
// message the classifier rejected.
const strongFAQScore = 0.75

// understandPayload turns a button press into what it means.
func (e *Engine) understandPayload(p, lang string) Understanding {
	u := Understanding{Confidence: 1, Lang: lang}
	switch {
	case p == payloadYes:
		u.Intent = intents.Affirm
	case p == payloadNo:
		u.Intent = intents.Deny
	case p == payloadHuman:
		u.Intent = intents.HumanAgent
	case strings.HasPrefix(p, prefixIntent):
		u.Intent = strings.TrimPrefix(p, prefixIntent)
		if !slices.Contains(intents.Catalogue, u.Intent) {
			u.Intent, u.Confidence = intents.OOS, 0
		}
	}
	// Other payloads (an order, an item, a reason) answer the task in
	// progress; its intent is filled in then.
	return u
}
