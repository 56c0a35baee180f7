package limit

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestKeyed(t *testing.T) {
	k := NewKeyed(3, 3*time.Second) // one a second, three at once
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := k.Take("a", now); !ok {
			t.Fatalf("take %d refused within the burst", i)
		}
	}
	ok, wait := k.Take("a", now)
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("fourth take = %v, %v; want refused, under a second to wait", ok, wait)
	}
	if ok, _ := k.Take("b", now); !ok {
		t.Error("another key refused")
	}
	if ok, _ := k.Take("a", now.Add(time.Second)); !ok {
		t.Error("a second later: refused")
	}
	// Check does not spend; Spend does.
	if ok, _ := k.Check("c", now); !ok {
		t.Error("unknown key checked as empty")
	}
	for range 3 {
		k.Spend("c", now)
	}
	if ok, wait := k.Check("c", now); ok || wait <= 0 {
		t.Errorf("after spending the burst, Check = %v, %v", ok, wait)
	}
	// Full buckets are dropped.
	k.Take("z", now.Add(time.Hour))
	if n := k.Len(); n != 1 {
		t.Errorf("%d buckets kept an hour later, want 1", n)
	}
	var none *Keyed = NewKeyed(0, time.Minute)
	if ok, _ := none.Take("a", now); !ok {
		t.Error("a nil Keyed refused")
	}
}

func TestClients(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		trusted []string
		remote  string
		xff     []string
		want    string
	}{
		{"direct IPv4", "", nil, "203.0.113.7:5555", nil, "203.0.113.7"},
		{"direct IPv6 by /64", "", nil, "[2001:db8:1:2:3:4:5:6]:443", nil, "2001:db8:1:2::/64"},
		{"header ignored without a trusted proxy", "X-Forwarded-For", []string{"10.0.0.1"}, "203.0.113.7:1", []string{"198.51.100.1"}, "203.0.113.7"},
		{"behind the proxy", "X-Forwarded-For", []string{"10.0.0.0/8"}, "10.0.0.1:1", []string{"198.51.100.1"}, "198.51.100.1"},
		{"spoofed left-hand entries ignored", "X-Forwarded-For", []string{"10.0.0.0/8"}, "10.0.0.1:1", []string{"1.2.3.4, 198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"several header lines", "X-Forwarded-For", []string{"10.0.0.1"}, "10.0.0.1:1", []string{"1.2.3.4", "198.51.100.9"}, "198.51.100.9"},
		{"garbage header", "X-Forwarded-For", []string{"10.0.0.1"}, "10.0.0.1:1", []string{"nonsense"}, "10.0.0.1"},
		{"X-Real-IP", "X-Real-IP", []string{"127.0.0.1"}, "127.0.0.1:1", []string{"198.51.100.3"}, "198.51.100.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClients(tt.header, tt.trusted)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add(tt.header, v)
			}
			if got := c.Of(r); got != tt.want {
				t.Errorf("client = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := NewClients("X-Forwarded-For", nil); err == nil {
		t.Error("a header without trusted proxies was accepted")
	}
	if _, err := NewClients("", []string{"not an address"}); err == nil {
		t.Error("a bad trusted proxy was accepted")
	}
}

// Issue 11, finding 4: one client holds at most its share of connections;
// one more is answered 429 and closed, and a closed one frees its place.
func TestListenerCapsConnectionsPerClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go srv.Serve(Listener(ln, 3, nil))
	defer srv.Close()
	var conns []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	time.Sleep(100 * time.Millisecond) // let the server accept them
	extra, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	extra.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
	if err != nil {
		t.Fatalf("fourth connection: %v", err)
	}
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("fourth connection: %d, Retry-After %q; want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	conns[0].Close()
	time.Sleep(100 * time.Millisecond)
	again, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	again.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	again.SetReadDeadline(time.Now().Add(5 * time.Second))
	if resp, err := http.ReadResponse(bufio.NewReader(again), nil); err != nil || resp.StatusCode != 200 {
		t.Errorf("after one closed: %v, %v; want 200", resp, err)
	}
}

// FuzzClientsOf: no X-Forwarded-For header crashes the resolver, and the
// client it names behind the proxy is never one of the trusted proxies.
func FuzzClientsOf(f *testing.F) {
	c, err := NewClients("X-Forwarded-For", []string{"10.0.0.0/8", "::1"})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"198.51.100.1", "1.2.3.4, 10.0.0.2", "[2001:db8::1]:443", "10.0.0.5,,", "unknown, 10.0.0.1", "::ffff:10.0.0.1"} {
		f.Add("10.0.0.1:1234", s)
	}
	f.Add("[::1]:5", "2001:db8:1:2:3::4")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := c.Of(r)
		if got != Key(mustAddr(remote)) && c.Trusted(got) {
			t.Errorf("remote %q, X-Forwarded-For %q: client %q is a trusted proxy", remote, xff, got)
		}
	})
}

func mustAddr(s string) netip.Addr {
	a, _ := parseAddr(s)
	return a
}
