package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

// AdminDesk is what the admin API needs from the live FAQ.
type AdminDesk interface {
	List() ([]faq.Entry, map[string]revision.Meta)
	Entry(id string) (faq.Entry, revision.Meta, bool)
	Save(ctx context.Context, e faq.Entry, base int, enabled bool, author, action string) (revision.Revision, error)
	History(ctx context.Context, id string) ([]revision.Revision, error)
	Revert(ctx context.Context, id string, version int, author string) (revision.Revision, error)
	Set() *faq.Set
}

// AdminData are the optional read-only sources of the admin API.
type AdminData struct {
	Unanswered func(ctx context.Context, limit int) ([]bot.Unanswered, error)
	Feedback   func(ctx context.Context) (map[string]bot.FeedbackCount, error)
	// Saved is called with the new FAQ after every saved edit, so this
	// replica serves it at once (others pick it up by polling).
	Saved func(*faq.Set)
}

// WithAdmin adds the admin API (/admin/api/...) for holders of tokens, and
// the web console that uses it (/admin).
func WithAdmin(desk AdminDesk, data AdminData, tokens Tokens) Option {
	return func(h *Handler) {
		a := &adminAPI{desk: desk, data: data, auth: &staffAPI{tokens: tokens, h: h}}
		routeConsole(h.mux)
		h.mux.HandleFunc("POST /admin/api/preview", a.auth.auth(a.preview))
		h.mux.HandleFunc("GET /admin/api/entries", a.auth.auth(a.list))
		h.mux.HandleFunc("GET /admin/api/entries/{id}", a.auth.auth(a.get))
		h.mux.HandleFunc("PUT /admin/api/entries/{id}", a.auth.auth(a.put))
		h.mux.HandleFunc("GET /admin/api/entries/{id}/history", a.auth.auth(a.history))
		h.mux.HandleFunc("POST /admin/api/entries/{id}/revert", a.auth.auth(a.revert))
		h.mux.HandleFunc("GET /admin/api/unanswered", a.auth.auth(a.unanswered))
		h.mux.HandleFunc("GET /admin/api/stats", a.auth.auth(a.stats))
	}
}

type adminAPI struct {
	desk AdminDesk
	data AdminData
	auth *staffAPI
}

// entryJSON is an entry as the API reads and writes it.
type entryJSON struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Questions   []string     `json:"questions"`
	Tags        []string     `json:"tags"`
	Related     []string     `json:"related"`
	Sources     []faq.Source `json:"sources"`
	Reviewed    string       `json:"reviewed"`
	ReviewAfter string       `json:"review_after,omitempty"`
	Body        string       `json:"body"`
	Enabled     *bool        `json:"enabled,omitempty"`
	Version     int          `json:"version,omitempty"`
}

func toJSON(e faq.Entry, m revision.Meta) entryJSON {
	enabled := m.Enabled
	out := entryJSON{ID: e.ID, Title: e.Title, Questions: e.Questions, Tags: e.Tags, Related: e.Related, Sources: e.Sources,
		Body: e.Body, Enabled: &enabled, Version: m.Version}
	if !e.Reviewed.IsZero() {
		out.Reviewed = e.Reviewed.Format(time.DateOnly)
	}
	if !e.ReviewAfter.IsZero() {
		out.ReviewAfter = e.ReviewAfter.Format(time.DateOnly)
	}
	return out
}

func (j entryJSON) entry(id string) (faq.Entry, []string) {
	e := faq.Entry{ID: id, Title: strings.TrimSpace(j.Title), Questions: j.Questions, Tags: j.Tags, Related: j.Related, Sources: j.Sources, Body: strings.TrimSpace(j.Body)}
	var errs []string
	var err error
	if e.Reviewed, err = time.Parse(time.DateOnly, j.Reviewed); err != nil {
		errs = append(errs, "reviewed must be a date of the form YYYY-MM-DD")
	}
	if j.ReviewAfter == "" {
		e.ReviewAfter = e.Reviewed.AddDate(1, 0, 0)
	} else if e.ReviewAfter, err = time.Parse(time.DateOnly, j.ReviewAfter); err != nil {
		errs = append(errs, "review_after must be a date of the form YYYY-MM-DD")
	}
	return e, errs
}

func (a *adminAPI) list(w http.ResponseWriter, r *http.Request, _ string) {
	entries, meta := a.desk.List()
	var fb map[string]bot.FeedbackCount
	if a.data.Feedback != nil {
		fb, _ = a.data.Feedback(r.Context())
	}
	type row struct {
		ID           string   `json:"id"`
		Title        string   `json:"title"`
		Version      int      `json:"version"`
		Enabled      bool     `json:"enabled"`
		HelpfulRatio *float64 `json:"helpful_ratio"`
	}
	rows := make([]row, len(entries))
	for i, e := range entries {
		rows[i] = row{ID: e.ID, Title: e.Title, Version: meta[e.ID].Version, Enabled: meta[e.ID].Enabled}
		if c := fb[e.ID]; c.Helpful+c.NotHelpful > 0 {
			ratio := float64(c.Helpful) / float64(c.Helpful+c.NotHelpful)
			rows[i].HelpfulRatio = &ratio
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": rows})
}

func (a *adminAPI) get(w http.ResponseWriter, r *http.Request, _ string) {
	e, m, ok := a.desk.Entry(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such entry")
		return
	}
	writeJSON(w, http.StatusOK, toJSON(e, m))
}

func (a *adminAPI) put(w http.ResponseWriter, r *http.Request, admin string) {
	id := r.PathValue("id")
	var body entryJSON
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "body must be a JSON entry")
		return
	}
	_, cur, exists := a.desk.Entry(id)
	base := 0
	if exists {
		v, err := strconv.Atoi(strings.Trim(r.Header.Get("If-Match"), `" `))
		if err != nil {
			writeError(w, http.StatusConflict, "If-Match with the version you edited is required to change an existing entry")
			return
		}
		base = v
	}
	e, errs := body.entry(id)
	if len(errs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": errs})
		return
	}
	enabled := !exists || cur.Enabled
	if body.Enabled != nil {
		enabled = *body.Enabled
	}
	action := "edit"
	switch {
	case !exists:
		action = "create"
	case exists && cur.Enabled && !enabled:
		action = "disable"
	case exists && !cur.Enabled && enabled:
		action = "enable"
	}
	rev, err := a.desk.Save(r.Context(), e, base, enabled, admin, action)
	a.writeSaved(w, rev, err)
}

func (a *adminAPI) writeSaved(w http.ResponseWriter, rev revision.Revision, err error) {
	var problems faq.Problems
	switch {
	case errors.As(err, &problems):
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.Message
		}
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": msgs})
	case errors.Is(err, revision.ErrConflict):
		writeError(w, http.StatusConflict, "someone else changed this entry since your version; reload it and apply your change again")
	case errors.Is(err, revision.ErrNotFound):
		writeError(w, http.StatusNotFound, "no such entry or version")
	case err != nil:
		writeError(w, http.StatusServiceUnavailable, "the edit could not be saved; nothing changed")
	default:
		if a.data.Saved != nil {
			a.data.Saved(a.desk.Set())
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": rev.ID, "version": rev.Version})
	}
}

func (a *adminAPI) history(w http.ResponseWriter, r *http.Request, _ string) {
	revs, err := a.desk.History(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, http.StatusNotFound, "no such entry")
		return
	}
	type row struct {
		Version int       `json:"version"`
		Author  string    `json:"author"`
		At      time.Time `json:"at"`
		Action  string    `json:"action"`
		Entry   entryJSON `json:"entry"`
	}
	rows := make([]row, len(revs))
	for i, rv := range revs {
		rows[i] = row{Version: rv.Version, Author: rv.Author, At: rv.At, Action: rv.Action, Entry: toJSON(rv.Entry, revision.Meta{Version: rv.Version, Enabled: rv.Enabled})}
	}
	writeJSON(w, http.StatusOK, map[string]any{"revisions": rows})
}

func (a *adminAPI) revert(w http.ResponseWriter, r *http.Request, admin string) {
	var body struct {
		Version int `json:"version"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&body); err != nil || body.Version < 1 {
		writeError(w, http.StatusBadRequest, `body must be {"version": N}`)
		return
	}
	rev, err := a.desk.Revert(r.Context(), r.PathValue("id"), body.Version, admin)
	a.writeSaved(w, rev, err)
}

// unanswered lists recent unanswered questions grouped as the /faq
// unanswered chat command groups them.
func (a *adminAPI) unanswered(w http.ResponseWriter, r *http.Request, _ string) {
	if a.data.Unanswered == nil {
		writeJSON(w, http.StatusOK, map[string]any{"questions": []any{}})
		return
	}
	qs, err := a.data.Unanswered(r.Context(), 1000)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "unanswered questions are unavailable right now")
		return
	}
	type group struct {
		Text    string    `json:"text"`
		Count   int       `json:"count"`
		Last    time.Time `json:"last"`
		Nearest string    `json:"nearest,omitempty"`
	}
	groups := faqadmin.GroupUnanswered(qs)
	out := make([]group, len(groups))
	for i, g := range groups {
		out[i] = group{Text: g.Text, Count: g.Count, Last: g.Last, Nearest: g.Nearest}
	}
	writeJSON(w, http.StatusOK, map[string]any{"questions": out})
}

func (a *adminAPI) stats(w http.ResponseWriter, r *http.Request, _ string) {
	entries, meta := a.desk.List()
	enabled := 0
	for _, e := range entries {
		if meta[e.ID].Enabled {
			enabled++
		}
	}
	out := map[string]any{"entries": len(entries), "enabled": enabled}
	if a.data.Feedback != nil {
		if fb, err := a.data.Feedback(r.Context()); err == nil {
			out["feedback"] = fb
		}
	}
	writeJSON(w, http.StatusOK, out)
}
