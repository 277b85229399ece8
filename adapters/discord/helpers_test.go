package discord_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"citebot/internal/logbuf"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/answers"
	"citebot/index"
	"citebot/internal/discordfake"
)

// running is an adapter started against a fake Discord.
type running struct {
	*discord.Adapter
	f   *discordfake.Server
	log *logbuf.Buffer
}

// start runs an adapter against f until the test ends, logging everything
// discordgo says (tokens must not be in it), and waits for the gateway
// session when there is one.
func start(t *testing.T, f *discordfake.Server, cfg discord.Config, h adapters.Handler, tweak ...func(*discord.Adapter)) *running {
	t.Helper()
	logs := &logbuf.Buffer{}
	cfg.Token, cfg.APIURL = f.Token, f.URL()
	cfg.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug - 4}))
	if cfg.Commands == nil {
		cfg.Commands = menu
	}
	a, err := discord.New(cfg, h)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, f := range tweak {
		f(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := waitFor(t, done, "Run to return"); err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
		if strings.Contains(logs.String(), f.Token) {
			t.Errorf("the log holds the bot token:\n%s", logs.String())
		}
	})
	if cfg.PublicKey == "" || cfg.Gateway {
		f.WaitReady(t)
	}
	return &running{Adapter: a, f: f, log: logs}
}

// idle waits until the adapter has handled every event it has read.
func (r *running) idle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !discord.Idle(ctx, r.Adapter) {
		t.Fatal("timed out waiting for the adapter to be idle")
	}
}

// settle waits until the adapter has read every event dispatched so far
// and handled it: events are read in order, so once a click dispatched
// last is answered, the ones before it are under way or done.
func (r *running) settle(t *testing.T) {
	t.Helper()
	id := fmt.Sprintf("settle%d", settles.Add(1))
	r.f.Dispatch(t, "INTERACTION_CREATE", r.f.Button(id, "settle"))
	r.f.Response(t, id)
	r.idle(t)
}

// settles numbers the clicks settle dispatches.
var settles atomic.Int64

// waitFor fails the test when ch yields nothing within a generous bound; it
// guards against a hang, it does not pace the test.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

// menu is the bot's command list as the registry gives it.
var menu = []adapters.CommandInfo{
	{Name: "ask", Args: "<question>", Help: "Answer a question with quotes from the report."},
	{Name: "fact", Args: "<topic>", Help: "A fact card to share: one quote and its citation."},
	{Name: "figures", Help: "The report's key figures (sentences with numbers in digits), each cited."},
	{Name: "help", Help: "What I know, example questions and the commands."},
	{Name: "source", Args: "[passage]", Help: "The documents I answer from; with a passage (such as ¶2), the whole paragraph."},
	{Name: "start", Help: "What I know, example questions and the commands."},
}

// Handlers.

// recorder answers every request with a quote of its text, and records
// the requests.
type recorder struct {
	mu    sync.Mutex
	reqs  []adapters.Request
	reply func(adapters.Request) (adapters.Reply, error)
}

func (h *recorder) Handle(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	if h.reply != nil {
		return h.reply(req)
	}
	return echo(req), nil
}

func (h *recorder) requests() []adapters.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]adapters.Request(nil), h.reqs...)
}

var testCite = &adapters.Citation{ID: "report#4", Title: "The Report", Publisher: "Publisher", Date: "2025-12-16", Paragraph: 4}

// echo is an answer quoting the request back.
func echo(req adapters.Request) adapters.Reply {
	return adapters.Reply{Answered: true, ID: "0123456789ab", Blocks: []adapters.Block{
		{Kind: adapters.Text, Text: "answer to /" + req.Command + ":"},
		{Kind: adapters.Quote, Text: req.Text, Cite: testCite},
	}}
}

// The real engine over the project's seeds, built once.

var engine = sync.OnceValues(func() (*answers.Engine, error) {
	docs, err := index.Load("../../seeds")
	if err != nil {
		return nil, err
	}
	store, err := index.Open(docs)
	if err != nil {
		return nil, err
	}
	return answers.New(store)
})

// engineHandler answers like the bot, minus its framing: a lead line and
// one quote block per citation.
func engineHandler(t *testing.T) adapters.Handler {
	t.Helper()
	e, err := engine()
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	quote := func(c answers.Citation) adapters.Block {
		return adapters.Block{Kind: adapters.Quote, Text: c.Quote, Cite: &adapters.Citation{
			ID: c.ID, Title: c.Title, Publisher: c.Publisher, Date: c.Date, Paragraph: c.Paragraph}}
	}
	return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		switch req.Command {
		case "", "ask":
			a, err := e.Ask(ctx, req.Text)
			if err != nil {
				return adapters.Reply{}, err
			}
			r := adapters.Reply{Answered: a.Answered}
			if a.Answered {
				h := sha256.New()
				for _, c := range a.Citations {
					h.Write([]byte(c.ID + "\x00" + c.Quote))
				}
				r.ID = hex.EncodeToString(h.Sum(nil))[:12]
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Text, Text: "The source says:"})
			} else {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Text, Text: "The source does not say."})
			}
			for _, c := range a.Citations {
				r.Blocks = append(r.Blocks, quote(c))
			}
			return r, nil
		case "fact", adapters.CommandCards:
			n := 1
			if req.Command == adapters.CommandCards {
				n = 10
			}
			cards, err := e.Cards(ctx, req.Text, n)
			if err != nil {
				return adapters.Reply{}, err
			}
			r := adapters.Reply{Answered: len(cards) > 0}
			for _, c := range cards {
				r.Blocks = append(r.Blocks, quote(c.Citation))
			}
			if len(cards) == 0 {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Text, Text: "I have no fact card on that."})
			}
			return r, nil
		}
		return adapters.Reply{Blocks: []adapters.Block{{Kind: adapters.Text, Text: "unknown command"}}}, nil
	})
}

// indent is JSON as goldens keep it.
func indent(t *testing.T, raw []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
