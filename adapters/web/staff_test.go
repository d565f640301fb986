package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

const (
	annToken = "ann-token-0123456789"
	bobToken = "bob-token-0123456789"
)

// replica starts one faqbot HTTP replica on a shared Redis, with the
// staff view (Ann and Bob) and the admin API (Ann) on.
func replica(t *testing.T, addr string) *httptest.Server {
	t.Helper()
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	opts, _ := redisstore.ParseURL("redis://" + addr)
	rdb := redis.NewUniversalClient(opts)
	t.Cleanup(func() { rdb.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := redisstore.New(rdb, time.Hour, "e2e:")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	live, err := revision.NewLive(ctx, set.Entries(), store, faq.DefaultRules(), log)
	if err != nil {
		t.Fatal(err)
	}
	e := bot.New(bot.DefaultConfig(), live.Set(), store, faq.ExampleProfile(), log)
	go live.Watch(ctx, 200*time.Millisecond, e.SetFAQ)
	staff, err := web.ParseTokens("ann:" + annToken + ",bob:" + bobToken)
	if err != nil {
		t.Fatal(err)
	}
	admins, _ := web.ParseTokens("ann:" + adminToken)
	srv := httptest.NewServer(web.New(e, log, web.WithStaff(e, staff),
		web.WithAdmin(live, web.AdminData{Saved: e.SetFAQ, Unanswered: store.Unanswered, Feedback: store.Feedback}, admins)))
	t.Cleanup(srv.Close)
	return srv
}

type client struct {
	t    *testing.T
	base string
}

func (c client) do(method, path, token, body string) (int, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// say posts a patient message and returns the replies' kinds and texts.
func (c client) say(text string) []map[string]any {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation": "conv-1", "user": "pat-1", "text": text})
	code, out := c.do("POST", "/v1/messages", "", string(body))
	if code != 200 {
		c.t.Fatalf("POST %q: %d %v", text, code, out)
	}
	var replies []map[string]any
	for _, r := range out["replies"].([]any) {
		replies = append(replies, r.(map[string]any))
	}
	return replies
}

func kinds(rs []map[string]any) string {
	var ks []string
	for _, r := range rs {
		ks = append(ks, r["kind"].(string))
	}
	return strings.Join(ks, ",")
}

// TestConversationAcrossReplicas drives a whole conversation through two
// replicas sharing one real Redis: follow-up, feedback, a handoff claimed
// by staff on the other replica, relay both ways, close, and forget me.
func TestConversationAcrossReplicas(t *testing.T) {
	r := bottest.StartRedis(t)
	a, b := client{t, replica(t, r.Addr).URL}, client{t, replica(t, r.Addr).URL}

	if rs := a.say("What is ketamine?"); kinds(rs) != "answer" || rs[0]["entry"] != "ketamine-what-is-it" {
		t.Fatalf("first question: %v", rs)
	}
	if rs := b.say("sources"); kinds(rs) != "answer" || !strings.Contains(rs[0]["text"].(string), "https://") {
		t.Errorf("sources on the other replica: %v", rs)
	}
	if rs := b.say("not helpful"); kinds(rs) != "notice" || !strings.Contains(rs[0]["text"].(string), "person") {
		t.Errorf("not helpful: %v", rs)
	}
	if rs := a.say("yes"); kinds(rs) != "handoff" || !strings.Contains(rs[0]["text"].(string), "clinic team") {
		t.Fatalf("yes to a person: %v", rs)
	}

	// Staff: a patient without a token sees nothing; Ann claims on replica
	// B; Bob's claim on replica A loses.
	if code, _ := a.do("GET", "/staff/api/tickets", "", ""); code != http.StatusUnauthorized {
		t.Errorf("tickets without a token: %d", code)
	}
	code, out := b.do("GET", "/staff/api/tickets", annToken, "")
	tickets, _ := out["tickets"].([]any)
	if code != 200 || len(tickets) != 1 {
		t.Fatalf("tickets: %d %v", code, out)
	}
	id := tickets[0].(map[string]any)["id"].(string)
	if code, _ := b.do("POST", "/staff/api/tickets/"+id+"/claim", annToken, ""); code != 200 {
		t.Fatalf("Ann's claim: %d", code)
	}
	if code, _ := a.do("POST", "/staff/api/tickets/"+id+"/claim", bobToken, ""); code != http.StatusConflict {
		t.Errorf("Bob's claim after Ann's: %d, want 409", code)
	}

	// Relay: the bot is silent and the patient's message reaches Ann; her
	// reply reaches the patient on the other replica.
	if rs := a.say("my pain got worse since Tuesday, what should I do?"); len(rs) != 1 || rs[0]["kind"] != "notice" {
		t.Errorf("patient message while claimed: %v (want only the joined notice)", rs)
	}
	_, out = b.do("GET", "/staff/api/tickets/"+id+"/messages", annToken, "")
	if msgs, _ := out["messages"].([]any); len(msgs) != 1 || !strings.Contains(msgs[0].(map[string]any)["text"].(string), "pain got worse") {
		t.Errorf("relayed to staff: %v", out)
	}
	if code, _ := b.do("POST", "/staff/api/tickets/"+id+"/messages", annToken, `{"text":"Hi, this is Ann. I'll call you in 5 minutes."}`); code != http.StatusNoContent {
		t.Errorf("staff reply: %d", code)
	}
	_, out = a.do("GET", "/v1/messages?conversation=conv-1&user=pat-1", "", "")
	if rs, _ := out["replies"].([]any); len(rs) != 1 || rs[0].(map[string]any)["from"] != "ann" {
		t.Errorf("patient's pending messages: %v", out)
	}

	// Close: the bot is back.
	if code, _ := a.do("POST", "/staff/api/tickets/"+id+"/close", annToken, ""); code != http.StatusNoContent {
		t.Errorf("close: %d", code)
	}
	if rs := b.say("can I drive home after the infusion?"); !strings.Contains(kinds(rs), "answer") {
		t.Errorf("after close: %v", rs)
	}

	// Forget me removes everything: the next "sources" has no last answer.
	if rs := a.say("forget me"); kinds(rs) != "notice" {
		t.Errorf("forget me: %v", rs)
	}
	if rs := b.say("sources"); kinds(rs) == "answer" {
		t.Errorf("state survived forget me: %v", rs)
	}
}

// TestRedisDownKeepsAnswering kills Redis mid-conversation: FAQ answers
// and crisis replies go on, /readyz says degraded, a handoff still gives
// the phone number, and it recovers when Redis is back.
func TestRedisDownKeepsAnswering(t *testing.T) {
	r := bottest.StartRedis(t)
	c := client{t, replica(t, r.Addr).URL}
	if rs := c.say("What is fibromyalgia?"); kinds(rs) != "answer" {
		t.Fatalf("before: %v", rs)
	}
	r.Stop()
	if rs := c.say("can I drive home after the infusion?"); kinds(rs) != "answer" {
		t.Errorf("FAQ with Redis down: %v", rs)
	}
	if rs := c.say("I want to end my life"); kinds(rs) != "crisis" {
		t.Errorf("crisis with Redis down: %v", rs)
	}
	if rs := c.say("talk to a person"); kinds(rs) != "handoff" || !strings.Contains(rs[0]["text"].(string), "555-0100") {
		t.Errorf("handoff with Redis down: %v", rs)
	}
	if _, out := c.do("GET", "/readyz", "", ""); out["status"] != "degraded" {
		t.Errorf("readyz with Redis down: %v", out)
	}
	r.Restart(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.say("What is fibromyalgia?")
		if _, out := c.do("GET", "/readyz", "", ""); out["status"] == "ready" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("did not recover after Redis came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
