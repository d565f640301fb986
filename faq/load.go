package faq

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed content/*.md topics.txt clinic.example.yaml
var embedded embed.FS

// Embedded returns the FAQ content compiled into the binary, as a
// directory of Markdown files.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "content")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// ExampleProfile returns the shipped example clinic profile.
func ExampleProfile() Profile {
	data, _ := embedded.ReadFile("clinic.example.yaml")
	p, err := ParseProfile(data)
	if err != nil {
		panic(err) // covered by tests
	}
	return p
}

// TopicIDs returns the topic ids every shipped FAQ must cover.
func TopicIDs() []string {
	data, _ := embedded.ReadFile("topics.txt")
	var ids []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	return ids
}

// ReadDir reads every *.md file in fsys's root, in name order.
func ReadDir(fsys fs.FS) ([]File, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list faq files: %w", err)
	}
	slices.Sort(names)
	files := make([]File, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read faq file %s: %w", name, err)
		}
		files = append(files, File{Name: path.Clean(name), Data: data})
	}
	return files, nil
}

// Load reads and validates the FAQ in fsys. It fails, returning Problems
// as the error, when any file has an error; warnings are returned beside a
// usable Set. A bad FAQ never yields a Set.
func Load(fsys fs.FS, rules Rules) (*Set, Problems, error) {
	files, err := ReadDir(fsys)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("load faq: no .md entries found")
	}
	entries, problems := Lint(files, rules)
	if errs := problems.Errors(); len(errs) > 0 {
		return nil, problems, fmt.Errorf("load faq: %d problems:\n%w", len(errs), errs)
	}
	return NewSet(entries), problems, nil
}
