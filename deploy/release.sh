#!/bin/sh
# Builds citebot's release archives into DIR (default dist/): one per
# target, each a folder citebot-VERSION-OS-ARCH holding the binary (built
# by deploy/build.sh, so stamped), the seeds, README.md, .env.example,
# LICENSE, NOTICE and THIRD_PARTY_NOTICES.md; .zip for Windows, .tar.gz for the
# others; and SHA256SUMS over the archives. TARGETS (OS/ARCH, separated by
# spaces) overrides the list; VERSION and REVISION as for deploy/build.sh.
#
#   deploy/release.sh [DIR]
set -eu

targets=${TARGETS:-linux/amd64 linux/arm64 darwin/arm64 windows/amd64}
dist=${1:-dist}
case $dist in
/*) ;;
*) dist=$PWD/$dist ;;
esac
cd "$(dirname "$0")/.."

case " $targets " in
*" windows/"*)
	command -v zip >/dev/null || { echo "release: the Windows archive needs zip" >&2; exit 1; } ;;
esac

# One stamp for every target.
stamp=$(deploy/version.sh)
VERSION=$(echo "$stamp" | sed -n 1p)
REVISION=$(echo "$stamp" | sed -n 2p)
export VERSION REVISION

mkdir -p "$dist"
archives=
for target in $targets; do
	os=${target%/*}
	arch=${target#*/}
	name=citebot-${VERSION:-unknown}-$os-$arch
	exe=citebot
	[ "$os" = windows ] && exe=citebot.exe
	rm -rf "${dist:?}/$name"
	mkdir -p "$dist/$name"
	echo "== $target"
	GOOS=$os GOARCH=$arch deploy/build.sh "$dist/$name/$exe"
	cp -R seeds "$dist/$name/seeds"
	cp README.md .env.example LICENSE NOTICE THIRD_PARTY_NOTICES.md "$dist/$name/"
	if [ "$os" = windows ]; then
		archive=$name.zip
		(cd "$dist" && rm -f "$archive" && zip -qr "$archive" "$name")
	else
		archive=$name.tar.gz
		(cd "$dist" && tar -czf "$archive" "$name")
	fi
	rm -rf "${dist:?}/$name"
	archives="$archives $archive"
done
if command -v sha256sum >/dev/null; then
	(cd "$dist" && sha256sum $archives >SHA256SUMS)
else
	(cd "$dist" && shasum -a 256 $archives >SHA256SUMS)
fi
echo "in $dist:$archives SHA256SUMS"
