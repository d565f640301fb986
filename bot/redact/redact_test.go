package redact_test

import (
	"strings"
	"testing"

	"github.com/faqbot/faqbot/bot/redact"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in string
		gone     []string
		kept     []string
	}{
		{"email", "write to jane.doe@example.com please", []string{"jane.doe", "example.com"}, []string{"[email]"}},
		{"phone numbers", "call me at (555) 123-4567 or +1 555 987 6543", []string{"123-4567", "987 6543"}, []string{"[phone]"}},
		{"dates of birth", "my DOB is 04/12/1980 and I was seen March 3, 2024", []string{"1980", "2024"}, []string{"[date]"}},
		{"addresses", "I live at 42 Maple Street, Apt 3", []string{"42 Maple"}, []string{"[address]"}},
		{"record numbers", "my MRN is 88812345 and patient ID: A-99231", []string{"88812345", "99231"}, []string{"[record number]"}},
		{"names introduced as names", "Hi, my name is Sarah Connor", []string{"Sarah"}, []string{"[name]"}},
		{"ordinary words stay", "can I drive home after the infusion?", nil, []string{"drive home after the infusion"}},
		{"call me back stays", "please call me back", nil, []string{"call me back"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redact.Text(tt.in)
			for _, g := range tt.gone {
				if strings.Contains(got, g) {
					t.Errorf("Text(%q) = %q still holds %q", tt.in, got, g)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(got, k) {
					t.Errorf("Text(%q) = %q lacks %q", tt.in, got, k)
				}
			}
		})
	}
}
