package bot

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// A state read with decodeDialogue is what encoding/json reads: every
// field of the state set (each string, number, flag, time, list and map,
// in every nested struct), only some set, none set.
func TestDecodeDialogueAsEncodingJSON(t *testing.T) {
	var full dialogue
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n, 0)
	partial := dialogue{Email: "a@example.fr", Task: &task{Intent: "track_order"}, Recent: &recent{Answer: "Bonjour\u00a0!\nVoici « votre » commande\t\\ \"OP-1\" 😊"}}
	for _, d := range []dialogue{full, partial, {}} {
		b := d.encode()
		var want dialogue
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeDialogue(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(dialogue{}, task{}, tried{}, done{}, outcome{}, recent{})); diff != "" {
			t.Errorf("%s: (-encoding/json +decodeDialogue)\n%s", b, diff)
		}
	}
	if _, err := decodeDialogue([]byte(`{"task":`)); err == nil {
		t.Error("a state cut short decoded without an error")
	}
}

// fill sets every exported field v holds to a value of its own that is not
// the zero value (n numbers them), down to depth 4.
func fill(v reflect.Value, n *int, depth int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d é\n", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		if depth < 4 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), n, depth+1)
		}
	case reflect.Slice:
		if depth < 4 {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := range 2 {
				fill(v.Index(i), n, depth+1)
			}
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n, depth+1)
		fill(e, n, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 6, 7, 0, *n, 123456789, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n, depth+1)
			}
		}
	}
}

// What a turn keeps of its answer for the next one: its replies; the
// answer kept before when it has none, if that one is still current; none
// when the answer is unknown or too long.
func TestRecentAfter(t *testing.T) {
	saved := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	now := saved.Add(time.Minute)
	long := strings.Repeat("x", recentMaxBytes+1)
	for _, tt := range []struct {
		name    string
		updated time.Time // the conversation's last save; zero for a new one
		before  *recent
		replies []string
		want    *recent // At is now, Asked "faq"
	}{
		{"replies joined", saved, nil, []string{"Bonjour.", "Que puis-je faire ?"}, &recent{Answer: "Bonjour.\nQue puis-je faire ?"}},
		{"replies replace the answer kept", saved, &recent{Answer: "old", At: saved}, []string{"new"}, &recent{Answer: "new"}},
		{"no reply keeps the answer kept", saved, &recent{Answer: "old", At: saved}, nil, &recent{Answer: "old"}},
		{"no reply, answer kept out of date", saved, &recent{Answer: "old", At: saved.Add(-time.Second)}, nil, nil},
		{"no reply, nothing kept", saved, nil, nil, nil},
		{"no reply in a new conversation", time.Time{}, nil, nil, &recent{}},
		{"too long", saved, nil, []string{long}, nil},
	} {
		tr := &turn{now: now, conv: storage.Conversation{UpdatedAt: tt.updated}, u: Understanding{Intent: "faq"}}
		tr.d.Recent = tt.before
		for _, r := range tt.replies {
			tr.replies = append(tr.replies, Reply{Text: r})
		}
		want := tt.want
		if want != nil {
			want.At, want.Asked = now, "faq"
		}
		if diff := cmp.Diff(want, tr.recentAfter(), cmp.AllowUnexported(recent{})); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
	}
}
