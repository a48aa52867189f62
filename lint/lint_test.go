package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// TestSimpleWeb pins usvc's main job on the tutorial unit the README
// quotes (testdata/simple-web.service): its trailing comment, which
// systemd keeps in WorkingDirectory=, is an error with a fix, and the
// missing memory limit is advice.
func TestSimpleWeb(t *testing.T) {
	path := filepath.Join(testenv.RepoRoot(), "testdata", "simple-web.service")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := Lint([]*Input{{Path: "simple-web.service", Src: src}})[0]
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"simple-web.service:4:2: info: simple-web.service has no MemoryMax=, so a leak can use up the session's memory; add a limit such as MemoryMax=512M to [Service] [memory-max]",
		`simple-web.service:6:42: error: systemd keeps "# Customize this path" as part of the WorkingDirectory= value; put the comment on its own line above it [inline-comment]`,
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing finding:\n%s\ngot:\n%q", w, got)
		}
	}
	fixed := Fix([]*Input{{Path: "simple-web.service", Src: src}})[0]
	if want := "# Customize this path\nWorkingDirectory=/home/iman/web-content\n"; !strings.Contains(string(fixed.Fixed), want) {
		t.Errorf("Fix gives:\n%s\nwant it to contain:\n%s", fixed.Fixed, want)
	}
}

// BenchmarkLintCorpus lints the shared corpus of Debian's units (about
// 1,470 files) in one run, as "usvc lint DIR" does after reading them.
func BenchmarkLintCorpus(b *testing.B) {
	var inputs []*Input
	size := 0
	for _, c := range testenv.Corpus(b) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			b.Fatal(err)
		}
		size += len(src)
		inputs = append(inputs, &Input{Path: c.Rel, Src: src})
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		Lint(inputs)
	}
	b.ReportMetric(float64(len(inputs)), "files")
}
