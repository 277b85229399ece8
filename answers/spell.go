package answers

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// english.txt.gz lists English words (see english.NOTICE): a word found there
// is a real word the documents happen not to use, not a misspelling.
//
//go:embed english.txt.gz
var englishGz []byte

var (
	englishOnce  sync.Once
	englishWords map[string]struct{}
)

// isEnglish tells whether w (lower case) is an English word. The list is
// read on first use.
func isEnglish(w string) bool {
	englishOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(englishGz))
		if err != nil {
			return
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			return
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		englishWords = make(map[string]struct{}, len(lines))
		for _, l := range lines {
			englishWords[l] = struct{}{}
		}
	})
	_, ok := englishWords[w]
	return ok
}

// speller corrects a misspelt word to the nearest word the documents or the
// lexicon know, by symmetric deletion: a word and its candidates meet on a
// string obtained by deleting letters from each.
type speller struct {
	freq    map[string]int      // words that need no correction, and how common they are
	deletes map[string][]string // a target word with one letter deleted, to the word
}

func newSpeller(targets map[string]int, plain map[string]bool) *speller {
	s := &speller{freq: make(map[string]int, len(targets)+len(plain)), deletes: make(map[string][]string, 8*len(targets))}
	for w := range plain {
		s.freq[w] = 0
	}
	for w, n := range targets {
		s.freq[w] = n
		if len(w) < 3 || !isLetters(w) {
			continue
		}
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			if ws := s.deletes[d]; len(ws) == 0 || ws[len(ws)-1] != w {
				s.deletes[d] = append(ws, w)
			}
		}
	}
	return s
}

// known tells whether w needs no correction.
func (s *speller) known(w string) bool {
	_, ok := s.freq[w]
	return ok
}

// correct returns the known word nearest to w, if w is not an English word
// and a known word is close enough and starts with the same letter: one edit
// for words of four to seven letters, two for longer ones.
func (s *speller) correct(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 4 || n > 30 || !isLetters(w) || s.known(w) || isEnglish(w) {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	best, bestDist, bestFreq := "", limit+1, -1
	consider := func(c string) {
		// People rarely mistype the first letter; a candidate that differs
		// there is more likely another word ("reporters", "deportees").
		if c == best || c[0] != w[0] {
			return
		}
		d := editDistance(w, c, limit)
		if d > limit {
			return
		}
		f := s.freq[c]
		if d < bestDist || (d == bestDist && (f > bestFreq || (f == bestFreq && c < best))) {
			best, bestDist, bestFreq = c, d, f
		}
	}
	// w with up to limit letters deleted meets a known word as it is, or a
	// known word with one letter deleted.
	for _, d := range append([]string{w}, deletions(w, limit)...) {
		if _, ok := s.freq[d]; ok && len(d) >= 3 {
			consider(d)
		}
		for _, c := range s.deletes[d] {
			consider(c)
		}
	}
	return best, best != ""
}

// deletions lists the strings made by deleting 1 to k letters of w. A
// string may come more than once ("leter" from "letter" twice): looking it
// up again costs less than keeping them apart.
func deletions(w string, k int) []string {
	out := make([]string, 0, len(w)*(1+len(w)/2))
	level := []string{w}
	for range k {
		start := len(out)
		for _, s := range level {
			for i := range len(s) {
				out = append(out, s[:i]+s[i+1:])
			}
		}
		level = out[start:]
	}
	return out
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or limit+1
// once it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var buf [3][32]int
	if len(b) >= 32 {
		return limit + 1
	}
	prev2, prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
