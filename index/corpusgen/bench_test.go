package corpusgen_test

// Benchmarks of citebot with many documents (issue 7): the seeds and
// 1,000 generated documents of 100 passages each (CITEBOT_BENCH_DOCS sets
// another number), citebot's index and engine side by side with a stock
// bleve index of the same passages.
//
// One op of BenchmarkBuild* is one whole build (about a minute for 1,000
// documents on two cores, so one op is all the default -benchtime runs);
// one op of BenchmarkAsk and BenchmarkMatch is one eval question, and
// p50-ms and p99-ms are the percentiles of the questions' latencies.
// peak-MB is the process's peak resident memory (VmHWM) during the
// benchmark, reset at its start; live-MB is the heap still in use after it
// (the index and what it was built from), after a collection.
//
// The stock indexes are bleve alone, the passages indexed with citebot's
// mapping (index.Mapping) but without citebot's sentences, term ids and
// counts: in memory as citebot builds it (BenchmarkBuildBleve) and bleve's
// default, scorch, on disk (BenchmarkBuildScorch). Store.Match is a stock
// match query over citebot's index (BenchmarkMatch), BenchmarkMatchScorch
// the same query over the scorch index.
//
// CITEBOT_BENCH_BATCH=2000 indexes the stock indexes 2,000 passages a
// batch instead of all in one, as index.Open does.
//
// The builds run one op each; the questions need a fixed count (three
// passes over the 235 eval questions), so the two are run apart:
//
//	go test -run='^$' -bench='Build' -timeout=60m ./index/corpusgen
//	go test -run='^$' -bench='Ask|Match' -benchtime=705x -timeout=60m ./index/corpusgen

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"citebot/answers"
	"citebot/index"
	"citebot/index/corpusgen"
)

// benchDocs is the number of generated documents the benchmarks use.
func benchDocs(b *testing.B) int {
	n := 1000
	if v := os.Getenv("CITEBOT_BENCH_DOCS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 {
			b.Fatalf("CITEBOT_BENCH_DOCS=%q: want a number of documents", v)
		}
	}
	return n
}

// corpus parses the seeds and n generated documents afresh: a store
// prepares the documents it is given, so two stores never share them.
func corpus(b *testing.B, n int) []*index.Document {
	b.Helper()
	docs, err := index.Load(seedsFolder(b, n))
	if err != nil {
		b.Fatal(err)
	}
	return docs
}

// folders holds, per number of generated documents, a seeds folder with
// the seeds and the generated documents, written once per process.
var folders sync.Map

// seedsFolder is a folder holding the seeds and n generated documents of
// 100 passages, as the bot would find them.
func seedsFolder(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := folders.Load(n); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", "citebot-bench-seeds-")
	if err != nil {
		b.Fatal(err)
	}
	entries, err := os.ReadDir("../../seeds")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join("../../seeds", e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, e.Name()), raw, 0o644)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := corpusgen.Write(dir, corpusgen.Generate(1, n, 100)); err != nil {
		b.Fatal(err)
	}
	folders.Store(n, dir)
	return dir
}

// BenchmarkBuild is citebot's whole build: the seeds folder read, every
// passage indexed into a new generation on disk (index.OpenDir), the
// generation opened.
func BenchmarkBuild(b *testing.B) {
	seeds := seedsFolder(b, benchDocs(b))
	debug.FreeOSMemory() // so that the peak starts from what is live
	resetPeak(b)
	var s *index.Store
	for b.Loop() {
		if s != nil {
			s.Close()
		}
		s = openDir(b, seeds, b.TempDir())
		if s.Opened().How != index.Built {
			b.Fatalf("opened %s, want built", s.Opened().How)
		}
	}
	reportMemory(b)
	start := time.Now()
	if _, err := answers.New(s); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "engine-ms")
	b.ReportMetric(float64(len(s.Passages())), "passages")
	s.Close()
}

// BenchmarkReopen is a start with nothing changed: the seeds folder read
// and the generation on disk opened, nothing indexed; then the engine.
func BenchmarkReopen(b *testing.B) {
	seeds, data := seedsFolder(b, benchDocs(b)), b.TempDir()
	openDir(b, seeds, data).Close()
	debug.FreeOSMemory()
	resetPeak(b)
	for b.Loop() {
		s := openDir(b, seeds, data)
		if s.Opened().How != index.Reopened {
			b.Fatalf("opened %s, want reopened", s.Opened().How)
		}
		if _, err := answers.New(s); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	reportMemory(b)
}

// BenchmarkUpdate is a start after one document changed: the seeds folder
// read, the previous generation copied and that one document indexed again.
func BenchmarkUpdate(b *testing.B) {
	seeds, data := seedsFolder(b, benchDocs(b)), b.TempDir()
	openDir(b, seeds, data).Close()
	path := filepath.Join(seeds, "gen-0001.txt")
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644)
	debug.FreeOSMemory()
	resetPeak(b)
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		text := fmt.Sprintf("%s\nA note added to this brief, number %d.\n", orig, i)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s := openDir(b, seeds, data)
		if o := s.Opened(); o.How != index.Updated || o.Documents != 1 {
			b.Fatalf("opened %+v, want one document updated", o)
		}
		s.Close()
	}
	reportMemory(b)
}

func openDir(b *testing.B, seeds, data string) *index.Store {
	b.Helper()
	docs, err := index.Load(seeds)
	if err != nil {
		b.Fatal(err)
	}
	s, err := index.OpenDir(data, docs)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBuildBleve is bleve alone, in memory as index.Open builds it
// (bleve.NewMemOnly: the upsidedown index on an in-memory tree).
func BenchmarkBuildBleve(b *testing.B) {
	docs := corpus(b, benchDocs(b))
	m, err := index.Mapping()
	if err != nil {
		b.Fatal(err)
	}
	debug.FreeOSMemory() // so that the peak starts from what is live
	resetPeak(b)
	var idx bleve.Index
	for b.Loop() {
		if idx != nil {
			idx.Close()
		}
		if idx, err = bleve.NewMemOnly(m); err != nil {
			b.Fatal(err)
		}
		indexPassages(b, idx, docs)
	}
	reportMemory(b)
	idx.Close()
}

// BenchmarkBuildScorch is bleve's default index (scorch), written to a
// folder and closed, as a persisted index would be.
func BenchmarkBuildScorch(b *testing.B) {
	docs := corpus(b, benchDocs(b))
	m, err := index.Mapping()
	if err != nil {
		b.Fatal(err)
	}
	debug.FreeOSMemory() // so that the peak starts from what is live
	resetPeak(b)
	for b.Loop() {
		idx, err := bleve.New(filepath.Join(b.TempDir(), "index"), m)
		if err != nil {
			b.Fatal(err)
		}
		indexPassages(b, idx, docs)
		if err := idx.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportMemory(b)
}

// indexPassages indexes every passage as index.Open does, in one batch
// (CITEBOT_BENCH_BATCH passages a batch, when set).
func indexPassages(b *testing.B, idx bleve.Index, docs []*index.Document) {
	size, _ := strconv.Atoi(os.Getenv("CITEBOT_BENCH_BATCH"))
	batch := idx.NewBatch()
	for _, d := range docs {
		for _, p := range d.Passages {
			if err := batch.Index(p.ID, map[string]any{"id": p.ID, "doc": d.Stem, "section": p.Section, "text": p.Text}); err != nil {
				b.Fatal(err)
			}
			if size > 0 && batch.Size() >= size {
				if err := idx.Batch(batch); err != nil {
					b.Fatal(err)
				}
				batch.Reset()
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		b.Fatal(err)
	}
}

// shared is the store and engine BenchmarkAsk and BenchmarkMatch ask, built
// once per process.
var shared struct {
	once   sync.Once
	store  *index.Store
	engine *answers.Engine
	err    error
}

func sharedEngine(b *testing.B) (*index.Store, *answers.Engine) {
	b.Helper()
	shared.once.Do(func() {
		seeds, data := seedsFolder(b, benchDocs(b)), filepath.Join(os.TempDir(), fmt.Sprintf("citebot-bench-data-%d", os.Getpid()))
		openDir(b, seeds, data).Close() // built; the bot reopens it
		shared.store = openDir(b, seeds, data)
		shared.engine, shared.err = answers.New(shared.store)
	})
	if shared.err != nil {
		b.Fatal(shared.err)
	}
	return shared.store, shared.engine
}

func BenchmarkAsk(b *testing.B) {
	_, e := sharedEngine(b)
	ctx := context.Background()
	benchQuestions(b, func(q string) error {
		_, err := e.Ask(ctx, q)
		return err
	})
}

func BenchmarkMatch(b *testing.B) {
	s, _ := sharedEngine(b)
	ctx := context.Background()
	benchQuestions(b, func(q string) error {
		_, err := s.Match(ctx, q, 10)
		return err
	})
}

// BenchmarkMatchScorch is the same match query as BenchmarkMatch, on
// bleve's default index (scorch) of the same passages, reopened from disk.
func BenchmarkMatchScorch(b *testing.B) {
	m, err := index.Mapping()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "index")
	idx, err := bleve.New(path, m)
	if err != nil {
		b.Fatal(err)
	}
	indexPassages(b, idx, corpus(b, benchDocs(b)))
	if err := idx.Close(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if idx, err = bleve.Open(path); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "reopen-ms")
	defer idx.Close()
	ctx := context.Background()
	benchQuestions(b, func(q string) error {
		mq := bleve.NewMatchQuery(q)
		mq.SetField("text")
		_, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, 10, 0, false))
		return err
	})
}

// benchQuestions asks the eval questions in turn, one per op, and reports
// the percentiles of their latencies.
func benchQuestions(b *testing.B, ask func(string) error) {
	qs := questions(b)
	debug.FreeOSMemory() // so that the peak starts from what is live
	resetPeak(b)
	lat := make([]time.Duration, 0, 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		start := time.Now()
		if err := ask(q); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	ms := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	reportMemory(b)
}

func questions(b *testing.B) []string {
	f, err := os.Open("../../answers/testdata/eval.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cases, err := answers.LoadCases(f)
	if err != nil {
		b.Fatal(err)
	}
	qs := make([]string, len(cases))
	for i, c := range cases {
		qs[i] = c.Q
	}
	return qs
}

// resetPeak starts the process's peak resident memory afresh (Linux:
// "5" to clear_refs resets VmHWM); elsewhere peak-MB is the whole run's.
func resetPeak(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak memory not reset: %v", err)
	}
}

// reportMemory reports the peak resident memory since resetPeak and the
// heap in use now.
func reportMemory(b *testing.B) {
	if kb, err := vmHWM(); err == nil {
		b.ReportMetric(float64(kb)/1024, "peak-MB")
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "live-MB")
}

// vmHWM is the process's peak resident memory in kB.
func vmHWM() (int, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// TestMain removes the folders the benchmarks wrote.
func TestMain(m *testing.M) {
	code := m.Run()
	folders.Range(func(_, dir any) bool {
		os.RemoveAll(dir.(string))
		return true
	})
	os.RemoveAll(filepath.Join(os.TempDir(), fmt.Sprintf("citebot-bench-data-%d", os.Getpid())))
	os.Exit(code)
}
