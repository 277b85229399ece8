package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/console"
)

// echo is a command that answers with its name and text.
func echo(name string) Command {
	return Command{Name: name, Help: "Echo for " + name + ".", Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		return adapters.Reply{Answered: true, Blocks: []adapters.Block{text(name + ":" + req.Text)}}, nil
	}}
}

func TestNewRegistry(t *testing.T) {
	tests := []struct {
		name    string
		cmds    []Command
		wantErr string
	}{
		{name: "distinct names", cmds: []Command{echo("ask"), echo("fact")}},
		{name: "none", cmds: nil},
		{name: "duplicate", cmds: []Command{echo("ask"), echo("fact"), echo("ask")}, wantErr: `"ask"`},
		{name: "empty name", cmds: []Command{echo("")}, wantErr: `""`},
		{name: "no run", cmds: []Command{{Name: "idle", Help: "Does nothing."}}, wantErr: `"idle"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRegistry(tt.cmds...)
			if tt.wantErr == "" {
				if err != nil || r == nil {
					t.Fatalf("NewRegistry = %v, %v; want a registry", r, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewRegistry error = %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestRegistryCommands(t *testing.T) {
	hidden := echo("debug")
	hidden.Hidden = true
	r, err := NewRegistry(echo("source"), echo("ask"), hidden, echo("fact"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range r.Commands() {
		names = append(names, c.Name)
	}
	if want := []string{"ask", "fact", "source"}; !slices.Equal(names, want) {
		t.Errorf("Commands() = %v, want %v (by name, hidden left out)", names, want)
	}
	if _, ok := r.Lookup("debug"); !ok {
		t.Error("a hidden command cannot be looked up")
	}
	if _, ok := r.Lookup("nope"); ok {
		t.Error("Lookup found a command never registered")
	}
}

func TestRegistryHandle(t *testing.T) {
	r, err := NewRegistry(echo("ask"), echo("fact"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		req      adapters.Request
		want     string
		answered bool
	}{
		{name: "no command is a question", req: adapters.Request{Text: "how many"}, want: "ask:how many", answered: true},
		{name: "named command", req: adapters.Request{Command: "fact", Text: "women"}, want: "fact:women", answered: true},
		{name: "unknown command", req: adapters.Request{Command: "frob"}, want: "I don't know the command /frob. Send /help to see what I can do."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, err := r.Handle(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := console.Render(reply); got != tt.want || reply.Answered != tt.answered {
				t.Errorf("Handle(%+v) = %q (answered %v), want %q (answered %v)", tt.req, got, reply.Answered, tt.want, tt.answered)
			}
		})
	}
}

// TestBotRegistersEveryCommand checks the real bot's registry: the commands
// users are told about are there, once each.
func TestBotRegistersEveryCommand(t *testing.T) {
	b := newTestBot(t)
	var names []string
	for _, c := range b.commands.Commands() {
		names = append(names, c.Name)
		if c.Help == "" {
			t.Errorf("/%s has no help text", c.Name)
		}
	}
	want := []string{"answers", "ask", "check", "fact", "factcards", "figures", "forget", "help", "lang", "privacy", "reload", "source", "start", "unanswered"}
	if !slices.Equal(names, want) {
		t.Errorf("visible commands = %v, want %v", names, want)
	}
}

func TestChainOrder(t *testing.T) {
	var mu sync.Mutex
	var trace []string
	record := func(name string) Middleware {
		return func(next adapters.Handler) adapters.Handler {
			return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
				mu.Lock()
				trace = append(trace, name+" in")
				mu.Unlock()
				defer func() {
					mu.Lock()
					trace = append(trace, name+" out")
					mu.Unlock()
				}()
				return next.Handle(ctx, req)
			})
		}
	}
	h := chain(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		mu.Lock()
		trace = append(trace, "handler")
		mu.Unlock()
		return adapters.Reply{}, nil
	}), record("first"), record("second"))
	if _, err := h.Handle(t.Context(), adapters.Request{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"first in", "second in", "handler", "second out", "first out"}
	if !slices.Equal(trace, want) {
		t.Errorf("trace = %v, want %v", trace, want)
	}
}

func TestRecoverer(t *testing.T) {
	tests := []struct {
		name  string
		crash func(req adapters.Request)
	}{
		{name: "string", crash: func(adapters.Request) { panic("boom") }},
		{name: "error", crash: func(adapters.Request) { panic(errors.New("bad state")) }},
		{name: "index out of range", crash: func(req adapters.Request) {
			var s []int
			_ = s[len(req.Text)]
		}},
		{name: "nil map", crash: func(req adapters.Request) {
			var m map[string]int
			m[req.Text]++
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			h := recoverer(log)(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
				tt.crash(req)
				return notice("no panic"), nil
			}))
			reply, err := h.Handle(t.Context(), adapters.Request{Adapter: "test", Command: "fact", Text: "x"})
			if err == nil {
				t.Fatalf("Handle after a panic = %+v, nil; want an error", reply)
			}
			if len(reply.Blocks) != 0 {
				t.Errorf("reply after a panic has blocks: %+v", reply)
			}
			if !strings.Contains(err.Error(), "/fact") {
				t.Errorf("error %q does not name the command", err)
			}
			if !strings.Contains(logs.String(), "handler panicked") || !strings.Contains(logs.String(), "command=fact") {
				t.Errorf("panic not logged with its command:\n%s", logs.String())
			}
		})
	}
}

func TestRecovererPassesThrough(t *testing.T) {
	errIndex := errors.New("index: search: closed")
	h := recoverer(slog.New(slog.DiscardHandler))(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		if req.Text == "fail" {
			return adapters.Reply{}, errIndex
		}
		return notice("fine"), nil
	}))
	if reply, err := h.Handle(t.Context(), adapters.Request{}); err != nil || console.Render(reply) != "fine" {
		t.Errorf("Handle = %+v, %v; want the handler's reply", reply, err)
	}
	if _, err := h.Handle(t.Context(), adapters.Request{Text: "fail"}); !errors.Is(err, errIndex) {
		t.Errorf("Handle = %v, want the handler's error", err)
	}
}

// TestPanickingCommandDoesNotStopTheBot puts a panicking command in the real
// bot and talks to it on the console: the user gets an apology, and the next
// question is answered.
func TestPanickingCommandDoesNotStopTheBot(t *testing.T) {
	b := newTestBot(t)
	cmds := append([]Command(nil), b.commands.cmds...)
	cmds = append(cmds, Command{Name: "crash", Help: "Panics.", Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		var m map[string]int
		m["x"]++
		return adapters.Reply{}, nil
	}})
	var err error
	if b.commands, err = NewRegistry(cmds...); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	c := &console.Console{
		In:      strings.NewReader("/crash\nhow many afghans were deported in 2025\n"),
		Out:     &out,
		Handler: b.Handler(),
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "Sorry, something went wrong on our side.") {
		t.Errorf("a panic did not give the apology:\n%s", got)
	}
	if !strings.Contains(got, "2.6 million") || !strings.Contains(got, "¶2") {
		t.Errorf("the question after the panic was not answered:\n%s", got)
	}
	if strings.Contains(got, "assignment to entry in nil map") || strings.Contains(got, "goroutine") {
		t.Errorf("the panic leaked to the user:\n%s", got)
	}
}

func TestTimeout(t *testing.T) {
	t.Run("sets a deadline", func(t *testing.T) {
		const d = time.Minute
		var deadline time.Time
		var ok bool
		h := timeout(d)(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			deadline, ok = ctx.Deadline()
			return adapters.Reply{}, nil
		}))
		before := time.Now()
		if _, err := h.Handle(t.Context(), adapters.Request{}); err != nil {
			t.Fatal(err)
		}
		after := time.Now()
		if !ok {
			t.Fatal("handler's context has no deadline")
		}
		if deadline.Before(before.Add(d)) || deadline.After(after.Add(d)) {
			t.Errorf("deadline %v is not %v after the call (%v to %v)", deadline, d, before, after)
		}
	})

	t.Run("a slow handler is stopped", func(t *testing.T) {
		h := timeout(time.Millisecond)(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			<-ctx.Done()
			return adapters.Reply{}, ctx.Err()
		}))
		if _, err := h.Handle(t.Context(), adapters.Request{}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Handle = %v, want %v", err, context.DeadlineExceeded)
		}
	})

	t.Run("keeps an earlier deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		want, _ := ctx.Deadline()
		var got time.Time
		h := timeout(time.Hour)(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			got, _ = ctx.Deadline()
			return adapters.Reply{}, nil
		}))
		if _, err := h.Handle(ctx, adapters.Request{}); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("deadline = %v, want the caller's %v", got, want)
		}
	})

	t.Run("the bot's handler has one", func(t *testing.T) {
		b := newTestBot(t)
		var deadline time.Time
		var ok bool
		cmds := append([]Command(nil), b.commands.cmds...)
		cmds = append(cmds, Command{Name: "probe", Hidden: true, Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			deadline, ok = ctx.Deadline()
			return notice("probed"), nil
		}})
		var err error
		if b.commands, err = NewRegistry(cmds...); err != nil {
			t.Fatal(err)
		}
		before := time.Now()
		if _, err := b.Handler().Handle(t.Context(), adapters.Request{Command: "probe"}); err != nil {
			t.Fatal(err)
		}
		if !ok || deadline.After(time.Now().Add(messageTimeout)) || deadline.Before(before.Add(messageTimeout)) {
			t.Errorf("deadline = %v (set %v), want %v from now", deadline, ok, messageTimeout)
		}
	})
}

// TestLoggedNeverNamesTheAsker: one line a request with adapter, command,
// outcome and latency; the question's text only at debug level; the asker
// never.
func TestLoggedNeverNamesTheAsker(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level}))
		h := logged(log)(adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			return adapters.Reply{Answered: true}, nil
		}))
		_, err := h.Handle(context.Background(), adapters.Request{Adapter: "telegram", Asker: "asker-7f3a", Text: "where is my brother"})
		if err != nil {
			t.Fatal(err)
		}
		line := buf.String()
		for _, want := range []string{"adapter=telegram", "command=ask", "outcome=answered", "latency="} {
			if !strings.Contains(line, want) {
				t.Errorf("level %v: log %q lacks %q", level, line, want)
			}
		}
		if strings.Contains(line, "asker-7f3a") {
			t.Errorf("level %v: log names the asker: %q", level, line)
		}
		if hasText := strings.Contains(line, "where is my brother"); hasText != (level == slog.LevelDebug) {
			t.Errorf("level %v: question text in log = %v", level, hasText)
		}
	}
}
