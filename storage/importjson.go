package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxImportSize bounds how much DecodeImport reads: a shop's full history
// fits many times over.
const maxImportSize = 1 << 30

// DecodeImport reads a JSON import file (SPEC section 6), refusing unknown
// fields, and checks every record. A file with problems returns an
// *ImportError naming each record and field (at most 20 are listed); a
// malformed file names the line and column. Money is converted to cents
// without floating point, e-mails are normalised, and empty channel, kind
// and currency become "web", "product" and "EUR".
func DecodeImport(r io.Reader) (*ImportFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("read import file: %w", err)
	}
	if len(data) > maxImportSize {
		return nil, &ImportError{Problems: []Problem{{Message: fmt.Sprintf("the file is larger than %d bytes", maxImportSize)}}}
	}
	// Spreadsheet tools often start UTF-8 files with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var w wireFile
	if p, ok := decodeTop(data, &w); !ok {
		return nil, &ImportError{Problems: []Problem{p}}
	}
	var ps problems
	v := newValidator(&ps)
	f := &ImportFile{
		Customers:         make([]ImportCustomer, 0, len(w.Customers)),
		Orders:            make([]ImportOrder, 0, len(w.Orders)),
		PointsAdjustments: make([]ImportPointsAdjustment, 0, len(w.PointsAdjustments)),
	}
	for i, raw := range w.Customers {
		if c, ok := decodeCustomer(&ps, i, raw); ok {
			v.customer(customerLabel(i, c.Email), c)
			f.Customers = append(f.Customers, c)
		}
	}
	for i, raw := range w.Orders {
		if o, ok := decodeOrder(&ps, i, raw); ok {
			v.order(orderLabel(i, o.Number), o)
			f.Orders = append(f.Orders, o)
		}
	}
	for i, raw := range w.PointsAdjustments {
		if a, ok := decodeAdjustment(&ps, i, raw); ok {
			v.adjustment(adjustmentLabel(i, a.Email), a)
			f.PointsAdjustments = append(f.PointsAdjustments, a)
		}
	}
	decodeAccount(&ps, v, &w, f)
	decodeTickets(&ps, v, &w, f)
	if i := invalidUTF8(data); i >= 0 && len(ps.list) == 0 {
		// Bad bytes outside any record, such as in a key of the file.
		ps.add(position(data, int64(i)+1), "", "not valid UTF-8: save the file as UTF-8")
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// The wire types mirror the file. Lists of records are kept raw so that each
// record is decoded on its own: an error then names its record, and one bad
// record does not hide the problems of the others.
type (
	wireFile struct {
		Customers         []json.RawMessage `json:"customers"`
		Orders            []json.RawMessage `json:"orders"`
		PointsAdjustments []json.RawMessage `json:"points_adjustments"`
		Returns           []json.RawMessage `json:"returns"`
		Refunds           []json.RawMessage `json:"refunds"`
		Vouchers          []json.RawMessage `json:"vouchers"`
		Tickets           []json.RawMessage `json:"tickets"`
	}
	wireCustomer struct {
		Email       string `json:"email"`
		Name        string `json:"name,omitempty"`
		Phone       string `json:"phone,omitempty"`
		Language    string `json:"language,omitempty"`
		LoyaltyCard string `json:"loyalty_card,omitempty"`
		// Absent: the stored consent and addresses stay as they are.
		Newsletter *bool          `json:"newsletter,omitempty"`
		Addresses  *[]wireAddress `json:"addresses,omitempty"`
	}
	wireOrder struct {
		Number           string            `json:"number"`
		Email            string            `json:"email"`
		PlacedAt         string            `json:"placed_at"`
		Channel          string            `json:"channel"`
		Status           string            `json:"status"`
		Carrier          string            `json:"carrier"`
		TrackingNumber   string            `json:"tracking_number"`
		ShippedAt        string            `json:"shipped_at"`
		DeliveredAt      string            `json:"delivered_at"`
		CancelledAt      string            `json:"cancelled_at"`
		Total            json.RawMessage   `json:"total"`
		Currency         string            `json:"currency"`
		PaidWithGiftCard bool              `json:"paid_with_gift_card"`
		Items            []json.RawMessage `json:"items"`
		Invoice          *wireInvoice      `json:"invoice"`
		ShippingAddress  *wireAddress      `json:"shipping_address"`
	}
	wireItem struct {
		SKU          string          `json:"sku"`
		Name         string          `json:"name"`
		Quantity     json.RawMessage `json:"quantity"`
		UnitPrice    json.RawMessage `json:"unit_price"`
		Personalized bool            `json:"personalized"`
		Kind         string          `json:"kind"`
	}
	wireAdjustment struct {
		Email  string          `json:"email"`
		Points json.RawMessage `json:"points"`
		Reason string          `json:"reason"`
		At     string          `json:"at"`
	}
)

// decodeTop decodes the outer object and checks nothing follows it.
func decodeTop(data []byte, w *wireFile) (Problem, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		return Problem{Message: "the file is empty"}, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(w); err != nil {
		p := jsonProblem(err)
		if strings.HasPrefix(p.Message, "unknown field") {
			p.Message += " (expected customers, orders, points_adjustments, returns, refunds, vouchers and tickets)"
		} else {
			p.Record = position(data, errorOffset(err, int64(len(data))))
		}
		if ute := (*json.UnmarshalTypeError)(nil); errors.As(err, &ute) && ute.Field == "" {
			p.Message = "the file must be a JSON object with customers, orders and points_adjustments"
		}
		return p, false
	}
	if dup := duplicateKey(data, true); dup != "" {
		return Problem{Message: fmt.Sprintf("%s is written twice in the file: keep one list", dup)}, false
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		rest := bytes.TrimLeft(data[off:], " \t\r\n")
		return Problem{Record: position(data, int64(len(data)-len(rest))+1), Message: "unexpected data after the JSON object"}, false
	}
	return Problem{}, true
}

// decodeRecord decodes one record strictly.
func decodeRecord(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// failedLabel names a record that could not be decoded by whatever
// identifier can still be read from it.
func failedLabel(list string, i int, raw []byte, key string) string {
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	s, _ := m[key].(string)
	if key == "email" {
		s = NormalizeEmail(s)
	}
	return fmt.Sprintf("%s[%d] (%s)", list, i, labelText(s))
}

func decodeCustomer(ps *problems, i int, raw []byte) (ImportCustomer, bool) {
	var w wireCustomer
	if !checkRaw(ps, failedLabel("customers", i, raw, "email"), raw) {
		return ImportCustomer{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, failedLabel("customers", i, raw, "email"), "", err)
		return ImportCustomer{}, false
	}
	return ImportCustomer{
		Email:       NormalizeEmail(w.Email),
		Name:        strings.TrimSpace(w.Name),
		Phone:       strings.TrimSpace(w.Phone),
		Language:    strings.ToLower(strings.TrimSpace(w.Language)),
		LoyaltyCard: strings.TrimSpace(w.LoyaltyCard),
		Newsletter:  w.Newsletter,
		Addresses:   decodeAddresses(w.Addresses),
	}, true
}

func decodeOrder(ps *problems, i int, raw []byte) (ImportOrder, bool) {
	var w wireOrder
	if !checkRaw(ps, failedLabel("orders", i, raw, "number"), raw) {
		return ImportOrder{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, failedLabel("orders", i, raw, "number"), "", err)
		return ImportOrder{}, false
	}
	rec := orderLabel(i, w.Number)
	o := ImportOrder{
		Number:           strings.TrimSpace(w.Number),
		Email:            NormalizeEmail(w.Email),
		PlacedAt:         parseTime(ps, rec, "placed_at", w.PlacedAt),
		Channel:          orDefault(w.Channel, ChannelWeb),
		Status:           w.Status,
		Carrier:          strings.TrimSpace(w.Carrier),
		TrackingNumber:   strings.TrimSpace(w.TrackingNumber),
		ShippedAt:        parseTime(ps, rec, "shipped_at", w.ShippedAt),
		DeliveredAt:      parseTime(ps, rec, "delivered_at", w.DeliveredAt),
		CancelledAt:      parseTime(ps, rec, "cancelled_at", w.CancelledAt),
		TotalCents:       parseMoney(ps, rec, "total", w.Total),
		Currency:         orDefault(strings.TrimSpace(w.Currency), "EUR"),
		PaidWithGiftCard: w.PaidWithGiftCard,
		Items:            make([]ImportItem, 0, len(w.Items)),
		Invoice:          decodeInvoice(ps, rec, w.Invoice),
	}
	if w.ShippingAddress != nil {
		a := decodeAddress(*w.ShippingAddress)
		o.ShippingAddress = &a
	}
	ok := true
	for j, rawItem := range w.Items {
		prefix := fmt.Sprintf("items[%d]", j)
		var wi wireItem
		if err := decodeRecord(rawItem, &wi); err != nil {
			addJSONProblem(ps, rec, prefix, err)
			ok = false
			continue
		}
		o.Items = append(o.Items, ImportItem{
			SKU:            strings.TrimSpace(wi.SKU),
			Name:           strings.TrimSpace(wi.Name),
			Quantity:       parseWhole(ps, rec, prefix+".quantity", wi.Quantity),
			UnitPriceCents: parseMoney(ps, rec, prefix+".unit_price", wi.UnitPrice),
			Personalized:   wi.Personalized,
			Kind:           orDefault(wi.Kind, KindProduct),
		})
	}
	return o, ok
}

func decodeAdjustment(ps *problems, i int, raw []byte) (ImportPointsAdjustment, bool) {
	var w wireAdjustment
	if !checkRaw(ps, failedLabel("points_adjustments", i, raw, "email"), raw) {
		return ImportPointsAdjustment{}, false
	}
	if err := decodeRecord(raw, &w); err != nil {
		addJSONProblem(ps, failedLabel("points_adjustments", i, raw, "email"), "", err)
		return ImportPointsAdjustment{}, false
	}
	email := NormalizeEmail(w.Email)
	rec := adjustmentLabel(i, email)
	return ImportPointsAdjustment{
		Email:  email,
		Points: parseWhole(ps, rec, "points", w.Points),
		Reason: strings.TrimSpace(w.Reason),
		At:     parseTime(ps, rec, "at", w.At),
	}, true
}

// rfc3339Shape is the strict form of an RFC 3339 time, which time.Parse
// alone does not enforce (it accepts a one-digit hour).
var rfc3339Shape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$`)

// parseTime reads an RFC 3339 time; an empty string is the zero time, which
// the validator refuses where a time is required.
func parseTime(ps *problems, rec, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !rfc3339Shape.MatchString(s) {
		ps.add(rec, field, "must be an RFC 3339 time such as 2025-03-14T10:30:00+01:00, got %q", labelText(s))
		return time.Time{}
	}
	return t.UTC()
}

func parseMoney(ps *problems, rec, field string, raw json.RawMessage) int64 {
	n, ok := numberLiteral(ps, rec, field, raw)
	if !ok {
		return 0
	}
	c, err := ParseCents(n)
	if err != nil {
		ps.add(rec, field, "%s, got %s", mustWording(err), labelText(n))
		return 0
	}
	return c
}

// parseWhole reads a whole number; range checks are the validator's.
func parseWhole(ps *problems, rec, field string, raw json.RawMessage) int {
	n, ok := numberLiteral(ps, rec, field, raw)
	if !ok {
		return 0
	}
	v, err := strconv.ParseInt(n, 10, 32)
	if err != nil {
		ps.add(rec, field, "must be a whole number, got %s", labelText(n))
		return 0
	}
	return int(v)
}

// numberLiteral returns the JSON number a field holds. Numbers are kept raw
// while decoding so that a string or an absent value is reported with its
// field, and so that amounts are never read through a float.
func numberLiteral(ps *problems, rec, field string, raw json.RawMessage) (string, bool) {
	s := string(bytes.TrimSpace(raw))
	switch {
	case s == "" || s == "null":
		ps.add(rec, field, "required")
		return "", false
	case s[0] == '-' || isDigit(s[0]):
		return s, true
	}
	ps.add(rec, field, "must be a number, got %s", jsonKind(s[0]))
	return "", false
}

func jsonKind(first byte) string {
	switch first {
	case '"':
		return "a string"
	case '[':
		return "a list"
	case '{':
		return "an object"
	}
	return "true or false"
}

// mustWording turns a ParseCents error into the wording of the other
// problems ("must not be negative", "has more than 2 decimals").
func mustWording(err error) string {
	msg := err.Error()
	if msg == "not a number" {
		return "must be a number"
	}
	return msg
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// addJSONProblem records why a record could not be decoded.
func addJSONProblem(ps *problems, rec, prefix string, err error) {
	p := jsonProblem(err)
	field := p.Field
	if prefix != "" && field != "" {
		field = prefix + "." + field
	} else if prefix != "" {
		field = prefix
	}
	ps.add(rec, field, "%s", p.Message)
}

// jsonProblem explains a decoding error in the file's terms: the field, and
// what it should have been.
func jsonProblem(err error) Problem {
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &ute):
		return Problem{Field: ute.Field, Message: fmt.Sprintf("must be %s, got %s", kindWording(ute.Type), jsonWording(ute.Value))}
	case errors.As(err, &se):
		return Problem{Message: "invalid JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return Problem{Message: "invalid JSON: unexpected end of file"}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return Problem{Message: "unknown field " + name}
	}
	return Problem{Message: msg}
}

func kindWording(t reflect.Type) string {
	if t == reflect.TypeFor[json.Number]() {
		return "a number"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

func jsonWording(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a " + v
}

func errorOffset(err error, def int64) int64 {
	var se *json.SyntaxError
	var ute *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return se.Offset
	case errors.As(err, &ute):
		return ute.Offset
	}
	return def
}

// position turns a decoder offset (bytes read when the error was found)
// into a line and column, counted from 1.
func position(data []byte, off int64) string {
	idx := int(min(max(off-1, 0), int64(len(data))))
	before := data[:idx]
	line := 1 + bytes.Count(before, []byte("\n"))
	col := idx - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
