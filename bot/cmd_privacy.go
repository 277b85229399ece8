package main

import (
	"context"

	"citebot/adapters"
)

func (b *Bot) privacyCommand() Command {
	return Command{
		Name: "privacy",
		Help: "What I keep about you: nothing that says who asked.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			return adapters.Reply{Answered: true, Blocks: []adapters.Block{
				text("I keep no record of who asked what: no user ids, names, usernames or chat ids are written anywhere."),
				text("Questions are answered in memory and not stored anywhere."),
			}}, nil
		},
	}
}
