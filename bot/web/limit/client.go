package limit

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Clients tells the client address of a request.
type Clients struct {
	header  string // "" to use the connection's address
	trusted []netip.Prefix
}

// NewClients returns the resolver of client addresses. With header empty
// the connection's remote address is the client. With header set
// ("X-Forwarded-For", "X-Real-IP"), a request whose connection comes from
// one of the trusted proxies (addresses or CIDR prefixes) is the client the
// header names: for X-Forwarded-For, the rightmost address that is not a
// trusted proxy, since a client can write whatever it likes on the left.
func NewClients(header string, trustedProxies []string) (*Clients, error) {
	c := &Clients{header: http.CanonicalHeaderKey(strings.TrimSpace(header))}
	for _, s := range trustedProxies {
		p, err := parsePrefix(s)
		if err != nil {
			return nil, err
		}
		c.trusted = append(c.trusted, p)
	}
	if c.header != "" && len(c.trusted) == 0 {
		return nil, fmt.Errorf("a client address header (%s) needs the trusted proxies that set it", c.header)
	}
	return c, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q: %w", s, err)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("trusted proxy %q: want an IP address or a CIDR prefix", s)
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// Trusted reports whether addr (an IP or host:port) is a trusted proxy.
func (c *Clients) Trusted(addr string) bool {
	a, ok := parseAddr(addr)
	return ok && c.trustedAddr(a)
}

func (c *Clients) trustedAddr(a netip.Addr) bool {
	for _, p := range c.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of returns the key of the request's client: its IP address, or for
// IPv6 its /64 network.
func (c *Clients) Of(r *http.Request) string {
	remote, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if c.header == "" || !c.trustedAddr(remote) {
		return Key(remote)
	}
	values := r.Header.Values(c.header)
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	// From the right: the nearest hop first, skipping our own proxies.
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(strings.TrimSpace(hops[i]))
		if !ok {
			break
		}
		if !c.trustedAddr(a) {
			return Key(a)
		}
	}
	return Key(remote)
}

// parseAddr reads an IP address, with or without a port or brackets.
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// Key is the client key of an address: the address itself for IPv4, the
// /64 network for IPv6.
func Key(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
