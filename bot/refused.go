package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"citebot/adapters"
	"citebot/curated"
)

// A bad file never stops the bot. A curated file with an error is refused
// and the last good set is served; a document that cannot be read or is
// not a document is skipped. Each is logged once when found, shown to
// moderators (/answers, /factcards, /reload) and on /healthz as a degraded
// part, while the bot serves.

// refusals are the files the bot refuses now.
type refusals struct {
	mu    sync.Mutex
	files map[string]string // curated file name to why it is refused
	items map[string]int    // curated file name to the items served
	docs  []string          // documents not indexed: "name: why; what to do"
}

// refuse notes that the curated file name is refused for err; nil clears
// it. It says whether that changed what was noted.
func (r *refusals) refuse(name string, err error) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	why := ""
	if err != nil {
		why = strings.TrimPrefix(err.Error(), "curated: ")
	}
	if r.files[name] == why {
		return false
	}
	if r.files == nil {
		r.files = make(map[string]string)
	}
	if why == "" {
		delete(r.files, name)
	} else {
		r.files[name] = why
	}
	return true
}

// serve notes that n items of the curated file name are served.
func (r *refusals) serve(name string, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.items == nil {
		r.items = make(map[string]int)
	}
	r.items[name] = n
}

// file is why the curated file name is refused, "" when it is not.
func (r *refusals) file(name string) (why string, served int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.files[name], r.items[name]
}

// skip notes the documents not indexed now, and returns those that were
// not before.
func (r *refusals) skip(docs []string) (added []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range docs {
		if !slices.Contains(r.docs, d) {
			added = append(added, d)
		}
	}
	r.docs = docs
	return added
}

func (r *refusals) skipped() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.docs)
}

// curatedFile is a curated file as the log and moderators name it.
type curatedFile struct {
	path, lastGood string
	what           string // "curated answers"
}

func fileOf[T any](s curated.Items[T], what string) curatedFile {
	return curatedFile{path: s.Path(), lastGood: s.LastGoodPath(), what: what}
}

// refuseCurated notes that the curated file f is refused for err, or
// served again when err is nil, and logs the change: one line with the
// file, the line at fault and what to do.
func (b *Bot) refuseCurated(f curatedFile, err error) {
	if !b.refused.refuse(filepath.Base(f.path), err) {
		return
	}
	if err == nil {
		b.log.Info(f.what+" file read again; it is served", "file", f.path)
		return
	}
	b.log.Error(f.what+" file refused; the last good set is served and the file is left as it is", "file", f.path, "err", err,
		"fix", "correct the line named (the last good set is in "+f.lastGood+"); the bot reads the file again within two seconds")
}

// curatedHealth is the /healthz state of a curated file: degraded while
// it is refused, with why and how many items of the last good set are
// served.
func (b *Bot) curatedHealth(name, items string) func() (bool, string) {
	return func() (bool, string) {
		why, served := b.refused.file(name)
		if why != "" {
			return true, fmt.Sprintf("degraded: %s; serving the last good set (%d %s)", why, served, items)
		}
		return true, fmt.Sprintf("ready: %d %s", served, items)
	}
}

// documentsHealth is the /healthz state of the documents: degraded while
// some are not indexed, naming them and why.
func (b *Bot) documentsHealth() (bool, string) {
	docs := len(b.eng().Documents())
	skipped := b.refused.skipped()
	if len(skipped) == 0 {
		return true, fmt.Sprintf("ready: %d documents", docs)
	}
	return true, fmt.Sprintf("degraded: %d documents served, %d not indexed: %s", docs, len(skipped), strings.Join(atMost(skipped), " | "))
}

// shownSkipped is how many skipped documents /healthz and a reply name;
// the log names each.
const shownSkipped = 20

// atMost is the first shownSkipped of skipped, and how many more there are.
func atMost(skipped []string) []string {
	if len(skipped) <= shownSkipped {
		return skipped
	}
	return append(slices.Clone(skipped[:shownSkipped]), fmt.Sprintf("and %d more (the log names each)", len(skipped)-shownSkipped))
}

// refusedBlocks tell moderators which files the bot refuses now, why and
// what to do; none when it refuses none.
func (b *Bot) refusedBlocks() []adapters.Block {
	var out []adapters.Block
	for _, f := range []struct{ name, items string }{{curated.FileName, "answers"}, {curated.CardsFileName, "cards"}} {
		if why, served := b.refused.file(f.name); why != "" {
			out = append(out, adapters.Block{Kind: adapters.Text, Text: fmt.Sprintf(
				"%s has an error, so the last good set (%d %s) is served until it is fixed; the file is left as it is: %s",
				f.name, served, f.items, why)})
		}
	}
	if skipped := b.refused.skipped(); len(skipped) > 0 {
		out = append(out, adapters.Block{Kind: adapters.Text, Text: fmt.Sprintf("%d documents are not indexed, so never cited:", len(skipped))})
		for _, s := range atMost(skipped) {
			out = append(out, adapters.Block{Kind: adapters.Item, Text: s})
		}
	}
	return out
}
