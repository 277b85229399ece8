#!/bin/sh
# Prints the module version and the VCS revision to stamp a build with, one
# a line: VERSION and REVISION when set, else from git when this is a git
# checkout (the v* tag at HEAD, or a pseudo-version as Go writes them,
# +dirty when tracked files changed), else empty lines.
set -eu
cd "$(dirname "$0")/.."

version=${VERSION:-}
revision=${REVISION:-}
if [ -z "$revision" ] && revision=$(git rev-parse HEAD 2>/dev/null); then
	if [ -z "$version" ]; then
		if ! version=$(git describe --tags --exact-match --match 'v*' 2>/dev/null); then
			when=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S)
			version=v0.0.0-$when-$(git rev-parse --short=12 HEAD)
		fi
		if ! git diff --quiet HEAD 2>/dev/null; then
			version=$version+dirty
		fi
	fi
fi
printf '%s\n%s\n' "$version" "$revision"
