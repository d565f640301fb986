package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot/bottest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildOut  []byte
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// binary builds faqbot once for the tests and benchmarks that run it as a
// process.
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "faqbot-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "faqbot")
		// Built as the Dockerfile builds it: what is measured is what ships.
		build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", builtBin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		buildOut, buildErr = build.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return builtBin
}

// freeAddr returns a local address that was free a moment ago, for a
// process to listen on.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// process is one running "faqbot serve".
type process struct {
	t    *testing.T
	base string
	logs *bytes.Buffer
}

// startServe runs "faqbot serve" with env added to the environment and
// waits until it is ready.
func startServe(t *testing.T, env ...string) *process {
	t.Helper()
	addr := freeAddr(t)
	p := &process{t: t, base: "http://" + addr, logs: &bytes.Buffer{}}
	cmd := exec.Command(binary(t), "serve")
	cmd.Env = append(append(os.Environ(), "FAQBOT_HTTP_ADDR="+addr, "FAQBOT_DATA_DIR="+t.TempDir()), env...)
	cmd.Stderr = p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		if code, out := p.do("GET", "/readyz", "", ""); code == 200 && out["status"] == "ready" {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("faqbot serve did not become ready:\n%s", p.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *process) do(method, path, token, body string) (int, map[string]any) {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// say sends a patient's message and returns the replies.
func (p *process) say(text string) []map[string]any {
	p.t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation": "cluster-conv", "user": "cluster-pat", "text": text})
	code, out := p.do("POST", "/v1/messages", "", string(body))
	if code != 200 {
		p.t.Fatalf("POST %q: %d %v", text, code, out)
	}
	var replies []map[string]any
	for _, r := range out["replies"].([]any) {
		replies = append(replies, r.(map[string]any))
	}
	return replies
}

func last(rs []map[string]any) map[string]any {
	if len(rs) == 0 {
		return map[string]any{}
	}
	return rs[len(rs)-1]
}

const (
	clusterStaff = "staff-token-0123456789abcdef"
	clusterAdmin = "admin-token-0123456789abcdef"
)

// TestThreeReplicasOnRedisCluster starts a three-node Redis Cluster and
// three "faqbot serve" processes against it, then runs one patient's
// conversation, a handoff and an FAQ edit across all three: every step
// lands on a different replica from the one before.
func TestThreeReplicasOnRedisCluster(t *testing.T) {
	url := bottest.StartCluster(t)
	env := []string{"FAQBOT_REDIS_URL=" + url, "FAQBOT_STAFF_TOKENS=ann:" + clusterStaff, "FAQBOT_ADMIN_TOKENS=root:" + clusterAdmin}
	a, b, c := startServe(t, env...), startServe(t, env...), startServe(t, env...)

	// A clarifying question asked on A is answered by a choice on B, and
	// the follow-up on C leans on the topic B answered.
	r := last(a.say("ketamine infusion"))
	choices, _ := r["choices"].([]any)
	if r["kind"] != "clarify" || len(choices) < 2 {
		t.Fatalf("want a clarify reply on A, got %v", r)
	}
	want := choices[1].(map[string]any)["id"]
	if r := last(b.say("2")); r["kind"] != "answer" || r["entry"] != want {
		t.Fatalf("choice 2 on B: %v, want entry %v", r, want)
	}
	if r := last(c.say("sources")); r["kind"] != "answer" || !strings.Contains(r["text"].(string), "https://") {
		t.Errorf("sources on C: %v", r)
	}

	// A handoff opened on C is claimed on A, relayed through B, closed on C.
	if r := last(c.say("I'd like to talk to a person please")); r["kind"] != "handoff" {
		t.Fatalf("handoff on C: %v", r)
	}
	_, out := a.do("GET", "/staff/api/tickets", clusterStaff, "")
	tickets, _ := out["tickets"].([]any)
	if len(tickets) != 1 {
		t.Fatalf("tickets on A: %v", out)
	}
	id := tickets[0].(map[string]any)["id"].(string)
	if code, _ := a.do("POST", "/staff/api/tickets/"+id+"/claim", clusterStaff, ""); code != 200 {
		t.Fatalf("claim on A: %d", code)
	}
	if rs := b.say("my appointment is on Friday"); len(rs) != 1 || rs[0]["kind"] != "notice" {
		t.Errorf("patient on B while claimed: %v", rs)
	}
	_, out = c.do("GET", "/staff/api/tickets/"+id+"/messages", clusterStaff, "")
	if msgs, _ := out["messages"].([]any); len(msgs) != 1 || !strings.Contains(msgs[0].(map[string]any)["text"].(string), "Friday") {
		t.Errorf("relayed to staff on C: %v", out)
	}
	if code, _ := b.do("POST", "/staff/api/tickets/"+id+"/messages", clusterStaff, `{"text":"Thanks, see you Friday."}`); code != http.StatusNoContent {
		t.Errorf("staff reply on B: %d", code)
	}
	_, out = a.do("GET", "/v1/messages?conversation=cluster-conv&user=cluster-pat", "", "")
	if rs, _ := out["replies"].([]any); len(rs) == 0 || !strings.Contains(rs[len(rs)-1].(map[string]any)["text"].(string), "see you Friday") {
		t.Errorf("patient's pending messages on A: %v", out)
	}
	if code, _ := c.do("POST", "/staff/api/tickets/"+id+"/close", clusterStaff, ""); code != http.StatusNoContent {
		t.Errorf("close on C: %d", code)
	}

	// An FAQ edit saved on A is served by B and C within a second.
	_, entry := a.do("GET", "/admin/api/entries/infusion-driving-home", clusterAdmin, "")
	marker := "Please plan for a friend or family member to drive you home after every infusion."
	entry["body"] = marker + " " + entry["body"].(string)
	body, _ := json.Marshal(entry)
	req, _ := http.NewRequest("PUT", a.base+"/admin/api/entries/infusion-driving-home", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+clusterAdmin)
	req.Header.Set("If-Match", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("PUT on A: %v %v", err, resp)
	}
	resp.Body.Close()
	saved := time.Now()
	for _, p := range []*process{b, c} {
		for {
			if r := last(p.say("can I drive myself home after the infusion?")); strings.Contains(r["text"].(string), "friend or family member") {
				break
			}
			if time.Since(saved) > time.Second {
				t.Fatalf("%s did not serve the edit within a second", p.base)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
