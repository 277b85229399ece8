package main

import (
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
