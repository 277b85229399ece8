package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"citebot/adapters"
	"citebot/curated"
)

// The queue of questions the bot could not answer: their text and time,
// never who asked; pruned after CITEBOT_RETENTION.

// maxQueued is the longest question text kept in the queue.
const maxQueued = 300

// noteUnanswered queues a question the documents did not answer.
func (b *Bot) noteUnanswered(question string) {
	q := strings.Join(strings.Fields(question), " ")
	if q == "" {
		return
	}
	if err := b.unanswered.Add(curated.Unanswered{Question: adapters.Clip(q, maxQueued)}); err != nil {
		b.log.Error("unanswered queue: not written", "err", err)
	}
}

// queueGroup is questions that ask the same thing, newest first.
type queueGroup struct {
	questions []string
	newest    time.Time
	count     int
}

// groups reads the queue and groups it by keywords, newest group first.
func (b *Bot) groups() ([]queueGroup, error) {
	recs, err := b.unanswered.Load(b.cfg.Retention)
	if err != nil {
		return nil, err
	}
	type keyed struct {
		g    *queueGroup
		keys []string
	}
	var gs []keyed
	for i := len(recs) - 1; i >= 0; i-- { // newest first
		r := recs[i]
		keys := b.eng().Keywords(r.Rec.Question)
		var home *queueGroup
		for _, k := range gs {
			if jaccard(keys, k.keys) >= 0.5 {
				home = k.g
				break
			}
		}
		if home == nil {
			home = &queueGroup{newest: r.Time}
			gs = append(gs, keyed{g: home, keys: keys})
		}
		home.count++
		if !slices.Contains(home.questions, r.Rec.Question) {
			home.questions = append(home.questions, r.Rec.Question)
		}
	}
	out := make([]queueGroup, len(gs))
	for i, k := range gs {
		out[i] = *k.g
	}
	return out, nil
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	both := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// describeGroups writes the queue for moderators.
func describeGroups(gs []queueGroup) []string {
	var out []string
	for i, g := range gs {
		line := fmt.Sprintf("%d. %d× (newest %s): %s", i+1, g.count, g.newest.Format(time.DateTime), adapters.Clip(g.questions[0], 120))
		if len(g.questions) > 1 {
			line += fmt.Sprintf(" (and %d more wordings)", len(g.questions)-1)
		}
		out = append(out, line)
	}
	return out
}

// answerGroup turns a group of the queue into a curated entry and takes its
// questions off the queue.
func (b *Bot) answerGroup(author string, n int, answer string, cites []string) (string, error) {
	gs, err := b.groups()
	if err != nil {
		return "", err
	}
	if n < 1 || n > len(gs) {
		return "", fmt.Errorf("there is no question %d in the queue", n)
	}
	g := gs[n-1]
	qs := g.questions[:min(len(g.questions), 5)]
	en, err := b.curateAdd(author, entryPatch{Questions: qs, Answer: answer, Cite: cites})
	if err != nil {
		return "", err
	}
	err = b.unanswered.Remove(b.cfg.Retention, func(r curated.Stamped[curated.Unanswered]) bool {
		return slices.Contains(g.questions, r.Rec.Question)
	})
	return en.ID, err
}

// unansweredCommand shows moderators what people asked that the documents
// do not answer, and lets them answer it:
//
//	/unanswered
//	/unanswered answer N | ANSWER | ¶N[, ¶N…]
func (b *Bot) unansweredCommand() Command {
	return Command{
		Name:      "unanswered",
		Args:      "[answer N | answer | ¶N]",
		Help:      "Moderators: the questions I could not answer, grouped, newest first.",
		Moderator: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if !trusted(req) {
				return notice("Only moderators can see the questions I could not answer."), nil
			}
			verb, rest, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
			if verb == "answer" {
				parts := strings.Split(rest, "|")
				n, err := strconv.Atoi(strings.TrimSpace(parts[0]))
				if len(parts) != 3 || err != nil {
					return notice("Write: /unanswered answer N | your answer | ¶N, ¶N"), nil
				}
				p, _ := parsePatch(" |"+parts[1]+"|"+parts[2], false)
				id, err := b.answerGroup(authorOf(req), n, p.Answer, p.Cite)
				if err != nil {
					return notice("Nothing was changed: " + forModerators(err).Error() + "."), nil
				}
				return notice(fmt.Sprintf("Added entry %s from question %d; its questions are off the queue.", id, n)), nil
			}
			gs, err := b.groups()
			if errors.Is(err, curated.ErrUnavailable) {
				return notice("The queue cannot be read just now: " + forModerators(err).Error() + "."), nil
			}
			if err != nil {
				return adapters.Reply{}, err
			}
			if len(gs) == 0 {
				return notice("No unanswered questions."), nil
			}
			return notice(append([]string{"Questions I could not answer (no one's name is kept):"}, describeGroups(gs)...)...), nil
		},
	}
}
