package main

import (
	"fmt"
	"runtime/debug"
)

// version and revision are stamped by the release script and the
// container build (-ldflags "-X main.version=… -X main.revision=…"); a build
// that sets neither reports what the Go toolchain recorded, if anything.
var (
	version  string
	revision string
)

// buildVersion is the module version and the VCS revision of this binary,
// "unknown" for what the build does not carry: `go run`, and builds with
// -buildvcs=false, carry no revision and version "(devel)".
func buildVersion() (ver, rev string) {
	ver, rev = version, revision
	if info, ok := debug.ReadBuildInfo(); ok {
		if ver == "" && info.Main.Version != "(devel)" {
			ver = info.Main.Version
		}
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && revision == "" && rev != "" {
			rev += "-dirty"
		}
	}
	if ver == "" {
		ver = "unknown"
	}
	if rev == "" {
		rev = "unknown"
	}
	return ver, rev
}

// versionLine is what `bot version` prints.
func versionLine() string {
	ver, rev := buildVersion()
	return fmt.Sprintf("citebot %s (revision %s)", ver, rev)
}
