package discord

import (
	"fmt"
	"net/http"
	"net/url"
)

// endpointClient returns a copy of c that sends every request to base's
// scheme and host, keeping the path and query: Discord's API and CDN
// behind a proxy of the operator's, or a test server. discordgo's
// endpoints are package variables; rewriting the requests leaves them
// alone, so that two bots in one process may use two endpoints.
func endpointClient(c *http.Client, endpoint string) (*http.Client, error) {
	base, err := url.Parse(endpoint)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" ||
		(base.Path != "" && base.Path != "/") {
		return nil, fmt.Errorf("discord: API endpoint %q: want a base URL such as https://discord.com, without a path", endpoint)
	}
	cc := *c
	next := cc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cc.Transport = rewriteHost{base: base, next: next}
	return &cc, nil
}

type rewriteHost struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, ""
	return t.next.RoundTrip(r)
}
