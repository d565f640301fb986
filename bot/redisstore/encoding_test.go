package redisstore

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/faqbot/faqbot/bot"
)

// TestConversationJSONIsEncodingJSON checks that the conversation encoding
// is byte for byte what encoding/json writes, and reads what it writes:
// replicas of older and newer versions share one Redis.
func TestConversationJSONIsEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 30, 0, 123456789, time.FixedZone("x", 3600))
	tests := []struct {
		name string
		c    bot.Conversation
	}{
		{"empty", bot.Conversation{}},
		{"every field", bot.Conversation{
			Key: "slack:C1:1.2:U1", User: "slack:U1", Version: 7, LastEntry: "side-effects",
			Pending: []string{"a", "b"}, Fallbacks: 1, OfferedPerson: true, Ticket: "t1",
			Turns: []bot.Turn{
				{At: at, Text: "what about \"quotes\" <b> & ünïcödé \u2028 😀", Kind: bot.KindAnswer, Entry: "side-effects"},
				{At: at.UTC(), Text: "", Kind: bot.KindFallback},
			},
			UpdatedAt: at,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			std, err := json.Marshal(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := gojson.Marshal(tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if string(fast) != string(std) {
				t.Errorf("encodings differ:\n go-json       %s\n encoding/json %s", fast, std)
			}
			var got bot.Conversation
			if err := gojson.Unmarshal(std, &got); err != nil {
				t.Fatal(err)
			}
			var want bot.Conversation
			if err := json.Unmarshal(std, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decoded\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}
