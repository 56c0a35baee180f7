package redact

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Issue 11, finding 5: no conversation ID or e-mail reaches the log in
// clear, whether as an attribute or inside an error's text.
func TestHandlerHashesSecrets(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewTextHandler(&buf, nil)))
	const id = "web:0123456789abcdef0123456789abcdef"
	base := errors.New("database is locked")
	log.Error("turn failed", "conversation", id, "email", "sophie.laurent@example.fr",
		"err", fmt.Errorf("handle %s: %w", id, base), "note", "see "+id)
	log.With("conversation", id).Info("with")
	log.WithGroup("g").Info("group", slog.Group("inner", "conv", "telegram:42"))
	out := buf.String()
	for _, secret := range []string{"0123456789abcdef", "sophie.laurent", "telegram:42"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, Hash(id)) || !strings.Contains(out, "database is locked") {
		t.Errorf("log lacks the hash or the error:\n%s", out)
	}
}

func TestError(t *testing.T) {
	base := errors.New("boom")
	err := Error(fmt.Errorf("handle web:secret-id-0123456: %w", base), "web:secret-id-0123456")
	if strings.Contains(err.Error(), "secret") || !errors.Is(err, base) {
		t.Errorf("Error = %q (Is base: %v)", err, errors.Is(err, base))
	}
	if Hash("web:abc") == Hash("web:abd") || !strings.HasPrefix(Hash("web:abc"), "web:#") {
		t.Errorf("Hash: %q, %q", Hash("web:abc"), Hash("web:abd"))
	}
}
