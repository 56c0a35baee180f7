package sqlite

import (
	"strings"
	"testing"
)

// The identity check reads indexes only, whether or not the e-mail, the
// order or the card exist: no table row is read for one that does.
func TestIdentityMatchReadsIndexesOnly(t *testing.T) {
	db := mustOpen(t)
	plan := explain(t, db, matchQuery, "a@b.c", "X1", "X1", "1")
	if strings.Count(plan, "COVERING INDEX") != 4 {
		t.Errorf("identity check plan reads tables:\n%s", plan)
	}
	for _, tt := range []struct{ where, index string }{
		{"email_key = ?", "verification_attempts_email_failed"},
	} {
		plan := explain(t, db, `SELECT at FROM verification_attempts WHERE `+tt.where+` AND success = 0 AND at >= ? ORDER BY at, id`, "x", "2026")
		if !strings.Contains(plan, tt.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tt.where, tt.index, plan)
		}
	}
}

func explain(t *testing.T, db *DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.read.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	return plan.String()
}
