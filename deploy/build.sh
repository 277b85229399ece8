#!/bin/sh
# Builds citebot's binary at OUT: static (CGO_ENABLED=0), for GOOS/GOARCH
# when they are set, stamped with the module version and the VCS revision
# that `bot version` prints (deploy/version.sh: VERSION and REVISION, else
# git; without either `bot version` says unknown). The Dockerfile and
# deploy/release.sh build with this script.
#
#   deploy/build.sh OUT
set -eu

out=${1:?usage: deploy/build.sh OUT}
case $out in
/*) ;;
*) out=$PWD/$out ;;
esac
cd "$(dirname "$0")/.."

stamp=$(deploy/version.sh)
version=$(echo "$stamp" | sed -n 1p)
revision=$(echo "$stamp" | sed -n 2p)

# -buildvcs=false: the revision is stamped here, and Go's own stamping
# fails where git cannot read the checkout (a container build of a git
# worktree, a copy owned by another user).
CGO_ENABLED=0 exec go build -trimpath -buildvcs=false \
	-ldflags "-s -w -X main.version=$version -X main.revision=$revision" \
	-o "$out" ./bot
