package answers

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"citebot/index"
)

// Tuning of retrieval, measured on the eval set (see README). Variables, so
// that a test can sweep them.
var (
	candidates     = 8 // passages fetched from the index per question
	ownSearches    = 1 // documents first found, each searched on its own too
	maxSearchTerms = 4 // index terms a question is searched with
	// Among more than manyPassages passages, a question is searched with
	// up to maxSearchTermsMany terms, for candidatesMany passages.
	manyPassages       = 2000
	maxSearchTermsMany = 8
	candidatesMany     = 32
	// commonIDF is the IDF of a term in one sentence of eleven: among many
	// passages, such a term finds too many to be worth searching for.
	commonIDF     = 2.4
	contextWeight = 0.3  // a concept met in the passage around a sentence, not in it
	introWeight   = 0.65 // a concept met in the opening of the list a passage is an item of
	answerAt      = 0.45 // the least coverage of a span that answers
	relatedAt     = 0.25 // the least coverage of a span shown as related
	supportRatio  = 0.85 // a supporting quote covers at least this share of the answer's coverage
	kindBonus     = 0.08 // added for a span that holds the kind of fact asked for
	margin        = 0.25 // an answer may cover this much less than the best-matching span, no more
	recencySlack  = 0.4  // a newer document's answer may rank this much below the best and be given instead
	globalAt      = 0.9  // the least coverage of an answer with the concepts weighed over all the documents
	docMargin     = 0.15 // an answer's document may say this much less of the question than another document, no more
	maxList       = 5    // list items quoted for a question a list answers
	pairCost      = 0.1  // a two-sentence quote must cover this much more than one sentence…
	pairAlike     = 0.9  // …unless each of the two covers this share of what both do
	oovFactor     = 0.75 // a concept the documents never mention weighs this share of the rarest term
	maxSupport    = 2
	maxRelated    = 2
)

// span is one or two neighbouring sentences of a passage.
type span struct {
	p        *index.Passage
	from, to int // sentence indices, inclusive
	coverage float64
	gcov     float64 // coverage with the concepts weighed over all documents
	rank     float64 // coverage with bonuses, for ordering
	eligible bool    // names what the question names and holds the kind of fact it asks
	content  bool    // says a word of weight the question asks, beside places (or it asks none)
	hitRank  int
	item     bool      // the item of a list the question asks for by its place ("the second demand", "the last one")
	f        *features // nil unless a scorer weighs the spans (see rank)
	score    float64   // the scorer's: how likely the span answers
}

func (s *span) quote() string {
	return s.p.Text[s.p.Sentences[s.from].Start:s.p.Sentences[s.to].End]
}

func (s *span) citation() Citation { return cite(s.p, s.quote()) }

func (s *span) overlaps(o *span) bool {
	return s.p == o.p && s.from <= o.to && o.from <= s.to
}

type result struct {
	best    *span
	top     *span      // the best-ranked span, answering or not, that is clear enough (see clearEnough) when one is
	lead    *span      // the opening of a list that answers
	list    []Citation // the list's items, when one answers
	support []Citation
	related []Citation
	date    string
	fitted  bool // the fitted model chose best, the rules holding none
}

func (r result) asOf() string { return r.date }

// docOf is the answer's document, or nil.
func (r result) docOf() *index.Document {
	if r.best == nil {
		return nil
	}
	return r.best.p.Doc
}

// rank scores every sentence (with the one before it, when it refers back)
// of the passages the index finds for q, eligible spans first (see
// ranked).
func (e *Engine) rank(ctx context.Context, q query, full bool) ([]*span, error) {
	found, err := e.candidates(ctx, q, full)
	if err != nil {
		return nil, err
	}
	return e.ranked(found, q, full), nil
}

// ranked scores every span of the passages found for q, eligible spans
// first, then by rank. With full every span carries its features and,
// when the engine has a scorer, the scorer's score.
func (e *Engine) ranked(found found, q query, full bool) []*span {
	if full {
		e.plainTerms(&q)
	}
	spans, met := e.spans(found, q, full)
	if full {
		e.compare(spans, q, met)
		if sc := e.scorer.Load(); sc != nil {
			for _, s := range spans {
				s.score = (*sc).Rank(s.f)
			}
		}
	}
	slices.SortStableFunc(spans, func(a, b *span) int {
		switch {
		case a.eligible != b.eligible:
			if a.eligible {
				return -1
			}
			return 1
		case a.item != b.item:
			// "and the last demand?" asks for an item, not for any
			// sentence that shares the question's words.
			if a.item {
				return -1
			}
			return 1
		case a.rank != b.rank:
			return cmp.Compare(b.rank, a.rank)
		case a.to-a.from != b.to-b.from:
			return cmp.Compare(a.to-a.from, b.to-b.from) // the shorter quote
		}
		return cmp.Compare(a.hitRank, b.hitRank)
	})
	return spans
}

// spans are the sentences of the passages found, and the pairs of
// neighbouring sentences that may answer together, each judged; met, the
// concepts any of them meets, a bit each.
func (e *Engine) spans(found found, q query, full bool) (spans []*span, met uint64) {
	global := weighing{total: 0}
	for _, c := range q.concepts {
		global.w = append(global.w, c.weight)
		global.total += c.weight
	}
	byDoc := make(map[*index.Document]*weighing, 4)
	n := 0
	for _, p := range found.passages {
		n += 2 * len(p.Sentences)
	}
	slab := make([]span, 0, n) // never grows: the pointers below stay good
	spans = make([]*span, 0, n)
	var fs []features
	if full {
		fs = make([]features, n)
	}
	add := func(s span) *span {
		if full {
			s.f = &fs[len(slab)]
			s.f[fHitScore] = ratioOf(found.score[s.p], found.top)
		}
		slab = append(slab, s)
		spans = append(spans, &slab[len(slab)-1])
		return spans[len(spans)-1]
	}
	covers, best := e.docCovers(found.passages, q)
	for rank, p := range found.passages {
		wt := &global
		if len(e.store.Documents()) > 1 {
			if wt = byDoc[p.Doc]; wt == nil {
				wt = e.weighIn(p.Doc, q)
				byDoc[p.Doc] = wt
			}
		}
		m := e.match(p, q)
		singles := make([]*span, len(p.Sentences))
		for i := range p.Sentences {
			from := i
			if i > 0 && p.Sentences[i].PointsBack {
				from = i - 1
			}
			singles[i] = add(span{p: p, from: from, to: i, hitRank: rank})
			met |= e.judge(singles[i], q, wt, m)
		}
		// Two sentences together may answer what neither does alone
		// ("The findings are corroborated by UN monitoring. The UN
		// Assistance Mission … documented …"), when each holds part of it.
		for i := 0; i+1 < len(p.Sentences); i++ {
			if singles[i].from != i || !m.any(i) || !m.any(i+1) {
				continue
			}
			pair := add(span{p: p, from: i, to: i + 1, hitRank: rank})
			met |= e.judge(pair, q, wt, m)
			// Each sentence speaking to the question about as well as the
			// other, both are quoted ("… paints a harrowing picture.
			// Returnees described being detained …"); else the pair must
			// cover more than one alone. (A sentence that points back is
			// quoted with the one before: its own coverage is that pair's.)
			if min(singles[i].coverage, singles[i+1].coverage) < pairAlike*pair.coverage {
				pair.rank -= pairCost
			}
		}
	}
	if covers != nil {
		for _, s := range spans {
			gap := best - covers[s.p.Doc]
			if s.f != nil {
				s.f[fDocCoverGap] = gap
			}
			// Another document says much more of what is asked: the
			// question is about that one.
			s.eligible = s.eligible && gap <= docMargin
		}
	}
	return spans, met
}

// retrieve finds the span that answers q, if any, and the quotes that
// support it, or else the related ones.
func (e *Engine) retrieve(ctx context.Context, q query) (result, error) {
	sc := e.scorer.Load()
	found, err := e.candidates(ctx, q, sc != nil) // the scores, for the features
	if err != nil {
		return result{}, err
	}
	spans := e.ranked(found, q, false)
	var r result
	if len(spans) > 0 {
		r.date, r.top = spans[0].p.Doc.Date, e.closest(spans)
	}
	best := e.answer(spans)
	if best == nil && sc != nil && !q.claim && !q.checks {
		// The rules hold no span to answer: the fitted model may, weighing
		// every span's features. A claim keeps to the rules' evidence,
		// which its verdict models were fitted on.
		byScore := e.ranked(found, q, true)
		slices.SortStableFunc(byScore, func(a, b *span) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.to-a.from, b.to-b.from) // the shorter quote
		})
		if best = decide(*sc, byScore); best != nil {
			spans, r.fitted = byScore, true
		}
	}
	if best != nil {
		r.best = best
		r.date = r.best.p.Doc.Date
		e.extend(r.best)
		if q.kind == kindWho {
			attribute(r.best)
		}
		lead := r.best
		// An item answers a question for several things with its whole
		// list, unless it answers far better than the items beside it.
		if in := r.best.p.Intro; in != nil && q.list && q.ordinal == 0 && e.itemsAlike(spans, r.best) {
			last := len(in.Sentences) - 1
			lead = &span{p: in, from: last, to: last}
		}
		if items := listItems(lead); len(items) > 0 {
			r.lead = lead
			for _, it := range items {
				r.list = append(r.list, cite(it, it.Text))
			}
			return r, nil
		}
		used := []*span{r.best}
		for _, s := range spans {
			if len(r.support) == maxSupport || !supports(s, r.best, r.fitted) {
				break
			}
			// Support comes from the answer's own document: another
			// one's figures are of another time or place.
			if s.p.Doc != r.best.p.Doc || overlapsAny(s, used) {
				continue
			}
			used = append(used, s)
			r.support = append(r.support, s.citation())
		}
		return r, nil
	}
	slices.SortStableFunc(spans, func(a, b *span) int { return cmp.Compare(b.coverage, a.coverage) })
	var used []*span
	for _, s := range spans {
		if len(r.related) == maxRelated || s.coverage < relatedAt {
			break
		}
		// A passage that meets only a place or an everyday word ("people")
		// is not related to the question.
		if !s.content || overlapsAny(s, used) {
			continue
		}
		used = append(used, s)
		r.related = append(r.related, s.citation())
	}
	return r, nil
}

// closest is the best-ranked of spans that would be clear enough as an
// answer (see clearEnough), else the best-ranked: among many documents, a
// sentence of an older one that meets the question's words by chance is
// not the closest to it.
func (e *Engine) closest(spans []*span) *span {
	if i := slices.IndexFunc(spans, e.clearEnough); i > 0 {
		return spans[i]
	}
	return spans[0]
}

// answer picks the span that answers, or nil: the best eligible one (see
// newer), when it covers enough of the question, no span of its document
// covers much more (then the question is about something it does not
// name), and it is clear enough (see clearEnough).
func (e *Engine) answer(spans []*span) *span {
	if len(spans) == 0 || !spans[0].eligible || spans[0].coverage < answerAt {
		return nil
	}
	best := e.newer(spans)
	top := 0.0
	for _, s := range spans {
		if s.p.Doc == best.p.Doc {
			top = max(top, s.coverage)
		}
	}
	// The item asked for by its place answers though another sentence
	// shares more of the question's words.
	if (!best.item && best.coverage < top-margin) || !e.clearEnough(best) {
		return nil
	}
	return best
}

// clearEnough tells whether an answer from an older document covers the
// question well also when its concepts are weighed over all documents. The
// newest documents are the sources asked about; among a thousand older
// ones, some sentence matches part of almost any question by chance. Among
// a few documents, as when moderators add one on another subject, every
// document answers for itself.
func (e *Engine) clearEnough(s *span) bool {
	if len(e.store.Passages()) <= manyPassages {
		return true // a few documents: each is as much a source as the newest
	}
	newest := e.store.Newest() // none: one document, or all of one date
	return len(newest) == 0 || slices.Contains(newest, s.p.Doc.Stem) || s.gcov >= globalAt
}

// newer picks the answer among the eligible spans that rank nearly as
// well as the best (spans[0]): one from the newest documents, when one is
// within recencySlack of the best; else, among spans ranked alike, the one
// from the latest document. The newest documents are the sources asked
// about, and a question that names no date asks about now.
func (e *Engine) newer(spans []*span) *span {
	best := spans[0]
	newest := e.store.Newest()
	// Among a few documents, each on its own subject, the newest is no
	// likelier the one asked about: only ties go to it.
	if len(e.store.Passages()) <= manyPassages {
		newest = nil
	}
	if len(newest) > 0 && !slices.Contains(newest, best.p.Doc.Stem) {
		for _, s := range spans[1:] {
			if !s.eligible || s.rank < best.rank-recencySlack {
				break
			}
			if s.coverage >= answerAt && slices.Contains(newest, s.p.Doc.Stem) {
				return s
			}
		}
	}
	for _, s := range spans[1:] {
		if !s.eligible || s.rank < spans[0].rank {
			break
		}
		if s.p.Doc.Date > best.p.Doc.Date {
			best = s
		}
	}
	return best
}

func overlapsAny(s *span, used []*span) bool {
	for _, u := range used {
		if s.overlaps(u) {
			return true
		}
	}
	return false
}

// docCovers is, when the passages come from a few documents, how much of
// q's weight each of their documents says anywhere, and the most any says.
// (Among many documents of one subject, most say most words of any
// question: clearEnough and newer weigh those.)
func (e *Engine) docCovers(passages []*index.Passage, q query) (map[*index.Document]float64, float64) {
	if len(e.store.Documents()) < 2 || len(e.store.Passages()) > manyPassages {
		return nil, 0
	}
	covers := make(map[*index.Document]float64, 4)
	best := 0.0
	for _, p := range passages {
		d := p.Doc
		if _, ok := covers[d]; ok {
			continue
		}
		st := e.store.DocStats(d)
		said, total := 0.0, 0.0
		for _, c := range q.concepts {
			total += c.weight
			sure := 0.0
			for _, a := range c.alts {
				if !slices.ContainsFunc(a.terms, func(t string) bool { return st.IDF(t) == 0 }) {
					sure = max(sure, a.w)
				}
			}
			said += c.weight * sure
		}
		covers[d] = ratioOf(said, total)
		best = max(best, covers[d])
	}
	return covers, best
}

// weighing is how much each concept of a question matters (as
// concept.weight), and their sum.
type weighing struct {
	w     []float64
	total float64
}

// weighIn weighs the question's concepts by their rarity within document
// d alone, as they are weighed when d is the only document: among many
// documents, the words common to all of them would otherwise decide, and
// a document's passages would be judged by what the others say.
func (e *Engine) weighIn(d *index.Document, q query) *weighing {
	st := e.store.DocStats(d)
	wt := &weighing{w: make([]float64, len(q.concepts))}
	for c, con := range q.concepts {
		idf := func(a alt) float64 {
			top := 0.0
			for _, t := range a.terms {
				v := st.IDF(t)
				if v == 0 {
					return 0
				}
				top = max(top, v)
			}
			return top
		}
		w := idf(con.alts[0])
		if w == 0 {
			sum, n := 0.0, 0
			for _, a := range con.alts[1:] {
				if v := idf(a); v > 0 {
					sum += v
					n++
				}
			}
			if w = oovFactor * st.MaxIDF(); n > 0 {
				w = sum / float64(n)
			}
		}
		if con.light {
			w *= lightWeight
		}
		wt.w[c] = w
		wt.total += w
	}
	return wt
}

// judge scores a span: how much of the question's weight it covers, and
// whether it names the places and years the question names and holds the
// kind of fact asked for. It returns the concepts the span meets, a bit
// each.
func (e *Engine) judge(s *span, q query, wt *weighing, m matches) (mask uint64) {
	p := s.p
	// How much of each concept the span meets, weighed within its document
	// (coverage) and over all documents (gcov; the same with one document).
	score, global, globalTotal := 0.0, 0.0, 0.0
	// Of the concepts the sentences before the last say, of those other
	// than places, and of those that name a group of people by role.
	var context, content, role share
	asksContent, saysContent := false, false // a concept of weight beside places; one the span says
	for c, con := range q.concepts {
		in := 0.0
		for i := s.from; i <= s.to; i++ {
			in = max(in, m.in[i][c])
			// "Which countries …": a sentence that names countries says it.
			if in < partWeight && q.kind == kindWhere && placeWords[con.alts[0].terms[0]] && len(con.alts[0].terms) == 1 && e.placesIn(p).other[&p.Sentences[i]] {
				in = partWeight
			}
		}
		// "Amnesty calls for: … humanitarian visas": an item of a list says
		// what the list's opening says of it.
		met := max(in, contextWeight*m.around[c], introWeight*m.intro[c])
		if !con.place && !con.light {
			asksContent = true
			saysContent = saysContent || max(in, introWeight*m.intro[c]) >= 0.5
		}
		score += wt.w[c] * met
		context.add(con.context, wt.w[c], met)
		content.add(!con.place, wt.w[c], met)
		role.add(con.role, wt.w[c], met)
		global += con.weight * met
		globalTotal += con.weight
		if met < 0.5 && wt.total > 0 && s.f != nil {
			s.f[fMissingHeaviest] = max(s.f[fMissingHeaviest], wt.w[c]/wt.total)
		} else if met >= 0.5 && c < 64 {
			mask |= 1 << c
		}
	}
	if wt.total > 0 {
		s.coverage = score / wt.total
	}
	if s.f != nil {
		s.f[fAskedCoverage] = ratioOf(score-context.in, wt.total-context.total)
		s.f[fContextCoverage], s.f[fContentCoverage] = context.ratio(), content.ratio()
		s.f.set(fRoleAsked, role.total > 0)
		s.f[fRoleMet] = role.ratio()
	}
	if globalTotal > 0 {
		s.gcov = global / globalTotal
	}
	if q.trans != nil {
		// Said in the question's own language by the sentence's
		// translation: as much of it is covered.
		tc := q.trans.coverage(p, s.from, s.to)
		if s.f != nil {
			s.f[fTransCoverage] = tc
		}
		if q.trans.only {
			// The words the tables read weigh with those they do not,
			// these met in translation.
			in, total := q.trans.unreadCoverage(p, s.from, s.to)
			s.coverage = ratioOf(score+in, wt.total+total)
			s.gcov = ratioOf(global+in, globalTotal+total)
		}
		s.coverage, s.gcov = max(s.coverage, tc), max(s.gcov, tc)
		saysContent = saysContent || tc >= 0.5
	}
	s.rank += s.coverage
	s.content = !asksContent || saysContent
	e.signals(s, q, wt, m)
	return mask
}

// share is how much of the weight of some of a question's concepts a
// span meets, and their weight.
type share struct{ in, total float64 }

// add counts a concept of weight w the span meets met of, when it is one
// of those counted.
func (s *share) add(counted bool, w, met float64) {
	if counted {
		s.in += w * met
		s.total += w
	}
}

func (s share) ratio() float64 { return ratioOf(s.in, s.total) }

func anySentence(ss []index.Sentence, f func(*index.Sentence) bool) bool {
	for i := range ss {
		if f(&ss[i]) {
			return true
		}
	}
	return false
}

// matches says how well each concept of a question is met in each sentence
// of a passage, and around them (the passage, its heading, its document's
// title, the opening of its list).
type matches struct {
	in     [][]float64 // [sentence][concept]
	around []float64   // [concept]
	intro  []float64   // [concept]: met in the opening of the list the passage is an item of
	// elsewhere: the question names a name the passage's document uses
	// but the passage does not (see nameElsewhere).
	elsewhere bool
}

// any tells whether sentence i holds at least one concept.
func (m matches) any(i int) bool {
	for _, v := range m.in[i] {
		if v >= 0.5 {
			return true
		}
	}
	return false
}

// idsFor is the term ids of sentence x a question may meet: all of them,
// but for the words of an organisation's name the question does not name.
func (e *Engine) idsFor(pp *passagePlaces, x *index.Sentence, q query) []uint32 {
	ids, ok := pp.unnamed[x]
	if !ok {
		return x.IDs
	}
	for _, o := range pp.orgs[x] {
		if slices.Contains(q.orgs, o) {
			return x.IDs
		}
	}
	return ids
}

func (e *Engine) match(p *index.Passage, q query) matches {
	n := len(q.concepts)
	cells := make([]float64, (len(p.Sentences)+2)*n)
	m := matches{in: make([][]float64, len(p.Sentences)), around: cells[:n], intro: cells[n : 2*n], elsewhere: e.nameElsewhere(p, &q)}
	pp := e.placesIn(p)
	var intro []uint32
	if p.Intro != nil {
		intro = p.Intro.IDs
	}
	for i := range p.Sentences {
		m.in[i] = cells[(i+2)*n : (i+3)*n]
	}
	for c, con := range q.concepts {
		// A place the document's title names is what every passage of it
		// is about: "in Afghanistan" does not tell its passages apart.
		if con.place && titleNames(con, p.Doc) {
			for i := range p.Sentences {
				m.in[i][c] = 1
			}
			m.around[c] = 1
			continue
		}
		for _, a := range con.alts {
			around := fraction(a.ids, p.IDs, p.SectionIDs, p.Doc.TitleIDs, intro)
			if around == 0 {
				continue // nowhere near: in no sentence either
			}
			m.around[c] = max(m.around[c], a.w*around)
			if intro != nil {
				m.intro[c] = max(m.intro[c], a.w*fraction(a.ids, intro))
			}
			if fraction(a.ids, p.IDs) == 0 {
				continue
			}
			for i := range p.Sentences {
				m.in[i][c] = max(m.in[i][c], a.w*fraction(a.ids, e.idsFor(pp, &p.Sentences[i], q)))
			}
		}
	}
	e.speakerGoesOn(p, q, m)
	return m
}

// speakerGoesOn lets a sentence inside a quotation that goes on from one
// quoting q's speaker meet the speaker's name as that one does: "States
// are outsourcing …" is Smriti Singh's as much as "…,” said Smriti Singh".
func (e *Engine) speakerGoesOn(p *index.Passage, q query, m matches) {
	if len(q.speaker) == 0 {
		return
	}
	from := -1 // the last sentence that quotes the speaker
	for i := range p.Sentences {
		if e.quotes(p, i, q.speaker) {
			from = i
			continue
		}
		if from < 0 || !inQuotation(p, i) {
			continue
		}
		for c, con := range q.concepts {
			if !slices.ContainsFunc(con.alts[0].terms, func(t string) bool { return !slices.Contains(q.speaker, t) }) {
				m.in[i][c] = max(m.in[i][c], m.in[from][c])
			}
		}
	}
}

// namesPlace tells whether a sentence names a place other than those its
// document's title names.
func (e *Engine) namesPlace(x *index.Sentence, d *index.Document) bool {
	return e.namesPlaceBut(x, d, nil)
}

// placeWords are the terms of words for places in general.
var placeWords = wordSet("place_words")

// passageNames tells whether any sentence of p names one of places.
func (e *Engine) passageNames(p *index.Passage, places []int) bool {
	pp := e.placesIn(p)
	for i := range p.Sentences {
		if slices.ContainsFunc(pp.lines[p.Sentences[i].Line], func(pl int) bool { return slices.Contains(places, pl) }) {
			return true
		}
	}
	return false
}

// namesPlaceBut tells whether a sentence names a place other than those its
// document's title names and those in aside: "which countries besides Iran"
// is not answered by a sentence that names Iran alone.
func (e *Engine) namesPlaceBut(x *index.Sentence, d *index.Document, aside []int) bool {
	for _, pa := range e.lex.placesIn(x.Words) {
		if slices.Contains(aside, pa.place) {
			continue
		}
		named := false
		for _, name := range e.lex.places[pa.place] {
			named = named || strings.Contains(d.TitleLine, " "+name+" ")
		}
		if !named {
			return true
		}
	}
	return false
}

// asksYear tells whether the question names year y or means it ("this
// year", when now is y).
func asksYear(now int, q query, y int) bool {
	for _, w := range q.years {
		if w == y {
			return true
		}
	}
	if now == 0 {
		return false
	}
	for _, off := range q.relYears {
		if now+off == y {
			return true
		}
	}
	return q.relative && len(q.relYears) == 0 && y == now
}

// namesOther tells whether a sentence names someone other than those its
// document's title names.
func namesOther(x *index.Sentence, d *index.Document) bool {
	title := strings.ToLower(d.Title)
	for _, n := range x.Names {
		if !strings.Contains(title, strings.ToLower(n)) {
			return true
		}
	}
	return false
}

// fraction is the share of ids found in any of the sorted id lists; a
// phrase found only in part counts half as much, since its words may stand
// there in another sense.
func fraction(ids []uint32, lists ...[]uint32) float64 {
	found := 0
	for _, id := range ids {
		for _, l := range lists {
			if index.HasTerm(l, id) {
				found++
				break
			}
		}
	}
	if found == len(ids) {
		return 1
	}
	return 0.5 * float64(found) / float64(len(ids))
}

// namesPlaces: every place the question names is named by the span, its
// section heading or its document's title.
func (e *Engine) namesPlaces(s *span, sents []index.Sentence, q query) bool {
	pp := e.placesIn(s.p)
	for _, pl := range q.places {
		found := slices.Contains(pp.lines[s.p.SectionLine], pl) || slices.Contains(e.titleNames[s.p.Doc], pl)
		for i := 0; i < len(sents) && !found; i++ {
			found = slices.Contains(pp.lines[sents[i].Line], pl)
		}
		if !found {
			return false
		}
	}
	// "How many did Pakistan deport": a figure given in a sentence that
	// names other places only is theirs, whatever the paragraph says next.
	if q.kind == kindCount && len(q.places) > 0 {
		for i := range sents {
			x := &sents[i]
			if !x.Figure {
				continue
			}
			named := pp.named[x]
			if len(named) > 0 && !slices.ContainsFunc(named, func(pa placeAt) bool { return slices.Contains(q.places, pa.place) }) {
				return false
			}
		}
	}
	// "Besides Iran and Pakistan, where …", "any other countries?" after
	// an answer that named them: a span that names no other place does
	// not answer.
	if q.kind == kindWhere && len(q.aside) > 0 {
		return anySentence(sents, func(x *index.Sentence) bool { return e.namesPlaceBut(x, s.p.Doc, q.aside) })
	}
	return true
}

// namesYears: every year the question names (or means, with "last year"
// as of now) is a year the span names; a span that names no year stands
// for its document's year.
func namesYears(d *index.Document, now int, sents []index.Sentence, q query) bool {
	docYear := d.Year()
	named := false
	for _, x := range sents {
		named = named || len(x.Years) > 0
	}
	ok := func(y int) bool {
		if !named {
			return y == docYear
		}
		for _, x := range sents {
			for _, z := range x.Years {
				if z == y {
					return true
				}
			}
		}
		return false
	}
	for _, y := range q.years {
		if !ok(y) {
			return false
		}
	}
	for _, off := range q.relYears {
		if now == 0 || !ok(now+off) {
			return false
		}
	}
	return true
}

// namesMonths: every month the question names is named by the span or lies
// in a range it names.
func namesMonths(sents []index.Sentence, q query) bool {
	for _, m := range q.months {
		found := false
		for _, x := range sents {
			for _, n := range x.Months {
				found = found || n == m
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// extend adds the next sentence to a span when that sentence opens by
// pointing back at it ("This principle prohibits…"): it says what the span
// means.
func (e *Engine) extend(s *span) {
	next := s.to + 1
	if next >= len(s.p.Sentences) {
		return
	}
	if s.p.Sentences[next].PointsBack {
		s.to = next
	}
}

// attribute widens a span that names no one back to the sentence, at most
// two before it in its paragraph, that says who speaks: "who said states
// are outsourcing …" is answered with "…,” said Smriti Singh, … States are
// outsourcing …".
func attribute(s *span) {
	sents := s.p.Sentences
	for i := s.from; i <= s.to; i++ {
		if sents[i].Person {
			return
		}
	}
	for k := s.from - 1; k >= 0 && k >= s.from-2; k-- {
		x := &sents[k]
		if x.Person && slices.ContainsFunc(x.Words, func(w string) bool { return sayingWords[w] }) {
			s.from = k
			return
		}
	}
}

// listItems returns the items of the list a span opens ("… calls for:"),
// when the span ends its passage with a colon.
func listItems(s *span) []*index.Passage {
	p := s.p
	if s.to != len(p.Sentences)-1 || !strings.HasSuffix(p.Text, ":") {
		return nil
	}
	var out []*index.Passage
	for _, next := range p.Doc.Passages[p.N:] {
		if next.Intro != p {
			break
		}
		out = append(out, next)
	}
	return out
}

// namedIn lists the places a line of words names.
func (e *Engine) namedIn(line string) []int {
	var named []int
	for _, pa := range e.lex.placesIn(strings.Fields(line)) {
		named = append(named, pa.place)
	}
	return named
}

// itemsAlike tells whether another item of best's list covers the question
// nearly as well as best does.
func (e *Engine) itemsAlike(spans []*span, best *span) bool {
	for _, s := range spans {
		if s.p != best.p && s.p.Intro == best.p.Intro && s.coverage >= 0.8*best.coverage {
			return true
		}
	}
	return false
}

// titleNames tells whether a document's title says a concept whole.
func titleNames(c concept, d *index.Document) bool {
	for _, a := range c.alts {
		if fraction(a.ids, d.TitleIDs) == 1 {
			return true
		}
	}
	return false
}

// splitsJoined tells whether the question names some, not all, of places a
// sentence names together: "how many did Iran deport" of "2.6 million …
// from Iran and Pakistan" asks for a figure the sentence does not give.
func (e *Engine) splitsJoined(p *index.Passage, sents []index.Sentence, q query) bool {
	for i := range sents {
		for _, run := range e.placesIn(p).joined[&sents[i]] {
			named := 0
			for _, pl := range run {
				if slices.Contains(q.places, pl) {
					named++
				}
			}
			// Some of them, or each of them apart ("Iran vs Pakistan, separately").
			if named > 0 && (named < len(run) || q.split) {
				return true
			}
		}
	}
	return false
}

// namesCounted: a question "how many X" is answered by a span that says
// X, or a way of saying it, not only by one near it.
func namesCounted(s *span, q query, m matches) bool {
	asked := false
	for c, con := range q.concepts {
		if !slices.ContainsFunc(con.alts[0].terms, func(t string) bool { return slices.Contains(q.counted, t) }) {
			continue
		}
		asked = true
		for i := s.from; i <= s.to; i++ {
			if m.in[i][c] > 0 {
				return true
			}
		}
	}
	return !asked // no concept of the counted words ("how many of them")
}

// peopleGroups are words for groups of people. A figure a sentence gives
// for two of them joined by "and" ("60% … are women and children") is for
// the two together: it does not say how many of either there are.
var peopleGroups = wordList("people_groups")

// splitsGroups tells whether a count question asks for one of two groups
// of people a sentence counts together, or for each of them apart.
func (e *Engine) splitsGroups(sents []index.Sentence, q query) bool {
	for _, x := range sents {
		for i := 1; i+1 < len(x.Words); i++ {
			if x.Words[i] != "and" || !e.groupWord(x.Words[i-1]) || !e.groupWord(x.Words[i+1]) {
				continue
			}
			named := 0
			for _, w := range []string{x.Words[i-1], x.Words[i+1]} {
				if e.asksFor(q, e.termsOf(w)) {
					named++
				}
			}
			if named > 0 && (named < 2 || q.split || q.excludes) {
				return true
			}
		}
	}
	return false
}

// groupWord tells whether w is a word for a group of people.
func (e *Engine) groupWord(w string) bool {
	return e.groups[w]
}

// asksFor tells whether one of the question's concepts says terms, in its
// own word or a sure alternative.
func (e *Engine) asksFor(q query, terms []string) bool {
	for _, c := range q.concepts {
		for _, a := range c.alts {
			if a.w >= 0.85 && slices.Equal(a.terms, terms) {
				return true
			}
		}
	}
	return false
}

// voiceOf tells whether the speaker is the one whose words the document
// are (its title names it: "Amnesty International Demands …"), so that any
// of its sentences says what the speaker says.
func voiceOf(d *index.Document, speaker []string) bool {
	for _, t := range speaker {
		if slices.Contains(d.TitleTerms, t) {
			return true
		}
	}
	return false
}

// quotes tells whether sentence i of p gives the words of speaker: a
// saying word ("said", "according") within three words of one of the
// speaker's terms, or, when the sentence opens with the speaker, a saying
// word or a quotation after them, whatever is said of them between
// ("Jonas Rettel, a deputy who sits on the committee and voted against the
// report, said it …", "Halima Tsoren, 41, sold vegetables there: “I had
// the paper …").
func (e *Engine) quotes(p *index.Passage, i int, speaker []string) bool {
	x := &p.Sentences[i]
	names := func(ws []string) bool {
		return slices.ContainsFunc(ws, func(v string) bool {
			return slices.ContainsFunc(e.termsOf(v), func(t string) bool { return slices.Contains(speaker, t) })
		})
	}
	opens := names(x.Words[:min(len(x.Words), 3)])
	if opens && strings.ContainsAny(p.Text[x.Start:x.End], "“\"") {
		return true
	}
	for k, w := range x.Words {
		if !sayingWords[w] && !reportingWords[w] {
			continue
		}
		if (opens && k >= 3) || names(x.Words[max(0, k-3):min(len(x.Words), k+4)]) {
			return true
		}
	}
	return false
}

// spokenBy tells whether a sentence of p from from to to gives the words
// of speaker: it quotes them (quotes), or it stands inside a quotation
// that goes on from a sentence before it that quotes them ("“This
// dangerous rush …,” said Smriti Singh … “It cynically ignores … States are
// outsourcing their refugee responsibilities …”").
func (e *Engine) spokenBy(p *index.Passage, from, to int, speaker []string) bool {
	for i := from; i <= to; i++ {
		if e.quotes(p, i, speaker) {
			return true
		}
		if !inQuotation(p, i) {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if e.quotes(p, j, speaker) {
				return true
			}
		}
	}
	return false
}

// inQuotation tells whether sentence i of p stands inside a quotation: more
// quotation marks open than closed before it in p's text (“ ” or ").
func inQuotation(p *index.Passage, i int) bool {
	before := p.Text[:p.Sentences[i].Start]
	return strings.Count(before, "“") > strings.Count(before, "”") || strings.Count(before, `"`)%2 == 1
}

// reportingWords say, in a source, that someone tells what they found:
// "UNAMA documented 14 killings" is what UNAMA says.
var reportingWords = wordSet("reporting_words")

// splitsPair tells whether a count question names one of two things a
// sentence counts together ("60% … are women and children") and not the
// other. Asked with "only", "among" or "not counting", the figure for both
// does not answer it.
func (e *Engine) splitsPair(sents []index.Sentence, q query) bool {
	asked := func(w string) bool {
		for _, t := range e.termsOf(w) {
			for _, c := range q.concepts {
				for _, a := range c.alts {
					if len(a.terms) == 1 && a.terms[0] == t {
						return true
					}
				}
			}
		}
		return false
	}
	for _, x := range sents {
		if !x.Count {
			continue
		}
		ws := x.Words
		for i := 1; i+1 < len(ws); i++ {
			if ws[i] != "and" || !isLetters(ws[i-1]) || !isLetters(ws[i+1]) || len(ws[i-1]) < 3 || len(ws[i+1]) < 3 {
				continue
			}
			if asked(ws[i-1]) != asked(ws[i+1]) {
				return true
			}
		}
	}
	return false
}

// ratioOf is a over b, or 0 when b is 0.
func ratioOf(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
