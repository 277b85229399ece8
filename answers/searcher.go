package answers

import (
	"context"

	"citebot/index"
)

// Searcher is what the engine needs of an index: its documents and
// passages, how it analyses text and weighs terms, and a search.
// index.Store is one; the engine knows no other part of it.
type Searcher interface {
	Documents() []*index.Document
	Passages() []*index.Passage
	Passage(id string) (*index.Passage, bool)
	// Prepared is the passage with its sentences and terms worked out.
	Prepared(p *index.Passage) *index.Passage
	Terms(text string) []string
	TermID(term string) uint32
	IDF(term string) float64
	MaxIDF() float64
	Vocabulary() map[string]int
	Years() []int
	DocStats(d *index.Document) *index.DocStats
	// Newest names the documents of the latest date, when there are several.
	Newest() []string
	Search(ctx context.Context, terms []index.Term, k int) ([]index.Hit, error)
	SearchWithin(ctx context.Context, stems []string, terms []index.Term, k int) ([]index.Hit, error)
	// Translated is the documents' translations into a language, read in
	// its own words; nil when there are none.
	Translated(lang string) *index.Translated
}

var _ Searcher = (*index.Store)(nil)

// Document and Passage are the index's: what a reply cites and /source
// shows, named here so that the program's replies need not know the index.
type (
	Document = index.Document
	Passage  = index.Passage
)
