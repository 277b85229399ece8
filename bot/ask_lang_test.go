package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAskLang: bot ask --lang replies in the language chosen, by code or
// name, whatever the question's; auto replies in the question's; anything
// else exits 2 with a polite error and answers nothing. The quotes stay
// the source's words.
func TestAskLang(t *testing.T) {
	const notFound = "what is the capital of France?"
	tests := []struct {
		name   string
		args   []string
		code   int
		lang   string   // the JSON's lang
		says   []string // in the answer
		stderr string
	}{
		{"by code", []string{"--lang", "de", notFound}, 0, "de", []string{"Dazu sagt die Quelle nichts."}, ""},
		{"by name, after the words", []string{notFound, "--lang", "Pashto"}, 0, "ps", []string{"سرچینه په دې اړه څه نه وايي."}, ""},
		{"with =", []string{"--lang=persian", "how many afghans were deported in 2025?"}, 0, "fa", []string{"2.6 million Afghans"}, ""},
		{"english over a german question", []string{"--lang", "english", "Wie heißt die Hauptstadt von Frankreich?"}, 0, "en", []string{"The source does not say."}, ""},
		{"auto: the question's", []string{"--lang", "auto", "Wie heißt die Hauptstadt von Frankreich?"}, 0, "de", []string{"Dazu sagt die Quelle nichts."}, ""},
		{"unknown language", []string{"--lang", "klingon", notFound}, 2, "", nil, `I don't know the language "klingon"`},
		{"no language", []string{notFound, "--lang"}, 2, "", nil, "--lang needs a language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBot(t, nil, "", append([]string{"ask", "--json"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			if tt.code != 0 {
				if r.stdout != "" {
					t.Errorf("answered on a bad --lang: %s", r.stdout)
				}
				if !strings.Contains(r.stderr, tt.stderr) || !strings.Contains(r.stderr, "en (english), de (german), fa (dari, persian), ps (pashto) or auto") {
					t.Errorf("stderr = %q, want it to say %q and the languages --lang takes", r.stderr, tt.stderr)
				}
				return
			}
			// Decoded loosely: this test is about lang, parseAnswers about
			// the contract's fields.
			var as []contractAnswer
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var a contractAnswer
				if err := json.Unmarshal([]byte(line), &a); err != nil {
					t.Fatalf("%v: %s", err, line)
				}
				as = append(as, a)
			}
			if len(as) != 1 {
				t.Fatalf("%d answers, want 1", len(as))
			}
			if as[0].Lang != tt.lang {
				t.Errorf("lang = %q, want %q", as[0].Lang, tt.lang)
			}
			for _, s := range tt.says {
				if !strings.Contains(as[0].Answer, s) {
					t.Errorf("answer does not say %q:\n%s", s, as[0].Answer)
				}
			}
			for _, c := range as[0].Citations {
				if strings.ContainsAny(c.Quote, "\u2068\u2069") {
					t.Errorf("isolates inside a JSON quote: %q", c.Quote)
				}
			}
		})
	}
}
