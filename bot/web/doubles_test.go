package web

import (
	"context"

	"supportbot/bot"
	"supportbot/intents"
	"supportbot/storage"
)

// stubEngine answers every turn with the same canned replies: the base of
// the doubles that make the engine fail or answer in a given way.
type stubEngine struct{}

func newStubEngine() *stubEngine { return &stubEngine{} }

func (e *stubEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	return bot.Response{
		ConversationID: in.ConversationID,
		Replies: []bot.Reply{
			{Text: "Pouvez-vous me donner votre adresse e-mail ?", Buttons: []bot.Button{{Label: "Parler à un conseiller", Payload: "/human"}}},
			{Text: "Merci."},
		},
		Intent: intents.TrackOrder, Confidence: 0.93, Lang: "fr",
	}, nil
}

func (e *stubEngine) Understand(ctx context.Context, text, fallbackLang string) bot.Understanding {
	return bot.Understanding{Intent: intents.TrackOrder, Confidence: 0.9, Lang: "fr"}
}

func (e *stubEngine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	return nil, nil
}
