package bot

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"supportbot/intents"
)

// cachedParser returns the classifier trained on examples, loaded from
// the cache folder dir when a model trained from the same code,
// configuration and examples is there, else trained and saved there for
// the next start. The cache only saves time: a file that can't be read,
// is damaged or stale, or a folder that can't be written, is logged and
// the classifier trained as without it.
func cachedParser(dir string, cfg intents.Config, examples []intents.Example, log *slog.Logger) (*intents.Parser, error) {
	if dir == "" {
		return intents.NewParser(cfg, examples)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path := filepath.Join(dir, "model-"+intents.TrainingKey(cfg, examples)[:32]+".gob")
	if p, ok := loadModel(path, cfg, examples, log); ok {
		return p, nil
	}
	// One process trains, the others starting at the same time wait for
	// its file rather than each training the same model.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Warn("model cache not usable", "err", err)
	} else if lock := flock.New(strings.TrimSuffix(path, ".gob") + ".lock"); lock.Lock() != nil {
		log.Warn("model cache not locked: training without waiting", "file", lock.Path())
	} else {
		defer lock.Unlock()
		if p, ok := loadModel(path, cfg, examples, log); ok {
			return p, nil
		}
	}
	p, err := intents.NewParser(cfg, examples)
	if err != nil {
		return nil, err
	}
	if err := saveModel(dir, path, p); err != nil {
		log.Warn("model cache not written", "err", err)
	}
	pruneModels(dir, path, time.Now())
	return p, nil
}

// staleAfter is how long a model nobody loads stays in the cache. Each
// change of the code, the settings or the phrases trains a new one (tens
// of megabytes); those of the old ones are never loaded again.
const staleAfter = 7 * 24 * time.Hour

// pruneModels removes the models of the cache not used for staleAfter,
// except keep. Loading a model marks it used.
func pruneModels(dir, keep string, now time.Time) {
	old, _ := filepath.Glob(filepath.Join(dir, "model-*.gob"))
	for _, f := range old {
		if fi, err := os.Stat(f); err == nil && f != keep && now.Sub(fi.ModTime()) > staleAfter {
			os.Remove(f)
			os.Remove(strings.TrimSuffix(f, ".gob") + ".lock")
		}
	}
}

// loadModel loads the model at path if it is there and was trained from
// cfg and examples.
func loadModel(path string, cfg intents.Config, examples []intents.Example, log *slog.Logger) (*intents.Parser, bool) {
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Warn("model cache unreadable: training again", "file", path, "err", err)
		}
		return nil, false
	}
	defer f.Close()
	p, err := intents.LoadParser(cfg, examples, bufio.NewReader(f))
	if err != nil {
		log.Warn("model cache unusable: training again", "file", path, "err", err)
		return nil, false
	}
	now := time.Now()
	os.Chtimes(path, now, now) // used: kept by pruneModels
	log.Info("classifier loaded from the model cache", "file", path)
	return p, true
}

// saveModel writes the model to a temporary file renamed into place, so
// that another process starting at the same time reads a whole file or
// none.
func saveModel(dir, path string, p *intents.Parser) error {
	f, err := os.CreateTemp(dir, "model-*.tmp")
	if err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	defer os.Remove(f.Name()) // after a successful rename, there is nothing left to remove
	w := bufio.NewWriter(f)
	err = p.WriteModel(w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("model cache: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	return nil
}

// ModelCacheDir returns the folder where the trained classifier is kept
// between starts: $SUPPORTBOT_MODEL_CACHE when set ("off" for none), else
// "supportbot" in the user's cache folder ($XDG_CACHE_HOME, or ~/.cache),
// or none when there is no such folder. A start with the same code,
// settings and training phrases then loads the classifier in a fraction of
// a second instead of training it for several.
func ModelCacheDir(getenv func(string) string) string {
	switch dir := getenv("SUPPORTBOT_MODEL_CACHE"); dir {
	case "off":
		return ""
	case "":
	default:
		return dir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "supportbot")
}
