package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"citebot/adapters"
	"citebot/answers"
	"citebot/curated"
	"citebot/index"
)

// seedsPoll is how often the bot looks for new or changed documents.
const seedsPoll = 2 * time.Second

// setCurated gives the curated entries to the engine answering now and
// keeps them for the next one.
func (b *Bot) setCurated(entries []curated.Entry) {
	b.reloadMu.Lock()
	defer b.reloadMu.Unlock()
	b.entries = entries
	b.flagStale(b.eng().SetCurated(entries))
}

// reload reads the seeds folder again and, when the documents changed,
// builds a new index and engine, gives them the curated answers, and swaps
// them in; until then the old ones answer. A folder that cannot be read
// changes nothing.
func (b *Bot) reload() (bool, error) {
	b.reloadMu.Lock()
	defer b.reloadMu.Unlock()
	docs, err := index.Load(b.cfg.SeedsDir)
	if err != nil {
		return false, err
	}
	hash := index.Hash(docs)
	if hash == b.live.Load().hash {
		return false, nil
	}
	started := time.Now()
	store, err := openIndex(b.cfg, docs, b.log)
	if err != nil {
		return false, err
	}
	engine, err := answers.New(store)
	if err != nil {
		store.Close()
		return false, err
	}
	b.flagStale(engine.SetCurated(b.entries))
	b.flagStaleCards(engine.SetCards(b.cardList))
	old := b.live.Swap(&corpus{store: store, engine: engine, hash: hash})
	b.metrics.passages.Set(float64(len(store.Passages())))
	b.metrics.buildTime.Set(time.Since(started).Seconds())
	b.log.Info("documents reloaded", "documents", len(docs), "passages", len(store.Passages()), "took", time.Since(started))
	// Answers in flight may still read the old index: close it later.
	time.AfterFunc(time.Minute, func() { old.store.Close() })
	return true, nil
}

// seedsSignature changes when a file of the seeds folder is added, removed
// or written.
func seedsSignature(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "error: " + err.Error()
	}
	var parts []string
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s:%d:%d", e.Name(), info.Size(), info.ModTime().UnixNano()))
	}
	sort.Strings(parts)
	return strings.Join(parts, "|")
}

// watchSeeds reloads the documents when the seeds folder changes, until ctx
// ends.
func (b *Bot) watchSeeds(ctx context.Context) error {
	last := seedsSignature(b.cfg.SeedsDir)
	t := time.NewTicker(seedsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		sig := seedsSignature(b.cfg.SeedsDir)
		if sig == last {
			continue
		}
		last = sig
		if _, err := b.reload(); err != nil {
			b.log.Error("documents not reloaded; the last good index keeps answering", "dir", filepath.Clean(b.cfg.SeedsDir), "err", err)
		}
	}
}

// reloadCommand lets moderators reload the documents at once.
func (b *Bot) reloadCommand() Command {
	return Command{
		Name:      "reload",
		Help:      "Moderators: read the documents again now.",
		Moderator: true,
		Run: func(ctx context.Context, req adapters.Request) (adapters.Reply, error) {
			if !trusted(req) {
				return notice("Only moderators can reload the documents."), nil
			}
			changed, err := b.reload()
			if err != nil {
				return notice("The documents could not be read, so nothing changed: " + err.Error()), nil
			}
			// The seeds folder is also watched: a document added a moment ago
			// may be live already, so both replies say what is live.
			live := fmt.Sprintf("%d documents, %d passages.", len(b.eng().Documents()), len(b.live.Load().store.Passages()))
			if !changed {
				return notice("The documents have not changed since the last reload; live: " + live), nil
			}
			return notice("Reloaded: " + live), nil
		},
	}
}
