package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Texts renders the page's wording from the locale files; *bot.Texts
// implements it.
type Texts interface {
	// T renders message id in lang.
	T(lang, id string, data map[string]any) string
	// Has reports whether lang has a message with this ID.
	Has(lang, id string) bool
	// Languages returns the languages there are texts for, the default first.
	Languages() []string
}

// pageTextIDs are the page's message IDs, in locales/<lang>/web.toml. The
// script gets them without the "web_" prefix.
var pageTextIDs = []string{
	"web_title", "web_welcome", "web_log_label", "web_composer_label",
	"web_input_label", "web_placeholder", "web_send", "web_typing", "web_new_conversation",
	"web_agent_label", "web_with_agent", "web_error", "web_you", "web_bot_name",
	"web_choices_label", "web_noscript", "web_slow_down",
}

// contentSecurityPolicy lets the page load only its own script, style
// sheet and API: no inline script, nothing from elsewhere, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

//go:embed static/index.html
var indexHTML string

//go:embed static/chat.css static/chat.js
var assetFS embed.FS

// policy is the page's Content-Security-Policy.
func (p *page) policy() string {
	if p.frameAncestors == "" {
		return contentSecurityPolicy
	}
	return strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", p.frameAncestors, 1)
}

// page renders the chat page and serves its assets.
type page struct {
	tmpl    *template.Template
	shop    string
	langs   []string // the default first
	matcher language.Matcher
	texts   map[string]map[string]string // lang -> key (no "web_" prefix) -> text
	assets  map[string]asset             // file name -> asset
	logger  *slog.Logger
	// frameAncestors replaces the policy's "frame-ancestors 'none'" when
	// other origins may embed the page.
	frameAncestors string
}

// asset is an embedded static file, with the ETag that lets a browser
// revalidate it cheaply.
type asset struct {
	data        []byte
	etag        string
	contentType string
}

// newPage renders every page text once, so that serving the page does no
// locale work.
func newPage(cfg Config, logger *slog.Logger) *page {
	p := &page{
		tmpl:   template.Must(template.New("index").Parse(indexHTML)),
		shop:   cfg.ShopName,
		texts:  map[string]map[string]string{},
		assets: map[string]asset{},
		logger: logger,
	}
	if cfg.Texts != nil {
		p.langs = slices.Clone(cfg.Texts.Languages())
	}
	if len(p.langs) == 0 {
		p.langs = []string{"fr", "en"}
	}
	if i := slices.Index(p.langs, cfg.DefaultLang); i > 0 {
		p.langs = append([]string{cfg.DefaultLang}, slices.Delete(p.langs, i, i+1)...)
	}
	tags := make([]language.Tag, len(p.langs))
	for i, l := range p.langs {
		tags[i] = language.Make(l)
	}
	p.matcher = language.NewMatcher(tags)
	for _, lang := range p.langs {
		p.texts[lang] = p.render(cfg.Texts, lang)
	}
	for _, name := range []string{"chat.css", "chat.js"} {
		data, err := assetFS.ReadFile(path.Join("static", name))
		if err != nil {
			panic(err) // embedded above: cannot happen
		}
		sum := sha256.Sum256(data)
		ct := "text/css; charset=utf-8"
		if strings.HasSuffix(name, ".js") {
			ct = "text/javascript; charset=utf-8"
		}
		p.assets[name] = asset{data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, contentType: ct}
	}
	return p
}

// render returns the page texts of one language. A missing text is logged
// and shown as its ID.
func (p *page) render(texts Texts, lang string) map[string]string {
	out := make(map[string]string, len(pageTextIDs))
	for _, id := range pageTextIDs {
		key := strings.TrimPrefix(id, "web_")
		if texts == nil || !texts.Has(lang, id) {
			p.logger.Error("web page text missing", "lang", lang, "id", id)
			out[key] = id
			continue
		}
		out[key] = texts.T(lang, id, map[string]any{"Shop": p.shop})
	}
	return out
}

// lang is the page's language: ?lang= if it names one we speak, else the
// browser's preference, else the default.
func (p *page) lang(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); slices.Contains(p.langs, q) {
		return q
	}
	if hint := p.langHint(r); hint != "" {
		return hint
	}
	return p.langs[0]
}

// langHint is the language the browser prefers among ours, or "" when it
// says nothing useful. The engine takes it as a first guess, like
// Telegram's language_code.
func (p *page) langHint(r *http.Request) string {
	accept := r.Header.Get("Accept-Language")
	if accept == "" {
		return ""
	}
	prefs, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(prefs) == 0 {
		return ""
	}
	_, i, conf := p.matcher.Match(prefs...)
	if conf == language.No {
		return ""
	}
	return p.langs[i]
}

// indexData is what the page template shows.
type indexData struct {
	Lang  string
	Shop  string
	T     map[string]string
	Texts map[string]map[string]string // every language, for the script
}

func (p *page) serveIndex(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(r)
	var buf bytes.Buffer
	err := p.tmpl.Execute(&buf, indexData{Lang: lang, Shop: p.shop, T: p.texts[lang], Texts: p.texts})
	if err != nil {
		p.logger.ErrorContext(r.Context(), "render web page", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", p.policy())
	if p.frameAncestors == "" || p.frameAncestors == "frame-ancestors 'none'" {
		h.Set("X-Frame-Options", "DENY") // for browsers without frame-ancestors
	}
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Language")
	_, _ = w.Write(buf.Bytes())
}

func (p *page) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := p.assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
}
