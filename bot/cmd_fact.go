package main

import (
	"context"

	"citebot/adapters"
	"citebot/answers"
)

func (b *Bot) factCommand() Command {
	return Command{
		Name: "fact",
		Args: "<topic>",
		Help: "A fact card to share: one quote and its citation.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if req.Text == "" {
				figs := b.eng().Figures()
				if len(figs) == 0 {
					return notice("Send /fact with a topic, for example: /fact women"), nil
				}
				r := adapters.Reply{Answered: true, Blocks: cardBlocks(figs[0])}
				r.Blocks = append(r.Blocks, text("Send /fact with a topic for another card, for example: /fact women"))
				return r, nil
			}
			cards, err := b.eng().Cards(ctx, req.Text, 1)
			if err != nil {
				return adapters.Reply{}, err
			}
			if len(cards) == 0 {
				lang := b.langOf(req)
				return langNotice(lang, phrase(lang, "fact_none", b.coversLine(lang)), b.contact(req, lang)), nil
			}
			return adapters.Reply{Answered: true, Blocks: cardBlocks(cards[0])}, nil
		},
	}
}

// cardBlocks is a fact card as users see it: a moderator's title, in plain
// text, then the quote and its citation.
func cardBlocks(f answers.Fact) []adapters.Block {
	if f.Title == "" {
		return []adapters.Block{quoteBlock(f.Citation)}
	}
	return []adapters.Block{text(f.Title), quoteBlock(f.Citation)}
}
