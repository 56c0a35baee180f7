package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/storage"
	"supportbot/storage/backend"
	"supportbot/storage/demo"
	"supportbot/storage/postgres"
)

// An SQLite shop that has been talking — a return, a cancellation, a
// hand-off, questions — moves to PostgreSQL whole: every customer's export
// is the same on both, and so are the transcripts and the outbox; the
// copy's IDs go on from where SQLite's stopped; a second copy into the
// now full database is refused and changes nothing.
func TestMigrateSQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	url := postgresDatabase(t)
	path := filepath.Join(t.TempDir(), "shop.db")
	e, src := newDemoEngine(t, path)
	e.SetOutbox(bot.ChannelTest, nil)
	talks := map[string][]string{
		"test:return":  crashScript["return"],
		"test:cancel":  crashScript["cancel"],
		"test:generic": crashScript["generic"],
		"test:person":  {"I want to talk to a person"},
	}
	for conv, script := range talks {
		for _, text := range script {
			if _, err := e.Handle(ctx, bot.Incoming{ConversationID: conv, Channel: bot.ChannelTest, Text: text}); err != nil {
				t.Fatalf("%s: %q: %v", conv, text, err)
			}
		}
	}
	src.Close()

	var out, errOut bytes.Buffer
	if err := (&MigrateCommand{Stdout: &out, Stderr: &errOut}).Run(ctx, []string{"--from", path, "--to", url}); err != nil {
		t.Fatalf("migrate: %v\n%s", err, errOut.String())
	}
	for _, table := range []string{"customers", "orders", "returns", "conversations", "messages", "outbox", "verification_attempts"} {
		if !strings.Contains(out.String(), table) {
			t.Errorf("migrate's report names no %s:\n%s", table, out.String())
		}
	}

	sq, err := backend.Open(ctx, path, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	pg, err := backend.Open(ctx, url, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	same := func(what string, get func(backend.Store) (any, error)) {
		t.Helper()
		a, err := get(sq)
		if err != nil {
			t.Fatalf("%s on SQLite: %v", what, err)
		}
		b, err := get(pg)
		if err != nil {
			t.Fatalf("%s on PostgreSQL: %v", what, err)
		}
		ja, jb := microseconds(a), microseconds(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s differs:\nSQLite:     %s\nPostgreSQL: %s", what, ja, jb)
		}
	}
	for _, c := range demo.Shop(time.Now()).Customers {
		same("export of "+c.Email, func(db backend.Store) (any, error) { return db.ExportCustomer(ctx, c.Email) })
	}
	for conv := range talks {
		same("transcript of "+conv, func(db backend.Store) (any, error) { return db.Transcript(ctx, conv, 0) })
		same("conversation "+conv, func(db backend.Store) (any, error) { return db.Conversation(ctx, conv) })
	}
	same("outbox", func(db backend.Store) (any, error) { return db.OutboxMessages(ctx, bot.ChannelTest) })
	same("open hand-offs", func(db backend.Store) (any, error) { return db.OpenHandoffs(ctx) })

	// New records on PostgreSQL get IDs after the copied ones.
	msgs, err := pg.SaveTurn(ctx, storage.Conversation{ID: "test:after", Channel: bot.ChannelTest},
		[]storage.Message{{ConversationID: "test:after", From: storage.FromCustomer, Text: "hello again"}})
	if err != nil {
		t.Fatalf("a turn after the copy: %v", err)
	}
	copiedMsgs, _ := sq.Transcript(ctx, "test:generic", 0)
	if len(copiedMsgs) == 0 || msgs[0].ID <= copiedMsgs[len(copiedMsgs)-1].ID {
		t.Errorf("a new message got ID %d, want one after the copied ones", msgs[0].ID)
	}

	// A second copy is refused and changes nothing.
	before, _ := pg.CountOrders(ctx)
	err = (&MigrateCommand{Stdout: &out, Stderr: &errOut}).Run(ctx, []string{"--from", path, "--to", url})
	if !errors.Is(err, postgres.ErrNotEmpty) {
		t.Errorf("second migrate = %v, want ErrNotEmpty", err)
	}
	if after, _ := pg.CountOrders(ctx); after != before {
		t.Errorf("orders after a refused copy = %d, want %d", after, before)
	}
}

func TestMigrateRefusesBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--from", "x.db"},
		{"--to", "postgres://u@h/db"},
		{"--from", "postgres://u@h/a", "--to", "postgres://u@h/b"},
		{"--from", "x.db", "--to", "y.db"},
		{"--from", filepath.Join(t.TempDir(), "missing.db"), "--to", "postgres://u@127.0.0.1:1/db"},
	} {
		var out, errOut bytes.Buffer
		if err := (&MigrateCommand{Stdout: &out, Stderr: &errOut}).Run(context.Background(), args); err == nil {
			t.Errorf("migrate %q succeeded", args)
		}
	}
}

var jsonTime = regexp.MustCompile(`"\d{4}-\d\d-\d\dT[0-9:.]+Z"`)

// microseconds is v as JSON with its times to the microsecond, the
// precision PostgreSQL keeps (SQLite keeps nanoseconds).
func microseconds(v any) []byte {
	j, _ := json.Marshal(v)
	return jsonTime.ReplaceAllFunc(j, func(q []byte) []byte {
		t, err := time.Parse(time.RFC3339Nano, string(q[1:len(q)-1]))
		if err != nil {
			return q
		}
		return []byte(`"` + t.Truncate(time.Microsecond).Format(time.RFC3339Nano) + `"`)
	})
}
