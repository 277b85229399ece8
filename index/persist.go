package index

import (
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// How tells how OpenDir came by its index.
type How string

const (
	Built    How = "built"    // every document indexed
	Reopened How = "reopened" // a generation on disk, nothing indexed
	Updated  How = "updated"  // the previous generation, with the changed documents indexed again
)

// Opened is what opening a store did.
type Opened struct {
	How       How
	Documents int    // documents indexed: all for Built, the changed ones for Updated, none for Reopened
	Dir       string // the generation's folder; empty in memory
	// Repaired is why a generation on disk for these very documents could
	// not be opened; it was built again.
	Repaired error
}

// Opened tells how the store came by its index.
func (s *Store) Opened() Opened { return s.opened }

// formatVersion changes when what a generation holds, or how text is
// analysed, changes in a way the analysis key below cannot see.
const formatVersion = 7 // 7: "died" read as "die"; 6: times of day (Sentence.Time)

// batchPassages is how many passages one bleve batch indexes.
const batchPassages = 2000

// A generation is one immutable index of one set of documents, in a folder
// of dir named after them ("gen-" and a hash): bleve's index (bleve/),
// the counts of all passages (counts.gob), each document's hash and counts
// (docs.gob), and an empty file, complete, written last. Generations are
// only ever opened read-only, by as many processes as like; a new one is
// built in a temporary folder and renamed into place whole, and "current"
// names the newest, which the next update starts from.
const (
	genPrefix    = "gen-"
	tmpPrefix    = "tmp-"
	buildLock    = "build.lock"
	currentFile  = "current"
	completeFile = "complete"
	bleveDir     = "bleve"
	countsFile   = "counts.gob"
	countsDir    = "counts"
	docsFile     = "docs.gob"
)

// saved is a generation's counts.gob: the term ids and the counts.
type saved struct {
	Terms  []string
	Counts counts
}

// docEntry is one document in a generation's docs.gob. Its counts are in
// the index folder's counts/HASH.gob, shared by the generations, read only
// when the document changes.
type docEntry struct {
	Hash     string
	Passages int
}

// OpenDir opens the index of docs kept in dir, read-only. When dir holds no
// index of exactly these documents, it makes one first: from the previous
// index, indexing only the documents added or changed since, when they are
// few; from scratch otherwise. An index that cannot be opened is built
// again (Opened().Repaired says why). Any number of processes may open the
// same dir at once.
func OpenDir(dir string, docs []*Document) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	sweep(dir)
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	key, err := analysisKey(m)
	if err != nil {
		return nil, err
	}
	name := genPrefix + generationHash(key, docs)
	gen := filepath.Join(dir, name)
	var repaired error
	if isComplete(gen) {
		s, err := openGeneration(gen, docs, m)
		if err == nil {
			s.opened = Opened{How: Reopened, Dir: gen}
			return s, nil
		}
		repaired = err
		discard(dir, gen)
	}
	how, n, err := build(dir, name, docs, m)
	if err != nil {
		return nil, err
	}
	s, err := openGeneration(gen, docs, m)
	if err != nil {
		return nil, err
	}
	s.opened = Opened{How: how, Documents: n, Dir: gen, Repaired: repaired}
	return s, nil
}

// analysisKey identifies how text is analysed and indexed: a generation
// made another way is not reused.
func analysisKey(m *mapping.IndexMappingImpl) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", formatVersion)
	raw, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("index: mapping: %w", err)
	}
	h.Write(raw)
	// The word lists the analyzer and the sentence annotations read.
	fmt.Fprintf(h, "words %d\n%s", len(wordsText), wordsText)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// generationHash names the generation of docs analysed as key says.
func generationHash(key string, docs []*Document) string {
	h := sha256.Sum256([]byte(key + "\x00" + Hash(docs)))
	return hex.EncodeToString(h[:8])
}

func isComplete(gen string) bool {
	_, err := os.Stat(filepath.Join(gen, completeFile))
	return err == nil
}

// openGeneration opens a complete generation read-only for docs.
func openGeneration(gen string, docs []*Document, m *mapping.IndexMappingImpl) (*Store, error) {
	var sv saved
	if err := readGob(filepath.Join(gen, countsFile), &sv); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(filepath.Join(gen, bleveDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", gen, err)
	}
	s, err := newStore(docs, m, idx)
	if err != nil {
		return nil, err
	}
	if n, err := idx.DocCount(); err != nil || n != uint64(len(s.passages)) {
		idx.Close()
		if err == nil {
			err = fmt.Errorf("%d passages indexed, %d in the documents", n, len(s.passages))
		}
		return nil, fmt.Errorf("index: open %s: %w", gen, err)
	}
	s.counts = sv.Counts
	s.dir = filepath.Dir(gen)
	s.terms = sv.Terms
	s.ids = make(map[string]uint32, len(sv.Terms))
	for id, t := range sv.Terms {
		s.ids[t] = uint32(id)
	}
	s.titleIDs()
	if len(s.passages) <= eagerPassages {
		for _, p := range s.passages {
			s.Prepared(p)
		}
	}
	return s, nil
}

// build makes generation name in dir for docs, from the current
// generation when only a few documents changed since it was made.
func build(dir, name string, docs []*Document, m *mapping.IndexMappingImpl) (How, int, error) {
	unlock, err := holdBuildLock(filepath.Join(dir, buildLock))
	if err != nil {
		return "", 0, fmt.Errorf("index: %w", err)
	}
	defer unlock()
	tmp, err := os.MkdirTemp(dir, tmpPrefix)
	if err != nil {
		return "", 0, fmt.Errorf("index: %w", err)
	}
	defer os.RemoveAll(tmp) // left only when the build failed

	s, err := newStore(docs, m, nil)
	if err != nil {
		return "", 0, err
	}
	s.dir = dir
	entries := make(map[string]docEntry, len(docs))
	hashes := make(map[string]string, len(docs))
	for _, d := range docs {
		hashes[d.Stem] = d.Digest()
	}

	how, changed := Built, docs
	prev, prevEntries, ok := readPrevious(dir)
	if ok {
		var stale []string // stems whose passages leave the index
		changed = nil
		for _, d := range docs {
			if e, ok := prevEntries[d.Stem]; ok && e.Hash == hashes[d.Stem] {
				entries[d.Stem] = e
				continue
			}
			changed = append(changed, d)
		}
		for stem := range prevEntries {
			if _, ok := entries[stem]; !ok {
				stale = append(stale, stem)
			}
		}
		// A few documents added, changed or removed: an update. Many: a
		// new build, which leaves no deleted passages in the segments.
		if (len(changed)+len(stale))*4 <= len(docs) {
			how = Updated
			var sv saved
			if err := readGob(filepath.Join(dir, prev, countsFile), &sv); err != nil {
				how = Built
			} else {
				for _, t := range sv.Terms {
					s.register([]string{t})
				}
				s.counts = sv.Counts
			}
			// What the documents that change counted leaves the counts.
			for _, d := range changed {
				if e, ok := prevEntries[d.Stem]; ok && how == Updated {
					how = subtract(dir, &s.counts, e.Hash)
				}
			}
			for _, stem := range stale {
				if how == Updated {
					how = subtract(dir, &s.counts, prevEntries[stem].Hash)
				}
			}
			if how == Updated {
				if err := indexUpdate(filepath.Join(dir, prev, bleveDir), filepath.Join(tmp, bleveDir), s, prevEntries, stale, changed, entries, hashes); err != nil {
					how = Built
				}
			}
		}
		if how == Built {
			changed = docs
			clear(entries)
			os.RemoveAll(filepath.Join(tmp, bleveDir))
		}
	}
	if how == Built {
		s.ids, s.terms = make(map[string]uint32), nil
		s.counts = newCounts()
		if err := indexAll(filepath.Join(tmp, bleveDir), m, s, docs, entries, hashes); err != nil {
			return "", 0, err
		}
	}
	if err := writeGob(filepath.Join(tmp, countsFile), saved{Terms: s.terms, Counts: s.counts}, true); err != nil {
		return "", 0, err
	}
	if err := writeGob(filepath.Join(tmp, docsFile), entries, true); err != nil {
		return "", 0, err
	}
	if err := writeSynced(filepath.Join(tmp, completeFile), nil); err != nil {
		return "", 0, err
	}
	syncDir(tmp)
	gen := filepath.Join(dir, name)
	if err := os.Rename(tmp, gen); err != nil {
		if !isComplete(gen) { // another process made the same generation first
			return "", 0, fmt.Errorf("index: %w", err)
		}
	}
	syncDir(dir)
	if err := writeSynced(filepath.Join(dir, currentFile), []byte(name+"\n")); err != nil {
		return "", 0, err
	}
	prune(dir, name, prev)
	return how, len(changed), nil
}

// indexAll indexes every passage of docs into a new bleve index at path.
func indexAll(path string, m *mapping.IndexMappingImpl, s *Store, docs []*Document, entries map[string]docEntry, hashes map[string]string) error {
	idx, err := bleve.New(path, m)
	if err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	if err := indexDocs(idx, s, docs, entries, hashes, nil); err != nil {
		idx.Close()
		return err
	}
	return closeMerged(idx, path, 1)
}

// closeMerged merges the index's segments into one when it has more than
// most (a search visits every segment; a generation is opened read-only,
// and never merged after), then closes it.
func closeMerged(idx bleve.Index, path string, most int) error {
	adv, err := idx.Advanced()
	if segments, _ := filepath.Glob(filepath.Join(path, "store", "*.zap")); err == nil && len(segments) > most {
		if sc, ok := adv.(*scorch.Scorch); ok {
			err = sc.ForceMerge(context.Background(), nil)
		}
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("index: build: %w", err)
	}
	return nil
}

// indexUpdate copies the bleve index at from to path (its segments are
// immutable: linked, not copied) and, in the copy, drops the passages of
// the stale and changed documents and indexes the changed ones.
func indexUpdate(from, path string, s *Store, prevEntries map[string]docEntry, stale []string, changed []*Document, entries map[string]docEntry, hashes map[string]string) error {
	if err := copyIndex(from, path); err != nil {
		return err
	}
	idx, err := bleve.Open(path)
	if err != nil {
		return fmt.Errorf("index: update: %w", err)
	}
	var gone []string
	for _, stem := range stale {
		gone = append(gone, passageIDs(stem, prevEntries[stem].Passages)...)
	}
	for _, d := range changed {
		if e, ok := prevEntries[d.Stem]; ok {
			gone = append(gone, passageIDs(d.Stem, e.Passages)...)
		}
	}
	if err := indexDocs(idx, s, changed, entries, hashes, gone); err != nil {
		idx.Close()
		return err
	}
	// One update adds a segment; merging them all rewrites the whole
	// index, so it waits until there are a few.
	return closeMerged(idx, path, 8)
}

func passageIDs(stem string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s#%d", stem, i+1)
	}
	return out
}

// indexDocs deletes the passages gone, then indexes docs' passages in
// batches, counting each document into entries and into s.
func indexDocs(idx bleve.Index, s *Store, docs []*Document, entries map[string]docEntry, hashes map[string]string, gone []string) error {
	batch := idx.NewBatch()
	for _, id := range gone {
		batch.Delete(id)
	}
	flush := func() error {
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("index: build: %w", err)
		}
		batch.Reset()
		return nil
	}
	if err := os.MkdirAll(filepath.Join(s.dir, countsDir), 0o755); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	for _, d := range docs {
		c := newCounts()
		for _, p := range d.Passages {
			s.prepareCounting(p, &c)
			if err := batch.Index(p.ID, newPassageDoc(p)); err != nil {
				return fmt.Errorf("index: add %s: %w", p.ID, err)
			}
			if batch.Size() >= batchPassages {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		s.counts.add(c, 1)
		entries[d.Stem] = docEntry{Hash: hashes[d.Stem], Passages: len(d.Passages)}
		// Not synced: a file lost in a crash makes the next update a
		// full build, nothing worse.
		if err := writeGob(filepath.Join(s.dir, countsDir, hashes[d.Stem]+".gob"), c, false); err != nil {
			return err
		}
	}
	return flush()
}

// subtract takes the counts of the document whose digest is hash away
// from c: Updated, or Built when they cannot be read.
func subtract(dir string, c *counts, hash string) How {
	var old counts
	if readGob(filepath.Join(dir, countsDir, hash+".gob"), &old) != nil {
		return Built
	}
	c.add(old, -1)
	return Updated
}

// copyIndex copies a bleve index folder: files ending ".zap" (segments,
// never written again) are hard-linked, the rest copied.
func copyIndex(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if strings.HasSuffix(path, ".zap") {
			if err := os.Link(path, dst); err == nil {
				return nil
			}
		}
		return copyFile(path, dst)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// readPrevious reads the generation "current" names: its name and its
// documents.
func readPrevious(dir string) (string, map[string]docEntry, bool) {
	raw, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", nil, false
	}
	name := strings.TrimSpace(string(raw))
	if !strings.HasPrefix(name, genPrefix) || strings.ContainsAny(name, `/\`) || !isComplete(filepath.Join(dir, name)) {
		return "", nil, false
	}
	var entries map[string]docEntry
	if err := readGob(filepath.Join(dir, name, docsFile), &entries); err != nil {
		return "", nil, false
	}
	return name, entries, true
}

// prune removes the generations other than keep and prev, the counts of
// documents neither holds, and temporary folders of builds that stopped an
// hour ago or more. A process still reading a removed generation keeps
// reading it: its files stay until it closes them.
func prune(dir, keep, prev string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	used := make(map[string]bool)
	sure := true // of what the kept generations use
	for _, gen := range []string{keep, prev} {
		var docs map[string]docEntry
		if gen != "" && readGob(filepath.Join(dir, gen, docsFile), &docs) != nil {
			sure = false
		}
		for _, e := range docs {
			used[e.Hash+".gob"] = true
		}
	}
	if files, err := os.ReadDir(filepath.Join(dir, countsDir)); err == nil && sure {
		for _, f := range files {
			if !used[f.Name()] {
				os.Remove(filepath.Join(dir, countsDir, f.Name()))
			}
		}
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == keep || name == prev:
		case strings.HasPrefix(name, genPrefix):
			os.RemoveAll(filepath.Join(dir, name))
		case strings.HasPrefix(name, tmpPrefix):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.RemoveAll(filepath.Join(dir, name))
			}
		}
	}
}

// sweep removes what builds stopped midway left in dir (a process killed
// while it built): temporary folders, and temporary files of the small
// files written atomically. It does so only when no build is running, in
// this process or another; otherwise prune removes them once an hour old.
func sweep(dir string) {
	unlock, ok := tryBuildLockAlone(filepath.Join(dir, buildLock))
	if !ok {
		return
	}
	defer unlock()
	for _, d := range []string{dir, filepath.Join(dir, countsDir)} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if name := e.Name(); strings.HasPrefix(name, tmpPrefix) || strings.HasPrefix(name, ".tmp-") {
				os.RemoveAll(filepath.Join(d, name))
			}
		}
	}
}

// discard removes a generation that cannot be opened: renamed away first,
// so that no process takes it for complete again.
func discard(dir, gen string) {
	unlock, err := holdBuildLock(filepath.Join(dir, buildLock))
	if err != nil {
		return
	}
	defer unlock()
	trash, err := os.MkdirTemp(dir, tmpPrefix)
	if err != nil {
		return
	}
	if os.Rename(gen, filepath.Join(trash, "gen")) == nil {
		os.RemoveAll(trash)
	}
}

func readGob(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer f.Close()
	if err := gob.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("index: read %s: %w", path, err)
	}
	return nil
}

func writeGob(path string, v any, synced bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	err = gob.NewEncoder(f).Encode(v)
	if err == nil && synced {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	return nil
}

// writeSynced writes a small file atomically: a temporary file, synced,
// renamed over path.
func writeSynced(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
