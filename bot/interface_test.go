package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestInterfaceDocNamesEverything: docs/interface.md, the users' copy of
// the interface, names every command, JSON field and environment variable
// that the bot's usage text and .env.example name, and, where the shared
// contract is beside the repository, every one the contract names.
func TestInterfaceDocNamesEverything(t *testing.T) {
	doc, err := os.ReadFile("../docs/interface.md")
	if err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{"usage": usage, ".env.example": string(env)}
	if contract, err := os.ReadFile("../../shared/CONTRACT.md"); err == nil {
		sources["CONTRACT.md"] = string(contract)
	}
	names := regexp.MustCompile("\\b(?:TELEGRAM|DISCORD|CITEBOT)_[A-Z_]+\\b|\\bbot [a-z]+\\b|\"[a-z]+\":")
	for from, text := range sources {
		for _, name := range names.FindAllString(text, -1) {
			if !strings.Contains(string(doc), name) {
				t.Errorf("%s names %q; docs/interface.md does not", from, name)
			}
		}
	}
}
