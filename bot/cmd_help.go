package main

import (
	"context"
	"fmt"

	"citebot/adapters"
)

func (b *Bot) helpCommand() Command {
	return Command{
		Name: "help",
		Help: "What I can do.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			r := adapters.Reply{Answered: true, Blocks: []adapters.Block{text(b.intro())}}
			if qs := b.examples(); len(qs) > 0 {
				r.Blocks = append(r.Blocks, text("Try asking:"))
				for _, q := range qs {
					r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: q})
				}
			}
			r.Blocks = append(r.Blocks, text("Type a question, or use a command:"))
			for _, c := range b.commands.Commands() {
				if c.Moderator && !trusted(req) {
					continue
				}
				usage := "/" + c.Name
				if c.Args != "" {
					usage += " " + c.Args
				}
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: fmt.Sprintf("%s: %s", usage, c.Help)})
			}
			return r, nil
		},
	}
}

func (b *Bot) startCommand() Command {
	return Command{
		Name: "start",
		Help: "What I know and how to ask.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			r := adapters.Reply{Answered: true, Blocks: []adapters.Block{text(b.intro()), text("Try asking:")}}
			for _, q := range b.examples() {
				r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Item, Text: q})
			}
			r.Blocks = append(r.Blocks, text("When the report does not answer, I say so. Send /help for all commands."))
			return r, nil
		},
	}
}
