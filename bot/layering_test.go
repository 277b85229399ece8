package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyWiringImportsIndex: of the program's files, only its wiring
// (starting the bot, reloading the documents) knows the index; replies,
// commands and /source speak the answer engine's types.
func TestOnlyWiringImportsIndex(t *testing.T) {
	wiring := map[string]bool{"bot.go": true, "reload.go": true, "startup.go": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "citebot/index" && !wiring[f] {
				t.Errorf("%s imports citebot/index; only the wiring (%v) may", f, wiring)
			}
		}
	}
}
