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
	"unicode/utf8"

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
// quote on lines of its own behind "> ", its citation on the line after;
// with no control character (see Plain).
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
	return Plain(b.String())
}

// Plain is s without control characters, C0 and C1, but line feeds and
// tabs: a document, a title or a question may hold any, and a terminal
// would act on them (move the cursor, change colours, set the window's
// title). An escape sequence goes whole ("\x1b[31m", not just its ESC);
// format characters that scripts need, such as the zero-width non-joiner
// of Persian and the bidi isolates, are kept.
func Plain(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isControl(r) {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		i += sequenceLen(s[i:], r, n)
	}
	return b.String()
}

// sequenceLen is how many bytes of s, which starts with the control
// character r of n bytes, a terminal would read as one sequence: a CSI
// sequence (ESC [ or U+009B, its parameters and final byte), or a string
// (OSC, DCS, PM, APC) up to its terminator; else the character alone,
// so that what follows a broken sequence is kept.
func sequenceLen(s string, r rune, n int) int {
	var rest int
	switch {
	case r == 0x1b && len(s) > 1 && s[1] == '[':
		if rest = csiLen(s[n+1:]); rest > 0 {
			rest++ // the [
		}
	case r == 0x9b:
		rest = csiLen(s[n:])
	case r == 0x1b && len(s) > 1 && strings.IndexByte("]P^_", s[1]) >= 0:
		if rest = stringLen(s[n+1:]); rest > 0 {
			rest++
		}
	case r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f:
		rest = stringLen(s[n:])
	}
	return n + rest
}

// csiLen is the length of a CSI sequence's parameters, intermediates and
// final byte at the start of s; 0 when s does not hold one.
func csiLen(s string) int {
	i := 0
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		return i + 1
	}
	return 0
}

// stringLen is the length of a control string at the start of s, with its
// terminator (BEL, ESC \ or U+009C); 0 when it has none, so that an
// unterminated one never swallows the text after it.
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
	}
	return 0
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0)
}

// PlainWriter writes to w what it is given without control characters, as
// Plain does. Each write should be whole lines, or at least whole
// characters.
func PlainWriter(w io.Writer) io.Writer { return plainWriter{w} }

type plainWriter struct{ w io.Writer }

func (p plainWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, Plain(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
