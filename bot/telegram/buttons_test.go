package telegram

import (
	"strings"
	"testing"

	"supportbot/bot"
)

func TestCallbackDataRoundTrip(t *testing.T) {
	m := newButtonMemory(16)
	long := "/reason:" + strings.Repeat("x", 80)
	tests := []struct {
		name    string
		payload string
		asIs    bool
	}{
		{name: "engine payload", payload: "/yes", asIs: true},
		{name: "order payload", payload: "/order:OP-100101", asIs: true},
		{name: "64 bytes", payload: "/" + strings.Repeat("a", 63), asIs: true},
		{name: "65 bytes", payload: "/" + strings.Repeat("a", 64)},
		{name: "long payload", payload: long},
		{name: "payload that looks like ours", payload: "~k:abc:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := m.encode(tt.payload)
			if len(data) > maxCallbackData {
				t.Errorf("callback_data of %d bytes, over Telegram's 64", len(data))
			}
			if (data == tt.payload) != tt.asIs {
				t.Errorf("encode(%q) = %q; sent as is: %v, want %v", tt.payload, data, data == tt.payload, tt.asIs)
			}
			if got := m.decode(data); got.payload != tt.payload || got.expired || got.lang != "" {
				t.Errorf("decode(encode(%q)) = %+v", tt.payload, got)
			}
		})
	}
	if a, b := m.encode(long), m.encode(long); a != b {
		t.Errorf("the same payload got two keys, %q and %q", a, b)
	}
}

func TestCallbackMemoryIsBounded(t *testing.T) {
	m := newButtonMemory(2)
	payload := func(i int) string { return "/" + strings.Repeat(string(rune('a'+i)), 70) }
	first := m.encode(payload(0))
	m.encode(payload(1))
	m.encode(payload(2))
	if got := m.decode(first); !got.expired {
		t.Errorf("oldest key still known after the memory filled: %+v", got)
	}
	if len(m.byKey) != 2 || len(m.byValue) != 2 {
		t.Errorf("memory holds %d keys and %d values, want 2", len(m.byKey), len(m.byValue))
	}
	// Another process (or this one before a restart) made keys that mean
	// nothing here.
	other := newButtonMemory(2)
	if got := other.decode(m.encode(payload(3))); !got.expired {
		t.Errorf("a key from another process decoded as %+v", got)
	}
}

func TestDecodeOwnButtons(t *testing.T) {
	m := newButtonMemory(2)
	if got := m.decode(langPrefix + "en"); got.lang != "en" {
		t.Errorf("language button decoded as %+v", got)
	}
	for _, data := range []string{"", "~", "~other"} {
		if got := m.decode(data); !got.expired {
			t.Errorf("decode(%q) = %+v, want expired", data, got)
		}
	}
}

func TestKeyboardLayout(t *testing.T) {
	m := newButtonMemory(4)
	kb := m.keyboard([]bot.Button{
		{Label: "Oui", Payload: "/yes"}, {Label: "Non", Payload: "/no"},
		{Label: "Parler à un conseiller du service client", Payload: "/human"},
		{Label: "", Payload: "/ignored"}, {Label: "No payload"},
		{Label: "A", Payload: "/a"}, {Label: "B", Payload: "/b"}, {Label: "C", Payload: "/c"}, {Label: "D", Payload: "/d"},
	})
	var rows []string
	for _, row := range kb.InlineKeyboard {
		var labels []string
		for _, b := range row {
			labels = append(labels, b.Text)
		}
		rows = append(rows, strings.Join(labels, ","))
	}
	want := []string{"Oui,Non", "Parler à un conseiller du service client", "A,B,C", "D"}
	if strings.Join(rows, " | ") != strings.Join(want, " | ") {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	if m.keyboard(nil) != nil {
		t.Error("a keyboard without buttons")
	}
}
