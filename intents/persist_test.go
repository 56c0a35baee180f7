package intents

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

// A model written and read back parses every message exactly as the
// trained one: intent, confidence, ranking, FAQ entry, entities.
func TestWriteModelLoadParser(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	now := testNow(t)
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"default", Config{}},
		{"product", ProductConfig()},
		{"hidden layer", Config{Training: func() TrainConfig { c := DefaultTraining(); c.Hidden = 16; return c }()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Now = func() time.Time { return now }
			trained := mustParser(t, cfg, train)
			var buf bytes.Buffer
			if err := trained.WriteModel(&buf); err != nil {
				t.Fatalf("WriteModel: %v", err)
			}
			loaded, err := LoadParser(cfg, train, bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("LoadParser: %v", err)
			}
			for _, ex := range append(train[:min(len(train), 40):min(len(train), 40)],
				Example{Text: "suivi CL-482913 jean@example.com"}, Example{Text: "où est mon colsi ?"}, Example{Text: "xyz"}) {
				for _, fallback := range []string{"fr", "en"} {
					want, got := trained.Parse(ex.Text, fallback), loaded.Parse(ex.Text, fallback)
					// The language detector is built again, summing its
					// word weights in map order: the evidence may differ
					// in its last bits, never more.
					if math.Abs(got.LangEvidence-want.LangEvidence) < 1e-9 {
						got.LangEvidence = want.LangEvidence
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("Parse(%q, %s) loaded = %+v, trained = %+v", ex.Text, fallback, got, want)
					}
				}
			}
			if loaded.Threshold() != trained.Threshold() {
				t.Errorf("threshold %v loaded, %v trained", loaded.Threshold(), trained.Threshold())
			}
		})
	}
}

// A model is refused when anything that trained it differs, and a damaged
// file is an error, not a panic.
func TestLoadParserRefuses(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	p := mustParser(t, Config{}, train)
	var buf bytes.Buffer
	if err := p.WriteModel(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()

	otherExamples := append(train[:len(train):len(train)], Example{Text: "une phrase de plus", Intent: train[0].Intent})
	otherConfig := Config{Folds: 3}
	otherText := append([]Example(nil), train...)
	otherText[0].Text += "!"
	for name, tc := range map[string]struct {
		cfg Config
		exs []Example
	}{
		"one more example":  {Config{}, otherExamples},
		"a changed example": {Config{}, otherText},
		"other folds":       {otherConfig, train},
	} {
		if _, err := LoadParser(tc.cfg, tc.exs, bytes.NewReader(saved)); !errors.Is(err, ErrStaleModel) {
			t.Errorf("%s: LoadParser error = %v, want ErrStaleModel", name, err)
		}
	}
	for _, cut := range []int{0, 10, len(saved) / 2, len(saved) - 1} {
		if _, err := LoadParser(Config{}, train, bytes.NewReader(saved[:cut])); err == nil {
			t.Errorf("LoadParser of the first %d of %d bytes succeeded", cut, len(saved))
		}
	}
}

func TestTrainingKeyIsStable(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	a, b := TrainingKey(Config{}, train), TrainingKey(Config{Folds: 0}, train)
	if a != b || len(a) != 64 {
		t.Errorf("TrainingKey = %q then %q, want the same 64 hex digits", a, b)
	}
	if c := TrainingKey(ProductConfig(), train); c == a {
		t.Errorf("TrainingKey is the same for the default and the product configurations")
	}
}

func BenchmarkLoadParser(b *testing.B) {
	exs := shippedExamples(b)
	p := shippedModel(b)
	var buf bytes.Buffer
	if err := p.WriteModel(&buf); err != nil {
		b.Fatal(err)
	}
	cfg := ProductConfig()
	now := testNow(b)
	cfg.Now = func() time.Time { return now }
	b.ReportMetric(float64(buf.Len())/1e6, "MB")
	b.ResetTimer()
	for b.Loop() {
		if _, err := LoadParser(cfg, exs, bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
