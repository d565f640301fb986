package discord

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
	"github.com/gorilla/websocket"
)

// This file holds a fake Discord: its REST API and gateway on one
// httptest server, driven by the real discordgo client through its
// endpoint variables.

const (
	testBotID = "100000000000000001"
	testAppID = "100000000000000002"
	testToken = "test-token"
)

// request is one REST call the fake Discord received.
type request struct {
	Method, Path, RawQuery, Auth string
	Body                         map[string]any
}

// event is a gateway dispatch the fake sends after READY.
type event struct {
	Type string
	Data any
}

// fakeDiscord serves Discord's REST API and gateway for one test.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	reqs     []request
	fail     map[string]int // "METHOD /path" → status to answer with
	identify []map[string]any
	events   []event
	// closeCodes are the close codes for the next gateway connections,
	// one per connection, before READY (4004: bad token).
	closeCodes []int
	conns      []*websocket.Conn
	handlers   sync.WaitGroup
}

// newFakeDiscord starts a fake Discord and points discordgo at it until
// the test ends.
func newFakeDiscord(t *testing.T) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{t: t, fail: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"url": "ws://" + r.Host + "/ws"})
	})
	mux.HandleFunc("POST /api/v9/channels/{c}/messages/{m}/threads", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"id": r.PathValue("m"), "parent_id": r.PathValue("c"), "type": 11, "owner_id": testBotID})
	})
	mux.HandleFunc("POST /api/v9/channels/{c}/messages", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"id": fmt.Sprintf("9%017d", f.count()), "channel_id": r.PathValue("c")})
	})
	mux.HandleFunc("POST /api/v9/users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, map[string]any{"id": "dm-" + body.RecipientID, "type": 1})
	})
	command := func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		body["id"] = "300000000000000001"
		writeJSON(w, body)
	}
	mux.HandleFunc("POST /api/v9/applications/{app}/commands", command)
	mux.HandleFunc("POST /api/v9/applications/{app}/guilds/{g}/commands", command)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"id": fmt.Sprintf("8%017d", f.count())})
	})
	mux.HandleFunc("DELETE /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /ws/", f.serveGateway)
	f.srv = httptest.NewServer(f.record(mux))
	t.Cleanup(f.close)
	pointDiscordgoAt(t, f.srv.URL+"/")
	return f
}

// pointDiscordgoAt sets discordgo's endpoint variables, which other
// endpoints are built from when called, and restores them after the test.
func pointDiscordgoAt(t *testing.T, base string) {
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

func (f *fakeDiscord) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ws") {
			next.ServeHTTP(w, r)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		req := request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Auth: r.Header.Get("Authorization")}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &req.Body); err != nil {
				f.t.Errorf("%s %s: body is not a JSON object: %v", r.Method, r.URL.Path, err)
			}
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, req)
		status := f.fail[r.Method+" "+r.URL.Path]
		f.mu.Unlock()
		if status != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"code": 50001, "message": "Missing Access"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// failWith makes the fake answer "METHOD /path" with status.
func (f *fakeDiscord) failWith(route string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[route] = status
}

// requests returns the REST calls received so far, except gateway look-ups.
func (f *fakeDiscord) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.reqs {
		if !strings.HasSuffix(r.Path, "/gateway") {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeDiscord) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

var upgrader = websocket.Upgrader{}

// serveGateway speaks the gateway protocol: HELLO, the client's IDENTIFY,
// READY, the scripted events, then heartbeat ACKs until the client leaves.
func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	f.handlers.Add(1)
	var closeCode int
	if len(f.closeCodes) > 0 {
		closeCode, f.closeCodes = f.closeCodes[0], f.closeCodes[1:]
	}
	events := f.events
	f.mu.Unlock()
	defer f.handlers.Done()
	defer c.Close()

	_ = c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	var identify struct {
		Op int            `json:"op"`
		D  map[string]any `json:"d"`
	}
	if err := c.ReadJSON(&identify); err != nil || identify.Op != 2 {
		f.t.Errorf("gateway: want IDENTIFY (op 2), got op %d, err %v", identify.Op, err)
		return
	}
	f.mu.Lock()
	f.identify = append(f.identify, identify.D)
	f.mu.Unlock()
	if closeCode != 0 {
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeCode, "Authentication failed."))
		return
	}
	seq := 0
	dispatch := func(typ string, data any) {
		seq++
		_ = c.WriteJSON(map[string]any{"op": 0, "s": seq, "t": typ, "d": data})
	}
	dispatch("READY", map[string]any{
		"v": 9, "session_id": "session-1",
		"user":        map[string]any{"id": testBotID, "username": "faqbot", "bot": true},
		"application": map[string]any{"id": testAppID},
		"guilds":      []any{},
	})
	for _, e := range events {
		dispatch(e.Type, e.Data)
	}
	for {
		var p struct {
			Op int `json:"op"`
		}
		if err := c.ReadJSON(&p); err != nil {
			return
		}
		if p.Op == 1 {
			_ = c.WriteJSON(map[string]any{"op": 11})
		}
	}
}

func (f *fakeDiscord) close() {
	f.mu.Lock()
	for _, c := range f.conns {
		_ = c.Close()
	}
	f.mu.Unlock()
	f.handlers.Wait()
	f.srv.Close()
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
