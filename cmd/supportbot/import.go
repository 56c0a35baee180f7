package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"supportbot/storage"
)

// ImportCommand is "supportbot import": it loads the shop's customers,
// orders and loyalty adjustments from a JSON file into the database, in one
// transaction.
type ImportCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

const importUsage = `Usage: supportbot import [--db PATH|URL] FILE.json

Loads shop data (customers, orders, points_adjustments, returns, refunds,
vouchers) into the database, creating it if needed. The whole file is one
transaction: a file with any problem changes nothing, and the error names
each bad record and field.
Importing the same records again updates them and never duplicates them:
customers are matched by e-mail, orders by number (CL-482913, cl482913 and
CL 482913 are the same order), returns by RA number, refunds by order,
return and time, vouchers by code. An order whose e-mail matches no customer
creates that customer.

Options:
`

// Run runs the command. It prints a one-line summary on success; on error
// it returns it for main to print, and the database is left as it was.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("supportbot import", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	dbFlagged := dbFlag(fs)
	fs.Usage = func() {} // printed below: to stdout when asked for
	usage := func(w io.Writer) {
		fmt.Fprint(w, importUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(c.Stdout)
		} else {
			usage(c.Stderr)
		}
		return err
	}
	if fs.NArg() != 1 {
		usage(c.Stderr)
		return errors.New("import: expected one FILE.json")
	}
	dbPath, err := database(fs, *dbFlagged, os.Getenv)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	path := fs.Arg(0)
	file, err := decodeImportFile(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	db, err := openStore(ctx, dbPath, nil)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer db.Close()
	// One transaction, upsert by e-mail and number, items line by line,
	// idempotent adjustments: storage.Importer's contract, on any backend.
	stats, err := db.Import(ctx, file)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintln(c.Stdout, stats)
	return nil
}

// decodeImportFile reads and checks the file before the database is even
// opened, so that a bad file does not create an empty database.
func decodeImportFile(path string) (*storage.ImportFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file, err := storage.DecodeImport(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return file, nil
}
