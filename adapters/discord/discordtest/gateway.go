package discordtest

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

// This file is the fake gateway: the websocket that discordgo's session
// reads events from.

// conn is one gateway session; writes are serialised.
type conn struct {
	mu  sync.Mutex
	ws  *websocket.Conn
	seq int
}

func (c *conn) send(typ string, data any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	return c.ws.WriteJSON(map[string]any{"op": 0, "s": c.seq, "t": typ, "d": data})
}

// Connected reports how many gateway sessions are open.
func (s *Server) Connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Dispatch sends an event to every open gateway session, as Discord would.
func (s *Server) Dispatch(typ string, data any) error {
	s.mu.Lock()
	conns := append([]*conn(nil), s.conns...)
	s.mu.Unlock()
	if len(conns) == 0 {
		return fmt.Errorf("dispatch %s: no gateway session is open", typ)
	}
	for _, c := range conns {
		if err := c.send(typ, data); err != nil {
			return fmt.Errorf("dispatch %s: %w", typ, err)
		}
	}
	return nil
}

// Identified returns the payloads ("d") of the IDENTIFY packets received
// so far, one per gateway session.
func (s *Server) Identified() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.identify...)
}

// RejectNext makes the next gateway sessions, one per code, end after
// IDENTIFY with that close code instead of READY, as Discord ends a
// session with a bad token (4004).
func (s *Server) RejectNext(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects = append(s.rejects, codes...)
}

var upgrader = websocket.Upgrader{}

// serveGateway speaks the gateway protocol: HELLO, the client's IDENTIFY,
// READY and the known servers, then events from Dispatch and heartbeat
// ACKs until the client leaves; or, for a rejected session, HELLO, the
// client's IDENTIFY and a close code.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.handlers.Add(1)
	defer s.handlers.Done()
	defer ws.Close()
	c := &conn{ws: ws}
	c.mu.Lock()
	_ = ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	c.mu.Unlock()
	var identify struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	if err := ws.ReadJSON(&identify); err != nil || identify.Op != 2 {
		s.t.Errorf("gateway: want IDENTIFY (op 2), got op %d, err %v", identify.Op, err)
		return
	}
	s.mu.Lock()
	s.identify = append(s.identify, identify.D)
	var reject int
	if len(s.rejects) > 0 {
		reject, s.rejects = s.rejects[0], s.rejects[1:]
	}
	s.mu.Unlock()
	if reject != 0 {
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(reject, "Authentication failed."))
		return
	}
	_ = c.send("READY", map[string]any{
		"v": 9, "session_id": "session-1",
		"user":        map[string]any{"id": BotID, "username": "faqbot", "bot": true},
		"application": map[string]any{"id": AppID},
		"guilds":      []any{},
	})
	for _, g := range s.guilds() {
		_ = c.send("GUILD_CREATE", g)
	}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.mu.Unlock()
	defer s.drop(c)
	for {
		var p struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		if p.Op == 1 {
			c.mu.Lock()
			_ = ws.WriteJSON(map[string]any{"op": 11})
			c.mu.Unlock()
		}
	}
}

// guilds returns a GUILD_CREATE payload per server with its channels.
func (s *Server) guilds() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	channels := map[string][]any{}
	for ch, g := range s.guildOf {
		channels[g] = append(channels[g], map[string]any{"id": ch, "guild_id": g, "type": 0})
	}
	var out []map[string]any
	for g, chs := range channels {
		out = append(out, map[string]any{"id": g, "channels": chs, "threads": []any{}})
	}
	return out
}

func (s *Server) drop(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			return
		}
	}
}
