package answers_test

import (
	"context"
	"fmt"
	"log"

	"citebot/answers"
	"citebot/index"
)

// open builds an engine over the project's seeds folder.
func open() (*answers.Engine, func()) {
	docs, err := index.Load("../seeds")
	if err != nil {
		log.Fatal(err)
	}
	store, err := index.Open(docs)
	if err != nil {
		log.Fatal(err)
	}
	e, err := answers.New(store)
	if err != nil {
		log.Fatal(err)
	}
	return e, func() { store.Close() }
}

func ExampleEngine_Ask() {
	e, closeStore := open()
	defer closeStore()

	a, err := e.Ask(context.Background(), "how many afghans were deported in 2025")
	if err != nil {
		log.Fatal(err)
	}
	// The first citation is the answer: a verbatim quote and its passage id.
	fmt.Println(a.Answered, a.Citations[0].ID)
	// Output:
	// true 000_bcd3b0e1b0c25f4c#2
}

func ExampleEngine_Ask_unanswerable() {
	e, closeStore := open()
	defer closeStore()

	// The documents do not say: the engine abstains rather than guess.
	a, err := e.Ask(context.Background(), "what is the capital of france")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Answered, a.Source, a.Reason)
	// Output:
	// false none notfound
}

func ExampleEngine_SetCards() {
	e, closeStore := open()
	defer closeStore()

	// A moderator's card: a passage's words, exactly, with a title and a
	// topic to find it by. ValidateCard refuses words the passage lacks.
	c := answers.Card{ID: "m1", Cite: "000_bcd3b0e1b0c25f4c#12", Quote: "14 killings of former security force members",
		Title: "Killings since July", Topics: []string{"veterans"}}
	if err := e.ValidateCard(&c); err != nil {
		log.Fatal(err)
	}
	bad := answers.Card{Cite: c.Cite, Quote: "14 murders"}
	fmt.Println(e.ValidateCard(&bad) != nil)

	// A card the bot makes itself, hidden by its id.
	first := e.Figures()[0]
	hidden := answers.Card{ID: first.CardID, Cite: first.ID, Quote: first.Quote, Hidden: true, Auto: true}
	e.SetCards([]answers.Card{c, hidden})

	cards, err := e.Cards(context.Background(), "veterans", 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cards[0].Title, "|", cards[0].Quote)
	fmt.Println(e.Figures()[0].Quote == first.Quote)
	// Output:
	// true
	// Killings since July | 14 killings of former security force members
	// false
}

// The language the bot's own words take for a question, told from its
// words: English, German, Dari (also typed in Latin letters) or Pashto.
func ExampleLanguage() {
	for _, q := range []string{
		"how many people were sent back?",
		"Wie viele Afghanen wurden abgeschoben?",
		"chand nafar deport shodan",
		"څومره خلک بیرته راغلل؟",
		"UNAMA 2025",
	} {
		lang, told := answers.Language(q)
		fmt.Println(lang, told)
	}
	// Output:
	// en true
	// de true
	// fa true
	// ps true
	// en false
}
