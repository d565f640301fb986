package faqadmin

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Verb names an admin sub-command of /faq.
type Verb string

// The admin sub-commands.
const (
	List        Verb = "list"
	Show        Verb = "show"
	Edit        Verb = "edit"
	AddQuestion Verb = "add-question"
	Disable     Verb = "disable"
	Enable      Verb = "enable"
	History     Verb = "history"
	Revert      Verb = "revert"
	Unanswered  Verb = "unanswered"
	Stats       Verb = "stats"
	Help        Verb = "admin"
)

// Limits on what a command may carry.
const (
	// MaxInput bounds the text after /faq.
	MaxInput = 4000
	// MaxQuestionRunes bounds a question added with add-question.
	MaxQuestionRunes = 300
	// maxIDBytes bounds an entry id; platforms carry it in short fields.
	maxIDBytes = 64
)

// usage shows how each verb is written.
var usage = map[Verb]string{
	List:        "/faq list [WORD]",
	Show:        "/faq show ID",
	Edit:        "/faq edit ID",
	AddQuestion: `/faq add-question ID "question"`,
	Disable:     "/faq disable ID",
	Enable:      "/faq enable ID",
	History:     "/faq history ID",
	Revert:      "/faq revert ID VERSION",
	Unanswered:  "/faq unanswered",
	Stats:       "/faq stats",
	Help:        "/faq admin help",
}

// ErrNotAdmin reports text that is not an admin sub-command: a patient's
// question, "help" or "forget me", to be handled as before.
var ErrNotAdmin = errors.New("not an admin command")

// UsageError is an admin sub-command written wrongly.
type UsageError struct {
	Verb    Verb
	Problem string
}

func (e *UsageError) Error() string {
	return fmt.Sprintf("%s. Usage: `%s`", e.Problem, usage[e.Verb])
}

// Command is one parsed admin sub-command.
type Command struct {
	Verb Verb
	// ID is the entry for the verbs that take one, lower-cased.
	ID string
	// Text is the question for add-question and the filter word for list.
	Text string
	// Version is the version to restore for revert.
	Version int
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads the text typed after /faq. It returns ErrNotAdmin when the
// text does not start with an admin sub-command, or starts with one but
// goes on like a sentence rather than a malformed command; and a
// *UsageError (with the usage line) when it is a malformed command.
func Parse(text string) (Command, error) {
	text = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	word, rest := cutWord(text)
	verb := Verb(strings.ToLower(word))
	if _, ok := usage[verb]; !ok {
		return Command{}, ErrNotAdmin
	}
	if len(text) > MaxInput {
		return Command{}, &UsageError{verb, fmt.Sprintf("That command is too long (over %d characters)", MaxInput)}
	}
	cmd := Command{Verb: verb}
	var err error
	switch verb {
	case Help:
		if w := strings.ToLower(rest); w != "" && w != "help" {
			return Command{}, ErrNotAdmin
		}
	case Unanswered, Stats:
		if rest != "" {
			err = &UsageError{verb, fmt.Sprintf("`%s` takes nothing after it", verb)}
		}
	case List:
		if strings.ContainsFunc(rest, unicode.IsSpace) {
			err = &UsageError{verb, "`list` takes at most one word to filter by"}
		}
		cmd.Text = strings.ToLower(rest)
	case Show, Edit, Disable, Enable, History:
		cmd.ID, rest, err = parseID(verb, rest)
		if err == nil && rest != "" {
			err = &UsageError{verb, fmt.Sprintf("`%s` takes only an entry id", verb)}
		}
	case AddQuestion:
		if cmd.ID, rest, err = parseID(verb, rest); err == nil {
			cmd.Text, err = parseQuestion(rest)
		}
	case Revert:
		if cmd.ID, rest, err = parseID(verb, rest); err == nil {
			cmd.Version, err = parseVersion(rest)
		}
	}
	if err != nil {
		if verb != AddQuestion && len(strings.Fields(rest)) > 2 {
			// It reads like a sentence ("list of side effects"): a
			// question for the bot, which must still see it in case it
			// is urgent.
			return Command{}, ErrNotAdmin
		}
		return Command{}, err
	}
	return cmd, nil
}

// cutWord splits off the first whitespace-separated word.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// parseID reads an entry id, forgiving the backticks and quotes of text
// copied from the bot's own replies, and upper case.
func parseID(verb Verb, s string) (id, rest string, err error) {
	word, rest := cutWord(s)
	id = strings.ToLower(strings.Trim(word, "`\"'“”‘’"))
	switch {
	case id == "":
		return "", "", &UsageError{verb, "An entry id is missing"}
	case len(id) > maxIDBytes || !idRE.MatchString(id):
		return "", "", &UsageError{verb, "That is not an entry id (ids are lowercase words joined by -, as `/faq list` shows)"}
	}
	return id, rest, nil
}

// quotePairs maps opening quotes to the closing quotes accepted for them;
// chat apps often turn straight quotes into curly ones.
var quotePairs = map[rune]string{'"': `"”“`, '“': `”"“`, '”': `”"`, '„': `“”"`, '«': "»", '\'': "'’", '‘': "’'"}

// parseQuestion reads add-question's text, quoted or not, on one line.
func parseQuestion(s string) (string, error) {
	if s == "" {
		return "", &UsageError{AddQuestion, "The question is missing"}
	}
	first, size := utf8.DecodeRuneInString(s)
	if closers, quoted := quotePairs[first]; quoted {
		last, lastSize := utf8.DecodeLastRuneInString(s)
		if len(s) == size || !strings.ContainsRune(closers, last) {
			return "", &UsageError{AddQuestion, "The question has no closing quote"}
		}
		s = s[size : len(s)-lastSize]
	}
	q := strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		return "", &UsageError{AddQuestion, "The question is empty"}
	case n > MaxQuestionRunes:
		return "", &UsageError{AddQuestion, fmt.Sprintf("The question is %d characters; at most %d fit", n, MaxQuestionRunes)}
	}
	return q, nil
}

// parseVersion reads revert's version: "3" or "v3".
func parseVersion(s string) (int, error) {
	if s == "" {
		return 0, &UsageError{Revert, "The version to restore is missing (see `/faq history ID`)"}
	}
	v, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(s), "v"))
	if err != nil || v < 1 || v > 1_000_000 {
		return 0, &UsageError{Revert, "The version must be a number such as 3 (see `/faq history ID`)"}
	}
	return v, nil
}
