package main

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"

	"bufio"
	"flag"
	"fmt"
	"github.com/faqbot/faqbot/faq/revision"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/faqbot/faqbot/faq"
)

// faqCmd runs "faq lint|export|import".
func faqCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 2 && (args[0] == "export" || args[0] == "import") {
		var err error
		if args[0] == "export" {
			err = exportFAQ(ctx, cfg, args[1], stdout)
		} else {
			err = importFAQ(ctx, cfg, args[1], stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "faqbot faq %s: %v\n", args[0], err)
			return 1
		}
		return 0
	}
	if len(args) == 0 || args[0] != "lint" {
		fmt.Fprintln(stderr, "usage: faqbot faq lint [--topics FILE] [DIR] | faq export DIR | faq import DIR")
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

// openLive opens the live FAQ for export or import: edits in Redis when
// configured, else in the data directory.
func openLive(ctx context.Context, cfg config, create bool) (*revision.Live, error) {
	log := newLogger(cfg)
	p, err := newParts(cfg, log)
	if err != nil {
		return nil, err
	}
	store, ok := p.store.(revision.Store)
	if !ok || cfg.RedisURL == "" {
		if _, err := os.Stat(cfg.DataDir); err != nil && !create {
			store = emptyStore{}
		} else if store, err = revision.NewDirStore(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	return revision.NewLive(ctx, p.seed.Entries(), store, faq.DefaultRules(), log)
}

// exportFAQ writes the live FAQ as Markdown files, for review in git.
func exportFAQ(ctx context.Context, cfg config, dir string, stdout io.Writer) error {
	live, err := openLive(ctx, cfg, false)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	entries, meta := live.List()
	for _, e := range entries {
		data, err := faq.Marshal(e)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, e.ID+".md"), data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", e.ID, err)
		}
		if !meta[e.ID].Enabled {
			fmt.Fprintf(stdout, "%s is disabled\n", e.ID)
		}
	}
	fmt.Fprintf(stdout, "exported %d entries to %s\n", len(entries), dir)
	return nil
}

// importFAQ loads a reviewed directory as new revisions of the entries
// that changed. The whole directory must pass lint first.
func importFAQ(ctx context.Context, cfg config, dir string, stdout io.Writer) error {
	set, _, err := faq.Load(os.DirFS(dir), faq.DefaultRules())
	if err != nil {
		return err
	}
	live, err := openLive(ctx, cfg, true)
	if err != nil {
		return err
	}
	author := os.Getenv("USER")
	if author == "" {
		author = "import"
	}
	changed := 0
	for _, e := range set.Entries() {
		cur, meta, exists := live.Entry(e.ID)
		if exists && reflect.DeepEqual(cur, e) {
			continue
		}
		enabled := !exists || meta.Enabled
		if _, err := live.Save(ctx, e, meta.Version, enabled, author, "import"); err != nil {
			return fmt.Errorf("import %s: %w", e.ID, err)
		}
		changed++
	}
	fmt.Fprintf(stdout, "imported %d changed entries from %s\n", changed, dir)
	return nil
}

// emptyStore is a revision store with no edits, for exporting the seed.
type emptyStore struct{}

func (emptyStore) AppendRevision(context.Context, revision.Revision) error {
	return errors.New("read-only")
}
func (emptyStore) Revisions(context.Context, string) ([]revision.Revision, error) {
	return nil, nil
}
func (emptyStore) LatestRevisions(context.Context) (map[string]revision.Revision, int64, error) {
	return nil, 0, nil
}
func (emptyStore) Generation(context.Context) (int64, error) { return 0, nil }
