package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketHub is the Socket Mode side of the fake: the WebSocket an app
// reaches through apps.connections.open, the envelopes sent on it and the
// acknowledgements received.
type socketHub struct {
	upgrader websocket.Upgrader

	mu        sync.Mutex
	conn      *websocket.Conn
	connected chan struct{} // closed once an app has connected
	acks      map[string]json.RawMessage
	seq       int
	done      chan struct{}
	closed    bool
}

func newSocketHub() *socketHub {
	return &socketHub{
		// Slack's client sends Origin: https://api.slack.com.
		upgrader:  websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		connected: make(chan struct{}), acks: map[string]json.RawMessage{}, done: make(chan struct{}),
	}
}

func (h *socketHub) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close()
		return
	}
	if h.conn != nil {
		h.conn.Close()
	}
	h.conn = conn
	err = conn.WriteJSON(map[string]any{
		"type": "hello", "num_connections": 1, "connection_info": map[string]string{"app_id": "AFAKE001"},
		"debug_info": map[string]any{"host": "fake-applink", "approximate_connection_time": 18060},
	})
	select {
	case <-h.connected:
	default:
		close(h.connected)
	}
	h.mu.Unlock()
	if err != nil {
		return
	}
	go h.ping(conn)
	h.readAcks(conn)
}

// ping keeps the connection alive the way Slack does, so that the
// client's dead-connection timer never fires during a test.
func (h *socketHub) ping(conn *websocket.Conn) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-t.C:
			h.mu.Lock()
			err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			h.mu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (h *socketHub) readAcks(conn *websocket.Conn) {
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := conn.ReadJSON(&ack); err != nil {
			return
		}
		h.mu.Lock()
		if ack.Payload == nil {
			ack.Payload = json.RawMessage("null")
		}
		h.acks[ack.EnvelopeID] = ack.Payload
		h.mu.Unlock()
	}
}

func (h *socketHub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	if h.conn != nil {
		h.conn.Close()
	}
}

// send writes one envelope and returns its ID.
func (h *socketHub) send(typ string, payload []byte, retry int, timeout time.Duration) (string, error) {
	select {
	case <-h.connected:
	case <-time.After(timeout):
		return "", errors.New("slackfake: no Socket Mode connection")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	id := fmt.Sprintf("env-%04d", h.seq)
	env := map[string]any{
		"envelope_id": id, "type": typ, "payload": json.RawMessage(payload),
		"accepts_response_payload": typ != "events_api",
	}
	if retry > 0 {
		env["retry_attempt"], env["retry_reason"] = retry, "timeout"
	}
	if err := h.conn.WriteJSON(env); err != nil {
		return "", fmt.Errorf("slackfake: send envelope: %w", err)
	}
	return id, nil
}

// sendTimeout is how long the Socket* methods wait for the app to connect.
const sendTimeout = 5 * time.Second

// SocketEvent sends an Events API event over the Socket Mode connection,
// and returns its envelope ID.
func (s *Server) SocketEvent(e Event) (string, error) {
	return s.socket.send("events_api", e.Body(), e.Retry, sendTimeout)
}

// SocketAction sends a button press over the Socket Mode connection.
func (s *Server) SocketAction(a Action) (string, error) {
	return s.socket.send("interactive", a.Payload(), 0, sendTimeout)
}

// SocketCommand sends a slash command over the Socket Mode connection.
func (s *Server) SocketCommand(c Command) (string, error) {
	f := c.Form()
	payload := map[string]string{}
	for k := range f {
		payload[k] = f.Get(k)
	}
	body, _ := json.Marshal(payload)
	return s.socket.send("slash_commands", body, 0, sendTimeout)
}

// Ack waits up to timeout for the app to acknowledge an envelope, and
// returns the payload it acknowledged with ("null" for none).
func (s *Server) Ack(envelopeID string, timeout time.Duration) (json.RawMessage, bool) {
	var payload json.RawMessage
	ok := s.Wait(timeout, func() bool {
		s.socket.mu.Lock()
		defer s.socket.mu.Unlock()
		p, found := s.socket.acks[envelopeID]
		payload = p
		return found
	})
	return payload, ok
}

// SocketConnected reports whether an app has opened a Socket Mode
// connection within timeout.
func (s *Server) SocketConnected(timeout time.Duration) bool {
	select {
	case <-s.socket.connected:
		return true
	case <-time.After(timeout):
		return false
	}
}
