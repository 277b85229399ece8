package main

import (
	"encoding/json"
	"strings"
	"testing"

	"citebot/answers"
)

// TestCheckCommand: /check (and a claim asked as a question) gets its
// verdict first in plain words, then the quote that settles it; bot check
// prints the verdict in its JSON, with the claim as typed.
func TestCheckCommand(t *testing.T) {
	b := newTestBot(t)
	if _, got := send(t, b, "/check I heard 5 million afghans were deported in 2025"); !strings.HasPrefix(got, "No, the source says 2.6 million, not 5 million:\n> ") {
		t.Errorf("/check with a wrong figure:\n%s", got)
	}
	if _, got := send(t, b, "/check 60% of the deportees are women and children"); !strings.HasPrefix(got, leadSupported+"\n> ") {
		t.Errorf("a claim the source bears out:\n%s", got)
	}
	if _, got := send(t, b, "/check the taliban built new schools for girls"); !strings.HasPrefix(got, leadNotFound) {
		t.Errorf("a claim the source does not speak to:\n%s", got)
	}
	// Asked as a question, the claim gets the quote, no verdict in words.
	if _, got := send(t, b, "were 60% of the deportees women and children?"); strings.Contains(got, leadSupported) || !strings.HasPrefix(got, "> ") {
		t.Errorf("a claim asked as a question:\n%s", got)
	}

	var out, errs strings.Builder
	if code := b.askCLI(t.Context(), []string{"--check", "--json"}, strings.NewReader("I heard 5 million afghans were deported in 2025\n"), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var j jsonAnswer
	if err := json.Unmarshal([]byte(out.String()), &j); err != nil {
		t.Fatal(err)
	}
	if j.Verdict != "contradicted" || !j.Answered || j.Source != "index" || j.Question != "I heard 5 million afghans were deported in 2025" {
		t.Errorf("bot check --json: %+v", j)
	}
}

// TestCuratedAnswerBesideAVerdict: a moderator's answer to a claim
// follows the verdict, labelled, and never decides it: answered and source
// are the documents'.
func TestCuratedAnswerBesideAVerdict(t *testing.T) {
	b := newTestBot(t)
	const claim = "I heard 5 million afghans were deported in 2025"
	en := answers.Entry{ID: "e1", Questions: []string{claim}, Answer: "Yes, five million.", Cite: []answers.Cite{{ID: "000_bcd3b0e1b0c25f4c#2"}}}
	if err := b.eng().Validate(&en, nil); err != nil {
		t.Fatal(err)
	}
	b.eng().SetCurated([]answers.Entry{en})
	_, got := send(t, b, "/check "+claim)
	if !strings.HasPrefix(got, "No, the source says 2.6 million, not 5 million:\n> ") || !strings.Contains(got, leadCurated+" Yes, five million.") {
		t.Errorf("/check with a moderator's answer that says otherwise:\n%s", got)
	}
	if strings.Index(got, leadCurated) < strings.Index(got, "2.6 million Afghans") {
		t.Errorf("the moderator's answer comes before the source's quote:\n%s", got)
	}
	var out, errs strings.Builder
	if code := b.askCLI(t.Context(), []string{"--check", "--json"}, strings.NewReader(claim+"\n"), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var j jsonAnswer
	if err := json.Unmarshal([]byte(out.String()), &j); err != nil {
		t.Fatal(err)
	}
	if j.Verdict != "contradicted" || j.Source != "index" || !j.Answered {
		t.Errorf("bot check --json with a moderator's answer: %+v", j)
	}
}
