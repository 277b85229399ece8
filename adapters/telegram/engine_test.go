package telegram

import (
	"context"
	"sync"
	"testing"

	"citebot/adapters"
	"citebot/answers"
	"citebot/index"
)

var (
	engineOnce sync.Once
	engine     *answers.Engine
	engineErr  error
)

// engineHandler answers questions with the real engine over the seeds, as
// the bot does, but framed simply: one quote block per citation.
func engineHandler(t *testing.T) adapters.Handler {
	t.Helper()
	engineOnce.Do(func() {
		docs, err := index.Load("../../seeds")
		if err != nil {
			engineErr = err
			return
		}
		store, err := index.Open(docs)
		if err != nil {
			engineErr = err
			return
		}
		engine, engineErr = answers.New(store)
	})
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return adapters.HandlerFunc(func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
		a, err := engine.Ask(ctx, req.Text)
		if err != nil {
			return adapters.Reply{}, err
		}
		r := adapters.Reply{Answered: a.Answered}
		if !a.Answered {
			r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Text, Text: "The source does not say."})
			return r, nil
		}
		r.ID = "0123456789ab"
		for _, c := range a.Citations {
			r.Blocks = append(r.Blocks, adapters.Block{Kind: adapters.Quote, Text: c.Quote, Cite: &adapters.Citation{
				ID: c.ID, Title: c.Title, Publisher: c.Publisher, Date: c.Date, Paragraph: c.Paragraph,
			}})
		}
		return r, nil
	})
}
