package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"citebot/answers"
	"citebot/index"
)

// seedsHint says what to do when the documents cannot be loaded from dir
// (CITEBOT_SEEDS_DIR), skipped of them being skipped: the second half of
// the line a failed start prints last.
func seedsHint(err error, dir string, skipped int) string {
	switch {
	case errors.Is(err, index.ErrNoDocuments) && skipped > 0:
		return fmt.Sprintf("every document of %s was skipped: fix them as the lines above say, or add documents", dir)
	case errors.Is(err, index.ErrNoDocuments):
		return fmt.Sprintf("put the documents, .txt or .md files, in %s, or set CITEBOT_SEEDS_DIR to their folder", dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("make it readable by the user citebot runs as, or move it out of %s (CITEBOT_SEEDS_DIR)", dir)
	}
	if _, serr := os.Stat(dir); serr != nil {
		return "set CITEBOT_SEEDS_DIR to the folder of source documents"
	}
	return fmt.Sprintf("fix the file, or move it out of %s (CITEBOT_SEEDS_DIR)", dir)
}

// openScratch indexes the documents of seeds in a temporary data folder, as
// the bot keeps its own index, for `bot eval` on other documents; closer
// closes the index and removes the folder.
func openScratch(seeds string) (answers.Searcher, func(), error) {
	docs, err := index.Load(seeds)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "citebot-eval-")
	if err != nil {
		return nil, nil, err
	}
	store, err := index.OpenDir(dir, docs)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return store, func() { store.Close(); os.RemoveAll(dir) }, nil
}
