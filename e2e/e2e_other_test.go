//go:build !linux

package e2e

import "testing"

func TestTutorial(t *testing.T) {
	t.Skip("skipped: the end-to-end tests boot a systemd-nspawn container, which needs Linux")
}
