package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"

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
//
// A passage's sentences and terms are worked out when the passage is first
// needed (Search, Passage, Prepared) and kept; a small corpus has them all
// from the start. The counts retrieval weighs terms by cover every passage
// from the start either way.
type Store struct {
	docs     []*Document
	passages []*Passage
	byID     map[string]*Passage
	index    bleve.Index
	analyzer analysis.Analyzer
	counts   counts
	ids      map[string]uint32 // term ids; terms[id] is the term
	terms    []string
	hash     string
	newest   []string // stems of the latest documents (Newest)
	// translated holds the translations by language, each read with its
	// language's analyser.
	translated map[string]*Translated
	dir        string   // the index folder, for a store kept on disk
	docStats   sync.Map // *Document to *DocStats
	opened     Opened
	closed     sync.Once
}

// counts are what retrieval needs to know about all the passages at once.
type counts struct {
	DF        map[string]int // sentences holding each term
	Sentences int
	Vocab     map[string]int // lower-case surface words and how often they occur
	Years     map[int]int    // sentences naming each year
}

func newCounts() counts {
	return counts{DF: make(map[string]int), Vocab: make(map[string]int), Years: make(map[int]int)}
}

// add adds o's counts to c (sign 1) or takes them away (sign -1).
func (c *counts) add(o counts, sign int) {
	c.Sentences += sign * o.Sentences
	for _, m := range [][2]map[string]int{{c.DF, o.DF}, {c.Vocab, o.Vocab}} {
		for k, n := range m[1] {
			if m[0][k] += sign * n; m[0][k] <= 0 {
				delete(m[0], k)
			}
		}
	}
	for y, n := range o.Years {
		if c.Years[y] += sign * n; c.Years[y] <= 0 {
			delete(c.Years, y)
		}
	}
}

// eagerPassages is the largest corpus whose passages are all prepared when
// it is opened; a larger one prepares a passage when it is first needed.
const eagerPassages = 20000

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
	s, err := newStore(docs, m, idx)
	if err != nil {
		return nil, err
	}
	s.counts = newCounts()
	batch := idx.NewBatch()
	for _, d := range docs {
		for _, p := range d.Passages {
			s.prepareCounting(p, &s.counts)
			if err := batch.Index(p.ID, newPassageDoc(p)); err != nil {
				idx.Close()
				return nil, fmt.Errorf("index: add %s: %w", p.ID, err)
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: build: %w", err)
	}
	s.titleIDs()
	s.opened = Opened{How: Built, Documents: len(docs)}
	return s, nil
}

// newStore lists docs' passages and analyses their titles.
func newStore(docs []*Document, m *mapping.IndexMappingImpl, idx bleve.Index) (*Store, error) {
	s := &Store{
		docs:  docs,
		byID:  make(map[string]*Passage),
		index: idx,
		ids:   make(map[string]uint32),
		hash:  Hash(docs),
	}
	s.analyzer = m.AnalyzerNamed(AnalyzerName)
	if s.analyzer == nil {
		if idx != nil {
			idx.Close()
		}
		return nil, fmt.Errorf("index: open: analyzer %s missing", AnalyzerName)
	}
	s.newest = newest(docs, 8)
	for _, d := range docs {
		d.TitleTerms = s.Terms(d.Title)
		d.TitleWords = Words(d.Title)
		d.TitleLine = line(d.TitleWords)
		for _, p := range d.Passages {
			p.Order = len(s.passages)
			s.passages = append(s.passages, p)
			s.byID[p.ID] = p
		}
	}
	var err error
	if s.translated, err = translatedAll(docs, s.passages); err != nil {
		if idx != nil {
			idx.Close()
		}
		return nil, err
	}
	return s, nil
}

// Translated is the documents' translations into lang, read with its
// language's analyser; nil when none is, or lang is not searched in its
// own words.
func (s *Store) Translated(lang string) *Translated { return s.translated[lang] }

// newest names up to n documents with the latest date, when docs are
// more than one and not all of the same date.
func newest(docs []*Document, n int) []string {
	latest := ""
	for _, d := range docs {
		latest = max(latest, d.Date)
	}
	var out []string
	for _, d := range docs {
		if d.Date == latest && len(out) < n {
			out = append(out, d.Stem)
		}
	}
	if latest == "" || len(out) == len(docs) {
		return nil
	}
	return out
}

// titleIDs gives the documents' titles their term ids, once every term
// has one.
func (s *Store) titleIDs() {
	for _, d := range s.docs {
		d.TitleIDs = s.lookup(d.TitleTerms)
	}
}

type passageDoc struct {
	ID      string `json:"id"`
	Doc     string `json:"doc"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

func newPassageDoc(p *Passage) passageDoc {
	return passageDoc{ID: p.ID, Doc: p.Doc.Stem, Section: p.Section, Text: p.Text}
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

// Prepared returns p with its sentences and terms worked out.
func (s *Store) Prepared(p *Passage) *Passage {
	if p.ready.Load() {
		return p
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.ready.Load() {
		s.prepare(p, nil)
		p.ready.Store(true)
	}
	return p
}

// prepareCounting prepares p while the store is built: new terms get ids,
// and p's sentences, words and years are added to c. A large corpus drops
// what it prepared (Prepared does it again when the passage is needed).
func (s *Store) prepareCounting(p *Passage, c *counts) {
	s.prepare(p, c)
	if len(s.passages) > eagerPassages {
		p.Sentences, p.IDs = nil, nil
		p.SectionTerms, p.SectionWords, p.SectionLine, p.SectionIDs = nil, nil, "", nil
		return
	}
	p.ready.Store(true)
}

// prepare cuts a passage into sentences and analyses them. With c, new
// terms get ids and the passage is counted into c; without, the store is
// only read, so passages may be prepared concurrently.
func (s *Store) prepare(p *Passage, c *counts) {
	p.Sentences = p.Sentences[:0]
	for _, span := range sentenceSpans(p.Text) {
		text := p.Text[span[0]:span[1]]
		sent := Sentence{Start: span[0], End: span[1], Terms: s.Terms(text), Words: Words(text), Names: names(text)}
		sent.Line = line(sent.Words)
		sent.features(text)
		sent.Person = namesPerson(sent.Names, p.Doc)
		if c != nil {
			s.register(sent.Terms)
			seen := make(map[string]bool, len(sent.Terms))
			for _, t := range sent.Terms {
				if !seen[t] {
					seen[t] = true
					c.DF[t]++
				}
			}
			for _, w := range sent.Words {
				c.Vocab[w]++
			}
			for _, y := range sent.Years {
				c.Years[y]++
			}
			c.Sentences++
		}
		sent.IDs = s.lookup(sent.Terms)
		p.Sentences = append(p.Sentences, sent)
	}
	p.SectionTerms = s.Terms(p.Section)
	p.SectionWords = Words(p.Section)
	p.SectionLine = line(p.SectionWords)
	if c != nil {
		s.register(p.SectionTerms)
		for _, w := range p.SectionWords {
			c.Vocab[w]++
		}
	}
	p.SectionIDs = s.lookup(p.SectionTerms)
	var all []string
	for _, x := range p.Sentences {
		all = append(all, x.Terms...)
	}
	p.IDs = s.lookup(all)
}

// register gives new terms ids.
func (s *Store) register(terms []string) {
	for _, t := range terms {
		if _, ok := s.ids[t]; !ok {
			s.ids[t] = uint32(len(s.terms))
			s.terms = append(s.terms, t)
		}
	}
}

// lookup returns the ids of terms, sorted, each once; a term without an id
// (none of the passages holds it) has none.
func (s *Store) lookup(terms []string) []uint32 {
	out := make([]uint32, 0, len(terms))
	for _, t := range terms {
		if id, ok := s.ids[t]; ok {
			out = append(out, id)
		}
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
	n := s.counts.DF[term]
	if n == 0 {
		return 0
	}
	return math.Log(1 + float64(s.counts.Sentences)/float64(n))
}

// MaxIDF is the IDF of a term found in one sentence only.
func (s *Store) MaxIDF() float64 { return math.Log(1 + float64(s.counts.Sentences)) }

// Vocabulary maps every lower-case word of the passages to how often it occurs.
// Callers must not change it.
func (s *Store) Vocabulary() map[string]int { return s.counts.Vocab }

// DocStats are the counts of one document's sentences alone: how rare a
// term is within it.
type DocStats struct {
	df        map[string]int
	sentences int
}

// IDF is the inverse sentence frequency of an analysed term within the
// document; 0 for a term none of its sentences holds.
func (d *DocStats) IDF(term string) float64 {
	n := d.df[term]
	if n == 0 {
		return 0
	}
	return math.Log(1 + float64(d.sentences)/float64(n))
}

// Sentences is how many of the document's sentences hold the analysed
// term.
func (d *DocStats) Sentences(term string) int { return d.df[term] }

// MaxIDF is the IDF of a term found in one of the document's sentences only.
func (d *DocStats) MaxIDF() float64 { return math.Log(1 + float64(d.sentences)) }

// DocStats returns the counts of d, a document of the store: read from the
// index folder, or counted from its passages, the first time.
func (s *Store) DocStats(d *Document) *DocStats {
	if v, ok := s.docStats.Load(d); ok {
		return v.(*DocStats)
	}
	var c counts
	if s.dir == "" || readGob(filepath.Join(s.dir, countsDir, d.Digest()+".gob"), &c) != nil {
		c = newCounts()
		for _, p := range d.Passages {
			for _, sent := range s.Prepared(p).Sentences {
				seen := make(map[string]bool, len(sent.Terms))
				for _, t := range sent.Terms {
					if !seen[t] {
						seen[t] = true
						c.DF[t]++
					}
				}
				c.Sentences++
			}
		}
	}
	v, _ := s.docStats.LoadOrStore(d, &DocStats{df: c.DF, sentences: c.Sentences})
	return v.(*DocStats)
}

// Years lists the years the passages name, in order.
func (s *Store) Years() []int {
	out := make([]int, 0, len(s.counts.Years))
	for y := range s.counts.Years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Documents returns the indexed documents in file name order.
func (s *Store) Documents() []*Document { return s.docs }

// Passages returns every passage in reading order, document by document.
// Their sentences may not be worked out yet: see Prepared.
func (s *Store) Passages() []*Passage { return s.passages }

// Passage finds a passage by its id ("report#3"), prepared.
func (s *Store) Passage(id string) (*Passage, bool) {
	p, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return s.Prepared(p), true
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
	return s.search(ctx, terms, k, nil)
}

// search runs Search, over the passages within matches only when within
// is not nil.
func (s *Store) search(ctx context.Context, terms []Term, k int, within query.Query) ([]Hit, error) {
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
	var q query.Query = query.NewDisjunctionQuery(qs)
	if within != nil {
		q = query.NewConjunctionQuery([]query.Query{q, within})
	}
	// The k best, ties in document and paragraph order, the same on any
	// index: among few passages every hit is fetched and the k cut here;
	// among many, bleve breaks ties by id.
	size := k
	if len(s.passages) <= fetchAll {
		size = len(s.passages)
	}
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	if size == k {
		req.SortBy([]string{"-_score", "_id"})
	}
	res, err := s.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if p, ok := s.byID[h.ID]; ok {
			if p.Intro != nil {
				s.Prepared(p.Intro)
			}
			hits = append(hits, Hit{Passage: s.Prepared(p), Score: h.Score})
		}
	}
	sortHits(hits)
	return hits[:min(len(hits), k)], nil
}

// fetchAll is the most passages a search fetches every hit of.
const fetchAll = 512

// sortHits puts hits best first, and hits that score the same in document
// and paragraph order. Scores are compared to nine significant digits: an
// index in memory and one on disk, or one built in one batch and one
// updated, may sum the same weights in another order.
func sortHits(hits []Hit) {
	type keyed struct {
		Hit
		key float64
	}
	ks := make([]keyed, len(hits))
	for i, h := range hits {
		ks[i] = keyed{h, rounded(h.Score)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(b.key, a.key); c != 0 {
			return c
		}
		return cmp.Compare(a.Passage.Order, b.Passage.Order)
	})
	for i := range ks {
		hits[i] = ks[i].Hit
	}
}

func rounded(x float64) float64 {
	if x == 0 {
		return 0
	}
	scale := math.Pow(10, 9-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*scale) / scale
}

// SearchWithin is Search over the passages of the documents named (by
// stem) only.
func (s *Store) SearchWithin(ctx context.Context, stems []string, terms []Term, k int) ([]Hit, error) {
	if len(stems) == 0 {
		return nil, nil
	}
	docs := make([]query.Query, 0, len(stems))
	for _, stem := range stems {
		q := query.NewTermQuery(stem)
		q.SetField("doc")
		q.SetBoost(0)
		docs = append(docs, q)
	}
	return s.search(ctx, terms, k, query.NewDisjunctionQuery(docs))
}

// Newest names (by stem) the documents with the latest date, when there
// are several documents; up to eight.
func (s *Store) Newest() []string { return s.newest }

// Match runs a stock bleve match query over the passages: the baseline that
// citebot's own retrieval is measured against.
func (s *Store) Match(ctx context.Context, text string, k int) ([]Hit, error) {
	q := query.NewMatchQuery(text)
	q.SetField("text")
	req := bleve.NewSearchRequestOptions(q, k, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := s.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: match: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if p, ok := s.byID[h.ID]; ok {
			hits = append(hits, Hit{Passage: s.Prepared(p), Score: h.Score})
		}
	}
	sortHits(hits)
	return hits, nil
}

// Close releases the bleve index; closing again does nothing.
func (s *Store) Close() error {
	var err error
	s.closed.Do(func() { err = s.index.Close() })
	return err
}
