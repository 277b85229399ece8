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
