package yamlerr_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"citebot/internal/yamlerr"
)

type entry struct {
	ID        string    `yaml:"id"`
	Cite      []cite    `yaml:"cite"`
	Questions []string  `yaml:"questions"`
	Answer    string    `yaml:"answer"`
	Hidden    bool      `yaml:"hidden,omitempty"`
	Created   time.Time `yaml:"created"`
}

type cite struct {
	ID string `yaml:"id"`
}

var kinds = []yamlerr.Kind{yamlerr.KindOf[entry]("an answer"), yamlerr.KindOf[cite]("a cited passage")}

func decode(src string) error {
	var f map[string][]entry
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	return yamlerr.Readable(dec.Decode(&f), []byte(src), kinds...)
}

func TestReadable(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // each in the message
		not  []string // none in the message
	}{
		{
			name: "a misspelt field",
			src:  "entries:\n  - id: a\n    anwser: x\n",
			want: []string{"line 3", "anwser is not a field of an answer", "id, cite, questions, answer, hidden, created"},
			not:  []string{"yamlerr_test.entry", "type"},
		},
		{
			name: "a mapping for a list",
			src:  "entries:\n  - id: a\n    questions: {a: 1}\n",
			want: []string{"line 3", "a mapping (key: value) was found where a list of texts belongs"},
			not:  []string{"!!map", "[]string"},
		},
		{
			name: "text for a list of kinds",
			src:  "entries:\n  - id: a\n    cite: report#1\n",
			want: []string{"line 3", `text "report#1" was found where a list of cited passages belongs`},
		},
		{
			name: "a word for true or false",
			src:  "entries:\n  - id: a\n    hidden: maybe\n",
			want: []string{"line 3", `text "maybe" was found where true or false belongs`},
			not:  []string{"bool"},
		},
		{
			name: "a list for the whole file",
			src:  "- a\n- b\n",
			want: []string{"line 1", "a list was found where a mapping (key: value) belongs"},
			not:  []string{"map[string]"},
		},
		{
			name: "a date that is not one",
			src:  "entries:\n  - id: a\n    created: last tuesday\n",
			want: []string{"line 3", `"last tuesday" is not a date and time`},
			not:  []string{"2006-01-02"},
		},
		{
			name: "indentation",
			src:  "entries:\n  - id: a\n   x: 2\n",
			want: []string{"line 1", "indentation"},
			not:  []string{"yaml:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decode(tt.src)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("error %q says %q", err, n)
				}
			}
		})
	}
}

func TestReadableKeepsOthers(t *testing.T) {
	if err := yamlerr.Readable(nil, nil); err != nil {
		t.Errorf("Readable(nil) = %v", err)
	}
	var f map[string][]entry
	err := yaml.NewDecoder(bytes.NewReader(nil)).Decode(&f)
	if got := yamlerr.Readable(err, nil); got != err {
		t.Errorf("Readable(%v) = %v, want it unchanged", err, got)
	}
}
