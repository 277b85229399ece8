package answers_test

import (
	"context"
	"strings"
	"testing"

	"citebot/answers"
)

// TestAskBadInput sends what users (and attackers) type that is not a clean
// question: none of it may fail Ask, and each gets the right reply.
func TestAskBadInput(t *testing.T) {
	const deported = "2.6 million"
	tests := []struct {
		name  string
		q     string
		any   bool           // any outcome but an error
		want  answers.Reason // the Reason wanted, unless any
		quote string         // when answered: what the first quote holds
	}{
		{name: "empty", q: "", want: answers.ReasonEmpty},
		{name: "spaces", q: "   ", want: answers.ReasonEmpty},
		{name: "white space", q: " \t\r\n\v\f ", want: answers.ReasonEmpty},
		{name: "unicode spaces", q: "\u00a0\u2003\u3000", want: answers.ReasonEmpty},
		{name: "emoji", q: "😀🎉👍", want: answers.ReasonEmpty},
		{name: "emoji sequences", q: "🇦🇫 👨‍👩‍👧 👍🏽", want: answers.ReasonEmpty},
		{name: "persian the word tables read", q: persian, quote: deported},
		{name: "persian the word tables cannot read", q: "بهترین رنگ برای دیوار آشپزخانه کدام است", want: answers.ReasonLanguage},
		{name: "russian", q: "сколько афганцев депортировали", want: answers.ReasonLanguage},
		{name: "the bot's opinion", q: "what do you think about the taliban?", want: answers.ReasonOpinion},
		{name: "the bot's opinion, another way", q: "give me your personal opinion of deportations", want: answers.ReasonOpinion},
		{name: "the bot's opinion in Dari", q: "به نظر تو کشورهای اروپایی به گپ امنستی گوش میدن؟", want: answers.ReasonOpinion},
		{name: "the bot's opinion in Dari, another way", q: "تو فکر میکنی افغانهای ایران باید خودشان پس بروند یا صبر کنند؟", want: answers.ReasonOpinion},
		{name: "the bot's opinion in Dari typed in Latin letters", q: "ba nazare tu europa gap e amnesty ra gosh mekona?", want: answers.ReasonOpinion},
		{name: "the source's view is no opinion of the bot's", q: "what does amnesty think about deportations to afghanistan", quote: "Afghanistan"},
		// A sentence of punctuation alone after the question: no words to
		// read as a tag ("does the article say so?"), and no crash.
		{name: "punctuation after the last sentence", q: "how many afghans were deported in 2025 from iran really. !!", any: true},
		{name: "emoji after the last sentence", q: "what does amnesty want from germany and austria. 🙏🙏", any: true},
		{name: "hi", q: "hi", want: answers.ReasonGreeting},
		{name: "goodbye in Dari, a phrase of words no table holds alone", q: "khuda hafiz", want: answers.ReasonGreeting},
		{name: "thanks in Persian", q: "مرسی", want: answers.ReasonGreeting},
		{name: "how are you in Dari", q: "salam, chetor hasti?", want: answers.ReasonGreeting},
		{name: "thanks", q: "thanks", want: answers.ReasonGreeting},
		{name: "thanks for the help", q: "thanks for your help", want: answers.ReasonGreeting},
		{name: "thanks for the help in German", q: "danke für deine Hilfe", want: answers.ReasonGreeting},
		{name: "thanks for the help in Dari", q: "تشکر از کمکت", want: answers.ReasonGreeting},
		{name: "thanks, then a question", q: "thanks! how many afghans were deported in 2025?", quote: "2.6 million"},
		{name: "100 KB of words", q: strings.Repeat("afghans deported women ", 4500), any: true},
		{name: "100 KB of one letter", q: strings.Repeat("a", 100_000), any: true},
		{name: "invalid UTF-8", q: "\xff\xfe\xfd", any: true},
		{name: "invalid UTF-8 in a question", q: "how many \xc3\x28 afghans were \xe2\x82 deported in 2025\xff", any: true},
		{name: "control characters", q: "\x00\x01\x07\x1b[2J\x7f", any: true},
		{name: "control characters between words", q: "how\x00many\x1bafghans\x07were deported", any: true},
		{name: "zero-width space", q: "how\u200b many afghans were deported in 2025", quote: deported},
		{name: "zero-width joiners and BOM", q: "\ufeffhow\u200c many\u200d afghans\u2060 were deported in 2025", quote: deported},
		{name: "bidi override", q: "\u202ehow many afghans were deported in 2025\u202c", quote: deported},
		{name: "bidi marks", q: "\u200fhow many afghans were deported in 2025\u200e", quote: deported},
		{name: "bidi isolates", q: "\u2067how many afghans were deported in 2025\u2069", quote: deported},
		{name: "query syntax", q: `title:deported +2025 (afghans*`, any: true},
		{name: "unbalanced query syntax", q: `title:x +foo (bar* "`, any: true},
		{name: "regexp and fuzzy syntax", q: `text:afghan^5 -women ~2 /depor.*/`, any: true},
	}
	e := engine(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(ctx, tt.q)
			if err != nil {
				t.Fatalf("Ask(%.60q): %v", tt.q, err)
			}
			checkAnswer(t, e, tt.q, a)
			switch {
			case tt.any:
			case tt.quote != "":
				if !a.Answered || len(a.Citations) == 0 {
					t.Fatalf("Ask(%.60q) not answered (Reason %q), want a quote holding %q", tt.q, a.Reason, tt.quote)
				}
				if got := a.Citations[0].Quote; !strings.Contains(got, tt.quote) {
					t.Errorf("Ask(%.60q) quotes %s %q, want a quote holding %q", tt.q, a.Citations[0].ID, got, tt.quote)
				}
			default:
				if a.Answered || a.Reason != tt.want {
					t.Errorf("Ask(%.60q) = Answered %v, Reason %q; want Reason %q", tt.q, a.Answered, a.Reason, tt.want)
				}
			}
		})
	}
}
