package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// Limits of an incoming message, checked again here so that every channel
// gets them, not only the HTTP API.
const (
	// MaxConversationIDBytes leaves room for the channel prefix an adapter
	// adds to the 128 bytes a client may choose ("web:" + id).
	MaxConversationIDBytes = 160
	MaxTextRunes           = 4096
)

// ErrBadMessage is returned by Handle for a message no channel should send:
// no conversation, nothing said, or over the limits.
var ErrBadMessage = errors.New("bad message")

// Parser is the language understanding the engine needs; *intents.Parser
// implements it.
type Parser interface {
	Parse(text, fallbackLang string) intents.Result
}

// FAQ finds and renders answers to general questions; see NewFAQ.
type FAQ interface {
	// Search returns the best entry for a question, if any is close enough.
	Search(lang, text string) (id string, score float64, ok bool)
	// Answer renders entry id in lang with the shop's figures.
	Answer(lang, id string) (string, error)
}

// Sender delivers messages that the customer did not just ask for — an
// agent's reply, the notice that the bot is back — on the conversation's
// channel. The web chat needs none: its page fetches them.
type Sender interface {
	Send(ctx context.Context, conv storage.Conversation, replies []Reply) error
}

// Shop is what the bot says about the shop itself.
type Shop struct {
	Name            string
	Email           string
	Phone           string
	Website         string
	ContactURL      string   // the contact form
	StoresURL       string   // the page listing the shops
	TrackingPageURL string   // optional: order tracking by number and e-mail
	PostalAddress   string   // optional: for formal letters
	PaymentMethods  []string // keys, worded in locales ("payment_card")
	FormReplyHours  [2]int   // the contact form's reply time, min and max hours
	DefaultLang     string
}

// VerifyConfig is the lock-out rule of identity checks: after MaxAttempts
// failures within Window, the conversation (and separately the order number,
// and the e-mail) is locked for Lockout.
type VerifyConfig struct {
	MaxAttempts int
	Window      time.Duration
	Lockout     time.Duration
	// PerMinute caps failed checks shop-wide per minute; beyond it every
	// check waits. 0: no ceiling.
	PerMinute int
	// WebIdle is how long a web conversation stays verified without a
	// message. 0: for ever.
	WebIdle time.Duration
}

// Config holds the engine's dependencies and settings.
type Config struct {
	Store  Store
	Parser Parser
	FAQ    FAQ
	Texts  *Texts
	Policy policy.Config
	Shop   Shop
	Verify VerifyConfig
	// Threshold is the confidence below which an intent is not acted on.
	Threshold float64
	Logger    *slog.Logger
	Metrics   *Metrics         // optional
	Now       func() time.Time // defaults to time.Now
}

// Engine runs conversations: one message at a time per conversation, many
// conversations in parallel. Every turn's state and transcript are saved
// before the reply is returned.
type Engine struct {
	store   Store
	parser  Parser
	faq     FAQ
	texts   *Texts
	policy  policy.Config
	shop    Shop
	verify  VerifyConfig
	thresh  float64
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time
	fmt     formatter
	locks   keyedMutex

	desk    AgentDesk
	senders map[string]Sender
}

// New returns an engine. Plug in the agent desk and the channel senders with
// SetDesk and SetSender before serving.
func New(cfg Config) (*Engine, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("bot: no store")
	case cfg.Parser == nil:
		return nil, errors.New("bot: no parser")
	case cfg.Texts == nil:
		return nil, errors.New("bot: no texts")
	case cfg.Policy.Location == nil:
		return nil, errors.New("bot: policy has no time zone")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Verify.MaxAttempts <= 0 {
		cfg.Verify = VerifyConfig{MaxAttempts: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	}
	if cfg.Threshold <= 0 {
		cfg.Threshold = 0.45
	}
	if cfg.Shop.DefaultLang == "" {
		cfg.Shop.DefaultLang = cfg.Texts.Languages()[0]
	}
	return &Engine{
		store: cfg.Store, parser: cfg.Parser, faq: cfg.FAQ, texts: cfg.Texts,
		policy: cfg.Policy, shop: cfg.Shop, verify: cfg.Verify, thresh: cfg.Threshold,
		log: cfg.Logger, metrics: cfg.Metrics, now: cfg.Now,
		fmt:     formatter{texts: cfg.Texts, loc: cfg.Policy.Location},
		locks:   newKeyedMutex(),
		senders: map[string]Sender{},
	}, nil
}

// SetDesk plugs in the support team's desk. Without one, hand-offs are
// recorded as tickets and the customer is told when the team will answer.
func (e *Engine) SetDesk(d AgentDesk) { e.desk = d }

// SetSender plugs in the sender of a channel.
func (e *Engine) SetSender(channel string, s Sender) { e.senders[channel] = s }

// Texts returns the engine's texts, for adapters that word their own
// messages (the web page, the agent desk).
func (e *Engine) Texts() *Texts { return e.texts }

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
	// verification is the outcome of an identity check in this turn.
	verification string
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

// Handle answers one customer message.
func (e *Engine) Handle(ctx context.Context, in Incoming) (Response, error) {
	if err := checkIncoming(in); err != nil {
		return Response{}, err
	}
	start := time.Now()
	unlock := e.locks.lock(in.ConversationID)
	defer unlock()

	t, err := e.begin(ctx, in)
	if err != nil {
		return Response{}, err
	}
	if t.conv.Handoff == storage.HandoffRequested || t.conv.Handoff == storage.HandoffWithAgent {
		e.relayToAgent(t)
	} else {
		e.respond(t)
	}
	if err := e.finish(t); err != nil {
		return Response{}, err
	}
	e.metrics.observeTurn(in.Channel, t.u.Intent, time.Since(start))
	return Response{
		ConversationID: in.ConversationID,
		Replies:        t.replies,
		Intent:         t.u.Intent,
		Confidence:     t.u.Confidence,
		Lang:           t.conv.Lang,
		Handoff:        t.conv.Handoff == storage.HandoffRequested || t.conv.Handoff == storage.HandoffWithAgent,
		Private:        t.private,
		Verification:   t.verification,
	}, nil
}

func checkIncoming(in Incoming) error {
	switch {
	case in.ConversationID == "":
		return fmt.Errorf("%w: no conversation ID", ErrBadMessage)
	case len(in.ConversationID) > MaxConversationIDBytes:
		return fmt.Errorf("%w: conversation ID over %d bytes", ErrBadMessage, MaxConversationIDBytes)
	case strings.TrimSpace(in.Text) == "" && in.Payload == "" && len(in.Attachments) == 0:
		return fmt.Errorf("%w: empty message", ErrBadMessage)
	case utf8.RuneCountInString(in.Text) > MaxTextRunes:
		return fmt.Errorf("%w: text over %d characters", ErrBadMessage, MaxTextRunes)
	case !utf8.ValidString(in.Text) || !utf8.ValidString(in.Payload):
		return fmt.Errorf("%w: text is not valid UTF-8", ErrBadMessage)
	}
	return nil
}

// begin loads the conversation and understands the message.
func (e *Engine) begin(ctx context.Context, in Incoming) (*turn, error) {
	now := e.now()
	conv, err := e.store.Conversation(ctx, in.ConversationID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		conv = storage.Conversation{
			ID: in.ConversationID, Channel: in.Channel, CreatedAt: now,
			Lang: e.initialLang(in.LangHint),
		}
	case err != nil:
		return nil, fmt.Errorf("handle %s: %w", in.ConversationID, err)
	}
	d, err := decodeDialogue(conv.State)
	if err != nil {
		// A state from an older version that no longer decodes: start the
		// dialogue afresh rather than lock the customer out.
		e.log.WarnContext(ctx, "dialogue state reset", "conversation", conv.ID, "err", err)
	}
	t := &turn{ctx: ctx, in: in, conv: conv, d: d, now: now}
	e.expireIdleVerification(t)
	if conv.CustomerID == 0 && in.UserID != "" && !in.Public {
		id, err := e.store.IdentityCustomer(ctx, in.Channel, in.UserID)
		switch {
		case err == nil:
			t.conv.CustomerID = id
		case !errors.Is(err, storage.ErrNotFound):
			return nil, fmt.Errorf("handle %s: %w", in.ConversationID, err)
		}
	}
	if in.Payload != "" {
		t.u = e.understandPayload(in.Payload, conv.Lang)
	} else {
		t.u = e.Understand(ctx, in.Text, conv.Lang)
	}
	t.conv.Lang = t.u.Lang
	t.input = input{
		text: in.Text, norm: intents.Normalize(in.Text), payload: in.Payload,
		entities: t.u.Entities, photos: in.Attachments,
	}
	return t, nil
}

func (e *Engine) initialLang(hint string) string {
	hint = strings.ToLower(hint)
	if len(hint) >= 2 && e.texts.Speaks(hint[:2]) {
		return hint[:2]
	}
	return e.shop.DefaultLang
}

// finish saves the turn: conversation state and transcript, in one write.
func (e *Engine) finish(t *turn) error {
	t.conv.State = t.d.encode()
	t.conv.UpdatedAt = t.now
	in := storage.Message{
		ConversationID: t.conv.ID, From: storage.FromCustomer, Text: t.in.Text,
		Intent: t.u.Intent, Confidence: t.u.Confidence, At: t.now,
	}
	if t.in.Payload != "" && t.in.Text == "" {
		in.Text = t.in.Payload
	}
	msgs := []storage.Message{in}
	for _, r := range t.replies {
		msgs = append(msgs, storage.Message{
			ConversationID: t.conv.ID, From: storage.FromBot, Text: r.Text, At: t.now,
		})
	}
	if _, err := e.store.SaveTurn(t.ctx, t.conv, msgs); err != nil {
		return fmt.Errorf("save turn of %s: %w", t.conv.ID, err)
	}
	return nil
}

// Messages returns the transcript lines of a conversation after afterID, for
// the web page to pick up an agent's replies.
func (e *Engine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	msgs, err := e.store.MessagesAfter(ctx, conversationID, afterID)
	if err != nil {
		return nil, fmt.Errorf("messages of %s: %w", conversationID, err)
	}
	return msgs, nil
}

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
