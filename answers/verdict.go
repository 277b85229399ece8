package answers

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"citebot/index"
)

// The verdict of a claim ("I heard 5 million were sent back, true?"):
// whether the source supports it, contradicts it or does not say. What
// reads a message as a claim and the figures it states come first; the
// verdict stage, below, finds the claim's evidence and weighs it.

// checksClaim tells whether a question asks whether something is so: a
// claim the reader saw (q.claim), a question that opens with "is", "did",
// "does" …, one that names a check ("…, right?", "stimmt das?"), or a
// statement asked as a question ("5 million deported?"), or what someone
// wrote or said, passed on ("on whatsapp they wrote 80% …"), not a
// fragment asking for a kind of fact. turn is the message's last sentence,
// with a remark after it (contextEnd), and last its words as read.
func checksClaim(q *query, turn string, last []string) bool {
	if q.claim {
		return true
	}
	if len(last) == 0 || len(last) > 60 {
		return false
	}
	// The Arabic script's question mark too; a remark may follow it ("…?
	// saw that on a channel").
	asked := strings.ContainsAny(turn, "?؟")
	switch {
	case verdictOpeners[last[0]]:
		return true
	case passedOn(last):
		return true
	case verdictCues.in(q.typed) && (asked || verdictCues.ends(q.typed)):
		// "…, sahi da", "…, rishtia": typed on a phone without a
		// question mark, a closing cue still asks.
		return true
	}
	// A fragment that names the kind of fact it wants and states none
	// ("number of deportees from Tajikistan?", "date of the report?")
	// asks for that fact; "60 percent women?" states one.
	if (q.kind == kindCount || q.kind == kindDate) && len(q.numbers) == 0 && len(q.years) == 0 {
		return false
	}
	// "the second demand?", "and the last one on the list?": it asks for
	// an item of a list.
	if q.ordinal != 0 {
		return false
	}
	return asked && !asksWh(last) && !opensClauseWh(turn)
}

// asksWh tells whether the words ws, as read, ask with a question word:
// "what", "which", "how" and "why" wherever they stand ("Singh covers
// what region?"), the others where they open or close the words or
// follow a word they ask after ("from where?"); "people who come back"
// and "are where most came from" only tell which.
func asksWh(ws []string) bool {
	for i, w := range ws {
		if whWords[w] && (!whRelative[w] || i == 0 || i == len(ws)-1 || whAfter[ws[i-1]]) {
			return true
		}
	}
	return false
}

// opensClauseWh tells whether a clause of text opens with a question word
// ("According to Singh, who in particular …").
func opensClauseWh(text string) bool {
	for _, clause := range clauseBreak.Split(text, -1) {
		if ws := index.Words(clause); len(ws) > 0 && whWords[ws[0]] {
			return true
		}
	}
	return false
}

// clauseBreak is the punctuation between clauses.
var clauseBreak = regexp.MustCompile(`[,;:–—]|\s-\s`)

// passedOn tells whether the words of a turn pass on what someone wrote
// or said: a reporting verb among its first words with a statement after
// it ("in the group they wrote 80% …", "I read that 870 households …"),
// or closing it after one ("girls can go to university again, my uncle
// said"); and no question word ("Singh said why people fled" asks what
// she said).
func passedOn(turn []string) bool {
	if slices.ContainsFunc(turn, func(w string) bool { return whWords[w] }) {
		return false
	}
	if i := reportedAt(turn); i >= 0 && len(turn)-i-1 >= minPassedOn {
		return true
	}
	n := len(turn)
	return n > minPassedOn && rumourWords[turn[n-1]]
}

// minPassedOn is the fewest words a statement passed on takes.
const minPassedOn = 4

// quantity is a figure a text states: 2.6 million, 60%, 14.
type quantity struct {
	value   float64
	percent bool
	bound   int    // +1: "more than", -1: "less than", 0: about
	text    string // as written: "2.6 million"
	of      string // the word after it: what it counts ("killings")
}

var (
	verdictOpeners = wordSet("verdict_openers")
	verdictCues    = cueList("verdict_cues")
	figureSizes    = wordNumbers("figure_sizes")
	percentWords   = wordSet("percent_words")
	figureAbove    = cueList("figure_above")
	figureBelow    = cueList("figure_below")
	figureShares   = wordNumbers("figure_shares")
	articles       = wordSet("articles")
	numberWords    = wordNumbers("number_words")
	whAfter        = wordSet("wh_after")
	whRelative     = wordSet("wh_relative")
	compareWords   = wordSet("compare_words")
	shareLinks     = wordSet("share_links")
	// timeUnits measure time: a figure of them counts no people or things.
	timeUnits = wordSet("time_units")
)

// figures are the quantities ws state, years and days of a month left out.
// A figure may carry a currency sign before it and its size after it
// ("£140m", "800k"), and a comma may mark its decimals ("2,5 Millionen").
func figures(ws []string) []quantity {
	var out []quantity
	skip := 0 // words read as part of a figure before them
	for i, w := range ws {
		if i < skip {
			continue
		}
		w = strings.TrimLeft(w, "£$€")
		if share, ok := shareAt(ws, i); ok {
			out = append(out, quantity{value: share, percent: true, text: w, of: ws[i+1], bound: boundBefore(ws, i)})
			continue
		}
		if share, n, ok := shareOfWhole(ws, i); ok {
			f := quantity{value: share, percent: true, text: strings.Join(ws[i:i+n], " "), bound: boundBefore(ws, i)}
			if i+n < len(ws) {
				f.of = ws[i+n]
			}
			out = append(out, f)
			skip = i + n
			continue
		}
		// A count written as a word ("three people died", "one man
		// died"): a figure of what follows it, as "3 people" is. Not a
		// length of time ("in three months" may be "between July and
		// September"), nor a number before a helper or a preposition
		// ("one of", "one in 2025").
		if n, ok := numberWords[w]; ok && i+1 < len(ws) && !countStops[ws[i+1]] && !articles[ws[i+1]] && !timeUnits[ws[i+1]] {
			if _, size := figureSizes[ws[i+1]]; !size && !percentWords[ws[i+1]] {
				out = append(out, quantity{value: float64(n), text: w, of: ws[i+1], bound: boundBefore(ws, i)})
				continue
			}
		}
		if !index.IsNumber(w) {
			continue
		}
		if _, year := index.Year(w); year || (i > 0 && index.IsMonth(ws[i-1]) && dayOfMonth(ws, i)) || (i+1 < len(ws) && index.IsMonth(ws[i+1])) {
			continue
		}
		f := quantity{percent: strings.HasSuffix(w, "%"), text: w}
		digits := strings.TrimRightFunc(w, unicode.IsLetter)
		size := 1.0
		if n, ok := figureSizes[w[len(digits):]]; ok {
			size = float64(n)
		} else if digits != w {
			continue
		}
		v, err := strconv.ParseFloat(decimal(strings.TrimSuffix(digits, "%")), 64)
		if err != nil {
			continue
		}
		v *= size
		next := i + 1
		if next < len(ws) {
			if n, ok := figureSizes[ws[next]]; ok {
				v *= float64(n)
				f.text += " " + ws[next]
				next++
			}
			f.percent = f.percent || percentWords[ws[i+1]]
		}
		if next < len(ws) {
			f.of = ws[next]
		}
		f.bound = boundBefore(ws, i)
		f.value = v
		out = append(out, f)
	}
	return out
}

// dayFollowers are words.txt's day_followers.
var dayFollowers = wordSet("day_followers")

// dayOfMonth tells whether ws[i], a number after a month, is its day:
// a whole number to 31 that a year, another number, one of day_followers,
// a mark or nothing follows. Else it counts the word after it ("September 21
// killings").
func dayOfMonth(ws []string, i int) bool {
	n, err := strconv.Atoi(ws[i])
	if err != nil || n < 1 || n > 31 {
		return false
	}
	if i+1 >= len(ws) {
		return true
	}
	next := ws[i+1]
	return dayFollowers[next] || !hasLetter(next) || index.IsNumber(next) || index.IsMonth(next)
}

// boundBefore is the bound the words before ws[i] set on its figure: +1
// for "more than", -1 for "less than", else 0 ("about"); an article
// between does not count ("more than the half").
func boundBefore(ws []string, i int) int {
	var before []string
	for k := i - 1; k >= 0 && len(before) < 2; k-- {
		if !articles[ws[k]] {
			before = append([]string{ws[k]}, before...)
		}
	}
	switch {
	case figureAbove.in(before):
		return 1
	case figureBelow.in(before):
		return -1
	}
	return 0
}

// shareAt reads a share written as a word ("half of the returnees", "a
// quarter of", and as Dari says it, "half returnees"): its percentage,
// when ws[i] is one and "of", "the" or a group of people follows; never
// after an ordinal ("the second half of 2025").
func shareAt(ws []string, i int) (float64, bool) {
	share, ok := figureShares[ws[i]]
	if !ok || i+1 >= len(ws) || (ws[i+1] != "of" && ws[i+1] != "the" && !slices.Contains(peopleGroups, ws[i+1])) || (i > 0 && ordinals[ws[i-1]] > 0) {
		return 0, false
	}
	return float64(share), true
}

// shareOfWhole reads a share written as a part of a whole ("six in ten",
// "3 out of 5"): its percentage and how many words it takes, when ws[i]
// starts one.
func shareOfWhole(ws []string, i int) (float64, int, bool) {
	part, ok := smallNumber(ws[i])
	if !ok {
		return 0, 0, false
	}
	for n := 1; n <= 2 && i+n < len(ws); n++ {
		if !shareLinks[strings.Join(ws[i+1:i+1+n], " ")] || i+1+n >= len(ws) {
			continue
		}
		whole, ok := smallNumber(ws[i+1+n])
		if ok && whole >= 2 && part <= whole {
			return 100 * float64(part) / float64(whole), n + 2, true
		}
	}
	return 0, 0, false
}

// smallNumber is w's value when w is a whole number up to 100, in digits
// or a word ("six").
func smallNumber(w string) (int, bool) {
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n > 0 && n <= 100
}

// decimal is the digits d as ParseFloat reads them: commas that group
// thousands ("2,600,000") dropped, a comma before other than three digits
// ("2,5") read as a decimal point.
func decimal(d string) string {
	if i := strings.LastIndexByte(d, ','); i >= 0 && len(d)-i-1 != 3 && !strings.Contains(d, ".") {
		d = d[:i] + "." + d[i+1:]
	}
	return strings.ReplaceAll(d, ",", "")
}

// heldBy tells whether the source's figures said bear out c. Of the very
// thing c names as it counts, the source's own figure decides: "21
// killings" is not borne out by "21 cases … and 14 killings". ("A third
// of" names nothing yet.)
func (c quantity) heldBy(said []quantity) bool {
	if c.of != "of" && !articles[c.of] && slices.ContainsFunc(said, c.sameThing) {
		return slices.ContainsFunc(said, func(s quantity) bool { return c.sameThing(s) && c.holds(s) })
	}
	return slices.ContainsFunc(said, func(s quantity) bool { return c.holds(s) && !c.otherMeasure(s) })
}

// otherMeasure tells whether s measures time and c counts something else,
// or the other way round: "12 people died" is not borne out by "resident
// for 12 years".
func (c quantity) otherMeasure(s quantity) bool {
	return c.of != "" && s.of != "" && timeUnits[c.of] != timeUnits[s.of]
}

// sameThing tells whether the source's figure s counts what c counts: a
// share of the same, or the same word after it ("14 killings").
func (c quantity) sameThing(s quantity) bool {
	return c.of != "" && s.of == c.of && s.percent == c.percent
}

// holds tells whether the source's figure s makes the claim's figure c
// true: the same within a tenth, or beyond a bound the claim sets.
func (c quantity) holds(s quantity) bool {
	if c.percent != s.percent {
		return false
	}
	switch c.bound {
	case 1:
		return s.value > c.value
	case -1:
		return s.value < c.value
	}
	return math.Abs(s.value-c.value) <= 0.1*c.value
}

// The verdict stage. A claim's evidence is the span the engine answers
// it with, or else the span that answers it with its figures and dates set
// aside (a claim with a wrong figure names none the source gives, so that
// no span answers it as asked). What the evidence says is then compared
// with the claim (verdictSignals) and two logistic models fitted from the
// labelled claims weigh the comparison: whether the source speaks to the
// claim at all, and, when it does, whether it says otherwise.

// Verdict signals: what the evidence says against what the claim says.
const (
	vBias          = iota
	vAnswered      // the engine answered the claim as asked
	vBare          // the evidence was found only with the claim's figures and dates set aside
	vFigureHeld    // the claim states a figure and the evidence bears out every one
	vFigureDiffers // the evidence gives another figure of the kind the claim states
	vSameThing     // … of the very thing the claim counts ("14 killings" for "100 killings")
	vFigureAbsent  // the claim states a figure and the evidence none of its kind
	vYearHeld      // the claim names a year and the evidence names it
	vYearDiffers   // the evidence names another year
	vYearAbsent    // the claim names a year and the evidence none
	vMonthDiffers  // the evidence names another month
	vNegation      // one of claim and evidence denies, the other does not
	vOpposite      // the evidence says the opposite of a word of the claim
	vAbsolute      // the claim says "all", "only", "never" … and the evidence does not
	vMention       // the claim asks whether the source mentions something
	vNameAbsent    // the claim names an organisation or a name the evidence, its heading, list opening and title do not
	vClosest       // no span answers the claim, with or without its figures: the evidence is the best-ranked one
	vPlaceAbsent   // the claim names a place the evidence, its heading and title do not
	vUnknownAside  // the evidence was found only with the words the documents never use set aside
	vSplitsJoined  // the claim names one of places the evidence names together, or sets them against each other ("Iran deported more than Pakistan")
	vMostElsewhere // the claim says where most came from or are, and the evidence's paragraph says most are elsewhere
	vNamesPart     // the claim states a figure and names some, not all, of places the evidence names together ("Pakistan alone" against "from Iran and Pakistan")
	vAbilityDenied // the claim says someone can or may do something, and the evidence says someone is denied or barred ("girls can study" against "denied education")
	vLooseMatch    // the share of the claim's concepts (not places) the evidence says only in other words: "sanctions" met by "pressure", "earthquake" by "natural disasters"
	vReadAsTyped   // the claim was read as typed, no word of it through the word tables (German, Dari, Pashto)
	numVerdictOwn
)

// numVerdict is the length of a verdict vector: the signals above, then
// the evidence span's features (features.go).
const numVerdict = numVerdictOwn + int(numFeatures) - 1 // one bias

var verdictOwnNames = [numVerdictOwn]string{
	"bias", "answered_as_asked", "found_figures_aside", "figure_held", "figure_differs", "same_thing_differs",
	"figure_absent", "year_held", "year_differs", "year_absent", "month_differs",
	"denial_differs", "opposite_said", "absolute_unsaid", "asks_mention", "name_absent", "closest_unanswered",
	"place_absent", "found_unknown_aside", "splits_joined", "most_elsewhere", "names_part", "ability_denied", "loose_match",
	"read_as_typed",
}

// verdictNames names a verdict vector's entries.
func verdictNames() []string {
	names := append([]string(nil), verdictOwnNames[:]...)
	for _, f := range featureNames[1:] {
		names = append(names, "span_"+f)
	}
	return names
}

var (
	denyWords     = wordSet("deny_words")
	absoluteWords = wordSet("absolute_words")
	mentionWords  = cueList("mention_cues")
	abilityWords  = wordSet("ability_words")
	deprivedWords = wordSet("deprived_words")
)

// judgeClaim gives a the verdict on the claim q, answered by best (nil:
// not answered), and returns the span a answers with now. The verdict
// decides what a says: a claim the source speaks to is answered with its
// evidence first; one it does not speak to is not answered, the evidence
// shown first among the related passages. An engine without a fitted
// model gives no verdict.
func (e *Engine) judgeClaim(ctx context.Context, q query, a *Answer, best, top *span) (*span, error) {
	m := e.model.Load()
	if m == nil || len(m.Stated) != numVerdict {
		return best, nil
	}
	ev, x, err := e.evidence(ctx, q, best, top)
	if err != nil {
		return best, err
	}
	a.Verdict = VerdictNotStated // no span speaks to it
	if ev != nil {
		a.Verdict = m.verdict(x)
	}
	switch a.Verdict {
	case VerdictNotStated:
		if a.Answered {
			a.Answered, a.Source, a.Reason, a.Lead, a.More = false, SourceNone, ReasonNotFound, nil, 0
		}
		// Evidence that answers with the claim's figures aside comes first
		// among the related passages; the closest span of a claim nothing
		// answers is no better a lead than the related ones already shown.
		if ev != nil && x[vClosest] == 0 {
			a.Citations = append([]Citation{ev.citation()}, withoutQuote(a.Citations, ev)...)
		}
		return nil, nil
	case VerdictContradicted:
		a.Differs = differs(q, ev)
	}
	if !a.Answered || ev != best {
		a.Answered, a.Source, a.Reason, a.Lead, a.More = true, SourceIndex, "", nil, 0
		a.Citations = []Citation{ev.citation()}
	}
	return ev, nil
}

// withoutQuote is cs without the citation of s.
func withoutQuote(cs []Citation, s *span) []Citation {
	c := s.citation()
	var out []Citation
	for _, x := range cs {
		if x.ID != c.ID || x.Quote != c.Quote {
			out = append(out, x)
		}
	}
	return out
}

// evidence is the span that speaks to the claim q, answered by best (nil:
// not answered), and its verdict vector; nil when no span speaks to it.
// A claim the engine did not answer is asked again with its figures and
// dates set aside, and the engine's answer to that is its evidence; when
// neither answers, the best-ranked span of either (top, of the claim as
// asked), which the verdict models weigh knowing it did not answer: a
// claim that says the opposite of a sentence does not answer as a
// question would.
func (e *Engine) evidence(ctx context.Context, q query, best, top *span) (*span, []float64, error) {
	ev, bare, unknownAside := best, false, false
	b := q
	if ev == nil && (len(q.numbers) > 0 || len(q.years) > 0 || len(q.relYears) > 0 || len(q.months) > 0) {
		b.numbers, b.figure, b.years, b.relYears, b.months = nil, false, nil, nil, nil
		r, err := e.retrieve(ctx, b)
		if err != nil {
			return nil, nil, err
		}
		if r.best != nil && !e.unknownFocus(b, r) {
			ev, bare = r.best, true
		} else if r.top != nil {
			top = r.top
		}
	}
	// A claim with a word the documents never use ("is the EU involved
	// in the talks?") is asked again without it: whether what answers
	// then settles the claim, the models weigh. Not a claim of a figure:
	// the word is likely what it counts ("100 visits").
	if ev == nil && q.unknown && len(q.numbers) == 0 {
		b.unknown = false
		b.concepts = slices.DeleteFunc(slices.Clone(b.concepts), e.unknownConcept(b.trans))
		if len(b.concepts) > 0 {
			r, err := e.retrieve(ctx, b)
			if err != nil {
				return nil, nil, err
			}
			if r.best != nil && !e.unknownFocus(b, r) {
				ev, unknownAside = r.best, true
			}
		}
	}
	// The closest span stands as evidence on the terms an answer's
	// document would: among many documents, an older one's only when it
	// covers the claim well over all of them (clearEnough).
	closest := ev == nil && top != nil && e.clearEnough(top)
	if closest {
		ev = top
	}
	if ev == nil {
		return nil, nil, nil
	}
	// The claim's own words, as typed: the features and the signals (a
	// denial, an opposite) compare the evidence with them.
	if q.plain == nil {
		e.plainTerms(&q)
	}
	f := e.evidenceFeatures(q, ev)
	x := make([]float64, numVerdict)
	own := e.verdictSignals(q, ev)
	copy(x, own[:])
	copy(x[numVerdictOwn:], f[1:])
	// What the evidence's span is worth against other documents (whether
	// its document is among the newest, its concepts weighed over all
	// documents, its words weighed by their rarity among them) ranks
	// answers among many documents; it says nothing of whether the
	// evidence bears a claim out, and a verdict does not change as
	// documents are added (TestWordSalad).
	for _, f := range slices.Concat(corpusFeatures, askingFeatures) {
		x[spanSignal(f)] = 0
	}
	x[vAnswered], x[vBare], x[vClosest], x[vUnknownAside] = b2f(best != nil), b2f(bare), b2f(closest), b2f(unknownAside)
	x[vReadAsTyped] = b2f(q.readAs == "")
	return ev, x, nil
}

// corpusFeatures are the features of a span that weigh it against the
// other documents: no verdict weighs them.
var corpusFeatures = []feature{fNewest, fGlobalCoverage, fUnmetAnywhere, fPlainOverlap, fPlainContext}

// askingFeatures are the features of how a span's question is asked (who
// asks, after which turn, in which sentence) beside what it asks: they
// help choose the span that answers, and no verdict weighs them. (Weighed
// too, they moved verdicts within a refit's noise on sets left out, and
// "did the article say girls can study at university?" became "yes".)
var askingFeatures = []feature{fAskerSelf, fAskerKin, fAskerCase, fListEntry, fAnsweredBefore, fAskedCoverage, fContextCoverage, fContentCoverage, fRoleAsked, fRoleMet}

// evidenceFeatures are the features of the span s as weighed among the
// spans of its own passage alone: worked out for the one span a verdict
// weighs, not for every span the search finds.
func (e *Engine) evidenceFeatures(q query, s *span) *features {
	if q.plain == nil {
		e.plainTerms(&q)
	}
	spans, met := e.spans(found{passages: []*index.Passage{s.p}}, q, true)
	e.compare(spans, q, met)
	var best *span
	for _, x := range spans {
		if best == nil || overlap(x, s) > overlap(best, s) ||
			overlap(x, s) == overlap(best, s) && abs(x.from-s.from) < abs(best.from-s.from) {
			best = x // among spans as long in common, the one that opens where s does
		}
	}
	return best.f
}

func abs(n int) int { return max(n, -n) }

// overlap is how many sentences a and b share.
func overlap(a, b *span) int { return max(0, min(a.to, b.to)-max(a.from, b.from)+1) }

// verdictSignals compares what the claim q says with what the span ev says.
func (e *Engine) verdictSignals(q query, ev *span) [numVerdictOwn]float64 {
	var x [numVerdictOwn]float64
	x[vBias] = 1
	var words, terms []string
	var years, months []int
	for i := ev.from; i <= ev.to; i++ {
		st := &ev.p.Sentences[i]
		words = append(words, st.Words...)
		terms = append(terms, st.Terms...)
		years = append(years, st.Years...)
		months = append(months, st.Months...)
	}
	said, claimed := figures(words), figures(q.words)
	held := len(claimed) > 0
	for _, c := range claimed {
		kind := slices.ContainsFunc(said, func(s quantity) bool { return s.percent == c.percent && !c.otherMeasure(s) })
		switch {
		case c.heldBy(said):
		case kind:
			held = false
			x[vFigureDiffers] = 1
			if slices.ContainsFunc(said, c.sameThing) {
				x[vSameThing] = 1
			}
		default:
			held = false
			x[vFigureAbsent] = 1
		}
	}
	x[vFigureHeld] = b2f(held)
	if len(q.years) > 0 {
		switch {
		case len(years) == 0:
			x[vYearAbsent] = 1
		case slices.ContainsFunc(q.years, func(y int) bool { return slices.Contains(years, y) }):
			x[vYearHeld] = 1
		default:
			x[vYearDiffers] = 1
		}
	}
	// A claim's season ("in spring") is held to the evidence's months as
	// a month is.
	asked := append(slices.Clip(q.months), index.SeasonMonths(q.words)...)
	if len(asked) > 0 && len(months) > 0 && !slices.ContainsFunc(asked, func(m int) bool { return slices.Contains(months, m) }) {
		x[vMonthDiffers] = 1
	}
	// A word of denial of weight both say ("a moral failure") is what
	// they agree on, not a denial one of them makes.
	shared := func(w string) bool {
		return len(e.termsOf(w)) > 0 && slices.Contains(words, w) && slices.Contains(q.words, w)
	}
	x[vNegation] = b2f(denies(withoutTag(q.words), shared) != e.deniedNear(words, claimTerms(q), shared))
	x[vOpposite] = b2f(e.opposes(q.plain, terms))
	for _, w := range q.words {
		if absoluteWords[w] && !slices.Contains(words, w) {
			x[vAbsolute] = 1
		}
	}
	x[vMention] = b2f(mentionWords.in(q.words))
	x[vNameAbsent] = b2f(e.nameAbsent(q, ev))
	split := q
	split.split = q.split || slices.ContainsFunc(q.words, func(w string) bool { return compareWords[w] })
	// Places named together split apart matter where the claim gives a
	// figure for one of them, or sets them against each other: "Turkey
	// is mentioned", "is Iran sending Afghans back?" split nothing of
	// "from Iran and Pakistan".
	figure := len(q.numbers) > 0 || q.figure
	x[vSplitsJoined] = b2f((figure || split.split) && e.splitsJoined(ev.p, ev.p.Sentences[ev.from:ev.to+1], split))
	part := q
	part.split = false
	x[vNamesPart] = b2f(figure && e.splitsJoined(ev.p, ev.p.Sentences[ev.from:ev.to+1], part))
	x[vPlaceAbsent] = b2f(e.placeAbsent(q, ev))
	x[vMostElsewhere] = b2f(e.mostElsewhere(q, ev))
	x[vLooseMatch] = looseMatch(q, terms)
	x[vAbilityDenied] = b2f(slices.ContainsFunc(q.words, func(w string) bool { return abilityWords[w] }) &&
		slices.ContainsFunc(words, func(w string) bool { return deprivedWords[w] }))
	return x
}

// looseMatch is the share of the weight of the claim q's concepts, places
// aside, that terms (its evidence's) say only in other words than the
// claim's own: by a lexicon entry's other words, broader or merely
// related ("sanctions" by "pressure", "earthquake" by "natural
// disasters"). A word said in other words may not be what the claim says.
func looseMatch(q query, terms []string) float64 {
	has := func(a alt) bool {
		return len(a.terms) > 0 && !slices.ContainsFunc(a.terms, func(t string) bool { return !slices.Contains(terms, t) })
	}
	loose, total := 0.0, 0.0
	for _, c := range q.concepts {
		if c.place || c.light || len(c.alts) == 0 {
			continue
		}
		total += c.weight
		if !has(c.alts[0]) && slices.ContainsFunc(c.alts[1:], has) {
			loose += c.weight
		}
	}
	return ratioOf(loose, total)
}

// majorityWords say where most of something is or comes from: "most",
// "primarily".
var majorityWords = wordSet("majority_words")

// mostElsewhere tells whether the claim q says where most of something is
// or comes from ("most returnees came from Turkey") while a sentence of
// its evidence's paragraph says most of it is from places the claim does
// not name ("primarily from Iran and Pakistan"): the two cannot both be so.
func (e *Engine) mostElsewhere(q query, ev *span) bool {
	if len(q.places) == 0 || !slices.ContainsFunc(q.words, func(w string) bool { return majorityWords[w] }) {
		return false
	}
	pp := e.placesIn(ev.p)
	for i := range ev.p.Sentences {
		x := &ev.p.Sentences[i]
		named := pp.lines[x.Line]
		if len(named) == 0 || !slices.ContainsFunc(x.Words, func(w string) bool { return majorityWords[w] }) {
			continue
		}
		if !slices.ContainsFunc(named, func(pl int) bool { return slices.Contains(q.places, pl) }) {
			return true
		}
	}
	return false
}

// placeAbsent tells whether the claim q names a place that neither the
// evidence's sentences nor its heading nor its document's title name.
func (e *Engine) placeAbsent(q query, ev *span) bool {
	return len(q.places) > 0 && !e.namesPlaces(ev, ev.p.Sentences[ev.from:ev.to+1], query{places: q.places})
}

// nameAbsent tells whether the claim q names an organisation ("Human
// Rights Watch", "the ICC") or a name no table reads ("UNHCR") that the
// evidence ev does not name, nor its heading, the opening of its list or
// its document's title.
func (e *Engine) nameAbsent(q query, ev *span) bool {
	p := ev.p
	var orgs []int
	var terms []string
	for i := ev.from; i <= ev.to; i++ {
		terms = append(terms, p.Sentences[i].Terms...)
	}
	if p.Intro != nil {
		for _, x := range p.Intro.Sentences {
			terms = append(terms, x.Terms...)
		}
	}
	terms = append(append(terms, p.SectionTerms...), p.Doc.TitleTerms...)
	for _, f := range e.lex.orgsIn(terms) {
		orgs = append(orgs, f[0])
	}
	for _, o := range q.orgs {
		if !slices.Contains(orgs, o) {
			return true
		}
	}
	for _, n := range q.names {
		if !slices.ContainsFunc(e.termsOf(n), func(t string) bool { return slices.Contains(terms, t) }) {
			return true
		}
	}
	return false
}

// denies tells whether ws deny: an odd number of words of denial, not
// counting those shared says both sides say.
func denies(ws []string, shared func(string) bool) bool {
	n := 0
	for i := range ws {
		if deniesAt(ws, i, shared) {
			n++
		}
	}
	return n%2 == 1
}

// deniesAt tells whether ws[i] is a word of denial that denies: not one
// that adds ("not only"), nor one shared says both sides say.
func deniesAt(ws []string, i int, shared func(string) bool) bool {
	return denyWords[ws[i]] && additiveNot.opening(ws[i:]) == 0 && !shared(ws[i])
}

// additiveNot are the denials that add rather than deny ("not only
// Iran").
var additiveNot = cueList("additive_not")

// deniedNear tells whether ws deny what a term of the claim says: a word
// of denial stands in the few words before one ("failure to provide any
// meaningful protection", "not paid"), words of no weight ("to", "any")
// not counted; a denial that adds ("not only") or that shared says the
// claim says too is none.
func (e *Engine) deniedNear(ws []string, claim []plainTerm, shared func(string) bool) bool {
	for j, w := range ws {
		if !slices.ContainsFunc(e.stems[w], func(t string) bool {
			return slices.ContainsFunc(claim, func(c plainTerm) bool { return c.term == t })
		}) {
			continue
		}
		for k, content := j-1, 0; k >= 0 && content < denyReach; k-- {
			if deniesAt(ws, k, shared) {
				return true
			}
			if len(e.termsOf(ws[k])) > 0 {
				content++
			}
		}
	}
	return false
}

// claimTerms are the terms a claim says, as typed and as the lexicon reads
// its words ("jobs": "livelihoods"), for a denial in the evidence to be
// found before any of them.
func claimTerms(q query) []plainTerm {
	out := slices.Clone(q.plain)
	for _, c := range q.concepts {
		for _, a := range c.alts {
			for _, t := range a.terms {
				out = append(out, plainTerm{term: t})
			}
		}
	}
	return out
}

// denyReach is how many words of weight before a term a denial of it may
// stand ("failure to provide any meaningful protection": three).
const denyReach = 4

// opposes tells whether terms (the evidence's) hold the opposite of a term
// of the claim that the evidence does not hold itself.
func (e *Engine) opposes(claim []plainTerm, terms []string) bool {
	for _, t := range claim {
		if slices.Contains(terms, t.term) {
			continue
		}
		for _, o := range e.opposites[t.term] {
			if slices.Contains(terms, o) {
				return true
			}
		}
	}
	return false
}

// differs says what the evidence ev says that the claim q does not: the
// source's figure of the kind the claim states, of the same thing when it
// says what it counts ("2.6 million, not 5 million"), or its year.
func differs(q query, ev *span) string {
	var words []string
	for i := ev.from; i <= ev.to; i++ {
		words = append(words, ev.p.Sentences[i].Words...)
	}
	said := figures(words)
	for _, c := range figures(q.words) {
		if c.heldBy(said) {
			continue
		}
		var other *quantity
		for i, s := range said {
			if s.percent == c.percent && (other == nil || (s.of != "" && s.of == c.of)) {
				other = &said[i]
			}
		}
		if other != nil {
			return fmt.Sprintf("%s, not %s", other.text, c.text)
		}
	}
	for i := ev.from; i <= ev.to; i++ {
		x := &ev.p.Sentences[i]
		if len(q.years) > 0 && len(x.Years) > 0 && !slices.ContainsFunc(q.years, func(y int) bool { return slices.Contains(x.Years, y) }) {
			return fmt.Sprintf("%d, not %d", x.Years[0], q.years[0])
		}
	}
	return ""
}

// verdict weighs a verdict vector x. Never "supported" when a figure or a
// year of the claim is missing from the evidence or differs from it: a
// "yes" the source does not bear out would pass a rumour off as its own.
func (m *Model) verdict(x []float64) string {
	return decideVerdict(sigmoid(dot(m.Stated, x)), m.contra(x), m.StatedCut, m.ContraCut, x)
}

// contra is how likely the evidence x says otherwise than its claim.
func (m *Model) contra(x []float64) float64 {
	x = contraVector(x)
	if m.ContraTrees != nil {
		return sigmoid(m.ContraTrees.LogOdds(x))
	}
	return sigmoid(dot(m.Contra, x))
}

// contraVector is the verdict vector x as the model of whether evidence
// says otherwise weighs it: without loose_match, which tells whether the
// source says the claim at all, not whether it says otherwise (weighed
// there too, "is there a food shortage?" met by "widespread hunger" was
// contradicted).
func contraVector(x []float64) []float64 {
	if x[vLooseMatch] == 0 {
		return x
	}
	c := slices.Clone(x)
	c[vLooseMatch] = 0
	return c
}

// saysOtherwise tells whether the evidence of x differs from its claim in
// anything: a figure, year or month, a denial, an opposite, an absolute,
// a name or place it lacks, places it joins, most of it elsewhere.
func saysOtherwise(x []float64) bool {
	return x[vFigureDiffers]+x[vSameThing]+x[vYearDiffers]+x[vMonthDiffers]+x[vNegation]+x[vOpposite]+
		x[vAbsolute]+x[vNameAbsent]+x[vPlaceAbsent]+x[vSplitsJoined]+x[vMostElsewhere] > 0
}

// spanSignal is where span feature f stands in a verdict vector: after
// the verdict's own signals, the span's bias left out.
func spanSignal(f feature) int { return numVerdictOwn + int(f) - 1 }

// decideVerdict is the verdict of the vector x, weighed stated and contra
// by the two models, at their thresholds sc and cc.
func decideVerdict(stated, contra, sc, cc float64, x []float64) string {
	// "Does the report mention Turkey?" answered as asked, with nothing of
	// it denied, opposed or otherwise: the source mentions it. (Few of the
	// labelled claims that ask so are borne out, and the weights learn to
	// doubt them all.)
	if x[vMention] > 0 && x[vAnswered] > 0 && !saysOtherwise(x) && x[vFigureAbsent]+x[vYearAbsent]+x[vLooseMatch] == 0 {
		return VerdictSupported
	}
	// A figure the evidence bears out only for places it names together
	// ("Pakistan alone expelled over a million" against "2.6 million …
	// from Iran and Pakistan"): the source does not say it of the one.
	if x[vNamesPart] > 0 && x[vFigureHeld] > 0 {
		return VerdictNotStated
	}
	// A claim of what will happen ("will Austria stop deportations?")
	// against evidence that speaks of no future: the source does not say,
	// whatever it says of today.
	if x[spanSignal(fFutureMissing)] > 0 {
		return VerdictNotStated
	}
	if stated < sc {
		return VerdictNotStated
	}
	// Evidence found only with a word of the claim the documents never
	// use set aside, that says nothing otherwise: that word may be what
	// the claim says ("the Taliban built new schools"), and the source,
	// which never says it, neither bears it out nor denies it. Not when
	// the claim was read through the word tables: their English for a
	// word may be one the documents do not use for what they say.
	if x[vUnknownAside] > 0 && x[vReadAsTyped] > 0 && !saysOtherwise(x) {
		return VerdictNotStated
	}
	// A claim's figure the evidence gives none of its kind for, the
	// evidence denying and opposing nothing: the source does not say.
	silent := x[vFigureAbsent] > 0 && x[vFigureDiffers]+x[vYearDiffers]+x[vMonthDiffers]+x[vNegation]+x[vOpposite] == 0
	// Answered as asked, bearing out every figure of the claim, and
	// denying, opposing and limiting nothing of it: the source says so.
	borne := x[vAnswered] > 0 && x[vFigureHeld] > 0 && x[vNegation]+x[vOpposite]+x[vAbsolute] == 0
	if contra >= cc && !silent && !borne {
		return VerdictContradicted
	}
	if x[vFigureDiffers]+x[vYearDiffers]+x[vMonthDiffers] > 0 {
		return VerdictContradicted
	}
	if x[vFigureAbsent]+x[vYearAbsent]+x[vNameAbsent]+x[vPlaceAbsent] > 0 {
		return VerdictNotStated
	}
	return VerdictSupported
}
