package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNotEmpty is CopyFrom's refusal of a database that already holds a
// shop's records: a copy into it would mix two shops.
var ErrNotEmpty = errors.New("the PostgreSQL database already holds records: copy into an empty one")

// Source is the SQLite store to copy from, through database/sql: best a
// read-only transaction, so that every table is read at one moment.
type Source interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// CopyFrom copies every record of an SQLite store (src) into this database, which must hold none yet: every
// table the two schemas share, the columns they share, rows as they are,
// IDs kept (the identity sequences then start after them). It is one
// transaction: a failure leaves the database empty. It returns the rows
// copied per table.
//
// The copy is generic rather than record by record: conversations,
// transcripts, verification attempts and the outbox move too, not only
// what the import format carries. Values are converted by the PostgreSQL
// column's type: SQLite keeps times as text and truth values as integers.
func (db *DB) CopyFrom(ctx context.Context, src Source) (map[string]int64, error) {
	copied := map[string]int64{}
	err := db.write(ctx, func(tx pgx.Tx) error {
		tables, err := copyOrder(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			var held bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&held); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
			if held {
				return fmt.Errorf("%s: %w", t, ErrNotEmpty)
			}
		}
		for _, t := range tables {
			n, err := copyTable(ctx, tx, src, t)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t, err)
			}
			if n > 0 {
				copied[t] = n
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("copy from SQLite: %w", err)
	}
	return copied, nil
}

// copyOrder lists the store's tables, each after those its foreign keys
// point to.
func copyOrder(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
		ORDER BY table_name`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
		WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	type edge struct{ From, To string }
	edges, err := pgx.CollectRows(rows, pgx.RowToStructByPos[edge])
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	needs := map[string][]string{}
	for _, e := range edges {
		if e.From != e.To {
			needs[e.From] = append(needs[e.From], e.To)
		}
	}
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(t string) error
	visit = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("foreign keys form a cycle through %s", t)
		case 2:
			return nil
		}
		state[t] = 1
		for _, n := range needs[t] {
			if err := visit(n); err != nil {
				return err
			}
		}
		state[t] = 2
		order = append(order, t)
		return nil
	}
	for _, t := range tables {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// column is a column of a PostgreSQL table.
type column struct {
	Name, Type string
	Identity   bool
}

// copyTable copies the rows of one table, the columns both sides have.
func copyTable(ctx context.Context, tx pgx.Tx, src Source, table string) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT column_name, data_type, is_identity = 'YES' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`, table)
	if err != nil {
		return 0, err
	}
	pgCols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[column])
	if err != nil {
		return 0, err
	}
	srcCols, err := sqliteColumns(ctx, src, table)
	if err != nil || len(srcCols) == 0 {
		return 0, err // a table SQLite lacks has nothing to copy
	}
	var cols []column
	for _, c := range pgCols {
		if slices.Contains(srcCols, c.Name) {
			cols = append(cols, c)
		}
	}
	names := make([]string, len(cols))
	quoted := make([]string, len(cols))
	for i, c := range cols {
		names[i], quoted[i] = c.Name, `"`+c.Name+`"`
	}
	srcRows, err := src.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`"`)
	if err != nil {
		return 0, err
	}
	defer srcRows.Close()
	var values [][]any
	for srcRows.Next() {
		raw := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := srcRows.Scan(ptrs...); err != nil {
			return 0, err
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			if row[i], err = convert(raw[i], c.Type); err != nil {
				return 0, fmt.Errorf("column %s: %w", c.Name, err)
			}
		}
		values = append(values, row)
	}
	if err := srcRows.Err(); err != nil {
		return 0, err
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromRows(values))
	if err != nil {
		return 0, err
	}
	for _, c := range cols {
		if c.Identity {
			// The sequence continues after the copied IDs.
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(MAX(`+pgx.Identifier{c.Name}.Sanitize()+`), 1), MAX(`+pgx.Identifier{c.Name}.Sanitize()+`) IS NOT NULL) FROM `+pgx.Identifier{table}.Sanitize(),
				table, c.Name); err != nil {
				return 0, fmt.Errorf("sequence of %s: %w", c.Name, err)
			}
		}
	}
	return n, nil
}

// sqliteColumns lists an SQLite table's columns; none if it has no such
// table.
func sqliteColumns(ctx context.Context, src Source, table string) ([]string, error) {
	rows, err := src.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// convert turns an SQLite value into what a PostgreSQL column of type typ
// takes.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "timestamp with time zone", "date":
		s, ok := v.(string)
		if !ok {
			if b, isBytes := v.([]byte); isBytes {
				s, ok = string(b), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("time %v (%T) is not text", v, v)
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
		return nil, fmt.Errorf("time %q in no known layout", s)
	case "boolean":
		switch b := v.(type) {
		case int64:
			return b != 0, nil
		case bool:
			return b, nil
		}
		return nil, fmt.Errorf("truth value %v (%T)", v, v)
	case "text", "jsonb", "character varying":
		if b, ok := v.([]byte); ok {
			return string(b), nil
		}
	}
	return v, nil
}
