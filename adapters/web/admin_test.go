package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot/bottest"
)

const adminToken = "admin-token-0123456789"

func (c client) put(id, version, body string) (int, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest("PUT", c.base+"/admin/api/entries/"+id, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if version != "" {
		req.Header.Set("If-Match", version)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestAdminEditsReachEveryReplica(t *testing.T) {
	r := bottest.StartRedis(t)
	a, b := client{t, replica(t, r.Addr).URL}, client{t, replica(t, r.Addr).URL}

	if code, _ := a.do("GET", "/admin/api/entries", "", ""); code != http.StatusUnauthorized {
		t.Errorf("entries without a token: %d", code)
	}
	code, entry := a.do("GET", "/admin/api/entries/infusion-driving-home", adminToken, "")
	if code != 200 || entry["version"].(float64) != 1 {
		t.Fatalf("get: %d %v", code, entry)
	}
	marker := "Please plan for a friend or family member to drive you home after every infusion."
	entry["body"] = marker + " " + entry["body"].(string)
	body, _ := json.Marshal(entry)

	// Two admins save from version 1 at once: exactly one wins.
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, c := range []client{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i], _ = c.put("infusion-driving-home", "1", string(body)) }()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("concurrent edits: %v, want one 200 and one 409", codes)
	}

	// The other replica serves the new text within a second.
	deadline := time.Now().Add(time.Second)
	for {
		rs := b.say("can I drive myself home after the infusion?")
		if strings.Contains(rs[len(rs)-1]["text"].(string), marker) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("replica B did not serve the edit within a second")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// An invalid edit is refused with reasons and changes nothing.
	bad := map[string]any{"title": "x", "questions": []string{"a"}, "reviewed": "2026-11-25", "body": "short"}
	badBody, _ := json.Marshal(bad)
	if code, out := a.put("infusion-driving-home", "2", string(badBody)); code != http.StatusUnprocessableEntity || out["errors"] == nil {
		t.Errorf("invalid edit: %d %v", code, out)
	}
	if _, got := a.do("GET", "/admin/api/entries/infusion-driving-home", adminToken, ""); got["version"].(float64) != 2 {
		t.Errorf("version after a refused edit: %v", got["version"])
	}

	// History and revert.
	_, hist := a.do("GET", "/admin/api/entries/infusion-driving-home/history", adminToken, "")
	if revs, _ := hist["revisions"].([]any); len(revs) != 2 {
		t.Errorf("history: %v", hist)
	}
	if code, out := b.do("POST", "/admin/api/entries/infusion-driving-home/revert", adminToken, `{"version":1}`); code != 200 || out["version"].(float64) != 3 {
		t.Errorf("revert: %d %v", code, out)
	}
	if rs := b.say("can I drive myself home after the infusion?"); strings.Contains(rs[len(rs)-1]["text"].(string), marker) {
		t.Error("the reverted text is still served on the replica that reverted")
	}
}
