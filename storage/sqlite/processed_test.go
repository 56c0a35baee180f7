package sqlite

import (
	"context"
	"strings"
	"testing"
)

// A handled delivery is remembered across a restart: the file keeps it.
// (The rest of the contract is in storage/storetest.)
func TestMarkProcessedSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/p.db"
	db := mustOpenPath(t, path)
	if got, err := db.MarkProcessed(ctx, "telegram", "1001"); err != nil || !got {
		t.Fatalf("MarkProcessed = %v, %v; want true", got, err)
	}
	db.Close()
	db = mustOpenPath(t, path)
	if got, err := db.MarkProcessed(ctx, "telegram", "1001"); err != nil || got {
		t.Errorf("MarkProcessed after a restart = %v, %v; want false", got, err)
	}
}

// The lock-out check reads failed attempts only, through their own index:
// an order checked successfully thousands of times must not slow it down.
func TestFailedVerificationsUseTheirIndex(t *testing.T) {
	db := mustOpen(t)
	for _, tt := range []struct{ where, index string }{
		{"conversation_id = ?", "verification_attempts_conversation_failed"},
		{"order_key = ?", "verification_attempts_order_failed"},
	} {
		rows, err := db.read.Query(`EXPLAIN QUERY PLAN SELECT at FROM verification_attempts
			WHERE `+tt.where+` AND success = 0 AND at >= ? ORDER BY at, id`, "x", "2026")
		if err != nil {
			t.Fatal(err)
		}
		var plan strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(detail + "\n")
		}
		rows.Close()
		if !strings.Contains(plan.String(), tt.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tt.where, tt.index, plan.String())
		}
	}
}
