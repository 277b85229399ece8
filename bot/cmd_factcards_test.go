package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/adapters/telegram"
	"citebot/answers"
	"citebot/curated"
)

const (
	killingsID    = "000_bcd3b0e1b0c25f4c#12"
	killingsQuote = "14 killings of former security force members"
)

// ask sends one request through the bot's handler, checks every quote of
// the reply against its passage, and returns the reply and how the
// terminal shows it.
func ask(t *testing.T, b *Bot, req adapters.Request) (adapters.Reply, string) {
	t.Helper()
	r, err := b.Handler().Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("%s %q: %v", req.Command, req.Text, err)
	}
	checkQuotes(t, b, r)
	return r, console.Render(r)
}

func quotesText(r adapters.Reply) string {
	var out []string
	for _, q := range quotes(r) {
		out = append(out, q.Text)
	}
	return strings.Join(out, "\n")
}

// TestModeratorAddsFactCard: a card a moderator adds in chat is offered by
// /fact for its topic, in inline sharing and among the key figures, with
// its title shown as plain text: markup and mentions in it do nothing.
func TestModeratorAddsFactCard(t *testing.T) {
	b := curatedBot(t)
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Author: "telegram:42", Asker: "m", Command: "factcards"}
	mod.Text = "add ¶12 | " + killingsQuote + " | <b>Killings</b> @everyone | veterans, ex-army"
	if _, got := ask(t, b, mod); !strings.Contains(got, "Added:") || !strings.Contains(got, "Topics: veterans, ex-army") {
		t.Fatalf("add: %s", got)
	}

	member := adapters.Request{Adapter: "telegram", Asker: "u", Command: "fact", Text: "veterans"}
	r, got := ask(t, b, member)
	if !strings.Contains(got, "<b>Killings</b> @everyone\n> "+killingsQuote+"\n") || !strings.Contains(got, "¶12") {
		t.Errorf("/fact veterans does not give the moderator's card with its title:\n%s", got)
	}
	html := strings.Join(telegram.Render(r), "\n")
	if !strings.Contains(html, "&lt;b&gt;Killings&lt;/b&gt; @everyone") || strings.Contains(html, "<b>Killings") {
		t.Errorf("on Telegram the title is not shown as plain text:\n%s", html)
	}

	inline, _ := ask(t, b, adapters.Request{Adapter: "telegram", Asker: "u", Command: adapters.CommandCards, Text: "veterans"})
	if qs := quotes(inline); len(qs) == 0 || qs[0].Text != killingsQuote || qs[0].Cite.ID != killingsID {
		t.Errorf("inline cards for veterans do not start with the moderator's card:\n%s", quotesText(inline))
	}
	figures, _ := ask(t, b, adapters.Request{Adapter: "discord", Asker: "u", Command: "figures"})
	if !strings.Contains(quotesText(figures), killingsQuote) {
		t.Errorf("/figures lacks the moderator's card, which holds figures:\n%s", quotesText(figures))
	}
	shared, _ := ask(t, b, adapters.Request{Adapter: "telegram", Asker: "u", Command: adapters.CommandCards})
	if !strings.Contains(quotesText(shared), killingsQuote) {
		t.Errorf("sharing with no topic (the key figures) lacks the moderator's card:\n%s", quotesText(shared))
	}

	mod.Text = "undo"
	if _, got := ask(t, b, mod); !strings.Contains(got, "gone from the file again") {
		t.Errorf("undo: %s", got)
	}
	r, _ = ask(t, b, member)
	if strings.Contains(console.Render(r), "Killings") {
		t.Errorf("after undo /fact still gives the moderator's card:\n%s", console.Render(r))
	}
	records, _ := b.cards.History()
	if len(records) != 2 || records[0].Author != "telegram:42" || records[0].Action != "add" || records[1].Action != "undo" {
		t.Errorf("audit = %+v", records)
	}
}

// TestModeratorHidesBotsCard: a card the bot makes itself, once hidden, is
// offered by neither /fact, /figures nor inline sharing; unhide and undo
// bring it back.
func TestModeratorHidesBotsCard(t *testing.T) {
	b := curatedBot(t)
	mod := adapters.Request{Adapter: "discord", Moderator: true, Author: "discord:7", Asker: "m", Command: "factcards"}
	member := adapters.Request{Adapter: "discord", Asker: "u"}
	factWomen := member
	factWomen.Command, factWomen.Text = "fact", "women"
	first, _ := ask(t, b, factWomen)
	women := quotes(first)
	if len(women) != 1 {
		t.Fatalf("/fact women gives no card")
	}
	mod.Text = "list women"
	_, listed := ask(t, b, mod)
	id := answers.CardID(women[0].Cite.ID, women[0].Text)
	if !strings.Contains(listed, id) {
		t.Fatalf("/factcards list women does not show the id %s of the card /fact women gives:\n%s", id, listed)
	}
	figure := b.eng().Figures()[0]

	for _, hide := range []string{id, figure.CardID} {
		mod.Text = "hide " + hide
		if _, got := ask(t, b, mod); !strings.Contains(got, "Hidden: card "+hide) {
			t.Fatalf("hide %s: %s", hide, got)
		}
	}
	offered := func() string {
		var all []string
		for _, req := range []adapters.Request{
			factWomen,
			{Adapter: "telegram", Asker: "u", Command: "fact"},
			{Adapter: "telegram", Asker: "u", Command: "figures"},
			{Adapter: "telegram", Asker: "u", Command: adapters.CommandCards, Text: "women"},
			{Adapter: "telegram", Asker: "u", Command: adapters.CommandCards},
		} {
			r, _ := ask(t, b, req)
			all = append(all, quotesText(r))
		}
		return strings.Join(all, "\n")
	}
	got := offered()
	for _, hidden := range []string{women[0].Text, figure.Quote} {
		if strings.Contains(got, hidden) {
			t.Errorf("a hidden card is still offered: %q", hidden)
		}
	}
	if again, _ := ask(t, b, factWomen); len(quotes(again)) == 0 {
		t.Error("with one card hidden, /fact women offers none of the others")
	}

	mod.Text = "unhide " + id
	if _, got := ask(t, b, mod); !strings.Contains(got, "offered again") {
		t.Errorf("unhide: %s", got)
	}
	if r, _ := ask(t, b, factWomen); quotesText(r) != women[0].Text {
		t.Errorf("after unhide /fact women gives %q, want %q", quotesText(r), women[0].Text)
	}
	mod.Text = "undo" // the unhide
	ask(t, b, mod)
	mod.Text = "undo" // the figure's hide
	ask(t, b, mod)
	got = offered()
	if strings.Contains(got, women[0].Text) || !strings.Contains(got, figure.Quote) {
		t.Errorf("after two undos the women card should be hidden and the figure offered:\n%s", got)
	}
	if cards, _ := b.cards.Load(); len(cards) != 1 || cards[0].ID != id || !cards[0].Hidden || !cards[0].Auto {
		t.Errorf("cards file after two undos: %+v", cards)
	}
}

// TestBadFactCardsChangeNothing: each bad card or change gets a clear
// reason, and the file and its audit log stay as they were.
func TestBadFactCardsChangeNothing(t *testing.T) {
	b := curatedBot(t)
	mod := adapters.Request{Adapter: "console", Command: "factcards"}
	mod.Text = "add ¶12 | " + killingsQuote
	if _, got := ask(t, b, mod); !strings.Contains(got, "Added:") {
		t.Fatalf("add: %s", got)
	}
	botsOwn := b.eng().Figures()[0].CardID
	before, _ := os.ReadFile(dataFile(b, curated.CardsFileName))
	records, _ := b.cards.History()
	tests := []struct{ name, text, says string }{
		{"unknown passage", "add ¶99 | some words", "no such passage"},
		{"unknown passage id", "add report#3 | some words", "no such passage"},
		{"not the passage's words", "add ¶2 | over 2.6 million Afghans were deported", "not word for word"},
		{"part of a word", "add ¶2 | illion Afghans", "not word for word"},
		{"several sentences, no quote", "add ¶2", "has 3 sentences"},
		{"no such sentence", "add ¶2 | 9", "has 3 sentences, not 9"},
		{"no passage", "add | some words", "Write /factcards add"},
		{"long title", "add ¶2 | 2.6 million | " + strings.Repeat("long ", 40), "too long"},
		{"same words twice", "add ¶12 | " + killingsQuote + " | Again", "quotes these words already"},
		{"edit of the bot's own card", "edit " + botsOwn + " | | A title", "makes itself"},
		{"remove of the bot's own card", "remove " + botsOwn, "makes itself"},
		{"edit of nothing", "edit nope | | A title", "no card"},
		{"remove of nothing", "remove nope", "no card"},
		{"hide of nothing", "hide nope", "no card"},
		{"unhide of a card not hidden", "unhide " + botsOwn, "not hidden"},
		{"too many parts", "add ¶2 | a | b | c | d", "Write /factcards add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod.Text = tt.text
			_, got := ask(t, b, mod)
			if !strings.Contains(got, tt.says) {
				t.Errorf("%q: reply %q does not say %q", tt.text, got, tt.says)
			}
			after, _ := os.ReadFile(dataFile(b, curated.CardsFileName))
			if !bytes.Equal(before, after) {
				t.Errorf("%q changed the file", tt.text)
			}
			if now, _ := b.cards.History(); len(now) != len(records) {
				t.Errorf("%q was audited", tt.text)
			}
		})
	}
}

// TestMemberCannotChangeFactCards: everyone but moderators is refused
// politely, and nothing changes.
func TestMemberCannotChangeFactCards(t *testing.T) {
	b := curatedBot(t)
	figure := b.eng().Figures()[0]
	for _, adapter := range []string{"telegram", "discord"} {
		for _, text := range []string{"", "list", "add ¶12 | " + killingsQuote, "hide " + figure.CardID, "undo", "stale"} {
			_, got := ask(t, b, adapters.Request{Adapter: adapter, Asker: "u", Author: "", Command: "factcards", Text: text})
			if !strings.Contains(got, "Only moderators can change the fact cards") {
				t.Errorf("%s member's /factcards %s: %s", adapter, text, got)
			}
		}
	}
	if _, err := os.Stat(dataFile(b, curated.CardsFileName)); !os.IsNotExist(err) {
		t.Errorf("a member's attempts wrote the cards file: %v", err)
	}
	if figs := b.eng().Figures(); figs[0].Quote != figure.Quote {
		t.Error("a member's attempts changed the key figures")
	}
}

// TestCardFileWithErrorIsRefused: a hand edit that does not parse is
// refused with its line, at start (the bot starts without the cards) and
// while running (the last good cards stay live).
func TestCardFileWithErrorIsRefused(t *testing.T) {
	broken := []byte("cards:\n  - id: a\n    qoute: a typo\n")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, curated.CardsFileName), broken, 0o640)
	cfg := DefaultConfig()
	cfg.SeedsDir, cfg.DataDir = seedsDir, dir
	started, err := newBot(cfg, newLogger(io.Discard, 0))
	if err != nil {
		t.Fatalf("newBot with a broken cards file: %v, want it to start", err)
	}
	if ok, state := started.health.state("cards"); !ok || !strings.Contains(state, "degraded: cards.yaml: line 3: qoute is not a field of a fact card") {
		t.Errorf("/healthz cards = %v %q, want degraded with the line", ok, state)
	}
	started.Close()

	b := curatedBot(t)
	mod := adapters.Request{Adapter: "console", Command: "factcards", Text: "add ¶12 | " + killingsQuote + " | | veterans"}
	ask(t, b, mod)
	os.WriteFile(dataFile(b, curated.CardsFileName), broken, 0o640)
	b.reloadCurated()
	mod.Text = "list"
	if _, got := ask(t, b, mod); !strings.Contains(got, "error") || !strings.Contains(got, "line 3") {
		t.Errorf("/factcards with a broken file: %s", got)
	}
	if r, _ := ask(t, b, adapters.Request{Adapter: "console", Command: "fact", Text: "veterans"}); quotesText(r) != killingsQuote {
		t.Errorf("with a broken file the last good cards are not served: %q", quotesText(r))
	}
}

// TestCardOfChangedPassageIsNotServed: when a document changes so that a
// card's passage no longer holds its quote, the card is not offered and
// moderators see it as stale.
func TestCardOfChangedPassageIsNotServed(t *testing.T) {
	seeds := copySeeds(t)
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Author: "telegram:42", Command: "factcards"}
	mod.Text = "add ¶12 | " + killingsQuote + " | Killings | veterans"
	if _, got := ask(t, b, mod); !strings.Contains(got, "Added:") {
		t.Fatalf("add: %s", got)
	}
	doc := filepath.Join(seeds, "000_bcd3b0e1b0c25f4c.txt")
	raw, _ := os.ReadFile(doc)
	os.WriteFile(doc, bytes.Replace(raw, []byte("14 killings"), []byte("15 killings"), 1), 0o640)
	if changed, err := b.reload(); !changed || err != nil {
		t.Fatalf("reload: %v, %v", changed, err)
	}
	if r, _ := ask(t, b, adapters.Request{Adapter: "telegram", Asker: "u", Command: "fact", Text: "veterans"}); strings.Contains(console.Render(r), "Killings") {
		t.Errorf("a card whose quote the passage no longer holds is offered:\n%s", console.Render(r))
	}
	mod.Text = "stale"
	if _, got := ask(t, b, mod); !strings.Contains(got, killingsID) || !strings.Contains(got, "no longer holds the quote") || !strings.Contains(got, killingsQuote) {
		t.Errorf("/factcards stale: %s", got)
	}
}

// TestCardByAnotherProcessIsLive: a card added or hidden from a terminal
// reaches a running bot on the same data folder within two seconds; a
// card that is not the passage's words is refused there and nothing is
// written.
func TestCardByAnotherProcessIsLive(t *testing.T) {
	bot := newTestBot(t)
	go bot.watchCurated(t.Context())
	dir := bot.cfg.DataDir
	env := map[string]string{"CITEBOT_DATA_DIR": dir}
	r := runBot(t, env, "", "factcards", "add", "--cite", "¶12", "--quote", "14 killings of former security members")
	if r.code == 0 || !strings.Contains(r.stderr, "not word for word") {
		t.Errorf("bot factcards add of words not in the passage: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, curated.CardsFileName)); !os.IsNotExist(err) {
		t.Errorf("a refused card wrote the file: %v", err)
	}

	id := lastWord(terminalRun(t, dir, "factcards", "add", "--cite", killingsID, "--quote", killingsQuote, "--topic", "veterans"))
	figure := bot.eng().Figures()[0]
	terminalRun(t, dir, "factcards", "hide", figure.CardID)
	live := eventually(2*time.Second, 20*time.Millisecond, func() bool {
		cards, _ := bot.eng().Cards(t.Context(), "veterans", 1)
		return len(cards) == 1 && cards[0].CardID == id && bot.eng().Figures()[0].CardID != figure.CardID
	})
	if !live {
		t.Fatalf("2 s after another process added card %s and hid %s, the running bot does not show it", id, figure.CardID)
	}
}
