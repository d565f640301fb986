package faq

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Marshal writes an entry in the FAQ file format: YAML front matter and
// the Markdown body. Parse reads it back.
func Marshal(e Entry) ([]byte, error) {
	fm := frontMatter{
		ID: e.ID, Title: e.Title, Questions: e.Questions, Tags: e.Tags, Related: e.Related, Sources: e.Sources,
	}
	if !e.Reviewed.IsZero() {
		fm.Reviewed = e.Reviewed.Format(dateLayout)
	}
	if !e.ReviewAfter.IsZero() {
		fm.ReviewAfter = e.ReviewAfter.Format(dateLayout)
	}
	head, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("encode entry %s: %w", e.ID, err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(head)
	b.WriteString("---\n")
	b.WriteString(e.Body)
	b.WriteString("\n")
	return b.Bytes(), nil
}
