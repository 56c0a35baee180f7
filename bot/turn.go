package bot

import (
	"context"
	"time"

	"supportbot/intents"
	"supportbot/storage"
)

// turn is one message being handled.
type turn struct {
	ctx  context.Context
	in   Incoming
	conv storage.Conversation
	d    dialogue
	u    Understanding
	now  time.Time
	// input is what the current task may use of this message; it is
	// cleared when a paused task resumes, so that the message that ended
	// one task does not feed the next.
	input   input
	replies []Reply
	// private is set when a public message must go on in private.
	private bool
}

// input is what the customer gave in this message.
type input struct {
	text     string
	norm     string // intents.Normalize(text)
	payload  string
	entities []intents.Entity
	photos   []storage.Attachment
	// free is set when the task waits for free text (a reason, a
	// description) and this message is taken as that answer.
	free bool
}

func (t *turn) lang() string { return t.conv.Lang }

// say adds a reply rendered from the locale files.
func (e *Engine) say(t *turn, id string, data map[string]any, buttons ...Button) {
	t.replies = append(t.replies, Reply{Text: e.texts.T(t.lang(), id, data), Buttons: buttons})
}

// sayN adds a reply with the plural form for count.
func (e *Engine) sayN(t *turn, id string, count int, data map[string]any, buttons ...Button) {
	t.replies = append(t.replies, Reply{Text: e.texts.N(t.lang(), id, count, data), Buttons: buttons})
}

// text renders a message without adding it.
func (e *Engine) text(t *turn, id string, data map[string]any) string {
	return e.texts.T(t.lang(), id, data)
}

// button makes a button whose label comes from the locale files.
func (e *Engine) button(t *turn, id, payload string) Button {
	return Button{Label: e.texts.T(t.lang(), id, nil), Payload: payload}
}

// fail tells the customer something went wrong on our side, without the
// detail, which goes to the log.
func (e *Engine) fail(t *turn, op string, err error) {
	e.log.ErrorContext(t.ctx, op, "conversation", t.conv.ID, "err", err)
	e.say(t, "error_internal", nil, e.button(t, "button_human", payloadHuman))
}

// yesNo reads a yes (1) or a no (-1) in the message; 0 if neither.
func (e *Engine) yesNo(t *turn) int {
	switch {
	case t.input.payload == payloadYes:
		return 1
	case t.input.payload == payloadNo:
		return -1
	case e.texts.HasKeyword(t.lang(), keywordNo, t.input.norm):
		// No first: "no, I found it" says no, "not yet" is not a yes.
		return -1
	case e.texts.HasKeyword(t.lang(), keywordYes, t.input.norm):
		return 1
	case t.u.Intent == intents.Affirm && t.u.Confidence >= e.thresh:
		return 1
	case t.u.Intent == intents.Deny && t.u.Confidence >= e.thresh:
		return -1
	}
	return 0
}

func (e *Engine) hasEntity(t *turn, types ...string) bool {
	for _, en := range t.input.entities {
		for _, typ := range types {
			if en.Type == typ {
				return true
			}
		}
	}
	return false
}

// entity returns the first entity of a type in the message.
func (e *Engine) entity(t *turn, typ string) (string, bool) {
	for _, en := range t.input.entities {
		if en.Type == typ {
			return en.Value, true
		}
	}
	return "", false
}
