package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzMessagesRequest: whatever conversation ID and cursor a client puts
// in the transcript URL, the answer is JSON with a 200, 400 or 404, never a
// crash or a 500.
func FuzzMessagesRequest(f *testing.F) {
	srv := mustNew(f, Config{Engine: newStubEngine(), Texts: mustTexts(f)})
	f.Add("0123456789abcdef0123456789abcdef", "3")
	f.Add("short", "")
	f.Add("telegram:1234567890123456", "-1")
	f.Add("web%3A0123456789abcdef", "99999999999999999999")
	f.Add("0123456789abcdef\u202e", "1e3")
	f.Fuzz(func(t *testing.T, id, after string) {
		path := "/api/v1/conversations/" + url.PathEscape(id) + "/messages?after=" + url.QueryEscape(after)
		w := do(t, srv, request{method: http.MethodGet, path: path})
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed:
		default:
			t.Fatalf("GET %s: status %d %s", path, w.Code, w.Body.String())
		}
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: Content-Type %q", path, w.Header().Get("Content-Type"))
		}
	})
}

// FuzzOrigin: no Origin header crashes the check, and one that passes is
// the page's own or an allowed origin.
func FuzzOrigin(f *testing.F) {
	srv := mustNew(f, Config{Engine: newStubEngine(), Texts: mustTexts(f), AllowedOrigins: []string{"https://www.shop.example"}})
	for _, o := range []string{"https://www.shop.example", "https://WWW.SHOP.EXAMPLE:443", "http://example.com", "null", "https://evil.example", "https://www.shop.example.evil.example", "://", "https://[::1]:80"} {
		f.Add(o)
	}
	f.Fuzz(func(t *testing.T, origin string) {
		if origin == "" || strings.ContainsAny(origin, "\r\n\x00") {
			return // no header (a program, let through), or not a header value
		}
		r, _ := http.NewRequest(http.MethodPost, "http://example.com/api/v1/chat", nil)
		r.Header.Set("Origin", origin)
		_, ok := srv.guard.originAllowed(r)
		if !ok {
			return
		}
		u, err := url.Parse(origin)
		norm, nerr := NormalizeOrigin(origin)
		if err != nil || (!strings.EqualFold(u.Host, "example.com") && (nerr != nil || norm != "https://www.shop.example")) {
			t.Errorf("origin %q allowed", origin)
		}
	})
}
