//go:build !linux

package install

import "testing"

// freeBytes is not needed where the full-file-system test does not run.
func freeBytes(t *testing.T, dir string) int {
	t.Skip("skipped: needs a Linux tmpfs")
	return 0
}
