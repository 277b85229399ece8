package main

import (
	"strings"
	"testing"

	"citebot/internal/golden"
)

// TestReplyInTheAskersLanguage: a question in German, Dari or Pashto gets
// the bot's own words in its language (Dari in Persian script also for a
// question typed in Latin letters), the quotes in the source's words with
// their citations; an English question's reply is as it always was.
func TestReplyInTheAskersLanguage(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name, question, lang string
		says                 []string
	}{
		{"en", "how many people from iran and pakistan came back?", "en", []string{"2.6 million Afghans"}},
		{"de", "Wie viele Afghanen wurden 2025 abgeschoben?", "de", []string{"2.6 million Afghans", "— Dawat Media Center, ¶2, 16 December 2025", "Ich habe Ihre Frage so gelesen: how many afghans were"}},
		{"de_personal", "Mein Asylantrag wurde abgelehnt. Kann Deutschland mich jetzt nach Afghanistan abschieben?", "de", []string{"Zu einem persönlichen Fall kann ich nicht beraten."}},
		{"fa", "چند نفر از ایران و پاکستان برگشتند؟", "fa", []string{"2.6 million Afghans", "سؤال شما را این‌طور خواندم: how many people from iran and pakistan came back"}},
		{"fa_latin", "chand nafar az iran wa pakistan wapas shodan imsal?", "fa", []string{"2.6 million Afghans", "سؤال شما را این‌طور خواندم:"}},
		{"ps", "څومره افغانان له ایران څخه راستانه شول؟", "ps", []string{"ستاسو پوښتنه مې داسې ولوستله:", "سرچینه په دې اړه څه نه وايي."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := send(t, b, tt.question)
			if r.Lang != tt.lang {
				t.Errorf("reply in %q, want %q", r.Lang, tt.lang)
			}
			for _, s := range tt.says {
				if !strings.Contains(got, s) {
					t.Errorf("reply does not say %q:\n%s", s, got)
				}
			}
			golden.Check(t, "reply_"+tt.name, got)
		})
	}
}
