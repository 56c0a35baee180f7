package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"supportbot/storage"
	"supportbot/storage/sqlite"
)

// CustomerCommand is "supportbot customer": the answers to a customer's
// data-protection requests. "export EMAIL" prints everything held about
// them as JSON; "erase EMAIL" removes it, keeping what the shop's accounts
// must keep (orders and returns with their totals and items).
type CustomerCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

const customerUsage = `Usage: supportbot customer export [--db PATH] EMAIL
       supportbot customer erase  [--db PATH] EMAIL

export prints everything the database holds about the customer with this
e-mail, as JSON: their record, orders, loyalty adjustments, returns,
tickets with attachments (base64), conversations with transcripts and
hand-offs, chat accounts linked to them, and identity checks made with
their e-mail.

erase removes it, in one transaction: conversations, transcripts, tickets
and attachments, linked chat accounts, loyalty adjustments and identity
checks are deleted; name, phone, loyalty card and e-mail are blanked. The
orders and returns stay, with their numbers, dates, items and totals, which
the shop's accounts must keep, but without e-mail, tracking number or
return reason. A customer with a hand-off still open is refused. Erase the
customer in the shop's own system too, or the next import brings them back.

Options:
`

// Run runs the command.
func (c *CustomerCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("supportbot customer", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	dbPath := fs.String("db", "supportbot.db", "SQLite database `PATH`")
	fs.Usage = func() {}
	usage := func(w io.Writer) {
		fmt.Fprint(w, customerUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		usage(c.Stdout)
		return flag.ErrHelp
	}
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		usage(c.Stderr)
		return errors.New("customer: want export or erase")
	}
	action := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(c.Stdout)
		} else {
			usage(c.Stderr)
		}
		return err
	}
	if fs.NArg() != 1 || !storage.ValidEmail(fs.Arg(0)) {
		usage(c.Stderr)
		return fmt.Errorf("customer %s: expected one e-mail address", action)
	}
	email := fs.Arg(0)
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("customer %s: %w", action, err)
	}
	defer db.Close()
	if action == "export" {
		return c.export(ctx, db, email)
	}
	return c.erase(ctx, db, email)
}

func (c *CustomerCommand) export(ctx context.Context, db *sqlite.DB, email string) error {
	d, err := db.ExportCustomer(ctx, email)
	if errors.Is(err, storage.ErrNotFound) {
		return errors.New("customer export: no customer with this e-mail")
	}
	if err != nil {
		return fmt.Errorf("customer export: %w", err)
	}
	enc := json.NewEncoder(c.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(exportOf(d)); err != nil {
		return fmt.Errorf("customer export: %w", err)
	}
	return nil
}

func (c *CustomerCommand) erase(ctx context.Context, db *sqlite.DB, email string) error {
	e, err := db.EraseCustomer(ctx, email)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		fmt.Fprintf(c.Stdout, "no customer with this e-mail; %d identity checks made with it deleted\n", e.Attempts)
		return nil
	case errors.Is(err, sqlite.ErrOpenHandoff):
		return fmt.Errorf("customer erase: %w", sqlite.ErrOpenHandoff)
	case err != nil:
		return fmt.Errorf("customer erase: %w", err)
	}
	fmt.Fprintf(c.Stdout, "customer %d erased: %d conversations (%d messages), %d tickets (%d attachments), "+
		"%d linked chat accounts, %d loyalty adjustments, %d vouchers, %d delivery addresses, %d identity checks deleted; %d orders and %d returns kept without personal data\n",
		e.CustomerID, e.Conversations, e.Messages, e.Tickets, e.Attachments, e.Identities, e.PointsAdjustments,
		e.Vouchers, e.Addresses, e.Attempts, e.OrdersKept, e.ReturnsKept)
	return nil
}
