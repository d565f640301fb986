package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/faq"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := bot.New(bot.DefaultConfig(), set, memstore.New(time.Hour), faq.ExampleProfile(), log)
	srv := httptest.NewServer(web.New(e, log))
	t.Cleanup(srv.Close)
	return srv
}

func TestPostMessage(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"a question is answered from the FAQ", `{"conversation":"c1","user":"u1","text":"What is fibromyalgia?"}`, 200, `"kind":"answer","entry":"fibromyalgia-what-is-it"`},
		{"an empty text gets a reply, not an error", `{"conversation":"c2","user":"u2","text":""}`, 200, `"kind":"smalltalk"`},
		{"a missing user defaults to the conversation", `{"conversation":"c3","text":"hi"}`, 200, `"replies"`},
		{"malformed JSON is a 400 with a JSON error", `{"conversation":`, 400, `"error"`},
		{"a wrong type is a 400", `{"conversation":"c4","text":42}`, 400, `"error"`},
		{"a missing conversation is a 400", `{"text":"hello"}`, 400, `conversation`},
		{"two objects are a 400", `{"conversation":"c5","text":"a"}{"x":1}`, 400, `"error"`},
		{"an oversized body is refused", `{"conversation":"c6","text":"` + strings.Repeat("a", web.MaxBodyBytes) + `"}`, 413, `too large`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/v1/messages", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("status %d body %s; want %d containing %s", resp.StatusCode, body, tt.status, tt.want)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Errorf("body is not JSON: %v", err)
			}
		})
	}
}

func TestProbesAndChatPage(t *testing.T) {
	srv := newServer(t)
	for path, want := range map[string]string{"/healthz": `"ok"`, "/readyz": `"ready"`, "/": "/v1/messages"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d %.80s, want 200 containing %s", path, resp.StatusCode, body, want)
		}
	}
	resp, err := http.Get(srv.URL + "/v1/messages")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET /v1/messages without a conversation = %d, want 400", resp.StatusCode)
	}
}
