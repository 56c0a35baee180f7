package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/config"
)

// ChatCommand is "supportbot chat": a conversation with the bot in the
// terminal, on the same store and engine as the server.
type ChatCommand struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the chat until the input ends.
func (c *ChatCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("supportbot chat", flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	configPath := fs.String("config", "", "config file (TOML)")
	dbFlagged := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "load the built-in demo shop when the database holds no orders")
	logOpts := addLogFlags(fs, os.Getenv, slog.LevelWarn)
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, "Usage: supportbot chat [--config FILE] [--db PATH|URL] [--demo]\n\nType a message and press Enter; type a button's number to press it; end with Ctrl-D.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	logHandler, err := logOpts.handler(fs, c.Stderr)
	if err != nil {
		fs.Usage()
		return fmt.Errorf("chat: %w", err)
	}
	cfg, err := config.LoadEnv(*configPath, os.Environ())
	if err != nil {
		return err
	}
	cfg.Shop.DemoTexts = cfg.Shop.DemoTexts || *withDemo // the demo shop in its own words
	dbPath, err := database(fs, *dbFlagged, os.Getenv)
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	db, err := openStore(ctx, dbPath, nil)
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	defer db.Close()
	log := slog.New(logHandler)
	if *withDemo {
		if err := loadDemo(ctx, db, log); err != nil {
			return err
		}
	}
	br, err := config.NewKnowledge(cfg, time.Now, bot.ModelCacheDir(os.Getenv), nil)
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	e, err := config.NewEngine(cfg, br, db, log, nil, time.Now)
	if err != nil {
		return err
	}
	return c.loop(ctx, e, "terminal:"+rand.Text())
}

// loop reads the customer's lines and prints the bot's replies.
func (c *ChatCommand) loop(ctx context.Context, e *bot.Engine, conv string) error {
	in := bufio.NewScanner(c.Stdin)
	in.Buffer(make([]byte, 0, 64<<10), 64<<10)
	var buttons []bot.Button
	fmt.Fprint(c.Stdout, "> ")
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			fmt.Fprint(c.Stdout, "> ")
			continue
		}
		msg := bot.Incoming{ConversationID: conv, Channel: bot.ChannelTerminal, Text: line}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(buttons) {
			msg.Text, msg.Payload = "", buttons[n-1].Payload
		}
		resp, err := e.Handle(ctx, msg)
		if errors.Is(err, bot.ErrBadMessage) {
			fmt.Fprintf(c.Stdout, "(%v)\n> ", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		buttons = c.print(resp)
		fmt.Fprint(c.Stdout, "> ")
	}
	fmt.Fprintln(c.Stdout)
	return in.Err()
}

// print writes the replies and numbers their buttons; it returns the
// buttons by number, the first at index 0. The last reply with buttons is
// the question the bot is asking now, so its buttons are numbered from 1
// whatever came before it in the turn: a side answer with a button of its
// own must not shift "1 Yes, 2 No" to "2 Yes, 3 No", where a "2" typed
// from the previous turn would press Yes. Earlier buttons of the turn
// follow on from the last reply's.
func (c *ChatCommand) print(resp bot.Response) []bot.Button {
	last := -1
	for i, r := range resp.Replies {
		if len(r.Buttons) > 0 {
			last = i
		}
	}
	var buttons []bot.Button
	if last >= 0 {
		buttons = append(buttons, resp.Replies[last].Buttons...)
	}
	for i, r := range resp.Replies {
		fmt.Fprintln(c.Stdout, indent(r.Text))
		if i == last {
			for n, b := range r.Buttons {
				fmt.Fprintf(c.Stdout, "   [%d] %s\n", n+1, b.Label)
			}
			continue
		}
		for _, b := range r.Buttons {
			buttons = append(buttons, b)
			fmt.Fprintf(c.Stdout, "   [%d] %s\n", len(buttons), b.Label)
		}
	}
	return buttons
}

func indent(s string) string {
	return "bot: " + strings.ReplaceAll(s, "\n", "\n     ")
}
