package index

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type block struct {
	text    string // white space folded
	heading bool
	item    bool // a list item
	marked  bool // a heading by markup ("# …"), not by its looks
}

var (
	listMarker = regexp.MustCompile(`^[\s\x{00A0}]*(?:[•·▪◦‣∙●○■□➢►*+\-–—]|\d{1,3}[.)])[\s\x{00A0}]+`)
	mdHeading  = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	mdRule     = regexp.MustCompile(`^\s*(?:-{3,}|\*{3,}|_{3,})\s*$`)
)

// splitBlocks cuts text into paragraphs, list items and headings. Blocks are
// separated by blank lines; inside one, each list item starts a block of its own.
func splitBlocks(text string, markdown bool) []block {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []block
	var cur []string
	curItem := false
	flush := func() {
		if len(cur) == 0 {
			return
		}
		s := fold(strings.Join(cur, " "))
		cur = cur[:0]
		if s == "" {
			return
		}
		out = append(out, block{text: s, heading: !curItem && looksLikeHeading(s), item: curItem})
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			curItem = false
			continue
		}
		if markdown {
			if mdRule.MatchString(line) {
				flush()
				continue
			}
			if loc := mdHeading.FindStringIndex(line); loc != nil {
				flush()
				if h := fold(strings.TrimRight(line[loc[1]:], "# ")); h != "" {
					out = append(out, block{text: h, heading: true, marked: true})
				}
				curItem = false
				continue
			}
		}
		if loc := listMarker.FindStringIndex(line); loc != nil {
			flush()
			curItem = true
			line = line[loc[1]:]
		}
		cur = append(cur, line)
	}
	flush()
	// A lone paragraph "heading" at the very end is a closing line, not a heading.
	if n := len(out); n > 0 && out[n-1].heading && !out[n-1].marked {
		out[n-1].heading = false
	}
	return out
}

// fold replaces every run of white space (non-breaking spaces included) with
// one space and trims the ends.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// looksLikeHeading: one short line that starts with a capital letter and does
// not end like a sentence.
func looksLikeHeading(s string) bool {
	if len(strings.Fields(s)) > 14 || len(s) > 120 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".!?,;:…", last)
}

var abbreviations = words.Set("abbreviations")

// sentenceSpans cuts a folded passage text into sentences, as byte ranges.
func sentenceSpans(text string) [][2]int {
	var spans [][2]int
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '.' || r == '!' || r == '?' || r == '…':
			j := i + size
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune("\"'”’)]", c) {
					break
				}
				j += n
			}
			if j >= len(text) {
				i = j
				continue
			}
			if text[j] != ' ' || !startsSentence(text[j+1:]) || (r == '.' && isAbbreviation(text[start:i])) {
				i += size
				continue
			}
			spans = append(spans, [2]int{start, j})
			start = j + 1
			i = start
		case r == '“' && i > start:
			// "…for South Asia“It cynically…": a quotation opened straight after a
			// word, with no space, starts a new sentence.
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if unicode.IsLetter(prev) && startsSentence(text[i+size:]) {
				spans = append(spans, [2]int{start, i})
				start = i
			}
			i += size
		default:
			i += size
		}
	}
	if start < len(text) {
		spans = append(spans, [2]int{start, len(text)})
	}
	return spans
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'([", r)
}

// isAbbreviation tells whether the text before a full stop ends in an
// abbreviation ("Dr", "U.N", "e.g") rather than a word that ends a sentence.
func isAbbreviation(before string) bool {
	k := strings.LastIndexFunc(before, func(r rune) bool { return r == ' ' || r == '(' || r == '"' || r == '“' })
	w := before
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(before[k:])
		w = before[k+size:]
	}
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") { // U.N, e.g, i.e
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r) // an initial
	}
	return abbreviations[strings.ToLower(w)]
}

// Words returns the lower-case words of s: runs of letters and digits, with a
// decimal point or comma kept inside a number ("2.6", "1,000") and a trailing
// percent sign kept ("60%").
func Words(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			c, m := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) {
				j += m
				continue
			}
			if (c == '.' || c == ',') && j > i && isDigitByte(s[j-1]) && j+1 < len(s) && isDigitByte(s[j+1]) {
				j += m
				continue
			}
			if c == '%' && isDigitByte(s[j-1]) {
				j += m
			}
			break
		}
		w := strings.ToLower(s[i:j])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case prev != '\'' && prev != '’':
			// "didnt", as typed on a phone, reads as "didn't".
			if strings.HasSuffix(w, "nt") {
				if base, ok := negated[w[:len(w)-1]]; ok {
					out = append(out, base, "not")
					break
				}
			}
			out = append(out, w)
		case w == "t" && len(out) > 0:
			// "didn't": the helper verb, then "not".
			if base, ok := negated[out[len(out)-1]]; ok {
				out[len(out)-1] = base
				out = append(out, "not")
			}
		case !contractionTails[w]:
			out = append(out, w)
		}
		i = j
	}
	return out
}

// contractionTails are what follows an apostrophe in "Amnesty’s", "they're",
// "we'll", "I've", "she'd", "I'm": no word of their own.
var contractionTails = words.Set("contraction_tails")

// negated are the words before the "t" of "n't", read as the helper verb.
var negated = words.Map("negated")

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// months are the words that name a month and its number (index/words.txt).
var months = monthNumbers(words.Map("months"))

func monthNumbers(names map[string]string) map[string]int {
	out := make(map[string]int, len(names))
	for w, n := range names {
		v, err := strconv.Atoi(n)
		if err != nil || v < 1 || v > 12 {
			panic("index/words.txt: months: " + w + " => " + n)
		}
		out[w] = v
	}
	return out
}

// Month returns the month w (lower case) names, 1 to 12, or 0. "may" is
// left out: it is far more often the verb.
func Month(w string) int { return months[w] }

// IsMonth tells whether w (lower case) names a month.
func IsMonth(w string) bool { return months[w] != 0 }

// A range of months: "from July to September", "between July and
// September".
var (
	rangeLinks   = words.Set("range_links")
	rangeOpeners = words.Set("range_openers")
)

// seasons are the months each season spans (index/words.txt).
var seasons = func() map[string][]int {
	out := map[string][]int{}
	for w, ms := range words.Map("seasons") {
		for _, f := range strings.Fields(ms) {
			m, err := strconv.Atoi(f)
			if err != nil || m < 1 || m > 12 {
				panic("index/words.txt: seasons: " + w + " => " + ms)
			}
			out[w] = append(out[w], m)
		}
	}
	return out
}()

// IsSeason tells whether w (lower case) names a season.
func IsSeason(w string) bool { return seasons[w] != nil }

// SeasonMonths lists the months of the seasons words name: "last winter"
// December to February. A season is any of its months, where a month
// named is that month: a question "this summer" is answered by "between
// July and September", a claim "in spring" is not borne out by it.
func SeasonMonths(ws []string) []int {
	var out []int
	for _, w := range ws {
		out = append(out, seasons[w]...)
	}
	return out
}

// MonthsNamed lists the months words name, a range such as "between July
// and September" or "from July to September" giving every month inside it.
func MonthsNamed(ws []string) []int {
	var out []int
	for i := 0; i < len(ws); i++ {
		m := Month(ws[i])
		if m == 0 {
			continue
		}
		if i+2 < len(ws) {
			if end := Month(ws[i+2]); end >= m {
				link := ws[i+1]
				ranged := rangeLinks[link] || (link == "and" && i > 0 && rangeOpeners[ws[i-1]])
				if ranged {
					for k := m; k <= end; k++ {
						out = append(out, k)
					}
					i += 2
					continue
				}
			}
		}
		out = append(out, m)
	}
	return out
}

var (
	quantityWords = words.Set("quantity_words")
	scaleWords    = words.Set("scale_words")
	scaleOpeners  = words.Set("scale_openers")
	futureWords   = words.Set("future_words")
	orgWords      = words.Set("org_words")
	pointers      = words.Set("pointers")
	pronouns      = words.Set("pronouns")
)

// pointsBack tells whether a sentence of words ws opens by pointing at
// the one before it: a pointer in its first six words ("A devastating 60%
// of these…"), or a pronoun in its first two ("It cynically ignores…").
// Quoted alone, it would lose what it speaks of.
func pointsBack(ws []string) bool {
	for i, w := range ws[:min(len(ws), 6)] {
		if pointers[w] || (i <= 1 && pronouns[w]) {
			return true
		}
	}
	return false
}

// namesPerson tells whether one of names is a person's: no word of an
// organisation in it ("Smriti Singh", not "the European Union"), and not
// named by the title of d, which is the document's own voice.
func namesPerson(names []string, d *Document) bool {
	for _, n := range names {
		org := false
		for _, w := range strings.Fields(strings.ToLower(n)) {
			org = org || orgWords[strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")]
		}
		if !org && (d == nil || !strings.Contains(strings.ToLower(d.Title), strings.ToLower(n))) {
			return true
		}
	}
	return false
}

// Year returns the year a word names (a four-digit number from 1900 to 2099).
func Year(w string) (int, bool) {
	if len(w) != 4 || (w[:2] != "19" && w[:2] != "20") {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil
}

// IsNumber tells whether w is written in digits ("14", "2.6", "60%").
func IsNumber(w string) bool {
	return w != "" && isDigitByte(w[0])
}

// clockTimes are times of day as written: "02:47", "5:30 a.m.", "6 p.m.".
var clockTimes = regexp.MustCompile(`\b\d{1,2}:\d{2}\b(\s*[ap]\.m\.)?|\b\d{1,2}\s*[ap]\.m\.`)

// features fills what the sentence text holds: quantities, dates, times
// of day (which count nothing), years, the future, and whether it points
// back.
func (s *Sentence) features(text string) {
	s.Months = MonthsNamed(s.Words)
	s.PointsBack = pointsBack(s.Words)
	s.Future = slices.ContainsFunc(s.Words, func(w string) bool { return futureWords[w] })
	ws := s.Words
	if clockTimes.MatchString(text) {
		s.Time = true
		ws = Words(clockTimes.ReplaceAllString(text, " "))
	}
	for i, w := range ws {
		if y, ok := Year(w); ok {
			s.Years = append(s.Years, y)
			s.Date = true
			continue
		}
		if IsMonth(w) {
			s.Date = true
			continue
		}
		if IsNumber(w) {
			nextToMonth := (i > 0 && IsMonth(ws[i-1])) || (i+1 < len(ws) && IsMonth(ws[i+1]))
			if nextToMonth && len(w) <= 2 {
				s.Date = true
				continue
			}
			s.Count = true
			s.Figure = true
			continue
		}
		// "2.6 million", "a million", "two thousand": a scale word in the
		// singular is a quantity only after its number; alone ("collapsed
		// million agreements") it is no English, and counts nothing.
		if quantityWords[w] && (!scaleWords[w] || (i > 0 && (IsNumber(ws[i-1]) || quantityWords[ws[i-1]] || scaleOpeners[ws[i-1]]))) {
			s.Count = true
		}
	}
}

// names lists the runs of two or more capitalised words in s, leaving out
// its first word ("said Smriti Singh" gives "Smriti Singh"); "of", "for" and
// "the" may stand inside a run ("Regional Director for South Asia").
func names(s string) []string {
	var out, run []string
	end := func() {
		for len(run) > 0 && isLinkWord(run[len(run)-1]) {
			run = run[:len(run)-1]
		}
		if len(run) >= 2 {
			out = append(out, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for i, f := range strings.Fields(s) {
		w := strings.Trim(f, "\"“”‘’'(),.;:!?—")
		stops := strings.ContainsAny(f[len(f)-1:], ",.;:!?)") // punctuation ends a name
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case i == 0 || w == "":
			end()
		case unicode.IsUpper(r):
			run = append(run, w)
		case isLinkWord(w) && len(run) > 0:
			run = append(run, w)
		default:
			end()
		}
		if stops {
			end()
		}
	}
	end()
	return out
}

func isLinkWord(w string) bool { return w == "of" || w == "for" || w == "the" || w == "in" }
