package main

import (
	"context"
	"time"

	"citebot/adapters"
)

func (b *Bot) privacyCommand() Command {
	return Command{
		Name: "privacy",
		Help: "What I keep about you: nothing that says who asked.",
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			lang := b.langOf(req)
			kept := humanDuration(lang, b.cfg.Retention)
			return adapters.Reply{Answered: true, Lang: lang, Blocks: []adapters.Block{
				text(phrase(lang, "privacy_who")),
				text(phrase(lang, "privacy_memory")),
				text(phrase(lang, "privacy_unanswered", kept)),
				text(phrase(lang, "privacy_feedback", kept)),
			}}, nil
		},
	}
}

// humanDuration writes a retention period as people say it, in lang.
func humanDuration(lang string, d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return phrase(lang, "duration_days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour && d%time.Hour == 0:
		return phrase(lang, "duration_hours", int(d/time.Hour))
	}
	return d.String()
}
