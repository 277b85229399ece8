package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/internal/golden"

	"citebot/adapters"
	"citebot/adapters/console"
)

const seedsDir = "../seeds"

// newTestBot is the real bot on the real seeds with a data folder of its
// own, logging to the test output; configure changes that first. It is
// closed when the test ends.
func newTestBot(t *testing.T, configure ...func(*Config)) *Bot {
	t.Helper()
	cfg := DefaultConfig()
	cfg.SeedsDir = seedsDir
	cfg.RateLimit = 1000 // these tests ask many questions as one sender; ratelimit_test.go tests the limit
	cfg.DataDir = t.TempDir()
	for _, f := range configure {
		f(&cfg)
	}
	b, err := newBot(cfg, slog.New(slog.NewTextHandler(t.Output(), nil)))
	if err != nil {
		t.Fatalf("newBot: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// copySeeds copies the seeds into a new folder a test may change.
func copySeeds(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(seedsDir, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, e.Name()), raw, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// send is a user typing line on the console: it goes through the bot's
// handler with its middleware, like every adapter's messages. Every quote of
// the reply is checked against its passage.
func send(t *testing.T, b *Bot, line string) (adapters.Reply, string) {
	t.Helper()
	cmd, arg := adapters.ParseCommand(line)
	reply, err := b.Handler().Handle(t.Context(), adapters.Request{Adapter: "test", Command: cmd, Text: arg, Asker: "tester"})
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	checkQuotes(t, b, reply)
	return reply, console.Render(reply)
}

// checkQuotes fails unless every quote is a verbatim span of the passage its
// citation names, and the citation tells the truth about that passage.
func checkQuotes(t *testing.T, b *Bot, r adapters.Reply) {
	t.Helper()
	for i, bl := range r.Blocks {
		if bl.Kind != adapters.Quote {
			continue
		}
		if bl.Cite == nil {
			t.Errorf("block %d: quote %.60q has no citation", i, bl.Text)
			continue
		}
		p, ok := b.eng().Passage(bl.Cite.ID)
		if !ok {
			t.Errorf("block %d: quote cites %q, which is no passage", i, bl.Cite.ID)
			continue
		}
		if strings.TrimSpace(bl.Text) == "" || !strings.Contains(p.Text, bl.Text) {
			t.Errorf("block %d: quote %q is not a verbatim span of %s: %q", i, bl.Text, p.ID, p.Text)
		}
		// The title, when a citation names it, is the document's short title.
		titled := bl.Cite.Title == "" || bl.Cite.Title == shortTitle(p.Doc.Title)
		if bl.Cite.Paragraph != p.N || !titled || bl.Cite.Publisher != p.Doc.Publisher || bl.Cite.Date != p.Doc.Date {
			t.Errorf("block %d: citation %+v does not match passage %s (¶%d of %q)", i, *bl.Cite, p.ID, p.N, p.Doc.Title)
		}
	}
}

// quotes lists the reply's quotes.
func quotes(r adapters.Reply) []adapters.Block {
	var out []adapters.Block
	for _, bl := range r.Blocks {
		if bl.Kind == adapters.Quote {
			out = append(out, bl)
		}
	}
	return out
}

// hasQuote tells whether some quote of ¶para holds want.
func hasQuote(r adapters.Reply, para int, want string) bool {
	for _, q := range quotes(r) {
		if q.Cite.Paragraph == para && strings.Contains(q.Text, want) {
			return true
		}
	}
	return false
}

type quoteWant struct {
	para int
	text string
}

// commandCase is a message and what its sender must see. The answer
// engine is being tuned, so cases pin the stable parts: the quotes a reply
// must hold, words it must (or must not) say, and whether it counts as an
// answer. Replies in the bot's own words are pinned whole by golden files.
type commandCase struct {
	name     string
	line     string
	answered bool
	quotes   []quoteWant // each must be quoted, from that paragraph
	says     []string    // words the rendered reply must hold
	never    []string    // words it must not hold
	noQuotes bool        // the reply must quote nothing
	golden   string      // when set, the whole rendered reply
}

func runCommandCases(t *testing.T, tests []commandCase) {
	t.Helper()
	b := newTestBot(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, got := send(t, b, tt.line)
			if reply.Answered != tt.answered {
				t.Errorf("%q: answered = %v, want %v\n%s", tt.line, reply.Answered, tt.answered, got)
			}
			if strings.TrimSpace(got) == "" {
				t.Fatalf("%q: empty reply", tt.line)
			}
			for _, q := range tt.quotes {
				if !hasQuote(reply, q.para, q.text) {
					t.Errorf("%q: no quote of ¶%d holding %q in:\n%s", tt.line, q.para, q.text, got)
				}
			}
			for _, s := range tt.says {
				if !strings.Contains(got, s) {
					t.Errorf("%q: reply does not say %q:\n%s", tt.line, s, got)
				}
			}
			for _, s := range tt.never {
				if strings.Contains(got, s) {
					t.Errorf("%q: reply says %q:\n%s", tt.line, s, got)
				}
			}
			if tt.noQuotes && len(quotes(reply)) > 0 {
				t.Errorf("%q: reply quotes the source, want the bot's own words only:\n%s", tt.line, got)
			}
			if tt.golden != "" {
				golden.Check(t, tt.golden, got)
			}
		})
	}
}

const notFound = "The source does not say"

func TestAskCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "a question is an ask",
			line:     "how many afghans were deported in 2025",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}},
			says:     []string{"Dawat Media Center, ¶2, 16 December 2025"},
			never:    []string{notFound},
		},
		{
			name:     "the ask command",
			line:     "/ask how many afghans were deported in 2025",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}},
		},
		{
			name:     "addressed ask command",
			line:     "/ask@citebot How many Afghans were deported in 2025?",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}},
		},
		{
			name:     "cases of torture",
			line:     "how many cases of torture did UNAMA document",
			answered: true,
			quotes:   []quoteWant{{12, "21 cases"}},
		},
		{
			name:     "a list is quoted item by item",
			line:     "What does Amnesty International call for?",
			answered: true,
			quotes:   []quoteWant{{13, "calls for"}, {14, "halt to all forced returns"}},
		},
		{
			name:     "off topic",
			line:     "what is the capital of france",
			answered: false,
			says:     []string{notFound, "It covers:", contactGroup},
			never:    []string{"The source says:"},
		},
		{
			name:     "empty ask shows examples",
			line:     "/ask",
			answered: false,
			says:     []string{leadEmpty, "How many Afghans were sent back in 2025?"},
			noQuotes: true,
		},
		{
			name:     "greeting",
			line:     "hello",
			answered: false,
			says:     []string{"I answer questions with quotes from", "Try asking:"},
			noQuotes: true,
			never:    []string{notFound},
		},
		{
			name:     "asked for its own opinion, it says it quotes only",
			line:     "what do you think of the taliban?",
			answered: false,
			says:     []string{"I have no opinions of my own", "Try asking:"},
			noQuotes: true,
			never:    []string{notFound},
		},
		{
			name:     "Persian the word tables cannot read gets a Dari reply asking for simpler words or English",
			line:     "بهترین رنگ برای دیوار آشپزخانه کدام است",
			answered: false,
			says:     []string{"لطفاً ساده‌تر یا به انگلیسی بپرسید"},
			noQuotes: true,
		},
		{
			name:     "bleve query syntax is text",
			line:     `title:x +foo (bar* "`,
			answered: false,
			says:     []string{notFound},
		},
	})
}

func TestAskCommandUsesContact(t *testing.T) {
	b := newTestBot(t, func(c *Config) { c.Contact = "write to @our_moderators" })
	_, got := send(t, b, "what is the capital of france")
	if !strings.Contains(got, "To ask a moderator: write to @our_moderators") || strings.Contains(got, contactGroup) {
		t.Errorf("not-found reply does not give the configured contact:\n%s", got)
	}
}

func TestFactCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "topic",
			line:     "/fact women",
			answered: true,
			says:     []string{"Amnesty International Demands Global Halt to…, Dawat Media Center, ¶"},
		},
		{
			name:     "addressed, upper case",
			line:     "/FACT@citebot torture",
			answered: true,
			says:     []string{"torture"},
		},
		{
			name:     "no topic is a key figure and a hint",
			line:     "/fact",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}},
			says:     []string{"/fact women"},
		},
		{
			name:     "unknown topic",
			line:     "/fact capital of france",
			answered: false,
			says:     []string{"I have no fact card on that.", "It covers:"},
			noQuotes: true,
		},
	})
	// A card is one quote: short enough to share.
	b := newTestBot(t)
	for _, line := range []string{"/fact women", "/fact torture", "/fact"} {
		reply, _ := send(t, b, line)
		if n := len(quotes(reply)); n != 1 {
			t.Errorf("%q: %d quotes, want one card", line, n)
		}
	}
}

func TestFiguresCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "key figures",
			line:     "/figures",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}, {12, "21 cases"}},
			says:     []string{"Key figures"},
		},
		{
			name:     "argument is ignored",
			line:     "/figures please",
			answered: true,
			quotes:   []quoteWant{{2, "2.6 million"}, {12, "21 cases"}},
		},
	})
}

func TestSourceCommand(t *testing.T) {
	b := newTestBot(t)
	p2, ok := b.eng().Passage("000_bcd3b0e1b0c25f4c#2")
	if !ok {
		t.Fatal("no passage 000_bcd3b0e1b0c25f4c#2 in the seeds")
	}
	p18, ok := b.eng().Passage("000_bcd3b0e1b0c25f4c#18")
	if !ok {
		t.Fatal("no passage 000_bcd3b0e1b0c25f4c#18 in the seeds")
	}
	whole := func(para int, text string) []quoteWant { return []quoteWant{{para, text}} }
	runCommandCases(t, []commandCase{
		{
			name:     "documents",
			line:     "/source",
			answered: true,
			says:     []string{"18 paragraphs", "/source ¶2"},
			golden:   "source_documents",
		},
		{
			name:     "pilcrow",
			line:     "/source ¶2",
			answered: true,
			quotes:   whole(2, p2.Text),
			golden:   "source_p2",
		},
		{name: "hash", line: "/source #2", answered: true, quotes: whole(2, p2.Text)},
		{name: "number", line: "/source 2", answered: true, quotes: whole(2, p2.Text)},
		{name: "pilcrow and space", line: "/source ¶ 2", answered: true, quotes: whole(2, p2.Text)},
		{name: "passage id", line: "/source 000_bcd3b0e1b0c25f4c#2", answered: true, quotes: whole(2, p2.Text)},
		{
			name:     "last paragraph names its section",
			line:     "/source ¶18",
			answered: true,
			quotes:   whole(18, p18.Text),
			says:     []string{"under “Documented Atrocities and a Call to Action”"},
		},
		{
			name:     "paragraph past the end",
			line:     "/source ¶99",
			answered: false,
			says:     []string{`I have no passage "¶99"`, "has ¶1 to ¶18."},
			noQuotes: true,
		},
		{name: "one past the last paragraph", line: "/source ¶19", answered: false, says: []string{`I have no passage "¶19"`, "has ¶1 to ¶18."}, noQuotes: true},
		{name: "paragraph zero", line: "/source ¶0", answered: false, says: []string{"I have no passage", "has ¶1 to ¶18."}, noQuotes: true},
		{name: "negative", line: "/source -1", answered: false, says: []string{"I have no passage", "has ¶1 to ¶18."}, noQuotes: true},
		{name: "unknown id", line: "/source 000_bcd3b0e1b0c25f4c#19", answered: false, says: []string{"I have no passage", "has ¶1 to ¶18."}, noQuotes: true},
		{name: "unknown document", line: "/source report#2", answered: false, says: []string{`I have no passage "report#2". Passages are written like ¶2`}, noQuotes: true},
		{
			name:     "nonsense",
			line:     "/source nonsense",
			answered: false,
			says:     []string{`I have no passage "nonsense"`, "000_bcd3b0e1b0c25f4c#1"},
			noQuotes: true,
		},
		{
			name:     "long nonsense is clipped",
			line:     "/source " + strings.Repeat("x", 5000),
			answered: false,
			says:     []string{"I have no passage", "…"},
			never:    []string{strings.Repeat("x", 100)},
			noQuotes: true,
		},
	})
	// The whole paragraph, not a span of it.
	reply, _ := send(t, b, "/source ¶2")
	if qs := quotes(reply); len(qs) != 1 || qs[0].Text != p2.Text {
		t.Errorf("/source ¶2 quotes %+v, want the whole of ¶2: %q", qs, p2.Text)
	}
}

// TestSourcePastTheEndOfOneOfTwoDocuments: with two documents, a passage
// id past the end of one names that document's range, by id.
func TestSourcePastTheEndOfOneOfTwoDocuments(t *testing.T) {
	seeds := copySeeds(t)
	if err := os.WriteFile(filepath.Join(seeds, "notes.txt"), []byte("Notes\n\nThe first paragraph.\n\nThe second paragraph.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	_, got := send(t, b, "/source notes#3")
	if want := `I have no passage "notes#3": “Notes” has ¶1 to ¶2, notes#1 to notes#2.`; got != want {
		t.Errorf("/source notes#3 says %q, want %q", got, want)
	}
}

func TestHelpCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "help",
			line:     "/help",
			answered: true,
			says:     []string{"Try asking:", "How many Afghans were sent back in 2025?", "/ask <question>", "/fact <topic>", "/figures", "/source [passage]", "/start", "/privacy", "/help"},
			noQuotes: true,
			golden:   "help",
		},
		{name: "addressed", line: "/help@citebot", answered: true, says: []string{"/figures"}},
	})
}

// TestHelpListsTheRegistry checks that help is generated from the registry:
// every visible command, no hidden one.
func TestHelpListsTheRegistry(t *testing.T) {
	b := newTestBot(t)
	cmds := append([]Command(nil), b.commands.cmds...)
	cmds = append(cmds,
		Command{Name: "zzvisible", Args: "<thing>", Help: "A command added in a test.", Run: b.commands.cmds[0].Run},
		Command{Name: "zzhidden", Help: "Must not be listed.", Hidden: true, Run: b.commands.cmds[0].Run},
	)
	var err error
	b.commands, err = NewRegistry(cmds...)
	if err != nil {
		t.Fatal(err)
	}
	reply, got := send(t, b, "/help")
	var items []string // the commands listed; the example questions come before them
	for _, bl := range reply.Blocks {
		if bl.Kind == adapters.Item && strings.HasPrefix(bl.Text, "/") {
			items = append(items, bl.Text)
		}
	}
	var visible []Command // what a member who is not a moderator is shown
	for _, c := range b.commands.Commands() {
		if !c.Moderator {
			visible = append(visible, c)
		}
	}
	if len(items) != len(visible) {
		t.Fatalf("help lists %d commands, the registry has %d visible:\n%s", len(items), len(visible), got)
	}
	for i, c := range visible {
		if !strings.HasPrefix(items[i], "/"+c.Name) || !strings.HasSuffix(items[i], c.Help) {
			t.Errorf("help item %d = %q, want /%s … %s", i, items[i], c.Name, c.Help)
		}
	}
	if !strings.Contains(got, "/zzvisible <thing>: A command added in a test.") {
		t.Errorf("help does not list the added command:\n%s", got)
	}
	if strings.Contains(got, "zzhidden") {
		t.Errorf("help lists a hidden command:\n%s", got)
	}
	if strings.Contains(got, "/answers") {
		t.Errorf("help shows a moderator command to a member:\n%s", got)
	}
	mod, err := b.Handler().Handle(context.Background(), adapters.Request{Adapter: "telegram", Command: "help", Moderator: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(console.Render(mod), "/answers") {
		t.Errorf("help does not show a moderator the moderator commands:\n%s", console.Render(mod))
	}
	// Hidden commands still work.
	if reply, _ := send(t, b, "/zzhidden how many afghans were deported in 2025"); !hasQuote(reply, 2, "2.6 million") {
		t.Errorf("hidden command did not run")
	}
}

func TestStartCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "start",
			line:     "/start",
			answered: true,
			says: []string{
				"Amnesty International Demands Global Halt to Afghan Deportations",
				"How many Afghans were sent back in 2025?",
				"What does Amnesty International call for?",
				"What happens to women and girls under the Taliban?",
				"/help",
			},
			noQuotes: true,
			golden:   "start",
		},
		{name: "deep link payload", line: "/start abc123", answered: true, says: []string{"Try asking:"}},
	})
}

func TestPrivacyCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "privacy",
			line:     "/privacy",
			answered: true,
			says:     []string{"no record of who asked"},
			noQuotes: true,
			golden:   "privacy",
		},
	})
}

func TestUnknownCommand(t *testing.T) {
	runCommandCases(t, []commandCase{
		{
			name:     "unknown",
			line:     "/frobnicate",
			answered: false,
			says:     []string{"I don't know the command /frobnicate.", "/help"},
			noQuotes: true,
			golden:   "unknown_command",
		},
		{
			name:     "console quit elsewhere",
			line:     "/quit",
			answered: false,
			says:     []string{"/help"},
		},
		{
			name:     "long name is clipped",
			line:     "/" + strings.Repeat("a", 5000),
			answered: false,
			says:     []string{"I don't know the command", "…", "/help"},
			never:    []string{strings.Repeat("a", 100)},
		},
	})
}

// TestEveryQuoteIsVerbatim asks a spread of questions and commands and
// checks every quote against its passage (send does the checking).
func TestEveryQuoteIsVerbatim(t *testing.T) {
	b := newTestBot(t)
	lines := []string{
		"/figures", "/fact", "/source ¶1", "/source ¶18",
		"How many Afghans were sent back in 2025?",
		"What does Amnesty International call for?",
		"What happens to women and girls under the Taliban?",
		"how many afghans were deported this year",
		"who is Smriti Singh",
		"which countries deport afghans",
		"what is non-refoulement",
		"what did UNAMA document between July and September",
	}
	for i := range 18 {
		lines = append(lines, fmt.Sprintf("/source ¶%d", i+1))
	}
	for _, topic := range []string{"women", "torture", "Germany", "journalists", "2025"} {
		lines = append(lines, "/fact "+topic)
	}
	for _, line := range lines {
		t.Run(line, func(t *testing.T) { send(t, b, line) })
	}
}

// A document added after the bot read its seeds but before the seeds
// watcher first looked is still picked up: the watcher's first look
// compares the documents with those the bot answers from.
func TestDocumentAddedBeforeTheWatcherLooks(t *testing.T) {
	seeds := copySeeds(t)
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	before := len(b.eng().Documents())
	if err := os.WriteFile(filepath.Join(seeds, "notes.txt"), []byte("Notes\n\nA paragraph of notes on the watcher.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan struct{})
	go func() { b.watchSeeds(ctx); close(done) }()
	if !eventually(3*seedsPoll, 50*time.Millisecond, func() bool { return len(b.eng().Documents()) == before+1 }) {
		t.Errorf("documents %d, want %d: the document added before the watcher's first look was not loaded", len(b.eng().Documents()), before+1)
	}
	cancel()
	<-done
}
