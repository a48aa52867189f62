package main

import (
	"path/filepath"

	udiff "github.com/aymanbagabas/go-udiff"
)

// unifiedDiff is what 'usvc fmt -d' prints for one file: a unified diff
// from name.orig to name, with the "diff" line gofmt -d starts it with, or
// nothing when the texts are equal.
func unifiedDiff(name string, old, new []byte) []byte {
	n := filepath.ToSlash(name)
	d := udiff.Unified(n+".orig", n, string(old), string(new))
	if d == "" {
		return nil
	}
	return []byte("diff " + n + ".orig " + n + "\n" + d)
}
