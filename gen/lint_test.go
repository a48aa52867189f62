package gen

import (
	"path"
	"strings"
	"testing"

	"github.com/usvc/usvc/lint"
)

// TestLintClean: every unit the tests generate (the table cases and the
// random ones the systemd-analyze test uses) lints clean with lint's
// default settings (systemd 239, every rule on): no finding at warning or
// above. A timer is linted together with its service, as rules look
// across the files of a run.
func TestLintClean(t *testing.T) {
	units := generatedUnits(t, testHome)
	dir := testHome + "/.config/systemd/user"
	clean, infos := 0, 0
	for i := 0; i < len(units); i++ {
		run := []*lint.Input{{Path: path.Join(dir, units[i].file.Name), Src: units[i].file.Bytes()}}
		// generatedUnits puts a timer right before its service.
		if strings.HasSuffix(units[i].file.Name, ".timer") && i+1 < len(units) {
			i++
			run = append(run, &lint.Input{Path: path.Join(dir, units[i].file.Name), Src: units[i].file.Bytes()})
		}
		for _, r := range lint.Lint(run) {
			bad := false
			for _, d := range r.Diagnostics {
				if d.Severity <= lint.Warning {
					t.Errorf("%s\n%s", d, r.Input.Src)
					bad = true
				} else {
					infos++
				}
			}
			if r.Err != nil {
				t.Errorf("%s: %v", r.Input.Path, r.Err)
				bad = true
			}
			if !bad {
				clean++
			}
		}
	}
	t.Logf("%d of %d generated units lint clean at warning and above (%d info findings)", clean, len(units), infos)
}
