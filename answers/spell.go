package answers

import "unicode/utf8"

// speller corrects a misspelt word to the nearest word the documents or the
// lexicon know, by symmetric deletion: a word and its candidates meet on a
// common string obtained by deleting up to two letters from each.
type speller struct {
	freq    map[string]int
	deletes map[string][]string
}

const maxEdits = 2

func newSpeller(known map[string]int, plain map[string]bool) *speller {
	s := &speller{freq: make(map[string]int, len(known)+len(plain)), deletes: make(map[string][]string)}
	for w := range plain {
		s.freq[w] = 0
	}
	for w, n := range known {
		s.freq[w] = n
		if len(w) < 3 || !isLetters(w) {
			continue
		}
		for _, d := range deletions(w, maxEdits) {
			s.deletes[d] = append(s.deletes[d], w)
		}
	}
	return s
}

// known tells whether w needs no correction.
func (s *speller) known(w string) bool {
	_, ok := s.freq[w]
	return ok
}

// correct returns the known word nearest to w, if one is close enough and
// starts with the same letter: one edit for words of four to seven letters,
// two for longer ones.
func (s *speller) correct(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 4 || n > 30 || !isLetters(w) || s.known(w) {
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
	for _, c := range s.deletes[w] {
		consider(c)
	}
	for _, d := range deletions(w, limit) {
		if _, ok := s.freq[d]; ok && len(d) >= 3 {
			consider(d)
		}
		for _, c := range s.deletes[d] {
			consider(c)
		}
	}
	return best, best != ""
}

// deletions lists the distinct strings made by deleting 1 to k letters of w.
func deletions(w string, k int) []string {
	seen := map[string]bool{}
	var out []string
	level := []string{w}
	for range k {
		var next []string
		for _, s := range level {
			for i := range len(s) {
				d := s[:i] + s[i+1:]
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
					next = append(next, d)
				}
			}
		}
		level = next
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
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
