package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"citebot/curated"

	"citebot/adapters"
)

// Feedback counts 👍 and 👎 per answer: no sender, no question, only the
// answer's id and two numbers.
type Feedback struct {
	mu      sync.Mutex
	counts  map[string]*Votes
	journal journal[curated.Vote] // where votes are kept, when set
	// shared: other processes add to the journal too, so Top counts what
	// it holds (and what this process counted, when it cannot be read).
	shared bool
	keep   time.Duration // how long votes are kept
}

// load counts the votes kept in the journal, younger than keep.
func (f *Feedback) load(keep time.Duration) error {
	recs, err := f.journal.Load(keep)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts = make(map[string]*Votes)
	for _, r := range recs {
		v, ok := f.counts[r.Rec.Answer]
		if !ok {
			v = &Votes{}
			f.counts[r.Rec.Answer] = v
		}
		if r.Rec.Up {
			v.Up++
		} else {
			v.Down++
		}
	}
	return nil
}

// Votes are an answer's feedback counts.
type Votes struct{ Up, Down int }

// maxFeedbackAnswers bounds the answers counted, so a flood of made-up ids
// cannot grow memory without end.
const maxFeedbackAnswers = 100_000

// Add counts one vote; it reports false for an id no answer could have.
func (f *Feedback) Add(id string, up bool) bool {
	if !validAnswerID(id) {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = make(map[string]*Votes)
	}
	v, ok := f.counts[id]
	if !ok {
		if len(f.counts) >= maxFeedbackAnswers {
			return false
		}
		v = &Votes{}
		f.counts[id] = v
	}
	if up {
		v.Up++
	} else {
		v.Down++
	}
	if f.journal != nil {
		f.journal.Add(curated.Vote{Answer: id, Up: up}) // a vote not kept is still counted here
	}
	return true
}

// Top lists the answers with the most votes, most first.
func (f *Feedback) Top(n int) []struct {
	ID string
	Votes
} {
	if f.shared {
		f.load(f.keep) // else the counts of this process stay
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []struct {
		ID string
		Votes
	}
	for id, v := range f.counts {
		out = append(out, struct {
			ID string
			Votes
		}{id, *v})
	}
	slices.SortFunc(out, func(a, b struct {
		ID string
		Votes
	}) int {
		return (b.Up + b.Down) - (a.Up + a.Down)
	})
	return out[:min(n, len(out))]
}

// Get returns an answer's counts.
func (f *Feedback) Get(id string) Votes {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.counts[id]; ok {
		return *v
	}
	return Votes{}
}

func (b *Bot) feedbackCommand() Command {
	return Command{
		Name:   adapters.CommandFeedback,
		Args:   "up|down <answer id>",
		Help:   "Counts a 👍 or 👎 for an answer.",
		Hidden: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			vote, id, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
			if (vote != "up" && vote != "down") || !b.feedback.Add(strings.TrimSpace(id), vote == "up") {
				return notice("That feedback could not be counted."), nil
			}
			lang := b.langOf(req)
			return langNotice(lang, phrase(lang, "feedback_thanks")), nil
		},
	}
}
