package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"supportbot/bot"
	"supportbot/bot/convtest"
	"supportbot/config"
)

// TestCommand is "supportbot test": it runs conversation test files against
// a fresh store each.
type TestCommand struct {
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the command.
func (c *TestCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("supportbot test", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	configPath := fs.String("config", "", "config file (TOML); a script's own config.toml replaces it")
	dbPath := fs.String("db", "", "keep each script's database at this path (replaced for every file) instead of a temporary one")
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, "Usage: supportbot test [--config FILE] [--db PATH] FILE...\n\nRuns conversation test files; see package bot/script for their format.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("test: no file given")
	}
	base, err := config.LoadEnv(*configPath, os.Environ())
	if err != nil {
		return err
	}
	r := &convtest.Runner{Base: base, DBPath: *dbPath, Out: c.Stdout, ModelCache: bot.ModelCacheDir(os.Getenv)}
	failed := 0
	for _, name := range fs.Args() {
		ok, err := r.RunFile(ctx, name)
		if err != nil {
			fmt.Fprintf(c.Stdout, "FAIL %s: %v\n", name, err)
			failed++
			continue
		}
		if !ok {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("test: %d of %d files failed", failed, fs.NArg())
	}
	return nil
}
