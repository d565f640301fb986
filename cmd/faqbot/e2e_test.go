package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeEndToEnd builds the real binary, starts "faqbot serve" on
// embedded defaults, chats through the HTTP API, and stops it with SIGTERM.
func TestServeEndToEnd(t *testing.T) {
	bin := binary(t)
	addr := freeAddr(t)

	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "FAQBOT_HTTP_ADDR="+addr)
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	base := "http://" + addr
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not become healthy: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	secret := "my email is jane.doe@example.com"
	body := fmt.Sprintf(`{"conversation":"e2e","user":"u","text":"can I drive home after the infusion? %s"}`, secret)
	resp, err := http.Post(base+"/v1/messages", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(got), `"entry":"infusion-driving-home"`) {
		t.Errorf("POST /v1/messages = %d %s", resp.StatusCode, got)
	}
	page, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(html), "<form") {
		t.Error("GET / did not serve the chat page")
	}

	mresp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(mresp.Body)
	mresp.Body.Close()
	if !strings.Contains(string(metricsText), `faqbot_messages_total{kind="answer",platform="http"} 1`) {
		t.Errorf("/metrics lacks the answered message:\n%.2000s", metricsText)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("faqbot serve exited with %v after SIGTERM\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("faqbot serve did not stop after SIGTERM")
	}
	if strings.Contains(logs.String(), "jane.doe") || strings.Contains(logs.String(), "drive home") {
		t.Errorf("logs contain message text:\n%s", logs.String())
	}
}
