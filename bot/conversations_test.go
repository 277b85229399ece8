package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/adapters"
	"citebot/curated"
)

// TestFollowUps: in a chat, a turn that names no subject of its own
// borrows the one of the asker's turn before, and the reply says how it
// was read; another asker's, or another chat's, turn does not; /forget
// ends the conversation, and so do ten minutes without a turn.
func TestFollowUps(t *testing.T) {
	b := newTestBot(t)
	clock := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	b.convs.now = func() time.Time { return clock }
	ask := func(conv, text string) string {
		t.Helper()
		cmd, arg := adapters.ParseCommand(text)
		r, err := b.Handler().Handle(t.Context(), adapters.Request{Adapter: "telegram", Asker: "a-" + conv, Conversation: conv, Command: cmd, Text: arg})
		if err != nil {
			t.Fatal(err)
		}
		checkQuotes(t, b, r)
		return renderText(r)
	}
	const first, followUp = "who is smriti singh", "what did she say?"
	ask("alice", first)
	if got := ask("alice", followUp); !strings.Contains(got, "This dangerous rush") || !strings.Contains(got, leadFollowUp+" “"+first+"”") {
		t.Errorf("the follow-up:\n%s\nwant Smriti Singh's words, read as a follow-up to %q", got, first)
	}
	if got := ask("bob", followUp); strings.Contains(got, leadFollowUp) {
		t.Errorf("another asker's turn borrowed alice's subject:\n%s", got)
	}

	ask("alice", first)
	if got := ask("alice", "/forget"); !strings.Contains(got, "Forgotten") {
		t.Errorf("/forget: %s", got)
	}
	if got := ask("alice", "/forget"); strings.Contains(got, "Forgotten") {
		t.Errorf("/forget with no conversation going on: %s", got)
	}
	if got := ask("alice", followUp); strings.Contains(got, leadFollowUp) {
		t.Errorf("after /forget the turn borrowed the forgotten subject:\n%s", got)
	}

	// The queue of unanswered questions keeps a follow-up's own text,
	// never the turn before.
	b.unanswered = curated.NewJournal[curated.Unanswered](b.cfg.DataDir, "unanswered.jsonl")
	ask("alice", "how many afghans were deported in 2025")
	if got := ask("alice", "and in 2019?"); !strings.Contains(got, leadNotFound) || !strings.Contains(got, leadFollowUp) {
		t.Fatalf("the follow-up about 2019:\n%s\nwant it read as a follow-up, and not answered", got)
	}
	raw, _ := os.ReadFile(filepath.Join(b.cfg.DataDir, "unanswered.jsonl"))
	if !strings.Contains(string(raw), "and in 2019?") || strings.Contains(string(raw), "deported") {
		t.Errorf("the queue holds:\n%s\nwant the follow-up's own text only", raw)
	}

	ask("alice", first)
	clock = clock.Add(conversationTTL)
	if got := ask("alice", followUp); strings.Contains(got, leadFollowUp) {
		t.Errorf("ten minutes later the turn borrowed the old subject:\n%s", got)
	}
}

func renderText(r adapters.Reply) string {
	var parts []string
	for _, bl := range r.Blocks {
		parts = append(parts, bl.Text)
	}
	return strings.Join(parts, "\n")
}

// TestConversationsAreBounded: however many askers, the bot holds at most
// maxConversations, dropping the oldest.
func TestConversationsAreBounded(t *testing.T) {
	cs := newConversations()
	clock := time.Unix(0, 0)
	cs.now = func() time.Time { return clock }
	for i := range maxConversations + 50 {
		clock = clock.Add(time.Millisecond)
		cs.put(string(rune(i)), cs.take(string(rune(i))))
	}
	if n := len(cs.by); n > maxConversations {
		t.Errorf("%d conversations held, want at most %d", n, maxConversations)
	}
	if _, ok := cs.by[string(rune(0))]; ok {
		t.Error("the oldest conversation is still held")
	}
}

// TestAskConversationCLI: bot ask --conversation reads consecutive lines
// as the turns of one conversation and a blank line as its end; each
// JSON question is the turn as typed.
func TestAskConversationCLI(t *testing.T) {
	b := newTestBot(t)
	in := "who is smriti singh\nwhat did she say?\n\nwhat did she say?\n"
	var out, errs strings.Builder
	if code := b.askCLI(t.Context(), []string{"--conversation", "--json"}, strings.NewReader(in), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d answers, want 3:\n%s", len(lines), out.String())
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		got = append(got, m)
	}
	if got[1]["question"] != "what did she say?" || !strings.Contains(got[1]["answer"].(string), leadFollowUp) {
		t.Errorf("second turn: %v, want the turn as typed, read as a follow-up", got[1])
	}
	if strings.Contains(got[2]["answer"].(string), leadFollowUp) {
		t.Errorf("after a blank line the turn was read as a follow-up: %v", got[2])
	}
}
