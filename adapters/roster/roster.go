// Package roster reads who holds a role on a chat platform (the clinic's
// staff, its FAQ admins) from configuration such as SLACK_STAFF_USERS or
// DISCORD_ADMIN_USERS: a comma-separated list of "name:userid" pairs or
// bare user ids. The name is what patients see ("Dana from the clinic
// team has joined").
package roster

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxNameRunes bounds a display name.
const MaxNameRunes = 40

// Roster maps platform user ids to display names. The zero Roster is
// empty: nobody holds the role. Rosters compare with ==, so that
// configuration structs holding one stay comparable.
type Roster struct {
	// lines holds "id\tname\n" per person, sorted by id: a string keeps
	// the Roster comparable and immutable.
	lines string
}

// Parse reads "name:userid,name:userid" or bare "userid" entries (spaces
// around entries are ignored; a bare id is its own name). It fails, naming
// the entry, on an empty id or name, an id with spaces, a name longer than
// MaxNameRunes, or an id or name listed twice (the name identifies the
// staff member to the engine, so it must be unique).
func Parse(s string) (Roster, error) {
	names := map[string]string{}
	seen := map[string]bool{}
	for _, entry := range strings.Split(s, ",") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		name, id, ok := strings.Cut(entry, ":")
		if !ok {
			name, id = entry, entry
		}
		name, id = strings.TrimSpace(name), strings.TrimSpace(id)
		switch {
		case id == "" || name == "":
			return Roster{}, fmt.Errorf("roster entry %q: want name:userid or a bare userid", entry)
		case strings.ContainsAny(id, " \t\r\n"):
			return Roster{}, fmt.Errorf("roster entry %q: a user id has no spaces", entry)
		case strings.ContainsAny(name, "\t\r\n"):
			return Roster{}, fmt.Errorf("roster entry %q: a name is on one line", entry)
		case utf8.RuneCountInString(name) > MaxNameRunes:
			return Roster{}, fmt.Errorf("roster entry %q: the name is longer than %d characters", entry, MaxNameRunes)
		case names[id] != "":
			return Roster{}, fmt.Errorf("roster entry %q: user id %s is listed twice", entry, id)
		case seen[strings.ToLower(name)]:
			return Roster{}, fmt.Errorf("roster entry %q: the name %s is used twice", entry, name)
		}
		names[id] = name
		seen[strings.ToLower(name)] = true
	}
	var b strings.Builder
	for _, id := range slices.Sorted(maps.Keys(names)) {
		b.WriteString(id + "\t" + names[id] + "\n")
	}
	return Roster{lines: b.String()}, nil
}

// Name returns the display name of the user id and whether the id is on
// the roster.
func (r Roster) Name(id string) (string, bool) {
	for line := range strings.Lines(r.lines) {
		if got, name, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t"); got == id {
			return name, true
		}
	}
	return "", false
}

// Len reports how many users are on the roster.
func (r Roster) Len() int { return strings.Count(r.lines, "\n") }

// IDs returns the user ids on the roster, sorted.
func (r Roster) IDs() []string {
	ids := make([]string, 0, r.Len())
	for line := range strings.Lines(r.lines) {
		id, _, _ := strings.Cut(line, "\t")
		ids = append(ids, id)
	}
	return ids
}
