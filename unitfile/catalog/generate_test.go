package catalog

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/usvc/usvc/unitfile/catalog/internal/gencatalog"
)

// TestGeneratedIsCurrent runs the generator in memory on data/ and
// compares its output with the committed zz_catalog.go, so a data or
// generator change without "go generate" fails here.
func TestGeneratedIsCurrent(t *testing.T) {
	want, err := gencatalog.Generate(os.DirFS("data"))
	if err != nil {
		t.Fatalf("Generate(data): %v", err)
	}
	got, err := os.ReadFile(gencatalog.OutputFile)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s is stale; run go generate in unitfile/catalog. First difference at line %d:\ncommitted: %q\ngenerated: %q",
				gencatalog.OutputFile, i+1, g, w)
		}
	}
}

// repoRoot is the directory holding go.mod, found upwards from the
// package directory the test runs in.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// TestDataMatchesShared checks that data/ is a verbatim copy of the
// shared catalogue next to the repository, so go generate from a clone
// reproduces what the project's data says.
func TestDataMatchesShared(t *testing.T) {
	shared := filepath.Join(repoRoot(t), "..", "shared", "systemd-data")
	if _, err := os.Stat(shared); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("shared data not found at %s: nothing to compare data/ with", shared)
	}
	for _, name := range gencatalog.Files {
		want, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Errorf("shared copy: %v", err)
			continue
		}
		got, err := os.ReadFile(filepath.Join("data", name))
		if err != nil {
			t.Errorf("data copy: %v", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s differs from %s; copy it again and run go generate", name, filepath.Join(shared, name))
		}
	}
	// Nothing else in data/: a stray file would not be generated from.
	entries, err := os.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(gencatalog.Files, e.Name()) {
			t.Errorf("data/%s is not one of the generator's inputs %v", e.Name(), gencatalog.Files)
		}
	}
}
