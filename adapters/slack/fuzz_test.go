package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzSignedRequests sends arbitrary bodies, correctly signed, to the
// Events API, slash command and interactivity endpoints through the real
// handler: decoding must never panic, and every request gets a clear
// answer (200, 400, 413, or 503 when the backlog is full), never a 401
// for a good signature and never a 500.
func FuzzSignedRequests(f *testing.F) {
	seeds := []struct {
		kind uint8
		body string
	}{
		{0, callback("Ev1", mentionEvent)},
		{0, `{"token":"x","challenge":"abc","type":"url_verification"}`},
		{0, callback("Ev2", `{"type":"message","channel":"D1","user":"U1","text":"hi","ts":"1.1","channel_type":"im"}`)},
		{0, callback("Ev3", `{"type":"message","subtype":"message_changed","channel":"C1","ts":"1.2"}`)},
		{0, `{"type":"event_callback","event":null}`},
		{0, `{"type":"app_rate_limited"}`},
		{1, formBody(map[string]string{"command": "/faq", "text": "forget me", "channel_id": "C1", "user_id": "U1"})},
		{1, "command=%ZZ"},
		{2, `{"type":"block_actions","user":{"id":"U1"},"channel":{"id":"C1"},"actions":[{"action_id":"faq_choice","value":"1|2.2"}]}`},
		{2, `{"type":"view_submission","view":{"private_metadata":"x"}}`},
		{2, `not json`},
	}
	for _, s := range seeds {
		f.Add(s.kind, s.body)
	}
	a, err := New(Config{BotToken: "xoxb-test", SigningSecret: testSecret}, answerEngine(),
		slog.New(slog.NewTextHandler(io.Discard, nil)), WithAPIURL("http://127.0.0.1:1/api/"))
	if err != nil {
		f.Fatal(err)
	}
	h := a.HTTPHandler()
	f.Fuzz(func(t *testing.T, kind uint8, body string) {
		path, ct := "/slack/events", "application/json"
		switch kind % 3 {
		case 1:
			path, ct = "/slack/commands", formType
		case 2:
			path, ct = "/slack/interactive", formType
			body = "payload=" + url.QueryEscape(body)
		}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(testSecret))
		mac.Write([]byte("v0:" + ts + ":" + body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable:
		default:
			t.Errorf("%s with %q: status %d", path, body, w.Code)
		}
	})
}
