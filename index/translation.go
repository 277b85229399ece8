package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Translation is a document's text in another language, aligned
// paragraph for paragraph with its citable passages: shown beside a
// quote, searched in its own language, never indexed, cited or listed as
// a document of its own.
//
// Its file is NAME.LANG.txt beside NAME.txt, with NAME.LANG.meta.yaml
// saying translation_of: NAME. Each of its blocks (blank lines between)
// opens with a line "¶N", the passage it translates; the lines after it
// are that passage's sentences, one a line when they are as many as the
// original's (then a quote of one sentence shows that sentence's
// translation), else the passage as a whole.
type Translation struct {
	Lang   string // "de", "fa", "ps": the file name's
	File   string // its file name inside the seeds folder
	By     string // who made it
	Status string // what it is worth: "machine-drafted, unofficial", "checked by …"
	Title  string // the document's title in Lang, or empty
	// Passages maps a passage's number to its translated lines.
	Passages map[int][]string
}

// Span is the translation of sentences from..to of p: those sentences'
// own lines when the passage's lines match its sentences one for one,
// else the whole passage; empty when p is not translated.
func (t *Translation) Span(p *Passage, from, to int) string {
	lines := t.Passages[p.N]
	if len(lines) == 0 {
		return ""
	}
	if len(lines) == len(p.Sentences) && from >= 0 && from <= to && to < len(lines) {
		lines = lines[from : to+1]
	}
	return strings.Join(lines, " ")
}

func (t *Translation) digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", t.Lang, t.File, t.By, t.Status, t.Title)
	for _, n := range slices.Sorted(maps.Keys(t.Passages)) {
		fmt.Fprintf(h, "%d\x00%s\x00", n, strings.Join(t.Passages[n], "\x01"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// langOfName is the language code a translation's file name carries:
// "de" of "report.de.txt".
var langOfName = regexp.MustCompile(`\.([a-z]{2,3})$`)

// paraMark opens a block of a translation: "¶12".
var paraMark = regexp.MustCompile(`^¶\s*(\d+)$`)

// parseTranslation reads a translation's text; name is its file name.
func parseTranslation(name, text string, meta Meta) (*Translation, *Skipped) {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	m := langOfName.FindStringSubmatch(stem)
	if m == nil {
		return nil, &Skipped{Reason: "a translation's file name says its language: NAME.de.txt, NAME.fa.txt, NAME.ps.txt",
			Fix: "rename it so", meta: true}
	}
	t := &Translation{Lang: m[1], File: name, By: meta.By, Status: meta.Status, Title: meta.Title, Passages: map[int][]string{}}
	if t.By == "" || t.Status == "" {
		return nil, &Skipped{Reason: "a translation's metadata says who made it (by:) and what it is worth (status:)",
			Fix: `add, for instance, by: "machine-drafted" and status: "unofficial, not checked by a person"`, meta: true}
	}
	blocks := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
	for k, b := range blocks {
		var lines []string
		for l := range strings.SplitSeq(b, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		pm := paraMark.FindStringSubmatch(lines[0])
		if pm == nil {
			return nil, &Skipped{Reason: fmt.Sprintf("block %d does not open with the number of the passage it translates (a line \"¶N\")", k+1),
				Fix: "open each block with ¶ and the passage's number, as /source shows it"}
		}
		n, _ := strconv.Atoi(pm[1])
		if _, dup := t.Passages[n]; dup {
			return nil, &Skipped{Reason: fmt.Sprintf("¶%d is translated twice", n), Fix: "keep one block for each passage"}
		}
		if len(lines) > 1 {
			t.Passages[n] = lines[1:]
		}
	}
	if len(t.Passages) == 0 {
		return nil, &Skipped{Reason: "it translates no passage", Fix: "write blocks opening with ¶N, one for each passage"}
	}
	return t, nil
}

// attach gives each translation to the document it translates, and
// returns those it cannot (no such document, a passage it lacks).
func attach(docs []*Document, ts []*Translation, of []string) []*Skipped {
	byStem := make(map[string]*Document, len(docs))
	for _, d := range docs {
		byStem[d.Stem] = d
	}
	var skipped []*Skipped
	for i, t := range ts {
		d := byStem[of[i]]
		if d == nil {
			skipped = append(skipped, &Skipped{File: t.File, Path: t.File,
				Reason: fmt.Sprintf("a translation of %q, which is not among the documents", of[i]),
				Fix:    "name the original's file without its extension in translation_of"})
			continue
		}
		if slices.ContainsFunc(slices.Collect(maps.Keys(t.Passages)), func(n int) bool { return n < 1 || n > len(d.Passages) }) {
			skipped = append(skipped, &Skipped{File: t.File, Path: t.File,
				Reason: fmt.Sprintf("it translates a passage %s does not have (it has ¶1 to ¶%d)", d.File, len(d.Passages)),
				Fix:    "number the blocks as /source numbers the original's passages"})
			continue
		}
		if _, dup := d.Translations[t.Lang]; dup {
			skipped = append(skipped, &Skipped{File: t.File, Path: t.File,
				Reason: fmt.Sprintf("a second translation of %s into %q", d.File, t.Lang), Fix: "keep one"})
			continue
		}
		if d.Translations == nil {
			d.Translations = map[string]*Translation{}
		}
		d.Translations[t.Lang] = t
	}
	return skipped
}

// Translated is every document's translation into one language, read
// with that language's analyser, so that a question asked in it can be
// searched in its own words.
type Translated struct {
	Lang     string
	analyzer analysis.Analyzer
	df       map[string]int
	lines    int
	terms    map[*Passage][][]string // each translated line's distinct terms
	vocab    []string                // every term of the lines, sorted
	passages []*Passage              // those translated, in store order
}

// translationAnalyzers name bleve's analyser for each language searched
// in its own words: German and Persian (Dari) are bleve's; Pashto is
// read as Persian is, through Arabic-script normalisation.
var translationAnalyzers = map[string]func(*registry.Cache) (analysis.Analyzer, error){
	"de": func(c *registry.Cache) (analysis.Analyzer, error) { return c.AnalyzerNamed(de.AnalyzerName) },
	"fa": func(c *registry.Cache) (analysis.Analyzer, error) { return c.AnalyzerNamed(fa.AnalyzerName) },
	"ps": func(c *registry.Cache) (analysis.Analyzer, error) {
		tok, err := c.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		var filters []analysis.TokenFilter
		for _, n := range []string{lowercase.Name, ar.NormalizeName, fa.NormalizeName} {
			f, err := c.TokenFilterNamed(n)
			if err != nil {
				return nil, err
			}
			filters = append(filters, f)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
	},
}

// translatedAll reads the translations of docs, one Translated a
// language searched in its own words.
func translatedAll(docs []*Document, passages []*Passage) (map[string]*Translated, error) {
	out := map[string]*Translated{}
	cache := registry.NewCache()
	for _, p := range passages {
		for lang, t := range p.Doc.Translations {
			lines := t.Passages[p.N]
			newAnalyzer := translationAnalyzers[lang]
			if len(lines) == 0 || newAnalyzer == nil {
				continue
			}
			tr := out[lang]
			if tr == nil {
				a, err := newAnalyzer(cache)
				if err != nil {
					return nil, fmt.Errorf("index: the %s analyser: %w", lang, err)
				}
				tr = &Translated{Lang: lang, analyzer: a, df: map[string]int{}, terms: map[*Passage][][]string{}}
				out[lang] = tr
			}
			for _, l := range lines {
				ts := tr.Terms(l)
				slices.Sort(ts)
				ts = slices.Compact(ts)
				for _, x := range ts {
					tr.df[x]++
				}
				tr.lines++
				tr.terms[p] = append(tr.terms[p], ts)
			}
			tr.passages = append(tr.passages, p)
		}
	}
	for _, tr := range out {
		for term := range tr.df {
			tr.vocab = append(tr.vocab, term)
		}
		slices.Sort(tr.vocab)
	}
	return out, nil
}

// Terms are text's terms as the language's analyser reads them; in Dari
// and Pashto, without their endings (persianEndings).
func (t *Translated) Terms(text string) []string {
	var out []string
	for _, tok := range t.analyzer.Analyze([]byte(text)) {
		if len(tok.Term) > 0 && !bytes.ContainsFunc(tok.Term, isPunct) {
			term := string(tok.Term)
			if t.Lang == "fa" || t.Lang == "ps" {
				term = withoutEnding(term)
			}
			out = append(out, term)
		}
	}
	return out
}

// persianEndings are the endings a Persian-script word is read without,
// longest first (index/words.txt).
var persianEndings = words.List("persian_endings")

// withoutEnding is w without the first of persianEndings it ends with,
// when three letters or more stay.
func withoutEnding(w string) string {
	for _, e := range persianEndings {
		if stem, ok := strings.CutSuffix(w, e); ok && utf8.RuneCountInString(stem) >= 3 {
			return stem
		}
	}
	return w
}

func isPunct(r rune) bool { return strings.ContainsRune(".,;:!?؟،«»\"'()", r) }

// IDF is the inverse line frequency of a term among the translated lines;
// a term no line holds is as rare as can be.
func (t *Translated) IDF(term string) float64 {
	n := max(t.df[term], 1)
	return math.Log(1 + float64(t.lines)/float64(n))
}

// Holding are the translation's terms that are term or hold it whole
// (compounds: "familienzusammenführung" holds "zusammenführung"), the
// term itself first; a term under minHeld letters is found only as itself
// ("رنگ", colour, is not "خبرنگاران", journalists).
func (t *Translated) Holding(term string) []string {
	var out []string
	if t.df[term] > 0 {
		out = append(out, term)
	}
	if utf8.RuneCountInString(term) < minHeld {
		return out
	}
	for _, u := range t.vocab {
		if u != term && strings.Contains(u, term) {
			out = append(out, u)
		}
	}
	return out
}

// minHeld is the shortest term, in letters, looked for inside longer ones.
const minHeld = 5

// Lines are the distinct terms of each of p's translated lines; nil when
// p is not translated into this language.
func (t *Translated) Lines(p *Passage) [][]string { return t.terms[p] }

// Passages are the passages translated into this language, in the
// store's order.
func (t *Translated) Passages() []*Passage { return t.passages }
