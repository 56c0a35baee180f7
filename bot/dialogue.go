package bot

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
)

// Steps a task can wait on. A task waits on one thing at a time; the
// customer may still give several pieces in one message.
const (
	stepIdentity = "identity" // e-mail and order number (or loyalty card)
	stepOrder    = "order"    // which of the customer's orders
	stepItem     = "item"     // which item of the order
	stepQuantity = "quantity" // how many of an item bought several times
	stepReason   = "reason"   // why (a return)
	stepReceived = "received" // what arrived instead (a wrong item)
	stepChecks   = "checks"   // did the missing-parcel checks find it
	stepConfirm  = "confirm"  // yes or no before an irreversible action
	stepContact  = "contact"  // an e-mail address to answer to
)

// task is a flow in progress: an intent that needs more from the customer
// before it can be carried out.
type task struct {
	Intent  string  `json:"intent"`
	Step    string  `json:"step,omitempty"`
	Order   string  `json:"order,omitempty"` // order number, once chosen
	ItemIDs []int64 `json:"item_ids,omitempty"`
	Reason  string  `json:"reason,omitempty"`
	Note    string  `json:"note,omitempty"`
	// Explain is set when the customer asked why ("why didn't I get
	// points?"): the flow explains rather than only states.
	Explain bool `json:"explain,omitempty"`
	// NextReward is set when, after the balance, the customer asked what
	// the next reward still needs.
	NextReward bool `json:"next_reward,omitempty"`
	// Again is set when, right after the vouchers, the customer asked
	// about them ("and when does it end?", "et BIENVENUE10 ?"): the code
	// named, or the list alone.
	Again bool `json:"again,omitempty"`
	// Said is the message that started the flow: the items or the reason
	// it names count even when the flow first had to ask who it is.
	Said string `json:"said,omitempty"`
	// Clause is the part of Said that asked for this flow, when it asked
	// for others too ("return the scarf and exchange the earrings"): its
	// items are this flow's.
	Clause string `json:"clause,omitempty"`
	// Wish is what an exchange is for, said before it began ("what about
	// the ring then? size 54" after another item was refused).
	Wish string `json:"wish,omitempty"`
	// Refund is set when a wrong item's report asks for the money back
	// rather than the right item ("can I just get a refund instead?").
	Refund bool `json:"refund,omitempty"`
	// KeepReceived is set when, with the money wished for, the customer
	// would keep what came instead ("can I just keep the anklet and get a
	// refund for the difference?").
	KeepReceived bool `json:"keep_received,omitempty"`
	// Accepted is set when the customer said yes to this action, offered
	// by the bot ("I can open an investigation with the carrier"): it
	// needs no question more.
	Accepted bool `json:"accepted,omitempty"`
	// Unfound is set when the order number the customer gave is not on
	// their account: the next answer picks among their orders, shown as
	// buttons, never one the bot chose silently ("oui" to "check the
	// number" once cancelled the order used to verify them).
	Unfound bool `json:"unfound,omitempty"`
	// Missing is set when a wrong-item report says an item was missing
	// from the parcel, not another item in its place.
	Missing bool `json:"missing,omitempty"`
	// Quantities are how many of each chosen item, by item ID, when the
	// order holds several of one and the customer chose fewer.
	Quantities map[int64]int `json:"quantities,omitempty"`
	// Asked counts the times the confirmation was asked again: an "ok"
	// after "please answer yes or no" is a yes.
	Asked int `json:"asked,omitempty"`
	// Fresh is set when the confirmation was just asked in answer to the
	// customer's own message, with nothing else said before it: an "ok"
	// then answers it. Not after a side question was answered, where the
	// "ok" is to that answer.
	Fresh bool `json:"fresh,omitempty"`
	// Waited is set when the customer hesitated at the question and was
	// told to take their time: an "ok" next says they will, not yes.
	Waited bool `json:"waited,omitempty"`
	// Choices are the readings offered by "which do you mean?" when the
	// customer answered with identity details instead: once they are
	// verified, the choice is asked again, not made for them.
	Choices []Button `json:"choices,omitempty"`
	// Apart is set on another problem with the delivery told in the same
	// message as the one in progress ("… and the scarf is the wrong
	// colour"): a case filed for the first does not drop it.
	Apart bool `json:"apart,omitempty"`
	// Beside is set on another request made in the same message as the
	// one in progress ("j'ai reçu le mauvais article et je veux aussi
	// retourner le foulard"): a case filed for the first, which the team
	// answers by e-mail, does not drop it either.
	Beside bool `json:"beside,omitempty"`
	// Which is set once "which order is it about?" was asked with the
	// customer's orders as buttons: a yes to it, with one order offered,
	// is that order (a yes to "can you check the number?" is not).
	Which bool `json:"which,omitempty"`
	// Whole is set once a cancellation asked for part of an order was
	// answered "only the whole order: cancel it all?": only the button, or
	// the whole order named, cancels it, in whatever language (a yes in
	// the other language cancelled it; round 95a).
	Whole bool `json:"whole,omitempty"`
	// FromReturn is set on a wrong item's report begun by the reason "not
	// what I ordered" of a return: another reason said instead ("oops
	// wrong button, I meant I just don't like it") takes the return back
	// up with it.
	FromReturn bool `json:"from_return,omitempty"`
}

// tried is what a failed identity check was given.
type tried struct {
	Email    string `json:"email,omitempty"`
	OrderRef string `json:"order_ref,omitempty"`
	Card     string `json:"card,omitempty"`
}

// dialogue is the conversation state saved after every turn, so that a
// restart in the middle of a flow loses nothing.
type dialogue struct {
	Task   *task  `json:"task,omitempty"`
	Paused []task `json:"paused,omitempty"` // interrupted tasks, most recent last
	// Identity pieces given but not verified yet.
	Email    string `json:"email,omitempty"`
	OrderRef string `json:"order_ref,omitempty"` // order number, display form
	Card     string `json:"card,omitempty"`
	// LangSure is set once a message showed its language clearly (or the
	// customer asked for one): until then, a verified customer's language
	// on file replaces the shop's default ("oliver@… OP-100201" alone says
	// nothing of English).
	LangSure bool `json:"lang_sure,omitempty"`
	// Thanked is set when the last message was a thanks the bot answered
	// by asking its question again: a second thanks leaves.
	Thanked bool `json:"thanked,omitempty"`
	// Retry is the flow that just ended on an order ("nothing of order
	// OP-102601 can be returned"): an order number given next as a
	// correction ("sorry wrong order, OP-102602") runs it again on that one.
	Retry string `json:"retry,omitempty"`
	// Button is the payload of the one action button the last answer
	// offered ("a member of our team can help: [Talk to a person]"): a
	// typed yes presses it.
	Button string `json:"button,omitempty"`
	// ButtonUntold is set when the answer that offered Button asked
	// nothing ("that order can no longer be cancelled. [Talk to a
	// person]"): a bare yes next may answer something else, and is asked
	// about before a person is called; an "ok" takes note. After a
	// question ("shall I pass your request to our team?") an "ok" is a
	// yes.
	ButtonUntold bool `json:"button_untold,omitempty"`
	// Tried holds the pieces of the last identity check that failed: a
	// correction of one of them ("sorry, it's OP-100701") is tried with
	// the other, rather than asking again for what was right.
	Tried *tried `json:"tried,omitempty"`
	// Order is the number of the order the conversation is about, once
	// verified: a follow-up question needs no new order number.
	Order string `json:"order,omitempty"`
	// Last is what the last flow did (an order cancelled, a return
	// opened), for the follow-up questions about it.
	Last *done `json:"last,omitempty"`
	// Answered is the outcome the last answer told ("that order can no
	// longer be cancelled", "your return is registered"), for the message
	// right after it: "why?", "what are my options?", "can you e-mail it
	// to me?" are about it.
	Answered *outcome `json:"answered,omitempty"`
	// Offered is the flow the last answer offered as a button, not
	// started: identity pieces given next are for it.
	Offered *task `json:"offered,omitempty"`
	// Declined is the action the customer said no to at its
	// confirmation, for the next message only: "ok en fait oui" asks
	// for it again.
	Declined *task `json:"declined,omitempty"`
	// Redo is the request just made, put right ("ah non c'était 54"), for
	// the next message only: once the one sent is withdrawn, it is summed
	// up to be sent in its place.
	Redo *task `json:"redo,omitempty"`
	// ForOther is set once whoever writes, not yet verified, says they
	// write for the account holder ("this is Sophie's husband", « je suis
	// la voisine de Sophie, elle m'a demandé… »): the holder's details
	// given then or later prove nothing about them. Their own details,
	// said to be theirs, lift it.
	ForOther bool `json:"for_other,omitempty"`
	// HandedOver is the customer whose conversation someone else said
	// they took over ("my brother's grabbed the keyboard"): that account's
	// details given next prove nothing about the new writer (the brother
	// gave his sister's and saw her points; round 107b), until they are
	// said to be the writer's own.
	HandedOver int64 `json:"handed_over,omitempty"`
	// RefusedEmail is the e-mail address given for someone else and
	// refused: that account is not served in this conversation, whatever
	// is said of it later ("nan mais en vrai c pour moi", then the same
	// details, showed the sister's order; round 111b).
	RefusedEmail string `json:"refused_email,omitempty"`
	// RefusedOrder is the order number of the details refused so, kept
	// the same way (normalised).
	RefusedOrder string `json:"refused_order,omitempty"`
	// RefusedCard is the loyalty card number of the details refused so,
	// kept the same way (normalised): "my boyfriend wants to know how many
	// points he has, card OPL-1002-02", then "lol jk it's me" with the
	// account's e-mail and order, was served (round 122b, a leak).
	RefusedCard string `json:"refused_card,omitempty"`
	// OtherName is the first name of someone the writer named as theirs
	// before any proof ("mon ami Thomas", "my daughter Sophie"),
	// normalised: details then verified as that person's are theirs, not
	// the writer's (round 122a, leaks).
	OtherName string `json:"other_name,omitempty"`
	// NamedSomeone is set once a message of the conversation spoke of
	// someone of the writer's ("un cadeau à ma mère"): "je lui dirai"
	// later may be about them (relaysToUnnamed).
	NamedSomeone bool `json:"named_someone,omitempty"`
	// OthersRefused is set when a verified customer asked for someone
	// else's account with its details, and refused: "cancel it please"
	// next means the other's order, not one of theirs (the writer's own
	// order was offered and cancelled on "yes"). Naming one of their own
	// orders lifts it.
	OthersRefused bool `json:"others_refused,omitempty"`
	// OthersOrder is the order just refused as another person's, for the
	// next message only: a request that names no order next is not taken
	// to be about the customer's own.
	OthersOrder string `json:"others_order,omitempty"`
	// Listed are the order numbers of the last list of orders shown, in
	// its order: "and the second one?" is the second.
	Listed []string `json:"listed,omitempty"`
	// ListedFor is how many more messages Listed is about: a place said
	// long after the list names nothing in it.
	ListedFor int `json:"listed_for,omitempty"`
	// Shown are the cases or the vouchers of the last list of them, in
	// its order, and ShownKind which (shownCase, shownVoucher): "and the
	// second one?" is one of them, for as long as Listed would be.
	Shown     []string `json:"shown,omitempty"`
	ShownKind string   `json:"shown_kind,omitempty"`
	// LastFAQ is the FAQ entry the last answer gave, for the message
	// right after it: "how much?" asks about it.
	LastFAQ string `json:"last_faq,omitempty"`
	// LastAsked is the question that answer answered, in the customer's
	// words: a follow-up that makes sense only with it ("et en express
	// ?") is read with it.
	LastAsked string `json:"last_asked,omitempty"`
	// Case is the conversation's open case with the team, once asked for:
	// asking again refers to it rather than opening another.
	Case string `json:"case,omitempty"`
	// Fallbacks counts messages in a row the bot did not understand.
	Fallbacks int `json:"fallbacks,omitempty"`
	// SignedOff is set when the last message closed a letter ("Kind
	// regards,"): a name alone next is its signature.
	SignedOff bool `json:"signed_off,omitempty"`
	// AckedAt is when the customer was last told their message was passed
	// to the team while waiting for an agent.
	AckedAt time.Time `json:"acked_at,omitzero"`
	// Recent is the bot's last answer, as the transcript holds it, for a
	// question about it ("et ça prend combien de temps ?"): reading it
	// back from the transcript, where every page is read afresh under
	// concurrent writes, was 6 % of serve's CPU under load for a question
	// asked once in eight turns.
	Recent *recent `json:"recent,omitempty"`
}

// recent is the bot's last answer (the replies to the customer's last
// message that had any, joined by line breaks; empty when no message had
// any) and what the customer's last message was read as, as the transcript
// had them when the turn that kept them was saved.
type recent struct {
	Answer string `json:"answer,omitempty"`
	Asked  string `json:"asked,omitempty"`
	// At is when that turn was saved, the conversation's update time
	// then: any other save since (an agent's message, a logout, a
	// language set) changes that time, and the transcript is read
	// instead.
	At time.Time `json:"at"`
}

// recentMaxBytes is the longest answer kept: a longer one is read back
// from the transcript. A conversation's row is rewritten every turn, and
// one that no longer fits a page beside its neighbours costs more to
// write than the rare read it saves.
const recentMaxBytes = 1024

// current reports whether r still says what the transcript of a
// conversation last saved at updated holds. Times are compared to the
// microsecond: PostgreSQL keeps no finer, and two saves of one
// conversation are never that close.
func (r *recent) current(updated time.Time) bool {
	if r == nil || updated.IsZero() {
		return false
	}
	d := r.At.Sub(updated)
	return d > -time.Microsecond && d < time.Microsecond
}

// decodeDialogue reads a state encode wrote. It decodes with the JSON
// package that became encoding/json/v2 (go-json-experiment), which reads
// a state in a third of the time encoding/json takes (a 2 kB state with
// the last answers: 14 → 5 µs): every turn decodes one. What encode
// writes reads the same with either (tags matched exactly, valid UTF-8, no
// duplicate names; TestDecodeDialogueAsEncodingJSON); encode stays with
// encoding/json, the faster of the two at writing it.
func decodeDialogue(b []byte) (dialogue, error) {
	var d dialogue
	if len(b) == 0 {
		return d, nil
	}
	if err := jsonv2.Unmarshal(b, &d); err != nil {
		return dialogue{}, fmt.Errorf("decode dialogue state: %w", err)
	}
	return d, nil
}

func (d dialogue) encode() []byte {
	b, err := json.Marshal(d)
	if err != nil {
		// Plain structs of strings and numbers always marshal.
		panic(fmt.Sprintf("encode dialogue state: %v", err))
	}
	return b
}

// pause puts the current task aside to answer an interruption.
func (d *dialogue) pause() {
	if d.Task != nil {
		d.Paused = append(d.Paused, *d.Task)
		d.Task = nil
	}
}

// resume takes back the most recently interrupted task, if any.
func (d *dialogue) resume() bool {
	if d.Task != nil || len(d.Paused) == 0 {
		return false
	}
	t := d.Paused[len(d.Paused)-1]
	d.Paused = d.Paused[:len(d.Paused)-1]
	d.Task = &t
	return true
}

// inHand returns the task in progress, or the one last set aside for a
// question in between; nil when there is none.
func (d *dialogue) inHand() *task {
	if d.Task != nil {
		return d.Task
	}
	if len(d.Paused) > 0 {
		return &d.Paused[len(d.Paused)-1]
	}
	return nil
}

// forget drops every task in progress.
func (d *dialogue) forget() {
	d.Task = nil
	d.Paused = nil
}

// forgetProof forgets what the customer gave to prove who they are: the
// order, e-mail and card numbers the conversation keeps.
func (d *dialogue) forgetProof() {
	d.Order, d.Email, d.OrderRef, d.Card = "", "", "", ""
	// Nor what was done or told on the account: a follow-up question
	// ("remboursé combien et quand ?", "what's the return number
	// again?") after someone else took over gave the amount, the date
	// and the RA number (round 79b).
	d.Last, d.Answered, d.Offered, d.Declined = nil, nil, nil, nil
	d.Listed, d.Shown, d.ShownKind = nil, nil, ""
	d.Recent = nil
}

// forgetBut forgets the tasks in hand but the other problems with a
// delivery and the other requests told beside the one just filed, which
// still wait their turn.
func (d *dialogue) forgetBut() {
	d.Task = nil
	d.Paused = slices.DeleteFunc(d.Paused, func(p task) bool { return !p.Apart && !p.Beside })
}
