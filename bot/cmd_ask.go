package main

import (
	"context"

	"citebot/adapters"
	"citebot/answers"
)

func (b *Bot) askCommand() Command {
	return Command{
		Name: "ask",
		Args: "<question>",
		Help: "Answer a question with quotes from the report.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			a, err := b.eng().Ask(ctx, req.Text)
			if err != nil {
				return adapters.Reply{}, err
			}
			// A question about one's own case tells about a person: it
			// is never queued for moderators.
			if a.Reason == answers.ReasonNotFound && !a.Personal {
				b.noteUnanswered(req.Text)
			}
			if a.Source == answers.SourceCurated {
				b.metrics.curated.WithLabelValues(adapterLabel(req.Adapter)).Inc()
			}
			return b.answerReply(a, req), nil
		},
	}
}
