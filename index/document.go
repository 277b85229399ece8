// Package index turns the documents in the seeds folder into citable
// passages and searches them with bleve.
//
// It is the only package that imports bleve. It may import the standard
// library, bleve and a YAML parser; nothing else of citebot.
package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Document is one source file of the seeds folder and the passages cut from it.
type Document struct {
	Stem      string // file name without its extension; the first half of a passage id
	File      string // file name inside the seeds folder
	Title     string
	Publisher string
	Date      string // YYYY-MM-DD, or empty
	URL       string
	Examples  []string // questions the document answers, to show newcomers
	Passages  []*Passage
	// TitleTerms are the analysed terms of the title: what every passage of
	// the document is about.
	TitleTerms []string
	// TitleWords are the title's lower-case words; TitleLine is them joined
	// by spaces, with a space before and after.
	TitleWords []string
	TitleLine  string
	TitleIDs   []uint32 // term ids of the title, sorted
	digest     string
}

// Year is the year of the document's date, or 0 when it has none.
func (d *Document) Year() int {
	if len(d.Date) < 4 {
		return 0
	}
	y, _ := Year(d.Date[:4])
	return y
}

// Passage is a paragraph or list item a reader can cite as "¶N".
type Passage struct {
	ID        string // "<stem>#<n>"
	N         int    // paragraph number, from 1, over citable passages only
	Section   string // the heading the passage falls under, or empty
	Text      string // the original text with white space folded
	Sentences []Sentence
	// SectionTerms and SectionWords are the section heading's analysed terms
	// and lower-case words.
	SectionTerms []string
	SectionWords []string
	SectionLine  string   // " word word … "
	SectionIDs   []uint32 // term ids of the heading, sorted
	IDs          []uint32 // term ids of all its sentences, sorted
	// Item is the passage's place in a list (1, 2, …), 0 when it is not a
	// list item. Intro is the passage that opens the list ("… calls for:"),
	// when one does.
	Item  int
	Intro *Passage
	Doc   *Document
	// Order is the passage's place among all the passages of its store, in
	// document and paragraph order: ties between passages go to the first.
	Order int

	mu    sync.Mutex  // held while the sentences are worked out
	ready atomic.Bool // the sentences and terms are worked out
}

// Sentence is a span of its passage's Text with what matching needs to know.
type Sentence struct {
	Start, End int      // byte offsets into Passage.Text
	Terms      []string // analysed terms (stemmed, lower case, no stop words)
	IDs        []uint32 // the terms' ids in the store (Store.TermID), sorted, each once
	Words      []string // lower-case surface words, in order
	Line       string   // the words joined by spaces, with a space before and after
	Count      bool     // holds a quantity: a number that is not a year or a day, a percentage, "million"
	Figure     bool     // holds a quantity written in digits ("2.6 million", "60%", "21 cases")
	Date       bool     // holds a year, a month or a day
	Years      []int
	Months     []int    // months named, or inside a named range ("between July and September")
	Names      []string // runs of two or more capitalised words after the first word
	Person     bool     // one of its Names is a person's: no organisation's word in it, not in the document's title
	PointsBack bool     // it opens by pointing at the sentence before ("These mass returns…", "It cynically…")
	Future     bool     // it says what will or may happen
}

// Meta is what a document's ".meta.yaml" file says about it.
type Meta struct {
	Title     string   `yaml:"title"`
	Publisher string   `yaml:"publisher"`
	Date      string   `yaml:"date"`
	URL       string   `yaml:"url"`
	Examples  []string `yaml:"examples"`
	Exclude   []Rule   `yaml:"exclude"`
}

// Rule excludes publisher boilerplate: a block whose folded text matches
// Skip is left out; a block matching Stop is left out with all that follows.
type Rule struct {
	Skip string `yaml:"skip"`
	Stop string `yaml:"stop"`
}

// ErrNoDocuments is returned by Load when the folder holds no document.
var ErrNoDocuments = errors.New("no documents (.txt or .md)")

// Load reads every .txt and .md file of dir, with its metadata, in name order.
func Load(dir string) ([]*Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("index: load %s: %w", dir, err)
	}
	var paths []string
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".txt" && ext != ".md") {
			continue
		}
		paths = append(paths, filepath.Join(dir, e.Name()))
	}
	// Read and parsed on every core: a thousand documents take a fraction
	// of a second.
	docs := make([]*Document, len(paths))
	errs := make([]error, len(paths))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				docs[i], errs[i] = LoadFile(paths[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first in name order
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("index: load %s: %w", dir, ErrNoDocuments)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	return docs, nil
}

// LoadFile reads one document and the ".meta.yaml" file beside it, if any.
func LoadFile(path string) (*Document, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("index: read %s: %w", path, err)
	}
	var meta Meta
	metaPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.yaml"
	if b, err := os.ReadFile(metaPath); err == nil {
		if err := yaml.Unmarshal(b, &meta); err != nil {
			return nil, fmt.Errorf("index: read %s: %w", metaPath, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("index: read %s: %w", metaPath, err)
	}
	name := filepath.Base(path)
	return Parse(name, decodeText(raw), meta)
}

// Parse cuts a document's text into passages. name is its file name.
func Parse(name, text string, meta Meta) (*Document, error) {
	if meta.Date != "" {
		if _, err := time.Parse(time.DateOnly, meta.Date); err != nil {
			return nil, fmt.Errorf("index: %s: date %q is not YYYY-MM-DD", name, meta.Date)
		}
	}
	rules, err := compileRules(meta.Exclude)
	if err != nil {
		return nil, fmt.Errorf("index: %s: %w", name, err)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.TrimPrefix(text, "\ufeff") // a byte order mark
	doc := &Document{
		Stem:      strings.TrimSuffix(name, filepath.Ext(name)),
		File:      name,
		Title:     meta.Title,
		Publisher: meta.Publisher,
		Date:      meta.Date,
		URL:       meta.URL,
		Examples:  meta.Examples,
	}
	markdown := filepath.Ext(name) == ".md"
	blocks := splitBlocks(text, markdown)
	section := ""
	first := true // the first block kept: the title, when meta has none
	for _, b := range blocks {
		if rules.stopAt(b.text) {
			break
		}
		if rules.skip(b.text) {
			continue
		}
		isFirst := first
		first = false
		if b.heading {
			if doc.Title == "" && isFirst {
				doc.Title = b.text
				continue
			}
			if b.text == doc.Title {
				continue
			}
			section = b.text
			continue
		}
		p := &Passage{
			N:       len(doc.Passages) + 1,
			Section: section,
			Text:    b.text,
			Doc:     doc,
		}
		if b.item {
			p.Item = 1
			if n := len(doc.Passages); n > 0 {
				prev := doc.Passages[n-1]
				switch {
				case prev.Item > 0 && prev.Section == section:
					p.Item, p.Intro = prev.Item+1, prev.Intro
				case prev.Section == section && strings.HasSuffix(prev.Text, ":"):
					p.Intro = prev
				}
			}
		}
		p.ID = fmt.Sprintf("%s#%d", doc.Stem, p.N)
		doc.Passages = append(doc.Passages, p)
	}
	if doc.Title == "" {
		doc.Title = doc.Stem
	}
	doc.digest = doc.Digest()
	return doc, nil
}

type rules struct{ skips, stops []*regexp.Regexp }

func compileRules(rs []Rule) (rules, error) {
	var out rules
	for _, r := range rs {
		for _, p := range []struct {
			expr string
			into *[]*regexp.Regexp
		}{{r.Skip, &out.skips}, {r.Stop, &out.stops}} {
			if p.expr == "" {
				continue
			}
			re, err := regexp.Compile(p.expr)
			if err != nil {
				return rules{}, fmt.Errorf("exclude rule %q: %w", p.expr, err)
			}
			*p.into = append(*p.into, re)
		}
	}
	return out, nil
}

func (r rules) skip(s string) bool   { return matchAny(r.skips, s) }
func (r rules) stopAt(s string) bool { return matchAny(r.stops, s) }

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// Hash is a digest of the documents' names, metadata and text: it changes
// when any of them does.
func Hash(docs []*Document) string {
	h := sha256.New()
	for _, d := range docs {
		h.Write([]byte(d.Digest()))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Digest is a digest of the document's name, metadata and text, worked out
// when it is parsed.
func (d *Document) Digest() string {
	if d.digest != "" {
		return d.digest
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", d.File, d.Title, d.Publisher, d.Date, d.URL)
	for _, p := range d.Passages {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", p.ID, p.Section, p.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}
