package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// AnalyzerName names the analyzer of passage text: Unicode words, folded to
// ASCII, lower case, English possessives and stop words dropped, Porter stems.
const AnalyzerName = "citebot_en"

// Store holds the passages of a set of documents and their bleve index.
type Store struct {
	docs     []*Document
	passages []*Passage
	byID     map[string]*Passage
	index    bleve.Index
	analyzer analysis.Analyzer
	df       map[string]int // sentences holding each term
	nSent    int
	vocab    map[string]int // lower-case surface words and how often they occur
	ids      map[string]uint32
	hash     string
}

// Open indexes docs in memory.
func Open(docs []*Document) (*Store, error) {
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, fmt.Errorf("index: open: %w", err)
	}
	s := &Store{
		docs:  docs,
		byID:  make(map[string]*Passage),
		index: idx,
		df:    make(map[string]int),
		vocab: make(map[string]int),
		ids:   make(map[string]uint32),
		hash:  Hash(docs),
	}
	s.analyzer = m.AnalyzerNamed(AnalyzerName)
	if s.analyzer == nil {
		return nil, fmt.Errorf("index: open: analyzer %s missing", AnalyzerName)
	}
	batch := idx.NewBatch()
	for _, d := range docs {
		d.TitleTerms = s.Terms(d.Title)
		d.TitleWords = Words(d.Title)
		d.TitleLine = line(d.TitleWords)
		d.TitleIDs = s.idsOf(d.TitleTerms)
		for _, p := range d.Passages {
			s.prepare(p)
			s.passages = append(s.passages, p)
			s.byID[p.ID] = p
			if err := batch.Index(p.ID, passageDoc{ID: p.ID, Doc: d.Stem, Section: p.Section, Text: p.Text}); err != nil {
				return nil, fmt.Errorf("index: add %s: %w", p.ID, err)
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		return nil, fmt.Errorf("index: build: %w", err)
	}
	return s, nil
}

type passageDoc struct {
	ID      string `json:"id"`
	Doc     string `json:"doc"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

// Mapping is the explicit index mapping of passages: analysed text and
// section heading, keyword ids.
func Mapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer(AnalyzerName, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, IrregularName, porter.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = AnalyzerName
	text.Store = false
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false

	pm := bleve.NewDocumentStaticMapping()
	pm.AddFieldMappingsAt("id", kw)
	pm.AddFieldMappingsAt("doc", kw)
	pm.AddFieldMappingsAt("section", text)
	pm.AddFieldMappingsAt("text", text)
	m.DefaultMapping = pm
	m.DefaultAnalyzer = AnalyzerName
	return m, nil
}

// prepare cuts a passage into sentences and counts its words and terms.
func (s *Store) prepare(p *Passage) {
	p.Sentences = p.Sentences[:0]
	for _, span := range sentenceSpans(p.Text) {
		text := p.Text[span[0]:span[1]]
		sent := Sentence{Start: span[0], End: span[1], Terms: s.Terms(text), Words: Words(text), Names: names(text)}
		sent.Line = line(sent.Words)
		sent.IDs = s.idsOf(sent.Terms)
		sent.features()
		seen := make(map[string]bool, len(sent.Terms))
		for _, t := range sent.Terms {
			if !seen[t] {
				seen[t] = true
				s.df[t]++
			}
		}
		for _, w := range sent.Words {
			s.vocab[w]++
		}
		s.nSent++
		p.Sentences = append(p.Sentences, sent)
	}
	p.SectionTerms = s.Terms(p.Section)
	p.SectionWords = Words(p.Section)
	p.SectionLine = line(p.SectionWords)
	p.SectionIDs = s.idsOf(p.SectionTerms)
	var all []string
	for _, x := range p.Sentences {
		all = append(all, x.Terms...)
	}
	p.IDs = s.idsOf(all)
	for _, w := range p.SectionWords {
		s.vocab[w]++
	}
}

// idsOf gives terms ids (new terms get new ids) and returns them sorted,
// each once.
func (s *Store) idsOf(terms []string) []uint32 {
	out := make([]uint32, 0, len(terms))
	for _, t := range terms {
		id, ok := s.ids[t]
		if !ok {
			id = uint32(len(s.ids))
			s.ids[t] = id
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// NoTerm is the id of a term no passage holds.
const NoTerm = ^uint32(0)

// TermID is the id of an analysed term in this store, or NoTerm.
func (s *Store) TermID(t string) uint32 {
	if id, ok := s.ids[t]; ok {
		return id
	}
	return NoTerm
}

// HasTerm tells whether sorted ids hold id.
func HasTerm(ids []uint32, id uint32) bool {
	if len(ids) <= 16 { // a sentence's terms: a scan beats a search
		for _, x := range ids {
			if x >= id {
				return x == id
			}
		}
		return false
	}
	_, found := slices.BinarySearch(ids, id)
	return found
}

// line joins words with single spaces and pads it with a space at each end,
// so that " name " finds a whole word or phrase.
func line(ws []string) string { return " " + strings.Join(ws, " ") + " " }

// Terms analyses text as passages are analysed: the terms a query must use.
func (s *Store) Terms(text string) []string {
	ts := s.analyzer.Analyze([]byte(text))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

// Token is an analysed term and the byte offset where its word starts.
type Token struct {
	Term  string
	Start int
}

// Tokens analyses text like Terms and keeps where each term came from.
func (s *Store) Tokens(text string) []Token {
	ts := s.analyzer.Analyze([]byte(text))
	out := make([]Token, 0, len(ts))
	for _, t := range ts {
		out = append(out, Token{Term: string(t.Term), Start: t.Start})
	}
	return out
}

// IDF is the inverse sentence frequency of an analysed term; 0 for a term no
// sentence holds.
func (s *Store) IDF(term string) float64 {
	n := s.df[term]
	if n == 0 {
		return 0
	}
	return math.Log(1 + float64(s.nSent)/float64(n))
}

// MaxIDF is the IDF of a term found in one sentence only.
func (s *Store) MaxIDF() float64 { return math.Log(1 + float64(s.nSent)) }

// Vocabulary maps every lower-case word of the passages to how often it occurs.
// Callers must not change it.
func (s *Store) Vocabulary() map[string]int { return s.vocab }

// Documents returns the indexed documents in file name order.
func (s *Store) Documents() []*Document { return s.docs }

// Passages returns every passage in reading order, document by document.
func (s *Store) Passages() []*Passage { return s.passages }

// Passage finds a passage by its id ("report#3").
func (s *Store) Passage(id string) (*Passage, bool) {
	p, ok := s.byID[id]
	return p, ok
}

// Hash identifies the indexed content (see Hash).
func (s *Store) Hash() string { return s.hash }

// Term is one analysed term of a query and its weight.
type Term struct {
	Text  string
	Boost float64
}

// Hit is a passage found by Search and its score.
type Hit struct {
	Passage *Passage
	Score   float64
}

// Search returns up to k passages holding any of the terms, best first. The
// terms are matched exactly as given (already analysed): nothing in them is
// read as query syntax.
func (s *Store) Search(ctx context.Context, terms []Term, k int) ([]Hit, error) {
	if len(terms) == 0 || k <= 0 {
		return nil, nil
	}
	qs := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		q := query.NewTermQuery(t.Text)
		q.SetField("text")
		q.SetBoost(t.Boost)
		qs = append(qs, q)
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), k, 0, false)
	res, err := s.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if p, ok := s.byID[h.ID]; ok {
			hits = append(hits, Hit{Passage: p, Score: h.Score})
		}
	}
	return hits, nil
}

// Match runs a stock bleve match query over the passages: the baseline that
// citebot's own retrieval is measured against.
func (s *Store) Match(ctx context.Context, text string, k int) ([]Hit, error) {
	q := query.NewMatchQuery(text)
	q.SetField("text")
	res, err := s.index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, k, 0, false))
	if err != nil {
		return nil, fmt.Errorf("index: match: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, Hit{Passage: s.byID[h.ID], Score: h.Score})
	}
	return hits, nil
}

// Close releases the bleve index.
func (s *Store) Close() error { return s.index.Close() }
