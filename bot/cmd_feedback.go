package main

import (
	"context"
	"strings"
	"sync"

	"citebot/adapters"
)

// Feedback counts 👍 and 👎 per answer: no sender, no question, only the
// answer's id and two numbers.
type Feedback struct {
	mu     sync.Mutex
	counts map[string]*Votes
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
	return true
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
			return notice("Thank you: your feedback is counted for this answer, not who gave it."), nil
		},
	}
}
