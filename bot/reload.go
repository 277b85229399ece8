package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
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
	b.refused.serve(curated.FileName, len(entries))
}

// reload reads the seeds folder again and, when the documents changed,
// builds a new index and engine, gives them the curated answers, and swaps
// them in; until then the old ones answer. A folder that cannot be read
// changes nothing; a document that cannot be read or is not a document is
// skipped, or, when it is served, kept as it was until it is fixed.
func (b *Bot) reload() (bool, error) {
	b.reloadMu.Lock()
	defer b.reloadMu.Unlock()
	docs, skipped, err := index.LoadAll(b.cfg.SeedsDir)
	if err != nil && len(skipped) == 0 {
		return false, err
	}
	docs, kept := keepServed(b.live.Load().store.Documents(), docs, skipped)
	described := describeSkipped(skipped, kept)
	for _, d := range b.refused.skip(described) {
		s := skipped[slices.Index(described, d)]
		logSkipped(b.log, s, kept[s.File])
	}
	if len(docs) == 0 {
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

// keepServed adds to docs, when a document of served (the documents
// answering now) is among those skipped, its served version: a bad edit of
// a document, or of its metadata, leaves it as it was until it is fixed.
// kept names the documents kept so.
func keepServed(served, docs []*index.Document, skipped []*index.Skipped) (_ []*index.Document, kept map[string]bool) {
	kept = make(map[string]bool)
	for _, s := range skipped {
		if i := slices.IndexFunc(served, func(d *index.Document) bool { return d.File == s.File }); i >= 0 {
			docs = append(docs, served[i].Clone())
			kept[s.File] = true
		}
	}
	if len(kept) > 0 {
		slices.SortFunc(docs, func(a, b *index.Document) int { return strings.Compare(a.File, b.File) })
	}
	return docs, kept
}

// describeSkipped says which documents are skipped, why and what to do,
// one line each, for moderators and /healthz.
func describeSkipped(skipped []*index.Skipped, kept map[string]bool) []string {
	out := make([]string, 0, len(skipped))
	for _, s := range skipped {
		d := s.Describe() + "; " + s.Fix
		if kept[s.File] {
			d += "; the version read before is served until then"
		}
		out = append(out, d)
	}
	return out
}

// logSkipped logs a document skipped: one line naming the file at fault,
// why, and what to do.
func logSkipped(log *slog.Logger, s *index.Skipped, kept bool) {
	if kept {
		log.Error("document not read again; the version read before is served until it is fixed", "document", s.File, "file", s.Path, "reason", s.Reason, "fix", s.Fix)
		return
	}
	log.Error("document skipped: not indexed, cited or listed until it is fixed", "document", s.File, "file", s.Path, "reason", s.Reason, "fix", s.Fix)
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
// ends. Its first look always compares the documents with those the bot
// started with: a document added between the start and the watcher's
// first look would otherwise go unseen until the next change.
func (b *Bot) watchSeeds(ctx context.Context) error {
	last := ""
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
			r := notice("Reloaded: " + live)
			if !changed {
				r = notice("The documents have not changed since the last reload; live: " + live)
			}
			r.Blocks = append(r.Blocks, b.refusedBlocks()...)
			return r, nil
		},
	}
}
