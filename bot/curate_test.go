package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/answers"
	"citebot/curated"
)

func curatedBot(t *testing.T) *Bot {
	t.Helper()
	b := newTestBot(t)
	b.eng().SetCurated(nil)
	b.eng().SetCards(nil)
	return b
}

// dataFile is the path of the file name in b's data folder.
func dataFile(b *Bot, name string) string { return filepath.Join(b.cfg.DataDir, name) }

// terminalRun runs bot args… on the data folder dir, as a moderator in a
// terminal beside the running bot does, and returns what it prints.
func terminalRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := runBot(t, map[string]string{"CITEBOT_DATA_DIR": dir}, "", args...)
	if r.code != 0 {
		t.Fatalf("bot %s: exit %d: %s", strings.Join(args[:2], " "), r.code, r.stderr)
	}
	return r.stdout
}

// lastWord is the last word of out: the id bot answers add and bot
// factcards add print.
func lastWord(out string) string {
	fields := strings.Fields(out)
	return fields[len(fields)-1]
}

func say(t *testing.T, b *Bot, req adapters.Request) string {
	t.Helper()
	rep, err := b.Handler().Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return console.Render(rep)
}

// TestModeratorCuratesFromChat: a moderator adds an answer in chat, a member
// asks and gets it with the source's quotes; a member cannot change it; undo
// takes it back.
func TestModeratorCuratesFromChat(t *testing.T) {
	b := curatedBot(t)
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Author: "telegram:42", Asker: "m", Command: "answers"}
	member := adapters.Request{Adapter: "discord", Asker: "u"}

	mod.Text = "add Can my family join me in Germany? | Amnesty asks for family reunification schemes; the report does not cover German rules. <b>bold</b> @everyone | ¶15"
	if got := say(t, b, mod); !strings.Contains(got, "Added:") {
		t.Fatalf("add: %s", got)
	}
	member.Text = "can my family join me in germany"
	got := say(t, b, member)
	for _, want := range []string{"A moderator's answer:", "family reunification schemes; the report", "<b>bold</b> @everyone",
		"The source says:", "robust resettlement programs", "¶15"} {
		if !strings.Contains(got, want) {
			t.Errorf("member's answer lacks %q:\n%s", want, got)
		}
	}
	a, _ := b.eng().Ask(context.Background(), "can my family join me in germany")
	if a.Source != answers.SourceCurated || len(a.Citations) != 1 || a.Citations[0].ID != "000_bcd3b0e1b0c25f4c#15" {
		t.Errorf("answer = %+v, want source curated citing ¶15", a)
	}
	rec := httptest.NewRecorder()
	b.metrics.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if want := `citebot_curated_answers_total{adapter="discord"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %s after one curated answer", want)
	}

	refused := member
	refused.Command, refused.Text = "answers", "remove "+a.EntryID
	if got := say(t, b, refused); !strings.Contains(got, "Only moderators") {
		t.Errorf("a member's remove: %s", got)
	}
	if es, _ := b.curated.Load(); len(es) != 1 {
		t.Fatalf("a member's attempt changed the entries: %d", len(es))
	}

	mod.Text = "undo"
	if got := say(t, b, mod); !strings.Contains(got, "gone again") {
		t.Errorf("undo: %s", got)
	}
	if a, _ := b.eng().Ask(context.Background(), "can my family join me in germany"); a.Source == answers.SourceCurated {
		t.Error("the undone entry is still served")
	}
	records, _ := b.curated.History()
	if len(records) != 2 || records[0].Author != "telegram:42" || records[1].Action != "undo" {
		t.Errorf("audit = %+v", records)
	}
}

// TestBadCuratedInputChangesNothing: each bad entry gets a clear reason and
// the file stays as it was.
func TestBadCuratedInputChangesNothing(t *testing.T) {
	b := curatedBot(t)
	mod := adapters.Request{Adapter: "console", Command: "answers"}
	mod.Text = "add What does Amnesty ask for? | An end to forced returns. | ¶14"
	if got := say(t, b, mod); !strings.Contains(got, "Added:") {
		t.Fatalf("add: %s", got)
	}
	before, _ := os.ReadFile(dataFile(b, curated.FileName))
	tests := []struct{ name, text, says string }{
		{"unknown passage", "add Q? | A. | ¶99", "no such passage"},
		{"unknown id", "add Q? | A. | report#3", "no such passage"},
		{"empty answer", "add Q? |  | ¶2", "needs an answer"},
		{"no question", "add  | A. | ¶2", "example question"},
		{"10 KB answer", "add Q? | " + strings.Repeat("long ", 2000) + " | ¶2", "too long"},
		{"question taken", "add what does amnesty ask for | Another. | ¶13", "already has this example question"},
		{"not three parts", "add just some words", "questions | answer | passages"},
		{"edit of nothing", "edit nope | A. |", "no entry"},
		{"remove of nothing", "remove nope", "no entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod.Text = tt.text
			got := say(t, b, mod)
			if !strings.Contains(got, tt.says) {
				t.Errorf("%q: reply %q does not say %q", tt.text, got, tt.says)
			}
			after, _ := os.ReadFile(dataFile(b, curated.FileName))
			if !bytes.Equal(before, after) {
				t.Errorf("%q changed the file", tt.text)
			}
		})
	}
}

// TestCorruptFileAtStart: a curated answers file that does not parse does
// not stop the start: the last good set is served, moderators are told the
// line, and the file is left as it is.
func TestCorruptFileAtStart(t *testing.T) {
	dir := t.TempDir()
	first := newTestBot(t, func(c *Config) { c.DataDir = dir })
	en, err := first.curateAdd("telegram:42", entryPatch{Questions: []string{"Is the report only about Europe?"},
		Answer: "No: the call is to all countries.", Cite: []string{"000_bcd3b0e1b0c25f4c#1"}})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(first.curated.Path())
	broken := strings.Replace(string(good), "answer:", "anwser:", 1)
	os.WriteFile(first.curated.Path(), []byte(broken), 0o640)

	b := newTestBot(t, func(c *Config) { c.DataDir = dir })
	if a, _ := b.eng().Ask(t.Context(), "is the report only about europe"); a.Source != answers.SourceCurated || a.EntryID != en.ID {
		t.Errorf("with a broken file at start, the last good entry %s is not served: %+v", en.ID, a)
	}
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Command: "answers"}
	got := say(t, b, mod)
	for _, want := range []string{"answers.yaml has an error", "last good set (1 answers) is served", "anwser is not a field of an answer", "line ", en.ID} {
		if !strings.Contains(got, want) {
			t.Errorf("/answers does not say %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "curated.Entry") {
		t.Errorf("/answers names a Go type:\n%s", got)
	}
	if ok, state := b.health.state("answers"); !ok || !strings.HasPrefix(state, "degraded: answers.yaml: line ") {
		t.Errorf("/healthz answers = %v %q, want healthy and degraded with the line", ok, state)
	}
	if now, _ := os.ReadFile(b.curated.Path()); string(now) != broken {
		t.Error("the broken file was changed")
	}
	// An edit is refused while the file is broken: nothing is written over it.
	mod.Text = "remove " + en.ID
	if got := say(t, b, mod); !strings.Contains(got, "Nothing was changed") {
		t.Errorf("remove with a broken file: %s", got)
	}
	if now, _ := os.ReadFile(b.curated.Path()); string(now) != broken {
		t.Error("an edit wrote over the broken file")
	}
}

// TestCorruptFileAtFirstStart: with no good set ever kept, a broken file
// starts the bot with no curated answers.
func TestCorruptFileAtFirstStart(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, curated.FileName), []byte("entries:\n  - id: a\n    questions: [oops\n"), 0o640)
	b := newTestBot(t, func(c *Config) { c.DataDir = dir })
	if got := say(t, b, adapters.Request{Adapter: "console", Command: "answers"}); !strings.Contains(got, "line ") || !strings.Contains(got, "no curated answer is served") {
		t.Errorf("/answers with a broken file and no good set: %s", got)
	}
}

// TestEditByAnotherProcessIsLive: a change written by another process (a
// moderator's terminal, or a hand edit) is served by the running bot within
// two seconds, without a restart.
func TestEditByAnotherProcessIsLive(t *testing.T) {
	bot := newTestBot(t)
	go bot.watchCurated(t.Context())

	id := lastWord(terminalRun(t, bot.cfg.DataDir, "answers", "add",
		"--question", "Is the report only about Europe?", "--answer", "No: the call is to all countries.", "--cite", "000_bcd3b0e1b0c25f4c#1"))
	live := eventually(2*time.Second, 20*time.Millisecond, func() bool {
		a, _ := bot.eng().Ask(t.Context(), "is the report only about europe")
		return a.Source == answers.SourceCurated && a.EntryID == id
	})
	if !live {
		t.Fatalf("the running bot does not serve entry %s 2 s after another process added it", id)
	}
}

// TestNewDocumentWhileRunning: a document added to the seeds folder is
// indexed while the bot runs; the old index answers until the new one is
// ready; a curated entry citing a passage whose text changed is flagged.
func TestNewDocumentWhileRunning(t *testing.T) {
	seeds := copySeeds(t)
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	ctx := context.Background()
	if a, _ := b.eng().Ask(ctx, "how many schools did the taliban close in herat"); a.Answered {
		t.Fatal("answered before the document exists")
	}
	os.WriteFile(filepath.Join(seeds, "update.txt"), []byte("Herat Update\n\nThe Taliban closed 40 schools in Herat province in 2025, a local council said.\n"), 0o640)
	os.WriteFile(filepath.Join(seeds, "update.meta.yaml"), []byte("title: Herat Update\npublisher: Test\ndate: 2025-12-20\n"), 0o640)

	mod := adapters.Request{Adapter: "telegram", Moderator: true, Command: "reload"}
	if got := say(t, b, mod); !strings.Contains(got, "Reloaded: 2 documents") {
		t.Fatalf("reload: %s", got)
	}
	a, _ := b.eng().Ask(ctx, "how many schools did the taliban close in herat")
	if !a.Answered || a.Citations[0].ID != "update#1" || !strings.Contains(a.Citations[0].Quote, "40 schools") {
		t.Errorf("after reload: %+v", a)
	}
	if got := say(t, b, mod); !strings.Contains(got, "not changed") {
		t.Errorf("second reload: %s", got)
	}
	if got := say(t, b, adapters.Request{Adapter: "telegram", Command: "reload"}); !strings.Contains(got, "Only moderators") {
		t.Errorf("a member's reload: %s", got)
	}
}

// TestUnansweredQueue: questions the documents do not answer are queued as
// text only, grouped with counts, pruned after the retention period, and a
// moderator can answer a group, which creates an entry and empties it.
func TestUnansweredQueue(t *testing.T) {
	b := curatedBot(t)
	b.unanswered = curated.NewJournal[curated.Unanswered](b.cfg.DataDir, "unanswered.jsonl")
	for i, q := range []string{"what is the population of kabul", "population of kabul?", "who won the football match",
		"what is the population of kabul", "how many afghans were deported in 2025"} {
		say(t, b, adapters.Request{Adapter: "telegram", Asker: "user-" + string(rune('a'+i)), Text: q})
	}
	raw, _ := os.ReadFile(filepath.Join(b.cfg.DataDir, "unanswered.jsonl"))
	for _, secret := range []string{"user-a", "telegram", "asker"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the queue holds %q:\n%s", secret, raw)
		}
	}
	if strings.Contains(string(raw), "deported") {
		t.Errorf("an answered question was queued:\n%s", raw)
	}
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Author: "telegram:42", Command: "unanswered"}
	got := say(t, b, mod)
	if !strings.Contains(got, "3× ") || !strings.Contains(got, "population of kabul") || !strings.Contains(got, "1× ") {
		t.Fatalf("queue:\n%s", got)
	}
	if !strings.Contains(got, "1. 3×") && !strings.Contains(got, "2. 3×") {
		t.Errorf("groups without counts:\n%s", got)
	}
	member := adapters.Request{Adapter: "telegram", Command: "unanswered"}
	if got := say(t, b, member); !strings.Contains(got, "Only moderators") {
		t.Errorf("a member saw the queue: %s", got)
	}

	gs, _ := b.groups()
	n := 0
	for i, g := range gs {
		if g.count == 3 {
			n = i + 1
		}
	}
	mod.Text = fmt.Sprintf("answer %d | The report does not give Kabul's population; it covers deportations. | ¶1", n)
	if got := say(t, b, mod); !strings.Contains(got, "Added entry") {
		t.Fatalf("answer from the queue: %s", got)
	}
	if a, _ := b.eng().Ask(context.Background(), "population of kabul?"); a.Source != answers.SourceCurated {
		t.Errorf("the queued question is not answered by the new entry: %+v", a)
	}
	if gs, _ := b.groups(); len(gs) != 1 {
		t.Errorf("after answering, the queue has %d groups, want 1", len(gs))
	}

	b.cfg.Retention = time.Nanosecond
	if gs, _ := b.groups(); len(gs) != 0 {
		t.Errorf("past the retention period the queue still has %d groups", len(gs))
	}
}
