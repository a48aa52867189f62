//go:build linux

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

var (
	usvcOnce sync.Once
	usvcPath string
	usvcErr  string
)

// buildUsvc builds the usvc binary from this repository, statically (it
// runs inside the container, alone, with nothing of the host), once per
// test process; $USVC_E2E_USVC names a binary to use instead. The binary lives in the first caller's temporary
// directory, which the testing package removes when that test ends: the
// callers are the subtests of one test, which ends after all of them.
func buildUsvc(t *testing.T) string {
	t.Helper()
	usvcOnce.Do(func() {
		if p := os.Getenv("USVC_E2E_USVC"); p != "" {
			// A given binary: a release, or a deliberately broken build
			// that the tests must catch.
			abs, err := filepath.Abs(p)
			if err != nil {
				usvcErr = err.Error()
			}
			usvcPath = abs
			return
		}
		gobin, err := exec.LookPath("go")
		if err != nil {
			usvcErr = "the go command, to build usvc, is not on PATH"
			return
		}
		out := filepath.Join(t.TempDir(), "usvc")
		cmd := exec.Command(gobin, "build", "-trimpath", "-o", out, "./cmd/usvc")
		cmd.Dir = testenv.RepoRoot()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
		if b, err := cmd.CombinedOutput(); err != nil {
			usvcErr = "go build ./cmd/usvc: " + err.Error() + "\n" + string(b)
			return
		}
		usvcPath = out
	})
	if usvcErr != "" {
		t.Fatal(usvcErr)
	}
	return usvcPath
}
