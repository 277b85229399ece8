package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"citebot/answers"
	"citebot/curated"
)

// The fact cards, as moderators change them: the same operations for the
// chat command and the terminal. A moderator adds a card (a quote of a
// passage, word for word, with a title and topics to find it by), edits
// or removes their own, and hides any card, the bot's own included.

// cardChange is a change of the fact cards.
type cardChange = curated.Change[curated.Card]

func cardID(c curated.Card) string { return c.ID }

// setCards gives the fact cards to the engine answering now and keeps them
// for the next one.
func (b *Bot) setCards(cards []curated.Card) {
	b.reloadMu.Lock()
	defer b.reloadMu.Unlock()
	b.cardList = cards
	b.flagStaleCards(b.eng().SetCards(cards))
	b.refused.serve(curated.CardsFileName, len(cards))
}

func (b *Bot) flagStaleCards(stale []answers.StaleCard) {
	for _, s := range stale {
		b.log.Warn("fact card not served: quote it again", "card", s.Card.ID, "passage", s.Card.Cite, "reason", s.Reason)
	}
}

// cardPatch is what an add or an edit gives: empty fields keep the old.
type cardPatch struct {
	Cite     string
	Quote    string
	Sentence int // the passage's sentence to quote whole, from 1, instead of Quote
	Title    string
	Topics   []string
}

// errMadeByBot refuses to change a card the bot makes itself.
func errMadeByBot(id string) error {
	return fmt.Errorf("card %s is one the bot makes itself: it can be hidden (hide %s), not changed; add a card of your own instead", id, id)
}

// patchCard sets what p gives on c and checks the result.
func (b *Bot) patchCard(c *curated.Card, p cardPatch) error {
	if p.Cite != "" {
		c.Cite = b.passageID(p.Cite)
	}
	switch {
	case p.Sentence > 0:
		q, err := b.sentence(c.Cite, p.Sentence)
		if err != nil {
			return err
		}
		c.Quote = q
	case p.Quote != "":
		c.Quote = p.Quote
	}
	if p.Title != "" {
		c.Title = p.Title
	}
	if len(p.Topics) > 0 {
		c.Topics = p.Topics
	}
	return b.eng().ValidateCard(c)
}

// sentence is the nth sentence (from 1) of the passage pid.
func (b *Bot) sentence(pid string, n int) (string, error) {
	p, ok := b.eng().Passage(b.passageID(pid))
	if !ok {
		return "", fmt.Errorf("%w: %q", answers.ErrUnknownCite, pid)
	}
	if n < 1 || n > len(p.Sentences) {
		return "", fmt.Errorf("%s has %d sentences, not %d", p.ID, len(p.Sentences), n)
	}
	s := p.Sentences[n-1]
	return p.Text[s.Start:s.End], nil
}

// sameWords finds another shown card of the moderators quoting what c does.
func sameWords(cards []curated.Card, c curated.Card) (curated.Card, bool) {
	for _, o := range cards {
		if o.ID != c.ID && !o.Hidden && o.Cite == c.Cite && o.Quote == c.Quote {
			return o, true
		}
	}
	return curated.Card{}, false
}

// cardAdd adds a moderator's card and returns it.
func (b *Bot) cardAdd(author string, p cardPatch) (curated.Card, error) {
	if strings.TrimSpace(p.Cite) == "" {
		return curated.Card{}, errors.New("a card needs a passage to quote")
	}
	now := time.Now().UTC()
	c := curated.Card{ID: curated.NewID(), Author: author, Created: now, Changed: now}
	if err := b.patchCard(&c, p); err != nil {
		return curated.Card{}, err
	}
	return b.changeCards(author, func(cards []curated.Card) (cardChange, error) {
		if o, dup := sameWords(cards, c); dup {
			return cardChange{}, fmt.Errorf("card %s quotes these words already", o.ID)
		}
		return cardChange{Action: "add", After: &c}, nil
	})
}

// cardEdit replaces what p gives of the moderator's card id.
func (b *Bot) cardEdit(author, id string, p cardPatch) (curated.Card, error) {
	return b.changeCards(author, func(cards []curated.Card) (cardChange, error) {
		i := indexOf(cards, id, cardID)
		if i < 0 || cards[i].Auto {
			return cardChange{}, b.noCard(id)
		}
		before := cards[i]
		c := before
		c.Topics = slices.Clone(before.Topics)
		if err := b.patchCard(&c, p); err != nil {
			return cardChange{}, err
		}
		if o, dup := sameWords(cards, c); dup {
			return cardChange{}, fmt.Errorf("card %s quotes these words already", o.ID)
		}
		c.Author, c.Changed = author, time.Now().UTC()
		return cardChange{Action: "edit", Before: &before, After: &c}, nil
	})
}

// cardHide hides card id, a moderator's or one the bot makes: it is
// offered nowhere until unhidden.
func (b *Bot) cardHide(author, id string) (curated.Card, error) {
	return b.changeCards(author, func(cards []curated.Card) (cardChange, error) {
		now := time.Now().UTC()
		if i := indexOf(cards, id, cardID); i >= 0 {
			if cards[i].Hidden {
				return cardChange{}, fmt.Errorf("card %s is hidden already", id)
			}
			before, c := cards[i], cards[i]
			c.Hidden, c.Author, c.Changed = true, author, now
			return cardChange{Action: "hide", Before: &before, After: &c}, nil
		}
		f, ok := b.eng().AutoCard(id)
		if !ok {
			return cardChange{}, fmt.Errorf("no card %q", id)
		}
		c := curated.Card{ID: id, Cite: f.ID, Quote: f.Quote, Hidden: true, Auto: true, Author: author, Created: now, Changed: now}
		return cardChange{Action: "hide", After: &c}, nil
	})
}

// cardUnhide offers card id again.
func (b *Bot) cardUnhide(author, id string) (curated.Card, error) {
	return b.changeCards(author, func(cards []curated.Card) (cardChange, error) {
		i := indexOf(cards, id, cardID)
		if i < 0 {
			if _, ok := b.eng().AutoCard(id); ok {
				return cardChange{}, fmt.Errorf("card %s is not hidden", id)
			}
			return cardChange{}, fmt.Errorf("no card %q", id)
		}
		if !cards[i].Hidden {
			return cardChange{}, fmt.Errorf("card %s is not hidden", id)
		}
		before := cards[i]
		if before.Auto { // the bot makes it again: nothing of it need be kept
			return cardChange{Action: "unhide", Before: &before}, nil
		}
		c := before
		c.Hidden, c.Author, c.Changed = false, author, time.Now().UTC()
		return cardChange{Action: "unhide", Before: &before, After: &c}, nil
	})
}

// cardRemove removes the moderator's card id.
func (b *Bot) cardRemove(author, id string) (curated.Card, error) {
	return b.changeCards(author, func(cards []curated.Card) (cardChange, error) {
		i := indexOf(cards, id, cardID)
		if i < 0 {
			return cardChange{}, b.noCard(id)
		}
		if cards[i].Auto {
			return cardChange{}, fmt.Errorf("card %s is one the bot makes itself, hidden: unhide %s offers it again", id, id)
		}
		return cardChange{Action: "remove", Before: &cards[i]}, nil
	})
}

// noCard says why there is no moderator's card id to change.
func (b *Bot) noCard(id string) error {
	if _, ok := b.eng().AutoCard(id); ok {
		return errMadeByBot(id)
	}
	return fmt.Errorf("no card %q", id)
}

// changeCards runs edit on the cards file and makes the change live here
// at once (other processes see it through their watch). It returns the
// card as it is now, or as it was when the change removed it.
func (b *Bot) changeCards(author string, edit func([]curated.Card) (cardChange, error)) (curated.Card, error) {
	ch, err := b.cards.Update(author, edit)
	if err != nil {
		return curated.Card{}, err
	}
	b.reloadCurated()
	if ch.After != nil {
		return *ch.After, nil
	}
	return *ch.Before, nil
}

// cardUndo reverts the last change of the fact cards.
func (b *Bot) cardUndo(author string) (cardChange, error) {
	ch, err := undo(b.cards, author)
	if err != nil {
		return ch, err
	}
	b.reloadCurated()
	return ch, nil
}

// describeCard writes a card of the file for moderators.
func describeCard(c curated.Card) []string {
	lines := []string{fmt.Sprintf("Card %s, %s, by %s, changed %s", c.ID, cardState(c), orNone(c.Author), c.Changed.Format(time.DateTime))}
	if c.Title != "" {
		lines = append(lines, "Title: "+c.Title)
	}
	if len(c.Topics) > 0 {
		lines = append(lines, "Topics: "+strings.Join(c.Topics, ", "))
	}
	return append(lines, "Quotes "+c.Cite+": "+c.Quote)
}

// cardState is a card's state in a word or three.
func cardState(c curated.Card) string {
	switch {
	case c.Auto:
		return "hidden, the bot's own"
	case c.Hidden:
		return "hidden"
	}
	return "shown"
}
