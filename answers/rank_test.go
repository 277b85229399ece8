package answers

import "testing"

// TestChangedRankIsNotAnswered: a question whose rank differs from the
// one the sentence gives ("22nd" where it says "32nd", "second" where it
// says "third") is not answered with that sentence; asked with the right
// rank, it is.
func TestChangedRankIsNotAnswered(t *testing.T) {
	text := "City Notes\n\nIn 2024 the magazine Urban Review ranked Warsaw the 32nd most liveable city in the world.\n\n" +
		"Lake Orra is the third largest lake in the region and feeds the river Vell.\n"
	e := textEngine(t, "city.txt", text)
	wantAnswered(t, e, []answering{
		{"Which magazine ranked Warsaw the 32nd most liveable city?", true},
		{"Which magazine ranked Warsaw the 22nd most liveable city?", false},
		{"Which lake is the third largest in the region?", true},
		{"Which lake is the second largest in the region?", false},
	})
}
