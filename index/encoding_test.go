package index

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bom, bigEndian bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xff, 0xfe)
		if bigEndian {
			b = []byte{0xfe, 0xff}
		}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestDecodeText(t *testing.T) {
	const text = "The café housed 4,321 families — “in 2025”."
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"UTF-8", []byte(text), text},
		{"UTF-8 with a byte order mark", []byte("\ufeff" + text), "\ufeff" + text},
		{"UTF-16LE with a byte order mark", utf16Bytes(text, true, false), text},
		{"UTF-16BE with a byte order mark", utf16Bytes(text, true, true), text},
		{"UTF-16LE without one", utf16Bytes("Zaranj housed 4,321 families.", false, false), "Zaranj housed 4,321 families."},
		{"UTF-16BE without one", utf16Bytes("Zaranj housed 4,321 families.", false, true), "Zaranj housed 4,321 families."},
		{"Latin-1", []byte("The caf\xe9 at the border"), "The café at the border"},
		{"Windows-1252 quotation marks", []byte("\x93quoted\x94 and \x96 dashed"), "“quoted” and – dashed"},
		{"UTF-8 with a damaged byte stays UTF-8", []byte("caf\xc3\xa9 and \xff"), "café and \xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeText(tt.raw); got != tt.want {
				t.Errorf("decodeText(% x) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

// TestLoadReadsOtherEncodings: a document saved as UTF-16 or Latin-1 is
// quoted with its own letters, not U+FFFD or zero bytes.
func TestLoadReadsOtherEncodings(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), utf16Bytes("Shelter Notes\n\nThe shelter in Zaranj housed 4,321 families.\n", true, false), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Caf\xe9 Notes\n\nThe caf\xe9 served 1,234 returnees.\n"), 0o644)
	docs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"a.txt": {"Shelter Notes", "The shelter in Zaranj housed 4,321 families."},
		"b.txt": {"Café Notes", "The café served 1,234 returnees."},
	}
	for _, d := range docs {
		w := want[d.File]
		if d.Title != w[0] || len(d.Passages) != 1 || d.Passages[0].Text != w[1] {
			t.Errorf("%s: title %q, passages %d, first %q; want %q and %q", d.File, d.Title, len(d.Passages), d.Passages[0].Text, w[0], w[1])
		}
	}
}
