package answers

import (
	"context"

	"citebot/index"
)

// Matcher runs a stock bleve match query: what the engine is measured
// against. index.Store is one.
type Matcher interface {
	Match(ctx context.Context, text string, k int) ([]index.Hit, error)
}

var _ Matcher = (*index.Store)(nil)

// Baseline answers every question with the whole passage a stock match
// query ranks first: it abstains only when no word matches, and its
// "quote" is a paragraph, so its recall@1 is the lenient one of a plain
// search engine.
type Baseline struct{ M Matcher }

var _ Asker = Baseline{}

// Ask implements Asker.
func (b Baseline) Ask(ctx context.Context, question string) (Answer, error) {
	a := Answer{Question: question, Source: SourceNone, Lang: "en"}
	hits, err := b.M.Match(ctx, question, 1)
	if err != nil || len(hits) == 0 {
		return a, err
	}
	p := hits[0].Passage
	a.Answered, a.Source = true, SourceIndex
	a.Citations = []Citation{cite(p, p.Text)}
	return a, nil
}
