package index_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"citebot/index"
	"citebot/index/corpusgen"
)

// seedsAnd writes the seeds and n generated documents of 20 passages into a
// new folder and returns it.
func seedsAnd(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(seedDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(seedDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := corpusgen.Write(dir, corpusgen.Generate(7, n, 20)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// openDir loads seeds and opens their index kept in data.
func openDir(t *testing.T, seeds, data string) *index.Store {
	t.Helper()
	docs, err := index.Load(seeds)
	if err != nil {
		t.Fatal(err)
	}
	s, err := index.OpenDir(data, docs)
	if err != nil {
		t.Fatalf("OpenDir: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// searchIDs is the ids of the best passages for text.
func searchIDs(t *testing.T, s *index.Store, text string) []string {
	t.Helper()
	hits, err := s.Search(context.Background(), queryTerms(s, text), 5)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.Passage.ID)
		if len(h.Passage.Sentences) == 0 {
			t.Errorf("%s comes back from Search without its sentences", h.Passage.ID)
		}
	}
	return ids
}

var persistQueries = []string{
	"deported returned neighboring countries",
	"girls denied education",
	"journalists censorship",
	"asylum authority suspended returns",
}

// TestOpenDirReopens: the second start reopens the index the first built,
// indexing nothing, and finds what an index built in memory finds.
func TestOpenDirReopens(t *testing.T) {
	seeds, data := seedsAnd(t, 5), t.TempDir()
	first := openDir(t, seeds, data)
	if got := first.Opened(); got.How != index.Built || got.Documents != 6 {
		t.Fatalf("first open: %+v, want built from 6 documents", got)
	}
	first.Close()

	again := openDir(t, seeds, data)
	if got := again.Opened(); got.How != index.Reopened || got.Documents != 0 || got.Repaired != nil {
		t.Fatalf("second open: %+v, want reopened, nothing indexed", got)
	}
	docs, err := index.Load(seeds)
	if err != nil {
		t.Fatal(err)
	}
	mem, err := index.Open(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, q := range persistQueries {
		if got, want := searchIDs(t, again, q), searchIDs(t, mem, q); !slices.Equal(got, want) {
			t.Errorf("%q: reopened index finds %v, in memory %v", q, got, want)
		}
		if again.IDF(again.Terms(q)[0]) != mem.IDF(mem.Terms(q)[0]) {
			t.Errorf("%q: term weights differ after reopening", q)
		}
	}
	if !slices.Equal(again.Years(), mem.Years()) {
		t.Errorf("years after reopening %v, in memory %v", again.Years(), mem.Years())
	}
}

// TestOpenDirUpdatesOneDocument: changing one document re-indexes that
// one only; its new text is found and its old text is not.
func TestOpenDirUpdatesOneDocument(t *testing.T) {
	seeds, data := seedsAnd(t, 8), t.TempDir()
	openDir(t, seeds, data).Close()

	gen := filepath.Join(seeds, "gen-0003.txt")
	raw, err := os.ReadFile(gen)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw) + "\nThe quartermaster of Zebulon counted seventeen marmalade convoys.\n"
	if err := os.WriteFile(gen, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openDir(t, seeds, data)
	if got := s.Opened(); got.How != index.Updated || got.Documents != 1 {
		t.Fatalf("after one changed document: %+v, want updated, 1 document indexed", got)
	}
	ids := searchIDs(t, s, "marmalade convoys quartermaster")
	if len(ids) == 0 || !strings.HasPrefix(ids[0], "gen-0003#") {
		t.Fatalf("the changed document's new passage is not found: %v", ids)
	}
	if s.IDF(s.Terms("marmalade")[0]) == 0 {
		t.Error("the new passage's terms are not counted")
	}

	// Taking the sentence out again leaves no trace of it.
	if err := os.WriteFile(gen, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, seeds, data)
	if ids := searchIDs(t, s, "marmalade convoys quartermaster"); len(ids) != 0 {
		t.Errorf("a removed passage is still found: %v", ids)
	}
	if s.IDF(s.Terms("marmalade")[0]) != 0 {
		t.Error("a removed passage's terms are still counted")
	}

	// Removing a document drops its passages.
	if err := os.Remove(gen); err != nil {
		t.Fatal(err)
	}
	s = openDir(t, seeds, data)
	if got := s.Opened(); got.How != index.Updated {
		t.Errorf("after removing a document: %+v, want updated", got)
	}
	for _, q := range persistQueries {
		for _, id := range searchIDs(t, s, q) {
			if strings.HasPrefix(id, "gen-0003#") {
				t.Errorf("%q finds %s of a removed document", q, id)
			}
		}
	}
}

// TestOpenDirRepairsCorruptIndex: an index whose files were damaged is
// built again from the documents, and says why.
func TestOpenDirRepairsCorruptIndex(t *testing.T) {
	damage := map[string]func(t *testing.T, gen string){
		"truncated counts": func(t *testing.T, gen string) {
			if err := os.Truncate(filepath.Join(gen, "counts.gob"), 10); err != nil {
				t.Fatal(err)
			}
		},
		"garbled bleve root": func(t *testing.T, gen string) {
			if err := os.WriteFile(filepath.Join(gen, "bleve", "store", "root.bolt"), []byte("not a database"), 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"missing segment": func(t *testing.T, gen string) {
			zaps, _ := filepath.Glob(filepath.Join(gen, "bleve", "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment files to remove")
			}
			for _, z := range zaps {
				os.Remove(z)
			}
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			seeds, data := seedsAnd(t, 2), t.TempDir()
			first := openDir(t, seeds, data)
			gen := first.Opened().Dir
			first.Close()
			f(t, gen)

			s := openDir(t, seeds, data)
			if got := s.Opened(); got.How != index.Built || got.Repaired == nil {
				t.Fatalf("after damage: %+v, want built again with the cause", got)
			}
			if ids := searchIDs(t, s, persistQueries[0]); len(ids) == 0 {
				t.Error("the rebuilt index finds nothing")
			}
		})
	}
}

// TestOpenDirShared: several stores open the same folder at once, as the
// bot and `bot ask` do: none blocks or fails, and all find the same.
func TestOpenDirShared(t *testing.T) {
	seeds, data := seedsAnd(t, 3), t.TempDir()
	held := openDir(t, seeds, data)
	want := searchIDs(t, held, persistQueries[0])

	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 4 {
		wg.Go(func() {
			docs, err := index.Load(seeds)
			if err != nil {
				errs <- err.Error()
				return
			}
			s, err := index.OpenDir(data, docs)
			if err != nil {
				errs <- err.Error()
				return
			}
			defer s.Close()
			hits, err := s.Search(context.Background(), queryTerms(s, persistQueries[0]), 5)
			if err != nil || len(hits) == 0 || hits[0].Passage.ID != want[0] {
				errs <- "a second reader finds something else"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestOpenDirRebuildsAfterManyChanges: when many documents changed, the
// index is built afresh rather than updated.
func TestOpenDirRebuildsAfterManyChanges(t *testing.T) {
	seeds, data := seedsAnd(t, 8), t.TempDir()
	openDir(t, seeds, data).Close()
	for _, name := range []string{"gen-0001.txt", "gen-0002.txt", "gen-0003.txt"} {
		path := filepath.Join(seeds, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(raw, "\nA note added later.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := openDir(t, seeds, data)
	if got := s.Opened(); got.How != index.Built || got.Documents != 9 {
		t.Errorf("after 3 of 9 documents changed: %+v, want built from all 9", got)
	}
	if ids := searchIDs(t, s, "note added later"); len(ids) == 0 {
		t.Error("the changed documents' new passages are not found")
	}
}
