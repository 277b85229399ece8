//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package index_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citebot/index"
)

// TestHelperBuildIndex is not a test: it is the other process of the
// tests below, building the index of $SWEEP_SEEDS in $SWEEP_DATA.
func TestHelperBuildIndex(t *testing.T) {
	seeds, data := os.Getenv("SWEEP_SEEDS"), os.Getenv("SWEEP_DATA")
	if seeds == "" {
		t.Skip("run by the tests of killed and running builds")
	}
	docs, err := index.Load(seeds)
	if err != nil {
		t.Fatal(err)
	}
	s, err := index.OpenDir(data, docs)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// startBuild starts another process building the index of seeds in data
// and returns it once its build's temporary folder is there.
func startBuild(t *testing.T, seeds, data string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperBuildIndex$")
	cmd.Env = append(os.Environ(), "SWEEP_SEEDS="+seeds, "SWEEP_DATA="+data)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(time.Minute)
	for len(temporary(t, data)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the other process made no temporary folder in a minute")
		}
		time.Sleep(5 * time.Millisecond) // polling another process, with a deadline
	}
	return cmd
}

// temporary lists the temporary folders of builds in data.
func temporary(t *testing.T, data string) []string {
	t.Helper()
	entries, err := os.ReadDir(data)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestOpenDirRemovesWhatAKilledBuildLeft: a process killed while it builds
// leaves its temporary folder; the next start removes it.
func TestOpenDirRemovesWhatAKilledBuildLeft(t *testing.T) {
	seeds, data := seedsAnd(t, 400), filepath.Join(t.TempDir(), "index")
	build := startBuild(t, seeds, data)
	build.Process.Kill()
	if err := build.Wait(); err == nil {
		t.Fatal("the build ended before it was killed: give it more documents")
	}
	left := temporary(t, data)
	if len(left) == 0 {
		t.Fatal("the killed build left no temporary folder")
	}

	openDir(t, seedsAnd(t, 0), data)
	if now := temporary(t, data); len(now) > 0 {
		t.Errorf("after the next start the index folder still holds %v", now)
	}
}

// TestOpenDirLeavesARunningBuild: a start beside a build running in
// another process leaves that build's folder, and the build completes.
func TestOpenDirLeavesARunningBuild(t *testing.T) {
	seeds, data := seedsAnd(t, 400), filepath.Join(t.TempDir(), "index")
	build := startBuild(t, seeds, data)
	openDir(t, seedsAnd(t, 0), data)
	// Its folder removed, the build would fail to write or to rename it.
	if err := build.Wait(); err != nil {
		t.Fatalf("the other process's build failed: %v", err)
	}
}
