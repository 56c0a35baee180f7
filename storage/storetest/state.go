package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"testing"

	"supportbot/storage"
)

// seedEmails and seedOrders name every record of the seed shop.
var (
	seedEmails = []string{"ana.martin@example.fr", "tom.baker@example.com", "lea.roux@example.fr"}
	seedOrders = []string{"CL-482913", "CL-482920", "CL-482931", "CL-482944"}
)

// state is what a store holds about some customers and orders, read
// through the contract alone (every customer's export, every order, the
// open hand-offs and the order count), so that two states of any backend
// can be compared: "a refused write changed nothing".
func state(tb testing.TB, db Store, emails, numbers []string) string {
	tb.Helper()
	ctx := context.Background()
	snap := map[string]any{}
	n, err := db.CountOrders(ctx)
	if err != nil {
		tb.Fatalf("CountOrders: %v", err)
	}
	snap["orders"] = n
	for _, e := range emails {
		d, err := db.ExportCustomer(ctx, e)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			snap["customer "+e] = "none"
		case err != nil:
			tb.Fatalf("ExportCustomer(%s): %v", e, err)
		default:
			snap["customer "+e] = d
		}
	}
	for _, num := range numbers {
		o, err := db.OrderByNumber(ctx, num)
		switch {
		case errors.Is(err, storage.ErrNotFound):
			snap["order "+num] = "none"
		case err != nil:
			tb.Fatalf("OrderByNumber(%s): %v", num, err)
		default:
			snap["order "+num] = o
		}
	}
	open, err := db.OpenHandoffs(ctx)
	if err != nil {
		tb.Fatalf("OpenHandoffs: %v", err)
	}
	snap["open handoffs"] = open
	b, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// seedState is the state of the seed shop's records and of those an
// import file names.
func seedState(tb testing.TB, db Store, file []byte) string {
	tb.Helper()
	emails, numbers := slices.Clone(seedEmails), slices.Clone(seedOrders)
	for _, m := range mentioned.FindAllStringSubmatch(string(file), -1) {
		if m[1] == "email" {
			emails = append(emails, m[2])
		} else {
			numbers = append(numbers, m[2])
		}
	}
	return state(tb, db, emails, numbers)
}

// mentioned finds the e-mails and order numbers a JSON import file names.
var mentioned = regexp.MustCompile(`"(email|number|order)"\s*:\s*"([^"]*)"`)
