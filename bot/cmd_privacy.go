package main

import (
	"context"
	"fmt"
	"time"

	"citebot/adapters"
)

func (b *Bot) privacyCommand() Command {
	return Command{
		Name: "privacy",
		Help: "What I keep about you: nothing that says who asked.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			return adapters.Reply{Answered: true, Blocks: []adapters.Block{
				text("I keep no record of who asked what: no user ids, names, usernames or chat ids are written anywhere."),
				text("Your last question in a chat is held in memory for 10 minutes, so that a follow-up (\"and how many were women?\") is understood; it is never written anywhere, and /forget ends it at once."),
				text("Questions are answered in memory. Only a question I could not answer is kept, as its text alone, so that moderators can add an answer; it is deleted after " + humanDuration(b.cfg.Retention) + "."),
				text("👍 and 👎 are counted per answer, not per person, and also kept for " + humanDuration(b.cfg.Retention) + "."),
			}}, nil
		},
	}
}

// humanDuration writes a retention period as people say it.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d >= 2*time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return d.String()
}
