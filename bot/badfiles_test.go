package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/index"
)

// A bad file never stops the bot: each is met here as an operator and a
// moderator meet it, through the real program.

const (
	europeQuestion = "Is the report only about Europe?"
	europeAnswer   = "No: the call is to all countries."
	// zaranjText answers zaranjQuestion; with broken metadata it is skipped.
	zaranjText     = "Zaranj Camp Notes\n\nThe camp in Zaranj held 1,250 tents in 2025, the provincial council said.\n"
	zaranjQuestion = "how many tents did the camp in zaranj hold"
)

// badSeeds is a copy of the seeds with a file of each kind that is not a
// document beside them, by name.
func badSeeds(t *testing.T) (dir string, bad []string) {
	t.Helper()
	dir = copySeeds(t)
	files := map[string]string{
		"binary.txt":        "\x00\x01\x02\x03 2.6 million Afghans deported in 2025 \x00\x00\xff\xfe",
		"huge.txt":          "Deportations\n\n" + strings.Repeat("Afghans were deported in 2025 by the million ", 2<<20/46) + "\n",
		"broken.txt":        zaranjText,
		"broken.meta.yaml":  "title: Zaranj Camp Notes\npublsher: UNHCR\n",
		"badrule.txt":       zaranjText,
		"badrule.meta.yaml": "exclude:\n  - skip: '^(Zaranj'\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "moved-away.md"), filepath.Join(dir, "dangling.md")); err != nil {
		t.Fatal(err)
	}
	return dir, []string{"badrule.txt", "binary.txt", "broken.txt", "dangling.md", "folder.txt", "huge.txt"}
}

// breakAnswers adds a curated answer from the terminal, then misspells a
// field of answers.yaml by hand: it returns the entry's id, the broken
// file and the line of the typo.
func breakAnswers(t *testing.T, seeds, data string) (id, broken string, line int) {
	t.Helper()
	r := runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": data}, "",
		"answers", "add", "--question", europeQuestion, "--answer", europeAnswer, "--cite", "000_bcd3b0e1b0c25f4c#1")
	if r.code != 0 {
		t.Fatalf("bot answers add: exit %d: %s", r.code, r.stderr)
	}
	id = lastWord(r.stdout)
	path := filepath.Join(data, "answers.yaml")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken = strings.Replace(string(good), "    answer:", "    anwser:", 1)
	if broken == string(good) {
		t.Fatalf("answers.yaml has no answer field:\n%s", good)
	}
	line = 1 + strings.Count(broken[:strings.Index(broken, "anwser:")], "\n")
	if err := os.WriteFile(path, []byte(broken), 0o640); err != nil {
		t.Fatal(err)
	}
	return id, broken, line
}

// TestBadFilesDoNotStopTheBot: with a broken answers.yaml and seeds that
// hold a binary file, a paragraph of megabytes, broken metadata, a bad
// exclude pattern, a folder and a dangling link in a document's place, the
// bot starts and serves: the last good curated answer, the good documents
// only; /healthz is 200 and healthy with the parts degraded; the log names
// each file once (the answers file with its line and what to do);
// moderators see it all; the broken file is left as it is, and once fixed
// it is served again.
func TestBadFilesDoNotStopTheBot(t *testing.T) {
	seeds, bad := badSeeds(t)
	data := filepath.Join(t.TempDir(), "data")
	id, broken, line := breakAnswers(t, seeds, data)

	addr := freeAddr(t)
	p := startProcess(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": data, "CITEBOT_HTTP_ADDR": addr})
	parts := untilHealth(t, p, addr, "the documents and answers degraded", func(parts map[string]string) bool {
		return strings.HasPrefix(parts["documents"], "degraded") && strings.HasPrefix(parts["answers"], "degraded")
	})
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Healthy bool `json:"healthy"`
	}
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !h.Healthy {
		t.Errorf("/healthz = %d, healthy %v; want 200 and healthy: the bot serves", resp.StatusCode, h.Healthy)
	}
	wantAnswers := "degraded: answers.yaml: line " + strconv.Itoa(line) + ": anwser is not a field of an answer"
	if !strings.HasPrefix(parts["answers"], wantAnswers) || !strings.Contains(parts["answers"], "serving the last good set (1 answers)") {
		t.Errorf("/healthz answers = %q, want %q… and the last good set served", parts["answers"], wantAnswers)
	}
	for _, name := range bad {
		if !strings.Contains(parts["documents"], name) {
			t.Errorf("/healthz documents = %q does not name %s", parts["documents"], name)
		}
	}
	if !strings.HasPrefix(parts["documents"], "degraded: 1 documents served, 6 not indexed") {
		t.Errorf("/healthz documents = %q", parts["documents"])
	}
	if !strings.HasPrefix(parts["index"], "ready") || parts["cards"] != "ready: 0 cards" {
		t.Errorf("/healthz index %q, cards %q", parts["index"], parts["cards"])
	}

	// The curated answer of the last good set is served.
	p.stdin.Write([]byte(europeQuestion + "\n"))
	if l := p.line(t, 30*time.Second, europeAnswer, "could not find", "not found"); !strings.Contains(l, europeAnswer) {
		t.Errorf("the last good curated answer is not served: %q", l)
	}
	// Moderators (the terminal is trusted) see what is refused, and why.
	p.stdin.Write([]byte("/answers\n"))
	if l := p.line(t, 30*time.Second, "answers.yaml has an error"); !strings.Contains(l, "line "+strconv.Itoa(line)+": anwser is not a field of an answer") {
		t.Errorf("/answers: %q", l)
	}
	if l := p.line(t, 10*time.Second, id+": "); !strings.Contains(l, europeQuestion) {
		t.Errorf("/answers does not list the entry served, %s: %q", id, l)
	}
	p.stdin.Write([]byte("/reload\n"))
	if l := p.line(t, 30*time.Second, "documents are not indexed"); !strings.Contains(l, "6 documents are not indexed") {
		t.Errorf("/reload: %q", l)
	}
	for _, name := range bad {
		if l := p.line(t, 10*time.Second, "  • "+name+": "); l == "" {
			t.Errorf("/reload does not list %s:\n%s", name, p.stdout())
		}
	}
	if now, _ := os.ReadFile(filepath.Join(data, "answers.yaml")); string(now) != broken {
		t.Errorf("the broken answers.yaml was changed:\n%s", now)
	}
	// Fixed by hand, the file is served again within two seconds.
	os.WriteFile(filepath.Join(data, "answers.yaml"), []byte(strings.Replace(broken, "anwser:", "answer:", 1)), 0o640)
	untilHealth(t, p, addr, "the answers ready again", func(parts map[string]string) bool { return parts["answers"] == "ready: 1 answers" })

	// One log line for each file, naming it, why and what to do.
	p.stop(t)
	logs := logLines(t, p.stderr.String())
	for _, name := range bad {
		var found []map[string]any
		for _, l := range logs {
			if l["document"] == name {
				found = append(found, l)
			}
		}
		if len(found) != 1 || found[0]["reason"] == "" || found[0]["fix"] == "" || found[0]["level"] != "ERROR" {
			t.Errorf("log lines naming %s: %v, want one with the reason and the fix", name, found)
		}
	}
	var refused []map[string]any
	for _, l := range logs {
		if strings.Contains(l["msg"].(string), "curated answers file refused") {
			refused = append(refused, l)
		}
	}
	if len(refused) != 1 || refused[0]["file"] != filepath.Join(data, "answers.yaml") ||
		!strings.Contains(refused[0]["err"].(string), "line "+strconv.Itoa(line)) || !strings.Contains(refused[0]["fix"].(string), "correct the line") {
		t.Errorf("log lines for the broken answers.yaml: %v, want one with the file, the line and the fix", refused)
	}
	for _, l := range logs {
		if strings.Contains(l["err"].(string)+l["reason"].(string), "index.Meta") || strings.Contains(l["err"].(string)+l["reason"].(string), "curated.Entry") {
			t.Errorf("a log line names a Go type: %v", l)
		}
	}

	// bot ask --json never cites a skipped document, and answers from
	// the others.
	r := runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": data}, deported+"\n"+zaranjQuestion+"\n"+europeQuestion+"\n", "ask", "--json")
	if r.code != 0 {
		t.Fatalf("bot ask --json: exit %d: %s", r.code, r.stderr)
	}
	var got []contractAnswer
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a contractAnswer
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		got = append(got, a)
		for _, c := range a.Citations {
			if c.Doc != "000_bcd3b0e1b0c25f4c.txt" {
				t.Errorf("%q cites %s, a skipped document", a.Question, c.Doc)
			}
		}
	}
	if len(got) != 3 || !got[0].Answered || got[1].Answered || got[2].Source != "curated" {
		t.Errorf("answers = %+v; want the report's answer, none for the skipped document, the curated one", got)
	}
}

// logLines reads a JSON log, one object a line; every value the tests
// read is there, empty when absent.
func logLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		m := map[string]any{"msg": "", "err": "", "reason": "", "fix": ""}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, l)
		}
		out = append(out, m)
	}
	return out
}

// TestNoDocumentLeft: when every document is skipped, the start fails
// with exit 1, after a line for each file and one that says so.
func TestNoDocumentLeft(t *testing.T) {
	seeds := t.TempDir()
	os.WriteFile(filepath.Join(seeds, "binary.txt"), []byte("\x00\x01\x02binary"), 0o644)
	os.Mkdir(filepath.Join(seeds, "folder.md"), 0o755)
	r := runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds}, "", "ask", deported)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "binary.txt") || !strings.Contains(lines[1], "folder.md") ||
		!strings.Contains(lines[2], "no documents (.txt or .md) left: 2 skipped") || !strings.Contains(lines[2], "fix them as the lines above say") {
		t.Errorf("stderr, want a line for each file, then one that says none is left:\n%s", r.stderr)
	}
}

// TestUnreadableDocumentIsSkipped: a document the bot may not read is
// skipped with a line that says to make it readable; the others serve.
// Run as a user that is not root, who reads any file.
func TestUnreadableDocumentIsSkipped(t *testing.T) {
	seeds := copySeeds(t)
	unreadable := filepath.Join(seeds, "private.txt")
	if err := os.WriteFile(unreadable, []byte(zaranjText), 0o000); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd, _ := command(ctx, t, map[string]string{"CITEBOT_SEEDS_DIR": seeds, "CITEBOT_DATA_DIR": data}, "ask", "--json", zaranjQuestion)
	if os.Geteuid() == 0 {
		// nobody: the folders the program needs are opened to it.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		for _, dir := range []string{filepath.Dir(binary), seeds, filepath.Dir(seeds), cmd.Dir, filepath.Dir(cmd.Dir), filepath.Dir(data)} {
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bot ask: %v\n%s", err, stderr.String())
	}
	logs := logLines(t, stderr.String())
	if len(logs) != 1 || logs[0]["document"] != "private.txt" || !strings.Contains(logs[0]["reason"].(string), "permission denied") ||
		!strings.Contains(logs[0]["fix"].(string), "make it readable by the user citebot runs as") {
		t.Errorf("log, want one line naming private.txt and what to do:\n%s", stderr.String())
	}
	if strings.Contains(stdout.String(), "private") {
		t.Errorf("the unreadable document is cited: %s", stdout.String())
	}
}

// TestBadEditKeepsServedDocument: while the bot runs, a document whose
// metadata is broken by an edit keeps its version read before, and the
// moderator's /reload says so; a new document that is not one is skipped.
func TestBadEditKeepsServedDocument(t *testing.T) {
	seeds := copySeeds(t)
	os.WriteFile(filepath.Join(seeds, "zaranj.txt"), []byte(zaranjText), 0o644)
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	if a, _ := b.eng().Ask(t.Context(), zaranjQuestion); !a.Answered {
		t.Fatal("the Zaranj document does not answer")
	}
	// With a new document beside, so that the index is built again.
	os.WriteFile(filepath.Join(seeds, "zaranj.meta.yaml"), []byte("date: last week\n"), 0o644)
	os.WriteFile(filepath.Join(seeds, "scan.txt"), []byte("%PDF-1.4\n..."), 0o644)
	os.WriteFile(filepath.Join(seeds, "herat.txt"), []byte("Herat Update\n\nThe Taliban closed 40 schools in Herat province in 2025, a local council said.\n"), 0o644)
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Command: "reload"}
	got := say(t, b, mod)
	for _, want := range []string{
		"Reloaded: 3 documents",
		"2 documents are not indexed",
		"scan.txt: a PDF file, not text",
		`zaranj.txt: zaranj.meta.yaml: line 1: date "last week" is not YYYY-MM-DD; write the date as 2025-12-16; the version read before is served until then`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("/reload does not say %q:\n%s", want, got)
		}
	}
	if a, _ := b.eng().Ask(t.Context(), zaranjQuestion); !a.Answered {
		t.Error("a bad edit of its metadata took the served document away")
	}
	if a, _ := b.eng().Ask(t.Context(), "how many schools did the taliban close in herat"); !a.Answered {
		t.Error("the new document beside it is not served")
	}
	if docs := b.eng().Documents(); len(docs) != 3 {
		t.Errorf("%d documents served, want the report, Herat and Zaranj", len(docs))
	}
	// Fixed, it is read again.
	os.WriteFile(filepath.Join(seeds, "zaranj.meta.yaml"), []byte("date: 2025-12-01\n"), 0o644)
	os.Remove(filepath.Join(seeds, "scan.txt"))
	if got := say(t, b, mod); !strings.Contains(got, "Reloaded") || strings.Contains(got, "not indexed") {
		t.Errorf("/reload after the fix: %s", got)
	}
	if ok, state := b.health.state("documents"); !ok || state != "ready: 3 documents" {
		t.Errorf("/healthz documents = %q after the fix", state)
	}
}

// TestTerminalNeverGetsControlCharacters: a document holding escape
// sequences and C1 controls beside the format characters Persian needs is
// indexed (a few are damage, not a binary file); the terminal gets its
// quote without the controls and with the format characters, and JSON
// gets the quote unaltered, escaped so that no terminal acts on it.
func TestTerminalNeverGetsControlCharacters(t *testing.T) {
	const (
		zwnj    = "\u200c"
		isolate = "\u2067اسلام" + zwnj + "قلعه\u2069"
	)
	seeds := copySeeds(t)
	text := "Border Camp Notes\n\n" +
		"The camp at \x1b[1mIslam Qala\x1b[0m " + isolate + " held\u009b 3,870 tents in March 2025, the council said.\n\n" +
		strings.Repeat("The crossing stayed open through the winter, and families waited for days at the gate. ", 6) + "\n"
	path := filepath.Join(seeds, "border.txt")
	os.WriteFile(path, []byte(text), 0o644)
	doc, err := index.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const question = "how many tents did the camp at islam qala hold"

	r := runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds}, "", "ask", question)
	if r.code != 0 || !strings.Contains(r.stdout, "Islam Qala") {
		t.Fatalf("bot ask: exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range r.stdout {
		if (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) {
			t.Errorf("the terminal got control character %U:\n%q", c, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "The camp at Islam Qala "+isolate+" held 3,870") {
		t.Errorf("the quote lost its format characters, or kept a control:\n%q", r.stdout)
	}

	r = runBot(t, map[string]string{"CITEBOT_SEEDS_DIR": seeds}, "", "ask", "--json", question)
	if r.code != 0 {
		t.Fatalf("bot ask --json: exit %d: %s", r.code, r.stderr)
	}
	for _, c := range strings.TrimSuffix(r.stdout, "\n") {
		if c < 0x20 || (c >= 0x7f && c < 0xa0) {
			t.Errorf("the JSON line holds control character %U unescaped", c)
		}
	}
	var a contractAnswer
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || len(a.Citations) == 0 {
		t.Fatalf("bot ask --json: %v: %s", err, r.stdout)
	}
	q := a.Citations[0].Quote
	if !strings.Contains(q, "\x1b[1mIslam Qala\x1b[0m "+isolate+" held\u009b") || !strings.Contains(doc.Passages[0].Text, q) {
		t.Errorf("the JSON quote %q is not the passage's words unaltered: %q", q, doc.Passages[0].Text)
	}
}
