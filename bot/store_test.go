package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"citebot/curated"
	"citebot/internal/pgtest"
)

// say writes a line to a running bot's terminal.
func (p *process) say(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		t.Fatal(err)
	}
}

// replies counts the ends of replies marked by reply.
var replies atomic.Int64

// reply writes a line to a running bot's terminal and returns the whole
// reply: every line up to the end a command it does not know marks; ""
// and a failed test when none comes. Other goroutines may call it.
func (p *process) reply(t *testing.T, line string) string {
	t.Helper()
	end := fmt.Sprintf("/end%d", replies.Add(1))
	p.say(t, line)
	p.say(t, end)
	var out []string
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l := <-p.lines:
			if strings.Contains(l, end) {
				return strings.Join(out, "\n")
			}
			out = append(out, l)
		case <-p.exited:
			t.Errorf("the program exited (%v):\n%s", p.err, p.stderr.String())
			return ""
		case <-deadline:
			t.Errorf("no reply to %q within 20 s; so far:\n%s", line, strings.Join(out, "\n"))
			return ""
		}
	}
}

// readHealthz reads a running bot's /healthz: its status and body.
func readHealthz(t *testing.T, addr string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// TestSharedStore: two bots on different data folders with one
// CITEBOT_DATABASE_URL share every curated change (from a terminal and
// from either chat), the queue and the feedback, live; two moderators
// adding the same question at once on the two get one entry; while the
// database is away both keep answering from the last set, /healthz says
// the store is degraded (200), a change is refused with a clear message
// and a question not answered is kept; when it is back, that question
// reaches the queue and changes are shared again.
func TestSharedStore(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	addr := freeAddr(t)
	a := startProcess(t, map[string]string{"CITEBOT_DATABASE_URL": url, "CITEBOT_HTTP_ADDR": addr}, "-console")
	b := startProcess(t, map[string]string{"CITEBOT_DATABASE_URL": url}, "-console")
	// ask asks p and says whether its reply holds want.
	ask := func(p *process, q, want string) bool { return strings.Contains(p.reply(t, q), want) }
	const q, answer = "is the report only about europe", "No: the call is to all countries."
	for _, p := range []*process{a, b} {
		if ask(p, q, answer) {
			t.Fatal("a curated answer before any was added")
		}
	}

	// A moderator's terminal adds an entry: both serve it within two
	// seconds.
	r := runBot(t, map[string]string{"CITEBOT_DATABASE_URL": url}, "", "answers", "add",
		"--question", "Is the report only about Europe?", "--answer", answer, "--cite", "000_bcd3b0e1b0c25f4c#1")
	if r.code != 0 {
		t.Fatalf("bot answers add: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(a.data, "answers.yaml")); err == nil {
		t.Error("with a database the data folder holds answers.yaml")
	}
	for name, p := range map[string]*process{"a": a, "b": b} {
		if !eventually(2*time.Second, 50*time.Millisecond, func() bool { return ask(p, q, answer) }) {
			t.Fatalf("bot %s does not serve the entry added in a terminal", name)
		}
	}

	// Two moderators, one in each chat, add the same question at once.
	var wg sync.WaitGroup
	got := make([]string, 2)
	for i, p := range []*process{a, b} {
		wg.Go(func() {
			got[i] = p.reply(t, "/answers add Who counted the returns? | The report did. | 000_bcd3b0e1b0c25f4c#2")
		})
	}
	wg.Wait()
	var added, refused int
	for _, l := range got {
		switch {
		case strings.Contains(l, "Added"):
			added++
		case strings.Contains(l, "Nothing was changed"):
			refused++
		}
	}
	if added != 1 || refused != 1 {
		t.Errorf("the same question added on both at once: %d added, %d refused; want 1 and 1", added, refused)
	}

	// A question neither answers, asked on b, is in a's queue; a vote on
	// a counts on b.
	const lost = "who won the football match yesterday"
	b.reply(t, lost)
	if !eventually(5*time.Second, 100*time.Millisecond, func() bool { return ask(a, "/unanswered", "football") }) {
		t.Error("a question b could not answer is not in a's queue")
	}

	voted := "0123456789abcdef"[:answerIDLen]
	if l := a.reply(t, "/feedback up "+voted); !strings.Contains(l, "Thank you") {
		t.Fatalf("a vote on a: %s", l)
	}
	if l := b.reply(t, "/answers feedback"); !strings.Contains(l, voted+": 1 👍") {
		t.Errorf("b's feedback after a vote on a:\n%s", l)
	}

	// The database goes away.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	degraded := eventually(15*time.Second, 100*time.Millisecond, func() bool {
		var code int
		code, body = readHealthz(t, addr)
		parts, _ := body["parts"].(map[string]any)
		state, _ := parts["store"].(string)
		return code == http.StatusOK && strings.HasPrefix(state, "degraded")
	})
	if !degraded {
		t.Errorf("/healthz with the database away: %v; want 200 and the store degraded", body)
	}
	if !ask(b, q, answer) {
		t.Error("with the database away, b no longer serves the curated answer")
	}
	if l := a.reply(t, "/answers add Where did they return? | To Afghanistan. | 000_bcd3b0e1b0c25f4c#3"); !strings.Contains(l, "Nothing was changed: the database that keeps the curated answers cannot be reached") {
		t.Errorf("a change with the database away: %q; want it refused as unreachable", l)
	}
	if l := b.reply(t, "/unanswered"); !strings.Contains(l, "cannot be reached") {
		t.Errorf("/unanswered with the database away: %q; want it to say the database cannot be reached", l)
	}
	const away = "what is the price of bread in kabul"
	a.reply(t, away)
	if m := metricsText(t, addr); !strings.Contains(m, "citebot_store_up 0") || !strings.Contains(m, `citebot_store_pending{journal="unanswered"} 1`) {
		t.Errorf("/metrics with the database away and one question waiting:\n%s", grepLines(m, "citebot_store"))
	}

	// It comes back.
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if !eventually(30*time.Second, 200*time.Millisecond, func() bool { return ask(b, "/unanswered", "price of bread") }) {
		t.Error("a question asked on a while the database was away did not reach the queue when it came back")
	}
	if code, body := readHealthz(t, addr); code != http.StatusOK || body["degraded"] != nil {
		t.Errorf("/healthz with the database back: %d %v", code, body)
	}
	if m := metricsText(t, addr); !strings.Contains(m, "citebot_store_up 1") || !strings.Contains(m, `citebot_store_pending{journal="unanswered"} 0`) ||
		!strings.Contains(m, `citebot_store_dropped_total{journal="unanswered"} 0`) {
		t.Errorf("/metrics with the database back:\n%s", grepLines(m, "citebot_store"))
	}
	if l := b.reply(t, "/answers remove "+lastWord(r.stdout)); !strings.Contains(l, "Removed") {
		t.Fatalf("remove on b after the database came back: %s", l)
	}
	if !eventually(5*time.Second, 100*time.Millisecond, func() bool { return !ask(a, q, answer) }) {
		t.Error("an entry removed on b after the database came back is still served by a")
	}
}

// TestStoreImportExport: bot store import copies a data folder's curated
// answers, their audit, the queue and the feedback into the database, ids
// and history kept; a second import is refused unless --merge; bot store
// export copies them back into another data folder, where undo undoes the
// last change made in the first.
func TestStoreImportExport(t *testing.T) {
	url := pgtest.Start(t).NewDatabase(t)
	from, to := filepath.Join(t.TempDir(), "from"), filepath.Join(t.TempDir(), "to")
	id := lastWord(terminalRun(t, from, "answers", "add",
		"--question", "Is the report only about Europe?", "--answer", "No: the call is to all countries.", "--cite", "000_bcd3b0e1b0c25f4c#1"))
	if err := curated.NewJournal[curated.Unanswered](from, "unanswered.jsonl").Add(curated.Unanswered{Question: "who won the match?"}); err != nil {
		t.Fatal(err)
	}
	if err := curated.NewJournal[curated.Vote](from, "feedback.jsonl").Add(curated.Vote{Answer: "0123456789ab", Up: true}); err != nil {
		t.Fatal(err)
	}
	store := func(dir string, args ...string) run {
		return runBot(t, map[string]string{"CITEBOT_DATA_DIR": dir, "CITEBOT_DATABASE_URL": url}, "", append([]string{"store"}, args...)...)
	}
	r := store(from, "import")
	if r.code != 0 || !strings.Contains(r.stdout, "1 curated answers (1 audit records)") || !strings.Contains(r.stdout, "1 unanswered questions, 1 votes") {
		t.Fatalf("bot store import: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r = store(from, "import"); r.code != 1 || !strings.Contains(r.stderr, "already holds curated answers") || !strings.Contains(r.stderr, "--merge") {
		t.Errorf("a second import: exit %d\n%s", r.code, r.stderr)
	}
	if r = store(from, "import", "--merge"); r.code != 0 {
		t.Errorf("a second import with --merge: exit %d\n%s", r.code, r.stderr)
	}
	r = runBot(t, map[string]string{"CITEBOT_DATABASE_URL": url}, "", "answers", "list")
	if r.code != 0 || strings.Count(r.stdout, id) != 1 {
		t.Errorf("bot answers list on the database after a merge of the same folder: exit %d\n%s", r.code, r.stdout)
	}
	if r = store(to, "export"); r.code != 0 {
		t.Fatalf("bot store export: exit %d\n%s", r.code, r.stderr)
	}
	if r = store(to, "export"); r.code != 1 || !strings.Contains(r.stderr, "already holds") {
		t.Errorf("a second export: exit %d\n%s", r.code, r.stderr)
	}
	if q, _ := curated.NewJournal[curated.Unanswered](to, "unanswered.jsonl").Load(time.Hour); len(q) != 2 {
		t.Errorf("the exported queue: %+v, want the question twice (imported, then merged)", q)
	}
	answersFile, _ := curated.Open(to)
	if h, _ := answersFile.History(); len(h) != 2 || h[0].ID != id || h[0].Action != "add" {
		t.Errorf("the exported audit: %+v", h)
	}
	if out := terminalRun(t, to, "answers", "undo"); !strings.Contains(out, id) {
		t.Errorf("undo in the exported folder: %s", out)
	}
	if es, _ := answersFile.Load(); len(es) != 0 {
		t.Errorf("after undo in the exported folder: %+v", es)
	}
	if r = runBot(t, map[string]string{"CITEBOT_DATA_DIR": to}, "", "store", "export"); r.code != 2 || !strings.Contains(r.stderr, "CITEBOT_DATABASE_URL") {
		t.Errorf("bot store without a database: exit %d\n%s", r.code, r.stderr)
	}
}

// TestDatabaseURLChecked: a CITEBOT_DATABASE_URL that cannot name a
// database stops the start with a message naming the variable and never
// its password; one that names an unreachable server does too.
func TestDatabaseURLChecked(t *testing.T) {
	for _, u := range []string{"mysql://citebot:s3cret@db/citebot", "postgres://citebot:s3cret@%zz/citebot", "postgres:///citebot?password=s3cret",
		"postgres://citebot:s3cret@" + freeAddr(t) + "/citebot?connect_timeout=2"} {
		r := runBot(t, map[string]string{"CITEBOT_DATABASE_URL": u}, "", "ask", "hello")
		if r.code == 0 || !strings.Contains(r.stderr, "CITEBOT_DATABASE_URL") || strings.Contains(r.stderr+r.stdout, "s3cret") {
			t.Errorf("CITEBOT_DATABASE_URL=%s: exit %d\n%s", u, r.code, r.stderr)
		}
	}
}

// grepLines is the lines of s that hold word.
func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
