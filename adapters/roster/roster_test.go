package roster_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/adapters/roster"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    map[string]string // id -> name
		wantErr string
	}{
		{name: "an empty setting has nobody", in: "", want: map[string]string{}},
		{name: "named entries map ids to names", in: "Dana:U01, Lee:U02", want: map[string]string{"U01": "Dana", "U02": "Lee"}},
		{name: "a bare id is its own name", in: "123456789012345678", want: map[string]string{"123456789012345678": "123456789012345678"}},
		{name: "spaces and empty entries are ignored", in: " Dana : U01 ,, U02 ,", want: map[string]string{"U01": "Dana", "U02": "U02"}},
		{name: "a name may have spaces", in: "Dana R:U01", want: map[string]string{"U01": "Dana R"}},
		{name: "an empty id is refused", in: "Dana:", wantErr: "want name:userid"},
		{name: "an empty name is refused", in: ":U01", wantErr: "want name:userid"},
		{name: "an id with spaces is refused", in: "Dana:U0 1", wantErr: "no spaces"},
		{name: "an id listed twice is refused", in: "Dana:U01,Lee:U01", wantErr: "listed twice"},
		{name: "a name used twice is refused", in: "Dana:U01,dana:U02", wantErr: "used twice"},
		{name: "a name on two lines is refused", in: "Da\nna:U01", wantErr: "one line"},
		{name: "a very long name is refused", in: strings.Repeat("x", roster.MaxNameRunes+1) + ":U01", wantErr: "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := roster.Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if r.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", r.Len(), len(tt.want))
			}
			for id, want := range tt.want {
				if got, ok := r.Name(id); !ok || got != want {
					t.Errorf("Name(%q) = %q, %v; want %q, true", id, got, ok, want)
				}
			}
			if _, ok := r.Name("U99"); ok {
				t.Error("Name of an id not listed reports it as listed")
			}
		})
	}
}

func TestIDsAreSorted(t *testing.T) {
	r, err := roster.Parse("Lee:U02,Dana:U01,U03")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.IDs(), []string{"U01", "U02", "U03"}; !slices.Equal(got, want) {
		t.Errorf("IDs() = %v, want %v", got, want)
	}
}

func TestRostersCompareByTheirPeople(t *testing.T) {
	a, _ := roster.Parse("Dana:U01, Lee:U02")
	b, _ := roster.Parse("Lee:U02,Dana:U01")
	c, _ := roster.Parse("Dana:U01")
	if a != b || a == c {
		t.Error("rosters of the same people differ, or of different people are equal")
	}
	if empty, _ := roster.Parse(" , "); empty != (roster.Roster{}) {
		t.Error("an empty setting is not the zero Roster")
	}
}

func TestZeroRosterIsEmpty(t *testing.T) {
	var r roster.Roster
	if _, ok := r.Name("U01"); ok || r.Len() != 0 {
		t.Error("the zero Roster lists someone")
	}
}
