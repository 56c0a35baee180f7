package bot

import (
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// quickTemplate renders the shapes most messages have — text, {{.Field}},
// {{if .Field}}…{{else}}…{{end}}, {{if eq .Field 1}} — without go-i18n's language matching and
// text/template's reflection, which took about 6 % of serve's CPU time a
// message under load. Anything else (plural forms, functions, with, range,
// values other than strings, numbers and booleans) is left to go-i18n, and
// the output is the same byte for byte (TestQuickTemplatesRenderAsGoI18n).
type quickTemplate struct {
	nodes  []quickNode
	fields bool // reads the data; nil data is then go-i18n's error
}

type quickNode struct {
	text  string // printed as is when field and cond are empty
	field string // printed from the data
	cond  string // chooses then or els by its truth, or by its equality to eq
	eq    any    // nil, or the int64 or string cond is compared with
	then  []quickNode
	els   []quickNode
}

// compileQuick returns m's template in the quick form, or false when m
// needs go-i18n: plural forms, other delimiters, or actions the quick form
// does not know.
func compileQuick(m *i18n.Message) (*quickTemplate, bool) {
	if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" ||
		m.LeftDelim != "" || m.RightDelim != "" {
		return nil, false
	}
	if !strings.Contains(m.Other, "{{") {
		return &quickTemplate{nodes: []quickNode{{text: m.Other}}}, true
	}
	tmpl, err := template.New("").Parse(m.Other)
	if err != nil || tmpl.Tree == nil {
		return nil, false
	}
	q := &quickTemplate{}
	nodes, ok := q.compile(tmpl.Tree.Root)
	if !ok {
		return nil, false
	}
	q.nodes = nodes
	return q, true
}

func (q *quickTemplate) compile(list *parse.ListNode) ([]quickNode, bool) {
	if list == nil {
		return nil, true
	}
	var out []quickNode
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			out = append(out, quickNode{text: string(n.Text)})
		case *parse.ActionNode:
			f, ok := oneField(n.Pipe)
			if !ok {
				return nil, false
			}
			q.fields = true
			out = append(out, quickNode{field: f})
		case *parse.IfNode:
			f, eq, ok := condition(n.Pipe)
			if !ok {
				return nil, false
			}
			then, ok := q.compile(n.List)
			if !ok {
				return nil, false
			}
			els, ok := q.compile(n.ElseList)
			if !ok {
				return nil, false
			}
			q.fields = true
			out = append(out, quickNode{cond: f, eq: eq, then: then, els: els})
		default:
			return nil, false
		}
	}
	return out, true
}

// oneField returns X when pipe is exactly .X.
func oneField(pipe *parse.PipeNode) (string, bool) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return "", false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return "", false
	}
	return f.Ident[0], true
}

// condition returns the field an if tests, and the constant it compares it
// with when the test is eq .Field CONSTANT (an integer or a string).
func condition(pipe *parse.PipeNode) (field string, eq any, ok bool) {
	if f, ok := oneField(pipe); ok {
		return f, nil, true
	}
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 3 {
		return "", nil, false
	}
	args := pipe.Cmds[0].Args
	if id, ok := args[0].(*parse.IdentifierNode); !ok || id.Ident != "eq" {
		return "", nil, false
	}
	f, ok := args[1].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return "", nil, false
	}
	switch c := args[2].(type) {
	case *parse.NumberNode:
		if c.IsInt {
			return f.Ident[0], c.Int64, true
		}
	case *parse.StringNode:
		return f.Ident[0], c.Text, true
	}
	return "", nil, false
}

// render writes the message for data to b, or reports false when a value
// needs text/template's own printing; b then holds a part to throw away.
func (q *quickTemplate) render(b *strings.Builder, data map[string]any) bool {
	if q.fields && data == nil {
		return false
	}
	return renderQuick(b, q.nodes, data)
}

func renderQuick(b *strings.Builder, nodes []quickNode, data map[string]any) bool {
	for i := range nodes {
		n := &nodes[i]
		switch {
		case n.cond != "":
			v, present := data[n.cond]
			truth := false
			if n.eq != nil {
				var ok bool
				if truth, ok = equalQuick(v, n.eq); !ok {
					return false
				}
			} else if present {
				var ok bool
				if truth, ok = template.IsTrue(v); !ok {
					return false
				}
			}
			branch := n.els
			if truth {
				branch = n.then
			}
			if !renderQuick(b, branch, data) {
				return false
			}
		case n.field != "":
			v, present := data[n.field]
			if !present {
				// text/template's missingkey=default, as go-i18n sets it.
				b.WriteString("<no value>")
				continue
			}
			if !printQuick(b, v) {
				return false
			}
		default:
			b.WriteString(n.text)
		}
	}
	return true
}

// equalQuick compares v with an int64 or string constant as text/template's
// eq does, or reports false for what it would refuse or convert (a missing
// value, other types).
func equalQuick(v, c any) (equal, ok bool) {
	switch c := c.(type) {
	case int64:
		switch v := v.(type) {
		case int:
			return int64(v) == c, true
		case int64:
			return v == c, true
		case int32:
			return int64(v) == c, true
		}
	case string:
		if v, isString := v.(string); isString {
			return v == c, true
		}
	}
	return false, false
}

// printQuick prints the values whose text/template printing is plainly
// theirs; any other (pointers, Stringers, structs, floats) goes to
// text/template.
func printQuick(b *strings.Builder, v any) bool {
	var buf [24]byte
	switch v := v.(type) {
	case string:
		b.WriteString(v)
	case int:
		b.Write(strconv.AppendInt(buf[:0], int64(v), 10))
	case int64:
		b.Write(strconv.AppendInt(buf[:0], v, 10))
	case int32:
		b.Write(strconv.AppendInt(buf[:0], int64(v), 10))
	case uint:
		b.Write(strconv.AppendUint(buf[:0], uint64(v), 10))
	case uint64:
		b.Write(strconv.AppendUint(buf[:0], v, 10))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	default:
		return false
	}
	return true
}
