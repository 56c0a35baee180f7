package bot

import (
	"context"

	"supportbot/storage"
)

// YesNo reads text as the answer to a yes-or-no question before an
// action, as a turn at a confirmation does: 1 yes, -1 no, 0 neither (the
// question is asked again). Without model, the answer model is left out
// and only the keyword lists and the intent classifier decide.
func (e *Engine) YesNo(ctx context.Context, text, lang string, model bool) int {
	t := &turn{ctx: ctx, conv: storage.Conversation{Lang: lang}}
	t.u = e.Understand(ctx, text, lang)
	t.input = input{text: text, norm: t.u.Norm, entities: t.u.Entities}
	if !model {
		// A reading that neither doubts a yes nor is sure of one.
		t.answer = &answerReading{text: text, yes: answerDoubt}
	}
	return e.yesNo(t)
}

// AnswerReading is the answer model's reading of text: the
// probabilities of a yes now and of a no.
func (e *Engine) AnswerReading(ctx context.Context, text, lang string) (yes, no float64) {
	t := &turn{ctx: ctx, conv: storage.Conversation{Lang: lang}, input: input{text: text}}
	if a := e.readAnswer(t); a != nil {
		return a.yes, a.no
	}
	return 0, 0
}

// RecentAnswer returns the last answer a conversation's saved state keeps
// (see dialogue.Recent), when it is current, and what the transcript msgs
// holds in its place.
func RecentAnswer(conv storage.Conversation, msgs []storage.Message) (kept []string, keptAsked string, current bool, read []string, readAsked string) {
	d, err := decodeDialogue(conv.State)
	if err != nil {
		panic(err)
	}
	if r := d.Recent; r.current(conv.UpdatedAt) {
		current, keptAsked = true, r.Asked
		if r.Answer != "" {
			kept = []string{r.Answer}
		}
	}
	read, readAsked = answersIn(msgs, 1)
	return kept, keptAsked, current, read, readAsked
}
