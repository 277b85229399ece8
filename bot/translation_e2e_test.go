package main

import (
	"citebot/adapters"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTranslationsOnThePlatforms runs the program on the Telegram emulator
// and the fake Discord: a question in German or Dari is answered with the
// report's own sentence, its translation beside it labelled as a
// machine-drafted one, and a Dari reply keeps its isolates in pairs; an
// English question gets the quote alone.
func TestTranslationsOnThePlatforms(t *testing.T) {
	p := startOnPlatforms(t, "", nil)
	tests := []struct {
		question string
		want     []string // in order: the quote, the label, the translation
	}{
		{"Wie viele Afghanen wurden 2025 abgeschoben?", []string{"over 2.6 million Afghans", "Übersetzung (maschinell erstellt;", "2,6 Millionen"}},
		{"چند نفر در سال ۲۰۲۵ اخراج شدند؟", []string{"over 2.6 million Afghans", "ترجمه (", "۲.۶ میلیون"}},
	}
	private := p.emu.Client(p.tgToken, 7201, 7201, "private")
	for i, tt := range tests {
		tg := p.tell(t, private, tt.question)
		id := []string{"9501", "9502"}[i]
		p.askDiscord(t, id, tt.question)
		dc := p.dc.Reply(t, id).Text()
		for name, got := range map[string]string{"Telegram": tg, "Discord": dc} {
			if strings.Count(got, "\u2068") != strings.Count(got, "\u2069") {
				t.Errorf("%s, %q: isolates not in pairs:\n%s", name, tt.question, got)
			}
			plain := strings.NewReplacer("\u2068", "", "\u2069", "").Replace(got)
			at := 0
			for _, w := range tt.want {
				k := strings.Index(plain[at:], w)
				if k < 0 {
					t.Errorf("%s, %q: reply lacks %q after the quote, in order:\n%s", name, tt.question, w, got)
					break
				}
				at += k + len(w)
			}
		}
	}
	if got := p.tell(t, private, "How many Afghans were deported in 2025?"); strings.Contains(got, "Übersetzung") || strings.Contains(got, "Translation") || !strings.Contains(got, "2.6 million") {
		t.Errorf("an English question, Telegram:\n%s\nwant the quote alone", got)
	}
}

// TestReloadPicksUpATranslation: a moderator replaces the German
// translation of a passage and runs /reload; the next German answer shows
// the new translation beside the same quote; a translation that cannot be
// aligned is named by /reload and the answers go on without it.
func TestReloadPicksUpATranslation(t *testing.T) {
	seeds := copySeeds(t)
	b := newTestBot(t, func(c *Config) { c.SeedsDir = seeds })
	ctx := context.Background()
	const question = "Wie viele Afghanen wurden 2025 abgeschoben?"
	translationOf := func() string {
		t.Helper()
		a, err := b.eng().Ask(ctx, question)
		if err != nil || !a.Answered || a.Citations[0].Translation == nil {
			t.Fatalf("%q: %+v, %v; want an answer with its translation", question, a, err)
		}
		return a.Citations[0].Translation.Text
	}
	if got := translationOf(); !strings.Contains(got, "2,6 Millionen") {
		t.Fatalf("before: %q", got)
	}
	file := filepath.Join(seeds, "000_bcd3b0e1b0c25f4c.de.txt")
	old, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(old), "Die Warnung kommt zu einem Zeitpunkt", "Geprüft: Die Warnung kommt zu einem Zeitpunkt", 1)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := adapters.Request{Adapter: "telegram", Moderator: true, Command: "reload"}
	if got := say(t, b, mod); !strings.Contains(got, "Reloaded") {
		t.Fatalf("reload: %s", got)
	}
	if got := translationOf(); !strings.HasPrefix(got, "Geprüft: Die Warnung") {
		t.Errorf("after /reload the translation is %q, want the moderator's", got)
	}
	if err := os.WriteFile(file, []byte("¶99\nNichts.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := say(t, b, mod); !strings.Contains(got, "000_bcd3b0e1b0c25f4c.de.txt") {
		t.Errorf("reload with a translation of a passage the report lacks does not name it:\n%s", got)
	}
	a, err := b.eng().Ask(ctx, question)
	if err != nil || !a.Answered || a.Citations[0].Translation != nil {
		t.Errorf("with the bad translation skipped: %+v, %v; want the answer, without a translation", a, err)
	}
}

// TestSourceShowsTheTranslation: /source ¶N shows the paragraph as
// published and, for an asker whose language has a translation of it, its
// translation after it, labelled; an English asker gets the original alone.
func TestSourceShowsTheTranslation(t *testing.T) {
	b := newTestBot(t)
	de := say(t, b, adapters.Request{Adapter: "telegram", Asker: "a", Command: "source", Text: "¶2", LangHint: "de-DE"})
	quote, label := strings.Index(de, "over 2.6 million Afghans"), strings.Index(de, "Übersetzung (maschinell erstellt;")
	if quote < 0 || label < quote || !strings.Contains(de[label:], "Erschütternde 60 %") {
		t.Errorf("/source ¶2 for a German asker:\n%s\nwant the paragraph, then its labelled German translation", de)
	}
	en := say(t, b, adapters.Request{Adapter: "telegram", Asker: "b", Command: "source", Text: "¶2", LangHint: "en"})
	if !strings.Contains(en, "over 2.6 million Afghans") || strings.Contains(en, "Übersetzung") || strings.Contains(en, "Translation (") {
		t.Errorf("/source ¶2 for an English asker:\n%s\nwant the paragraph alone", en)
	}
}

// TestAskJSONCarriesTheTranslation: `bot ask --json` gives a German
// question's citation its translation (lang, text, by, status), the quote
// staying the original's words; an English question's citations carry
// none.
func TestAskJSONCarriesTheTranslation(t *testing.T) {
	r := runBot(t, nil, "", "ask", "--json", "Wie viele Afghanen wurden 2025 abgeschoben?")
	as := parseAnswers(t, r.stdout)
	if r.code != 0 || len(as) != 1 || !as[0].Answered || len(as[0].Citations) == 0 {
		t.Fatalf("exit %d, answers %+v\nstderr: %s", r.code, as, r.stderr)
	}
	c := as[0].Citations[0]
	if tr := c.Translation; tr == nil || tr.Lang != "de" || !strings.Contains(tr.Text, "2,6 Millionen") || tr.By == "" || tr.Status == "" ||
		!strings.Contains(c.Quote, "2.6 million") {
		t.Errorf("German citation: quote %q, translation %+v; want the English quote and its German translation with who made it and its status", c.Quote, c.Translation)
	}
	r = runBot(t, nil, "", "ask", "--json", "How many Afghans were deported in 2025?")
	for _, a := range parseAnswers(t, r.stdout) {
		for _, c := range a.Citations {
			if c.Translation != nil {
				t.Errorf("English citation %s carries a translation: %+v", c.ID, c.Translation)
			}
		}
	}
}
