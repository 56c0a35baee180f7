package storage

import (
	"fmt"
	"strings"
)

// maxProblems is how many problems an ImportError lists before it only
// counts the rest: enough to fix a file in a few rounds, short enough to read.
const maxProblems = 20

// Problem is one thing wrong in an import file, named precisely enough to
// find it: the record ("orders[12] (CL-482913)"), the field inside it
// ("items[0].quantity") and what is wrong.
type Problem struct {
	Record  string
	Field   string
	Message string
}

// String formats the problem as "record: field: message", leaving out empty
// parts.
func (p Problem) String() string {
	parts := make([]string, 0, 3)
	for _, s := range []string{p.Record, p.Field, p.Message} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ": ")
}

// ImportError is returned when an import file is refused. Nothing of the
// file is written when it is returned.
type ImportError struct {
	Problems []Problem // the first problems found, at most 20
	Omitted  int       // how many more were found but not listed
}

// Error lists the problems, one a line when there are several.
func (e *ImportError) Error() string {
	if len(e.Problems) == 1 && e.Omitted == 0 {
		return "invalid import file: " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "invalid import file, %d problems:", len(e.Problems)+e.Omitted)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  and %d more", e.Omitted)
	}
	return b.String()
}

// problems collects the problems of one file. A field reported once is not
// reported again, so that a time that could not be parsed is not also called
// missing.
type problems struct {
	list    []Problem
	omitted int
	seen    map[string]bool
}

func (ps *problems) add(record, field, format string, args ...any) {
	key := record + "\x00" + field
	if ps.seen[key] {
		return
	}
	if ps.seen == nil {
		ps.seen = make(map[string]bool)
	}
	ps.seen[key] = true
	if len(ps.list) >= maxProblems {
		ps.omitted++
		return
	}
	ps.list = append(ps.list, Problem{Record: record, Field: field, Message: fmt.Sprintf(format, args...)})
}

// err returns the collected problems as an *ImportError, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ImportError{Problems: ps.list, Omitted: ps.omitted}
}
