package faq

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with a FAQ file, located by file and line.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	// Warning problems are reported but do not fail lint.
	Warning bool `json:"warning,omitempty"`
}

func (p Problem) String() string {
	level := "error"
	if p.Warning {
		level = "warning"
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, level, p.Message)
}

// Problems is a list of problems that is also an error.
type Problems []Problem

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

const dateLayout = "2006-01-02"

// frontMatter is the YAML header as written; dates stay strings so that a
// bad date is reported with its line rather than failing the whole decode.
type frontMatter struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Questions   []string `yaml:"questions"`
	Tags        []string `yaml:"tags,flow"`
	Related     []string `yaml:"related,flow"`
	Sources     []Source `yaml:"sources"`
	Reviewed    string   `yaml:"reviewed"`
	ReviewAfter string   `yaml:"review_after,omitempty"`
}

// parsed is an entry with the line of each front-matter key, for lint.
type parsed struct {
	Entry
	file     string
	lines    map[string]int
	bodyLine int
	problems Problems
}

func (p *parsed) problem(key, format string, args ...any) {
	line, ok := p.lines[key]
	if !ok {
		line = 1
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

var errNoFrontMatter = errors.New("no YAML front matter: the file must start with a line of ---")

// Parse reads one entry from Markdown with YAML front matter. name is used
// in problem reports. It returns the entry and the problems found while
// reading it; structural checks across entries are lint's job.
func Parse(name string, data []byte) (Entry, Problems) {
	p := parse(name, data)
	return p.Entry, p.problems
}

func parse(name string, data []byte) *parsed {
	p := &parsed{file: name, lines: map[string]int{}}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	head, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		p.problems = append(p.problems, Problem{File: name, Line: 1, Message: err.Error()})
		return p
	}
	p.bodyLine = bodyLine
	var node yaml.Node
	if err := yaml.Unmarshal(head, &node); err != nil {
		p.problems = append(p.problems, Problem{File: name, Line: yamlErrLine(err) + 1, Message: "front matter: " + err.Error()})
		return p
	}
	if len(node.Content) == 1 && node.Content[0].Kind == yaml.MappingNode {
		m := node.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			p.lines[m.Content[i].Value] = m.Content[i].Line + 1
		}
	}
	var fm frontMatter
	if err := node.Decode(&fm); err != nil {
		p.problems = append(p.problems, Problem{File: name, Line: 2, Message: "front matter: " + err.Error()})
		return p
	}
	p.Entry = Entry{
		ID: strings.TrimSpace(fm.ID), Title: strings.TrimSpace(fm.Title),
		Questions: fm.Questions, Tags: fm.Tags, Related: fm.Related, Sources: fm.Sources,
		Body: strings.TrimSpace(string(body)),
	}
	p.Reviewed = p.date("reviewed", fm.Reviewed, true)
	p.ReviewAfter = p.date("review_after", fm.ReviewAfter, false)
	if p.ReviewAfter.IsZero() && !p.Reviewed.IsZero() {
		p.ReviewAfter = p.Reviewed.AddDate(1, 0, 0)
	}
	return p
}

func (p *parsed) date(key, value string, required bool) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		if required {
			p.problem(key, "missing %s date (YYYY-MM-DD)", key)
		}
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, value)
	if err != nil {
		p.problem(key, "%s %q is not a date of the form YYYY-MM-DD", key, value)
	}
	return t
}

// splitFrontMatter returns the YAML between the leading "---" lines, the
// body after them, and the 1-based line where the body starts.
func splitFrontMatter(data []byte) (head, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, 0, errNoFrontMatter
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	switch {
	case end >= 0:
		head, body = rest[:end+1], rest[end+5:]
	case bytes.HasSuffix(rest, []byte("\n---")):
		head, body = rest[:len(rest)-3], nil
	default:
		return nil, nil, 0, errors.New("front matter is not closed by a line of ---")
	}
	return head, body, bytes.Count(head, []byte("\n")) + 3, nil
}

func yamlErrLine(err error) int {
	var n int
	if _, scanErr := fmt.Sscanf(err.Error(), "yaml: line %d:", &n); scanErr == nil {
		return n
	}
	return 1
}
