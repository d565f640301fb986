// Package discordtest is a fake Discord for tests of code that uses
// github.com/bwmarrin/discordgo: Discord's REST API and gateway on one
// httptest server, driven by the real discordgo client through its
// endpoint variables. It records every REST call, keeps the messages the
// bot posts (with their edits), and sends gateway events when told to, as
// Discord would (READY, GUILD_CREATE, MESSAGE_CREATE, INTERACTION_CREATE),
// including THREAD_CREATE when the bot starts a thread. It can refuse
// REST routes and gateway sessions, to test how a client copes with an
// outage or a rejected token.
//
// discordgo's endpoints are package variables: tests that use a Server
// must not run in parallel with other Discord tests of the same binary.
package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// The bot's identity on the fake Discord.
const (
	BotID = "100000000000000001"
	AppID = "100000000000000002"
)

// Request is one REST call the fake received.
type Request struct {
	Method, Path, RawQuery, Auth string
	Body                         map[string]any
}

// Message is a message the bot posted, as it now reads.
type Message struct {
	ID, Channel, Content string
	Reference            string   // the id of the message it replies to
	Buttons              []Button // in order
	Edits                int
}

// Button is a button on a Message.
type Button struct{ Label, CustomID string }

// Server is a fake Discord for one test.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	reqs     []Request
	fail     map[string]int // "METHOD /path" -> status
	msgs     []*Message
	byID     map[string]*Message
	guildOf  map[string]string // channel id -> guild id
	conns    []*conn
	identify []map[string]any // the IDENTIFY payloads received
	rejects  []int            // close codes for the next sessions
	seq      int
	handlers sync.WaitGroup
}

// New starts a fake Discord and points discordgo at it until the test
// ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, fail: map[string]int{}, byID: map[string]*Message{}, guildOf: map[string]string{}}
	s.srv = httptest.NewServer(s.record(s.routes()))
	t.Cleanup(s.close)
	pointDiscordgoAt(t, s.srv.URL+"/")
	return s
}

// AddChannel declares a text channel in a server; sessions that connect
// afterwards receive the server in a GUILD_CREATE after READY.
func (s *Server) AddChannel(guildID, channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guildOf[channelID] = guildID
}

// FailWith makes the fake answer "METHOD /path" with status.
func (s *Server) FailWith(route string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[route] = status
}

// Requests returns the REST calls received so far, except gateway look-ups.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.reqs {
		if !strings.HasSuffix(r.Path, "/gateway") {
			out = append(out, r)
		}
	}
	return out
}

// Messages returns the bot's messages in a channel (or thread), oldest
// first, as they now read.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.msgs {
		if m.Channel == channel {
			c := *m
			c.Buttons = append([]Button(nil), m.Buttons...)
			out = append(out, c)
		}
	}
	return out
}

// Followups returns the follow-up messages sent to an interaction (such
// as private notes), by the interaction's token.
func (s *Server) Followups(token string) []Message { return s.Messages(followupChannel(token)) }

func followupChannel(token string) string { return "webhook:" + token }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"url": "ws://" + r.Host + "/ws"})
	})
	mux.HandleFunc("POST /api/v9/channels/{c}/messages", s.postMessage)
	mux.HandleFunc("PATCH /api/v9/channels/{c}/messages/{m}", s.editMessage)
	mux.HandleFunc("POST /api/v9/channels/{c}/messages/{m}/threads", s.startThread)
	mux.HandleFunc("POST /api/v9/users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, map[string]any{"id": DMChannel(body.RecipientID), "type": 1})
	})
	command := func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		body["id"] = "300000000000000001"
		writeJSON(w, body)
	}
	mux.HandleFunc("POST /api/v9/applications/{app}/commands", command)
	mux.HandleFunc("POST /api/v9/applications/{app}/guilds/{g}/commands", command)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		m := s.store(followupChannel(r.PathValue("token")), r)
		writeJSON(w, map[string]any{"id": m.ID, "channel_id": m.Channel, "content": m.Content})
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /ws/", s.serveGateway)
	return mux
}

// DMChannel is the id of the direct message channel the fake opens with a
// user.
func DMChannel(user string) string { return "dm-" + user }

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	m := s.store(r.PathValue("c"), r)
	writeJSON(w, map[string]any{"id": m.ID, "channel_id": m.Channel, "content": m.Content,
		"author": map[string]any{"id": BotID, "username": "faqbot", "bot": true}})
}

// store keeps a posted message and returns a copy.
func (s *Server) store(channel string, r *http.Request) Message {
	body := decode(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	m := &Message{ID: fmt.Sprintf("9%017d", s.seq), Channel: channel}
	m.apply(body)
	if ref, ok := body["message_reference"].(map[string]any); ok {
		m.Reference, _ = ref["message_id"].(string)
	}
	s.msgs = append(s.msgs, m)
	s.byID[m.ID] = m
	return *m
}

func (s *Server) editMessage(w http.ResponseWriter, r *http.Request) {
	body := decode(r)
	s.mu.Lock()
	m, ok := s.byID[r.PathValue("m")]
	if ok {
		m.apply(body)
		m.Edits++
	}
	s.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"code": 10008, "message": "Unknown Message"}`)
		return
	}
	writeJSON(w, map[string]any{"id": r.PathValue("m"), "channel_id": r.PathValue("c")})
}

// startThread starts a thread on a message (its id is the message's, as on
// Discord) and tells the gateway sessions.
func (s *Server) startThread(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	s.mu.Lock()
	guild := s.guildOf[r.PathValue("c")]
	s.mu.Unlock()
	th := map[string]any{"id": r.PathValue("m"), "parent_id": r.PathValue("c"), "guild_id": guild, "type": 11, "owner_id": BotID, "name": body.Name}
	if guild != "" {
		_ = s.Dispatch("THREAD_CREATE", th)
	}
	writeJSON(w, th)
}

// apply sets the message's content and buttons from a request body.
func (m *Message) apply(body map[string]any) {
	if c, ok := body["content"].(string); ok {
		m.Content = c
	}
	rows, ok := body["components"].([]any)
	if !ok {
		return
	}
	m.Buttons = nil
	for _, row := range rows {
		row, _ := row.(map[string]any)
		items, _ := row["components"].([]any)
		for _, it := range items {
			b, _ := it.(map[string]any)
			label, _ := b["label"].(string)
			id, _ := b["custom_id"].(string)
			m.Buttons = append(m.Buttons, Button{Label: label, CustomID: id})
		}
	}
}

func decode(r *http.Request) map[string]any {
	var body map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	return body
}

func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ws") {
			next.ServeHTTP(w, r)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		req := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Auth: r.Header.Get("Authorization")}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &req.Body); err != nil {
				s.t.Errorf("%s %s: body is not a JSON object: %v", r.Method, r.URL.Path, err)
			}
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, req)
		status := s.fail[r.Method+" "+r.URL.Path]
		s.mu.Unlock()
		if status != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"code": 50001, "message": "Missing Access"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) close() {
	s.mu.Lock()
	for _, c := range s.conns {
		_ = c.ws.Close()
	}
	s.mu.Unlock()
	s.handlers.Wait()
	s.srv.Close()
}

// pointDiscordgoAt sets discordgo's endpoint variables, which other
// endpoints are built from when called, and restores them after the test.
func pointDiscordgoAt(t testing.TB, base string) {
	vars := []*string{
		&discordgo.EndpointDiscord, &discordgo.EndpointAPI, &discordgo.EndpointGuilds,
		&discordgo.EndpointChannels, &discordgo.EndpointUsers, &discordgo.EndpointGateway,
		&discordgo.EndpointGatewayBot, &discordgo.EndpointWebhooks, &discordgo.EndpointApplications,
	}
	saved := make([]string, len(vars))
	for i, v := range vars {
		saved[i] = *v
	}
	t.Cleanup(func() {
		for i, v := range vars {
			*v = saved[i]
		}
	})
	api := base + "api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointDiscord = base
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointApplications = api + "applications"
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
