// Package testenv finds what usvc's tests read from outside the
// repository: the shared corpus of real unit files and the systemd tools
// used as oracles. Tests skip with a clear message where a piece is
// missing, except under CI=true, where a missing piece fails the test:
// CI installs all of them, so their absence there is a broken setup, not
// a reason to pass.
package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// RepoRoot is the directory that holds usvc's go.mod.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SharedDir is ../shared beside the repository (the project's shared
// material); the test is skipped where it is absent.
func SharedDir(t testing.TB) string {
	t.Helper()
	d := filepath.Join(RepoRoot(), "..", "shared")
	if _, err := os.Stat(filepath.Join(d, "corpus", "debian", "MANIFEST.tsv")); err != nil {
		Missing(t, "the shared corpus (../shared/corpus beside the repository)")
	}
	return d
}

// Missing skips the test because what is named is absent, or fails it
// under CI=true.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing, and CI=true: .ci/run should have installed it", what)
	}
	t.Skipf("skipped: %s is missing", what)
}

// LookPath finds a program or skips (fails under CI) when it is missing.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name)
	}
	return p
}

// CorpusFile is one row of ../shared/corpus/debian/MANIFEST.tsv.
type CorpusFile struct {
	Path    string // absolute
	Rel     string // relative to corpus/debian, starts with the package
	Package string
	Scope   string // "user" or "system"
	Kind    string // "unit" or "dropin"
}

// Corpus lists the shared corpus of real unit files.
func Corpus(t testing.TB) []CorpusFile {
	t.Helper()
	root := filepath.Join(SharedDir(t), "corpus", "debian")
	fh, err := os.Open(filepath.Join(root, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []CorpusFile
	sc := bufio.NewScanner(fh)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 7 {
			continue
		}
		out = append(out, CorpusFile{Path: filepath.Join(root, filepath.FromSlash(c[2])), Rel: c[2], Package: c[0], Scope: c[5], Kind: c[6]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("corpus MANIFEST.tsv lists no files")
	}
	return out
}
