package answers_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"citebot/answers"
)

// persian asks "how many Afghans were deported in 2025?" in Persian.
const persian = "چند افغان در سال ۲۰۲۵ اخراج شدند؟"

// adversarial are inputs a user could send to break the engine or to make it
// quote something the documents do not say.
var adversarial = []string{
	"",
	" ",
	"\t\n\r\v\f",
	"\u00a0\u2003\u3000",
	"\xff\xfe\xfd",
	"how many afghans were deported in 2025\xff",
	"how many \xc3\x28 afghans \xe2\x82 were deported",
	"\x00\x01\x07\x1b[2J\x7f",
	"how\x00many\x1bafghans\x07were deported",
	"how\u200b many afghans were deported in 2025",
	"h\u200bo\u200cw\u200d many\u2060 afghans\ufeff were deported in 2025",
	"\u202ehow many afghans were deported in 2025\u202c",
	"\u200fhow many afghans were deported in 2025\u200e",
	"\u2067how many afghans\u2069 \u2066were deported\u2069",
	"\ufeffwhat does amnesty call for",
	"😀🎉👍",
	"🇦🇫 deported? 😢",
	"how many 👨‍👩‍👧 afghans were deported in 2025",
	`title:x +foo (bar* "`,
	`title:deported +2025 (afghans*`,
	`text:afghan^5 -women ~2 /depor.*/ AND OR NOT`,
	`section:"Documented Atrocities" +id:000_bcd3b0e1b0c25f4c#2`,
	`{"query":{"match_all":{}}}`,
	"<script>alert(1)</script> deported",
	"*",
	"?",
	"...",
	"#2",
	"¶2",
	"000_bcd3b0e1b0c25f4c#2",
	"2.6",
	"60%",
	"2025",
	"AFGHANS DEPORTED 2025!!!",
	"deported deported deported deported deported deported",
	"women women women children children",
	"what does amnesty call for",
	"list everything amnesty calls for",
	"what is the fifth thing amnesty calls for",
	"what happened this year",
	"hi",
	"thanks",
	"who are you",
	persian,
	"how many مهاجر were deported",
	"Wie viele Afghanen wurden 2025 abgeschoben?",
	"сколько афганцев депортировали в 2025 году",
	"阿富汗人被驱逐",
	strings.Repeat("a", 5000),
	strings.Repeat("afghans deported women ", 4500), // about 100 KB
}

// fold folds runs of white space into one space, as passages are stored.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkAnswer reports every way a is not an honest answer to q: a quote that
// is not verbatim in the passage it cites, a citation whose paragraph or
// document disagrees with its passage, an unanswered answer that claims a
// source.
func checkAnswer(t testing.TB, e *answers.Engine, q string, a answers.Answer) {
	t.Helper()
	if a.Question != q {
		t.Errorf("Ask(%.60q).Question = %.60q", q, a.Question)
	}
	if a.Answered {
		if a.Source == answers.SourceNone || a.Reason != answers.ReasonNone || len(a.Citations) == 0 {
			t.Errorf("Ask(%.60q) answered with Source %q, Reason %q and %d citations", q, a.Source, a.Reason, len(a.Citations))
		}
	} else {
		if a.Source != answers.SourceNone {
			t.Errorf("Ask(%.60q) unanswered with Source %q, want %q", q, a.Source, answers.SourceNone)
		}
		if a.Reason == answers.ReasonNone {
			t.Errorf("Ask(%.60q) unanswered without a Reason", q)
		}
		if a.Lead != nil || a.More != 0 {
			t.Errorf("Ask(%.60q) unanswered with a list: Lead %v, More %d", q, a.Lead, a.More)
		}
	}
	if a.Lead == nil && a.More != 0 {
		t.Errorf("Ask(%.60q): More = %d without a Lead", q, a.More)
	}
	for i, c := range a.Citations {
		checkCitation(t, e, q, "citation "+strconv.Itoa(i), c)
	}
	if a.Lead != nil {
		checkCitation(t, e, q, "lead", *a.Lead)
	}
}

// checkCitation reports a quote that is not, white space folded, a span of
// the passage c names, and a citation that disagrees with its passage.
func checkCitation(t testing.TB, e *answers.Engine, q, what string, c answers.Citation) {
	t.Helper()
	p, ok := e.Passage(c.ID)
	if !ok {
		t.Errorf("%.60q: %s cites %q, which is no passage", q, what, c.ID)
		return
	}
	if c.Paragraph != p.N || c.ID != p.Doc.Stem+"#"+strconv.Itoa(c.Paragraph) {
		t.Errorf("%.60q: %s is %s ¶%d, but the passage is %s ¶%d", q, what, c.ID, c.Paragraph, p.ID, p.N)
	}
	if c.Doc != p.Doc.File || c.Title != p.Doc.Title || c.Date != p.Doc.Date || c.Publisher != p.Doc.Publisher {
		t.Errorf("%.60q: %s names document %q %q %q %q, but %s is in %q %q %q %q", q, what,
			c.Doc, c.Title, c.Date, c.Publisher, c.ID, p.Doc.File, p.Doc.Title, p.Doc.Date, p.Doc.Publisher)
	}
	quote := fold(c.Quote)
	if quote == "" {
		t.Errorf("%.60q: %s (%s) has an empty quote", q, what, c.ID)
	} else if !strings.Contains(fold(p.Text), quote) {
		t.Errorf("%.60q: %s quote is not in %s:\nquote:   %q\npassage: %q", q, what, c.ID, c.Quote, p.Text)
	}
}

// TestVerbatim holds every answer to every eval question, and to the
// adversarial inputs, to quoting its passages word for word.
func TestVerbatim(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	questions := slices.Clone(adversarial)
	for _, c := range evalCases(t) {
		questions = append(questions, c.Q)
	}
	answered := 0
	for _, q := range questions {
		a, err := e.Ask(ctx, q)
		if err != nil {
			t.Errorf("Ask(%.60q): %v", q, err)
			continue
		}
		checkAnswer(t, e, q, a)
		if a.Answered {
			answered++
		}
	}
	// A guard against a vacuous pass: an engine that answers nothing quotes
	// nothing wrongly.
	if answered < len(questions)/3 {
		t.Errorf("only %d of %d questions answered: the check proved little", answered, len(questions))
	}
}

// TestCardsVerbatim checks the fact cards: every one quotes its passage word
// for word, and with no topic Cards returns the key figures only.
func TestCardsVerbatim(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	facts := e.Facts()
	if len(facts) == 0 {
		t.Fatal("Facts() is empty")
	}
	for i, f := range facts {
		checkCitation(t, e, "Facts()", "fact "+strconv.Itoa(i), f.Citation)
	}

	t.Run("no topic", func(t *testing.T) {
		cards, err := e.Cards(ctx, "", 10)
		if err != nil {
			t.Fatalf(`Cards("", 10): %v`, err)
		}
		figures := e.Figures()
		if want := min(10, len(figures)); len(cards) != want {
			t.Errorf(`Cards("", 10) returned %d cards, want %d (of %d figures)`, len(cards), want, len(figures))
		}
		for i, c := range cards {
			if !c.Figure {
				t.Errorf(`Cards("", 10)[%d] is no figure: %s %q`, i, c.ID, c.Quote)
			}
			if i < len(figures) && c.Citation != figures[i].Citation {
				t.Errorf(`Cards("", 10)[%d] = %s %q, want the figure %s %q`, i, c.ID, c.Quote, figures[i].ID, figures[i].Quote)
			}
			checkCitation(t, e, "", "card "+strconv.Itoa(i), c.Citation)
		}
	})

	t.Run("topics", func(t *testing.T) {
		topics := append([]string{"women", "deportations", "UNAMA", "Germany", "non-refoulement"}, adversarial...)
		for _, topic := range topics {
			cards, err := e.Cards(ctx, topic, 5)
			if err != nil {
				t.Errorf("Cards(%.60q, 5): %v", topic, err)
				continue
			}
			if len(cards) > 5 {
				t.Errorf("Cards(%.60q, 5) returned %d cards", topic, len(cards))
			}
			for i, c := range cards {
				checkCitation(t, e, topic, "card "+strconv.Itoa(i), c.Citation)
			}
		}
	})
}
