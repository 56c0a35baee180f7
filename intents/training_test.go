package intents

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLoadTraining(t *testing.T) {
	fsys := fstest.MapFS{
		"fr/nlu/greet.txt":  {Data: []byte("# Salutations\nbonjour\n\n  salut  \n")},
		"fr/nlu/oos.txt":    {Data: []byte("quel temps fait-il\n")},
		"en/nlu/greet.txt":  {Data: []byte("hello\r\n# comment\nhi\n")},
		"en/messages.toml":  {Data: []byte("x = 1\n")},
		"de/nlu/greet.txt":  {Data: []byte("hallo\n")},
		"fr/nlu/README.md":  {Data: []byte("not phrases\n")},
		"fr/nlu/sub/x.txt":  {Data: []byte("ignored\n")},
		"en/nlu/thanks.txt": {Data: []byte("")},
	}
	got, err := LoadTraining(fsys)
	if err != nil {
		t.Fatalf("LoadTraining: %v", err)
	}
	want := []Example{
		{Text: "bonjour", Intent: Greet, Lang: "fr"},
		{Text: "salut", Intent: Greet, Lang: "fr"},
		{Text: "quel temps fait-il", Intent: OOS, Lang: "fr"},
		{Text: "hello", Intent: Greet, Lang: "en"},
		{Text: "hi", Intent: Greet, Lang: "en"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadTraining mismatch (-want +got):\n%s", diff)
	}
}

func TestReadJSONL(t *testing.T) {
	got, err := ReadJSONL(strings.NewReader("{\"text\": \"hi\", \"intent\": \"greet\"}\n\n{\"text\": \"x\", \"intent\": \"oos\", \"lang\": \"en\"}\n"))
	if err != nil {
		t.Fatalf("ReadJSONL: %v", err)
	}
	want := []Example{{Text: "hi", Intent: Greet}, {Text: "x", Intent: OOS, Lang: "en"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadJSONL mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"{\"text\": \"hi\"}", "{\"text\": \"hi\", \"intent\": \"greet\"}\nnot json"} {
		if _, err := ReadJSONL(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("ReadJSONL(%q) error = %v, want one naming the line", bad, err)
		}
	}
}

func TestEvaluateReport(t *testing.T) {
	train := mustReadJSONL(t, "testdata/fixture_train.jsonl")
	test := []Example{
		{Text: "où est ma commande", Intent: TrackOrder},
		{Text: "cancel my order", Intent: CancelOrder},
		{Text: "merci beaucoup", Intent: Thanks},
		{Text: "what's the weather", Intent: OOS},
	}
	r, err := Evaluate(Config{}, train, test)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if r.InScope != 3 || r.OutOfScope != 1 {
		t.Errorf("counts = %d in scope, %d out, want 3 and 1", r.InScope, r.OutOfScope)
	}
	if r.InScopeAccuracy != 1 || r.OOSRecall != 1 || r.OOSPrecision != 1 || r.MacroF1 != 1 {
		t.Errorf("report = %+v, want perfect scores on training-like messages", r)
	}
	if r.TrainSeconds <= 0 || r.PredictP50 <= 0 || r.PredictP99 < r.PredictP50 {
		t.Errorf("timings = %v s, p50 %v µs, p99 %v µs", r.TrainSeconds, r.PredictP50, r.PredictP99)
	}
}
