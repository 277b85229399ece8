// Package corpusgen writes synthetic documents for tests and benchmarks: a
// corpus of thousands of documents, written in the vocabulary of the report
// citebot was built for, so that they compete with it for every question,
// and reproducible from a seed number.
//
// The documents speak of the same things as the report (Afghanistan,
// deportation, returnees, the Taliban, UNAMA, Iran and Pakistan, women and
// girls, journalists, non-refoulement, figures in millions, percentages,
// months and years) but never state its facts: their figures, years,
// countries and people are other ones. In particular they:
//
//   - never give the report's figures (2.6 million, 60% women and children,
//     21 cases, 14 killings) nor name its spokeswoman or her title;
//   - never name Amnesty International as the author of a report, a call,
//     an interview or a spokesperson, and never name UNHCR, a publisher's
//     donation appeal or a byline;
//   - are dated 2019 to 2022 and name those years for what happened, 2026
//     only for what is planned: never 2023 to 2025, the years the eval
//     set's near misses ask about ("deportations in 2023");
//   - give a figure for a single country only for countries the report does
//     not name (never Turkey, Tajikistan, Germany or Austria), and name
//     Iran and Pakistan only together.
//
// They do say things like the report's of other places and earlier years
// ("Journalists in Faryab described censorship … in 2020"): a question
// that names no place or year ("is it safe for journalists?") is then
// answered by them as well as by the report, which is newer than all of
// them.
//
// It may import the standard library and citebot/index; nothing else.
package corpusgen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"citebot/index"
)

// Document is one generated document: a ".txt" file as a seed would be,
// and what its ".meta.yaml" file says.
type Document struct {
	Name string // file name, "gen-0001.txt"
	Text string // a title line, section headings, paragraphs and list items
	Meta index.Meta
}

// newRand is document i's source: a PCG seeded with the seed and i. A
// document depends on the seed and its own number only, so the first n
// documents of a larger corpus are the n documents of a smaller one.
func newRand(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(i)))
}

// Generate writes docs documents of exactly passages passages each (as
// index.Parse cuts them; fewer than one counts as one). The same seed gives
// byte-identical documents.
func Generate(seed int64, docs, passages int) []Document {
	if docs <= 0 {
		return nil
	}
	passages = max(passages, 1)
	out := make([]Document, docs)
	for i := range out {
		out[i] = generate(newRand(seed, i+1), i+1, passages)
	}
	return out
}

// Write stores each document as dir/NAME and its metadata as
// dir/NAME.meta.yaml (the stem, then ".meta.yaml"), creating dir if needed.
func Write(dir string, docs []Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpusgen: write: %w", err)
	}
	for _, d := range docs {
		path := filepath.Join(dir, d.Name)
		if err := os.WriteFile(path, []byte(d.Text), 0o644); err != nil {
			return fmt.Errorf("corpusgen: write: %w", err)
		}
		meta := strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.yaml"
		if err := os.WriteFile(meta, []byte(MetaYAML(d)), 0o644); err != nil {
			return fmt.Errorf("corpusgen: write: %w", err)
		}
	}
	return nil
}

// MetaYAML is the document's ".meta.yaml" file, in the seeds' format.
func MetaYAML(d Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Metadata for %s, written by citebot/index/corpusgen: a synthetic document.\n", d.Name)
	fmt.Fprintf(&b, "title: %s\n", yamlString(d.Meta.Title))
	fmt.Fprintf(&b, "publisher: %s\n", yamlString(d.Meta.Publisher))
	fmt.Fprintf(&b, "date: %s\n", d.Meta.Date)
	fmt.Fprintf(&b, "url: %s\n", yamlString(d.Meta.URL))
	return b.String()
}

// yamlString quotes s as a YAML double-quoted scalar. Go's quoting of
// printable text is one YAML reads back the same (no \x escapes appear:
// the generator writes printable UTF-8 only).
func yamlString(s string) string { return strconv.Quote(s) }
