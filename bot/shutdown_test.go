package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestSIGTERMAnswersQuestionsInFlight runs the real program on a fake
// Telegram whose every sendMessage takes seconds. A burst of questions,
// button presses and a moderator's change arrives in one batch; SIGTERM is
// sent as the first answer reaches Telegram, with the others still being
// answered. Every question is answered before the process exits 0, every
// update Telegram is told was taken is answered, and the data folder holds
// whole files: the curated answers parse, and each journal line is JSON.
func TestSIGTERMAnswersQuestionsInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("takes seconds: answers are slow on purpose")
	}
	const (
		answerable   = 10
		unanswerable = 10
		votes        = 6
		moderator    = 7001
	)
	f := newFakeTelegram(t)
	// Slow enough that the answers end more than five seconds after the
	// signal, well inside the ten seconds they are given.
	f.setHold(4 * time.Second)

	var burst []any
	questions := map[int]string{} // message id → what its answer must hold
	msgID := 1
	for i := range answerable {
		burst = append(burst, tgMessage(int64(5001+i), msgID, "how many afghans were deported in 2025"))
		questions[msgID] = "2.6 million"
		msgID++
	}
	for i := range unanswerable {
		burst = append(burst, tgMessage(int64(6001+i), msgID, fmt.Sprintf("what is the capital of france number %d", i)))
		questions[msgID] = "does not say"
		msgID++
	}
	for i := range votes {
		burst = append(burst, tgButton(int64(5001+i), fmt.Sprintf("cb%d", i), "fb:up:0123456789ab"))
	}
	const curatedQ = "Who counts the people sent back across the border at Islam Qala?"
	burst = append(burst, tgMessage(moderator, msgID, "/answers add "+curatedQ+" | The source names UN data. | ¶2"))
	questions[msgID] = ""
	f.push(burst...)

	p := startProcess(t, map[string]string{
		"TELEGRAM_BOT_TOKEN": f.token, "TELEGRAM_API_URL": f.URL(),
		"TELEGRAM_MODERATOR_IDS": fmt.Sprint(moderator),
	})
	data := p.data

	select {
	case <-f.sending:
	case <-p.exited:
		t.Fatalf("exited before answering: %v\n%s", p.err, p.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("no answer within 30 s\n%s", p.stderr)
	}
	p.signal(t, syscall.SIGTERM)
	signalled := time.Now()
	// Updates that come after the signal may be taken or not; whichever
	// are taken must be answered (checked below).
	late := f.push(tgMessage(5001, 900, "how many afghans were deported in 2025"), tgMessage(5002, 901, "how many afghans were deported in 2025"))
	questions[900], questions[901] = "2.6 million", "2.6 million"
	if !p.waitExit(t, shutdownGrace+10*time.Second) {
		t.FailNow()
	}
	t.Logf("stopped %v after the signal", time.Since(signalled).Round(time.Millisecond))

	// Telegram is told, on the way out, up to where updates were taken:
	// each of those must have been answered.
	f.mu.Lock()
	confirmed := f.offsets[len(f.offsets)-1]
	f.mu.Unlock()
	if confirmed <= late[0]-1 {
		t.Errorf("confirmed up to update %d: the burst before %d was not all confirmed", confirmed, late[0])
	}
	got := f.answers()
	for id, want := range questions {
		if (id == 900 && confirmed <= late[0]) || (id == 901 && confirmed <= late[1]) {
			continue // not taken: Telegram sends it again at the next start
		}
		a, ok := got[id]
		if !ok {
			t.Errorf("message %d was taken but not answered before exit", id)
			continue
		}
		if !strings.Contains(a.Text, want) {
			t.Errorf("answer to message %d does not hold %q:\n%s", id, want, a.Text)
		}
	}
	if n := f.count("answerCallbackQuery"); n != votes {
		t.Errorf("%d button presses answered, want %d", n, votes)
	}
	if strings.Contains(p.stderr.String(), "stopping with messages unanswered") {
		t.Errorf("the log says answers were cut short:\n%s", p.stderr)
	}

	// Nothing in the data folder is torn.
	lines := func(name string) []string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(data, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			t.Errorf("%s ends in the middle of a line", name)
		}
		var out []string
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if !json.Valid(sc.Bytes()) {
				t.Errorf("%s: a line is not JSON: %q", name, sc.Text())
			}
			out = append(out, sc.Text())
		}
		return out
	}
	if n := len(lines("unanswered.jsonl")); n != unanswerable {
		t.Errorf("unanswered.jsonl holds %d questions, want %d", n, unanswerable)
	}
	if n := len(lines("feedback.jsonl")); n != votes {
		t.Errorf("feedback.jsonl holds %d votes, want %d", n, votes)
	}
	lines("answers.audit.jsonl")
	b, err := os.ReadFile(filepath.Join(data, "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Errorf("answers.yaml does not parse: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), curatedQ) {
		t.Errorf("answers.yaml lacks the moderator's entry:\n%s", b)
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left in the data folder: %s", e.Name())
		}
	}
}
