package main

import (
	"context"

	"citebot/adapters"
)

func (b *Bot) figuresCommand() Command {
	return Command{
		Name: "figures",
		Help: "The key figures of the report, each with its citation.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			figs := b.eng().Figures()
			if len(figs) == 0 {
				return notice("The documents hold no figures."), nil
			}
			r := adapters.Reply{Answered: true, Blocks: []adapters.Block{text("Key figures, in the source's words:")}}
			for _, f := range figs {
				r.Blocks = append(r.Blocks, cardBlocks(f)...)
			}
			return r, nil
		},
	}
}
