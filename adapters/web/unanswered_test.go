package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
)

func TestUnansweredQuestionsAreGroupedMostAskedFirst(t *testing.T) {
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	srv := consoleServerWith(t, func(e *bot.Engine) web.Engine { return e }, func(d *web.AdminData) {
		d.Unanswered = func(context.Context, int) ([]bot.Unanswered, error) {
			return []bot.Unanswered{ // newest first
				{Text: "Is parking free?", At: at.Add(3 * time.Minute)},
				{Text: "Can I bring my dog?", At: at.Add(2 * time.Minute), Nearest: "clinic-booking"},
				{Text: "can i bring my dog", At: at},
			}, nil
		}
	})
	code, out := client{t, srv.URL}.do("GET", "/admin/api/unanswered", adminToken, "")
	if code != http.StatusOK {
		t.Fatalf("status %d: %v", code, out)
	}
	qs, _ := out["questions"].([]any)
	if len(qs) != 2 {
		t.Fatalf("questions %v, want 2 groups", out["questions"])
	}
	first, _ := qs[0].(map[string]any)
	if first["text"] != "Can I bring my dog?" || first["count"] != float64(2) || first["nearest"] != "clinic-booking" ||
		first["last"] != at.Add(2*time.Minute).Format(time.RFC3339) {
		t.Errorf("the first group is %v, want the dog question twice, last at 10:02, near clinic-booking", first)
	}
	if second, _ := qs[1].(map[string]any); second["text"] != "Is parking free?" || second["count"] != float64(1) {
		t.Errorf("the second group is %v, want the parking question once", second)
	}
}
