package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citebot/adapters"
	"citebot/adapters/console"
	"citebot/answers"
	"citebot/curated"
)

// TestQuestionsAboutOnesOwnCase: a question about the asker's own case
// is told first that the bot cannot advise on it, then where to get help
// (CITEBOT_HELP as written, or a general line), then what the report says
// as general information, never as the answer; such a question is never
// queued for moderators. Telling one's situation before a general
// question is no such question.
func TestQuestionsAboutOnesOwnCase(t *testing.T) {
	const help = "Free legal advice: call 0800 123 456 <b>(Mon-Fri)</b>"
	b := newTestBot(t, func(c *Config) { c.Help = help })
	b.unanswered = curated.NewJournal[curated.Unanswered](b.cfg.DataDir, "unanswered.jsonl")
	for _, q := range []string{
		"I am in Germany, can they deport me?",
		"my brother was sent back last month, is he in danger?",
		"Mein Asylantrag wurde abgelehnt. Kann Deutschland mich jetzt nach Afghanistan abschieben?",
		"should I go back voluntarily?",
	} {
		t.Run(q, func(t *testing.T) {
			r, got := send(t, b, q)
			// In the asker's language: the German question in German.
			if len(r.Blocks) < 3 || r.Blocks[0].Text != phrase(r.Lang, "lead_personal") || r.Blocks[1].Text != help {
				t.Fatalf("reply:\n%s\nwant it to open with %q and the help line as set", got, phrase(r.Lang, "lead_personal"))
			}
			if wantLang := map[bool]string{true: "de", false: "en"}[strings.HasPrefix(q, "Mein")]; r.Lang != wantLang {
				t.Errorf("reply in %q, want %q", r.Lang, wantLang)
			}
			if r.Answered && !strings.Contains(got, en("lead_general")) && !strings.Contains(got, phrase(r.Lang, "lead_general")) {
				t.Errorf("the report's words are not labelled as general information:\n%s", got)
			}
			if strings.Contains(got, leadAnswer) && !strings.Contains(got, leadCurated) {
				t.Errorf("the report's words are given as the answer:\n%s", got)
			}
		})
	}
	for _, q := range []string{
		"I live in Austria. What does the report say about returns?",
		"how many afghans were deported in 2025",
		"What does Amnesty International call for?",
		// German "im" (in the) is no English "im" (I'm).
		"Wie viele Afghanen wurden im Jahr 2025 abgeschoben?",
		"Was verlangt Amnesty im Moment von den Staaten?",
	} {
		if r, got := send(t, b, q); strings.Contains(got, phrase(r.Lang, "lead_personal")) {
			t.Errorf("%q is read as about the asker's own case:\n%s", q, got)
		}
	}
	// A personal question the report does not speak to is not queued.
	if _, got := send(t, b, "my cousin lost his tazkira in Peshawar, can he still get a job there?"); !strings.Contains(got, leadPersonal) {
		t.Fatalf("not read as personal:\n%s", got)
	}
	raw, _ := os.ReadFile(filepath.Join(b.cfg.DataDir, "unanswered.jsonl"))
	if strings.Contains(string(raw), "tazkira") {
		t.Errorf("a question about a person's case was queued:\n%s", raw)
	}

	// Without CITEBOT_HELP, a general line says where to turn.
	plain := newTestBot(t)
	if r, got := send(t, plain, "I am in Germany, can they deport me?"); len(r.Blocks) < 2 || r.Blocks[1].Text != defaultHelp {
		t.Errorf("without CITEBOT_HELP:\n%s\nwant %q second", got, defaultHelp)
	}
}

// TestPersonalInJSON: bot ask --json marks a question about one's own
// case with "personal": true and leaves the field out otherwise.
func TestPersonalInJSON(t *testing.T) {
	b := newTestBot(t)
	var out, errs strings.Builder
	if code := b.askCLI(t.Context(), []string{"--json"}, strings.NewReader("I am in Germany, can they deport me?\nhow many afghans were deported in 2025\n"), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out.String())
	}
	var first, second map[string]any
	if json.Unmarshal([]byte(lines[0]), &first) != nil || json.Unmarshal([]byte(lines[1]), &second) != nil {
		t.Fatalf("not JSON:\n%s", out.String())
	}
	if first["personal"] != true {
		t.Errorf("personal = %v, want true: %s", first["personal"], lines[0])
	}
	if _, ok := second["personal"]; ok {
		t.Errorf("a general question carries personal: %s", lines[1])
	}
}

// TestPersonalReplySaysHowItRead: a question about one's own case asked
// in Dari or as a follow-up still shows how it was read.
func TestPersonalReplySaysHowItRead(t *testing.T) {
	b := newTestBot(t)
	for _, answered := range []bool{true, false} {
		a := answers.Answer{Personal: true, Answered: answered, Source: answers.SourceIndex, ReadAs: "if i am deported what happens",
			FollowUpOf: "how many were sent back", Citations: []answers.Citation{{ID: "r#2", Doc: "r.txt", Publisher: "P", Paragraph: 2, Quote: "A quote."}}}
		got := console.Render(b.answerReply(a, adapters.Request{Adapter: "telegram", Private: true}))
		for _, want := range []string{leadPersonal, leadReadAs + " if i am deported what happens", leadFollowUp + " “how many were sent back”"} {
			if !strings.Contains(got, want) {
				t.Errorf("answered %v: reply lacks %q:\n%s", answered, want, got)
			}
		}
	}
}
