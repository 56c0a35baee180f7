package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"supportbot/intents"
)

// writeJSONL writes labelled lines to a file in a temporary directory.
func writeJSONL(tb testing.TB, name string, lines [][2]string) string {
	tb.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, l := range lines {
		if err := enc.Encode(map[string]string{"text": l[0], "intent": l[1]}); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

var nluTrain = [][2]string{
	{"where is my order", "track_order"}, {"track my parcel", "track_order"}, {"order status", "track_order"},
	{"when will my package arrive", "track_order"}, {"has my order shipped", "track_order"}, {"tracking please", "track_order"},
	{"cancel my order", "cancel_order"}, {"i want to cancel", "cancel_order"}, {"please cancel the order", "cancel_order"},
	{"cancellation", "cancel_order"}, {"how do i cancel", "cancel_order"}, {"stop my order", "cancel_order"},
	{"thanks", "thanks"}, {"thank you", "thanks"}, {"many thanks", "thanks"}, {"thanks a lot", "thanks"},
	{"cheers", "thanks"}, {"thx", "thanks"},
	{"what's the weather", "oos"}, {"tell me a joke", "oos"}, {"who won the game", "oos"}, {"pancake recipe", "oos"},
}

var nluTest = [][2]string{
	{"where is my parcel", "track_order"}, {"cancel it please", "cancel_order"}, {"thank you so much", "thanks"},
	{"what is the weather tomorrow", "oos"},
}

func TestNLUTestCommand(t *testing.T) {
	train, test := writeJSONL(t, "train.jsonl", nluTrain), writeJSONL(t, "test.jsonl", nluTest)
	var out, errOut bytes.Buffer
	cmd := &NLUCommand{Stdout: &out, Stderr: &errOut}
	if err := cmd.Run(context.Background(), []string{"test", "--train", train, "--test", test, "--json"}); err != nil {
		t.Fatalf("nlu test --json: %v (stderr %q)", err, errOut.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output %q is not one JSON object: %v", out.String(), err)
	}
	for _, k := range []string{"in_scope_accuracy", "oos_recall", "oos_precision", "macro_f1", "confident_wrong", "train_seconds", "predict_us_p50", "predict_us_p99"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON output lacks %q: %s", k, out.String())
		}
	}
	if acc, _ := got["in_scope_accuracy"].(float64); acc < 2.0/3 {
		t.Errorf("in_scope_accuracy = %v, want ≥ 2/3 on this easy set", got["in_scope_accuracy"])
	}

	out.Reset()
	if err := cmd.Run(context.Background(), []string{"test", "--train", train, "--test", test, "--seed", "7"}); err != nil {
		t.Fatalf("nlu test: %v", err)
	}
	for _, want := range []string{"in-scope accuracy", "out-of-scope recall", "confident wrong", "macro-F1", "training", "prediction p99", "recall per intent"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestNLUCommandErrors(t *testing.T) {
	train := writeJSONL(t, "train.jsonl", nluTrain)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\": \"x\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no subcommand", nil, "expected the subcommand test or export"},
		{"unknown subcommand", []string{"train"}, "expected the subcommand test or export"},
		{"bad seed", []string{"test", "--seed", "x"}, "invalid value"},
		{"export with arguments", []string{"export", "extra"}, "unexpected arguments"},
		{"missing test", []string{"test", "--train", train}, "--train and --test are required"},
		{"unknown flag", []string{"test", "--nope"}, "flag provided but not defined"},
		{"missing file", []string{"test", "--train", train, "--test", "/nonexistent.jsonl"}, "no such file"},
		{"bad line", []string{"test", "--train", train, "--test", bad}, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := (&NLUCommand{Stdout: &out, Stderr: &errOut}).Run(context.Background(), tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Run(%q) error = %v, want one containing %q", tt.args, err, tt.wantErr)
			}
		})
	}
}

func TestNLUCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"test", "--help"}, {"test", "-h"}} {
		var out, errOut bytes.Buffer
		err := (&NLUCommand{Stdout: &out, Stderr: &errOut}).Run(context.Background(), args)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("Run(%q) error = %v, want flag.ErrHelp", args, err)
		}
		if !strings.Contains(out.String(), "--train FILE --test FILE") {
			t.Errorf("Run(%q) stdout = %q, want the usage", args, out.String())
		}
	}
}

// TestNLUExport checks that the exported training data reads back with
// the JSONL reader, holds every intent and FAQ entries by id, and trains a
// classifier with "nlu test" (the README's example).
func TestNLUExport(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := (&NLUCommand{Stdout: &out, Stderr: &errOut}).Run(context.Background(), []string{"export"}); err != nil {
		t.Fatalf("nlu export: %v (stderr %q)", err, errOut.String())
	}
	exs, err := intents.ReadJSONL(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("exported data does not read back: %v", err)
	}
	labels := map[string]int{}
	for _, ex := range exs {
		labels[ex.Intent]++
		if ex.Lang != "fr" && ex.Lang != "en" {
			t.Fatalf("exported line %+v has no language", ex)
		}
	}
	for _, it := range intents.Catalogue {
		if it == intents.FAQ {
			continue
		}
		if labels[it] == 0 {
			t.Errorf("export has no line of %s", it)
		}
	}
	if labels["faq/password_reset"] == 0 || labels[intents.FAQ] != 0 {
		t.Errorf("export: %d lines of faq/password_reset, %d of plain faq; want FAQ entries by id only", labels["faq/password_reset"], labels[intents.FAQ])
	}
	train := filepath.Join(t.TempDir(), "train.jsonl")
	if err := os.WriteFile(train, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	test := writeJSONL(t, "test.jsonl", [][2]string{{"where is my order OP-100401", "track_order"}, {"j'ai oublié mon mot de passe", "faq/password_reset"}})
	var report bytes.Buffer
	if err := (&NLUCommand{Stdout: &report, Stderr: &errOut}).Run(context.Background(), []string{"test", "--train", train, "--test", test, "--product"}); err != nil {
		t.Fatalf("nlu test on the export: %v", err)
	}
	if !strings.Contains(report.String(), "FAQ entry accuracy") {
		t.Errorf("report on the export lacks the FAQ entry accuracy:\n%s", report.String())
	}
}
