// Package faqadmin is the clinic admins' /faq chat commands, shared by
// the Slack and Discord adapters: list, show, edit, add-question, disable,
// enable, history, revert, unanswered, stats and admin help. It parses a
// command, checks that the user is on the admin roster, runs it against
// the live FAQ and answers in Markdown short enough for one chat message.
//
// Every change is saved as a new revision made from the entry's current
// version, with the admin's name as author and the command as action, so
// the history shows who did what. A conflict with another edit or a change
// that breaks a lint rule is refused with the reasons and changes nothing.
//
// GroupUnanswered is shared with the web admin API, so that the chat
// command and the console list unanswered questions alike.
package faqadmin

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

// Desk is what the commands need from the live FAQ; *revision.Live
// provides it.
type Desk interface {
	List() ([]faq.Entry, map[string]revision.Meta)
	Entry(id string) (faq.Entry, revision.Meta, bool)
	Save(ctx context.Context, e faq.Entry, base int, enabled bool, author, action string) (revision.Revision, error)
	History(ctx context.Context, id string) ([]revision.Revision, error)
	Revert(ctx context.Context, id string, version int, author string) (revision.Revision, error)
	Set() *faq.Set
}

var _ Desk = (*revision.Live)(nil)

// Data are the optional sources of unanswered and stats, and the hook that
// makes a saved edit live at once on this replica. Nil fields are skipped.
type Data struct {
	Unanswered func(ctx context.Context, limit int) ([]bot.Unanswered, error)
	Feedback   func(ctx context.Context) (map[string]bot.FeedbackCount, error)
	// Saved is called with the new FAQ after every saved change.
	Saved func(*faq.Set)
}

// Refusal is the answer to a user who is not on the admin roster.
const Refusal = "Only clinic admins can change the FAQ."

// MaxReplyRunes bounds a reply's text, to fit one message on Slack and
// on Discord (2,000 characters).
const MaxReplyRunes = 1900

// opTimeout bounds one command, so a slow store cannot hold a platform's
// three-second answer window.
const opTimeout = 2500 * time.Millisecond

// Reply is a command's answer.
type Reply struct {
	// Text is Markdown of at most MaxReplyRunes runes; empty when the
	// platform only needs to open Edit.
	Text string
	// Edit, from the edit command, is the entry to open in a form; the
	// form's result goes to Commands.Submit.
	Edit *Draft
}

// Draft is an entry's editable text and the version it was taken from.
type Draft struct {
	ID      string
	Version int
	Title   string
	Body    string
}

// Key is the draft's entry id and version in one string, "ID|VERSION",
// for a platform to carry in its edit form (a custom id, private
// metadata) and read back from the submission with ParseKey.
func (d Draft) Key() string { return d.ID + "|" + strconv.Itoa(d.Version) }

// ParseKey reads a Draft's Key: a Draft with only its ID and Version set.
// ok is false when s is not a Key.
func ParseKey(s string) (d Draft, ok bool) {
	id, version, cut := strings.Cut(s, "|")
	n, err := strconv.Atoi(version)
	if !cut || err != nil || id == "" {
		return Draft{}, false
	}
	return Draft{ID: id, Version: n}, true
}

// Commands runs admin commands for the users on one platform's roster.
type Commands struct {
	desk   Desk
	data   Data
	admins roster.Roster
	log    *slog.Logger
}

// New returns the commands over desk for the users on admins; their
// roster names are the authors of their changes.
func New(desk Desk, data Data, admins roster.Roster, log *slog.Logger) *Commands {
	return &Commands{desk: desk, data: data, admins: admins, log: log.With("component", "faq-admin-commands")}
}

// Handle runs text, the words after /faq, for user. It reports false when
// the text is not an admin command, for the caller to handle as before;
// for a user who is not an admin that includes malformed admin commands,
// which may be questions ("list of side effects"). A non-admin's admin
// command is refused politely and logged with the user id, the verb and
// the entry id only.
func (c *Commands) Handle(ctx context.Context, user, text string) (Reply, bool) {
	cmd, err := Parse(text)
	if errors.Is(err, ErrNotAdmin) {
		return Reply{}, false
	}
	author, admin := c.admins.Name(user)
	var usageErr *UsageError
	switch {
	case !admin && err != nil:
		return Reply{}, false
	case !admin:
		c.log.Warn("faq admin command refused: not an admin", "user", user, "command", string(cmd.Verb), "entry", cmd.ID)
		return Reply{Text: Refusal}, true
	case errors.As(err, &usageErr):
		return Reply{Text: usageErr.Error()}, true
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	r := c.run(ctx, cmd, author)
	c.log.Info("faq admin command", "user", user, "command", string(cmd.Verb), "entry", cmd.ID)
	r.Text = clip(r.Text, MaxReplyRunes)
	return r, true
}

// run dispatches a parsed command from an admin.
func (c *Commands) run(ctx context.Context, cmd Command, author string) Reply {
	switch cmd.Verb {
	case List:
		return Reply{Text: c.list(ctx, cmd.Text)}
	case Show:
		return Reply{Text: c.show(cmd.ID)}
	case Edit:
		return c.edit(cmd.ID)
	case AddQuestion:
		return Reply{Text: c.addQuestion(ctx, cmd.ID, cmd.Text, author)}
	case Disable, Enable:
		return Reply{Text: c.setEnabled(ctx, cmd.ID, cmd.Verb == Enable, author)}
	case History:
		return Reply{Text: c.history(ctx, cmd.ID)}
	case Revert:
		return Reply{Text: c.revert(ctx, cmd.ID, cmd.Version, author)}
	case Unanswered:
		return Reply{Text: c.unanswered(ctx)}
	case Stats:
		return Reply{Text: c.stats(ctx)}
	}
	return Reply{Text: helpText}
}
