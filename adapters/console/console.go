// Package console is the terminal adapter: one question per line in, plain
// text out. It is what `go run ./bot` opens when no platform token is set.
//
// It imports the standard library and citebot/adapters only.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"citebot/adapters"
)

// Console reads questions from In and writes replies to Out.
type Console struct {
	In      io.Reader
	Out     io.Writer
	Handler adapters.Handler
	// Prompt, when set, is written before each line is read (an interactive
	// terminal); scripts leave it empty.
	Prompt string
	// Terminal, when set, shows the prompt instead, so that what else
	// writes to the same terminal (the log) can keep off the prompt's line.
	Terminal *Terminal
}

// Terminal is an interactive terminal's prompt, shared with the other
// writers to that terminal: a line written while the prompt waits for
// input would otherwise run on after "? ".
type Terminal struct {
	Out    io.Writer // where the prompt is written
	Prompt string

	mu    sync.Mutex
	shown bool // the prompt waits on its line for input
}

// showPrompt writes the prompt.
func (t *Terminal) showPrompt() {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprint(t.Out, t.Prompt)
	t.shown = true
}

// lineRead notes that a line was entered: the terminal has moved past the
// prompt.
func (t *Terminal) lineRead() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.shown = false
}

// Interrupt runs write, which writes whole lines to the terminal, so that
// they stand on lines of their own: a prompt waiting for input has its line
// cleared first and is written again after.
func (t *Terminal) Interrupt(write func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.shown {
		write()
		return
	}
	fmt.Fprint(t.Out, "\r\x1b[K") // to the line's start, and clear it
	write()
	fmt.Fprint(t.Out, t.Prompt)
}

// maxLine is the longest input line read whole; the rest of a longer line
// is read and dropped (adapters.ReadLine).
const maxLine = 1 << 20

// Run answers line by line until In ends or ctx is done.
func (c *Console) Run(ctx context.Context) error {
	term := c.Terminal
	if term == nil && c.Prompt != "" {
		term = &Terminal{Out: c.Out, Prompt: c.Prompt}
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		br := bufio.NewReader(c.In)
		for {
			line, err := adapters.ReadLine(br, maxLine)
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				errc <- err
				close(lines)
				return
			}
			if term != nil {
				term.lineRead()
			}
			select {
			case lines <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		if term != nil {
			term.showPrompt()
		}
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case line, ok = <-lines:
		}
		if !ok {
			if err := <-errc; err != nil {
				return fmt.Errorf("console: read: %w", err)
			}
			return nil
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		cmd, arg := adapters.ParseCommand(line)
		if cmd == "quit" || cmd == "exit" {
			return nil
		}
		reply, err := c.Handler.Handle(ctx, adapters.Request{Adapter: "console", Command: cmd, Text: arg, Asker: "console", Private: true, Conversation: "console"})
		if err != nil {
			fmt.Fprintln(c.Out, "Sorry, something went wrong on our side. Please try again.")
			continue
		}
		fmt.Fprintln(c.Out, Render(reply))
	}
}

// Render writes a reply as plain text: the bot's words as they are, each
// quote on lines of its own behind "> ", its citation on the line after.
func Render(r adapters.Reply) string {
	var b strings.Builder
	for i, bl := range r.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch bl.Kind {
		case adapters.Text:
			b.WriteString(bl.Text)
		case adapters.Item:
			b.WriteString("  • ")
			b.WriteString(bl.Text)
		case adapters.Quote:
			// The "> " mark sets the source's words apart; no quotation
			// marks of ours, since a quote may open with its own.
			b.WriteString("> ")
			b.WriteString(bl.Text)
			if bl.Cite != nil {
				b.WriteString("\n  — ")
				b.WriteString(bl.Cite.String())
			}
		}
	}
	return b.String()
}
