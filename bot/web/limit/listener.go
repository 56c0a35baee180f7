package limit

import (
	"net"
	"sync"
	"time"
)

// refusal is written to a connection over its client's share: a complete
// HTTP answer, so that a browser or proxy shows why.
const refusal = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json\r\n" +
	"Content-Length: 44\r\nConnection: close\r\n\r\n{\"error\": \"too many connections, slow down\"}"

// Listener wraps ln so that one client address holds at most perClient
// connections at a time; a connection beyond that is answered 429 and
// closed. Connections from exempt addresses (trusted reverse proxies,
// which carry many clients) are not counted. perClient 0 or less: no cap.
func Listener(ln net.Listener, perClient int, exempt func(addr string) bool) net.Listener {
	if perClient <= 0 {
		return ln
	}
	return &listener{Listener: ln, max: perClient, exempt: exempt, open: map[string]int{}}
}

type listener struct {
	net.Listener
	max    int
	exempt func(string) bool

	mu   sync.Mutex
	open map[string]int
}

func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := c.RemoteAddr().String()
		if l.exempt != nil && l.exempt(addr) {
			return c, nil
		}
		key := addr
		if a, ok := parseAddr(addr); ok {
			key = Key(a)
		}
		l.mu.Lock()
		over := l.open[key] >= l.max
		if !over {
			l.open[key]++
		}
		l.mu.Unlock()
		if over {
			go refuse(c)
			continue
		}
		return &conn{Conn: c, release: func() { l.release(key) }}, nil
	}
}

func (l *listener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// refuse answers 429 and closes, without waiting on a client that does
// not read.
func refuse(c net.Conn) {
	c.SetWriteDeadline(time.Now().Add(time.Second))
	c.Write([]byte(refusal))
	c.Close()
}

// conn releases its place once closed, however many times Close is called.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
