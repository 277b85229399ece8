// Package index turns the documents in the seeds folder into citable
// passages and searches them with bleve.
//
// It is the only package that imports bleve. It may import the standard
// library, bleve, a YAML parser and citebot/internal; nothing else of citebot.
package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"citebot/internal/yamlerr"
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
	// Translations are the document's translations by language code.
	Translations map[string]*Translation
	digest       string
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
	Time       bool     // holds a time of day: "02:47", "5:30 a.m."
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
	// A translation's metadata (see Translation): the original's file name
	// without its extension, who made it and what it is worth.
	TranslationOf string `yaml:"translation_of"`
	By            string `yaml:"by"`
	Status        string `yaml:"status"`
}

// Rule excludes publisher boilerplate: a block whose folded text matches
// Skip is left out; a block matching Stop is left out with all that follows.
type Rule struct {
	Skip string `yaml:"skip"`
	Stop string `yaml:"stop"`
}

// ErrNoDocuments is returned by Load when the folder holds no document.
var ErrNoDocuments = errors.New("no documents (.txt or .md)")

// Load reads every .txt and .md file of dir, with its metadata, in name
// order; a file that is not a document it can index is an error.
func Load(dir string) ([]*Document, error) {
	docs, skipped, err := LoadAll(dir)
	if len(skipped) > 0 {
		return nil, skipped[0] // the first in name order
	}
	return docs, err
}

// LoadAll reads every .txt and .md file of dir, with its metadata, in name
// order, and skips each file that cannot be read or is not a document (see
// Skipped). It fails when dir cannot be read or no document is left.
func LoadAll(dir string) ([]*Document, []*Skipped, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("index: load %s: %w", dir, err)
	}
	var paths []string
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); ext == ".txt" || ext == ".md" {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	// Read and parsed on every core: a thousand documents take a fraction
	// of a second.
	loaded := make([]entry, len(paths))
	errs := make([]error, len(paths))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				loaded[i], errs[i] = loadEntry(paths[i])
			}
		})
	}
	wg.Wait()
	var docs []*Document
	var skipped []*Skipped
	var trs []*Translation
	var of []string
	for i, err := range errs {
		var s *Skipped
		switch {
		case err == nil && loaded[i].tr != nil:
			trs, of = append(trs, loaded[i].tr), append(of, loaded[i].of)
		case err == nil:
			docs = append(docs, loaded[i].doc)
		case errors.As(err, &s):
			skipped = append(skipped, s)
		default:
			skipped = append(skipped, &Skipped{File: filepath.Base(paths[i]), Path: paths[i], Reason: err.Error(), Err: err})
		}
	}
	skipped = append(skipped, attach(docs, trs, of)...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	if len(docs) == 0 {
		if len(skipped) > 0 {
			return nil, skipped, fmt.Errorf("index: load %s: %w left: %d skipped", dir, ErrNoDocuments, len(skipped))
		}
		return nil, nil, fmt.Errorf("index: load %s: %w", dir, ErrNoDocuments)
	}
	return docs, skipped, nil
}

// LoadFile reads one document and the ".meta.yaml" file beside it, if any.
// A file that cannot be read or is not a document (a translation is not)
// is a *Skipped error.
func LoadFile(path string) (*Document, error) {
	e, err := loadEntry(path)
	if err == nil && e.tr != nil {
		name := filepath.Base(path)
		return nil, &Skipped{File: name, Path: path, Reason: "a translation, not a document", Fix: "load the folder it is in"}
	}
	return e.doc, err
}

// entry is what a file of the seeds folder holds: a document, or a
// translation of the one named of.
type entry struct {
	doc *Document
	tr  *Translation
	of  string
}

func loadEntry(path string) (entry, error) {
	name := filepath.Base(path)
	skip := func(s *Skipped) (entry, error) {
		s.File, s.Path = name, path
		return entry{}, s
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return skip(&Skipped{Reason: "a link to a file that does not exist", Fix: "point the link at the document, or remove it", Err: err})
	case err != nil:
		return skip(readError(err))
	case info.IsDir():
		return skip(&Skipped{Reason: "a folder, not a file", Fix: "give the folder a name without .txt or .md, or move it out of the seeds folder"})
	case !info.Mode().IsRegular():
		return skip(&Skipped{Reason: "not a regular file", Fix: "put the document itself there"})
	case info.Size() > MaxFileBytes:
		return skip(&Skipped{Reason: fmt.Sprintf("it holds %s, more than the %s a document may", size(int(info.Size())), size(MaxFileBytes)), Fix: "split it into several documents, or move it out of the seeds folder"})
	}
	raw, err := readAtMost(path, MaxFileBytes)
	if err != nil {
		return skip(readError(err))
	}
	if s := checkBytes(raw); s != nil {
		return skip(s)
	}
	text := decodeText(raw)
	if s := checkText(text); s != nil {
		return skip(s)
	}
	metaPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.yaml"
	meta, metaRaw, s := readMeta(metaPath)
	if s != nil {
		s.File, s.Path = name, metaPath
		return entry{}, s
	}
	if meta.TranslationOf != "" {
		t, s := parseTranslation(name, text, meta)
		if s != nil {
			s.File, s.Path = name, path
			if s.meta {
				s.Path = metaPath
			}
			return entry{}, s
		}
		return entry{tr: t, of: meta.TranslationOf}, nil
	}
	doc, err := Parse(name, text, meta)
	if errors.As(err, &s) {
		s.Path = path
		if s.meta {
			s.Path = metaPath
			if n := yamlerr.LineOf(metaRaw, s.value); n > 0 {
				s.Reason = fmt.Sprintf("line %d: %s", n, s.Reason)
			}
		}
		return entry{}, s
	}
	if err != nil {
		return entry{}, err
	}
	if len(doc.Passages) == 0 {
		return skip(&Skipped{Reason: "it holds no paragraph to quote (it is empty, or its metadata excludes all of it)", Fix: "write the document in it, or move it out of the seeds folder"})
	}
	return entry{doc: doc}, nil
}

// readMeta reads a document's metadata at path: empty when there is no
// such file.
func readMeta(path string) (Meta, []byte, *Skipped) {
	var meta Meta
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return meta, nil, nil
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return meta, nil, &Skipped{Reason: "a link to a file that does not exist", Fix: "point the link at the metadata file, or remove it", Err: err}
	case err != nil:
		return meta, nil, readError(err)
	case !info.Mode().IsRegular():
		return meta, nil, &Skipped{Reason: "not a file", Fix: "put the metadata file there, or remove it"}
	}
	raw, err := readAtMost(path, 1<<20)
	if err != nil {
		return meta, nil, readError(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&meta); err != nil && !errors.Is(err, io.EOF) {
		err = yamlerr.Readable(err, raw, metaKinds...)
		return meta, raw, &Skipped{Reason: err.Error(), Fix: "fix the metadata file (see README, Documents), or remove it", Err: err}
	}
	return meta, raw, nil
}

// metaKinds name the metadata's types in its errors.
var metaKinds = []yamlerr.Kind{
	yamlerr.KindOf[Meta]("a document's metadata"),
	yamlerr.KindOf[Rule]("an exclude rule"),
}

// readError is a file that could not be read.
func readError(err error) *Skipped {
	why := err // the cause alone: the log names the file already
	if cause := errors.Unwrap(err); cause != nil {
		why = cause
	}
	s := &Skipped{Reason: "it cannot be read: " + why.Error(), Fix: "check the file", Err: err}
	if errors.Is(err, fs.ErrPermission) {
		s.Fix = "make it readable by the user citebot runs as, or move it out of the seeds folder"
	}
	return s
}

// readAtMost reads the file at path, up to max bytes.
func readAtMost(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

// Parse cuts a document's text into passages. name is its file name.
func Parse(name, text string, meta Meta) (*Document, error) {
	if meta.Date != "" {
		if _, err := time.Parse(time.DateOnly, meta.Date); err != nil {
			return nil, &Skipped{File: name, Path: name, Reason: fmt.Sprintf("date %q is not YYYY-MM-DD", meta.Date),
				Fix: "write the date as 2025-12-16", meta: true, value: meta.Date}
		}
	}
	rules, err := compileRules(meta.Exclude)
	if err != nil {
		err.File, err.Path = name, name
		return nil, err
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
	for i, b := range blocks {
		if len(b.text) > MaxPassageBytes {
			s := tooLong(i+1, b.text)
			s.File, s.Path = name, name
			return nil, s
		}
	}
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

func compileRules(rs []Rule) (rules, *Skipped) {
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
				return rules{}, &Skipped{Reason: fmt.Sprintf("exclude rule %q is not a regular expression: %s", p.expr, regexpReason(err)),
					Fix: "fix the pattern (Go's regular expressions: https://pkg.go.dev/regexp/syntax)", meta: true, value: p.expr}
			}
			*p.into = append(*p.into, re)
		}
	}
	return out, nil
}

// regexpReason is what is wrong with a pattern, without the pattern,
// which the message gives already.
func regexpReason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code)
	}
	return err.Error()
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
		langs := make([]string, 0, len(d.Translations))
		for l := range d.Translations {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			h.Write([]byte(d.Translations[l].digest()))
		}
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

// Clone is a copy of d whose passages are its own and not yet in any
// store: the same document, to index again beside others.
func (d *Document) Clone() *Document {
	c := &Document{Stem: d.Stem, File: d.File, Title: d.Title, Publisher: d.Publisher, Date: d.Date, URL: d.URL,
		Examples: d.Examples, Translations: d.Translations, digest: d.Digest()}
	copies := make(map[*Passage]*Passage, len(d.Passages))
	for _, p := range d.Passages {
		q := &Passage{ID: p.ID, N: p.N, Section: p.Section, Text: p.Text, Item: p.Item, Intro: copies[p.Intro], Doc: c}
		copies[p] = q
		c.Passages = append(c.Passages, q)
	}
	return c
}
