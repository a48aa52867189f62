package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// statmode prints the permission bits of each file named, in octal, for
// scripts that check that a rewrite kept a file's mode.
func statmode() {
	code := 0
	for _, p := range os.Args[1:] {
		fi, err := os.Stat(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
			continue
		}
		fmt.Printf("%s %04o\n", p, fi.Mode().Perm())
	}
	os.Exit(code)
}

func init() { scriptCommands["statmode"] = statmode }

// TestPreCommitHooks runs the real pre-commit on a scratch repository
// that uses this repository's .pre-commit-hooks.yaml at HEAD: pre-commit
// clones it, builds usvc with "go install ./..." (language: golang, the
// system Go), and runs the hooks. A unit with an inline comment fails
// usvc-lint, a clean one passes, and usvc-fmt rewrites a file (which
// pre-commit counts as a failure). The build must not need the network:
// the module cache is shared (GOMODCACHE) and GOPROXY=off.
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds usvc with pre-commit")
	}
	preCommit := testenv.LookPath(t, "pre-commit")
	git := testenv.LookPath(t, "git")
	goBin := testenv.LookPath(t, "go")
	root := testenv.RepoRoot()
	out, err := exec.Command(git, "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("skipped: %s is not a git checkout: %v", root, err)
	}
	rev := strings.TrimSpace(string(out))
	if exec.Command(git, "-C", root, "cat-file", "-e", rev+":.pre-commit-hooks.yaml").Run() != nil {
		t.Skipf("skipped: .pre-commit-hooks.yaml is not committed at HEAD (%s)", rev)
	}
	goenv := func(k string) string {
		out, err := exec.Command(goBin, "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		return strings.TrimSpace(string(out))
	}
	tmp := t.TempDir()
	env := append(os.Environ(),
		"HOME="+filepath.Join(tmp, "home"),
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "cache"),
		"PRE_COMMIT_COLOR=never",
		"GOMODCACHE="+goenv("GOMODCACHE"),
		"GOCACHE="+goenv("GOCACHE"),
		"GOPROXY=off",
		"GOFLAGS=-mod=mod",
		"GOTOOLCHAIN=local",
		"GIT_CONFIG_NOSYSTEM=1",
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "home", ".config"),
	)
	repo := filepath.Join(tmp, "repo")
	run := func(wantOK bool, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK {
			t.Fatalf("%s %s: err = %v, want success %v; output:\n%s", name, strings.Join(args, " "), err, wantOK, out)
		}
		return string(out)
	}
	if err := os.MkdirAll(filepath.Join(repo, "units"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".pre-commit-config.yaml": "repos:\n  - repo: " + root + "\n    rev: " + rev + "\n    hooks:\n      - id: usvc-lint\n      - id: usvc-fmt\n",
		"units/bad.service":       "[Service]\nExecStart=/usr/bin/app\nWorkingDirectory=/srv/app  # change this\n[Install]\nWantedBy=default.target\n",
		"units/good.service":      "[Service]\nExecStart=/usr/bin/app\nMemoryMax=1G\n[Install]\nWantedBy=default.target\n",
		"units/ugly.service":      "[Service]\nExecStart = /usr/bin/app\nMemoryMax=1G\n\n\n[Install]\nWantedBy=default.target\n",
		"units/notes.txt":         "WorkingDirectory=/srv  # not a unit: not linted\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(true, git, "init", "-q")
	run(true, git, "add", ".")

	// The first run builds the hook environment.
	got := run(false, preCommit, "run", "usvc-lint", "--files", "units/bad.service", "units/notes.txt")
	if !strings.Contains(got, "units/bad.service:3:28: error:") || !strings.Contains(got, "[inline-comment]") {
		t.Errorf("usvc-lint on a bad unit: want the inline-comment finding, got:\n%s", got)
	}
	if strings.Contains(got, "notes.txt") {
		t.Errorf("usvc-lint linted a file the pattern excludes:\n%s", got)
	}
	run(true, preCommit, "run", "usvc-lint", "--files", "units/good.service")

	// usvc-fmt rewrites the file; pre-commit reports the change as a
	// failure, and a second run passes.
	got = run(false, preCommit, "run", "usvc-fmt", "--files", "units/ugly.service")
	if !strings.Contains(got, "files were modified by this hook") {
		t.Errorf("usvc-fmt: want a modification, got:\n%s", got)
	}
	b, err := os.ReadFile(filepath.Join(repo, "units", "ugly.service"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "ExecStart = ") {
		t.Errorf("usvc-fmt did not rewrite the file:\n%s", b)
	}
	run(true, preCommit, "run", "usvc-fmt", "--files", "units/ugly.service")
}

// TestLintExitCodes pins the exact exit codes, which script tests can
// only tell apart from 0.
func TestLintExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.service", "[Service]\nExecStart=/usr/bin/app\nMemoryMax=1G\n[Install]\nWantedBy=default.target\n")
	info := write("info.service", "[Service]\nExecStart=/usr/bin/app\n[Install]\nWantedBy=default.target\n")
	warning := write("warning.service", "[Service]\nExecStart=/usr/bin/app\nMemoryMax=1G\n")
	bad := write("bad.service", "[Service]\nExecStart=/usr/bin/app # x\nMemoryMax=1G\n[Install]\nWantedBy=default.target\n")
	badConfig := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(badConfig, []byte("nope = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{clean}, exitOK},
		{[]string{info}, exitOK},
		{[]string{"--fail-on", "info", info}, exitFindings},
		{[]string{warning}, exitFindings},
		{[]string{"--fail-on", "error", warning}, exitOK},
		{[]string{"--fail-on", "never", bad}, exitOK},
		{[]string{bad}, exitFindings},
		{[]string{"--disable", "inline-comment", bad}, exitOK},
		{[]string{"--format", "yaml", clean}, exitUsage},
		{[]string{"--enable", "no-such-rule", clean}, exitUsage},
		{[]string{"--config", badConfig, clean}, exitUsage},
		{[]string{"--config", filepath.Join(dir, "missing.toml"), clean}, exitUsage},
		{[]string{filepath.Join(dir, "missing.service"), clean}, exitFailure},
		{[]string{filepath.Join(dir, "missing.service"), bad}, exitFailure},
		{[]string{"-", "-"}, exitUsage},
	} {
		var stdout, stderr strings.Builder
		got := run(append([]string{"lint", "--no-search-path"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
		if got != tc.want {
			t.Errorf("usvc lint %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), got, tc.want, stdout.String(), stderr.String())
		}
	}
}
