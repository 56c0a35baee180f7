package bot

import "supportbot/storage"

// Channel names, also the prefix of conversation IDs ("telegram:123").
const (
	ChannelWeb      = "web"
	ChannelTelegram = "telegram"
	ChannelDiscord  = "discord"
	ChannelTerminal = "terminal"
	ChannelTest     = "test"
)

// Incoming is one message from a customer, as a channel adapter hands it to
// the engine.
type Incoming struct {
	// ConversationID names the conversation, prefixed by its channel
	// ("web:…", "telegram:<chat id>"). Adapters build it; the web API prefixes
	// what the browser sends so that a web client can never reach another
	// channel's conversation.
	ConversationID string
	Channel        string
	// UserID is the platform user (Telegram or Discord user ID). A verified
	// user stays linked to their customer record until they log out. Empty on
	// the web chat, where only the conversation is verified.
	UserID string
	// Text is what the customer wrote. Payload is set instead when they
	// pressed a button.
	Text    string
	Payload string
	// LangHint is the language the platform reports for the user (Telegram's
	// language_code), used until the customer's own words tell otherwise.
	LangHint string
	// Attachments are files sent with the message, such as a photo of a
	// wrong item received.
	Attachments []storage.Attachment
	// Delivery names the platform's delivery of this message (a Telegram
	// update_id, a Discord message ID), when it has one: the engine
	// records it in the turn's transaction, so that a redelivery after the
	// turn committed is answered from the record (Response.Duplicate) and
	// one whose turn did not commit is handled as new.
	Delivery Delivery
	// Public marks a conversation others can read, such as a mention in a
	// Discord support channel. The bot answers general questions there but
	// never anything about an account: it asks the customer to go on in
	// private (Response.Private) instead.
	Public bool
}

// Delivery is a platform's key for one delivery of a message.
type Delivery struct {
	Source string // "telegram", "slack", "discord"
	Key    string
}

// Button is a choice offered with a reply. Payload comes back in
// Incoming.Payload when pressed.
type Button struct {
	Label   string `json:"label"`
	Payload string `json:"payload"`
}

// Reply is one message to the customer.
type Reply struct {
	Text    string   `json:"text"`
	Buttons []Button `json:"buttons,omitempty"`
	// Agent is the first name of the person who wrote this reply; empty when
	// the bot wrote it. Channels show it so the customer knows a person is
	// talking.
	Agent string `json:"agent,omitempty"`
}

// Response is the engine's answer to one Incoming message.
type Response struct {
	ConversationID string
	Replies        []Reply
	Intent         string
	Confidence     float64
	Lang           string
	// Handoff is true while the conversation is with the support team: the
	// bot does not answer then, the agent does.
	Handoff bool
	// Private is set when a public message asked about an account: the
	// adapter should open a private conversation with the customer and hand
	// the same message to the engine there.
	Private bool
	// Verification is the outcome of an identity check made by this
	// message (VerificationOK, VerificationFailed, VerificationLocked,
	// VerificationBusy), "" if none: adapters limit failures per client.
	Verification string
	// Duplicate is set when the message's delivery was already handled by
	// a committed turn: the response is that turn's, nothing was done
	// again.
	Duplicate bool
	// Queued is set when the replies were written to the outbox in the
	// turn's transaction: the delivery worker sends them, the adapter must
	// not.
	Queued bool
}
