package faqadmin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// Actions recorded in an entry's history for changes made in chat.
const (
	ActionAddQuestion = "add-question"
	ActionDisable     = "disable"
	ActionEnable      = "enable"
	ActionEdit        = "edit"
)

// Fields of an edit form, named in a Rejection.
const (
	FieldTitle = "title"
	FieldBody  = "body"
)

// MaxBodyRunes bounds an answer edited in a form: the text inputs of
// Slack (3,000) and Discord (4,000) modals must hold it.
const MaxBodyRunes = 3000

// MaxTitleRunes bounds a title edited in a form; platforms set their
// title inputs' maximum length to it.
const MaxTitleRunes = 150

func noEntry(id string) string {
	return fmt.Sprintf("There is no entry `%s`. `/faq list` shows the ids.", id)
}

func (c *Commands) edit(id string) Reply {
	e, m, ok := c.desk.Entry(id)
	switch {
	case !ok:
		return Reply{Text: noEntry(id)}
	case utf8.RuneCountInString(e.Body) > MaxBodyRunes || utf8.RuneCountInString(e.Title) > MaxTitleRunes:
		return Reply{Text: fmt.Sprintf("`%s` is too long to edit in chat; use the admin console.", id)}
	}
	return Reply{Edit: &Draft{ID: id, Version: m.Version, Title: e.Title, Body: e.Body}}
}

func (c *Commands) addQuestion(ctx context.Context, id, q, author string) string {
	e, m, ok := c.desk.Entry(id)
	if !ok {
		return noEntry(id)
	}
	key := textnorm.Normalize(q)
	for _, have := range e.Questions {
		if textnorm.Normalize(have) == key {
			return fmt.Sprintf("`%s` already has that question; nothing changed.", id)
		}
	}
	e.Questions = append(append([]string(nil), e.Questions...), q)
	rev, err := c.save(ctx, e, m.Version, m.Enabled, author, ActionAddQuestion)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("Added the question to `%s`: it is now version %d, with %d questions.", id, rev.Version, len(e.Questions))
}

func (c *Commands) setEnabled(ctx context.Context, id string, enabled bool, author string) string {
	e, m, ok := c.desk.Entry(id)
	switch {
	case !ok:
		return noEntry(id)
	case m.Enabled == enabled:
		return fmt.Sprintf("`%s` is already %s; nothing changed.", id, state(enabled))
	}
	action := ActionDisable
	if enabled {
		action = ActionEnable
	}
	rev, err := c.save(ctx, e, m.Version, enabled, author, action)
	if err != nil {
		return err.Error()
	}
	if enabled {
		return fmt.Sprintf("`%s` is live again (version %d): the bot answers with it.", id, rev.Version)
	}
	return fmt.Sprintf("`%s` is offline (version %d): the bot no longer answers with it. `/faq enable %s` brings it back.", id, rev.Version, id)
}

func (c *Commands) revert(ctx context.Context, id string, version int, author string) string {
	if _, _, ok := c.desk.Entry(id); !ok {
		return noEntry(id)
	}
	rev, err := c.desk.Revert(ctx, id, version, author)
	if err != nil {
		if errors.Is(err, revision.ErrNotFound) {
			return fmt.Sprintf("`%s` has no version %d. `/faq history %s` lists its versions.", id, version, id)
		}
		return c.refused(id, err).Error()
	}
	c.published()
	return fmt.Sprintf("Restored `%s` to version %d; that is now version %d.", id, version, rev.Version)
}

// Submit saves a draft an admin edited in the form opened by edit: its
// title and body over the version the form was opened at. It returns the
// confirmation in Markdown, or a *Rejection (nothing changed, and the
// platform should keep the admin's text) when user is not an admin,
// someone else changed the entry meanwhile, the edit breaks a lint rule,
// or the store fails.
func (c *Commands) Submit(ctx context.Context, user string, d Draft) (string, error) {
	author, ok := c.admins.Name(user)
	if !ok {
		c.log.Warn("faq admin edit refused: not an admin", "user", user, "command", string(Edit), "entry", d.ID)
		return "", &Rejection{Field: FieldBody, Message: Refusal}
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	e, m, found := c.desk.Entry(d.ID)
	if !found {
		return "", &Rejection{Field: FieldBody, Message: fmt.Sprintf("The entry %s no longer exists.", d.ID)}
	}
	if strings.TrimSpace(d.Title) == e.Title && strings.TrimSpace(d.Body) == strings.TrimSpace(e.Body) && d.Version == m.Version {
		return fmt.Sprintf("No change to `%s`; it is still version %d.", d.ID, m.Version), nil
	}
	e.Title, e.Body = strings.TrimSpace(d.Title), strings.TrimSpace(d.Body)
	switch {
	case utf8.RuneCountInString(e.Title) > MaxTitleRunes:
		return "", &Rejection{Field: FieldTitle, Message: fmt.Sprintf("The title must be at most %d characters.", MaxTitleRunes)}
	case utf8.RuneCountInString(e.Body) > MaxBodyRunes:
		return "", &Rejection{Field: FieldBody, Message: fmt.Sprintf("The answer must be at most %d characters.", MaxBodyRunes)}
	}
	rev, err := c.save(ctx, e, d.Version, m.Enabled, author, ActionEdit)
	c.log.Info("faq admin command", "user", user, "command", string(Edit), "entry", d.ID, "saved", err == nil)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Saved `%s` as version %d.", d.ID, rev.Version), nil
}

// save stores a change and makes it live here, or explains the refusal.
func (c *Commands) save(ctx context.Context, e faq.Entry, base int, enabled bool, author, action string) (revision.Revision, error) {
	rev, err := c.desk.Save(ctx, e, base, enabled, author, action)
	if err != nil {
		return rev, c.refused(e.ID, err)
	}
	c.published()
	return rev, nil
}

func (c *Commands) published() {
	if c.data.Saved != nil {
		c.data.Saved(c.desk.Set())
	}
}

// Rejection is a change that was refused; nothing was saved. Field is
// the form field the message belongs beside.
type Rejection struct {
	Field   string
	Message string
}

func (r *Rejection) Error() string { return r.Message }

// refused turns a failed save into what the admin can act on.
func (c *Commands) refused(id string, err error) *Rejection {
	var problems faq.Problems
	switch {
	case errors.As(err, &problems):
		field, msgs := FieldBody, make([]string, 0, len(problems))
		for _, p := range problems {
			msgs = append(msgs, p.Message)
			if strings.Contains(p.Message, "title") && len(problems) == 1 {
				field = FieldTitle
			}
		}
		return &Rejection{Field: field, Message: "That change breaks the FAQ rules, so nothing changed: " + strings.Join(msgs, "; ") + "."}
	case errors.Is(err, revision.ErrConflict):
		return &Rejection{Field: FieldBody, Message: fmt.Sprintf(
			"Someone else changed %s meanwhile, so nothing changed. Keep a copy of your text, reload the entry and apply your change again.", id)}
	}
	c.log.Error("faq admin change could not be saved", "entry", id, "err", err)
	return &Rejection{Field: FieldBody, Message: "The change could not be saved, so nothing changed. Please try again in a minute."}
}

func state(enabled bool) string {
	if enabled {
		return "live"
	}
	return "offline"
}
