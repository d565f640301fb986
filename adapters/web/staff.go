package web

import (
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/faqbot/faqbot/bot"
)

// StaffDesk is what the staff view needs from the bot.
type StaffDesk interface {
	Tickets(ctx context.Context) ([]bot.Ticket, error)
	Claim(ctx context.Context, ticketID, staff string) (bot.Ticket, error)
	StaffReply(ctx context.Context, ticketID, staff, text string) error
	Relayed(ctx context.Context, ticketID, staff string) ([]bot.Turn, error)
	Close(ctx context.Context, ticketID, staff string) error
}

// Tokens maps bearer tokens to the names of the people who hold them.
type Tokens struct{ byName map[string]string }

// ParseTokens reads "name:token,name:token" (FAQBOT_STAFF_TOKENS).
func ParseTokens(s string) (Tokens, error) {
	t := Tokens{byName: map[string]string{}}
	for _, pair := range strings.Split(s, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		name, token, ok := strings.Cut(pair, ":")
		name, token = strings.TrimSpace(name), strings.TrimSpace(token)
		if !ok || name == "" || len(token) < 16 {
			return Tokens{}, fmt.Errorf("token entry for %q: want name:token with a token of at least 16 characters", name)
		}
		t.byName[name] = token
	}
	return t, nil
}

// Len reports how many tokens there are.
func (t Tokens) Len() int { return len(t.byName) }

// Who returns the name holding the request's bearer token, comparing every
// token in constant time.
func (t Tokens) Who(r *http.Request) (string, bool) {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || got == "" {
		return "", false
	}
	who := ""
	for name, token := range t.byName {
		if subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1 {
			who = name
		}
	}
	return who, who != ""
}

//go:embed staff.html
var staffPage []byte

// WithStaff adds the staff view (/staff) and its API (/staff/api/...),
// open to holders of tokens.
func WithStaff(desk StaffDesk, tokens Tokens) Option {
	return func(h *Handler) {
		s := &staffAPI{desk: desk, tokens: tokens, h: h}
		h.mux.HandleFunc("GET /staff", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(staffPage)
		})
		h.mux.HandleFunc("GET /staff/api/tickets", s.auth(s.list))
		h.mux.HandleFunc("POST /staff/api/tickets/{id}/claim", s.auth(s.claim))
		h.mux.HandleFunc("GET /staff/api/tickets/{id}/messages", s.auth(s.relayed))
		h.mux.HandleFunc("POST /staff/api/tickets/{id}/messages", s.auth(s.reply))
		h.mux.HandleFunc("POST /staff/api/tickets/{id}/close", s.auth(s.close))
	}
}

type staffAPI struct {
	desk   StaffDesk
	tokens Tokens
	h      *Handler
}

type staffHandler func(w http.ResponseWriter, r *http.Request, staff string)

func (s *staffAPI) auth(next staffHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		who, ok := s.tokens.Who(r)
		if !ok {
			s.h.log.Warn("staff request refused: no valid token", "path", r.URL.Path)
			writeError(w, http.StatusUnauthorized, "a staff token is required")
			return
		}
		next(w, r, who)
	}
}

type ticketJSON struct {
	bot.Ticket
	WaitingSeconds int `json:"waiting_seconds"`
}

func (s *staffAPI) list(w http.ResponseWriter, r *http.Request, _ string) {
	ts, err := s.desk.Tickets(r.Context())
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "tickets are unavailable right now")
		return
	}
	out := make([]ticketJSON, len(ts))
	for i, t := range ts {
		end := time.Now()
		if !t.ClaimedAt.IsZero() {
			end = t.ClaimedAt
		}
		out[i] = ticketJSON{Ticket: t, WaitingSeconds: int(end.Sub(t.CreatedAt).Seconds())}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tickets": out})
}

func (s *staffAPI) claim(w http.ResponseWriter, r *http.Request, staff string) {
	t, err := s.desk.Claim(r.Context(), r.PathValue("id"), staff)
	if err != nil {
		writeTicketError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (s *staffAPI) relayed(w http.ResponseWriter, r *http.Request, staff string) {
	turns, err := s.desk.Relayed(r.Context(), r.PathValue("id"), staff)
	if err != nil {
		writeTicketError(w, err)
		return
	}
	if turns == nil {
		turns = []bot.Turn{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": turns})
}

func (s *staffAPI) reply(w http.ResponseWriter, r *http.Request, staff string) {
	var body struct {
		Text string `json:"text"`
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || strings.TrimSpace(body.Text) == "" {
		writeError(w, http.StatusBadRequest, `body must be {"text": "..."} with some text`)
		return
	}
	if err := s.desk.StaffReply(r.Context(), r.PathValue("id"), staff, body.Text); err != nil {
		writeTicketError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *staffAPI) close(w http.ResponseWriter, r *http.Request, staff string) {
	if err := s.desk.Close(r.Context(), r.PathValue("id"), staff); err != nil {
		writeTicketError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeTicketError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, bot.ErrNoTicket):
		writeError(w, http.StatusNotFound, "no such ticket")
	case errors.Is(err, bot.ErrAlreadyClaimed):
		writeError(w, http.StatusConflict, "another staff member has this ticket")
	case errors.Is(err, bot.ErrTicketClosed):
		writeError(w, http.StatusConflict, "the ticket is closed")
	default:
		writeError(w, http.StatusServiceUnavailable, "tickets are unavailable right now")
	}
}
