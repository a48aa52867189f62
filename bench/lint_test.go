package bench

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/usvc/usvc/internal/readfiles"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/lint"
)

// flatDir copies the corpus's system units (unit files, not drop-ins) into
// one directory, first file of each name only: the layout a CI check or a
// pre-commit hook sees, and the one systemd-analyze verify can take in one
// call. bench/lint.sh builds the same directory with the same rule.
func flatDir(b *testing.B) string {
	b.Helper()
	flatOnce.Do(func() {
		dir, err := os.MkdirTemp("", "usvc-bench-flat-")
		if err != nil {
			flatErr = err
			return
		}
		seen := map[string]bool{}
		for _, c := range testenv.Corpus(b) {
			base := filepath.Base(c.Path)
			if c.Scope != "system" || c.Kind != "unit" || seen[base] || strings.Contains(base, ":") {
				continue
			}
			seen[base] = true
			src, err := os.ReadFile(c.Path)
			if err != nil {
				flatErr = err
				return
			}
			if err := os.WriteFile(filepath.Join(dir, base), src, 0o644); err != nil {
				flatErr = err
				return
			}
		}
		flatPath = dir
	})
	if flatErr != nil {
		b.Fatal(flatErr)
	}
	return flatPath
}

var (
	flatOnce sync.Once
	flatPath string
	flatErr  error
)

// readAll walks dir and reads every file: the floor any linter pays.
func readAll(b *testing.B, dir string) []*lint.Input {
	var in []*lint.Input
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		in = append(in, &lint.Input{Path: p, Src: src})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return in
}

// walkReadParallel walks dir and reads the files as `usvc lint DIR`
// does: the walk lists them, internal/readfiles reads them on
// GOMAXPROCS goroutines (as regular files: open, read, close).
func walkReadParallel(b *testing.B, dir string) []*lint.Input {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	data, errs := readfiles.ReadRegular(paths)
	in := make([]*lint.Input, len(paths))
	for i, p := range paths {
		if errs[i] != nil {
			b.Fatal(errs[i])
		}
		in[i] = &lint.Input{Path: p, Text: data[i]}
	}
	return in
}

// BenchmarkWalkReadParallel is the floor with usvc's own reader: walking
// the directory and reading every file in parallel, nothing else.
func BenchmarkWalkReadParallel(b *testing.B) {
	dir := flatDir(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		walkReadParallel(b, dir)
	}
}

// BenchmarkWalkRead is the floor: walking the directory and reading every
// file, nothing else. One op is the whole directory.
func BenchmarkWalkRead(b *testing.B) {
	dir := flatDir(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		readAll(b, dir)
	}
}

// BenchmarkLintDir walks, reads and lints the whole directory in one run,
// as `usvc lint DIR` does (system scope, every rule on). One op is the
// whole directory.
func BenchmarkLintDir(b *testing.B) {
	dir := flatDir(b)
	b.ReportAllocs()
	var n int
	for i := 0; i < b.N; i++ {
		in := walkReadParallel(b, dir)
		for _, x := range in {
			x.Settings = &lint.Settings{Scope: lint.SystemScope}
		}
		n = len(in)
		lint.Lint(in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/file")
}

// BenchmarkLintOne lints one file (the tutorial's unit), the work of a
// pre-commit hook on one changed file, without process start.
func BenchmarkLintOne(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "testdata", "simple-web.service"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lint.Lint([]*lint.Input{{Path: "simple-web.service", Src: src}})
	}
}
