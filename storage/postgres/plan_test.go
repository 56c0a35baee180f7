package postgres

import (
	"context"
	"strings"
	"testing"

	"supportbot/storage"
)

// explain returns the plan PostgreSQL makes for a query when it may not
// read a whole table, as it would not on a table of real size.
func explain(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, `EXPLAIN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	return plan.String()
}

// The lock-out check reads failed attempts only, each series through its
// own partial index: an order checked successfully thousands of times must
// not slow it down.
func TestFailedVerificationsUseTheirIndex(t *testing.T) {
	db := mustOpen(t)
	for _, tt := range []struct{ column, index string }{
		{"conversation_id", "verification_attempts_conversation_failed"},
		{"order_key", "verification_attempts_order_failed"},
		{"email_key", "verification_attempts_email_failed"},
	} {
		plan := explain(t, db, failedQuery(tt.column), "x", testNow)
		if !strings.Contains(plan, tt.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tt.column, tt.index, plan)
		}
	}
}

// The identity check reads indexes only, whether or not the e-mail, the
// order or the card exist: no table row is read for one that does.
func TestIdentityMatchReadsIndexesOnly(t *testing.T) {
	db := mustOpen(t)
	plan := explain(t, db, matchQuery, "a@b.c", "X1", "X1", "1")
	if n := strings.Count(plan, "Index Only Scan"); n != 4 || strings.Contains(plan, "Seq Scan") {
		t.Errorf("identity check plan reads tables (%d index-only scans, want 4):\n%s", n, plan)
	}
}

// The purge of old closed cases and the team's list of requests read the
// tickets through their partial indexes, not the whole table: most tickets
// are closed, and the purge runs on every replica.
func TestCaseListsUseTheirIndexes(t *testing.T) {
	db := mustOpen(t)
	for _, tt := range []struct {
		name, query, index string
		args               []any
	}{
		{"purge", closedTicketsQuery, "tickets_closed", []any{testNow, purgeBatch}},
		{"open tickets", openTicketsQuery, "tickets_not_closed", []any{storage.RequestKinds}},
	} {
		if plan := explain(t, db, tt.query, tt.args...); !strings.Contains(plan, tt.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tt.name, tt.index, plan)
		}
	}
}
