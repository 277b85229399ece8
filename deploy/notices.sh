#!/bin/sh
# Writes THIRD_PARTY_NOTICES.md: for every module linked into the bot on
# the release targets, and for Go's standard library, its licence and
# notice files word for word, from the module cache (go mod download
# fills it); then the notices of the word list the binary embeds. Run it after changing go.mod; deploy/deploy_test.go fails
# while a linked module has no section.
#
#   deploy/notices.sh
set -eu
cd "$(dirname "$0")/.."

targets="linux/amd64 linux/arm64 darwin/arm64 windows/amd64"
modules=$(for t in $targets; do
	GOOS=${t%/*} GOARCH=${t#*/} CGO_ENABLED=0 go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}' ./bot
done | sort -u)

# licence names a licence text by its wording.
licence() {
	if grep -q 'Apache License' "$1" && grep -q 'Permission is hereby granted, free of charge' "$1"; then
		echo "MIT and Apache-2.0"
	elif grep -q 'Apache License' "$1"; then
		echo "Apache-2.0"
	elif grep -q 'Permission is hereby granted, free of charge' "$1"; then
		echo "MIT"
	elif grep -q 'Redistribution and use' "$1" && grep -qi 'neither the name\|names of its contributors\|name of the author' "$1"; then
		echo "BSD-3-Clause"
	elif grep -q 'Redistribution and use' "$1"; then
		echo "BSD-2-Clause"
	else
		echo "see the text"
	fi
}

# files lists a folder's licence and notice files.
files() {
	ls "$1" | grep -iE '^(licen[cs]e|copying|notice|patents)([.-].*)?$' | sort
}

section() { # NAME VERSION DIR
	printf '## %s\n\n' "$1"
	printf 'Version %s.\n\n' "$2"
	for f in $(files "$3"); do
		printf '### %s\n\n````text\n' "$f"
		cat "$3/$f"
		printf '\n````\n\n'
	done
}

{
	cat <<'HEAD'
# Third-party notices

citebot's binaries (`go build ./bot`, the release archives, the container
image) contain the Go standard library and the modules below, as linked for
linux/amd64, linux/arm64, darwin/arm64 and windows/amd64. Each keeps its
own licence; their texts and notices follow word for word. This file is
written by `deploy/notices.sh`.

The binary also embeds `answers/english.txt.gz`, words of SCOWL (Spell
Checker Oriented Word Lists), under SCOWL's own terms: its notice and
copyright file are at the end. German questions are read with the
Snowball German stop word list (BSD licence) that bleve carries in
`analysis/lang/de`, its notice kept in that file.

The tests also run telegram-test-api 4.2.1 (MIT) from npm, with its own
dependencies, as a stand-in for Telegram; it is not part of any build.

| module | version | licence |
| --- | --- | --- |
HEAD
	goroot=$(go env GOROOT)
	printf '| Go standard library | %s | %s |\n' "$(go env GOVERSION)" "$(licence "$goroot/LICENSE")"
	for m in $modules; do
		dir=$(go list -m -f '{{.Dir}}' "$m")
		first=$(files "$dir" | head -n 1)
		printf '| %s | %s | %s |\n' "$m" "$(go list -m -f '{{.Version}}' "$m")" "$(licence "$dir/$first")"
	done
	printf '\n'
	section "Go standard library" "$(go env GOVERSION)" "$goroot"
	for m in $modules; do
		section "$m" "$(go list -m -f '{{.Version}}' "$m")" "$(go list -m -f '{{.Dir}}' "$m")"
	done
	printf '## SCOWL word lists (answers/english.txt.gz)\n\n'
	for f in answers/english.NOTICE answers/english.COPYRIGHT; do
		printf '### %s\n\n````text\n' "$f"
		cat "$f"
		printf '\n````\n\n'
	done
} >THIRD_PARTY_NOTICES.md.new
mv THIRD_PARTY_NOTICES.md.new THIRD_PARTY_NOTICES.md
