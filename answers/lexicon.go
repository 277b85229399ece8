package answers

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"citebot/index"
)

// lexicon.txt maps the words people use to the words reports use; places.txt
// names places and nationalities. Both are data, general to the domain, and
// are read once when an engine starts.
var (
	//go:embed lexicon.txt
	lexiconText string
	//go:embed places.txt
	placesText string
	//go:embed orgs.txt
	orgsText string
)

// group is a set of phrases that mean the same. targets are the phrases as
// reports write them (analysed terms); a user phrase matching any phrase of
// the group is looked up as each target.
type group struct {
	targets [][]string
	place   int // index into lexicon.places + 1, or 0
	// Filled once the store is known: each target as an alternative ready
	// for lookup, and its terms joined by spaces.
	alts []alt
	keys []string
}

type lexicon struct {
	groups  []group
	phrases map[string][]int // analysed phrase, terms joined by " ", to groups
	longest int              // the most terms in one phrase
	starts  map[string]int   // a phrase's first term to the most terms of a phrase it starts
	words   map[string]bool  // every surface word the lexicon knows
	plain   map[string]bool  // words to leave alone when correcting spelling
	places  [][]string       // each place's names, as lower-case words joined by " "
	placeOf map[string]int   // a place name to its index in places
	placeN  int              // the most words in a place name
	// placeStarts maps the first word of each place name to the most words
	// of a name it starts.
	placeStarts map[string]int
	// rewrite replaces a user's word before analysis, where stemming would
	// confuse it with another ("reporters" stems like "report").
	rewrite map[string]string
	// orgs are organisations' names as analysed terms (orgs.txt), of two
	// terms or more; orgAbbr maps an abbreviation to its organisations.
	orgs    [][]string
	orgAbbr map[string][]int
}

func loadLexicon(store Searcher) (*lexicon, error) {
	l := &lexicon{
		phrases:     make(map[string][]int),
		words:       make(map[string]bool),
		plain:       make(map[string]bool),
		placeOf:     make(map[string]int),
		rewrite:     make(map[string]string),
		placeStarts: make(map[string]int),
		starts:      make(map[string]int),
	}
	for w := range plainWords {
		l.plain[w] = true
	}
	if err := l.readPlaces(store); err != nil {
		return nil, err
	}
	if err := l.readGroups(store); err != nil {
		return nil, err
	}
	l.orgAbbr = make(map[string][]int)
	for _, line := range strings.Split(orgsText, "\n") {
		name, abbr, _ := strings.Cut(line, "|")
		if name = strings.TrimSpace(name); name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if ts := store.Terms(name); len(ts) >= 2 {
			if abbr = strings.TrimSpace(abbr); abbr != "" {
				l.orgAbbr[abbr] = append(l.orgAbbr[abbr], len(l.orgs))
			}
			l.orgs = append(l.orgs, ts)
		}
	}
	for i := range l.groups {
		g := &l.groups[i]
		for k, t := range g.targets {
			// The first way a group names a thing is its usual name: it is
			// preferred, a little, over the ones after it.
			g.alts = append(g.alts, newAlt(store, t, 0.9-0.01*float64(min(k, 5))))
			g.keys = append(g.keys, strings.Join(t, " "))
		}
	}
	return l, nil
}

func (l *lexicon) readGroups(store Searcher) error {
	sc := bufio.NewScanner(strings.NewReader(lexiconText))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if from, to, ok := strings.Cut(line, "->"); ok {
			for _, w := range splitList(from, ",") {
				l.rewrite[strings.ToLower(w)] = strings.TrimSpace(to)
			}
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("lexicon.txt:%d: want \"report words = user words\" or \"user word -> report word\"", n)
		}
		var g group
		var all [][]string
		for _, ph := range splitList(left, ",") {
			if ts := store.Terms(ph); len(ts) > 0 {
				g.targets = append(g.targets, ts)
				all = append(all, ts)
			}
			l.addWords(ph)
		}
		for _, ph := range splitList(right, ",") {
			if ts := store.Terms(ph); len(ts) > 0 {
				all = append(all, ts)
			}
			l.addWords(ph)
		}
		if len(g.targets) == 0 {
			continue
		}
		l.add(g, all)
	}
	return sc.Err()
}

func (l *lexicon) readPlaces(store Searcher) error {
	sc := bufio.NewScanner(strings.NewReader(placesText))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var names []string
		var all [][]string
		for _, name := range splitList(line, "|") {
			key := strings.Join(index.Words(name), " ")
			if key == "" {
				continue
			}
			if _, dup := l.placeOf[key]; dup {
				continue // a name two places share ("georgia") keeps the first
			}
			l.placeOf[key] = len(l.places)
			first, _, _ := strings.Cut(key, " ")
			l.placeStarts[first] = max(l.placeStarts[first], strings.Count(key, " ")+1)
			names = append(names, key)
			l.placeN = max(l.placeN, strings.Count(key, " ")+1)
			l.addWords(name)
			l.plain[key] = true
			if ts := store.Terms(name); len(ts) > 0 {
				all = append(all, ts)
			}
		}
		if len(names) == 0 {
			continue
		}
		l.places = append(l.places, names)
		if len(all) > 0 {
			l.add(group{targets: all, place: len(l.places)}, all)
		}
	}
	return sc.Err()
}

func (l *lexicon) add(g group, phrases [][]string) {
	id := len(l.groups)
	l.groups = append(l.groups, g)
	for _, ts := range phrases {
		l.starts[ts[0]] = max(l.starts[ts[0]], len(ts))
		key := strings.Join(ts, " ")
		if ids := l.phrases[key]; len(ids) == 0 || ids[len(ids)-1] != id {
			l.phrases[key] = append(ids, id)
		}
		l.longest = max(l.longest, len(ts))
	}
}

func (l *lexicon) addWords(phrase string) {
	for _, w := range index.Words(phrase) {
		l.words[w] = true
	}
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// plainWords are ordinary English words of questions that must never be
// "corrected" into a word of the documents.
var plainWords = wordSet("plain_words")

type placeAt struct{ place, at, n int }

// placesIn finds the places words name, longest names first, with the
// index of each name's first word.
func (l *lexicon) placesIn(ws []string) []placeAt {
	var out []placeAt
	var buf []byte
	for i := 0; i < len(ws); i++ {
		longest := l.placeStarts[ws[i]]
		if longest == 0 {
			continue
		}
		for n := min(longest, len(ws)-i); n >= 1; n-- {
			key := ws[i]
			if n > 1 {
				buf = append(buf[:0], ws[i]...)
				for _, w := range ws[i+1 : i+n] {
					buf = append(append(buf, ' '), w...)
				}
				key = string(buf)
			}
			if p, ok := l.placeOf[key]; ok {
				out = append(out, placeAt{place: p, at: i, n: n})
				i += n - 1
				break
			}
		}
	}
	return out
}

// joinedPlaces lists the runs of places words name one after another,
// joined by "and" or "or" ("Iran and Pakistan", "Germany, Austria or
// Italy"), each run as place indices.
func (l *lexicon) joinedPlaces(ws []string) [][]int {
	var out [][]int
	var run []int
	end := -1 // index after the last place of the run
	for _, pa := range l.placesIn(ws) {
		gap := ws[max(end, 0):pa.at]
		linked := end >= 0 && len(gap) <= 1 && (len(gap) == 0 || gap[0] == "and" || gap[0] == "or")
		if !linked {
			if len(run) >= 2 {
				out = append(out, run)
			}
			run = nil
		}
		run = append(run, pa.place)
		end = pa.at + pa.n
	}
	if len(run) >= 2 {
		out = append(out, run)
	}
	return out
}

// orgsIn lists the organisations whose names stand in terms, a run of
// analysed terms, and where: each element is {org, start, end}.
func (l *lexicon) orgsIn(terms []string) [][3]int {
	var out [][3]int
	for i := range terms {
		for o, name := range l.orgs {
			if i+len(name) <= len(terms) && slices.Equal(terms[i:i+len(name)], name) {
				out = append(out, [3]int{o, i, i + len(name)})
			}
		}
	}
	return out
}
