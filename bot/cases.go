package bot

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// The account area's cases and requests: claims and investigations
// followed up (claims.go's flow here), exchanges (exchange.go), a
// pending order's address (address.go) and the customer's details and
// newsletter (account_details.go). What they share is here.

// caseRecentDays is how long a closed case is still told, with its
// outcome, when the customer asks where their cases stand.
const caseRecentDays = 30

// stepText waits for free text a request needs: the item wanted in
// exchange, a new address, the details to correct.
const stepText = "text"

// stepChoice waits for one of the buttons a flow offered.
const stepChoice = "choice"

// Payloads of the account details' buttons.
const (
	payloadUnsubscribe = "/account:unsubscribe"
	payloadCorrect     = "/account:correct"
)

// claimStatus tells where the customer's cases with the team stand: those
// still open, and those closed lately with how they ended, newest first.
func (e *Engine) claimStatus(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	t.d.Task = nil
	tickets, orders, ok := e.ticketsAndOrders(t, "cases")
	if !ok {
		return
	}
	cases := followedCases(tickets, t.now)
	if len(cases) == 1 && cases[0].Ref == t.caseTold {
		// « ou en est lenquete pr mon colis perdu ?? … cde 102503 »: the
		// parcel's case, just told of, is the only one (it was listed
		// twice in one answer; round 89b).
		return
	}
	if len(cases) == 0 {
		e.say(t, "cases_none", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	e.sayN(t, "cases_intro", len(cases), nil)
	open := false
	var shown []string
	for i, c := range cases {
		if i == maxAccountLines {
			break
		}
		e.say(t, caseMessage(c), e.caseData(t, c, orders))
		open = open || !storage.TicketClosed(c.Status)
		shown = append(shown, c.Ref)
	}
	t.d.show(shownCase, shown)
	if len(shown) == 1 {
		// One case told: kept too, for "you can close it" next (« oui
		// mais je l'ai reçu, vous pouvez le clôturer ? » was not
		// understood; round 122a).
		t.d.Shown, t.d.ShownKind, t.d.Listed, t.d.ListedFor = shown, shownCase, nil, listedTurns
	}
	if open {
		e.say(t, "cases_followup", nil)
	}
	if len(cases) > 1 {
		// "how much longer?" after several cases: which one is not known
		// (the last line said would answer it).
		t.d.Answered = nil
	}
	if t.input.payload == "" && e.mentionsUnnegated(t.lang(), keywordCloseCase, t.input.norm) {
		// « … Vous pouvez clôturer le dossier TK-7D2E5M1A. » with the
		// proof: the case listed, then its withdrawal offered (only the
		// list came; round 127a).
		e.takesBackListedCase(t)
	}
}

// sayCaseRef tells where one case of the customer's stands, by its
// reference.
func (e *Engine) sayCaseRef(t *turn, ref string) {
	tickets, orders, ok := e.ticketsAndOrders(t, "case")
	if !ok {
		return
	}
	for _, c := range tickets {
		if c.Ref == ref {
			e.say(t, caseMessage(c), e.caseData(t, c, orders))
			return
		}
	}
	e.say(t, "cases_none", nil, e.button(t, "button_human", payloadHuman))
}

// ticketsAndOrders reads the verified customer's cases and orders, which
// a case's line names; it reports false when it failed, and said so.
func (e *Engine) ticketsAndOrders(t *turn, what string) ([]storage.Ticket, []storage.Order, bool) {
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		e.fail(t, what, fmt.Errorf("tickets: %w", err))
		return nil, nil, false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, what, err)
		return nil, nil, false
	}
	return tickets, orders, true
}

// followedCases keeps the cases a customer follows: open ones, and those
// closed in the last caseRecentDays days; open ones first, newest first.
func followedCases(tickets []storage.Ticket, now time.Time) []storage.Ticket {
	var out []storage.Ticket
	for _, tk := range tickets {
		closed := storage.TicketClosed(tk.Status)
		if closed && now.Sub(tk.UpdatedAt) > caseRecentDays*24*time.Hour {
			continue
		}
		out = append(out, tk)
	}
	slices.SortStableFunc(out, func(a, b storage.Ticket) int {
		ca, cb := storage.TicketClosed(a.Status), storage.TicketClosed(b.Status)
		switch {
		case ca == cb:
			return b.CreatedAt.Compare(a.CreatedAt)
		case ca:
			return 1
		}
		return -1
	})
	return out
}

// caseMessage is the message ID that words a case: with its outcome when
// one is recorded.
func caseMessage(c storage.Ticket) string {
	if c.Outcome != "" {
		return "case_line_outcome"
	}
	return "case_line"
}

// caseData is the template data of a message about a case.
func (e *Engine) caseData(t *turn, c storage.Ticket, orders []storage.Order) map[string]any {
	data := map[string]any{
		"Ticket":  c.Ref,
		"Kind":    e.word(t, "case_kind_", c.Kind),
		"Status":  e.word(t, "case_status_", c.Status),
		"Created": e.fmt.date(t.lang(), c.CreatedAt, t.now),
		"Outcome": c.Outcome,
	}
	if o, ok := orderByID(orders, c.OrderID); ok {
		data["Number"] = o.Number
		data["Carrier"] = policy.CarrierName(e.policy, o.Carrier)
	}
	// (What follow-up questions about it are answered with: "how much
	// longer?", "and if they don't find it?"; round 83a.)
	data["KindID"] = c.Kind
	return data
}

// word renders prefix+key when the locale has it, else the key itself.
func (e *Engine) word(t *turn, prefix, key string) string {
	if e.texts.Has(t.lang(), prefix+key) {
		return e.text(t, prefix+key, nil)
	}
	return key
}

// requestedOrder is the order a flow waiting for free text is about: the
// text itself (an address, "size 54") must not be read as an order number.
func (e *Engine) requestedOrder(t *turn, likely orderFilter) (storage.Order, bool) {
	if tk := t.d.Task; tk.Step == stepText && t.input.free && tk.Order != "" &&
		(e.namedOrder(t) == "" || strings.EqualFold(e.namedOrder(t), tk.Order)) {
		// (Not when the text names another order: "not this one,
		// OP-102603. new address: …" is about that order; the address
		// went on the first one, and "no, my neighbour's order
		// OP-102501: …" too, after a yes; round 69b.)
		orders, err := e.customerOrders(t)
		if err != nil {
			e.fail(t, "list orders", err)
			return storage.Order{}, false
		}
		if o, ok := findOrder(orders, tk.Order); ok {
			return o, true
		}
	}
	return e.pickOrder(t, likely)
}

// openRequest records a request the team carries out (an exchange, an
// address change, an unsubscription) as a ticket.
func (e *Engine) openRequest(t *turn, kind string, o storage.Order, summary string, details map[string]string) (storage.Ticket, error) {
	if same, ok, err := e.sameOpenRequest(t, kind, o, details, ""); err != nil {
		return storage.Ticket{}, fmt.Errorf("open %s request: %w", kind, err)
	} else if ok {
		return same, errAlreadyOpen
	}
	tk, err := e.openTicket(t, kind, o, summary, details)
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("open %s request: %w", kind, err)
	}
	about := requestAbout[kind]
	t.doneNow = true
	t.d.Last = &done{Kind: didRequest, Order: o.Number, Ticket: tk.Ref, TicketID: tk.ID, About: about,
		What: e.text(t, "what_"+about, map[string]any{"Number": o.Number})}
	return tk, nil
}

// errAlreadyOpen is returned with the open request that a new one would
// repeat: the same kind, order and details (an exchange, an address
// change, an unsubscription confirmed twice made two).
var errAlreadyOpen = errors.New("the same request is already open")

// sameOpenRequest returns the customer's open request of kind on order o
// whose details are those given, if there is one; with key, only that
// detail is compared.
func (e *Engine) sameOpenRequest(t *turn, kind string, o storage.Order, details map[string]string, key string) (storage.Ticket, bool, error) {
	if t.conv.CustomerID == 0 {
		return storage.Ticket{}, false, nil
	}
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return storage.Ticket{}, false, err
	}
	for _, tk := range tickets {
		if tk.Kind != kind || tk.OrderID != o.ID || storage.TicketClosed(tk.Status) {
			continue
		}
		if key != "" && sameText(tk.Details[key], details[key]) || key == "" && sameDetails(tk.Details, details) {
			return tk, true, nil
		}
		if kind == storage.TicketAccountRequest && details["request"] == requestCorrection && tk.Details["request"] == requestCorrection &&
			e.sameCorrection(t, tk.Details["text"], details["text"]) {
			return tk, true, nil
		}
	}
	return storage.Ticket{}, false, nil
}

// sameDetails reports whether two requests' details say the same, letter
// case and spaces aside.
func sameDetails(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !sameText(v, b[k]) {
			return false
		}
	}
	return true
}

// sameText reports whether two details say the same, letter case,
// accents, punctuation and spaces aside ("5 avenue Foch, 69006 Lyon" and
// "5 avenue Foch 69006 Lyon").
func sameText(a, b string) bool {
	return intents.Normalize(a) == intents.Normalize(b)
}

// sameCorrection reports whether two corrections of the account's details
// give the same phone numbers and e-mail addresses, and at least one,
// however they are worded ("it should be 07700 900456", then "could you
// also update my phone number to 07700 900456": a second request was one
// yes away; round 89a). Only corrections: two address changes may share
// the phone number written beside different addresses.
func (e *Engine) sameCorrection(t *turn, a, b string) bool {
	ca, cb := e.contactValues(t, a), e.contactValues(t, b)
	return len(ca) > 0 && slices.Equal(ca, cb)
}

// contactValues returns the e-mail addresses (as the extractor finds them)
// and phone numbers (phoneNumbersIn) a text gives, sorted.
func (e *Engine) contactValues(t *turn, text string) []string {
	var out []string
	for _, en := range e.entitiesOf(text, t.lang()) {
		if en.Type == intents.EntityEmail {
			out = append(out, storage.NormalizeEmail(en.Value))
		}
	}
	out = append(out, phoneNumbersIn(text)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// phoneNumbersIn returns the phone numbers a text gives, as digits: runs
// of 8 digits or more, spaces, dots, dashes and a leading + aside ("+33 6
// 72 18 45 90" is "33672184590").
func phoneNumbersIn(text string) []string {
	var out []string
	var digits strings.Builder
	flush := func() {
		if digits.Len() >= 8 {
			out = append(out, digits.String())
		}
		digits.Reset()
	}
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '+':
		default:
			flush()
		}
	}
	flush()
	return out
}

// sayAlreadyOpen answers a request that repeats one already open, and
// reports whether err says so.
func (e *Engine) sayAlreadyOpen(t *turn, err error, same storage.Ticket) bool {
	if !errors.Is(err, errAlreadyOpen) {
		return false
	}
	t.d.Task = nil
	e.say(t, "request_already_open", map[string]any{"Ticket": same.Ref})
	return true
}

// requestAbout names what a request of each kind is about, by the keyword
// list that names it.
var requestAbout = map[string]string{
	storage.TicketAddressChange:  aboutAddress,
	storage.TicketExchange:       aboutExchange,
	storage.TicketAccountRequest: aboutAccount,
	storage.TicketInvestigation:  aboutItem,
}

// maskWords hides all but the first character of each word: enough for
// the customer to recognise their street, not enough for someone reading
// over their shoulder. Punctuation stays.
func maskWords(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start {
				b.WriteRune(r)
			} else {
				b.WriteRune('•')
			}
			start = false
		default:
			b.WriteRune(r)
			start = true
		}
	}
	return b.String()
}

// maskedAddress writes an address with its street masked and its postal
// code and town in full.
func maskedAddress(a storage.Address) string {
	parts := []string{maskWords(a.Line1)}
	if a.Line2 != "" {
		parts = append(parts, maskWords(a.Line2))
	}
	parts = append(parts, strings.TrimSpace(a.PostalCode+" "+a.City))
	return strings.Join(parts, ", ")
}

// fullAddress writes an address on one line, for the team.
func fullAddress(a storage.Address) string {
	var parts []string
	for _, p := range []string{a.Name, a.Line1, a.Line2, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// maskedEmail keeps the first letter of an e-mail and its domain.
func maskedEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return maskWords(s)
	}
	r := []rune(local)
	return string(r[0]) + strings.Repeat("•", len(r)-1) + "@" + domain
}

// maskedPhone keeps the last two digits of a phone number.
func maskedPhone(s string) string {
	digits := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	var b strings.Builder
	seen := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			seen++
			if seen <= digits-2 {
				r = '•'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
