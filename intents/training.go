package intents

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Example is one labelled training phrase. Lang is "fr", "en" or empty when
// unknown; Intent is a Catalogue intent, OOS for an out-of-scope example,
// or any label of a benchmark.
type Example struct {
	Text   string `json:"text"`
	Intent string `json:"intent"`
	Lang   string `json:"lang,omitempty"`
}

// LoadTraining reads the training phrases of every language in fsys:
// {fr,en}/nlu/<intent>.txt, one phrase a line, blank lines and lines
// starting with # ignored. The file name is the intent (oos.txt holds
// out-of-scope examples). Languages without an nlu folder are skipped;
// examples come sorted by language, intent, then file order.
func LoadTraining(fsys fs.FS) ([]Example, error) {
	return LoadPhrases(fsys, "nlu")
}

// LoadPhrases reads labelled phrases laid out as the training phrases
// are, from another folder of each language: {fr,en}/<folder>/<label>.txt.
func LoadPhrases(fsys fs.FS, folder string) ([]Example, error) {
	var out []Example
	for _, lang := range []string{"fr", "en"} {
		dir := path.Join(lang, folder)
		files, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("list training phrases in %s: %w", dir, err)
		}
		sort.Strings(files)
		for _, name := range files {
			intent := strings.TrimSuffix(path.Base(name), ".txt")
			exs, err := readPhrases(fsys, name, intent, lang)
			if err != nil {
				return nil, err
			}
			out = append(out, exs...)
		}
	}
	return out, nil
}

func readPhrases(fsys fs.FS, name, intent, lang string) ([]Example, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read training phrases: %w", err)
	}
	defer f.Close()
	var out []Example
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, Example{Text: line, Intent: intent, Lang: lang})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read training phrases %s: %w", name, err)
	}
	return out, nil
}

// ReadJSONL reads labelled messages, one JSON object {"text": ...,
// "intent": ...} a line (the format of SPEC §7); blank lines are skipped.
func ReadJSONL(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var ex Example
		if err := json.Unmarshal(line, &ex); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if ex.Text == "" || ex.Intent == "" {
			return nil, fmt.Errorf("line %d: text and intent are required", n)
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read JSONL: %w", err)
	}
	return out, nil
}
