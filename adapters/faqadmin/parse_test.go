package faqadmin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/adapters/faqadmin"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    faqadmin.Command
		notCmd  bool   // ErrNotAdmin
		wantErr string // part of a *UsageError's message
	}{
		{name: "list takes nothing", in: "list", want: faqadmin.Command{Verb: faqadmin.List}},
		{name: "list takes a filter word, lower-cased", in: "list Infusion", want: faqadmin.Command{Verb: faqadmin.List, Text: "infusion"}},
		{name: "list with two words is a usage error", in: "list side effects", wantErr: "at most one word"},
		{name: "a sentence starting with list is a question", in: "list of side effects", notCmd: true},
		{name: "a sentence starting with show is a question", in: "show me how to book a visit", notCmd: true},
		{name: "verbs are case-insensitive and spaces are trimmed", in: "  SHOW   Fibro-Fog  ", want: faqadmin.Command{Verb: faqadmin.Show, ID: "fibro-fog"}},
		{name: "an id copied with backticks is accepted", in: "edit `fibro-fog`", want: faqadmin.Command{Verb: faqadmin.Edit, ID: "fibro-fog"}},
		{name: "show without an id is a usage error", in: "show", wantErr: "An entry id is missing"},
		{name: "show with extra words is a usage error", in: "show fibro-fog now", wantErr: "only an entry id"},
		{name: "an id with odd characters is refused", in: "disable ../etc/passwd", wantErr: "not an entry id"},
		{name: "a very long id is refused", in: "enable " + strings.Repeat("a", 65), wantErr: "not an entry id"},
		{name: "history takes an id", in: "history fibro-fog", want: faqadmin.Command{Verb: faqadmin.History, ID: "fibro-fog"}},
		{name: "add-question with straight quotes", in: `add-question fibro-fog "Why is my memory so bad?"`,
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "Why is my memory so bad?"}},
		{name: "add-question with curly quotes from a phone", in: "add-question fibro-fog “why can’t I focus?”",
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "why can’t I focus?"}},
		{name: "add-question keeps quotes inside the question", in: `add-question fibro-fog "what is "fibro fog" exactly"`,
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: `what is "fibro fog" exactly`}},
		{name: "add-question without quotes takes the rest of the line", in: "add-question fibro-fog brain fog and ketamine",
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "brain fog and ketamine"}},
		{name: "add-question joins lines and trims spaces", in: "add-question fibro-fog \" brain\n\tfog \"",
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "brain fog"}},
		{name: "add-question keeps unicode", in: `add-question fibro-fog "¿Puedo conducir después? 🚗"`,
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "¿Puedo conducir después? 🚗"}},
		{name: "add-question without a question is a usage error", in: "add-question fibro-fog", wantErr: "question is missing"},
		{name: "add-question with an empty quote is a usage error", in: `add-question fibro-fog ""`, wantErr: "question is empty"},
		{name: "add-question with an unclosed quote is a usage error", in: `add-question fibro-fog "why so tired`, wantErr: "no closing quote"},
		{name: "add-question with a lone quote is a usage error", in: `add-question fibro-fog "`, wantErr: "no closing quote"},
		{name: "add-question without an id is a usage error", in: "add-question", wantErr: "An entry id is missing"},
		{name: "a question over the limit is refused", in: `add-question fibro-fog "` + strings.Repeat("é", faqadmin.MaxQuestionRunes+1) + `"`, wantErr: "at most 300 fit"},
		{name: "revert takes a version", in: "revert fibro-fog 3", want: faqadmin.Command{Verb: faqadmin.Revert, ID: "fibro-fog", Version: 3}},
		{name: "revert accepts v3", in: "revert fibro-fog v3", want: faqadmin.Command{Verb: faqadmin.Revert, ID: "fibro-fog", Version: 3}},
		{name: "revert without a version is a usage error", in: "revert fibro-fog", wantErr: "version to restore is missing"},
		{name: "revert to version zero is a usage error", in: "revert fibro-fog 0", wantErr: "must be a number"},
		{name: "revert to a word is a usage error", in: "revert fibro-fog latest", wantErr: "must be a number"},
		{name: "unanswered takes nothing", in: "unanswered", want: faqadmin.Command{Verb: faqadmin.Unanswered}},
		{name: "stats with words is a usage error", in: "stats please", wantErr: "takes nothing"},
		{name: "admin help", in: "admin help", want: faqadmin.Command{Verb: faqadmin.Help}},
		{name: "admin alone is help", in: "Admin", want: faqadmin.Command{Verb: faqadmin.Help}},
		{name: "admin with other words is not a command", in: "admin please call me", notCmd: true},
		{name: "a patient's help is not an admin command", in: "help", notCmd: true},
		{name: "forget me is not an admin command", in: "forget me", notCmd: true},
		{name: "ask is not an admin command", in: "ask can I drive home?", notCmd: true},
		{name: "a question is not an admin command", in: "can I drive home after?", notCmd: true},
		{name: "an unknown sub-command is not an admin command", in: "delete fibro-fog", notCmd: true},
		{name: "empty text is not an admin command", in: "", notCmd: true},
		{name: "huge input with an admin verb is a usage error", in: "add-question fibro-fog " + strings.Repeat("x", faqadmin.MaxInput), wantErr: "too long"},
		{name: "huge input without an admin verb is not a command", in: strings.Repeat("why ", faqadmin.MaxInput), notCmd: true},
		{name: "invalid UTF-8 does not break parsing", in: "add-question fibro-fog \"bad \xff byte\"",
			want: faqadmin.Command{Verb: faqadmin.AddQuestion, ID: "fibro-fog", Text: "bad \uFFFD byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := faqadmin.Parse(tt.in)
			var usage *faqadmin.UsageError
			switch {
			case tt.notCmd:
				if !errors.Is(err, faqadmin.ErrNotAdmin) {
					t.Fatalf("Parse(%.40q) = %+v, %v; want ErrNotAdmin", tt.in, got, err)
				}
			case tt.wantErr != "":
				if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%.40q) error = %v; want a usage error containing %q", tt.in, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), "Usage: `/faq ") {
					t.Errorf("usage error %q does not show the usage", err)
				}
			case err != nil:
				t.Fatalf("Parse(%.40q): %v", tt.in, err)
			case got != tt.want:
				t.Errorf("Parse(%.40q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"list", `add-question a-b "x"`, "revert a 2", "show “a”", "admin help"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, err := faqadmin.Parse(s)
		if err != nil {
			return
		}
		if cmd.Verb == faqadmin.AddQuestion && (cmd.Text == "" || strings.ContainsAny(cmd.Text, "\n\r\t")) {
			t.Errorf("Parse(%q) gave question %q", s, cmd.Text)
		}
	})
}

func TestDraftKey(t *testing.T) {
	d := faqadmin.Draft{ID: "infusion-driving-home", Version: 12, Title: "left out", Body: "left out"}
	if got, ok := faqadmin.ParseKey(d.Key()); !ok || got != (faqadmin.Draft{ID: d.ID, Version: d.Version}) {
		t.Errorf("ParseKey(%q) = %+v, %v; want the id and version back", d.Key(), got, ok)
	}
	for _, bad := range []string{"", "infusion-driving-home", "infusion-driving-home|", "|3", "infusion-driving-home|three"} {
		if got, ok := faqadmin.ParseKey(bad); ok {
			t.Errorf("ParseKey(%q) = %+v, want it refused", bad, got)
		}
	}
}
