package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/curated"
)

// TestAuditUnwritableChangesNothing: when the audit log cannot be written
// (a folder stands in its place), an add or an undo, in a terminal or in
// chat, changes nothing and says that nothing was changed.
func TestAuditUnwritableChangesNothing(t *testing.T) {
	dir := t.TempDir()
	id := lastWord(terminalRun(t, dir, "answers", "add",
		"--question", "Is the report only about Europe?", "--answer", "No: the call is to all countries.", "--cite", "000_bcd3b0e1b0c25f4c#1"))
	file := filepath.Join(dir, curated.FileName)
	before, _ := os.ReadFile(file)
	audit := filepath.Join(dir, curated.AuditName)
	if err := os.Remove(audit); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(audit, 0o750)
	unchanged := func(what string) {
		t.Helper()
		if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
			t.Errorf("%s changed %s though the audit log cannot be written", what, curated.FileName)
		}
	}

	env := map[string]string{"CITEBOT_DATA_DIR": dir}
	terminal := []struct {
		name string
		args []string
		says string
	}{
		{"add", []string{"answers", "add", "--question", "Who wrote the report?", "--answer", "Amnesty International.", "--cite", "000_bcd3b0e1b0c25f4c#1"}, "nothing was added"},
		{"undo", []string{"answers", "undo"}, "nothing was undone"},
	}
	for _, tt := range terminal {
		r := runBot(t, env, "", tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.says) || !strings.Contains(r.stderr, curated.AuditName) {
			t.Errorf("bot answers %s: exit %d, stderr %q; want exit 1 saying %q and naming the audit log", tt.name, r.code, r.stderr, tt.says)
		}
		unchanged("bot answers " + tt.name)
	}
	if got := terminalRun(t, dir, "answers", "list"); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, id+"\t") {
		t.Errorf("bot answers list = %q, want entry %s alone", got, id)
	}

	b := newTestBot(t, func(c *Config) { c.DataDir = dir })
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Author: "telegram:42", Command: "answers"}
	for _, text := range []string{"add Who wrote the report? | Amnesty International. | ¶1", "undo", "remove " + id} {
		mod.Text = text
		if got := say(t, b, mod); !strings.Contains(got, "Nothing was changed") {
			t.Errorf("/answers %s: %q, want it to say nothing was changed", text, got)
		}
		unchanged("/answers " + text)
	}
}
