package readfiles

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Files in /proc claim size 0 and have content: ReadRegular must not
// trust the size, as os.ReadFile does not.
func TestReadFileSizeZero(t *testing.T) {
	for _, p := range []string{"/proc/version", "/proc/self/limits"} {
		t.Run(p, func(t *testing.T) { testSizeZero(t, p) })
	}
}

func testSizeZero(t *testing.T, p string) {
	want, err := os.ReadFile(p)
	if err != nil || len(want) == 0 {
		t.Skipf("%s unreadable or empty here (%v): nothing to compare", p, err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Size() != 0 {
		t.Skipf("%s does not claim size 0 here", p)
	}
	got, errs := ReadRegular([]string{p})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	if diff := cmp.Diff(string(want), got[0]); diff != "" {
		t.Errorf("ReadRegular(%s) differs from os.ReadFile (-want +got):\n%s", p, diff)
	}
}
