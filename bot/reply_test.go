package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/answers"
)

// TestRepliesFitAPhone asks the questions of a labelled set written apart
// (holdout5, 160 questions) as `bot ask --json` does and measures the
// answer text users read: answered replies have a median of at most 450
// characters and a 90th percentile of at most 700, "does not say" replies
// a median of at most 450. Every answer opens with its quote.
func TestRepliesFitAPhone(t *testing.T) {
	b := newTestBot(t)
	set, err := answers.LoadSet("../answers/testdata/holdout5.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	terminal := adapters.Request{Adapter: "console", Private: true}
	var answered, notFound []int
	for _, c := range set.Cases {
		a, err := b.eng().Ask(t.Context(), c.Question())
		if err != nil {
			t.Fatal(err)
		}
		r := b.answerReply(a, terminal)
		n := len([]rune(console.Render(r)))
		switch {
		case a.Answered:
			answered = append(answered, n)
			if a.Source == answers.SourceIndex && !a.Personal && r.Blocks[0].Kind != adapters.Quote {
				t.Errorf("%q: the reply opens with %q, want the quote that answers", c.Question(), r.Blocks[0].Text)
			}
		case a.Reason == answers.ReasonNotFound:
			notFound = append(notFound, n)
		}
	}
	t.Logf("answered: %d, median %d, 90th percentile %d characters; does not say: %d, median %d",
		len(answered), percentile(answered, 50), percentile(answered, 90), len(notFound), percentile(notFound, 50))
	if m := percentile(answered, 50); m > 450 {
		t.Errorf("answered replies: median %d characters, want at most 450", m)
	}
	if p := percentile(answered, 90); p > 700 {
		t.Errorf("answered replies: 90th percentile %d characters, want at most 700", p)
	}
	if m := percentile(notFound, 50); m > 450 {
		t.Errorf("\"does not say\" replies: median %d characters, want at most 450", m)
	}
}

// percentile is the p-th percentile of ns (nearest rank).
func percentile(ns []int, p int) int {
	if len(ns) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ns))
	return s[(len(s)-1)*p/100]
}

// TestModeratorLineFitsWhereShown: "the source does not say" tells how to
// reach a person as fits the place: a group's admins in a group, the
// community's group in a private chat, the command in the terminal, and
// CITEBOT_CONTACT everywhere when it is set.
func TestModeratorLineFitsWhereShown(t *testing.T) {
	const offTopic = "what is the capital of france"
	places := []struct {
		name string
		req  adapters.Request
		want string
	}{
		{"a Telegram group", adapters.Request{Adapter: "telegram"}, contactGroup},
		{"a Telegram private chat", adapters.Request{Adapter: "telegram", Private: true}, contactPrivate},
		{"a Discord channel", adapters.Request{Adapter: "discord"}, contactGroup},
		{"a Discord direct message", adapters.Request{Adapter: "discord", Private: true}, contactPrivate},
		{"the terminal", adapters.Request{Adapter: "console", Private: true}, contactTerminal},
	}
	b := newTestBot(t)
	withContact := newTestBot(t, func(c *Config) { c.Contact = "write to @our_moderators" })
	for _, p := range places {
		t.Run(p.name, func(t *testing.T) {
			p.req.Text, p.req.Asker = offTopic, "tester"
			got := render(t, b, p.req)
			if !strings.Contains(got, p.want) {
				t.Errorf("reply lacks %q:\n%s", p.want, got)
			}
			for _, other := range []string{contactGroup, contactPrivate, contactTerminal} {
				if other != p.want && strings.Contains(got, other) {
					t.Errorf("reply says %q, which does not fit %s:\n%s", other, p.name, got)
				}
			}
			if got := render(t, withContact, p.req); !strings.Contains(got, "To ask a moderator: write to @our_moderators") {
				t.Errorf("with CITEBOT_CONTACT set, reply lacks it:\n%s", got)
			}
		})
	}
}

func render(t *testing.T, b *Bot, req adapters.Request) string {
	t.Helper()
	r, err := b.Handler().Handle(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Answered {
		t.Fatalf("%q answered: %s", req.Text, console.Render(r))
	}
	return console.Render(r)
}

// TestCitationsAreShort: each quote is cited by publisher, paragraph and
// date; a reply that quotes two documents names each by its short title,
// as does a document without a publisher.
func TestCitationsAreShort(t *testing.T) {
	b := newTestBot(t)
	report := answers.Citation{ID: "r#2", Doc: "r.txt", Title: "Amnesty International Demands Global Halt to Afghan Deportations, Citing Catastrophic Rights Crisis",
		Publisher: "Dawat Media Center", Date: "2025-12-16", Paragraph: 2, Quote: "over 2.6 million Afghans"}
	other := answers.Citation{ID: "u#4", Doc: "u.txt", Title: "UNHCR: Afghanistan situation update for November", Publisher: "UNHCR", Date: "2025-11-02", Paragraph: 4, Quote: "Returns continued."}
	plain := answers.Citation{ID: "n#7", Doc: "notes.txt", Title: "notes", Paragraph: 7, Quote: "A note."}
	term := adapters.Request{Adapter: "console", Private: true}
	for _, tt := range []struct {
		name string
		a    answers.Answer
		want []string
		not  []string
	}{
		{"one document", answers.Answer{Answered: true, Source: answers.SourceIndex, Citations: []answers.Citation{report}},
			[]string{"— Dawat Media Center, ¶2, 16 December 2025"}, []string{"Citing Catastrophic", "Amnesty International Demands"}},
		{"two documents", answers.Answer{Answered: true, Source: answers.SourceCurated, Curated: "Both say so.", Citations: []answers.Citation{report, other}},
			[]string{"— Amnesty International Demands Global Halt to…, Dawat Media Center, ¶2, 16 December 2025", "— UNHCR: Afghanistan situation update for November, UNHCR, ¶4, 2 November 2025"}, []string{"Citing Catastrophic"}},
		{"no publisher", answers.Answer{Answered: true, Source: answers.SourceIndex, Citations: []answers.Citation{plain}},
			[]string{"— notes, ¶7"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := console.Render(b.answerReply(tt.a, term))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("reply holds %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestShortTitle(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Amnesty International Demands Global Halt to Afghan Deportations, Citing Catastrophic Rights Crisis", "Amnesty International Demands Global Halt to…"},
		{"UNHCR: Afghanistan situation update for November", "UNHCR: Afghanistan situation update for November"},
		{"Measles: an outbreak notice for the northern districts and their clinics", "Measles: an outbreak notice for the northern…"},
		{"Flood recovery in the city: a report for residents", "Flood recovery in the city"},
		{"Measles outbreak notice", "Measles outbreak notice"},
		{"A: b", "A: b"},
		{strings.Repeat("x", 80), strings.Repeat("x", 45) + "…"},
	} {
		if got := shortTitle(tt.title); got != tt.want {
			t.Errorf("shortTitle(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if got := shortTitle(tt.title); !strings.HasPrefix(tt.title, strings.TrimSuffix(got, "…")) {
			t.Errorf("shortTitle(%q) = %q is not the title's start", tt.title, got)
		}
	}
}

// TestAtMostTwoMoreQuotes: beside the answer a reply shows at most two
// quotes, and a list at most five items with the way to read on.
func TestAtMostTwoMoreQuotes(t *testing.T) {
	b := newTestBot(t)
	var cs []answers.Citation
	for i := range 6 {
		cs = append(cs, answers.Citation{ID: fmt.Sprintf("r#%d", i+2), Doc: "r.txt", Title: "R", Publisher: "P", Paragraph: i + 2, Quote: fmt.Sprintf("Quote %d.", i)})
	}
	term := adapters.Request{Adapter: "console", Private: true}
	r := b.answerReply(answers.Answer{Answered: true, Source: answers.SourceIndex, Citations: cs}, term)
	if n := len(quotes(r)); n != 3 {
		t.Errorf("%d quotes, want the answer and two more:\n%s", n, console.Render(r))
	}
	lead := answers.Citation{ID: "r#1", Doc: "r.txt", Title: "R", Publisher: "P", Paragraph: 1, Quote: "It calls for:"}
	r = b.answerReply(answers.Answer{Answered: true, Source: answers.SourceIndex, Lead: &lead, Citations: cs[:5], More: 3}, term)
	got := console.Render(r)
	if n := len(quotes(r)); n != 6 || !strings.HasPrefix(got, "> It calls for:") || !strings.Contains(got, "And 3 more: /source ¶7") {
		t.Errorf("list reply:\n%s\nwant the opening, five items and \"And 3 more: /source ¶7\"", got)
	}
}
