package bot_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"supportbot/bot"
	"supportbot/bot/convtest"
	"supportbot/config"
)

// TestConversations runs every conversation test in testdata/conversations
// (the format of package bot/script) against the real engine on a fresh
// store each, as "supportbot test" does: what the customer says, what the
// bot must answer. The files without a config.toml run with the built-in
// configuration, the demo shop's.
func TestConversations(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "conversations", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no conversation tests found")
	}
	base, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	r := &convtest.Runner{Base: base, ModelCache: bot.ModelCacheDir(os.Getenv)}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			var out bytes.Buffer
			r.Out = &out
			ok, err := r.RunFile(context.Background(), name)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, out.String())
			}
			if !ok {
				t.Errorf("\n%s", out.String())
			}
		})
	}
}
