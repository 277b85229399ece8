package curated

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"citebot/internal/yamlerr"
)

// A curated file with an error (a moderator's typo) never stops the bot:
// each time a valid set is read, a copy of it is kept beside the file
// (answers.last-good.yaml beside answers.yaml), and a start that finds the
// file broken serves that copy, leaving the broken file as it is for the
// moderator to fix.

// LastGoodPath is the copy of the last valid set kept beside the store's
// file.
func (s *Store[T]) LastGoodPath() string {
	ext := filepath.Ext(s.kind.file)
	return filepath.Join(s.dir, strings.TrimSuffix(s.kind.file, ext)+".last-good"+ext)
}

// LoadLastGood reads the items as Load does. When the file cannot be read
// or does not parse, it returns the last valid set kept beside it (none
// when there is no copy, or the copy does not parse either) and why the
// file was refused; the file is left as it is.
func (s *Store[T]) LoadLastGood() (items []T, refused error) {
	items, err := s.Load()
	if err == nil {
		return items, nil
	}
	b, rerr := os.ReadFile(s.LastGoodPath())
	if rerr != nil {
		return nil, err
	}
	kept, perr := parse(s.kind, b)
	if perr != nil {
		return nil, err
	}
	return kept, err
}

// keep saves b, the content of the store's file, as the last good copy
// when it parsed (err is nil) and differs from the copy. A copy that cannot
// be written is left as it was: the file itself is what counts.
func (s *Store[T]) keep(b []byte, err error) {
	if err != nil || len(b) == 0 {
		return
	}
	path := s.LastGoodPath()
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return
	}
	tmp, err := os.CreateTemp(s.dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name()) // gone after the rename
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		os.Rename(tmp.Name(), path)
	}
}

// yamlKinds name the curated types in the errors of a file that does not
// parse.
var yamlKinds = []yamlerr.Kind{
	yamlerr.KindOf[Entry]("an answer"),
	yamlerr.KindOf[Cite]("a cited passage"),
	yamlerr.KindOf[Card]("a fact card"),
}

// readable rewrites a YAML error of the file b for moderators: the line,
// the field as they wrote it.
func readable(err error, b []byte) error {
	if err == nil || errors.Is(err, os.ErrNotExist) {
		return err
	}
	return yamlerr.Readable(err, b, yamlKinds...)
}
