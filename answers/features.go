package answers

import (
	"slices"
	"strconv"
	"strings"

	"citebot/index"
)

// The features stage: a fixed vector per (question, span) that the scorer
// weighs. Each feature is one signal, never a conjunction of others; how
// they combine is learned from the labelled sets (model.go, fit.go). The
// README lists them with their fitted weights and what leaving each out
// costs.

// feature indexes a span's feature vector.
type feature int

const (
	fBias            feature = iota // 1: the intercept
	fCoverage                       // share of the question's weight the span meets, weighed within its document
	fGlobalCoverage                 // the same with the concepts weighed over all documents
	fCoverageGap                    // how much less the span covers than the best-covering span found
	fDocGap                         // how much less it covers than the best span of its own document
	fPair                           // two sentences quoted together
	fHitRank                        // 1/(1+r): r is the passage's place among the index's hits
	fAsksCount                      // the question asks how many or what share
	fAsksDate                       // the question asks when
	fAsksWho                        // the question asks who
	fAsksWhere                      // the question asks where
	fKindHeld                       // it asks a count or a date, and the span holds one
	fKindMissing                    // it asks a count or a date, and the span holds none
	fFigureDigits                   // it asks how many, and the span gives a figure in digits
	fNamesSomeone                   // it asks who, and the span names someone
	fNamesPlace                     // it asks where, and the span names a place (not one set aside)
	fYearAsked                      // the span names a year the question asks about
	fCountedMissing                 // "how many X": the span does not say X
	fPlaceMissing                   // a place the question names is not named by the span, its heading or title
	fYearConflict                   // the span's figures are for another year than the one asked
	fMonthConflict                  // the question names a month the span does not
	fSplitsWhole                    // it asks a count of one part of what the span counts together
	fFutureMissing                  // it asks what will happen; the span speaks of no future
	fPersonMissing                  // it asks for a person; the span names none
	fSpeakerMissing                 // it asks what someone said; the span is not their words
	fSplitsPair                     // it asks a count of one of two things the span counts together
	fFigureMissing                  // it states a figure; the span gives none
	fNumberMissing                  // share of the question's numbers the span does not hold
	fNoContent                      // the span meets only places or everyday words of the question
	fUnknownWord                    // the question has a word of weight no document uses, nor any word for it
	fUnknownFocus                   // what "the X of …" asks for is not in the span's document
	fUnknownName                    // a name the question writes is not in the span's document
	fClaim                          // the question checks a claim
	fListItem                       // the question asks for several things and the span is a list item
	fOrdinalItem                    // the span is the item of a list the question asks by number
	fConcepts                       // the question's concepts, over 10
	fMissingHeaviest                // the weight share of the heaviest concept of the question the span does not meet
	fHitScore                       // the passage's index score over the best hit's
	fUnmetAnywhere                  // the weight share of the heaviest concept no candidate span meets
	fPlainOverlap                   // the IDF-weighted share of the question's own terms the span holds
	fPlainContext                   // the same in the span's passage, heading and title
	fBigrams                        // the share of the question's neighbouring term pairs the span holds side by side
	fDocCoverGap                    // how much less of the question the span's document says than the document that says most
	fNewest                         // the span's document is among the newest, and older ones are indexed
	fTransCoverage                  // the share of the question's own words, in its language, the span's translation says
	fNameElsewhere                  // the question names a name the span's document uses, but not in the span's passage, heading or title
	fRankConflict                   // the question names a rank ("22nd", "third") and the span only others
	fNameSwapped                    // a name the document writes, asked beside a word the span holds beside another of its names: "the Halwang years" against "the Aarenthal years"
	fOppositeHeld                   // a question (no claim) qualifies a word with one of a pair the span qualifies it with the other of: "older sister" against "younger sister"
	fAskerSelf                      // the question speaks of the asker: "I", "my", "ich", "من" (a personal signal, personal.go)
	fAskerKin                       // it speaks of a relative or friend: "my brother", "mein Klient" (a personal signal)
	fAskerCase                      // it has a word of one's case: deported, asylum, rejected, danger (a personal signal)
	fListEntry                      // the span's passage is an item of a list
	fAnsweredBefore                 // a follow-up's span is in the passage that answered the turn before
	fAskedCoverage                  // the share of the weight of the message's last sentence the span meets
	fContextCoverage                // the same of the sentences before it, which may tell the asker's situation (0 when none)
	fContentCoverage                // the share of the weight of the question's concepts other than places the span meets
	fRoleAsked                      // the question names a group of people by role: "journalist", "former soldiers" (words.txt's role_words)
	fRoleMet                        // the share of the weight of those groups the span meets (0 when none is named)
	numFeatures
)

// featureNames are the features' names, in order: the model file names
// them, and a model whose names differ is refused.
var featureNames = [numFeatures]string{
	"bias", "coverage", "global_coverage", "coverage_gap", "doc_gap", "pair", "hit_rank",
	"asks_count", "asks_date", "asks_who", "asks_where", "kind_held", "kind_missing",
	"figure_digits", "names_someone", "names_place", "year_asked", "counted_missing",
	"place_missing", "year_conflict", "month_conflict", "splits_whole", "future_missing",
	"person_missing", "speaker_missing", "splits_pair", "figure_missing", "number_missing", "no_content",
	"unknown_word", "unknown_focus", "unknown_name", "claim", "list_item", "ordinal_item",
	"concepts", "missing_heaviest", "hit_score", "unmet_anywhere",
	"plain_overlap", "plain_context", "bigrams", "doc_cover_gap", "newest",
	"translation_coverage", "name_elsewhere", "rank_conflict", "name_swapped", "opposite_held",
	"asker_self", "asker_kin", "asker_case", "list_entry", "answered_before",
	"asked_coverage", "context_coverage", "content_coverage", "role_asked", "role_met",
}

// features is one span's vector.
type features [numFeatures]float64

func (f *features) set(i feature, on bool) {
	if on {
		f[i] = 1
	} else {
		f[i] = 0
	}
}

// plain sets the features of the question's own words, as typed, beside
// its concepts: what a plain search engine sees.
func plain(f *features, s *span, q *query) {
	total, in, around := 0.0, 0.0, 0.0
	p := s.p
	for _, t := range q.plain {
		total += t.idf
		if t.id == index.NoTerm {
			continue
		}
		found := false
		for i := s.from; i <= s.to && !found; i++ {
			found = index.HasTerm(p.Sentences[i].IDs, t.id)
		}
		if found {
			in += t.idf
		}
		if found || index.HasTerm(p.IDs, t.id) || index.HasTerm(p.SectionIDs, t.id) || index.HasTerm(p.Doc.TitleIDs, t.id) {
			around += t.idf
		}
	}
	f[fPlainOverlap], f[fPlainContext] = ratioOf(in, total), ratioOf(around, total)
	pairs, held := 0, 0
	for i := 0; i+1 < len(q.plain); i++ {
		a, b := q.plain[i], q.plain[i+1]
		if a.id == index.NoTerm || b.id == index.NoTerm || a.id == b.id {
			continue
		}
		pairs++
		if holdsPair(p.Sentences[s.from:s.to+1], a, b) {
			held++
		}
	}
	f[fBigrams] = ratioOf(float64(held), float64(pairs))
}

// holdsPair tells whether a sentence of sents has terms a and b side by
// side, in either order.
func holdsPair(sents []index.Sentence, a, b plainTerm) bool {
	for i := range sents {
		x := &sents[i]
		if !index.HasTerm(x.IDs, a.id) || !index.HasTerm(x.IDs, b.id) {
			continue
		}
		for k := 0; k+1 < len(x.Terms); k++ {
			t, u := x.Terms[k], x.Terms[k+1]
			if (t == a.term && u == b.term) || (t == b.term && u == a.term) {
				return true
			}
		}
	}
	return false
}

// FeatureNames lists the features in the order of a model's weights.
func FeatureNames() []string { return featureNames[:] }

// signals works out the span's rank (coverage and bonuses), whether the
// hand-set rules hold it eligible, and, when the span carries features,
// its features.
func (e *Engine) signals(s *span, q query, wt *weighing, m matches) {
	k := e.bonuses(s, q, wt)
	e.conflicts(s, q, m, k)
}

// held is what a span holds of the kind of fact a question asks.
type held struct {
	kind, digits, someone, place, year, ordinal bool
}

// bonuses adds to the span's rank for holding the kind of fact asked (a
// figure in digits for "how many", a name for "who", a place for "where",
// the year asked), and lets the item asked by its number ("the second
// demand") cover what its list's opening covers.
func (e *Engine) bonuses(s *span, q query, wt *weighing) held {
	p := s.p
	sents := p.Sentences[s.from : s.to+1]
	hasKind := true
	switch q.kind {
	case kindCount:
		hasKind = anySentence(sents, func(x *index.Sentence) bool { return x.Count })
	case kindDate:
		hasKind = anySentence(sents, func(x *index.Sentence) bool { return x.Date || (q.duration && x.Count) || (q.timeOfDay && x.Time) })
	}
	digits := anySentence(sents, func(x *index.Sentence) bool { return x.Figure })
	// A figure in digits answers "how many" better than "millions".
	if hasKind && q.kind != kindAny && (q.kind != kindCount || digits) {
		s.rank += kindBonus
		if q.kind == kindCount {
			s.rank += kindBonus / 2
		}
	}
	// "What year are the deportation figures for": a date of a figure.
	if q.figures && q.kind == kindDate && digits {
		s.rank += kindBonus
	}
	someone := q.kind == kindWho && anySentence(sents, func(x *index.Sentence) bool { return namesOther(x, p.Doc) })
	if someone {
		s.rank += kindBonus
	}
	place := q.kind == kindWhere && anySentence(sents, func(x *index.Sentence) bool {
		return e.placesIn(p).other[x] && (len(q.aside) == 0 || e.namesPlaceBut(x, p.Doc, q.aside))
	})
	if place {
		s.rank += kindBonus
		// "Besides Iran and Pakistan": the others are named where those
		// two are, in the same passage.
		if e.passageNames(p, q.aside) {
			s.rank += kindBonus
		}
	}
	// A question about a period prefers the sentence that states it.
	year := anySentence(sents, func(x *index.Sentence) bool {
		return slices.ContainsFunc(x.Years, func(y int) bool { return asksYear(e.now, q, y) })
	})
	if year {
		s.rank += kindBonus
	}
	// "Amnesty's second demand": the second item of a list whose opening
	// matches the question answers it.
	ordinal := p.Intro != nil && (q.ordinal > 0 && p.Item == q.ordinal || q.ordinal == lastItem && lastOfList(p)) && itemsOf(p.Intro, q.ordinalOf)
	s.item = ordinal
	if ordinal {
		intro := &span{p: p.Intro, from: 0, to: len(p.Intro.Sentences) - 1}
		e.judge(intro, query{concepts: q.concepts}, wt, e.match(p.Intro, q))
		s.coverage = max(s.coverage, intro.coverage)
		s.gcov = max(s.gcov, intro.gcov)
		s.rank = max(s.rank, intro.coverage+kindBonus)
	}
	return held{kind: hasKind, digits: digits, someone: someone, place: place, year: year, ordinal: ordinal}
}

// itemsOf tells whether a list that intro opens is of what the terms
// after a question's ordinal name: "the second factor" points at an item
// of "the factors it said contributed most:", "the second boat" at none.
// No terms (nothing after the ordinal, or a word that names an item:
// "the second one", "the third demand") point at any list.
func itemsOf(intro *index.Passage, terms []string) bool {
	return len(terms) == 0 || slices.ContainsFunc(intro.Sentences, func(x index.Sentence) bool {
		return slices.ContainsFunc(terms, func(t string) bool { return slices.Contains(x.Terms, t) })
	})
}

// conflicts sets whether the hand-set rules hold the span eligible and,
// when it carries features, its features.
func (e *Engine) conflicts(s *span, q query, m matches, k held) {
	p := s.p
	sents := p.Sentences[s.from : s.to+1]
	// "Germany asylum": a sentence that names Germany and says nothing of
	// asylum does not answer it.
	s.eligible = k.kind && s.content && !(q.claim && q.unknown)
	f := s.f
	if f == nil {
		for _, c := range conflictRules {
			if !s.eligible {
				return
			}
			s.eligible = !e.conflict(c, s, &q, m, sents)
		}
		return
	}
	for _, c := range conflictRules {
		hit := e.conflict(c, s, &q, m, sents)
		f.set(c, hit)
		s.eligible = s.eligible && !hit
	}
	asksKind := q.kind == kindCount || q.kind == kindDate
	f.set(fAsksCount, q.kind == kindCount)
	f.set(fAsksDate, q.kind == kindDate)
	f.set(fAsksWho, q.kind == kindWho)
	f.set(fAsksWhere, q.kind == kindWhere)
	f.set(fKindHeld, asksKind && k.kind)
	f.set(fKindMissing, asksKind && !k.kind)
	f.set(fFigureDigits, q.kind == kindCount && k.digits)
	f.set(fNamesSomeone, k.someone)
	f.set(fNamesPlace, k.place)
	f.set(fYearAsked, k.year)
	f.set(fOrdinalItem, k.ordinal)
	f[fCoverage], f[fGlobalCoverage] = s.coverage, s.gcov
	f[fBias] = 1
	f.set(fPair, s.to > s.from)
	f[fHitRank] = 1 / (1 + float64(s.hitRank))
	f[fNumberMissing] = numbersMissing(q.numbers, sents)
	f.set(fNoContent, !s.content)
	f.set(fUnknownWord, q.unknown)
	f.set(fClaim, q.claim)
	f.set(fListItem, q.list && p.Item > 0)
	f.set(fListEntry, p.Item > 0)
	f.set(fAnsweredBefore, q.before == p)
	f[fAskerSelf], f[fAskerKin], f[fAskerCase] = q.signals[pSelf], q.signals[pKin], q.signals[pCase]
	f[fConcepts] = float64(len(q.concepts)) / 10
	plain(f, s, &q)
}

// conflictRules are the ways a span can fail to answer what a question asks
// (see conflict): each is a feature, and the hand-set rules hold a span with
// any of them ineligible. The cheapest and most telling come first.
var conflictRules = [...]feature{
	fCountedMissing, fPlaceMissing, fYearConflict, fMonthConflict, fSplitsWhole,
	fFutureMissing, fPersonMissing, fSpeakerMissing, fSplitsPair, fFigureMissing, fNameElsewhere, fRankConflict, fNameSwapped, fOppositeHeld,
}

// conflict tells whether the span of sentences sents fails q as rule says.
func (e *Engine) conflict(rule feature, s *span, q *query, m matches, sents []index.Sentence) bool {
	d := s.p.Doc
	switch rule {
	case fCountedMissing:
		return !namesCounted(s, *q, m)
	case fPlaceMissing:
		return !e.namesPlaces(s, sents, *q)
	case fYearConflict:
		return !namesYears(d, e.now, sents, *q)
	case fMonthConflict:
		return !namesMonths(sents, *q)
	case fSplitsWhole:
		return q.kind == kindCount && (e.splitsJoined(s.p, sents, *q) || e.splitsGroups(sents, *q))
	case fFutureMissing:
		return q.future && !anySentence(sents, func(x *index.Sentence) bool { return x.Future })
	case fPersonMissing:
		return q.person && !anySentence(sents, func(x *index.Sentence) bool { return x.Person })
	case fSpeakerMissing:
		return len(q.speaker) > 0 && !voiceOf(d, q.speaker) && !e.spokenBy(s.p, s.from, s.to, q.speaker)
	case fSplitsPair:
		return q.kind == kindCount && q.exclusive && e.splitsPair(sents, *q)
	case fFigureMissing:
		return q.figure && !anySentence(sents, func(x *index.Sentence) bool { return x.Count })
	case fNameElsewhere:
		return m.elsewhere
	case fRankConflict:
		return ranksConflict(q.ranks, e.placesIn(s.p), sents)
	case fNameSwapped:
		return e.nameSwapped(q.terms, s.p.Doc, sents)
	case fOppositeHeld:
		// A claim that says the opposite is contradicted by the span, not
		// left unanswered (verdict.go weighs it).
		return !q.claim && !q.checks && e.saysOpposite(q.opposed, sents)
	}
	panic("answers: no conflict rule for feature " + featureNames[rule])
}

// saysOpposite tells whether sents say, beside a word the question puts
// beside one of its counterparts (words.txt), the other of the pair:
// "what did her older sister become?" is not answered by "her younger
// sister Gisela became a concert pianist", nor "the southern portal" by
// "at whose northern portal".
func (e *Engine) saysOpposite(cs []counterpart, sents []index.Sentence) bool {
	for _, c := range cs {
		// A span that says the question's word too may say it of the
		// thing asked ("to goods traffic … and to passengers").
		if slices.ContainsFunc(sents, func(x index.Sentence) bool { return slices.Contains(x.Terms, c.term) }) {
			continue
		}
		for _, o := range e.counterparts[c.term] {
			for i := range sents {
				ts := sents[i].Terms
				for k, t := range ts {
					if t != o {
						continue
					}
					if (c.after != "" && k+1 < len(ts) && ts[k+1] == c.after) || (c.before != "" && k > 0 && ts[k-1] == c.before) {
						return true
					}
				}
			}
		}
	}
	return false
}

// nameSwapped tells whether the question asks, beside one of its terms,
// a name its document writes (with a capital, inside a sentence) that
// sents do not say, where sents say another name of the document beside
// that same term: "her only doctoral student from the Halwang years" is
// not answered by "her only doctoral student from the Aarenthal years",
// nor "the quarry at Ravensholme" by "the quarry at Fellgate". Questions
// typed without capitals count too: the document's names are the
// document's capitals.
func (e *Engine) nameSwapped(terms []string, d *index.Document, sents []index.Sentence) bool {
	if len(terms) == 0 {
		return false
	}
	names := e.docNames(d)
	for i, n := range terms {
		if !names[n] || slices.ContainsFunc(sents, func(x index.Sentence) bool { return slices.Contains(x.Terms, n) }) {
			continue
		}
		for _, side := range [2]int{-1, 1} {
			j := i + side
			if j < 0 || j >= len(terms) {
				continue
			}
			for k := range sents {
				ts := sents[k].Terms
				for at, t := range ts {
					if t != terms[j] {
						continue
					}
					// The word on n's side of the shared term.
					if o := at - side; o >= 0 && o < len(ts) && names[ts[o]] && !slices.Contains(terms, ts[o]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// docNames are the terms of the words document d writes with a capital
// inside a sentence (capitalWords) that are no English words, worked out
// once per document.
func (e *Engine) docNames(d *index.Document) map[string]bool {
	if v, ok := e.docNamesOf.Load(d); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	for _, p := range d.Passages {
		capitalWords(p.Text, func(w string, caps, capital, titleCase bool) {
			lw := strings.ToLower(w)
			// "Festival", "Awards", "Afghans": English words written
			// with a capital say what a name is, not which one.
			if titleCase || isEnglish(lw) {
				return
			}
			for _, t := range e.termsOf(lw) {
				names[t] = true
			}
		})
	}
	v, _ := e.docNamesOf.LoadOrStore(d, names)
	return v.(map[string]bool)
}

// nameElsewhere tells whether q names a name (written with a capital, read
// by no table) that the document of passage p uses, but not p, its
// heading, the opening of its list or the document's title: "how many
// pupils were excluded in Eastholm" is not answered by the passage on
// pupils excluded in the town it names elsewhere. A name the document
// never uses is weighed as an unknown word.
func (e *Engine) nameElsewhere(p *index.Passage, q *query) bool {
	for _, n := range q.names {
		if !e.knows(n, p.Doc) {
			continue
		}
		for _, t := range e.termsOf(n) {
			id := e.store.TermID(t)
			if !index.HasTerm(p.IDs, id) && !index.HasTerm(p.SectionIDs, id) && !index.HasTerm(p.Doc.TitleIDs, id) &&
				(p.Intro == nil || !index.HasTerm(p.Intro.IDs, id)) {
				return true
			}
		}
	}
	return false
}

// ranksConflict tells whether the question names ranks ("the 22nd most
// liveable city", "the third largest") and sents name ranks too, none of
// them the question's: a rank, as a year, changed makes another fact.
func ranksConflict(asked []int, pp *passagePlaces, sents []index.Sentence) bool {
	if len(asked) == 0 {
		return false
	}
	said := false
	for i := range sents {
		for _, r := range pp.ranks[&sents[i]] {
			if slices.Contains(asked, r) {
				return false
			}
			said = true
		}
	}
	return said
}

// ranksIn are the ranks words name: ordinal words and "22nd", "3rd".
func ranksIn(words []string) []int {
	var out []int
	for _, w := range words {
		if n, ok := ordinals[w]; ok {
			out = append(out, n)
		} else if n, ok := rankDigits(w); ok {
			out = append(out, n)
		}
	}
	return out
}

// rankDigits reads a rank in digits: "22nd", "101st".
func rankDigits(w string) (int, bool) {
	if len(w) < 3 {
		return 0, false
	}
	digits, suffix := w[:len(w)-2], w[len(w)-2:]
	if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}

// numbersMissing is the share of numbers (words with a digit) that no
// sentence of sents holds.
func numbersMissing(numbers []string, sents []index.Sentence) float64 {
	if len(numbers) == 0 {
		return 0
	}
	missing := 0
	for _, n := range numbers {
		found := false
		for i := 0; i < len(sents) && !found; i++ {
			found = slices.ContainsFunc(sents[i].Words, func(w string) bool { return numberWord(w) == n })
		}
		if !found {
			missing++
		}
	}
	return float64(missing) / float64(len(numbers))
}

// numberMarks are taken out of a number before it is compared.
var numberMarks = strings.NewReplacer("%", "", ",", "")

// numberWord is w as a number is compared: without "%" and thousands
// commas, or "" when w holds no digit.
func numberWord(w string) string {
	if !strings.ContainsAny(w, "0123456789") {
		return ""
	}
	return numberMarks.Replace(w)
}

// compare sets the features that weigh a span against the others found
// for q, against what its document knows, and those judge kept aside.
func (e *Engine) compare(spans []*span, q query, met uint64) {
	best := 0.0
	byDoc := make(map[any]float64, 4)
	for _, s := range spans {
		best = max(best, s.coverage)
		byDoc[s.p.Doc] = max(byDoc[s.p.Doc], s.coverage)
	}
	total, unmet := 0.0, 0.0
	for _, c := range q.concepts {
		total += c.weight
	}
	for i, c := range q.concepts {
		if i < 64 && met&(1<<i) == 0 && total > 0 {
			unmet = max(unmet, c.weight/total)
		}
	}
	type known struct{ focus, names bool }
	docs := make(map[any]known, 4)
	newest := e.store.Newest() // none: one document, or all of one date
	for _, s := range spans {
		s.f.set(fNewest, slices.Contains(newest, s.p.Doc.Stem))
		s.f[fCoverageGap] = best - s.coverage
		s.f[fUnmetAnywhere] = unmet
		s.f[fDocGap] = byDoc[s.p.Doc] - s.coverage
		k, ok := docs[s.p.Doc]
		if !ok {
			k.focus = q.focus == "" || cueWords[q.focus] || e.knows(q.focus, s.p.Doc)
			k.names = true
			for _, n := range q.names {
				k.names = k.names && e.knows(n, s.p.Doc)
			}
			docs[s.p.Doc] = k
		}
		s.f.set(fUnknownFocus, !k.focus)
		s.f.set(fUnknownName, !k.names)
	}
}

// lastOfList tells whether list item p is the last of its list: the
// passage after it, if any, is not an item of the same list.
func lastOfList(p *index.Passage) bool {
	ps := p.Doc.Passages
	i := slices.Index(ps, p)
	return i >= 0 && (i+1 == len(ps) || ps[i+1].Intro != p.Intro)
}
