package discord_test

import (
	"citebot/internal/logbuf"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/discord"
	"citebot/answers"
	"citebot/index"
)

// running is an adapter started against a fake Discord.
type running struct {
	*discord.Adapter
	f   *fakeDiscord
	log *logbuf.Buffer
}

// start runs an adapter against f until the test ends, logging everything
// discordgo says (tokens must not be in it), and waits for the gateway
// session when there is one.
func start(t *testing.T, f *fakeDiscord, cfg discord.Config, h adapters.Handler, tweak ...func(*discord.Adapter)) *running {
	t.Helper()
	logs := &logbuf.Buffer{}
	cfg.Token, cfg.APIURL = f.Token, f.srv.URL
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
		f.waitReady()
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
	r.f.mu.Lock()
	r.f.settles++
	id := fmt.Sprintf("settle%d", r.f.settles)
	r.f.mu.Unlock()
	r.f.dispatch("INTERACTION_CREATE", button(r.f, id, "settle"))
	r.f.response(t, id)
	r.idle(t)
}

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

// Interactions as Discord sends them.

type ixOpt func(map[string]any)

const (
	guildID   = "222222222222222222"
	channelID = "333333333333333333"
	userA     = "444444444444444444"
	userB     = "555555555555555555"
)

func interaction(f *fakeDiscord, id string, typ int, data map[string]any, opts ...ixOpt) map[string]any {
	ix := map[string]any{
		"id": id, "application_id": f.AppID, "type": typ, "token": "itok-" + id, "version": 1,
		"guild_id": guildID, "channel_id": channelID, "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": userA, "username": "asker"}, "roles": []string{}, "permissions": "0"},
		"data":   data,
	}
	for _, o := range opts {
		o(ix)
	}
	return ix
}

// slash is /name with string options given as name, value pairs.
func slash(f *fakeDiscord, id, name string, kv []string, opts ...ixOpt) map[string]any {
	var options []map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		options = append(options, map[string]any{"name": kv[i], "type": 3, "value": kv[i+1]})
	}
	return interaction(f, id, 2, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options}, opts...)
}

func autocomplete(f *fakeDiscord, id, typed string, opts ...ixOpt) map[string]any {
	return interaction(f, id, 4, map[string]any{"id": "cmd-fact", "name": "fact", "type": 1,
		"options": []map[string]any{{"name": "topic", "type": 3, "value": typed, "focused": true}}}, opts...)
}

func button(f *fakeDiscord, id, customID string, opts ...ixOpt) map[string]any {
	return interaction(f, id, 3, map[string]any{"custom_id": customID, "component_type": 2}, opts...)
}

func findInReport(f *fakeDiscord, id, content string, opts ...ixOpt) map[string]any {
	return interaction(f, id, 2, map[string]any{"id": "cmd-find", "name": "Find in report", "type": 3, "target_id": "777",
		"resolved": map[string]any{"messages": map[string]any{"777": map[string]any{
			"id": "777", "channel_id": channelID, "content": content, "author": map[string]any{"id": userB, "username": "other"},
		}}}}, opts...)
}

func asUser(id string) ixOpt {
	return func(ix map[string]any) {
		ix["member"].(map[string]any)["user"] = map[string]any{"id": id, "username": "u" + id[:3]}
	}
}

func withRoles(roles ...string) ixOpt {
	return func(ix map[string]any) { ix["member"].(map[string]any)["roles"] = roles }
}

func withPermissions(p int64) ixOpt {
	return func(ix map[string]any) { ix["member"].(map[string]any)["permissions"] = fmt.Sprint(p) }
}

// inDM makes the interaction come from a direct message: a user, no member.
func inDM(ix map[string]any) {
	delete(ix, "member")
	delete(ix, "guild_id")
	ix["user"] = map[string]any{"id": userA, "username": "asker"}
}

// Messages as the gateway sends them.

func message(f *fakeDiscord, id, content string, mentionsBot bool, guild bool) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": channelID, "content": content, "type": 0,
		"author":   map[string]any{"id": userA, "username": "asker"},
		"mentions": []any{},
	}
	if mentionsBot {
		m["mentions"] = []any{map[string]any{"id": f.BotID, "username": "citebot", "bot": true}}
	}
	if guild {
		m["guild_id"] = guildID
		m["member"] = map[string]any{"roles": []string{}}
	}
	return m
}

// What the fake received, read back as a test sees it.

type wireEmbed struct {
	Description string `json:"description"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer"`
}

type wireMessage struct {
	Content    string      `json:"content"`
	Embeds     []wireEmbed `json:"embeds"`
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
		} `json:"components"`
	} `json:"components"`
	Flags           int             `json:"flags"`
	AllowedMentions json.RawMessage `json:"allowed_mentions"`
	Reference       *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	Choices []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// text is everything the message shows, embeds included.
func (m wireMessage) text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Description)
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func (m wireMessage) buttons() []string {
	var ids []string
	for _, row := range m.Components {
		for _, b := range row.Components {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

const ephemeral = 1 << 6

type wireResponse struct {
	Type int         `json:"type"`
	Data wireMessage `json:"data"`
}

func decode[T any](t *testing.T, c call) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(c.Body, &v); err != nil {
		t.Fatalf("%s: %v\n%s", c, err, c.Body)
	}
	return v
}

// response waits for the response to interaction id.
func (f *fakeDiscord) response(t *testing.T, id string) wireResponse {
	t.Helper()
	return decode[wireResponse](t, f.waitCall("POST /interactions/"+id+"/itok-"+id+"/callback", 1))
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
