package storage

import (
	"fmt"
	"strings"
	"time"
)

// The import file's addresses, newsletter consent and cases (claims and
// investigations followed by the shop). Every field is optional, so files
// written before them still load unchanged.

// ImportTicket is one entry of the file's "tickets" list: a case the shop
// follows (a claim for a parcel, a carrier investigation, a wrong item),
// matched by its reference. For a reference the store holds (a case the
// bot opened) the status and outcome are updated; a new reference creates
// the case, which then needs its kind, order and creation time.
type ImportTicket struct {
	Ref       string // upper-cased
	Kind      string // TicketClaim, TicketInvestigation or TicketWrongItem; checked against a stored case when given
	Order     string // required for a new case; checked against a stored case when given
	Status    string // one of TicketStatuses
	Outcome   string // short text the customer is told; empty clears it
	Summary   string
	CreatedAt time.Time // required for a new case
}

// MissingForNew names the fields a case the store does not hold yet needs
// and t leaves empty, in the file's order: each backend refuses such a
// record with one problem per field.
func (t ImportTicket) MissingForNew() []string {
	var missing []string
	for _, f := range []struct {
		name  string
		empty bool
	}{{"kind", t.Kind == ""}, {"order", t.Order == ""}, {"created_at", t.CreatedAt.IsZero()}} {
		if f.empty {
			missing = append(missing, f.name)
		}
	}
	return missing
}

// ImportedTicketKinds are the kinds of case an import can create.
var ImportedTicketKinds = []string{TicketClaim, TicketInvestigation, TicketWrongItem}

type (
	wireAddress struct {
		Label      string `json:"label,omitempty"`
		Name       string `json:"name,omitempty"`
		Line1      string `json:"line1"`
		Line2      string `json:"line2,omitempty"`
		PostalCode string `json:"postal_code"`
		City       string `json:"city"`
		Country    string `json:"country"`
		Default    bool   `json:"default,omitempty"`
	}
	wireTicket struct {
		Ref       string `json:"ref"`
		Kind      string `json:"kind,omitempty"`
		Order     string `json:"order,omitempty"`
		Status    string `json:"status"`
		Outcome   string `json:"outcome,omitempty"`
		Summary   string `json:"summary,omitempty"`
		CreatedAt string `json:"created_at,omitempty"`
	}
)

func decodeAddress(w wireAddress) Address {
	return Address{
		Label:      strings.TrimSpace(w.Label),
		Name:       strings.TrimSpace(w.Name),
		Line1:      strings.TrimSpace(w.Line1),
		Line2:      strings.TrimSpace(w.Line2),
		PostalCode: strings.TrimSpace(w.PostalCode),
		City:       strings.TrimSpace(w.City),
		Country:    strings.ToUpper(strings.TrimSpace(w.Country)),
		Default:    w.Default,
	}
}

func encodeAddress(a Address) wireAddress {
	return wireAddress{Label: a.Label, Name: a.Name, Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode,
		City: a.City, Country: a.Country, Default: a.Default}
}

// decodeAddresses reads a customer's "addresses": nil when the field is
// absent (the stored addresses stay), an empty list when it is [] (they
// are removed).
func decodeAddresses(ws *[]wireAddress) []Address {
	if ws == nil {
		return nil
	}
	out := make([]Address, 0, len(*ws))
	for _, w := range *ws {
		out = append(out, decodeAddress(w))
	}
	return out
}

func decodeTickets(ps *problems, v *validator, w *wireFile, f *ImportFile) {
	for i, raw := range w.Tickets {
		if t, ok := decodeTicket(ps, i, raw); ok {
			v.ticket(ticketLabel(i, t.Ref), t)
			f.Tickets = append(f.Tickets, t)
		}
	}
}

func decodeTicket(ps *problems, i int, raw []byte) (ImportTicket, bool) {
	var w wireTicket
	label := failedLabel("tickets", i, raw, "ref")
	if !checkRaw(ps, label, raw) {
		return ImportTicket{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, label, "", err)
		return ImportTicket{}, false
	}
	ref := strings.ToUpper(strings.TrimSpace(w.Ref))
	return ImportTicket{
		Ref:       ref,
		Kind:      strings.TrimSpace(w.Kind),
		Order:     strings.TrimSpace(w.Order),
		Status:    strings.TrimSpace(w.Status),
		Outcome:   strings.TrimSpace(w.Outcome),
		Summary:   strings.TrimSpace(w.Summary),
		CreatedAt: parseTime(ps, ticketLabel(i, ref), "created_at", w.CreatedAt),
	}, true
}

func encodeTickets(out *jsonFile, f *ImportFile) {
	for _, t := range f.Tickets {
		out.Tickets = append(out.Tickets, wireTicket{
			Ref: t.Ref, Kind: t.Kind, Order: t.Order, Status: t.Status, Outcome: t.Outcome,
			Summary: t.Summary, CreatedAt: formatTime(t.CreatedAt),
		})
	}
}

func ticketLabel(i int, ref string) string {
	return fmt.Sprintf("tickets[%d] (%s)", i, labelText(ref))
}

// maxAddresses bounds a customer's delivery addresses.
const maxAddresses = 20

// validateAddresses checks a customer's delivery addresses: each
// labelled, labels distinct, exactly one default.
func validateAddresses(ps *problems, rec string, list []Address) {
	if len(list) > maxAddresses {
		ps.add(rec, "addresses", "at most %d addresses, got %d", maxAddresses, len(list))
		return
	}
	defaults := 0
	labels := make(map[string]bool, len(list))
	for j, a := range list {
		prefix := fmt.Sprintf("addresses[%d].", j)
		checkText(ps, rec, prefix+"label", a.Label, true)
		if len(a.Label) > 40 {
			ps.add(rec, prefix+"label", "at most 40 bytes, got %d", len(a.Label))
		}
		key := strings.ToLower(a.Label)
		if key != "" && labels[key] {
			ps.add(rec, prefix+"label", "two addresses are labelled %q", labelText(a.Label))
		}
		labels[key] = true
		validateAddress(ps, rec, prefix, a)
		if a.Default {
			defaults++
		}
	}
	if len(list) > 0 && defaults != 1 {
		ps.add(rec, "addresses", "exactly one address must be the default, got %d", defaults)
	}
}

// validateAddress checks the fields of one postal address; prefix is
// "addresses[2]." or "shipping_address.".
func validateAddress(ps *problems, rec, prefix string, a Address) {
	checkText(ps, rec, prefix+"name", a.Name, false)
	checkText(ps, rec, prefix+"line1", a.Line1, true)
	checkText(ps, rec, prefix+"line2", a.Line2, false)
	checkText(ps, rec, prefix+"city", a.City, true)
	switch {
	case a.PostalCode == "":
		ps.add(rec, prefix+"postal_code", "required")
	case len(a.PostalCode) > 12 || !isPostalCode(a.PostalCode):
		ps.add(rec, prefix+"postal_code", "must be letters, digits, spaces and dashes (at most 12), got %q", labelText(a.PostalCode))
	}
	if len(a.Country) != 2 || !isLetters(a.Country) {
		ps.add(rec, prefix+"country", "must be a two-letter country code such as FR, got %q", labelText(a.Country))
	}
	if a.Label != "" && prefix == "shipping_address." {
		ps.add(rec, prefix+"label", "only for a customer's addresses")
	}
	if a.Default && prefix == "shipping_address." {
		ps.add(rec, prefix+"default", "only for a customer's addresses")
	}
}

func isPostalCode(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !isDigit(c) && !(c >= 'a' && c <= 'z') && c != ' ' && c != '-' {
			return false
		}
	}
	return true
}

func validateTicket(ps *problems, rec string, t ImportTicket) {
	if msg := checkReference(t.Ref, maxNumberLen); msg != "" {
		ps.add(rec, "ref", "%s", msg)
	}
	if t.Status == "" {
		ps.add(rec, "status", "required")
	} else if !oneOf(t.Status, TicketStatuses...) {
		ps.add(rec, "status", "must be %s, got %q", strings.Join(TicketStatuses, ", "), labelText(t.Status))
	}
	if t.Kind != "" && !oneOf(t.Kind, ImportedTicketKinds...) {
		ps.add(rec, "kind", "must be %s, got %q", strings.Join(ImportedTicketKinds, ", "), labelText(t.Kind))
	}
	if t.Order != "" {
		if msg := checkIdentifier(t.Order); msg != "" {
			ps.add(rec, "order", "%s", msg)
		}
	}
	checkText(ps, rec, "outcome", t.Outcome, false)
	checkText(ps, rec, "summary", t.Summary, false)
	checkYear(ps, rec, "created_at", t.CreatedAt)
}
