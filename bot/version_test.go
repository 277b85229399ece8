package main

import (
	"regexp"
	"testing"
)

// TestVersion: `bot version` names the module version and the revision,
// each "unknown" when the build carries none, and a stamped build says
// what it was stamped with.
func TestVersion(t *testing.T) {
	r := runBot(t, nil, "", "version")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !regexp.MustCompile(`^citebot \S+ \(revision \S+\)\n$`).MatchString(r.stdout) {
		t.Errorf("bot version printed %q, want one line: citebot VERSION (revision REVISION)", r.stdout)
	}

	t.Run("stamped", func(t *testing.T) {
		version, revision = "v1.4.0", "0123456789abcdef"
		t.Cleanup(func() { version, revision = "", "" })
		if got, want := versionLine(), "citebot v1.4.0 (revision 0123456789abcdef)"; got != want {
			t.Errorf("versionLine() = %q, want %q", got, want)
		}
	})
}
