package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/adapters/console"
)

// TestFeedbackCountsPerAnswer: 👍 / 👎 on an answer are counted under its id;
// a made-up id or vote changes nothing.
func TestFeedbackCountsPerAnswer(t *testing.T) {
	b := newTestBot(t)
	h := b.Handler()
	ask := func(cmd, text string) adapters.Reply {
		t.Helper()
		r, err := h.Handle(context.Background(), adapters.Request{Adapter: "telegram", Asker: "x", Command: cmd, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := ask("", "how many afghans were deported in 2025")
	if !r.Answered || r.ID == "" {
		t.Fatalf("answer has no id: %+v", r)
	}
	if again := ask("ask", "How many Afghans were sent back in 2025?"); again.ID != r.ID {
		t.Errorf("the same answer asked another way got id %q, want %q", again.ID, r.ID)
	}
	for _, v := range []string{"up " + r.ID, "up " + r.ID, "down " + r.ID} {
		if rep := ask(adapters.CommandFeedback, v); !strings.Contains(rep.Blocks[0].Text, "Thank you") {
			t.Errorf("feedback %q: %q", v, rep.Blocks[0].Text)
		}
	}
	for _, v := range []string{"", "up", "sideways " + r.ID, "up nothex!!!!", "up " + r.ID + "00"} {
		if rep := ask(adapters.CommandFeedback, v); strings.Contains(rep.Blocks[0].Text, "Thank you") {
			t.Errorf("bad feedback %q was counted", v)
		}
	}
	if got := b.feedback.Get(r.ID); got != (Votes{Up: 2, Down: 1}) {
		t.Errorf("counts = %+v, want 2 up, 1 down", got)
	}
	if nf := ask("", "what is the capital of france"); nf.ID != "" {
		t.Errorf("a not-found reply takes feedback (id %q)", nf.ID)
	}
}

// TestCardsCommand: inline sharing gets up to ten verbatim cards.
func TestCardsCommand(t *testing.T) {
	b := newTestBot(t)
	for _, topic := range []string{"", "women", "unama killings", "bitcoin"} {
		r, err := b.Handler().Handle(context.Background(), adapters.Request{Adapter: "telegram", Asker: "x", Command: adapters.CommandCards, Text: topic})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Blocks) > maxCards {
			t.Errorf("%q: %d cards, want at most %d", topic, len(r.Blocks), maxCards)
		}
		if topic != "bitcoin" && len(r.Blocks) == 0 {
			t.Errorf("%q: no cards", topic)
		}
		if topic == "bitcoin" && len(r.Blocks) != 0 {
			t.Errorf("%q: %d cards for an unknown topic", topic, len(r.Blocks))
		}
		for _, bl := range r.Blocks {
			p, ok := b.eng().Passage(bl.Cite.ID)
			if bl.Kind != adapters.Quote || !ok || !strings.Contains(p.Text, bl.Text) {
				t.Errorf("%q: card %q is not a verbatim quote of %s", topic, bl.Text, bl.Cite.ID)
			}
		}
	}
}

// TestFeedbackSurvivesARestart: votes are kept in the data folder (answer id
// and vote only) and counted again by the next process.
func TestFeedbackSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	sameData := func(c *Config) { c.DataDir = dir }
	first := newTestBot(t, sameData)
	r, _ := first.Handler().Handle(context.Background(), adapters.Request{Adapter: "discord", Asker: "secret-asker", Text: "how many afghans were deported in 2025"})
	first.Handler().Handle(context.Background(), adapters.Request{Adapter: "discord", Asker: "secret-asker", Command: adapters.CommandFeedback, Text: "up " + r.ID})
	first.Close()
	second := newTestBot(t, sameData)
	if got := second.feedback.Get(r.ID); got.Up != 1 {
		t.Errorf("after a restart: %+v, want 1 up", got)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "feedback.jsonl"))
	if strings.Contains(string(raw), "secret-asker") || strings.Contains(string(raw), "deported") {
		t.Errorf("the feedback file holds more than answer ids and votes: %s", raw)
	}
	mod, _ := second.Handler().Handle(context.Background(), adapters.Request{Adapter: "console", Command: "answers", Text: "feedback"})
	if got := console.Render(mod); !strings.Contains(got, r.ID+": 1 👍") {
		t.Errorf("moderators' feedback view: %s", got)
	}
}
