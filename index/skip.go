package index

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// What a document may be. A file past these limits is not a document the
// bot can quote from (a binary file, text in an encoding it does not read,
// a paragraph of megabytes that would be quoted whole and make every answer
// slow): it is skipped, never indexed, cited or listed as covered.
const (
	// MaxFileBytes is the largest document file read: a report of some
	// thousands of pages; the bot's own documents are a few tens of KB.
	MaxFileBytes = 16 << 20
	// MaxPassageBytes is the longest paragraph, list item or heading:
	// about 2,500 words, where a report's paragraphs are 100 to 1,000
	// bytes. Longer is mostly a text whose paragraphs are not separated by
	// blank lines, read as one.
	MaxPassageBytes = 16 << 10
	// maxOddShare is the share of characters, one in a hundred, that may
	// be control characters (a binary file) or bytes that decode as no
	// character (an encoding the bot does not read). A few are damage and
	// are kept; the terminal never shows them.
	maxOddShare = 100
)

// Skipped is a file of the seeds folder that is not indexed, and why. As
// an error it names the file at fault: the document, or its .meta.yaml.
type Skipped struct {
	File   string // the document's file name inside the seeds folder
	Path   string // the file at fault: the document or its metadata
	Reason string // what is wrong, with the line for metadata
	Fix    string // what to do about it
	Err    error  // the cause, when the file could not be read

	meta  bool   // the reason is in the metadata
	value string // the metadata's value at fault, to find its line
}

func (s *Skipped) Error() string { return "index: " + s.Path + ": " + s.Reason }

func (s *Skipped) Unwrap() error { return s.Err }

// Describe says, for moderators, which document is skipped and why.
func (s *Skipped) Describe() string {
	if at := filepath.Base(s.Path); at != s.File {
		return fmt.Sprintf("%s: %s: %s", s.File, at, s.Reason)
	}
	return s.File + ": " + s.Reason
}

// signatures are the first bytes of files often saved by mistake where a
// document should be, and what they are.
var signatures = []struct {
	magic []byte
	what  string
}{
	{[]byte("%PDF-"), "a PDF file"},
	{[]byte("PK\x03\x04"), "a ZIP archive (a Word, OpenDocument or EPUB file is one)"},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an old Word or Excel file"},
	{[]byte("{\\rtf"), "an RTF file"},
	{[]byte("\x89PNG"), "a PNG image"},
	{[]byte("\xff\xd8\xff"), "a JPEG image"},
	{[]byte("GIF8"), "a GIF image"},
	{[]byte("\x1f\x8b"), "a gzip archive"},
	{[]byte("\x7fELF"), "a program"},
}

const saveAsText = "save it as plain text (UTF-8) or Markdown, or move it out of the seeds folder"

// checkBytes says why raw, a document file's content, is not text the bot
// reads; nil when it is.
func checkBytes(raw []byte) *Skipped {
	for _, s := range signatures {
		if bytes.HasPrefix(raw, s.magic) {
			return &Skipped{Reason: s.what + ", not text", Fix: saveAsText}
		}
	}
	return nil
}

// checkText says why text, decoded from a document's bytes, is not a
// document's text; nil when it is.
func checkText(text string) *Skipped {
	var runes, controls, undecoded int
	zero := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		runes++
		switch {
		case r == 0:
			zero = true
		case r == utf8.RuneError:
			undecoded++
		case isControl(r) && r != '\t' && r != '\n' && r != '\v' && r != '\f' && r != '\r':
			controls++
		}
	}
	switch {
	case zero:
		return &Skipped{Reason: "it holds NUL bytes (bytes of value zero): a binary file, not text", Fix: saveAsText}
	case controls*maxOddShare > runes:
		return &Skipped{Reason: fmt.Sprintf("%d of its %d characters are control characters: a binary file, not text", controls, runes), Fix: saveAsText}
	case undecoded*maxOddShare > runes:
		return &Skipped{Reason: fmt.Sprintf("%d of its %d characters are not text in UTF-8, UTF-16, Latin-1 or Windows-1252", undecoded, runes), Fix: "save it as UTF-8, or move it out of the seeds folder"}
	}
	return nil
}

// isControl tells whether r is a C0 or C1 control character (or DEL).
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// tooLong says why a block of text is past MaxPassageBytes.
func tooLong(n int, text string) *Skipped {
	start := text
	if len(start) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(start[cut]) {
			cut--
		}
		start = start[:cut] + "…"
	}
	return &Skipped{
		Reason: fmt.Sprintf("block %d (%q) holds %s, more than the %s a paragraph may", n, start, size(len(text)), size(MaxPassageBytes)),
		Fix:    "separate its paragraphs with blank lines, or move it out of the seeds folder",
	}
}

// size writes a number of bytes for people.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
