package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// FuzzDecodeImport checks that no input makes DecodeImport panic, that a
// refused file always names at least one problem, and that a file it
// accepts is valid and survives an encode/decode round trip unchanged.
func FuzzDecodeImport(f *testing.F) {
	if data, err := os.ReadFile("testdata/valid.json"); err == nil {
		f.Add(data)
	}
	files, _ := filepath.Glob("testdata/decode/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range ar.Files {
			if s.Name == "import.json" {
				f.Add(s.Data)
			}
		}
	}
	f.Add([]byte(`{"orders":[{"number":"a-1","email":"a@b.co","placed_at":"2025-01-01T00:00:00Z","status":"pending","total":1e1,"items":[{"name":"x","quantity":1,"unit_price":0}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := DecodeImport(bytes.NewReader(data))
		if err != nil {
			ie, ok := err.(*ImportError)
			if !ok || len(ie.Problems) == 0 {
				t.Fatalf("error %v is not an *ImportError with problems", err)
			}
			return
		}
		if err := file.Validate(); err != nil {
			t.Fatalf("decoded file does not validate: %v", err)
		}
		var buf bytes.Buffer
		if err := EncodeImport(&buf, file); err != nil {
			t.Fatal(err)
		}
		again, err := DecodeImport(&buf)
		if err != nil {
			t.Fatalf("re-decoding the encoded file: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(file, again); diff != "" {
			t.Fatalf("round trip differs (-first +second):\n%s", diff)
		}
	})
}
