package answers

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestFindSpan(t *testing.T) {
	const text = "Over 12.6 million   people\nleft; “many” returned in 2025."
	tests := []struct {
		name, quote, want string
	}{
		{"exact", "12.6 million", "12.6 million"},
		{"white space folded", "million people left;", "million   people\nleft;"},
		{"quote's own white space folded", "  people \t left; ", "people\nleft;"},
		{"curly quotes kept", "“many” returned", "“many” returned"},
		{"whole text", text, text},
		{"inside a number", "2.6 million", ""},
		{"inside a word", "illion people", ""},
		{"cut word at the end", "returned in 202", ""},
		{"straight quotes are other characters", `"many" returned`, ""},
		{"another case", "over 12.6 million", ""},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, ok := findSpan(text, tt.quote)
			got := ""
			if ok {
				got = text[start:end]
			}
			if got != tt.want {
				t.Errorf("findSpan(%q) = %q, want %q", tt.quote, got, tt.want)
			}
		})
	}
}

// TestCardsOfModerators: a moderator's card is offered for its topic words
// and, holding a figure, among the key figures; a hidden card is offered
// nowhere; a card whose passage changed is not served and comes back stale.
func TestCardsOfModerators(t *testing.T) {
	e := seedEngine(t)
	ctx := context.Background()
	p, _ := e.Passage("000_bcd3b0e1b0c25f4c#12")
	chosen := Card{ID: "m1", Cite: p.ID, Quote: p.Text, Title: "Killings", Topics: []string{"veterans"}}
	if err := e.ValidateCard(&chosen); err != nil {
		t.Fatal(err)
	}
	figures := e.Figures()
	if len(figures) == 0 {
		t.Fatal("no key figures")
	}
	hidden := Card{ID: figures[0].CardID, Cite: figures[0].ID, Quote: figures[0].Quote, Hidden: true, Auto: true}
	stale := e.SetCards([]Card{chosen, hidden,
		{ID: "gone", Cite: "old#3", Quote: "x"},
		{ID: "changed", Cite: p.ID, Quote: "words the passage no longer has"}})
	if len(stale) != 2 || stale[0].Card.ID != "gone" || stale[1].Card.ID != "changed" {
		t.Fatalf("stale = %+v, want gone and changed", stale)
	}

	cards, err := e.Cards(ctx, "veterans", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) == 0 || cards[0].CardID != "m1" || cards[0].Title != "Killings" || cards[0].Quote != chosen.Quote || !cards[0].Curated {
		t.Errorf(`Cards("veterans") = %+v, want the moderator's card first`, cards)
	}
	found := false
	for _, f := range e.Figures() {
		found = found || f.CardID == "m1"
		if f.CardID == hidden.ID || strings.Contains(f.Quote, hidden.Quote) {
			t.Errorf("the hidden card %s is still a key figure", hidden.ID)
		}
		if f.ID == p.ID && !f.Curated {
			t.Errorf("the bot's card of ¶12 is offered beside the moderator's card that quotes all of it: %q", f.Quote)
		}
	}
	if !found {
		t.Error("the moderator's card, which holds figures, is not a key figure")
	}
	for _, topic := range []string{"", "deported 2025", "women and children"} {
		cards, _ := e.Cards(ctx, topic, 10)
		for _, c := range cards {
			if c.ID == hidden.Cite && strings.Contains(hidden.Quote, c.Quote) {
				t.Errorf("Cards(%q) offers %q, which the moderator hid", topic, c.Quote)
			}
		}
	}
	for _, f := range e.AutoFacts() {
		if f.CardID == hidden.ID && !f.Hidden {
			t.Errorf("AutoFacts does not mark %s hidden", f.CardID)
		}
	}
	if f, ok := e.AutoCard(hidden.ID); !ok || f.Quote != hidden.Quote {
		t.Errorf("AutoCard(%s) = %+v, %v", hidden.ID, f, ok)
	}

	e.SetCards(nil)
	if figs := e.Figures(); len(figs) != len(figures) || figs[0].Quote != figures[0].Quote {
		t.Errorf("with no cards, the key figures are not the bot's own again")
	}
}

func TestValidateCard(t *testing.T) {
	e := seedEngine(t)
	const pid = "000_bcd3b0e1b0c25f4c#2"
	tests := []struct {
		name string
		card Card
		err  error  // errors.Is
		says string // or the error says this
	}{
		{"unknown passage", Card{Cite: "report#3", Quote: "x"}, ErrUnknownCite, ""},
		{"not verbatim", Card{Cite: pid, Quote: "over 2.6 million Afghans were deported"}, ErrNotVerbatim, ""},
		{"part of a word", Card{Cite: pid, Quote: "illion Afghans"}, ErrNotVerbatim, ""},
		{"several sentences, no quote", Card{Cite: pid}, ErrNoQuote, "3 sentences"},
		{"long title", Card{Cite: pid, Quote: "2.6 million", Title: strings.Repeat("t", MaxCardTitle+1)}, ErrTooLong, ""},
		{"long topic", Card{Cite: pid, Quote: "2.6 million", Topics: []string{strings.Repeat("t", MaxCardTopic+1)}}, ErrTooLong, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.ValidateCard(&tt.card)
			if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("ValidateCard(%+v) = %v, want %v", tt.card, err, tt.err)
			}
		})
	}
	c := Card{Cite: pid, Quote: " over  2.6 million\tAfghans ", Title: " Returns \n in 2025 "}
	if err := e.ValidateCard(&c); err != nil {
		t.Fatal(err)
	}
	if c.Quote != "over 2.6 million Afghans" || c.Title != "Returns in 2025" {
		t.Errorf("ValidateCard kept %q titled %q, want the passage's words and a tidy title", c.Quote, c.Title)
	}
}
