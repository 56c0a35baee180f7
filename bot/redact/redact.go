// Package redact keeps secrets and personal data out of the logs: a web
// conversation ID is the only key to its transcript, and an e-mail names a
// customer. Logs show a short hash instead, enough to follow one
// conversation or one address through the log without learning it.
package redact

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"regexp"
	"strings"
)

// Hash returns the log form of a secret or personal value: "#" and 12 hex
// digits of its SHA-256. A conversation ID keeps its channel prefix
// ("web:#1a2b3c4d5e6f"), which is no secret and helps reading.
func Hash(s string) string {
	if s == "" {
		return ""
	}
	prefix := ""
	if i := strings.IndexByte(s, ':'); i > 0 && i < 10 && !strings.Contains(s[:i], "@") {
		prefix, s = s[:i+1], s[i+1:]
	}
	sum := sha256.Sum256([]byte(s))
	return prefix + "#" + hex.EncodeToString(sum[:6])
}

// Error returns err with every occurrence of the secrets in its text
// replaced by their hash; errors.Is and errors.As still see through it.
func Error(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, Hash(s))
			changed = true
		}
	}
	if !changed {
		return err
	}
	return &redacted{msg: msg, err: err}
}

type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }

// keys are the attributes whose values are always hashed.
var keys = map[string]bool{
	"conversation": true, "conversation_id": true, "conv": true, "email": true, "e-mail": true,
}

// webIDs finds web conversation IDs inside other values, such as an
// error's text.
var webIDs = regexp.MustCompile(`\bweb:[^\s"',;)]{1,160}`)

// Handler wraps a handler so that the values of the attributes named
// conversation, conversation_id, conv and email are hashed, and web
// conversation IDs found in any other string or error value are too.
type Handler struct{ next slog.Handler }

// NewHandler returns the redacting handler over next.
func NewHandler(next slog.Handler) *Handler { return &Handler{next: next} }

var _ slog.Handler = (*Handler)(nil)

// Enabled implements slog.Handler.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, scrubText(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = attr(a)
	}
	return &Handler{next: h.next.WithAttrs(clean)}
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler { return &Handler{next: h.next.WithGroup(name)} }

func attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch {
	case v.Kind() == slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = attr(g)
		}
		return slog.Group(a.Key, clean...)
	case keys[strings.ToLower(a.Key)]:
		return slog.String(a.Key, Hash(valueString(v)))
	case v.Kind() == slog.KindString:
		return slog.String(a.Key, scrubText(v.String()))
	case v.Kind() == slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, scrubText(err.Error()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func valueString(v slog.Value) string {
	if v.Kind() == slog.KindAny {
		if err, ok := v.Any().(error); ok {
			return err.Error()
		}
	}
	return v.String()
}

func scrubText(s string) string {
	if !strings.Contains(s, "web:") {
		return s
	}
	return webIDs.ReplaceAllStringFunc(s, func(id string) string {
		if strings.HasPrefix(id, "web:#") {
			return id
		}
		return Hash(id)
	})
}
