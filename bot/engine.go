package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
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
	// Threshold is the confidence under which Parse rejects a message.
	Threshold() float64
}

// FAQ finds and renders answers to general questions; see NewFAQ.
type FAQ interface {
	// Rank scores the entries closest to a question, best first, with
	// the retrieval's score in [0, 1].
	Rank(lang, text string) []FAQMatch
	// Answer renders entry id in lang with the shop's figures; verified
	// asks for its form for a customer whose identity is checked.
	Answer(lang, id string, verified bool) (string, error)
	// Title names entry id on a button, in lang.
	Title(lang, id string) string
	// Offer is the intent of the action offered beside the answer of
	// entry id ("start_return" beside how returns work), or "".
	Offer(lang, id string) string
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
	ReturnAddress   string   // optional: where returns are sent
	OrderExample    string   // optional: an order number as the shop prints them ("OP-123456")
	PaymentMethods  []string // keys, worded in locales ("payment_card")
	FormReplyHours  [2]int   // the contact form's reply time, min and max hours
	DefaultLang     string

	DeliveryCountries []string // ISO 3166 codes ("FR"), named in the customer's language
	DeliveryOptions   []string // keys, worded in locales ("delivery_option_home")
	// Amounts are in cents of Currency. A nil pointer is a figure the shop
	// does not state, which the answers leave out.
	ShippingCents         *int64 // standard delivery price; 0: delivery is free
	FreeShippingFromCents *int64 // order total from which delivery is free
	GiftWrapping          bool   // gift wrapping offered
	GiftWrappingCents     int64  // its price; 0: free
	Instalments           int    // payment in this many instalments by card; 0: not offered
	InstalmentsFromCents  int64  // order total from which instalments are offered; 0: any
	// Currency is the shop's, ISO 4217 ("EUR", "CAD"): amounts in it are
	// written with its symbol, loyalty points are per whole unit of it.
	// "" is EUR.
	Currency string
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
	// Answers, when set, reads how a message answers a yes-or-no
	// question (Knowledge.Answers): a yes the keyword lists read is
	// not acted on when it doubts it, and a long answer the lists can't
	// read alone is a yes or a no when it is sure of one.
	Answers Parser
	FAQ     FAQ
	Texts   *Texts
	Policy  policy.Config
	Shop    Shop
	Verify  VerifyConfig
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
	answers Parser
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
	// words analyses the bot's own answers, read back for a question
	// about them, remembering the stems of the words it has seen.
	words *intents.Analyzer
	// days reads the day an order is needed by ("before Christmas?").
	days *intents.DayReader

	flows map[string]flow // the account flows, by intent: see flowTable

	desk    AgentDesk
	senders map[string]Sender
	// outbox holds the channels whose messages are written to the outbox
	// and sent by the delivery worker, with the function that wakes it.
	outbox map[string]func()
	// followed are the outcomes that have answers to follow-up questions
	// in the locale files (see outcomesAnswered).
	followed map[string]bool
}

// analyzerWords is how many words a language the engine keeps the stems
// of: the words of its answers and of customers' short questions, a few
// thousand, well inside it.
const analyzerWords = 20000

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
	if p, ok := cfg.Answers.(*intents.Parser); ok && p == nil {
		cfg.Answers = nil // Knowledge.Answers of a locale tree without answer phrases
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
		store: cfg.Store, parser: cfg.Parser, answers: cfg.Answers, faq: cfg.FAQ, texts: cfg.Texts,
		policy: cfg.Policy, shop: cfg.Shop, verify: cfg.Verify, thresh: cfg.Threshold,
		log: cfg.Logger, metrics: cfg.Metrics, now: cfg.Now, words: intents.NewAnalyzer(analyzerWords),
		days:     intents.NewDayReader(),
		fmt:      formatter{texts: cfg.Texts, loc: cfg.Policy.Location, currency: cfg.Shop.Currency},
		locks:    newKeyedMutex(),
		flows:    flowTable(),
		senders:  map[string]Sender{},
		outbox:   map[string]func(){},
		followed: outcomesAnswered(cfg.Texts),
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

// Handle answers one customer message. Everything the turn decides — the
// conversation, its transcript lines, a return, a ticket, a cancellation,
// a verification attempt, the delivery it consumed and the replies queued
// for the outbox — is committed in one transaction, or nothing is.
func (e *Engine) Handle(ctx context.Context, in Incoming) (Response, error) {
	if err := checkIncoming(in); err != nil {
		return Response{}, err
	}
	start := time.Now()
	unlock := e.locks.lock(in.ConversationID)
	defer unlock()

	if resp, ok, err := e.delivered(ctx, in); ok || err != nil {
		return resp, err
	}
	var (
		resp       Response
		deskQueued bool
	)
	err := e.store.WithTx(ctx, func(ctx context.Context) error {
		if err := e.lockAcross(ctx, in.ConversationID); err != nil {
			return fmt.Errorf("handle %s: %w", in.ConversationID, err)
		}
		t, err := e.begin(ctx, in)
		if err != nil {
			return err
		}
		defer func() { deskQueued = t.deskQueued }()
		if t.conv.Handoff == storage.HandoffRequested || t.conv.Handoff == storage.HandoffWithAgent {
			e.relayToAgent(t)
		} else {
			e.respond(t)
			e.keepOutcome(t)
		}
		resp = Response{
			ConversationID: in.ConversationID,
			Replies:        t.replies,
			Intent:         t.u.Intent,
			Confidence:     t.u.Confidence,
			Lang:           t.conv.Lang,
			Handoff:        t.conv.Handoff == storage.HandoffRequested || t.conv.Handoff == storage.HandoffWithAgent,
			Private:        t.private,
			Verification:   t.verification,
			Queued:         e.outbox[in.Channel] != nil,
		}
		return e.finish(t, resp)
	})
	if errors.Is(err, errClaimed) {
		// Another process committed the same delivery meanwhile.
		resp, _, err := e.delivered(ctx, in)
		return resp, err
	}
	if err != nil {
		return Response{}, err
	}
	e.wake(in.Channel, resp.Queued && len(resp.Replies) > 0)
	e.wake(OutboxDesk, deskQueued)
	e.metrics.observeTurn(in.Channel, resp.Intent, time.Since(start))
	return resp, nil
}

// conversationLocker is a store shared by several processes (PostgreSQL):
// it holds a conversation for the rest of a unit of work, so that two
// messages of one conversation reaching two replicas are answered one after
// the other, the second seeing what the first saved. The engine's own lock
// does the same within one process, and is all SQLite needs.
type conversationLocker interface {
	LockConversation(ctx context.Context, id string) error
}

// lockAcross takes the store's lock on a conversation when the store is
// shared (conversationLocker), inside a unit of work; callers hold the
// engine's own lock first.
func (e *Engine) lockAcross(ctx context.Context, id string) error {
	if l, ok := e.store.(conversationLocker); ok {
		return l.LockConversation(ctx, id)
	}
	return nil
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
	first := errors.Is(err, storage.ErrNotFound)
	switch {
	case first:
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
	t := &turn{ctx: ctx, in: in, conv: conv, d: d, now: now, thanked: d.Thanked}
	t.d.Thanked = false
	if t.d.ListedFor > 0 {
		t.d.ListedFor--
	} else {
		t.d.Listed, t.d.Shown, t.d.ShownKind = nil, nil, ""
	}
	t.lastFAQ, t.d.LastFAQ = t.d.LastFAQ, ""
	t.answered, t.d.Answered = t.d.Answered, nil
	t.lastAsked, t.d.LastAsked = t.d.LastAsked, ""
	if first && len(in.LangHint) >= 2 && e.texts.Speaks(strings.ToLower(in.LangHint[:2])) {
		t.d.LangSure = true // the browser's or the app's language
	}
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
		t.u.Norm = intents.Normalize(in.Text)
	} else {
		t.u = e.Understand(ctx, in.Text, conv.Lang)
		e.dropUnasked(&t.u, in.Text)
		e.questionFirst(&t.u)
	}
	t.conv.Lang = e.conversationLang(t, first)
	t.input = input{
		text: in.Text, norm: t.u.Norm, payload: in.Payload,
		entities: t.u.Entities, photos: in.Attachments,
	}
	e.dropTakenBack(t)
	if rest, ok := withoutYesOrNo(in.Text); ok && in.Payload == "" {
		// « Oui ou non, est-ce que je suis remboursé en entier si
		// j'annule ? »: a yes or a no asked for, neither given (its "non"
		// kept the order; round 113a).
		t.u = e.Understand(ctx, rest, t.conv.Lang)
		t.input.text, t.input.norm, t.input.entities = rest, t.u.Norm, t.u.Entities
	}
	if yes, ok := e.plainYes(t); ok {
		// "ouais grave" at an exchange's summary: a yes and nothing else,
		// read as its first word (« grave » read as the engraved
		// bracelet, and the exchange was dropped for it; round 111b).
		t.u = e.Understand(ctx, yes, t.conv.Lang)
		t.input.text, t.input.norm, t.input.entities = yes, t.u.Norm, nil
	}
	e.splitYes(t)
	if rest, ok := e.answerAfterNeverMind(t); ok {
		// "ok never mind. I got silver hoops, no reference on the bag" at
		// "what did you receive instead?", after a side question: the
		// side question let go, and the answer after it (the report was
		// dropped; round 113a).
		t.input.text, t.input.norm = rest, intents.Normalize(rest)
	}
	if n := e.listedNamed(t); n != "" {
		// "and the second one?" after the list of orders: that order's
		// button, pressed (it was read as a wrong item, and a case
		// filed on another order).
		t.u = e.understandPayload(prefixOrder+n, t.conv.Lang)
		t.u.Norm = t.input.norm
		t.input.payload = prefixOrder + n
		t.d.Offered = &task{Intent: intents.TrackOrder}
	} else if s := e.shownNamed(t); s != "" {
		t.shown = s
	}
	if b := t.d.Button; b != "" && in.Payload == "" && (t.d.Task == nil || b == payloadHuman) &&
		!(b == payloadHuman && e.doubtsUse(t)) &&
		(e.agreesToWithdraw(t, b) || (strings.HasPrefix(b, prefixIntent) || strings.HasPrefix(b, prefixWithdraw) || b == payloadHuman) && e.firstSentenceAccepts(t) ||
			b == payloadHuman && t.lastFAQ == giftCardBalanceEntry && giftCardCode.MatchString(t.input.text) || (e.acceptsOffer(t, b) || e.okToQuestion(t) || e.echoesOffer(t, b) || b == payloadHuman && e.asksSomeoneTo(t) && !e.asksIfContacted(t) && !e.refusesPerson(t.lang(), t.input.text) ||
			b == payloadHuman && e.resendsAsOffered(t) ||
			strings.HasPrefix(b, prefixIntent) && e.texts.Mentions(t.lang(), keywordDoItForMe, t.input.norm) && !e.saysNo(t) ||
			(strings.HasPrefix(b, prefixIntent) || b == payloadHuman && e.texts.Mentions(t.lang(), keywordAcceptDo, t.input.norm)) && e.resignedYes(t)) &&
			!e.namesOtherAction(t, b)) {
		// ("yeah sure whatever, do that" to a person offered after a late
		// refund takes it, resigned: it got "Great!"; round 111b.)
		// (Not « ok merci, quelqu'un va me recontacter ? », which asks
		// whether someone will: a hand-off was opened; round 77a. Nor
		// « non je veux pas de conseiller je veux que vous annuliez »,
		// which refuses the person: one was asked for; round 82b.)
		if b == payloadHuman && t.d.ButtonUntold && !e.namesPerson(t) && !e.resendsAsOffered(t) {
			// (Nor a request read as one for a person that names none:
			// "can you at least resend it to a different email so I can
			// give it to someone else?" pressed it; round 94a. But "can
			// you resend it please?" after "a member of our team can send
			// it again" asks for what the button offers; round 95b.)
			// (A yes that names the person presses it: "yes, please put
			// me through", "yes, please ask someone to send it" were
			// asked again, and nobody came.)
			// "yes", "oui" after "that order can no longer be cancelled.
			// [Talk to a person]": asked, not pressed (14 hand-offs
			// nobody asked for in one round of testers); "oui c'est bon",
			// "yes ok" take note.
			// ("yes please, thanks", "ok please do" ask for it done:
			// asked too; they got "Great! Tell me what I can do".)
			t.askPerson = !e.takesNote(t) || e.texts.Mentions(t.lang(), keywordAcceptDo, t.input.norm)
			if e.echoesOffer(t, b) {
				t.u.Intent, t.u.FAQID, t.u.Alternatives, t.u.More = intents.Affirm, "", nil, nil
			}
		} else {
			// "yes please, a person" to the one button offered: pressed.
			if q, ok := e.questionAfter(t); ok && strings.HasPrefix(b, prefixWithdraw) {
				t.thenAsked = q
			}
			t.u = e.understandPayload(b, t.conv.Lang)
			t.u.Norm = t.input.norm
			t.input.payload = b
		}
	}
	if tk := t.d.Task; tk != nil && tk.Step == stepConfirm && actionFlows[tk.Intent] {
		if q, ok := e.questionAfterYes(t); ok {
			t.thenAsked = q
		}
	}
	if t.u.Intent == intents.HumanAgent && t.d.Task == nil && t.input.payload == "" && !t.askPerson && !e.texts.Mentions(t.lang(), keywordWantsPerson, t.input.norm) {
		if phrase, at, ok := e.texts.findAt(t.lang(), keywordAdvice, t.input.norm); ok {
			// « … je ne sais pas si je veux que vous ouvriez une enquête,
			// vous me conseillez quoi ? »: advice asked of the bot, whose
			// verb names no adviser; the message without it (a person
			// was offered; round 111b).
			if rest := strings.TrimSpace(t.input.norm[:at] + " " + t.input.norm[min(len(t.input.norm), at+len(phrase)):]); len(strings.Fields(rest)) >= 3 {
				u := e.understandOne(rest, t.lang(), rest)
				if u.Intent != intents.HumanAgent && u.Intent != intents.OOS {
					t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Ranking, t.u.Alternatives = u.Intent, u.FAQID, u.Confidence, u.Ranking, u.Alternatives
				}
			}
		}
	}
	if (t.u.Intent == intents.HumanAgent || t.u.Intent == intents.OOS && e.texts.Mentions(t.lang(), keywordPersonWord, t.input.norm)) &&
		t.d.Task == nil && t.input.payload == "" && !t.askPerson && !t.u.LangAsked && (e.personUnsure(t) || e.refusesPerson(t.lang(), t.input.text)) {
		// "un conseiller ? non merci. le suivi ?", "the agent I spoke to
		// last week was rude. where is my order?", "pas besoin d'un
		// conseiller, je veux juste ma facture": the other request.
		if len(t.u.More) > 0 {
			t.u.takeNext()
		} else if p, ok := e.otherRequestPart(t); ok {
			t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Ranking, t.u.Alternatives = p.Intent, p.FAQID, p.Confidence, p.Ranking, nil
		}
	}
	if (t.u.Intent == intents.ClaimStatus || t.u.Intent == intents.MissingParcel) && t.d.Task == nil && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) {
		// "I don't want an investigation, just tell me where it is": the
		// other request (it got "you have no open case").
		for _, part := range takeBackParts(t.input.text) {
			norm := intents.Normalize(strings.Trim(part, " ?"))
			if norm == "" || e.texts.Mentions(t.lang(), keywordInvestigate, norm) {
				continue
			}
			if p := e.understandOne(part, t.lang(), norm); (p.Intent == intents.FAQ || e.isFlow(p.Intent)) && p.Confidence >= interruptConfidence {
				t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Ranking, t.u.Alternatives = p.Intent, p.FAQID, p.Confidence, p.Ranking, nil
				break
			}
		}
	}
	if t.u.Intent == intents.HumanAgent && t.d.Task == nil && t.input.payload == "" && !t.askPerson && !t.u.LangAsked &&
		(!e.namesPerson(t) || e.personUnsure(t)) && !(t.conv.CustomerID != 0 && e.speaksOfHolder(t)) &&
		// (Not "I'm Mr Wilson's personal assistant, I manage his inbox"
		// once verified: someone writing for the holder, which the
		// reread says; asked whether they wanted a person, they kept the
		// proof and had an investigation opened; round 124a.)
		!(strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordAsksIfBot, t.input.norm)) {
		// (Not "Am I talking to a bot?", "vous êtes un robot ?": what
		// the bot is, said below; they were asked whether they wanted a
		// person; rounds 67b, 68b.)
		// "I'm really disappointed with your customer service", read as
		// asking for a person: whether they want one is asked (the
		// details given next opened a hand-off nobody asked for).
		t.askPerson = true
	}
	if b := t.d.Button; strings.HasPrefix(b, prefixWithdraw) && in.Payload == "" && t.input.payload == "" && e.asksIfWithdrawn(t) {
		// « c'est bien annulé ? » to "shall I withdraw it?": not yet (the
		// order's status came, and the request stayed open; round 86b).
		t.withdrawAsked = b
	} else if strings.HasPrefix(b, prefixWithdraw) && in.Payload == "" && t.input.payload == "" && strings.Contains(t.input.text, "?") &&
		e.yesNo(t) == 0 && e.texts.Mentions(t.lang(), keywordWithdrawConsequence, t.input.norm) {
		// "So I just don't send it and nothing happens?" to "shall I
		// cancel the return?": what withdrawing means (the order's
		// cancellation was answered, the offer lost, and the "yes
		// withdraw it please" next got "Great!"; round 117b).
		t.withdrawMeans = b
	}
	t.offered, t.offerAsked, t.d.Button, t.d.ButtonUntold = t.d.Button, t.d.Button != "" && !t.d.ButtonUntold, "", false
	return t, nil
}

// personUnsure reports whether a message that asks for a person in words
// may not want one now: it takes the request back ("je veux parler à un
// conseiller. non c'est bon, oubliez", "a person? no thanks"), asks
// whether one is needed ("do I need to speak to an agent to…?", "should I
// talk to someone or can you handle this?"), tells of one asked for
// before ("I asked for an agent last week and nobody answered") or is
// someone else's wish ("my husband wants to speak to someone about his
// order"). Each opened a hand-off at once; whether they want one is asked.
func (e *Engine) personUnsure(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	// Taken back: only after the person ("no no, I really do want to talk
	// to a person" asks for one).
	_, person, named := e.texts.findAt(lang, keywordPersonWord, norm)
	after := func(list string) bool {
		_, at, ok := e.texts.findAt(lang, list, norm)
		return ok && (!named || at > person)
	}
	return after(keywordNeverMind) || after(keywordTakeBack) || after(keywordNoThanks) ||
		e.texts.Mentions(lang, keywordWhetherNeeded, norm) || e.texts.Mentions(lang, keywordToldDone, norm) ||
		(e.texts.Mentions(lang, keywordSomeoneElse, norm) || e.texts.Mentions(lang, keywordThirdParty, norm)) &&
			// (Not a person wanted in so many words, about someone else:
			// « je voudrais parler à quelqu'un du service client svp,
			// c'est à propos d'un cadeau pour ma mère » got the gift
			// wrapping's answer; round 89a.)
			!e.texts.Mentions(lang, keywordWantsPerson, norm)
}

// otherRequestPart returns the reading of a part of the message, not
// about a person, that asks something the bot can answer surely ("j'ai
// déjà eu un conseiller au téléphone la semaine dernière. mon colis est
// où ?"); none otherwise.
func (e *Engine) otherRequestPart(t *turn) (Understanding, bool) {
	lang := t.lang()
	for _, p := range takeBackParts(t.input.text) {
		norm := intents.Normalize(strings.Trim(p, " ?"))
		if norm == "" || e.texts.Mentions(lang, keywordPersonWord, norm) || e.texts.Mentions(lang, keywordAsksPerson, norm) {
			continue
		}
		if u := e.understandOne(p, lang, norm); (u.Intent == intents.FAQ || e.isFlow(u.Intent)) && u.Intent != intents.HumanAgent &&
			u.Confidence >= interruptConfidence {
			return u, true
		}
	}
	return Understanding{}, false
}

// dropTakenBack forgets an order number the message itself takes back
// ("I want to cancel OP-102601 no sorry OP-102603", "je veux annuler la
// OP-102501 euh non pardon la OP-102503", "cancel OP-102601, I mean
// OP-102602"): a word of correction between two order numbers leaves the
// later one (the first was cancelled).
func (e *Engine) dropTakenBack(t *turn) {
	if t.input.payload != "" {
		return
	}
	var orders []intents.Entity
	for _, en := range t.input.entities {
		if en.Type == intents.EntityOrderNumber {
			orders = append(orders, en)
		}
	}
	if len(orders) < 2 {
		return
	}
	taken := map[int]bool{}
	for i := 0; i+1 < len(orders); i++ {
		a, b := orders[i], orders[i+1]
		if a.End > b.Start || b.Start > len(t.input.text) {
			continue
		}
		between := intents.Normalize(t.input.text[a.End:b.Start])
		if endsInNot(strings.Fields(between)) {
			// "cancel OP-102113 not OP-102127": the later one taken back.
			taken[b.Start] = true
			continue
		}
		// (In the message's language too: "cancel OP-102127, I mean
		// OP-102115" in a conversation begun in French.)
		for _, lang := range []string{t.lang(), t.u.Lang} {
			if e.texts.Mentions(lang, keywordCorrection, between) || e.texts.Mentions(lang, keywordCorrectionStrong, between) ||
				e.texts.IsKeyword(lang, keywordNo, between) || e.texts.Mentions(lang, keywordWait, between) {
				taken[a.Start] = true
			}
		}
	}
	if len(taken) == 0 {
		return
	}
	for _, en := range orders {
		if taken[en.Start] {
			t.takenBack = append(t.takenBack, en.Value)
		}
	}
	keep := func(en intents.Entity) bool { return en.Type == intents.EntityOrderNumber && taken[en.Start] }
	t.input.entities = slices.DeleteFunc(slices.Clone(t.input.entities), keep)
	t.u.Entities = slices.DeleteFunc(slices.Clone(t.u.Entities), keep)
}

// switchEvidence is how clearly a message must be in another language
// (intents.Result.LangEvidence, about one per word of only that language)
// to move a conversation to it: "stop" or "bye" alone don't, "where is my
// order?" does.
const switchEvidence = 2

// conversationLang returns the language to answer in: the message's when
// the conversation starts or the customer asks for a language ("in English
// please", "/language fr"), else the conversation's unless the message is
// clearly in another language.
func (e *Engine) conversationLang(t *turn, first bool) string {
	if lang, only := e.askedLanguage(t.u.Norm); lang != "" {
		t.u.LangAsked = only
		t.d.LangSure = true
		return lang
	}
	if t.in.Payload == "" && t.u.LangEvidence >= 1 {
		t.d.LangSure = true // a word of only one language ("suivi")
	}
	if refused := e.refusedLanguage(t.u.Norm); refused != "" && refused == t.conv.Lang && t.u.Lang != refused {
		// "sorry, I don't speak French. Where is my parcel?" after
		// "bonjour": the message's language (the answer came in French,
		// the language refused; round 106b).
		t.d.LangSure = true
		return t.u.Lang
	}
	switch {
	case t.in.Payload != "":
		return t.conv.Lang
	case t.u.Lang == t.conv.Lang:
		// Every case below answers this language then: the address
		// search (regular expressions) is spared in most turns.
		return t.conv.Lang
	case t.d.Task != nil && (t.d.Task.Step == stepText || t.d.Task.Step == stepConfirm && t.d.Task.Intent == intents.DeliveryAddress),
		!first && len(e.texts.addressIn(t.in.Text)) >= len(strings.TrimSpace(t.in.Text))*2/3:
		// An address or a wish typed in the shop's words ("12 rue de la
		// Paix") is no change of language, in a flow or not (an English
		// conversation went on in French after "14 rue de la Paix 75002
		// Paris").
		return t.conv.Lang
	case !first && (t.u.Intent == intents.Thanks || t.u.Intent == intents.Goodbye) && len(t.u.More) == 0 && len(strings.Fields(t.in.Text)) <= 3:
		// "merci beaucoup" at the end of an English conversation, as
		// many say it: the thanks is answered in English (it went on
		// in French).
		return t.conv.Lang
	case first, t.u.Lang == t.conv.Lang, t.u.LangEvidence >= switchEvidence:
		return t.u.Lang
	}
	return t.conv.Lang
}

// askedLanguage reports the language a message asks the bot to speak, in
// any language's words ("en français svp", "english please"), or with the
// /language command; only is set when the message asks nothing else.
func (e *Engine) askedLanguage(norm string) (lang string, only bool) {
	for _, cmd := range []string{"language ", "langue "} {
		if rest, ok := strings.CutPrefix(norm, cmd); ok && e.texts.Speaks(rest) {
			return rest, true
		}
	}
	for _, lang := range e.texts.Languages() {
		for _, in := range e.texts.Languages() {
			if e.texts.IsKeyword(in, "speak_"+lang, norm) {
				return lang, true
			}
			// (In a message of any length: "en fait je parle français,
			// c'est plus simple" became a return's reason.)
			if phrase, ok := e.texts.findIn(in, "speak_"+lang, norm); ok {
				if e.negatedBefore(norm, phrase) {
					continue // the language they don't speak: refusedLanguage
				}
				only := e.texts.onlyCourtesy(strings.Replace(" "+norm+" ", " "+phrase+" ", " ", 1))
				if !only && e.texts.Mentions(in, keywordLangOfThing, norm) {
					// "je voudrais recevoir la newsletter en anglais": the
					// newsletter's language, not the conversation's (it
					// went on in English).
					continue
				}
				return lang, only
			}
		}
	}
	return "", false
}

// refusedLanguage returns the language a message says its writer does not
// speak ("sorry, I don't speak French"), or "".
func (e *Engine) refusedLanguage(norm string) string {
	for _, lang := range e.texts.Languages() {
		for _, in := range e.texts.Languages() {
			if phrase, ok := e.texts.findIn(in, "speak_"+lang, norm); ok && e.negatedBefore(norm, phrase) {
				return lang
			}
		}
	}
	return ""
}

// negatedBefore reports whether a word of negation, in any language (the
// lists of one hold the others' phrases too: « speak french »), stands
// among the two words before phrase in norm.
func (e *Engine) negatedBefore(norm, phrase string) bool {
	i := strings.Index(" "+norm+" ", " "+phrase+" ")
	if i < 0 {
		return false
	}
	before := strings.Fields(norm[:i])
	for k := max(0, len(before)-2); k < len(before); k++ {
		if e.texts.InAnyLanguage(keywordNegation, before[k]) {
			return true
		}
	}
	return false
}

func (e *Engine) initialLang(hint string) string {
	hint = strings.ToLower(hint)
	if len(hint) >= 2 && e.texts.Speaks(hint[:2]) {
		return hint[:2]
	}
	return e.shop.DefaultLang
}

// finish saves the turn: conversation state, transcript, the replies
// queued for the outbox and the delivery consumed, in the turn's
// transaction.
func (e *Engine) finish(t *turn, resp Response) error {
	t.d.Button = offeredButton(t.replies)
	if t.choiceAsked {
		// "which of these do you mean? [Talk to a person] [Track my
		// order]": a yes answers nothing (it opened a hand-off).
		t.d.Button = ""
	}
	t.d.ButtonUntold = t.d.Button != "" && !offerAsks(t.replies)
	if n := len(t.replies); t.d.Task != nil && n > 0 && len(t.replies[n-1].Buttons) == 0 {
		// The flow's question came after the button ("is it real silk?"
		// answered with [Talk to a person], then "Back to your exchange.
		// What would you like instead?"): a yes next answers the
		// question, not the button (it dropped the exchange for a
		// person).
		t.d.Button = ""
	}
	t.d.Recent = t.recentAfter()
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
	if resp.Queued {
		if err := e.enqueue(t.ctx, t.conv, storage.OutboxReply, t.replies); err != nil {
			return fmt.Errorf("save turn of %s: %w", t.conv.ID, err)
		}
	}
	if err := e.claim(t.ctx, t.in.Delivery, resp); err != nil {
		return fmt.Errorf("save turn of %s: %w", t.conv.ID, err)
	}
	return nil
}

// giftCardCode is a gift card's code as customers copy it: letters and
// groups of digits joined by dashes or spaces ("GC-4471-2290"). Given
// right after the balance was said to be a person's to read, it asks
// them (it was taken for an order number, and the customer asked for the
// order's e-mail; round 113b).
var giftCardCode = regexp.MustCompile(`(?i)\b[a-z]{0,4}[- ]?\d{3,}(?:[- ]\d{3,})+\b|\b[a-z0-9]{4}(?:-[a-z0-9]{4}){2,}\b`)

// firstSentenceAccepts reports whether a message of several sentences
// opens with one that only says yes to what was offered ("ok yes open
// it. and put down that I want a refund not a resend": the rest, read
// alone as a return, asked the offer again; round 113a).
func (e *Engine) firstSentenceAccepts(t *turn) bool {
	sents := sentences(t.input.text)
	if m := commaAnd.FindStringSubmatch(t.input.text); len(sents) < 2 && m != nil {
		// « oui transmettez, et je veux savoir sous combien de temps on me
		// répond »: the yes, then a question joined to it (nothing was
		// passed on; round 129a).
		sents = []string{m[1], m[2]}
	}
	if len(sents) < 2 || t.input.payload != "" {
		return false
	}
	lang, first := t.lang(), intents.Normalize(sents[0])
	// (Not a yes held for what comes next: « Oui, volontiers. Mais
	// auparavant, savez-vous si … ? » asks before it is done.)
	rest := intents.Normalize(strings.Join(sents[1:], " "))
	if e.texts.MadeOf(lang, first, keywordAck, keywordPolite, keywordFiller) && strings.Contains(t.input.text, "?") {
		// (Nor an "ok." that takes note before another question: "ok. and
		// do you do gift receipts, so she can exchange the size if
		// needed?" pressed "Cancel my order"; round 137c, a near miss;
		// "Ok. And do you deliver to Switzerland?" at a return's summary
		// asks beside it.)
		return false
	}
	return (e.texts.StartsWith(lang, keywordYes, first) || e.texts.Mentions(lang, keywordAcceptDo, first)) &&
		e.texts.MadeOf(lang, first, keywordYes, keywordAcceptDo, keywordAck, keywordPolite, keywordFiller) && !e.texts.HasKeyword(lang, keywordNo, first) &&
		!e.texts.StartsWith(lang, keywordHoldYes, rest) && !e.texts.Mentions(lang, keywordYesBut, rest)
}

// questionAfterYes returns the question that follows a first sentence
// that only says yes to a summary ("oui c'est bon. alors je le renvoie
// maintenant ou j'attends ?"), read alone. Not one that asks for
// something else in its place, names a number or holds the yes back.
func (e *Engine) questionAfterYes(t *turn) (Understanding, bool) {
	text := strings.TrimSpace(t.input.text)
	if t.input.payload != "" || !strings.HasSuffix(text, "?") || !e.firstSentenceAccepts(t) {
		return Understanding{}, false
	}
	sents := sentences(text)
	if len(sents) < 2 {
		return Understanding{}, false // (a yes joined by ", and": firstSentenceAccepts reads it)
	}
	rest := strings.TrimSpace(strings.Join(sents[1:], " ")) + " ?" // (the question's mark, which sentences cuts)
	lang, norm := t.lang(), intents.Normalize(rest)
	if hasDigit(rest) || e.texts.Mentions(lang, keywordInsteadWord, norm) || e.texts.Mentions(lang, keywordTakeBack, norm) ||
		e.texts.StartsWith(lang, keywordNo, norm) || e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) {
		return Understanding{}, false
	}
	q := e.understandOne(rest, lang, norm)
	q.Text = rest
	return q, true
}

// commaAnd is a message of two parts joined by a comma and "and": the
// groups are the parts.
var commaAnd = regexp.MustCompile(`(?i)^([^,.;!?]+),\s*(?:et|and)\s+(.+)$`)

// acceptsOffer reports whether a message accepts the one action the last
// answer offered: a plain yes ("yes please", "oui allez-y"), not an
// acknowledgement ("ok I see", "d'accord merci", "alright then"), nor
// another request.
func (e *Engine) acceptsOffer(t *turn, button string) bool {
	lang, norm := t.conv.Lang, t.input.norm
	switch {
	case e.yesNo(t) <= 0,
		// (A request for the very flow offered accepts it: "ok yes open
		// it" to "I can open that investigation now" asked again; round
		// 113a.)
		e.isFlow(t.u.Intent) && t.u.Confidence >= interruptConfidence && button != prefixIntent+t.u.Intent,
		e.texts.IsKeyword(lang, keywordAck, norm), e.texts.Mentions(lang, keywordNoted, norm), e.saysBye(t):
		return false
	}
	// "yes thanks", "oui merci" accept; "thanks", "ok merci" alone take
	// note (they pressed nothing, and a yes to the offer withdrew
	// nothing).
	return e.texts.HasKeyword(lang, keywordAccept, norm)
}

// yesOrNo is a demand for a plain answer inside a question: « oui ou
// non », "yes or no", which gives neither.
var yesOrNo = regexp.MustCompile(`(?i)[,;:]?\s*\b(?:oui\s+ou\s+non|ouais\s+ou\s+non|yes\s+or\s+no)\b\s*[,;:?!]?`)

// withoutYesOrNo returns a question without its « oui ou non » or "yes or
// no", and whether it had one; a message that is nothing else, or no
// question, is kept as it is.
func withoutYesOrNo(text string) (string, bool) {
	if !strings.Contains(text, "?") || !yesOrNo.MatchString(text) {
		return text, false
	}
	rest := strings.TrimSpace(yesOrNo.ReplaceAllString(text, " "))
	if len(strings.Fields(strings.Trim(rest, " ?!.,"))) < 2 {
		return text, false
	}
	return rest, true
}

// echoesOffer reports whether a message read as a return takes up a
// person's offer in its own verb: "please send it" to "a member of our
// team can send it to you" (it started a return), with no word of sending
// back.
func (e *Engine) echoesOffer(t *turn, button string) bool {
	lang, norm := t.lang(), t.input.norm
	return button == payloadHuman && t.u.Intent == intents.StartReturn && e.texts.Mentions(lang, keywordAcceptDo, norm) &&
		!e.texts.Mentions(lang, keywordSendBack, norm) && !e.texts.Mentions(lang, keywordNamesReturn, norm)
}

// resignedYes reports whether a message is a yes said with resignation,
// and nothing else: "go ahead I guess", "fine whatever", « bon ben si y a
// que ça ». To an action offered it starts the flow, which asks to
// confirm before doing anything ("Shall I cancel it?" — "go ahead I
// guess" got "Great! Tell me what I can do"; round 80b).
func (e *Engine) resignedYes(t *turn) bool {
	lang, norm := t.conv.Lang, t.input.norm
	return t.input.payload == "" && e.yesNo(t) == 0 && e.texts.Mentions(lang, keywordResignedYes, norm) && !e.saysNo(t) &&
		!strings.Contains(t.input.text, "?") && !e.texts.Mentions(lang, keywordYesBut, norm) && !e.asksWhy(t)
}

// doubtsUse reports whether a message asks, doubting, what the offer is
// worth: "would a person even be able to speed it up though?", « ça sert à
// quoi ? ils vont vraiment faire quelque chose ? » (each opened a
// hand-off; round 88b).
func (e *Engine) doubtsUse(t *turn) bool {
	return strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordDoubtsUse, t.input.norm)
}

// asksIfWithdrawn reports whether a message asks whether what it was
// offered to withdraw is withdrawn: "is it cancelled?", « c'est bien
// retiré ? ».
func (e *Engine) asksIfWithdrawn(t *turn) bool {
	lang, norm := t.conv.Lang, t.input.norm
	return strings.Contains(t.input.text, "?") && len(t.input.entities) == 0 &&
		(e.texts.Mentions(lang, keywordCancelledWord, norm) || e.texts.Mentions(lang, keywordAsksWithdrawn, norm))
}

// agreesToWithdraw reports whether a message answers "withdraw it?" (the
// button offered) with a yes and why: "yes please, I'll keep the scarf
// after all", "yes please close it, they were in the other bag" (read
// alone, "keep" and "found" sound like noes, and the classifier reads a
// return or a parcel). Not with a bare word of no in it ("yes, no keep
// the return"), a condition, irony or a question.
func (e *Engine) agreesToWithdraw(t *turn, button string) bool {
	lang, norm := t.conv.Lang, t.input.norm
	if strings.HasPrefix(button, prefixWithdraw) && e.texts.IsKeyword(lang, keywordOK, norm) {
		return true // "ok" to "shall I close your case?"
	}
	if !strings.HasPrefix(button, prefixWithdraw) || !leadingYes.MatchString(t.input.text) ||
		!e.texts.Mentions(lang, keywordKeepWords, norm) && !e.foundParcel(t) && !e.texts.Mentions(lang, keywordWithdraw, norm) {
		return false
	}
	for _, w := range strings.Fields(norm) {
		if e.texts.IsKeyword(lang, keywordNo, w) {
			return false
		}
	}
	// (A question in a sentence after it leaves the yes whole: "yes
	// withdraw it. will I get an email confirming that?" left the case
	// open; round 128a.)
	ss := sentences(t.input.text)
	questionAfter := len(ss) > 1 && !strings.Contains(ss[0], "?") && !e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm))
	return !e.texts.Mentions(lang, keywordTakeBack, norm) && !e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) &&
		!e.texts.Mentions(lang, keywordSarcasm, norm) && !intents.Doubts(t.input.text) && !e.ironicNot(t) && (!e.asksWhy(t) || questionAfter)
}

// offeredButton returns the payload of the one action button the last
// replies with buttons offer, or "" when they offer a choice (yes and no,
// a menu) or nothing.
func offeredButton(replies []Reply) string {
	for i := len(replies) - 1; i >= 0; i-- {
		if bs := replies[i].Buttons; len(bs) > 0 {
			p := bs[0].Payload
			// One action, or one action and the button to stop ("shall
			// I put you through? [Talk to a person] [Stop]"), or a person
			// offered first with the menu below ("shall I put you in
			// touch with an adviser? [Talk to a person] [Track my
			// order]…", after two messages not understood).
			one := len(bs) == 1 || len(bs) == 2 && (bs[1].Payload == payloadStop || p == payloadHuman && bs[1].Payload == payloadNo) ||
				p == payloadHuman && !slices.ContainsFunc(bs[1:], func(b Button) bool { return !strings.HasPrefix(b.Payload, prefixIntent) })
			if one && (p == payloadHuman || strings.HasPrefix(p, prefixIntent) || strings.HasPrefix(p, prefixOrder) ||
				strings.HasPrefix(p, prefixWithdraw)) {
				return p
			}
			return ""
		}
	}
	return ""
}

// offerAsks reports whether the last reply with buttons asks a question
// ("shall I put you through?"), rather than only saying what a button
// does.
func offerAsks(replies []Reply) bool {
	for i := len(replies) - 1; i >= 0; i-- {
		if len(replies[i].Buttons) > 0 {
			return strings.Contains(replies[i].Text, "?")
		}
	}
	return false
}

// okToQuestion reports whether a bare "ok", "d'accord" answers an offer
// made as a question ("shall I pass your request to our team?"): a yes
// there, where after an answer that only says what a button does it takes
// note (nobody was called after "ok" to the question).
func (e *Engine) okToQuestion(t *turn) bool {
	return !t.d.ButtonUntold && e.texts.IsKeyword(t.conv.Lang, keywordOK, t.input.norm)
}

// takesNote reports whether a yes only takes note ("oui c'est bon", "yes
// ok", "oui d'accord merci").
func (e *Engine) takesNote(t *turn) bool {
	lang, norm := t.conv.Lang, t.input.norm
	return e.texts.Mentions(lang, keywordAck, norm) || e.texts.Mentions(lang, keywordNoted, norm) ||
		e.texts.Mentions(lang, keywordPolite, norm) || e.texts.Mentions(lang, keywordLeave, norm)
}

// namesOtherAction reports whether a yes names another action than the one
// button offered ("yes please open an investigation" after an answer
// offering a person): that action, not the button.
func (e *Engine) namesOtherAction(t *turn, button string) bool {
	if button == payloadHuman && e.texts.Mentions(t.lang(), keywordInvestigate, t.input.norm) {
		return true // "yes please open an investigation": no person
	}
	if e.echoesOffer(t, button) {
		return false
	}
	return e.isFlow(t.u.Intent) && t.u.Confidence >= interruptConfidence &&
		button != prefixIntent+t.u.Intent && !(button == payloadHuman && t.u.Intent == intents.HumanAgent)
}
