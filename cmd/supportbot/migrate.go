package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"supportbot/storage/backend"
	"supportbot/storage/postgres"
	"supportbot/storage/sqlite"
)

// MigrateCommand is "supportbot migrate": it copies an SQLite shop into an
// empty PostgreSQL database, for a shop moving to several replicas.
type MigrateCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

const migrateUsage = `Usage: supportbot migrate --from FILE --to postgres://USER@HOST:PORT/DB?...

Copies everything an SQLite database holds — customers, orders, returns,
refunds, vouchers, tickets, conversations and their transcripts, hand-offs,
identities, verification attempts, handled deliveries, the outbox — into an
empty PostgreSQL database, IDs kept, in one transaction: a failure leaves
the PostgreSQL database empty. Stop every serve using the SQLite file first;
the file itself is only read (its schema is brought up to date first).

Options:
`

// Run runs the command and prints how many rows of each table it copied.
func (c *MigrateCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("supportbot migrate", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	from := fs.String("from", "", "the SQLite database `FILE` to copy")
	to := fs.String("to", "", "the PostgreSQL database `URL` to copy into (empty)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), migrateUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		fs.Usage()
		return fmt.Errorf("migrate: unexpected argument %q", fs.Arg(0))
	case *from == "" || *to == "":
		fs.Usage()
		return errors.New("migrate: --from and --to are required")
	case backend.IsPostgres(*from):
		return errors.New("migrate: --from is an SQLite file")
	case !backend.IsPostgres(*to):
		return errors.New("migrate: --to is a postgres:// URL")
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Bring the file's schema up to date, then read it read-only, in one
	// transaction: every table as of one moment.
	db, err := sqlite.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	db.Close()
	src, err := sql.Open("sqlite3", "file:"+*from+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer src.Close()
	tx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("migrate: read %s: %w", *from, err)
	}
	defer tx.Rollback()

	dst, err := postgres.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer dst.Close()
	copied, err := dst.CopyFrom(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var tables []string
	for t := range copied {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	fmt.Fprintf(c.Stdout, "copied %s into %s:\n", *from, backend.Describe(*to))
	for _, t := range tables {
		fmt.Fprintf(c.Stdout, "  %-22s %d\n", t, copied[t])
	}
	return nil
}
