package bot

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/intents"
)

// cacheExamples is a training set small enough to train in milliseconds.
var cacheExamples = []intents.Example{
	{Text: "où est ma commande", Intent: intents.TrackOrder, Lang: "fr"},
	{Text: "suivi de mon colis", Intent: intents.TrackOrder, Lang: "fr"},
	{Text: "where is my order", Intent: intents.TrackOrder, Lang: "en"},
	{Text: "track my parcel", Intent: intents.TrackOrder, Lang: "en"},
	{Text: "combien de points", Intent: intents.CheckPoints, Lang: "fr"},
	{Text: "mes points fidélité", Intent: intents.CheckPoints, Lang: "fr"},
	{Text: "how many points do I have", Intent: intents.CheckPoints, Lang: "en"},
	{Text: "my loyalty points", Intent: intents.CheckPoints, Lang: "en"},
}

func TestModelCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	cfg := intents.Config{Folds: 2}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))

	first, err := cachedParser(dir, cfg, cacheExamples, log)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "model-*.gob"))
	if len(files) != 1 {
		t.Fatalf("after the first start the cache holds %v, want one model", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("model file: %v, mode %v, want 0600", err, fi.Mode().Perm())
	}
	if strings.Contains(logs.String(), "loaded from the model cache") {
		t.Errorf("the first start says it loaded a model:\n%s", logs.String())
	}

	logs.Reset()
	second, err := cachedParser(dir, cfg, cacheExamples, log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "loaded from the model cache") {
		t.Errorf("the second start did not load the model:\n%s", logs.String())
	}
	for _, text := range []string{"où est mon colis", "points please", "xyz"} {
		if a, b := first.Parse(text, "fr"), second.Parse(text, "fr"); a.Intent != b.Intent || a.Confidence != b.Confidence {
			t.Errorf("Parse(%q): trained %s %.4f, loaded %s %.4f", text, a.Intent, a.Confidence, b.Intent, b.Confidence)
		}
	}

	// Other phrases: another model beside the first, never the stale one.
	more := append(cacheExamples[:len(cacheExamples):len(cacheExamples)], intents.Example{Text: "numéro de suivi", Intent: intents.TrackOrder, Lang: "fr"})
	logs.Reset()
	if _, err := cachedParser(dir, cfg, more, log); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "loaded from the model cache") {
		t.Errorf("new phrases loaded the old model:\n%s", logs.String())
	}

	// A damaged file is trained again and replaced.
	if err := os.WriteFile(files[0], []byte("not a model"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	if _, err := cachedParser(dir, cfg, cacheExamples, log); err != nil {
		t.Fatalf("damaged cache: %v", err)
	}
	if !strings.Contains(logs.String(), "model cache unusable") {
		t.Errorf("a damaged model is not reported:\n%s", logs.String())
	}
	logs.Reset()
	if _, err := cachedParser(dir, cfg, cacheExamples, log); err != nil || !strings.Contains(logs.String(), "loaded from the model cache") {
		t.Errorf("the damaged model was not replaced: %v\n%s", err, logs.String())
	}
}

// Starts at the same time train once: the others wait and load.
func TestModelCacheConcurrentStarts(t *testing.T) {
	dir := t.TempDir()
	cfg := intents.Config{Folds: 2}
	var mu sync.Mutex
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logs}, nil))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := cachedParser(dir, cfg, cacheExamples, log); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := strings.Count(logs.String(), "loaded from the model cache"); n != 3 {
		t.Errorf("%d of 4 simultaneous starts loaded the model, want 3 (one trains):\n%s", n, logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestModelCacheDir(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	if got := ModelCacheDir(env(map[string]string{"SUPPORTBOT_MODEL_CACHE": "off"})); got != "" {
		t.Errorf("off: %q, want none", got)
	}
	if got := ModelCacheDir(env(map[string]string{"SUPPORTBOT_MODEL_CACHE": "/var/cache/sb"})); got != "/var/cache/sb" {
		t.Errorf("set: %q", got)
	}
	if base, err := os.UserCacheDir(); err == nil {
		if got := ModelCacheDir(env(nil)); got != filepath.Join(base, "supportbot") {
			t.Errorf("default: %q, want under %s", got, base)
		}
	}
}

// Models unused for a week go; the one in use and recent ones stay.
func TestPruneModels(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	files := map[string]time.Duration{"model-old.gob": 8 * 24 * time.Hour, "model-recent.gob": time.Hour, "model-keep.gob": 30 * 24 * time.Hour}
	for name, age := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	pruneModels(dir, filepath.Join(dir, "model-keep.gob"), now)
	left, _ := filepath.Glob(filepath.Join(dir, "*.gob"))
	for i := range left {
		left[i] = filepath.Base(left[i])
	}
	if want := []string{"model-keep.gob", "model-recent.gob"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}
