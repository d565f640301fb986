package staffdesk_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
)

func TestNewIfEngine(t *testing.T) {
	s := newSetup(t, "memory")
	staff, err := roster.Parse("Dana:" + dana)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		channel string
		engine  any
		wantOn  bool
		wantLog string
	}{
		{name: "without a channel the queue is off, silently", engine: s.engines[0]},
		{name: "an engine without handoff turns the queue off, with a warning", channel: "STAFF", engine: adaptertest.Answer(), wantLog: "no staff handoff"},
		{name: "a channel and the bot's engine turn the queue on", channel: "STAFF", engine: s.engines[0], wantOn: true, wantLog: "the staff queue is on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &adaptertest.Logs{}
			d := staffdesk.NewIfEngine(staffdesk.Config{Platform: "slack", Channel: tt.channel, Staff: staff}, tt.engine, s.ch, slog.New(slog.NewJSONHandler(logs, nil)))
			if (d != nil) != tt.wantOn {
				t.Errorf("NewIfEngine returned %v, want a desk: %v", d, tt.wantOn)
			}
			if got := logs.String(); tt.wantLog == "" && got != "" || !strings.Contains(got, tt.wantLog) {
				t.Errorf("logged %q, want %q", got, tt.wantLog)
			}
		})
	}
}
