package discordtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes the fake speaks.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// Close codes of the gateway: an Identify with a wrong token, or asking
// for privileged intents the application is not allowed.
const (
	closeAuthFailed       = 4004
	closeDisallowedIntent = 4014
)

// Identify is what a bot sent to identify on the gateway.
type Identify struct {
	Token   string           `json:"token"`
	Intents discordgo.Intent `json:"intents"`
}

// gateway holds the open gateway connections.
type gateway struct {
	mu         *sync.Mutex
	conns      map[*websocket.Conn]*sync.Mutex // each with its write lock
	seq        *int64
	identifies *[]Identify
	disallowed *discordgo.Intent
	failNext   *int
}

func newGateway() gateway {
	return gateway{mu: &sync.Mutex{}, conns: map[*websocket.Conn]*sync.Mutex{}, seq: new(int64), identifies: new([]Identify), disallowed: new(discordgo.Intent), failNext: new(int)}
}

// payload is a gateway message.
type payload struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d,omitempty"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
}

// send writes a payload to one connection.
func (g gateway) send(c *websocket.Conn, op int, event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	g.mu.Lock()
	wl := g.conns[c]
	p := payload{Op: op, Data: raw, Type: event}
	if op == opDispatch {
		*g.seq++
		p.Seq = *g.seq
	}
	g.mu.Unlock()
	if wl == nil {
		return websocket.ErrCloseSent
	}
	wl.Lock()
	defer wl.Unlock()
	return c.WriteJSON(p)
}

// dispatch sends an event to every identified connection.
func (g gateway) dispatch(event string, data any) {
	g.mu.Lock()
	conns := make([]*websocket.Conn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	for _, c := range conns {
		_ = g.send(c, opDispatch, event, data)
	}
}

func (g gateway) closeAll() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.conns {
		_ = c.Close()
	}
}

// Dispatch sends a gateway event ("MESSAGE_CREATE", "INTERACTION_CREATE"…)
// with data as its payload to every connected bot.
func (s *Server) Dispatch(event string, data any) { s.gateway.dispatch(event, data) }

// DropConnections closes the gateway connections, as when the network
// between a bot and Discord fails; the server goes on.
func (s *Server) DropConnections() { s.gateway.closeAll() }

// Connected returns how many bots are identified on the gateway now.
func (s *Server) Connected() int {
	s.gateway.mu.Lock()
	defer s.gateway.mu.Unlock()
	return len(s.gateway.conns)
}

// Say is a user's message as Discord handles it: kept in the channel's
// history (for a bot that reads it back later) and dispatched to the bots
// connected now. Its ID and timestamp are set when empty.
func (s *Server) Say(m *discordgo.Message) *discordgo.Message {
	s.mu.Lock()
	if m.ID == "" {
		m.ID = strconv.FormatInt(s.newID(), 10)
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = time.Now().UTC()
	}
	s.history[m.ChannelID] = append([]*discordgo.Message{m}, s.history[m.ChannelID]...)
	s.mu.Unlock()
	s.gateway.dispatch("MESSAGE_CREATE", m)
	return m
}

// DisallowIntents makes the gateway refuse, with close code 4014, a bot
// that asks for any of these intents: a privileged intent not switched on
// in the developer portal.
func (s *Server) DisallowIntents(intents discordgo.Intent) {
	s.gateway.mu.Lock()
	defer s.gateway.mu.Unlock()
	*s.gateway.disallowed = intents
}

// WaitIdentify waits for a bot to identify on the gateway and returns what
// it sent; it fails the test after timeout.
func (s *Server) WaitIdentify(tb testing.TB, timeout time.Duration) Identify {
	tb.Helper()
	var id Identify
	ok := s.waitFor(timeout, func() bool {
		s.gateway.mu.Lock()
		defer s.gateway.mu.Unlock()
		if len(*s.gateway.identifies) == 0 {
			return false
		}
		id = (*s.gateway.identifies)[0]
		return true
	})
	if !ok {
		tb.Fatalf("discordtest: no bot identified on the gateway within %s", timeout)
	}
	return id
}

// WaitDisconnected waits until no bot is connected to the gateway; it
// fails the test after timeout.
func (s *Server) WaitDisconnected(tb testing.TB, timeout time.Duration) {
	tb.Helper()
	ok := s.waitFor(timeout, func() bool {
		s.gateway.mu.Lock()
		defer s.gateway.mu.Unlock()
		return len(s.gateway.conns) == 0
	})
	if !ok {
		tb.Fatalf("discordtest: a bot is still connected to the gateway after %s", timeout)
	}
}

// FailGateway makes the next n websocket connections fail with 502 Bad
// Gateway before the upgrade, as when Discord's gateway is unreachable
// for a moment.
func (s *Server) FailGateway(n int) {
	s.gateway.mu.Lock()
	defer s.gateway.mu.Unlock()
	*s.gateway.failNext = n
}

// serveGateway speaks the gateway: Hello, then Identify (a wrong token
// closes with 4004), READY, and heartbeat acks until the bot leaves.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.gateway.mu.Lock()
	fail := *s.gateway.failNext > 0
	if fail {
		*s.gateway.failNext--
	}
	s.gateway.mu.Unlock()
	if fail {
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		return
	}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	if err := c.WriteJSON(map[string]any{"op": opHello, "d": map[string]any{"heartbeat_interval": 41250}}); err != nil {
		return
	}
	var p payload
	if err := c.ReadJSON(&p); err != nil {
		return
	}
	if p.Op == opResume {
		// The fake keeps no session to resume: Discord then says the
		// session is invalid and not resumable, and waits for an Identify.
		if err := c.WriteJSON(map[string]any{"op": opInvalidSession, "d": false}); err != nil {
			return
		}
		if err := c.ReadJSON(&p); err != nil {
			return
		}
	}
	if p.Op != opIdentify {
		return
	}
	var id Identify
	if err := json.Unmarshal(p.Data, &id); err != nil || id.Token != "Bot "+s.token {
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeAuthFailed, "Authentication failed."))
		return
	}
	s.gateway.mu.Lock()
	disallowed := *s.gateway.disallowed
	s.gateway.mu.Unlock()
	if id.Intents&disallowed != 0 {
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeDisallowedIntent, "Disallowed intent(s)."))
		return
	}
	user := s.user
	ready := map[string]any{
		"v": 10, "user": user, "session_id": "fake-session", "guilds": []any{},
		"resume_gateway_url": "ws" + s.srv.URL[len("http"):] + "/gateway",
		"application":        map[string]any{"id": user.ID, "flags": 0},
	}
	defer s.disconnect(c)
	if err := s.connect(c, id, ready); err != nil {
		return
	}
	for {
		if err := c.ReadJSON(&p); err != nil {
			return
		}
		if p.Op == opHeartbeat {
			_ = s.gateway.send(c, opHeartbeatAck, "", nil)
		}
	}
}

// connect counts an identified connection and sends it READY. As on
// Discord, READY is the session's first dispatch: an event dispatched
// meanwhile (a test may dispatch as soon as the bot has identified) waits
// for the connection's write lock, held until READY is written, and its
// sequence number is above READY's. A bot may rely on that order: it
// reads back what it missed at READY, before the messages that follow.
func (s *Server) connect(c *websocket.Conn, id Identify, ready any) error {
	raw, err := json.Marshal(ready)
	if err != nil {
		return err
	}
	wl := &sync.Mutex{}
	wl.Lock()
	defer wl.Unlock()
	s.gateway.mu.Lock()
	s.gateway.conns[c] = wl
	*s.gateway.identifies = append(*s.gateway.identifies, id)
	*s.gateway.seq++
	p := payload{Op: opDispatch, Data: raw, Type: "READY", Seq: *s.gateway.seq}
	s.gateway.mu.Unlock()
	s.notify()
	return c.WriteJSON(p)
}

func (s *Server) disconnect(c *websocket.Conn) {
	s.gateway.mu.Lock()
	delete(s.gateway.conns, c)
	s.gateway.mu.Unlock()
	s.notify()
}

// notify wakes the waiters of waitFor.
func (s *Server) notify() {
	s.mu.Lock()
	s.changed.Broadcast()
	s.mu.Unlock()
}
