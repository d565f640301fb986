package faqadmin_test

import (
	"slices"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/bot"
)

func TestGroupUnanswered(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 4, 10, min, 0, 0, time.UTC) }
	tests := []struct {
		name string
		qs   []bot.Unanswered // newest first
		want []faqadmin.UnansweredGroup
	}{
		{name: "nothing asked gives no groups"},
		{
			name: "questions that normalise alike are one group with the newest wording, time and nearest entry",
			qs: []bot.Unanswered{
				{Text: "Can I bring my dog?", At: at(3), Nearest: "clinic-booking"},
				{Text: "can i bring my DOG", At: at(1), Nearest: "clinic-visitors"},
			},
			want: []faqadmin.UnansweredGroup{{Text: "Can I bring my dog?", Count: 2, Last: at(3), Nearest: "clinic-booking"}},
		},
		{
			name: "the most asked come first, ties in the order of their newest question",
			qs: []bot.Unanswered{
				{Text: "Is parking free?", At: at(5)},
				{Text: "Do you take cash?", At: at(4)},
				{Text: "Can I bring my dog?", At: at(3)},
				{Text: "can I bring my dog", At: at(2)},
			},
			want: []faqadmin.UnansweredGroup{
				{Text: "Can I bring my dog?", Count: 2, Last: at(3)},
				{Text: "Is parking free?", Count: 1, Last: at(5)},
				{Text: "Do you take cash?", Count: 1, Last: at(4)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := faqadmin.GroupUnanswered(tt.qs); !slices.Equal(got, tt.want) {
				t.Errorf("GroupUnanswered:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
