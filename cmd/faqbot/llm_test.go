package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestAskWithLLM runs "faqbot ask" against an OpenAI-compatible httptest
// server: matched answers go to the model (and are guarded), fixed texts
// never do, and each line reports rephrased and guard.
func TestAskWithLLM(t *testing.T) {
	var calls atomic.Int32
	var leaked atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "end my life") || strings.Contains(string(body), "how many mg") {
			leaked.Store(true)
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		_ = json.Unmarshal(body, &req)
		// Echo the curated answer back: the most faithful rephrasing.
		user := req.Messages[len(req.Messages)-1].Content
		answer := user[strings.Index(user, "<answer>\n")+9 : strings.Index(user, "\n</answer>")]
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"message": map[string]string{"role": "assistant", "content": answer}}}})
	}))
	defer srv.Close()
	in := "can I drive home after the infusion?\nI want to end my life\nhow many mg should I take\ncan I drive home after the infusion?\n"
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"ask"}, strings.NewReader(in), &out, &errb,
		env(map[string]string{"FAQBOT_LLM_BASE_URL": srv.URL + "/v1", "FAQBOT_LLM_MODEL": "test", "FAQBOT_LLM_API_KEY": "k"}))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if got[0]["rephrased"] != true || got[0]["guard"] != "" {
		t.Errorf("answer line: %v", got[0])
	}
	for _, i := range []int{1, 2} {
		if got[i]["rephrased"] != false {
			t.Errorf("fixed reply %d was rephrased: %v", i, got[i])
		}
	}
	if n := calls.Load(); n < 1 || n > 2 {
		t.Errorf("model called %d times; want 1 or 2 (only the two matched answers may go out)", n)
	}
	if leaked.Load() {
		t.Error("a crisis or dose message was sent to the model")
	}
}
