package web

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestPageLanguage(t *testing.T) {
	tests := []struct {
		name        string
		path        string
		accept      string
		defaultLang string
		wantLang    string
		wantSend    string
	}{
		{name: "French browser", path: "/", accept: "fr-FR,fr;q=0.9,en;q=0.5", wantLang: "fr", wantSend: "Envoyer"},
		{name: "English browser", path: "/", accept: "en-US,en;q=0.9", wantLang: "en", wantSend: "Send"},
		{name: "English first, French second", path: "/", accept: "en;q=0.9,fr;q=0.8", wantLang: "en", wantSend: "Send"},
		{name: "no preference", path: "/", wantLang: "fr", wantSend: "Envoyer"},
		{name: "German browser", path: "/", accept: "de-DE,de;q=0.9", wantLang: "fr", wantSend: "Envoyer"},
		{name: "garbage header", path: "/", accept: ";;;q=x", wantLang: "fr", wantSend: "Envoyer"},
		{name: "German browser, English shop", path: "/", accept: "de", defaultLang: "en", wantLang: "en", wantSend: "Send"},
		{name: "asked in the address", path: "/?lang=en", accept: "fr", wantLang: "en", wantSend: "Send"},
		{name: "unknown language in the address", path: "/?lang=xx", accept: "en", wantLang: "en", wantSend: "Send"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mustNew(t, Config{Engine: newStubEngine(), ShopName: "Maison Lumen", Texts: mustTexts(t), DefaultLang: tt.defaultLang})
			w := do(t, srv, request{method: http.MethodGet, path: tt.path, headers: map[string]string{"Accept-Language": tt.accept}})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", w.Code)
			}
			body := w.Body.String()
			if want := `<html lang="` + tt.wantLang + `">`; !strings.Contains(body, want) {
				t.Errorf("page does not contain %s", want)
			}
			if want := `data-text="send">` + tt.wantSend + `</button>`; !strings.Contains(body, want) {
				t.Errorf("page does not contain %s", want)
			}
			if !strings.Contains(body, "<h1 id=\"chat-title\">Maison Lumen</h1>") {
				t.Errorf("page does not show the shop's name")
			}
		})
	}
}

func TestPageHeaders(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	w := do(t, srv, request{method: http.MethodGet, path: "/"})
	for k, want := range map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Content-Security-Policy": contentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Vary":                    "Accept-Language",
	} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "http:"} {
		if strings.Contains(contentSecurityPolicy, bad) {
			t.Errorf("Content-Security-Policy allows %s", bad)
		}
	}
}

// TestPageRunsUnderItsPolicy checks what the Content-Security-Policy would
// block: inline scripts, event handler attributes, style attributes and
// anything loaded from elsewhere.
func TestPageRunsUnderItsPolicy(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	body := do(t, srv, request{method: http.MethodGet, path: "/"}).Body.String()
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, ` src="/static/`) && !strings.Contains(tag, `type="application/json"`) {
			t.Errorf("inline script %s", tag)
		}
	}
	for _, re := range []string{`\son[a-z]+=`, `\sstyle=`, `https?://`, `<style`} {
		if m := regexp.MustCompile(re).FindString(body); m != "" {
			t.Errorf("page contains %q, which the policy blocks", m)
		}
	}
}

// pageTexts extracts the texts the page hands its script.
func pageTexts(tb testing.TB, body string) map[string]map[string]string {
	tb.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="chat-texts">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		tb.Fatal("page has no chat-texts")
	}
	var texts map[string]map[string]string
	if err := json.Unmarshal([]byte(m[1]), &texts); err != nil {
		tb.Fatalf("chat-texts %s: %v", m[1], err)
	}
	return texts
}

func TestPageGivesTheScriptEveryText(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	texts := pageTexts(t, do(t, srv, request{method: http.MethodGet, path: "/"}).Body.String())
	for _, lang := range []string{"fr", "en"} {
		for _, id := range pageTextIDs {
			key := strings.TrimPrefix(id, "web_")
			if got := texts[lang][key]; got == "" || got == id {
				t.Errorf("%s text %s = %q, want a text", lang, key, got)
			}
		}
	}
	if texts["fr"]["send"] == texts["en"]["send"] {
		t.Errorf("French and English send buttons both say %q", texts["fr"]["send"])
	}
	if strings.Contains(srv.log.String(), "missing") {
		t.Errorf("log: %s", srv.log.String())
	}
}

// TestPageTextKeysExist checks that every text the page's markup and
// script ask for is one the server provides.
func TestPageTextKeysExist(t *testing.T) {
	script, err := assetFS.ReadFile("static/chat.js")
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	for _, re := range []struct {
		src     string
		pattern string
	}{
		{indexHTML, `data-text="(\w+)"`},
		{indexHTML, `data-placeholder="(\w+)"`},
		{indexHTML, `\{\{\.T\.(\w+)\}\}`},
		{string(script), `\bt\('(\w+)'\)`},
	} {
		for _, m := range regexp.MustCompile(re.pattern).FindAllStringSubmatch(re.src, -1) {
			used = append(used, m[1])
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d text keys in the page: %v", len(used), used)
	}
	for _, key := range used {
		if !slices.Contains(pageTextIDs, "web_"+key) {
			t.Errorf("the page uses text %q, which is not in pageTextIDs", key)
		}
	}
}

func TestPageEscapesTheShopName(t *testing.T) {
	const shop = `<script>alert("x")</script> & Cie`
	srv := mustNew(t, Config{Engine: newStubEngine(), ShopName: shop, Texts: mustTexts(t)})
	body := do(t, srv, request{method: http.MethodGet, path: "/"}).Body.String()
	if strings.Contains(body, shop) {
		t.Errorf("page contains the shop's name unescaped")
	}
	if !strings.Contains(body, html.EscapeString(shop)) && !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Cie") {
		t.Errorf("page does not contain the escaped shop name")
	}
}

func TestAssets(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	tests := []struct {
		path     string
		status   int
		wantType string
	}{
		{path: "/static/chat.js", status: 200, wantType: "text/javascript; charset=utf-8"},
		{path: "/static/chat.css", status: 200, wantType: "text/css; charset=utf-8"},
		{path: "/static/index.html", status: 404},
		{path: "/static/nothing.js", status: 404},
		{path: "/nothing", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := do(t, srv, request{method: http.MethodGet, path: tt.path})
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := w.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			etag := w.Header().Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			w = do(t, srv, request{method: http.MethodGet, path: tt.path, headers: map[string]string{"If-None-Match": etag}})
			if w.Code != http.StatusNotModified {
				t.Errorf("revalidation status = %d, want 304", w.Code)
			}
		})
	}
}

func TestPageTextMissingShowsItsID(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	p := newPage(Config{ShopName: "x", Texts: emptyTexts{}}, srv.logger)
	if got := p.texts["fr"]["send"]; got != "web_send" {
		t.Errorf("missing text shows %q, want its ID", got)
	}
}

// emptyTexts has no text at all.
type emptyTexts struct{}

func (emptyTexts) T(lang, id string, data map[string]any) string { return "" }
func (emptyTexts) Has(lang, id string) bool                      { return false }
func (emptyTexts) Languages() []string                           { return []string{"fr", "en"} }
