package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"citebot/answers"
	"citebot/curated"
)

// The curated answers and fact cards, as moderators change them: the same
// operations for the chat commands and the terminal.

// curatedReload is how often the bot looks at the curated files: a change
// anywhere reaches it within two seconds.
const curatedReload = time.Second

// loadCurated reads the curated answers and fact cards into the engine. A
// file with an error is refused: the last good set kept beside it is
// served, and the file is left for its moderator to fix.
func (b *Bot) loadCurated() {
	entries, refused := b.curated.LoadLastGood()
	b.refuseCurated(fileOf(b.curated, "curated answers"), refused)
	cards, refused := b.cards.LoadLastGood()
	b.refuseCurated(fileOf(b.cards, "fact cards"), refused)
	b.setCurated(entries)
	b.setCards(cards)
}

func (b *Bot) flagStale(stale []answers.Stale) {
	for _, s := range stale {
		b.log.Warn("curated answer not served: re-cite it", "entry", s.Entry.ID, "passage", s.CiteID, "reason", s.Reason)
	}
}

// watchCurated serves every change of the curated files, by any process
// or by hand, until ctx ends; a file with an error is refused with the line
// it names, and the last good set stays live.
func (b *Bot) watchCurated(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() { watchFile(ctx, b, b.cards, "fact cards", b.setCards) })
	watchFile(ctx, b, b.curated, "curated answers", b.setCurated)
	wg.Wait()
	return nil
}

func watchFile[T any](ctx context.Context, b *Bot, s curated.Items[T], what string, set func([]T)) {
	s.Watch(ctx, curatedReload, func(items []T) {
		set(items)
		b.refuseCurated(fileOf(s, what), nil)
		b.log.Info(what+" loaded", "items", len(items))
	}, func(err error) {
		if errors.Is(err, curated.ErrUnavailable) {
			b.log.Warn("the database cannot be reached; the last "+what+" read stay live, retrying", "err", err)
			return
		}
		b.refuseCurated(fileOf(s, what), err)
	})
}

// undo reverts the last change of s.
func undo[T any](s curated.Items[T], author string) (curated.Change[T], error) {
	ch, err := s.Undo(author)
	if errors.Is(err, curated.ErrNothing) {
		return ch, errors.New("there is no change to undo")
	}
	return ch, err
}

// indexOf finds the item named id, -1 when there is none.
func indexOf[T any](items []T, id string, idOf func(T) string) int {
	return slices.IndexFunc(items, func(it T) bool { return idOf(it) == id })
}

func entryID(en curated.Entry) string { return en.ID }

// entryChange is a change of the curated answers.
type entryChange = curated.Change[curated.Entry]

// entryPatch is what an add or an edit gives: empty fields keep the old.
type entryPatch struct {
	Questions []string
	Answer    string
	Cite      []string
	Lang      string
}

// curateAdd adds an entry and returns it.
func (b *Bot) curateAdd(author string, p entryPatch) (curated.Entry, error) {
	now := time.Now().UTC()
	en := curated.Entry{ID: curated.NewID(), Questions: p.Questions, Answer: p.Answer, Lang: p.Lang,
		Author: author, Created: now, Changed: now}
	for _, c := range p.Cite {
		en.Cite = append(en.Cite, curated.Cite{ID: b.passageID(c)})
	}
	ch, err := b.curated.Update(author, func(entries []curated.Entry) (entryChange, error) {
		if err := b.eng().Validate(&en, entries); err != nil {
			return entryChange{}, err
		}
		return entryChange{Action: "add", After: &en}, nil
	})
	if err != nil {
		return curated.Entry{}, err
	}
	b.reloadCurated()
	return *ch.After, nil
}

// curateEdit replaces what p gives of entry id.
func (b *Bot) curateEdit(author, id string, p entryPatch) (curated.Entry, error) {
	ch, err := b.curated.Update(author, func(entries []curated.Entry) (entryChange, error) {
		i := indexOf(entries, id, entryID)
		if i < 0 {
			return entryChange{}, fmt.Errorf("no entry %q", id)
		}
		before := entries[i]
		en := before
		en.Questions = slices.Clone(before.Questions)
		en.Cite = slices.Clone(before.Cite)
		if len(p.Questions) > 0 {
			en.Questions = p.Questions
		}
		if p.Answer != "" {
			en.Answer = p.Answer
		}
		if len(p.Cite) > 0 {
			en.Cite = nil
			for _, c := range p.Cite {
				en.Cite = append(en.Cite, curated.Cite{ID: b.passageID(c)})
			}
		}
		if p.Lang != "" {
			en.Lang = p.Lang
		}
		en.Author, en.Changed = author, time.Now().UTC()
		if err := b.eng().Validate(&en, entries); err != nil {
			return entryChange{}, err
		}
		return entryChange{Action: "edit", Before: &before, After: &en}, nil
	})
	if err != nil {
		return curated.Entry{}, err
	}
	b.reloadCurated()
	return *ch.After, nil
}

// curateRemove removes entry id.
func (b *Bot) curateRemove(author, id string) (curated.Entry, error) {
	ch, err := b.curated.Update(author, func(entries []curated.Entry) (entryChange, error) {
		i := indexOf(entries, id, entryID)
		if i < 0 {
			return entryChange{}, fmt.Errorf("no entry %q", id)
		}
		return entryChange{Action: "remove", Before: &entries[i]}, nil
	})
	if err != nil {
		return curated.Entry{}, err
	}
	b.reloadCurated()
	return *ch.Before, nil
}

// curateUndo reverts the last change.
func (b *Bot) curateUndo(author string) (entryChange, error) {
	ch, err := undo(b.curated, author)
	if err != nil {
		return ch, err
	}
	b.reloadCurated()
	return ch, nil
}

// reloadCurated makes a change live in this process at once (others see it
// through their watch).
func (b *Bot) reloadCurated() { b.loadCurated() }

// passageID reads "¶3" or "3" as a passage id when there is one document.
func (b *Bot) passageID(s string) string {
	s = strings.TrimSpace(s)
	if p, ok := b.findPassage(s); ok {
		return p.ID
	}
	return s
}

// describeEntry writes an entry for moderators.
func describeEntry(en curated.Entry) []string {
	lines := []string{fmt.Sprintf("Entry %s, by %s, changed %s", en.ID, orNone(en.Author), en.Changed.Format(time.DateTime))}
	for _, q := range en.Questions {
		lines = append(lines, "Q: "+q)
	}
	lines = append(lines, "A: "+en.Answer)
	var ids []string
	for _, c := range en.Cite {
		ids = append(ids, c.ID)
	}
	lines = append(lines, "Cites: "+strings.Join(ids, ", "))
	return lines
}

func orNone(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
