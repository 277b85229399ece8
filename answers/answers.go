// Package answers turns a question into an answer made of verbatim quotes
// from the indexed documents, or into an honest "the source does not say".
//
// It may import the standard library, golang.org/x/text and citebot/index;
// never an adapter, a chat SDK or bleve itself.
package answers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"citebot/index"
)

// Source says where an answer came from.
const (
	SourceCurated = "curated" // a moderator's entry
	SourceIndex   = "index"   // retrieved passages
	SourceNone    = "none"    // no answer
)

// Reason says why a question was not answered.
type Reason string

const (
	ReasonNone     Reason = ""         // it was answered
	ReasonEmpty    Reason = "empty"    // no words to look up
	ReasonGreeting Reason = "greeting" // hello, thanks, who are you
	ReasonLanguage Reason = "language" // not written in English
	ReasonNotFound Reason = "notfound" // the documents do not answer it
	ReasonOpinion  Reason = "opinion"  // asks the bot's own view: "what do you think"
)

// Answer is the outcome of a question.
type Answer struct {
	Question string
	Answered bool
	Source   string
	Reason   Reason
	// Citations are best first. When Answered, the first is the answer and the
	// others support it; otherwise they are related passages, never the answer.
	Citations []Citation
	// Lead, when set, is the verbatim opening of a list whose items are the
	// Citations ("… calls for:"); More counts the items left out.
	Lead *Citation
	More int
	// Curated is a moderator's answer, in the moderator's words, when
	// Source is SourceCurated; its citations are the passages it rests on.
	// A claim checked against the documents may carry one beside its
	// verdict, with Source and the citations the verdict's.
	Curated string
	EntryID string
	// AsOf is set when the question spoke of relative time ("this year",
	// "now"): the date of the document the answer is read against.
	AsOf string
	// ReadAs is the question as the engine read it in English, when words of
	// Dari, Pashto or Urdu were read through the word tables.
	ReadAs string
	// Lang is the language of the bot's own words in the reply (BCP 47):
	// the question's where the bot speaks it ("en", "de", "fa", "ps"),
	// else English. Quotes stay in their source's language.
	Lang string
	// Verdict is a checked claim's (VerdictSupported, …); empty when the
	// question checks no claim or no verdict is given. Differs says, when
	// the source contradicts the claim, what it says instead of what the
	// claim says ("2.6 million, not 5 million").
	Verdict, Differs string
	// Personal marks a question read as about the asker's own case.
	Personal bool
	// FollowUpOf is the turn before, when this turn borrowed its subject
	// ("and how many were women?" after "how many were sent back?").
	FollowUpOf string
}

// Citation is a verbatim quote and where it stands.
type Citation struct {
	ID        string // passage id, "<stem>#<n>"
	Doc       string // file name inside the seeds folder
	Title     string
	Publisher string
	Date      string
	Paragraph int
	Quote     string // a verbatim span of the passage's text
	// Translation is the quote in the reply's language, when the document
	// has a translation into it: shown beside the quote, never instead.
	Translation *Translation
}

// Translation is a quote's translation and who made it.
type Translation struct {
	Lang   string // BCP 47: "de", "fa", "ps"
	Text   string
	By     string // who made the translation
	Status string // what it is worth: "unofficial, not checked by a person"
}

// Engine answers questions from one index.
type Engine struct {
	store  Searcher
	lex    *lexicon
	roman  *romanized
	spell  *speller
	years  map[int]bool // years any passage names
	covers []string
	// facts are the fact cards, picked when first asked for.
	facts     []Fact
	factsOnce sync.Once
	// stems holds the analysed terms of every word the documents, the
	// lexicon and the speller know, so that a question is analysed by lookup.
	stems map[string][]string
	// names maps the consonants of the documents' names to the name (see
	// nameIn).
	names map[string]string
	// met holds the analysed terms of other words met in questions, up
	// to maxMet of them (metCount counts them): analysing costs more
	// than looking up.
	met      sync.Map
	metCount atomic.Int64
	// curated is the live set of moderators' answers, swapped whole.
	curated atomic.Pointer[curatedSet]
	// titleNames holds the places each document's title names.
	titleNames map[*index.Document][]int
	// places holds what the engine knows of a passage's places
	// (*index.Passage to *passagePlaces), worked out when first needed.
	places sync.Map
	maxIDF float64
	oovIDF float64
	// opposites holds, for an analysed term, the terms of words that say
	// its opposite (words.txt's opposites).
	opposites map[string][]string
	// docNamesOf holds, for a document (*index.Document), the terms of the
	// words it writes as names (map[string]bool; see docNames).
	docNamesOf sync.Map
	// counterparts holds, for an analysed term, the terms of the words
	// words.txt's counterparts pair with it ("older" with "younger").
	counterparts map[string][]string
	// now is the year of the newest document: "this year" and "last
	// year" are read as of it.
	now int
	// groups holds the words of peopleGroups.
	groups map[string]bool
	// roles holds the terms of words.txt's role_words: a group of people
	// by role or walk of life.
	roles map[string]bool
	// scorer weighs the candidate spans; nil, the hand-set rules decide.
	scorer atomic.Pointer[Scorer]
	// model is the fitted model, for the personal read and a claim's
	// verdict; nil in an engine made to collect examples.
	model atomic.Pointer[Model]
}

// SetModel makes m read which questions are about the asker's own case and
// weigh claims' verdicts from now on; nil reads none and gives none. The
// fit command scores sets left out with the model fitted without them.
func (e *Engine) SetModel(m *Model) { e.model.Store(m) }

// SetScorer makes sc weigh the candidate spans from now on; nil leaves the
// decision to the hand-set rules, as before the fitted model decided (the
// fit command and bot eval --rules compare them).
func (e *Engine) SetScorer(sc Scorer) {
	if sc == nil {
		e.scorer.Store(nil)
		return
	}
	e.scorer.Store(&sc)
}

// New prepares an engine over store with the fitted model (model.json):
// it ranks the candidate spans, decides which answers, reads which
// questions are about the asker's own case and weighs claims' verdicts.
func New(store Searcher) (*Engine, error) {
	var m *Model
	var merr error
	var wg sync.WaitGroup
	wg.Go(func() { m, merr = Fitted() }) // read while the engine is prepared: a start waits for the slower alone
	e, err := NewUnfitted(store)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if merr != nil {
		return nil, merr
	}
	e.model.Store(m)
	e.SetScorer(m)
	return e, nil
}

// NewUnfitted prepares an engine over store without the fitted model, as
// the fit command needs it to collect the examples a model is fitted on:
// it reads no question as one about the asker's own case.
func NewUnfitted(store Searcher) (*Engine, error) {
	tables := readTables()
	lex, err := loadLexicon(store)
	if err != nil {
		tables()
		return nil, fmt.Errorf("answers: %w", err)
	}
	roman, err := tables()
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	e := &Engine{
		store:  store,
		lex:    lex,
		roman:  roman,
		years:  make(map[int]bool),
		maxIDF: store.MaxIDF(),
	}
	e.oovIDF = oovFactor * e.maxIDF
	known := make(map[string]int, len(store.Vocabulary())+len(lex.words))
	for w, n := range store.Vocabulary() {
		known[w] = n
	}
	for _, words := range []map[string]bool{lex.words, cueWordSet()} {
		for w := range words {
			if _, ok := known[w]; !ok {
				known[w] = 1
			}
		}
	}
	e.spell = newSpeller(known, lex.plain)
	e.names = nameTable(store.Passages())
	e.stems = make(map[string][]string, len(e.spell.freq))
	for w := range e.spell.freq {
		if !strings.Contains(w, " ") {
			e.stems[w] = store.Terms(w)
		}
	}
	for _, y := range store.Years() {
		e.years[y] = true
	}
	for _, d := range store.Documents() {
		e.now = max(e.now, d.Year())
	}
	e.titleNames = make(map[*index.Document][]int, len(store.Documents()))
	for _, d := range store.Documents() {
		e.titleNames[d] = e.namedIn(d.TitleLine)
	}
	if len(store.Passages()) <= eagerFacts {
		e.factList()
	}
	e.opposites = pairs(store, "opposites")
	e.counterparts = pairs(store, "counterparts")
	e.groups = make(map[string]bool)
	for _, w := range peopleGroups {
		e.groups[w] = true
	}
	e.roles = make(map[string]bool)
	for _, w := range wordList("role_words") {
		for _, t := range store.Terms(w) {
			e.roles[t] = true
		}
	}
	e.covers = coverage(store.Documents())
	return e, nil
}

// readTables reads the word tables in the background, side by side with
// the rest of a start: the English word list, the Dari, Pashto and German
// tables. Each is read once a process; the function returned waits for
// them.
func readTables() func() (*romanized, error) {
	var wg sync.WaitGroup
	var r *romanized
	var err error
	wg.Go(func() { isEnglish("") })
	wg.Go(func() {
		if r, err = romanTable(); err == nil {
			r.startVotes()
		}
	})
	return func() (*romanized, error) {
		wg.Wait()
		return r, err
	}
}

// eagerFacts is the largest number of passages whose fact cards are picked
// when the engine starts; a larger corpus picks them when first asked.
const eagerFacts = 20000

// passagePlaces is what the engine knows of the places one passage names.
type passagePlaces struct {
	// lines holds the places each sentence and the heading name, by line.
	lines map[string][]int
	// other marks the sentences that name a place other than their
	// document's title does (for "where" questions).
	other map[*index.Sentence]bool
	// joined holds, per sentence, the places it names joined by "and" or
	// "or" ("from Iran and Pakistan"): a figure there is for them together.
	joined map[*index.Sentence][][]int
	// unnamed holds, per sentence that names an organisation whose words
	// are everyday words ("Save the Children"), its term ids but those met
	// only in the name; orgs, which organisations it names.
	unnamed map[*index.Sentence][]uint32
	orgs    map[*index.Sentence][]int
	// named holds the places each sentence's words name, where; ranks,
	// the ranks it names ("22nd", "third").
	named map[*index.Sentence][]placeAt
	ranks map[*index.Sentence][]int
}

// placesIn tells what the engine knows of the places p names, working it
// out the first time.
func (e *Engine) placesIn(p *index.Passage) *passagePlaces {
	if v, ok := e.places.Load(p); ok {
		return v.(*passagePlaces)
	}
	pp := &passagePlaces{
		lines: map[string][]int{p.SectionLine: e.namedIn(p.SectionLine)},
		named: make(map[*index.Sentence][]placeAt, len(p.Sentences)),
		ranks: make(map[*index.Sentence][]int, len(p.Sentences)),
	}
	for i := range p.Sentences {
		x := &p.Sentences[i]
		pp.lines[x.Line] = e.namedIn(x.Line)
		pp.named[x] = e.lex.placesIn(x.Words)
		pp.ranks[x] = ranksIn(x.Words)
		if j := e.lex.joinedPlaces(x.Words); len(j) > 0 {
			if pp.joined == nil {
				pp.joined = make(map[*index.Sentence][][]int)
			}
			pp.joined[x] = j
		}
		if found := e.lex.orgsIn(x.Terms); len(found) > 0 {
			if pp.unnamed == nil {
				pp.unnamed = make(map[*index.Sentence][]uint32)
				pp.orgs = make(map[*index.Sentence][]int)
			}
			inName := make([]bool, len(x.Terms))
			for _, f := range found {
				pp.orgs[x] = append(pp.orgs[x], f[0])
				for k := f[1]; k < f[2]; k++ {
					inName[k] = true
				}
			}
			var ids []uint32
			for k, t := range x.Terms {
				if id := e.store.TermID(t); !inName[k] && id != index.NoTerm {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			pp.unnamed[x] = slices.Compact(ids)
		}
		if e.namesPlace(x, p.Doc) {
			if pp.other == nil {
				pp.other = make(map[*index.Sentence]bool)
			}
			pp.other[x] = true
		}
	}
	v, _ := e.places.LoadOrStore(p, pp)
	return v.(*passagePlaces)
}

// Covers lists what the documents are about (their sections), for the reply
// to a question they do not answer.
func (e *Engine) Covers() []string { return e.covers }

// Documents returns the documents the engine answers from.
func (e *Engine) Documents() []*index.Document { return e.store.Documents() }

// Passage finds a passage by id.
func (e *Engine) Passage(id string) (*index.Passage, bool) { return e.store.Passage(id) }

// Ask answers one question. It never fails on the question's content; an
// error means the index could not be searched.
func (e *Engine) Ask(ctx context.Context, question string) (Answer, error) {
	return e.AskIn(ctx, nil, question)
}

// AskIn answers question as the next turn of conversation c (nil: a
// question alone), and remembers it in c for the turn after.
func (e *Engine) AskIn(ctx context.Context, c *Conversation, question string) (Answer, error) {
	return e.respond(ctx, c, question, false)
}

// Check checks claim against the documents: the answer always carries a
// verdict, unless the claim is about the asker's own case.
func (e *Engine) Check(ctx context.Context, claim string) (Answer, error) {
	return e.respond(ctx, nil, claim, true)
}

func (e *Engine) respond(ctx context.Context, c *Conversation, question string, check bool) (Answer, error) {
	a, err := e.ask(ctx, c, question, check)
	a.Citations = e.verified(a.Citations)
	if a.Lead != nil && len(e.verified([]Citation{*a.Lead})) == 0 {
		a.Lead = nil
	}
	if a.Answered && len(a.Citations) == 0 {
		a.Answered, a.Source, a.Reason = false, SourceNone, ReasonNotFound
	}
	if a.Lang == "" {
		a.Lang = LangEnglish
	}
	for i := range a.Citations {
		a.Citations[i].Translation = e.translationOf(a.Citations[i], a.Lang)
	}
	if a.Lead != nil {
		a.Lead.Translation = e.translationOf(*a.Lead, a.Lang)
	}
	return a, err
}

func (e *Engine) ask(ctx context.Context, c *Conversation, question string, check bool) (Answer, error) {
	q := e.parseAs(question, check)
	if check && !q.empty {
		// Checked as a claim, it is answered only by a span that says
		// every word of weight of it.
		q.checks, q.claim = true, true
	}
	a := Answer{Question: question, Source: SourceNone, ReadAs: q.readAs, Lang: replyLang(c.language(q))}
	if s, ok := e.attribution(c, q); ok {
		a.FollowUpOf = c.question
		if s != nil {
			a.Answered, a.Source = true, SourceIndex
			a.Citations = []Citation{s.citation()}
			e.rememberSpeaker(c, question, s)
		} else {
			a.Reason = ReasonNotFound
		}
		return a, nil
	}
	if before, borrowed := e.inConversation(c, &q, question); borrowed {
		a.FollowUpOf = before
	}
	// A claim one asks to check is no question about one's own case, nor
	// are thanks and greetings ("thank u brother, very helpful").
	m := e.model.Load()
	a.Personal = !check && !q.empty && !q.greeting && m != nil && m.personal(q.signals)
	switch {
	case q.empty:
		a.Reason = ReasonEmpty
		return a, nil
	case q.foreign:
		a.Reason = ReasonLanguage
		return a, nil
	case q.greeting || (len(q.concepts) == 0 && q.trans == nil):
		a.Reason = ReasonGreeting
		return a, nil
	case q.opinion:
		a.Reason = ReasonOpinion
		return a, nil
	case q.translate:
		a.Reason = ReasonNotFound // a translation: no passage is even related
		return a, nil
	}
	en, ok := e.curatedFor(q, a.Lang)
	if ok && q.checks && q.claim && !a.Personal {
		// A claim ("is it true that …", "I heard …", /check) is checked
		// against the documents: the moderator's answer follows the
		// verdict, and never decides it. Other questions, yes/no ones
		// among them, get the moderator's answer first.
		a, err := e.fromPassages(ctx, c, q, a)
		a.Curated, a.EntryID = en.Answer, en.ID
		return a, err
	}
	if ok {
		a.Answered, a.Source, a.Curated, a.EntryID = true, SourceCurated, en.Answer, en.ID
		for _, c := range en.Cite {
			if p, ok := e.store.Passage(c.ID); ok {
				a.Citations = append(a.Citations, cite(p, p.Text))
			}
		}
		return a, nil
	}
	return e.fromPassages(ctx, c, q, a)
}

// inConversation reads q, asked as question, as the next turn of c (nil:
// a question alone) and remembers it there; borrowed says whether it
// borrowed from the turn before, and before is that turn as typed.
func (e *Engine) inConversation(c *Conversation, q *query, question string) (before string, borrowed bool) {
	if c == nil {
		return "", false
	}
	before = c.question
	*q, borrowed = c.follow(*q)
	if borrowed {
		e.asideAnswered(c, q)
		if c.answer != nil {
			q.before = c.answer.p
		}
	}
	c.remember(question, *q)
	return before, borrowed
}

// fromPassages answers q from the passages the index finds: the span
// that answers, or the related ones, and a claim's verdict.
func (e *Engine) fromPassages(ctx context.Context, c *Conversation, q query, a Answer) (Answer, error) {
	r, err := e.retrieve(ctx, q)
	if err != nil {
		return a, err
	}
	if q.relative {
		if d := r.asOf(); d != "" {
			a.AsOf = d
		}
	}
	best := e.answering(q, r)
	switch {
	case best == nil:
		a.Reason = ReasonNotFound
		a.Citations = r.related
		if r.best != nil {
			a.Citations = []Citation{r.best.citation()} // the closest, shown as related
		}
	case r.lead != nil:
		a.Answered, a.Source = true, SourceIndex
		lead := r.lead.citation()
		a.Lead = &lead
		a.Citations = r.list[:min(len(r.list), maxList)]
		a.More = len(r.list) - len(a.Citations)
	default:
		a.Answered, a.Source = true, SourceIndex
		a.Citations = append([]Citation{best.citation()}, r.support...)
	}
	if q.checks && !a.Personal {
		if best, err = e.judgeClaim(ctx, q, &a, best, r.top); err != nil {
			return a, err
		}
	}
	if c != nil && a.Answered && best != nil {
		kept := *best
		c.answer = &kept
	}
	return a, nil
}

// answering is the span of r that answers q: its best, unless its
// document never speaks of what q asks for or names (unknownFocus).
func (e *Engine) answering(q query, r result) *span {
	if r.best == nil || e.unknownFocus(q, r) {
		return nil
	}
	return r.best
}

// unknownFocus tells whether the document of r's answer never speaks of
// what q asks for or names. "What is the capital of …", "who is the head
// of …": when the thing asked for is nowhere in the documents, no passage
// answers, however much of the rest it matches; among many documents,
// another one may say the word in passing. "Deported under Trump": a name
// the answer's document never uses is not what it speaks of.
func (e *Engine) unknownFocus(q query, r result) bool {
	unknown := q.focus != "" && !cueWords[q.focus] && !e.knows(q.focus, r.docOf())
	for _, n := range q.names {
		unknown = unknown || !e.knows(n, r.docOf())
	}
	return unknown || e.otherTopic(q, r.docOf())
}

// otherTopic tells whether q asks a thing of weight (no place, no
// common word) that document d never speaks of, in any of the words the
// lexicon has for it, and another document is about: its title says it,
// or, among a few documents, it is the thing of most weight q asks and
// another document says it in minTopic sentences or more. "How many
// hospital admissions for measles were there in 2025" is not answered by a
// detention report's sentence on deaths in hospital in 2025 beside an
// article titled on measles, nor "the other four districts" by a river's
// "four are considered major" beside an article on districts. Among many
// documents of one subject a word one of them says often is no subject of
// its own. With one document it never holds.
func (e *Engine) otherTopic(q query, d *index.Document) bool {
	docs := e.store.Documents()
	if d == nil || len(docs) < 2 {
		return false
	}
	few := len(e.store.Passages()) <= manyPassages
	docIDF := e.store.DocStats(d).IDF
	says := func(a alt, has func(string) bool) bool {
		return !slices.ContainsFunc(a.terms, func(t string) bool { return !has(t) })
	}
	heaviest := -1
	for i, c := range q.concepts {
		if !c.place && !c.light && !c.context && (heaviest < 0 || c.weight > q.concepts[heaviest].weight) {
			heaviest = i
		}
	}
	for i, c := range q.concepts {
		// A number is no subject: "which two neighbours …" is not about
		// a document titled "… two migrant boat disasters …".
		_, number := numberWords[c.word]
		if c.place || c.light || c.context || number || slices.ContainsFunc(c.alts, func(a alt) bool {
			return says(a, func(t string) bool { return docIDF(t) > 0 })
		}) {
			continue
		}
		about := slices.ContainsFunc(docs, func(o *index.Document) bool {
			if o == d {
				return false
			}
			st := e.store.DocStats(o)
			return slices.ContainsFunc(c.alts, func(a alt) bool {
				return says(a, func(t string) bool { return index.HasTerm(o.TitleIDs, e.store.TermID(t)) }) ||
					(few && i == heaviest && says(a, func(t string) bool { return st.Sentences(t) >= minTopic }))
			})
		})
		if about {
			return true
		}
	}
	return false
}

// minTopic is the fewest sentences of a document that say a thing it is
// about (see otherTopic).
const minTopic = 3

// rememberSpeaker keeps, after "who said that?", the sentence that says
// who and the names it gives as the conversation's last turn: "what is
// her job?" then asks about the one who said it.
func (e *Engine) rememberSpeaker(c *Conversation, question string, s *span) {
	names := s.p.Sentences[s.from].Names
	if len(names) == 0 {
		return
	}
	c.remember(question, e.parse(strings.Join(names, ", ")))
	c.answer = s
}

// verified keeps the citations whose quote is a span of the passage they
// cite. Quotes are cut from the passage text, so none should ever fail;
// the check makes "every quote is verbatim" hold whatever changes upstream.
func (e *Engine) verified(cs []Citation) []Citation {
	out := cs[:0]
	for _, c := range cs {
		if p, ok := e.store.Passage(c.ID); ok && c.Quote != "" && strings.Contains(p.Text, c.Quote) && p.N == c.Paragraph {
			out = append(out, c)
		}
	}
	return out
}

// coverage lists each document's title with its section headings.
func coverage(docs []*index.Document) []string {
	var out []string
	for _, d := range docs {
		var sections []string
		seen := map[string]bool{}
		for _, p := range d.Passages {
			if p.Section != "" && !seen[p.Section] {
				seen[p.Section] = true
				sections = append(sections, p.Section)
			}
		}
		line := d.Title
		if len(sections) > 0 {
			line += " (" + strings.Join(sections, "; ") + ")"
		}
		out = append(out, line)
	}
	return out
}

func cite(p *index.Passage, quote string) Citation {
	return Citation{
		ID:        p.ID,
		Doc:       p.Doc.File,
		Title:     p.Doc.Title,
		Publisher: p.Doc.Publisher,
		Date:      p.Doc.Date,
		Paragraph: p.N,
		Quote:     quote,
	}
}

// pairs reads the words.txt section name, whose lines pair a word with
// the words that say its opposite, as analysed terms both ways.
func pairs(store Searcher, name string) map[string][]string {
	m := make(map[string][]string)
	for a, b := range wordMap(name) {
		for _, x := range store.Terms(a) {
			for _, y := range store.Terms(b) {
				m[x] = append(m[x], y)
				m[y] = append(m[y], x)
			}
		}
	}
	for _, os := range m {
		slices.Sort(os)
	}
	return m
}
