package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"supportbot/bot"
	"supportbot/intents"
)

func TestParseRefusesBadRequests(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		status  int
		want    string
	}{
		{name: "empty body", body: "\n", status: 400, want: "request body is empty"},
		{name: "malformed JSON", body: `{"text": "hi",}`, status: 400, want: "malformed JSON"},
		{name: "not an object", body: `42`, status: 400, want: "must be a JSON object, not number"},
		{name: "trailing garbage", body: `{"text": "hi"} ]`, status: 400, want: "unexpected data after the JSON object"},
		{name: "unknown field", body: `{"text": "hi", "conversation_id": "a"}`, status: 400, want: `unknown field "conversation_id"`},
		{name: "text a number", body: `{"text": 12}`, status: 400, want: "text must be a string, not number"},
		{name: "no text", body: `{}`, status: 400, want: "text is required"},
		{name: "null text", body: `{"text": null}`, status: 400, want: "text is required"},
		{name: "empty text", body: `{"text": ""}`, status: 400, want: "text must not be empty"},
		{name: "text over 4096 characters", body: `{"text": "` + strings.Repeat("a", 4097) + `"}`, status: 400, want: "text is over 4096 characters"},
		{name: "invalid UTF-8", body: "{\"text\": \"\xff\xfe\"}", status: 400, want: "not valid UTF-8"},
		{name: "wrong media type", body: `{"text": "hi"}`, headers: map[string]string{"Content-Type": "text/html"}, status: 415, want: "Content-Type must be application/json"},
		{name: "over the size limit", body: `{"text": "` + strings.Repeat("a", 65<<10) + `"}`, status: 413, want: "request body over"},
	}
	engine := newRealEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, engine)
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/parse", body: tt.body, headers: tt.headers})
			checkError(t, w, tt.status, tt.want)
			if n := srv.engine.calls(); n != 0 {
				t.Errorf("engine reached %d times, want 0", n)
			}
		})
	}
}

// understandingEngine understands every text the same way.
type understandingEngine struct {
	stubEngine
	u bot.Understanding
}

func (e *understandingEngine) Understand(ctx context.Context, text, fallbackLang string) bot.Understanding {
	return e.u
}

func TestParseResponseShape(t *testing.T) {
	tests := []struct {
		name string
		u    bot.Understanding
		want string
	}{
		{
			name: "intent with entities",
			u: bot.Understanding{
				Intent: "track_order", Confidence: 0.93, Lang: "fr",
				Entities: []intents.Entity{{Type: "order_number", Value: "CL-482913", Start: 24, End: 33}},
				Ranking:  []intents.Ranked{{Intent: "track_order", Confidence: 0.93}, {Intent: "missing_parcel", Confidence: 0.04}},
			},
			want: `{"intent":"track_order","confidence":0.93,"lang":"fr","faq_id":"",` +
				`"entities":[{"type":"order_number","value":"CL-482913","start":24,"end":33}],` +
				`"ranking":[{"intent":"track_order","confidence":0.93},{"intent":"missing_parcel","confidence":0.04}]}`,
		},
		{
			name: "faq",
			u:    bot.Understanding{Intent: "faq", Confidence: 0.8, Lang: "en", FAQID: "delivery_times"},
			want: `{"intent":"faq","confidence":0.8,"lang":"en","faq_id":"delivery_times","entities":[],"ranking":[]}`,
		},
		{
			name: "faq_id only with faq",
			u:    bot.Understanding{Intent: "oos", Lang: "en", FAQID: "delivery_times"},
			want: `{"intent":"oos","confidence":0,"lang":"en","faq_id":"","entities":[],"ranking":[]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &understandingEngine{u: tt.u})
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/parse", body: `{"text": "où en est ma commande CL-482913 ?"}`})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
			}
			checkAPIHeaders(t, w)
			if got := strings.TrimSpace(w.Body.String()); got != tt.want {
				t.Errorf("body = %s\nwant   %s", got, tt.want)
			}
			if diff := cmp.Diff([]string{"où en est ma commande CL-482913 ?"}, srv.engine.understood); diff != "" {
				t.Errorf("engine got (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseReal checks what the real engine understands, through the API.
func TestParseReal(t *testing.T) {
	srv := newTestServer(t, newRealEngine(t))
	w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/parse", body: `{"text": "où en est ma commande CL-482913 ?"}`})
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
	}
	var got parseResponse
	mustDecode(t, w, &got)
	if got.Intent != "track_order" || got.Lang != "fr" || got.FAQID != "" {
		t.Errorf("intent, lang, faq_id = %q, %q, %q; want track_order, fr, \"\"", got.Intent, got.Lang, got.FAQID)
	}
	if got.Confidence <= 0 || got.Confidence > 1 {
		t.Errorf("confidence = %v, want in (0, 1]", got.Confidence)
	}
	want := []intents.Entity{{Type: "order_number", Value: "CL-482913", Start: 22, End: 31}}
	if diff := cmp.Diff(want, got.Entities); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	if len(got.Ranking) == 0 || got.Ranking[0].Intent != "track_order" {
		t.Errorf("ranking = %v, want track_order first", got.Ranking)
	}
}
