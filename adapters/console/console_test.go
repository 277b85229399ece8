package console_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/internal/golden"

	"citebot/adapters"
	"citebot/adapters/console"
)

// report is a citation as a reply that quotes one document gives it: no
// title (the reply names the document only when it quotes several).
var report = &adapters.Citation{
	ID:        "000_bcd3b0e1b0c25f4c#2",
	Publisher: "Dawat Media Center",
	Date:      "2025-12-16",
	Paragraph: 2,
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		reply adapters.Reply
	}{
		{
			name: "answer",
			reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "over 2.6 million Afghans have been deported or returned from neighboring countries in 2025 alone", Cite: report},
				{Kind: adapters.Text, Text: "Also in the source:"},
				{Kind: adapters.Quote, Text: "“This dangerous rush to forcibly return people to Afghanistan…”", Cite: &adapters.Citation{
					ID: "000_bcd3b0e1b0c25f4c#11", Publisher: report.Publisher, Date: report.Date, Paragraph: 11,
				}},
			}},
		},
		{
			name: "list",
			reply: adapters.Reply{Blocks: []adapters.Block{
				{Kind: adapters.Text, Text: "Please type your question in words, for example:"},
				{Kind: adapters.Item, Text: "How many Afghans were sent back in 2025?"},
				{Kind: adapters.Item, Text: "What does Amnesty International call for?"},
			}},
		},
		{
			name: "citation_without_publisher_or_date",
			reply: adapters.Reply{Answered: true, Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "A quote from a plain file.", Cite: &adapters.Citation{ID: "notes#7", Title: "Notes", Paragraph: 7}},
			}},
		},
		{
			name: "quote_without_citation",
			reply: adapters.Reply{Blocks: []adapters.Block{
				{Kind: adapters.Quote, Text: "An uncited quote."},
				{Kind: adapters.Text, Text: "after it"},
			}},
		},
		{
			name:  "empty",
			reply: adapters.Reply{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := console.Render(tt.reply)
			golden.Check(t, "render_"+tt.name, got)
			for _, bl := range tt.reply.Blocks {
				if !strings.Contains(got, bl.Text) {
					t.Errorf("rendered reply lacks block %q", bl.Text)
				}
				if bl.Cite != nil && !strings.Contains(got, fmt.Sprintf("¶%d", bl.Cite.Paragraph)) {
					t.Errorf("rendered reply lacks ¶%d", bl.Cite.Paragraph)
				}
			}
		})
	}
}

// fakeHandler answers "<command>|<text>", fails on the text "fail" and
// records every request it gets.
type fakeHandler struct {
	mu   sync.Mutex
	reqs []adapters.Request
}

func (h *fakeHandler) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	if req.Text == "fail" {
		return adapters.Reply{}, errors.New("index: search: disk on fire")
	}
	return adapters.Reply{Answered: true, Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: fmt.Sprintf("answer %s|%s", req.Command, adapters.Clip(req.Text, 40))},
	}}, nil
}

func (h *fakeHandler) requests() []adapters.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]adapters.Request(nil), h.reqs...)
}

const apology = "Sorry, something went wrong on our side. Please try again."

func TestRun(t *testing.T) {
	long := strings.Repeat("deported ", 200*1024/len("deported "))
	tests := []struct {
		name   string
		in     string
		prompt string
		want   string   // everything written to Out
		texts  []string // what the handler was asked, in order
	}{
		{
			name:  "one reply per line",
			in:    "how many afghans\n/fact women\n/source@citebot ¶2\n",
			want:  "answer |how many afghans\nanswer fact|women\nanswer source|¶2\n",
			texts: []string{"how many afghans", "women", "¶2"},
		},
		{
			name:  "blank lines are skipped",
			in:    "\n   \n\t\nfirst\n\n\nsecond\n \n",
			want:  "answer |first\nanswer |second\n",
			texts: []string{"first", "second"},
		},
		{
			name:  "last line without newline",
			in:    "first\nsecond",
			want:  "answer |first\nanswer |second\n",
			texts: []string{"first", "second"},
		},
		{
			name:  "quit stops",
			in:    "first\n/quit\nnever asked\n",
			want:  "answer |first\n",
			texts: []string{"first"},
		},
		{
			name:  "exit stops",
			in:    "/EXIT\nnever asked\n",
			want:  "",
			texts: nil,
		},
		{
			name:  "handler error is an apology and the loop goes on",
			in:    "fail\nafter\n",
			want:  apology + "\nanswer |after\n",
			texts: []string{"fail", "after"},
		},
		{
			name:  "Windows line ends",
			in:    "first\r\nsecond\r\n",
			want:  "answer |first\nanswer |second\n",
			texts: []string{"first", "second"},
		},
		{
			name:   "prompt before every read",
			in:     "first\n\nsecond\n",
			prompt: "? ",
			want:   "? answer |first\n? ? answer |second\n? ",
			texts:  []string{"first", "second"},
		},
		{
			name:  "a 200 KB line is read whole",
			in:    long + "\nafter\n",
			want:  "answer |" + adapters.Clip(strings.TrimSpace(long), 40) + "\nanswer |after\n",
			texts: []string{strings.TrimSpace(long), "after"},
		},
		{
			name:  "empty input",
			in:    "",
			want:  "",
			texts: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &fakeHandler{}
			var out strings.Builder
			c := &console.Console{In: strings.NewReader(tt.in), Out: &out, Handler: h, Prompt: tt.prompt}
			if err := c.Run(t.Context()); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("output:\n%q\nwant:\n%q", got, tt.want)
			}
			reqs := h.requests()
			var texts []string
			for _, r := range reqs {
				texts = append(texts, r.Text)
				if r.Adapter != "console" || r.Asker == "" {
					t.Errorf("request %+v: want adapter console and an asker", r)
				}
			}
			if strings.Join(texts, "\x00") != strings.Join(tt.texts, "\x00") || len(texts) != len(tt.texts) {
				t.Errorf("handler was asked %d texts %.80q, want %d %.80q", len(texts), texts, len(tt.texts), tt.texts)
			}
		})
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestRunReadError(t *testing.T) {
	errBroken := errors.New("broken pipe")
	c := &console.Console{In: io.MultiReader(strings.NewReader("first\n"), failingReader{errBroken}), Out: io.Discard, Handler: &fakeHandler{}}
	err := c.Run(t.Context())
	if !errors.Is(err, errBroken) {
		t.Fatalf("Run = %v, want an error wrapping %v", err, errBroken)
	}
}

// waitFor fails the test when ch is not closed or sent on within a generous
// bound; it guards against a hang, it does not pace the test.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

func TestRunStopsWhenContextIsCancelled(t *testing.T) {
	t.Run("while waiting for a line", func(t *testing.T) {
		pr, pw := io.Pipe()
		t.Cleanup(func() { pw.Close() })
		ctx, cancel := context.WithCancel(t.Context())
		c := &console.Console{In: pr, Out: io.Discard, Handler: &fakeHandler{}}
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		cancel()
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	})

	t.Run("while a handler runs", func(t *testing.T) {
		pr, pw := io.Pipe()
		t.Cleanup(func() { pw.Close() })
		started := make(chan struct{})
		sawCancel := make(chan struct{})
		h := adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			close(started)
			<-ctx.Done()
			close(sawCancel)
			return adapters.Reply{}, ctx.Err()
		})
		ctx, cancel := context.WithCancel(t.Context())
		c := &console.Console{In: pr, Out: io.Discard, Handler: h}
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		go fmt.Fprintln(pw, "a slow question")
		waitFor(t, started, "the handler to start")
		cancel()
		waitFor(t, sawCancel, "the handler to see the cancel")
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	})
}

// TestRenderDropsControlCharacters: a quote, a title or a heading that holds
// control characters reaches the terminal without them, so they cannot
// move the cursor or recolour the screen; the format characters Persian
// and mixed-direction text need stay.
func TestRenderDropsControlCharacters(t *testing.T) {
	const (
		zwnj    = "\u200c"                     // zero-width non-joiner: می‌خواهم
		isolate = "\u2067" + "کابل" + "\u2069" // right-to-left isolate, then pop
	)
	reply := adapters.Reply{Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: "Bell\a and \x1b[2Jclear"},
		{Kind: adapters.Quote, Text: "می" + zwnj + "خواهم in " + isolate + "\x1b]0;title\x07 with C1 \u009b31m and \u0085 and DEL\x7f.", Cite: &adapters.Citation{
			ID: "notes#1", Title: "Notes\x1b[31m\u009d", Publisher: "Publisher\r\x08", Paragraph: 1,
		}},
	}}
	got := console.Render(reply)
	for _, r := range got {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) {
			t.Errorf("rendered text holds control character %U:\n%q", r, got)
		}
	}
	for _, want := range []string{"Bell and clear", "می" + zwnj + "خواهم in " + isolate + " with C1  and  and DEL.", "Notes, Publisher, ¶1"} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered text %q does not hold %q", got, want)
		}
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"colour", "a \x1b[1;31mred\x1b[0m word", "a red word"},
		{"window title", "\x1b]0;owned\x07text", "text"},
		{"window title ended by ST", "\x1b]2;owned\x1b\\text", "text"},
		{"C1 CSI", "\u009b2Jtext", "text"},
		{"an escape that is no sequence", "\x1b[€ more", "[€ more"},
		{"a string never ended keeps the text after it", "\x1b]0;the rest of the quote", "]0;the rest of the quote"},
		{"line feeds and tabs stay", "a\tb\nc\r\n", "a\tb\nc\n"},
		{"format characters stay", "می\u200cخواهم \u2066x\u2069 \u200f", "می\u200cخواهم \u2066x\u2069 \u200f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := console.Plain(tt.in); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlainWriter(t *testing.T) {
	var b strings.Builder
	w := console.PlainWriter(&b)
	if n, err := fmt.Fprintf(w, "id\t%s\n", "a\x1b[1mquestion\u0085?"); err != nil || n != len("id\ta\x1b[1mquestion\u0085?\n") {
		t.Fatalf("Fprintf = %d, %v", n, err)
	}
	if b.String() != "id\taquestion?\n" {
		t.Errorf("wrote %q", b.String())
	}
}

// promptWatcher records what is written and says on prompts each time
// the prompt has been written.
type promptWatcher struct {
	mu      sync.Mutex
	b       strings.Builder
	prompt  string
	prompts chan struct{}
}

func (w *promptWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if string(p) == w.prompt {
		w.prompts <- struct{}{}
	}
	return len(p), nil
}

func (w *promptWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestLogLinesKeepOffThePrompt: a line written to the terminal while the
// prompt waits for input takes the prompt's line, and the prompt comes
// back after it; once a line is entered, output is written as it comes.
func TestLogLinesKeepOffThePrompt(t *testing.T) {
	out := &promptWatcher{prompt: "? ", prompts: make(chan struct{}, 10)}
	term := &console.Terminal{Out: out, Prompt: "? "}
	in, typed := io.Pipe()
	c := &console.Console{In: in, Out: out, Handler: &fakeHandler{}, Terminal: term}
	done := make(chan error, 1)
	go func() { done <- c.Run(t.Context()) }()

	waitFor(t, out.prompts, "the first prompt")
	term.Interrupt(func() { io.WriteString(out, "level=INFO msg=\"documents reloaded\"\n") })
	waitFor(t, out.prompts, "the prompt after the log line")
	io.WriteString(typed, "first\n")
	waitFor(t, out.prompts, "the prompt after the answer")
	typed.Close()
	if err := waitFor(t, done, "Run to end"); err != nil {
		t.Fatal(err)
	}
	want := "? \r\x1b[Klevel=INFO msg=\"documents reloaded\"\n? answer |first\n? "
	if got := out.String(); got != want {
		t.Errorf("the terminal shows\n%q\nwant\n%q", got, want)
	}
}
