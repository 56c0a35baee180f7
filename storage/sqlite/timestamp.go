package sqlite

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeLayout is how times are stored: UTC, fixed width, so that string
// order is time order and range queries work on the text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encodeTime returns the stored form of t, or NULL for the zero time.
func encodeTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t.UTC())
}

// formatTime writes t (in UTC) in timeLayout. It is what t.Format(timeLayout)
// returns, digit by digit: every turn stores several times, and the
// general formatter, which reads its layout each call, was a visible share
// of a turn's CPU. Years outside 0–9999 take the general path.
func formatTime(t time.Time) string {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(timeLayout)
	}
	hour, min, sec := t.Clock()
	var b [30]byte
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 4, year)
	b[4] = '-'
	put(5, 2, int(month))
	b[7] = '-'
	put(8, 2, day)
	b[10] = 'T'
	put(11, 2, hour)
	b[13] = ':'
	put(14, 2, min)
	b[16] = ':'
	put(17, 2, sec)
	b[19] = '.'
	put(20, 9, t.Nanosecond())
	b[29] = 'Z'
	return string(b[:])
}

// timeColumn scans a stored time into *t; NULL gives the zero time.
type timeColumn struct{ t *time.Time }

// at returns a scanner for a time column.
func at(t *time.Time) timeColumn { return timeColumn{t} }

// Scan implements sql.Scanner.
func (c timeColumn) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	case time.Time:
		*c.t = v.UTC()
		return nil
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*c.t = t.UTC()
	return nil
}

// nullID stores 0 as NULL, for optional references such as a ticket's order.
func nullID(id int64) driver.Value {
	if id == 0 {
		return nil
	}
	return id
}

// idColumn scans a nullable reference into *id; NULL gives 0.
type idColumn struct{ id *int64 }

// optionalID returns a scanner for a nullable reference column.
func optionalID(id *int64) idColumn { return idColumn{id} }

// Scan implements sql.Scanner.
func (c idColumn) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.id = 0
	case int64:
		*c.id = v
	default:
		return fmt.Errorf("scan id: unexpected %T", src)
	}
	return nil
}
