package corpusgen

import (
	"fmt"
	"strings"
	"unicode"

	"citebot/index"
)

// Salad writes docs documents of passages paragraphs of word salad: each
// sentence 6 to 18 words drawn at random from vocabulary (a document's own
// words, say), in no order that means anything. A question whose words
// such a sentence happens to hold is not answered by it: an engine that
// quotes one has matched words, not meaning. Words holding a digit are
// left out, so no figure is ever given; the documents are dated 2019 to
// 2022, older than any seed, and named "salad-NNNN.txt". The same seed and
// vocabulary give byte-identical documents.
func Salad(seed int64, docs, passages int, vocabulary []string) []Document {
	var words []string
	seen := make(map[string]bool)
	for _, w := range vocabulary {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		lw := strings.ToLower(w)
		if w == "" || seen[lw] || strings.ContainsFunc(w, unicode.IsDigit) {
			continue
		}
		seen[lw] = true
		words = append(words, lw)
	}
	if docs <= 0 || len(words) == 0 {
		return nil
	}
	out := make([]Document, docs)
	for i := range out {
		r := newRand(seed, -(i + 1))
		var b strings.Builder
		draw := func(n int) string {
			ws := make([]string, n)
			for k := range ws {
				ws[k] = words[r.IntN(len(words))]
			}
			return upperFirst(strings.Join(ws, " "))
		}
		sentence := func() string { return draw(6+r.IntN(13)) + "." }
		title := draw(4)
		b.WriteString(title + "\n\n")
		for range max(passages, 1) {
			for k := range 2 + r.IntN(3) {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(sentence())
			}
			b.WriteString("\n\n")
		}
		out[i] = Document{
			Name: fmt.Sprintf("salad-%04d.txt", i+1),
			Text: b.String(),
			Meta: index.Meta{
				Title:     title,
				Publisher: pick(r, publishers),
				Date:      fmt.Sprintf("%04d-%02d-%02d", firstYear+r.IntN(lastYear-firstYear+1), 1+r.IntN(12), 1+r.IntN(28)),
			},
		}
	}
	return out
}
