// Command faqbot is a patient-education chat assistant for a pain clinic.
// It answers from a curated FAQ about fibromyalgia and ketamine infusions.
//
//	faqbot serve              the local HTTP adapter and web chat (and platform adapters when configured)
//	faqbot chat               chat in the terminal
//	faqbot ask [--faq DIR]    one JSON line per input line, for measurement
//	faqbot eval FILE          accuracy on a labelled TSV
//	faqbot faq lint [DIR]     validate a FAQ directory
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // clinic opening hours need time zones, even in a minimal image
)

const usage = `usage: faqbot <command> [flags]

commands:
  serve               run the HTTP adapter with a web chat on FAQBOT_HTTP_ADDR (default :8080)
  chat                chat in this terminal
  ask [--faq DIR]     read messages from stdin, write one JSON reply per line
  eval [flags] FILE   measure the bot on a labelled TSV (expect<TAB>question)
  faq lint [DIR]      check a FAQ directory (default: the embedded FAQ)
  faq export DIR      write the live FAQ (with admins' edits) as Markdown files
  faq import DIR      load a reviewed directory as new revisions
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "faqbot: configuration: %v\n", err)
		return 2
	}
	cfg.logOut = stderr
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		err = serve(ctx, cfg, getenv)
	case "chat":
		err = chat(ctx, cfg, stdin, stdout)
	case "ask":
		err = ask(ctx, cfg, rest, stdin, stdout)
	case "eval":
		return evalCmd(ctx, cfg, rest, stdout, stderr)
	case "faq":
		return faqCmd(ctx, cfg, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "faqbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "faqbot %s: %v\n", cmd, err)
		return 1
	}
	return 0
}
