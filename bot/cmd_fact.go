package main

import (
	"context"

	"citebot/adapters"
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
				r := adapters.Reply{Answered: true, Blocks: []adapters.Block{quoteBlock(figs[0].Citation)}}
				r.Blocks = append(r.Blocks, text("Send /fact with a topic for another card, for example: /fact women"))
				return r, nil
			}
			cards, err := b.eng().Cards(ctx, req.Text, 1)
			if err != nil {
				return adapters.Reply{}, err
			}
			if len(cards) == 0 {
				return notice("I have no fact card on that. "+b.coversLine(), b.contact()), nil
			}
			return adapters.Reply{Answered: true, Blocks: []adapters.Block{quoteBlock(cards[0].Citation)}}, nil
		},
	}
}
