package index_test

import (
	"context"
	"fmt"
	"log"

	"citebot/index"
)

func ExampleParse() {
	text := "Afghan Returns Surge\n\n" +
		"Over 2.6 million people were\nsent back in 2025.\n\n" +
		"What Amnesty Asks\n\n" +
		"  • A halt to deportations.\n" +
		"  • Safe and legal pathways.\n\n" +
		"Support Our Work\n\nDonate today."
	meta := index.Meta{
		Date:    "2025-12-16",
		Exclude: []index.Rule{{Stop: "^Support Our Work$"}},
	}
	doc, err := index.Parse("report.txt", text, meta)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Title, doc.Year())
	for _, p := range doc.Passages {
		fmt.Printf("%s [%s] %s\n", p.ID, p.Section, p.Text)
	}
	// Output:
	// Afghan Returns Surge 2025
	// report#1 [] Over 2.6 million people were sent back in 2025.
	// report#2 [What Amnesty Asks] A halt to deportations.
	// report#3 [What Amnesty Asks] Safe and legal pathways.
}

func ExampleStore_Search() {
	doc, err := index.Parse("report.txt",
		"Over 2.6 million Afghans were returned in 2025.\n\n"+
			"Amnesty calls for a halt to all deportations.\n\n"+
			"Women and girls face severe repression.", index.Meta{Title: "Report"})
	if err != nil {
		log.Fatal(err)
	}
	s, err := index.Open([]*index.Document{doc})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	// Queries are analysed like the passages: "deported" finds "deportations".
	var terms []index.Term
	for _, t := range s.Terms("Who stops people being deported?") {
		terms = append(terms, index.Term{Text: t, Boost: 1})
	}
	hits, err := s.Search(context.Background(), terms, 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hits {
		fmt.Println(h.Passage.ID, h.Passage.Text)
	}
	// Output:
	// report#2 Amnesty calls for a halt to all deportations.
}
