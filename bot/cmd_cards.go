package main

import (
	"context"

	"citebot/adapters"
)

// maxCards is how many fact cards one request returns: Telegram shows up to
// ten inline results a query, Discord's autocomplete 25.
const maxCards = 10

// cardsCommand serves platform features (inline queries, autocomplete): fact
// cards about a topic, one quote block each.
func (b *Bot) cardsCommand() Command {
	return Command{
		Name:   adapters.CommandCards,
		Help:   "Fact cards about a topic, for inline sharing.",
		Hidden: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			cards, err := b.eng().Cards(ctx, req.Text, maxCards)
			if err != nil {
				return adapters.Reply{}, err
			}
			r := adapters.Reply{Answered: len(cards) > 0}
			for _, c := range cards {
				r.Blocks = append(r.Blocks, quoteBlock(c.Citation))
			}
			return r, nil
		},
	}
}
