package index

import (
	_ "embed"
	"strings"

	"citebot/internal/wordlists"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// IrregularName names the token filter that turns irregular English word
// forms into their base form ("fled" to "flee", "sent" to "send") and
// British spellings into American ones ("neighbours", "recognised"), which
// the Porter stemmer leaves apart, so that "people who fled" matches "why do
// people flee".
const IrregularName = "citebot_irregular"

//go:embed words.txt
var wordsText string

// words are index/words.txt's lists.
var words = wordlists.MustParse("index/words.txt", wordsText)

// irregular maps irregular forms to their base, british British spellings
// to American ones.
var irregular, british = foldTables(words)

func foldTables(l wordlists.Lists) (irregular, british map[string]string) {
	irregular = make(map[string]string)
	for base, forms := range l.Map("irregular") {
		for _, f := range strings.Fields(forms) {
			irregular[f] = base
		}
	}
	british = make(map[string]string)
	// "neighbour" finds "neighboring": a root, then the endings it takes.
	// roots, their endings, the British ending of the root, the American.
	for _, roots := range [][4]string{{"our_roots", "our_endings", "our", "or"}, {"ise_roots", "ise_endings", "s", "z"}} {
		for _, r := range l.List(roots[0]) {
			us := strings.TrimSuffix(r, roots[2]) + roots[3]
			for _, end := range l.List(roots[1]) {
				if end == "-" {
					end = ""
				}
				british[r+end] = us + end
			}
		}
	}
	for gb, us := range l.Map("british") {
		british[gb] = us
	}
	return irregular, british
}

func init() {
	err := registry.RegisterTokenFilter(IrregularName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return irregularFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}

type irregularFilter struct{}

func (irregularFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if base, ok := irregular[string(t.Term)]; ok {
			t.Term = []byte(base)
		} else if us, ok := british[string(t.Term)]; ok {
			t.Term = []byte(us)
		}
	}
	return input
}
