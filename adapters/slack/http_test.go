package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/bot"
)

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
)

// slackRequest builds a request signed the way Slack signs them:
// v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>").
func slackRequest(t *testing.T, url, contentType, body string, at time.Time, secret string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// httpAdapter runs an adapter in Events API mode behind a real HTTP server.
func httpAdapter(t *testing.T, e *adaptertest.Engine) (*fakeSlack, string) {
	t.Helper()
	f := newFakeSlack(t)
	a, _ := newTestAdapter(t, f, e, nil)
	srv := httptest.NewServer(a.HTTPHandler())
	t.Cleanup(srv.Close)
	adaptertest.Run(t, a.Run)
	return f, srv.URL
}

const mentionEvent = `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE> can i drive home?","ts":"2.2"}`

func TestRequestsMustBeSignedBySlack(t *testing.T) {
	engine := answerEngine()
	_, base := httpAdapter(t, engine)
	now := time.Now()
	challenge := `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	event := callback("Ev1", mentionEvent)
	command := formBody(map[string]string{"command": "/faq", "text": "help", "channel_id": "C1", "user_id": "U1", "response_url": "https://hooks.slack.com/x"})

	tests := []struct {
		name       string
		path, body string
		at         time.Time
		secret     string
		tamper     func(r *http.Request)
		wantStatus int
		wantBody   string
	}{
		{name: "a signed url check gets its challenge back", path: "/slack/events", body: challenge, at: now, secret: testSecret,
			wantStatus: 200, wantBody: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"},
		{name: "an event signed with another secret is refused", path: "/slack/events", body: event, at: now, secret: "not-the-secret", wantStatus: 401},
		{name: "an event signed ten minutes ago is refused", path: "/slack/events", body: event, at: now.Add(-10 * time.Minute), secret: testSecret, wantStatus: 401},
		{name: "an event with a malformed signature is refused", path: "/slack/events", body: event, at: now, secret: testSecret,
			tamper: func(r *http.Request) { r.Header.Set("X-Slack-Signature", "v0=nothex") }, wantStatus: 401},
		{name: "an unsigned event is refused", path: "/slack/events", body: event, at: now, secret: testSecret,
			tamper: func(r *http.Request) { r.Header.Del("X-Slack-Signature") }, wantStatus: 401},
		{name: "a slash command with a bad signature is refused", path: "/slack/commands", body: command, at: now, secret: "wrong", wantStatus: 401},
		{name: "a click with a stale signature is refused", path: "/slack/interactive", body: "payload=%7B%7D", at: now.Add(-time.Hour), secret: testSecret, wantStatus: 401},
		{name: "a signed event of an unknown type is acknowledged and dropped", path: "/slack/events", body: callback("Ev9", `{"type":"made_up_event"}`),
			at: now, secret: testSecret, wantStatus: 200},
		{name: "a signed event that is not JSON is rejected", path: "/slack/events", body: "not json", at: now, secret: testSecret, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := jsonType
			if tt.path != "/slack/events" {
				ct = formType
			}
			req := slackRequest(t, base+tt.path, ct, tt.body, tt.at, tt.secret)
			if tt.tamper != nil {
				tt.tamper(req)
			}
			status, body := do(t, req)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d (%s)", status, tt.wantStatus, body)
			}
			if tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // let any wrongly accepted event reach the engine
	if n := len(engine.Calls()); n != 0 {
		t.Errorf("refused requests reached the engine %d times", n)
	}
}

func TestAMentionOverHTTPIsAnsweredInItsThread(t *testing.T) {
	engine := answerEngine()
	f, base := httpAdapter(t, engine)
	start := time.Now()
	status, _ := do(t, slackRequest(t, base+"/slack/events", jsonType, callback("Ev1", mentionEvent), time.Now(), testSecret))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("acknowledged after %v; Slack wants it within 3s", d)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.messages()) == 1 })
	got := f.messages()[0]
	if got.Channel != "C1" || got.Thread != "2.2" {
		t.Errorf("posted to %s thread %q, want C1 thread 2.2", got.Channel, got.Thread)
	}
	want := "*Title*\n\nBody.\n*Sources:* <https://example.org/a|Mayo Clinic>\n[Helpful=helpful|2.2]\n[Not helpful=not helpful|2.2]\n"
	if b := blockText(got.Blocks); b != want {
		t.Errorf("blocks\n%s\nwant\n%s", b, want)
	}
	if m := engine.Messages()[0]; m.EventID != "Ev1" || m.Text != "can i drive home?" || m.Thread != "2.2" {
		t.Errorf("engine got %+v", m)
	}
}

func TestARetriedEventIsAnsweredOnce(t *testing.T) {
	engine := answerEngine()
	f, base := httpAdapter(t, engine)
	body := callback("EvRetry", mentionEvent)
	for retry := range 3 {
		req := slackRequest(t, base+"/slack/events", jsonType, body, time.Now(), testSecret)
		if retry > 0 {
			req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
			req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		if status, _ := do(t, req); status != 200 {
			t.Fatalf("delivery %d: status %d, want 200 so that Slack stops retrying", retry, status)
		}
	}
	adaptertest.WaitFor(t, "all three deliveries", func() bool { return len(engine.Calls()) == 3 })
	for _, m := range engine.Calls() {
		if m.EventID != "EvRetry" {
			t.Errorf("engine got event id %q, want EvRetry", m.EventID)
		}
	}
	if n := len(f.messages()); n != 1 {
		t.Errorf("sent %d replies, want 1", n)
	}
}

func TestASlashCommandOverHTTPIsAnsweredEphemerally(t *testing.T) {
	engine := answerEngine()
	f, base := httpAdapter(t, engine)
	body := formBody(map[string]string{"command": "/faq", "text": "ask can I drive home?", "channel_id": "C1", "channel_name": "general",
		"user_id": "U1", "response_url": f.responseURL(), "trigger_id": "Tr1"})
	status, resp := do(t, slackRequest(t, base+"/slack/commands", formType, body, time.Now(), testSecret))
	if status != 200 || resp != "" {
		t.Fatalf("status %d body %q, want an empty 200", status, resp)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.messages()) == 1 })
	if got := f.messages()[0]; got.Method != "response_url" || got.ResponseType != "ephemeral" {
		t.Errorf("sent %+v, want an ephemeral response", got)
	}
	if m := engine.Messages()[0]; m.Text != "can I drive home?" || m.Conversation != "C1" || m.Direct {
		t.Errorf("engine got %+v", m)
	}
}

func TestAButtonClickOverHTTPIsSentAsItsChoice(t *testing.T) {
	engine := &adaptertest.Engine{Reply: func(m bot.Message) []bot.Reply {
		return []bot.Reply{{Kind: bot.KindAnswer, Text: "Answer to choice " + m.Text}}
	}}
	f, base := httpAdapter(t, engine)
	payload := `{"type":"block_actions","trigger_id":"Tr9","user":{"id":"U1"},"channel":{"id":"C1"},` +
		`"container":{"type":"message","message_ts":"6.6","channel_id":"C1","is_ephemeral":false},"response_url":"https://hooks.slack.com/actions/x",` +
		`"actions":[{"action_id":"faqbot_choice_2","block_id":"faqbot_actions","type":"button","value":"2|5.5","action_ts":"7.7"}]}`
	status, _ := do(t, slackRequest(t, base+"/slack/interactive", formType, formBody(map[string]string{"payload": payload}), time.Now(), testSecret))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.messages()) == 1 })
	if got := f.messages()[0]; got.Channel != "C1" || got.Thread != "5.5" || got.Text != "Answer to choice 2" {
		t.Errorf("sent %+v", got)
	}
}

func TestAFullBacklogAsksSlackToRetry(t *testing.T) {
	f := newFakeSlack(t)
	a, _ := newTestAdapter(t, f, answerEngine(), nil)
	a.queue = newQueue(1, 1) // and no Run: nothing drains it
	srv := httptest.NewServer(a.HTTPHandler())
	defer srv.Close()
	for i, want := range []int{200, 503} {
		status, _ := do(t, slackRequest(t, srv.URL+"/slack/events", jsonType, callback("Ev"+strconv.Itoa(i), mentionEvent), time.Now(), testSecret))
		if status != want {
			t.Errorf("delivery %d: status %d, want %d", i, status, want)
		}
	}
}
