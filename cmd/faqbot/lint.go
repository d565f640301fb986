package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/faqbot/faqbot/faq"
)

// faqCmd runs "faq lint [--topics FILE] [DIR]". Without DIR it checks the
// embedded FAQ and requires every shipped topic id.
func faqCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "lint" {
		fmt.Fprintln(stderr, "usage: faqbot faq lint [--topics FILE] [DIR]")
		return 2
	}
	fl := flag.NewFlagSet("faq lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	topics := fl.String("topics", "", "file of required topic ids (first column; a header line starting with id is skipped)")
	if err := fl.Parse(args[1:]); err != nil {
		return 2
	}
	rules := faq.DefaultRules()
	var fsys fs.FS
	name := "embedded FAQ"
	switch fl.NArg() {
	case 0:
		fsys, rules.RequiredIDs = faq.Embedded(), faq.TopicIDs()
	case 1:
		name = fl.Arg(0)
		fsys = os.DirFS(name)
	default:
		fmt.Fprintln(stderr, "usage: faqbot faq lint [--topics FILE] [DIR]")
		return 2
	}
	if *topics != "" {
		ids, err := readTopicIDs(*topics)
		if err != nil {
			fmt.Fprintf(stderr, "faqbot faq lint: %v\n", err)
			return 2
		}
		rules.RequiredIDs = ids
	}
	files, err := faq.ReadDir(fsys)
	if err != nil {
		fmt.Fprintf(stderr, "faqbot faq lint: %v\n", err)
		return 1
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "faqbot faq lint: no .md entries in %s\n", name)
		return 1
	}
	entries, problems := faq.Lint(files, rules)
	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
	}
	errs := len(problems.Errors())
	fmt.Fprintf(stdout, "%s: %d entries, %d errors, %d warnings\n", name, len(entries), errs, len(problems)-errs)
	if errs > 0 {
		return 1
	}
	return 0
}

func readTopicIDs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read topics: %w", err)
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), "\t")
		if id == "" || id == "id" || strings.HasPrefix(id, "#") {
			continue
		}
		ids = append(ids, id)
	}
	return ids, sc.Err()
}
