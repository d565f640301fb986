package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/faq"
)

// consoleServer starts faqbot with the admin API and console for Ann, on
// an in-memory store with FAQ revisions in a temporary directory.
func consoleServer(t *testing.T) *httptest.Server {
	t.Helper()
	return consoleServerWith(t, func(e *bot.Engine) web.Engine { return e }, nil)
}

// consoleServerWith is consoleServer with the engine wrapped for the
// adapter and, unless adjust is nil, the admin API's data changed by it.
func consoleServerWith(t *testing.T, wrap func(*bot.Engine) web.Engine, adjust func(*web.AdminData)) *httptest.Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	live := adaptertest.Live(t)
	store := memstore.New(time.Hour)
	e := bot.New(bot.DefaultConfig(), live.Set(), store, faq.ExampleProfile(), log)
	admins, err := web.ParseTokens("ann:" + adminToken)
	if err != nil {
		t.Fatal(err)
	}
	data := web.AdminData{Saved: e.SetFAQ, Unanswered: store.Unanswered, Feedback: store.Feedback}
	if adjust != nil {
		adjust(&data)
	}
	srv := httptest.NewServer(web.New(wrap(e), log, web.WithAdmin(live, data, admins)))
	t.Cleanup(srv.Close)
	return srv
}

func TestPreviewLintsAndComposesWithoutSaving(t *testing.T) {
	c := client{t, consoleServer(t).URL}
	_, entry := c.do("GET", "/admin/api/entries/infusion-driving-home", adminToken, "")
	title := entry["title"].(string)
	edited := func(change func(e map[string]any)) string {
		e := map[string]any{}
		for k, v := range entry {
			e[k] = v
		}
		change(e)
		b, _ := json.Marshal(e)
		return string(b)
	}
	tests := []struct {
		name      string
		body      string
		valid     bool
		lint      string // a lint message that must be reported, if any
		answerHas string
		put       int // the status a PUT of the same body gets, when tried
	}{
		{"an entry as saved passes and is answered with its title and body", edited(func(map[string]any) {}), true, "", "**" + title + "**", 0},
		{"a changed body shows in the answer at once", edited(func(e map[string]any) { e["body"] = "Bring a friend to drive you. " + e["body"].(string) }), true, "", "Bring a friend to drive you.", 0},
		{"an entry without sources fails as a save would", edited(func(e map[string]any) { e["sources"] = []any{} }), false, "no sources", title, 422},
		{"a related id that does not exist is reported", edited(func(e map[string]any) { e["related"] = []string{"no-such-entry"} }), false, `related id "no-such-entry" has no entry`, title, 422},
		{"too few questions are reported", edited(func(e map[string]any) { e["questions"] = []string{"can I drive"} }), false, "at least 8 are needed", title, 422},
		{"a malformed date is reported", edited(func(e map[string]any) { e["reviewed"] = "last May" }), false, "reviewed must be a date", title, 422},
		{"an overlong answer is reported", edited(func(e map[string]any) { e["body"] = strings.Repeat("Rest well. ", 100) }), false, "the limit is 180", "Rest well.", 422},
		{"a new entry without an id is reported", edited(func(e map[string]any) { delete(e, "id"); delete(e, "version") }), false, "missing id", title, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := c.do("POST", "/admin/api/preview", adminToken, tt.body)
			if code != http.StatusOK {
				t.Fatalf("preview: %d %v", code, out)
			}
			if out["valid"] != tt.valid {
				t.Errorf("valid = %v, want %v; lint %v", out["valid"], tt.valid, out["lint"])
			}
			var messages []string
			for _, p := range out["lint"].([]any) {
				p := p.(map[string]any)
				messages = append(messages, p["message"].(string))
				if tt.valid && p["warning"] != true {
					t.Errorf("a valid entry has an error: %v", p["message"])
				}
			}
			if lint := strings.Join(messages, "\n"); tt.lint != "" && !strings.Contains(lint, tt.lint) {
				t.Errorf("lint %q lacks %q", lint, tt.lint)
			}
			answer, _ := out["answer"].(map[string]any)
			if text, _ := answer["text"].(string); !strings.Contains(text, tt.answerHas) {
				t.Errorf("answer %q lacks %q", text, tt.answerHas)
			}
			if answer["kind"] != "answer" {
				t.Errorf("answer kind = %v", answer["kind"])
			}
			if tt.put != 0 {
				if code, out := c.put("infusion-driving-home", "1", tt.body); code != tt.put {
					t.Errorf("PUT of the same entry = %d %v, want %d", code, out, tt.put)
				}
			}
		})
	}
	if _, got := c.do("GET", "/admin/api/entries/infusion-driving-home", adminToken, ""); got["version"].(float64) != 1 || got["body"] != entry["body"] {
		t.Errorf("a preview changed the entry: version %v", got["version"])
	}
	if code, _ := c.do("POST", "/admin/api/preview", "", edited(func(map[string]any) {})); code != http.StatusUnauthorized {
		t.Errorf("preview without a token = %d, want 401", code)
	}
	if code, _ := c.do("POST", "/admin/api/preview", adminToken, `{"title":`); code != http.StatusBadRequest {
		t.Errorf("preview of malformed JSON = %d, want 400", code)
	}
}

// composingEngine is an engine that can compose an answer for an unsaved entry.
type composingEngine struct{ *bot.Engine }

func (composingEngine) PreviewAnswer(e faq.Entry) bot.Reply {
	return bot.Reply{Kind: bot.KindAnswer, Entry: e.ID, Text: "composed: " + e.Title}
}

func TestPreviewUsesTheEnginesCompositionWhenOffered(t *testing.T) {
	c := client{t, consoleServerWith(t, func(e *bot.Engine) web.Engine { return composingEngine{e} }, nil).URL}
	_, entry := c.do("GET", "/admin/api/entries/infusion-driving-home", adminToken, "")
	body, _ := json.Marshal(entry)
	_, out := c.do("POST", "/admin/api/preview", adminToken, string(body))
	if answer, _ := out["answer"].(map[string]any); out["exact"] != true || answer["text"] != "composed: "+entry["title"].(string) {
		t.Errorf("preview = %v, want the engine's composition", out)
	}
}

func TestConsoleIsServedWithAStrictPolicy(t *testing.T) {
	srv := consoleServer(t)
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	tests := []struct{ path, contentType, has string }{
		{"/admin", "text/html", `src="/admin/console.js"`},
		{"/admin/", "text/html", `<label for="token">Admin token</label>`},
		{"/admin/console.js", "text/javascript", "/admin/api"},
		{"/admin/console.css", "text/css", ":focus-visible"},
	}
	for _, tt := range tests {
		resp, body := get(tt.path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) || !strings.Contains(body, tt.has) {
			t.Errorf("GET %s = %d %s, want %s containing %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.contentType, tt.has)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
		}
	}
	// The policy forbids inline code, so the page must hold none.
	_, page := get("/admin")
	if m := regexp.MustCompile(`(?i)<script>|<style|\son[a-z]+=|style=`).FindString(page); m != "" {
		t.Errorf("the console page has inline code or style: %q", m)
	}
}
