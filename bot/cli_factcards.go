package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"citebot/curated"
)

const factcardsCLIUsage = `Usage:
  bot factcards list [TOPIC]
  bot factcards show ID
  bot factcards add --cite PASSAGE (--quote TEXT | --sentence N) [--title TEXT] [--topic WORD …]
  bot factcards edit ID [--cite PASSAGE] [--quote TEXT | --sentence N] [--title TEXT] [--topic WORD …]
  bot factcards hide ID
  bot factcards unhide ID
  bot factcards remove ID
  bot factcards undo
  bot factcards stale
A passage is written like 000_bcd3b0e1b0c25f4c#2 (or ¶2 when there is one document);
a quote is its words exactly. list shows every card's id; hide takes the bot's own too.
`

// factcardsCLI is `bot factcards …`: the fact cards from a terminal, which
// is trusted. Changes reach a running bot on the same data folder within
// two seconds.
func (b *Bot) factcardsCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	t := curateCLI{stdout: stdout, stderr: stderr, usage: factcardsCLIUsage}
	verb, args := splitVerb(args)
	switch verb {
	case "list":
		if len(args) > 0 {
			facts, err := b.eng().Cards(ctx, strings.Join(args, " "), maxCards)
			if err != nil {
				return t.fail(err)
			}
			for _, f := range facts {
				fmt.Fprintf(stdout, "%s\t%s\t%s\n", f.CardID, f.ID, f.Quote)
			}
			return 0
		}
		cards, err := b.cards.Load()
		if err != nil {
			return t.fail(err)
		}
		for _, c := range cards {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", c.ID, cardState(c), c.Cite, c.Quote)
		}
		for _, f := range b.eng().Facts() {
			if !f.Curated {
				fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", f.CardID, "bot's own", f.ID, f.Quote)
			}
		}
		return 0
	case "show":
		id, ok := oneID(args)
		if !ok {
			return t.misuse()
		}
		cards, err := b.cards.Load()
		if err != nil {
			return t.fail(err)
		}
		if i := indexOf(cards, id, cardID); i >= 0 {
			t.print(describeCard(cards[i])...)
			return 0
		}
		if f, ok := b.eng().AutoCard(id); ok {
			t.print(fmt.Sprintf("Card %s, one the bot makes itself", id), "Quotes "+f.ID+": "+f.Quote)
			return 0
		}
		return t.fail(fmt.Errorf("no card %q", id))
	case "add", "edit":
		id, args, ok := editID(verb, args)
		if !ok {
			return t.misuse()
		}
		fs := t.flags("factcards " + verb)
		var p cardPatch
		var topics repeated
		fs.StringVar(&p.Cite, "cite", "", "the passage the card quotes")
		fs.StringVar(&p.Quote, "quote", "", "the passage's words to quote, exactly")
		fs.IntVar(&p.Sentence, "sentence", 0, "quote the passage's sentence N (from 1) whole")
		fs.StringVar(&p.Title, "title", "", "a short title, in the moderator's words")
		fs.Var(&topics, "topic", "a word or two to find the card by (repeatable)")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() > 0 || (p.Quote != "" && p.Sentence != 0) {
			return t.misuse()
		}
		p.Topics = topics
		var c curated.Card
		var err error
		if verb == "add" {
			c, err = b.cardAdd("terminal", p)
		} else {
			c, err = b.cardEdit("terminal", id, p)
		}
		return cardKind.printChange(t, verb, c, err)
	case "hide", "unhide", "remove":
		id, ok := oneID(args)
		if !ok {
			return t.misuse()
		}
		op := map[string]func(string, string) (curated.Card, error){"hide": b.cardHide, "unhide": b.cardUnhide, "remove": b.cardRemove}[verb]
		c, err := op("terminal", id)
		if err != nil {
			return t.fail(fmt.Errorf("nothing was changed: %w", err))
		}
		fmt.Fprintf(stdout, "%s %s\n", map[string]string{"hide": "hidden", "unhide": "unhidden", "remove": "removed"}[verb], c.ID)
		return 0
	case "undo":
		ch, err := b.cardUndo("terminal")
		return cardKind.printUndo(t, ch, err)
	case "stale":
		for _, s := range b.eng().StaleCards() {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", s.Card.ID, s.Card.Cite, s.Reason)
		}
		return 0
	}
	return t.misuse()
}
