// Package web is the local HTTP adapter: a JSON API for messages, health
// and readiness probes, and a small web chat page that uses the API. It
// needs no tokens, so faqbot runs anywhere.
package web

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/faqbot/faqbot/bot"
)

// MaxBodyBytes caps a request body; larger bodies are refused with 413.
const MaxBodyBytes = 64 << 10

// Engine is what the adapter needs from the bot.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
	// Pending returns messages for the patient that answer none of theirs:
	// staff replies and notices.
	Pending(ctx context.Context, m bot.Message) ([]bot.Outbound, error)
	Degraded() bool
}

// Option configures the Handler.
type Option func(*Handler)

//go:embed chat.html
var chatPage []byte

// Handler serves the API and the chat page.
type Handler struct {
	engine Engine
	log    *slog.Logger
	mux    *http.ServeMux
}

// New returns the adapter's HTTP handler; options add routes.
func New(engine Engine, log *slog.Logger, opts ...Option) *Handler {
	h := &Handler{engine: engine, log: log.With("component", "web"), mux: http.NewServeMux()}
	h.mux.HandleFunc("POST /v1/messages", h.postMessage)
	h.mux.HandleFunc("GET /v1/messages", h.getPending)
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.HandleFunc("GET /readyz", h.readyz)
	h.mux.HandleFunc("GET /{$}", h.page)
	for _, o := range opts {
		o(h)
	}
	return h
}

// WithRoute mounts another handler, such as a platform's webhooks.
func WithRoute(pattern string, h http.Handler) Option {
	return func(x *Handler) { x.mux.Handle(pattern, h) }
}

// WithMetrics serves Prometheus metrics at /metrics.
func WithMetrics(h http.Handler) Option {
	return func(x *Handler) { x.mux.Handle("GET /metrics", h) }
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

type messageRequest struct {
	Conversation string `json:"conversation"`
	User         string `json:"user"`
	Text         string `json:"text"`
}

type replyJSON struct {
	From       string       `json:"from,omitempty"` // a staff member's name for relayed replies
	Kind       bot.Kind     `json:"kind"`
	Entry      string       `json:"entry"`
	Text       string       `json:"text"`
	Candidates []string     `json:"candidates,omitempty"`
	Choices    []bot.Choice `json:"choices,omitempty"`
}

type messageResponse struct {
	Replies []replyJSON `json:"replies"`
}

func (h *Handler) postMessage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	dec := json.NewDecoder(r.Body)
	var req messageRequest
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "request body is too large (limit 64 KiB)")
			return
		}
		writeError(w, http.StatusBadRequest, "request body must be a JSON object with conversation, user and text strings")
		return
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "request body must hold a single JSON object")
		return
	}
	req.Conversation = strings.TrimSpace(req.Conversation)
	if req.Conversation == "" || len(req.Conversation) > 200 || !utf8.ValidString(req.Conversation) {
		writeError(w, http.StatusBadRequest, "conversation must be a non-empty string of at most 200 bytes")
		return
	}
	if len(req.User) > 200 {
		writeError(w, http.StatusBadRequest, "user must be at most 200 bytes")
		return
	}
	if req.User == "" {
		req.User = req.Conversation
	}
	m := bot.Message{Platform: "http", Conversation: req.Conversation, User: req.User, Text: req.Text, Direct: true}
	replies := h.engine.Handle(r.Context(), m)
	resp := messageResponse{Replies: make([]replyJSON, 0, len(replies))}
	for _, rep := range replies {
		resp.Replies = append(resp.Replies, replyJSON{Kind: rep.Kind, Entry: rep.Entry, Text: rep.Text, Candidates: rep.Candidates, Choices: rep.Choices})
	}
	resp.Replies = append(resp.Replies, h.pending(r.Context(), m)...)
	writeJSON(w, http.StatusOK, resp)
}

// getPending returns messages waiting for a conversation (staff replies),
// for the chat page to poll: GET /v1/messages?conversation=...&user=...
func (h *Handler) getPending(w http.ResponseWriter, r *http.Request) {
	conv, user := r.URL.Query().Get("conversation"), r.URL.Query().Get("user")
	if conv == "" || len(conv) > 200 || len(user) > 200 {
		writeError(w, http.StatusBadRequest, "conversation query parameter is required")
		return
	}
	if user == "" {
		user = conv
	}
	replies := h.pending(r.Context(), bot.Message{Platform: "http", Conversation: conv, User: user})
	writeJSON(w, http.StatusOK, messageResponse{Replies: append([]replyJSON{}, replies...)})
}

func (h *Handler) pending(ctx context.Context, m bot.Message) []replyJSON {
	out, err := h.engine.Pending(ctx, m)
	if err != nil {
		h.log.Warn("could not read pending messages", "err", err)
		return nil
	}
	replies := make([]replyJSON, len(out))
	for i, o := range out {
		replies[i] = replyJSON{From: o.From, Kind: o.Reply.Kind, Text: o.Reply.Text}
	}
	return replies
}

func (h *Handler) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz stays 200 when degraded: the bot still answers FAQ questions
// without its store, so it should keep receiving traffic.
func (h *Handler) readyz(w http.ResponseWriter, _ *http.Request) {
	status := "ready"
	if h.engine.Degraded() {
		status = "degraded"
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
}

func (h *Handler) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
	_, _ = w.Write(chatPage)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
