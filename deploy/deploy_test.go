package deploy_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// root is the repository, where the Dockerfile's build context is.
const root = ".."

// instruction is one instruction of a Dockerfile, continuation lines joined.
type instruction struct {
	stage string // the stage's name, or its number
	op    string // upper case: FROM, COPY, RUN, …
	args  string
}

// parseDockerfile reads the instructions of the Dockerfile at path.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	stage, stages, line := "", 0, ""
	for l := range strings.Lines(string(raw)) {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") || (l == "" && line == "") {
			continue
		}
		if rest, ok := strings.CutSuffix(l, `\`); ok {
			line += rest + " "
			continue
		}
		line += l
		op, args, _ := strings.Cut(strings.TrimSpace(line), " ")
		line = ""
		op = strings.ToUpper(op)
		args = strings.Join(strings.Fields(args), " ")
		if op == "FROM" {
			stage = strconv.Itoa(stages)
			if f := strings.Fields(args); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stage = f[2]
			}
			stages++
		}
		out = append(out, instruction{stage: stage, op: op, args: args})
	}
	return out
}

// copyArgs splits a COPY's arguments into its --from stage, its sources
// and its destination.
func copyArgs(args string) (from string, srcs []string, dst string) {
	f := strings.Fields(args)
	for len(f) > 0 && strings.HasPrefix(f[0], "--") {
		if v, ok := strings.CutPrefix(f[0], "--from="); ok {
			from = v
		}
		f = f[1:]
	}
	return from, f[:len(f)-1], f[len(f)-1]
}

// envOf reads the ENV instructions of a stage: KEY=VALUE pairs.
func envOf(ins []instruction, stage string) map[string]string {
	env := map[string]string{}
	for _, in := range ins {
		if in.stage == stage && in.op == "ENV" {
			for _, kv := range strings.Fields(in.args) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
		}
	}
	return env
}

// TestDockerfile runs the build stage's build command as the image build
// would (no engine is needed), then checks that what the image copies
// exists and that the runtime stage runs the static binary as a non-root
// user, with its data in a volume and /healthz as its health check.
func TestDockerfile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the build command is a POSIX shell script")
	}
	ins := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	var froms []instruction
	for _, in := range ins {
		if in.op == "FROM" {
			froms = append(froms, in)
		}
	}
	if len(froms) != 2 {
		t.Fatalf("%d stages, want 2 (build, runtime)", len(froms))
	}
	build, final := froms[0].stage, froms[1].stage

	// The builder's Go is the one go.mod asks for.
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	if goVersion == nil || !strings.HasPrefix(froms[0].args, "golang:"+string(goVersion[1])+" ") {
		t.Errorf("build stage is FROM %s; go.mod asks for Go %s", froms[0].args, goVersion[1])
	}

	ignored := dockerignore(t)
	var buildCmd string
	for _, in := range ins {
		if in.stage == build && in.op == "RUN" {
			buildCmd = in.args // the last RUN of the stage builds
		}
		if in.op != "COPY" {
			continue
		}
		from, srcs, _ := copyArgs(in.args)
		if from != "" {
			continue
		}
		for _, src := range srcs {
			if _, err := os.Stat(filepath.Join(root, src)); err != nil {
				t.Errorf("COPY %s: %v", in.args, err)
			}
			if slices.Contains(ignored, strings.TrimSuffix(src, "/")) || slices.Contains(ignored, strings.TrimSuffix(src, "/")+"/") {
				t.Errorf("COPY %s: .dockerignore leaves %s out of the build context", in.args, src)
			}
		}
	}
	for _, secret := range []string{".env", "data/"} {
		if !slices.Contains(ignored, secret) {
			t.Errorf(".dockerignore does not leave out %s", secret)
		}
	}
	if !strings.Contains(buildCmd, "deploy/build.sh /out/") {
		t.Fatalf("the build stage's last RUN is %q, want deploy/build.sh into /out", buildCmd)
	}

	// The build command, as the image build runs it, into a folder of
	// ours instead of /out.
	out := t.TempDir()
	cmd := exec.Command("sh", "-c", strings.ReplaceAll(buildCmd, "/out/", out+"/"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "VERSION=v9.8.7", "REVISION=feedc0de")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("RUN %s: %v\n%s", buildCmd, err, msg)
	}

	var binary string // in the image
	for _, in := range ins {
		if in.op != "COPY" {
			continue
		}
		from, srcs, dst := copyArgs(in.args)
		if from != build {
			continue
		}
		for _, src := range srcs {
			rel, ok := strings.CutPrefix(src, "/out/")
			if !ok {
				t.Errorf("COPY %s copies from the build stage what its build command does not make", in.args)
				continue
			}
			if _, err := os.Stat(filepath.Join(out, rel)); err != nil {
				t.Errorf("COPY %s: the build command made no %s", in.args, src)
			}
			if rel == "citebot" {
				binary = dst
			}
		}
	}
	if binary == "" {
		t.Fatal("the runtime stage copies no /out/citebot")
	}

	got, err := exec.Command(filepath.Join(out, "citebot"), "version").Output()
	if err != nil {
		t.Fatalf("citebot version: %v", err)
	}
	if want := "citebot v9.8.7 (revision feedc0de)\n"; string(got) != want {
		t.Errorf("citebot version = %q, want %q", got, want)
	}
	if runtime.GOOS == "linux" {
		f, err := elf.Open(filepath.Join(out, "citebot"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the binary is dynamically linked: it will not start on an image without libc (CGO_ENABLED=0)")
			}
		}
	}

	env := envOf(ins, final)
	var seeds, user, health, entry string
	var volumes []string
	for _, in := range ins {
		if in.stage != final {
			continue
		}
		switch in.op {
		case "COPY":
			if _, srcs, dst := copyArgs(in.args); slices.Contains(srcs, "seeds/") {
				seeds = strings.TrimSuffix(dst, "/")
			}
		case "USER":
			user = in.args
		case "VOLUME":
			volumes = append(volumes, strings.Fields(in.args)...)
		case "HEALTHCHECK":
			_, health, _ = strings.Cut(in.args, "CMD ")
		case "ENTRYPOINT":
			entry = in.args
		}
	}
	if seeds == "" || env["CITEBOT_SEEDS_DIR"] != seeds {
		t.Errorf("CITEBOT_SEEDS_DIR is %q; the seeds are copied to %q", env["CITEBOT_SEEDS_DIR"], seeds)
	}
	if env["CITEBOT_DATA_DIR"] == "" || !slices.Contains(volumes, env["CITEBOT_DATA_DIR"]) {
		t.Errorf("CITEBOT_DATA_DIR %q is not a VOLUME %v", env["CITEBOT_DATA_DIR"], volumes)
	}
	if env["CITEBOT_HTTP_ADDR"] == "" {
		t.Error("no CITEBOT_HTTP_ADDR: the bot would serve no /healthz for its health check")
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || u == "0" {
		t.Errorf("USER %q: the image must run as a user other than root", user)
	}
	if want := `["` + binary + `", "healthcheck"]`; health != want {
		t.Errorf("HEALTHCHECK CMD %s, want %s", health, want)
	}
	if want := `["` + binary + `"]`; entry != want {
		t.Errorf("ENTRYPOINT %s, want %s", entry, want)
	}

	t.Run("compose", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Services map[string]struct {
				Build struct {
					Context string `yaml:"context"`
				} `yaml:"build"`
				EnvFile     any               `yaml:"env_file"`
				Environment map[string]string `yaml:"environment"`
				Volumes     []string          `yaml:"volumes"`
			} `yaml:"services"`
		}
		if err := yaml.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		s, ok := c.Services["citebot"]
		if !ok {
			t.Fatal("compose.yaml has no service citebot")
		}
		if s.Build.Context != "." {
			t.Errorf("build context %q, want the repository (.)", s.Build.Context)
		}
		if s.EnvFile != ".env" {
			t.Errorf("env_file %v, want .env", s.EnvFile)
		}
		if s.Environment["CITEBOT_DATA_DIR"] != env["CITEBOT_DATA_DIR"] || s.Environment["CITEBOT_SEEDS_DIR"] != env["CITEBOT_SEEDS_DIR"] {
			t.Errorf("compose sets the folders to %v; the image keeps them at %s and %s", s.Environment, env["CITEBOT_SEEDS_DIR"], env["CITEBOT_DATA_DIR"])
		}
		mounted := false
		for _, v := range s.Volumes {
			if _, target, ok := strings.Cut(v, ":"); ok && strings.TrimSuffix(target, ":rw") == env["CITEBOT_DATA_DIR"] {
				mounted = true
			}
		}
		if !mounted {
			t.Errorf("no volume at %s in %v: the data would go with the container", env["CITEBOT_DATA_DIR"], s.Volumes)
		}
	})
}

// dockerignore reads the patterns of .dockerignore.
func dockerignore(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for l := range strings.Lines(string(raw)) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestRelease runs the release script for this machine's target and
// checks that the archive holds what a volunteer needs and a binary that
// says its version.
func TestRelease(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the release script is a POSIX shell script")
	}
	dist := t.TempDir()
	target := runtime.GOOS + "/" + runtime.GOARCH
	cmd := exec.Command("sh", filepath.Join("deploy", "release.sh"), dist)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "TARGETS="+target, "VERSION=v9.8.7", "REVISION=feedc0de")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("deploy/release.sh: %v\n%s", err, msg)
	}
	name := "citebot-v9.8.7-" + runtime.GOOS + "-" + runtime.GOARCH
	raw, err := os.ReadFile(filepath.Join(dist, name+".tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil || !strings.Contains(string(sums), name+".tar.gz") {
		t.Errorf("SHA256SUMS does not list the archive: %q %v", sums, err)
	}

	unpacked := t.TempDir()
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var files []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, h.Name)
		if h.Typeflag != tar.TypeReg {
			continue
		}
		p := filepath.Join(unpacked, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err == nil {
			err = os.WriteFile(p, data, os.FileMode(h.Mode)&0o777)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	seeds, _ := filepath.Glob(filepath.Join(root, "seeds", "*"))
	want := []string{name + "/citebot", name + "/LICENSE", name + "/NOTICE", name + "/THIRD_PARTY_NOTICES.md", name + "/README.md", name + "/.env.example"}
	for _, s := range seeds {
		want = append(want, name+"/seeds/"+filepath.Base(s))
	}
	for _, w := range want {
		if !slices.Contains(files, w) {
			t.Errorf("the archive lacks %s; it holds %v", w, files)
		}
	}

	// The binary answers from the seeds beside it, as the README says to run it.
	bin := filepath.Join(unpacked, name, "citebot")
	got, err := exec.Command(bin, "version").Output()
	if err != nil || string(got) != "citebot v9.8.7 (revision feedc0de)\n" {
		t.Errorf("citebot version = %q, %v", got, err)
	}
	ask := exec.Command(bin, "ask", "how many afghans were deported in 2025")
	ask.Dir = filepath.Join(unpacked, name)
	ask.Env = []string{"CITEBOT_DATA_DIR=" + t.TempDir()}
	if got, err := ask.CombinedOutput(); err != nil || !strings.Contains(string(got), "2.6 million") {
		t.Errorf("citebot ask in the unpacked folder: %v\n%s", err, got)
	}
}

// TestNoticesNameEveryModule: THIRD_PARTY_NOTICES.md names every module
// linked into the bot for each release target, so that a new dependency
// cannot ship without its licence.
func TestNoticesNameEveryModule(t *testing.T) {
	notices, err := os.ReadFile(filepath.Join(root, "THIRD_PARTY_NOTICES.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"linux/amd64", "linux/arm64", "darwin/arm64", "windows/amd64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./bot")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s: %v", target, err)
		}
		for _, m := range strings.Fields(string(out)) {
			if m != "citebot" && !strings.Contains(string(notices), "## "+m+"\n") {
				t.Errorf("%s links %s; THIRD_PARTY_NOTICES.md has no section ## %s", target, m, m)
			}
		}
	}
}
