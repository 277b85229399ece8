package curated

import "time"

// The records moderators curate. They are plain data: what they mean to an
// answer (matching a question, checking a quote against its passage) is
// the answers package's.

// Entry is a moderator's curated answer: example questions, the answer in
// the moderator's words, and the passages it rests on. Its quotes are always
// shown with it: a curated answer never hides the source.
type Entry struct {
	ID        string    `yaml:"id" json:"id"`
	Questions []string  `yaml:"questions" json:"questions"`
	Answer    string    `yaml:"answer" json:"answer"`
	Cite      []Cite    `yaml:"cite" json:"cite"`
	Lang      string    `yaml:"lang,omitempty" json:"lang,omitempty"`
	Author    string    `yaml:"author,omitempty" json:"author,omitempty"`
	Created   time.Time `yaml:"created" json:"created"`
	Changed   time.Time `yaml:"changed" json:"changed"`
}

// Cite is a passage a curated answer rests on, with the passage's text as
// it was when cited: if the document changes, the entry is not served.
type Cite struct {
	ID    string `yaml:"id" json:"id"`
	Quote string `yaml:"quote" json:"quote"`
}

// Card is a moderator's fact card: a quote of a passage they chose, with a
// title and topic words to find it by; or, Hidden, a card never to be
// offered. Auto marks a card the bot made itself, kept only to hide it.
type Card struct {
	ID      string    `yaml:"id" json:"id"`
	Cite    string    `yaml:"cite" json:"cite"`   // the passage's id
	Quote   string    `yaml:"quote" json:"quote"` // a span of the passage's text, word for word
	Title   string    `yaml:"title,omitempty" json:"title,omitempty"`
	Topics  []string  `yaml:"topics,omitempty" json:"topics,omitempty"`
	Hidden  bool      `yaml:"hidden,omitempty" json:"hidden,omitempty"`
	Auto    bool      `yaml:"auto,omitempty" json:"auto,omitempty"`
	Author  string    `yaml:"author,omitempty" json:"author,omitempty"`
	Created time.Time `yaml:"created" json:"created"`
	Changed time.Time `yaml:"changed" json:"changed"`
}
