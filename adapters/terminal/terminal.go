// Package terminal is a chat adapter for a terminal: it reads one message
// per line and prints the bot's replies. It needs no tokens or servers.
package terminal

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/faqbot/faqbot/bot"
)

// Engine is what the adapter needs from the bot.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
}

// maxLine bounds one input line; longer lines are still read whole and
// the engine caps what it matches.
const maxLine = 1 << 20

// Run chats over in and out until in ends or ctx is done. user names the
// person at the terminal.
func Run(ctx context.Context, engine Engine, in io.Reader, out io.Writer, user string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	fmt.Fprintln(out, "faqbot: ask a question about fibromyalgia or ketamine infusions (Ctrl-D to quit).")
	fmt.Fprint(out, "> ")
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return nil
		}
		for _, r := range engine.Handle(ctx, bot.Message{Platform: "terminal", Conversation: "terminal", User: user, Text: sc.Text(), Direct: true}) {
			fmt.Fprintf(out, "\n[%s] %s\n\n", r.Kind, strings.ReplaceAll(r.Text, "**", ""))
		}
		fmt.Fprint(out, "> ")
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read terminal input: %w", err)
	}
	fmt.Fprintln(out)
	return nil
}
