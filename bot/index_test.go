package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAskWhileTheBotRuns: `bot ask` on the data folder of a running bot
// answers at once, before and after the bot re-indexes a new document,
// and finds the new document too.
func TestAskWhileTheBotRuns(t *testing.T) {
	seeds, data := copySeeds(t), filepath.Join(t.TempDir(), "data")
	env := map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": data}

	p := startProcess(t, env, "-console")
	// askBot asks the running bot and tells whether a line of its reply
	// holds want, within a few seconds.
	askBot := func(q, want string) bool {
		if _, err := io.WriteString(p.stdin, q+"\n"); err != nil {
			t.Fatal(err)
		}
		return strings.Contains(p.line(t, 5*time.Second, want, "does not say"), want)
	}
	if !askBot("how many afghans were deported in 2025", "2.6 million") {
		t.Fatal("the running bot does not answer")
	}

	// The bot holds its index open; `bot ask` opens the same one.
	start := time.Now()
	r := runBot(t, env, "", "ask", "how many afghans were deported in 2025")
	if r.code != 0 || !strings.Contains(r.stdout, "2.6 million") {
		t.Fatalf("bot ask beside the running bot: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("bot ask took %v beside the running bot: it waited for something", took)
	}

	// A new document: the bot indexes it while it runs, and `bot ask`
	// finds it as well.
	doc := "Harvest Report\n\nThe orchard cooperative of Bamyan counted 4,210 apricot trees planted by returnees.\n"
	if err := os.WriteFile(filepath.Join(seeds, "harvest.txt"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	// The seeds are watched every 2 s.
	if !eventually(30*time.Second, 500*time.Millisecond, func() bool { return askBot("how many apricot trees were planted", "4,210") }) {
		t.Fatal("the running bot did not index the new document within 30 s")
	}
	r = runBot(t, env, "", "ask", "how many apricot trees were planted")
	if r.code != 0 || !strings.Contains(r.stdout, "4,210") {
		t.Fatalf("bot ask after the new document: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !askBot("how many afghans were deported in 2025", "2.6 million") {
		t.Error("the running bot stopped answering from the report after the new document")
	}
}

// TestDamagedIndexIsRebuilt: an index on disk that cannot be read is built
// again from the seeds, with one log line that says so, and the answer is
// the same.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"CITEBOT_DATA_DIR": data}
	if r := runBot(t, env, "", "ask", "how many afghans were deported in 2025"); r.code != 0 || !strings.Contains(r.stdout, "2.6 million") {
		t.Fatalf("first run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	gens, _ := filepath.Glob(filepath.Join(data, "index", "gen-*", "counts.gob"))
	if len(gens) != 1 {
		t.Fatalf("want one index generation on disk after the first run, found %v", gens)
	}
	if err := os.WriteFile(gens[0], []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBot(t, env, "", "ask", "how many afghans were deported in 2025")
	if r.code != 0 || !strings.Contains(r.stdout, "2.6 million") {
		t.Fatalf("run with a damaged index: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, "built again from the seeds"); n != 1 {
		t.Errorf("want one log line saying the index was built again, got %d:\n%s", n, r.stderr)
	}
}
