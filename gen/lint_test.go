package gen

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/usvc/usvc/lint"
	"github.com/usvc/usvc/unitfile/words"
)

// TestLintClean: every unit the tests generate (the table cases and the
// random ones the systemd-analyze test uses) lints clean with lint's
// default settings but the target release, which is the one the unit was
// generated for (gen's default, 239, is lint's): no finding at warning or
// above. A timer is linted together with its service, as rules look
// across the files of a run.
func TestLintClean(t *testing.T) {
	units := generatedUnits(t, testHome)
	dir := testHome + "/.config/systemd/user"
	clean, infos := 0, 0
	for i := 0; i < len(units); i++ {
		// Each unit is linted for the release it was generated for.
		set := &lint.Settings{Version: units[i].systemd}
		run := []*lint.Input{{Path: path.Join(dir, units[i].file.Name), Src: units[i].file.Bytes(), Settings: set}}
		// generatedUnits puts a timer right before its service.
		if strings.HasSuffix(units[i].file.Name, ".timer") && i+1 < len(units) {
			i++
			run = append(run, &lint.Input{Path: path.Join(dir, units[i].file.Name), Src: units[i].file.Bytes(), Settings: set})
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

// TestDefaultSystemdIsLints: gen writes for the release lint checks
// against by default.
func TestDefaultSystemdIsLints(t *testing.T) {
	if DefaultSystemd != lint.DefaultVersion {
		t.Errorf("gen.DefaultSystemd = %s, lint.DefaultVersion = %s", DefaultSystemd, lint.DefaultVersion)
	}
}

// TestRefusalsMatchLint: gen refuses an environment value or an argument
// for a reason exactly when lint's rule for that reason warns about it
// (unexpanded-variable for a $VAR, tilde-path for a "~"), for the pieces
// the property test is made of. Refusing less would write units that do
// not lint clean; refusing more would turn away values lint finds nothing
// wrong with. A reason whose rule lint does not have (yet) is left out.
func TestRefusalsMatchLint(t *testing.T) {
	vals := []string{"~", "~/x", "a~b", "x=~", "x=~/y", "p:~", "p:~:q", "~x", "=~", "$HOME", "${HOME}", "$$HOME", "$H", "$HOMEx",
		"$Ho", "${h}", "${1x}", "${", "$", "a$HOME", "pa$$word", "$HOME_2", "$_X", "${A_B}c", "%h", "$(x)", "`x`"}
	for _, p := range pieces {
		vals = append(vals, p, "x"+p, p+"/y", "--o="+p+"/y", "A:"+p)
	}
	// reasons maps what a refusal says to the rule that finds the same.
	reasons := []struct{ says, rule string }{
		{"does not expand $", "unexpanded-variable"},
		{"does not expand ~", "tilde-path"},
		{"systemd runs no shell", "tilde-path"},
	}
	compared, skipped := 0, 0
	check := func(what string, err error, src string) {
		why := ""
		for _, r := range reasons {
			if err != nil && strings.Contains(err.Error(), r.says) {
				why = r.rule
			}
		}
		for _, r := range reasons {
			if _, ok := lint.Lookup(r.rule); !ok {
				if r.rule == why {
					skipped++
					return
				}
				continue
			}
			if got := warns(t, src, r.rule); got != (why == r.rule) {
				t.Errorf("%s: gen refuses for %q, lint's %s warns %v\n%s", what, why, r.rule, got, src)
				return
			}
		}
		compared++
	}
	for _, v := range vals {
		f, err := Service(Options{Name: "e", ExecStart: []string{"/usr/bin/true"}, Environment: []EnvVar{{"V", v}}})
		if f != nil {
			check(fmt.Sprintf("Environment V=%q", v), nil, string(f.Bytes()))
		} else if q, qerr := words.QuoteEnvironment("V", v); qerr == nil {
			check(fmt.Sprintf("Environment V=%q", v), err, "[Service]\nExecStart=/usr/bin/true\nEnvironment="+q+"\n")
		}
		argv := []string{"/usr/bin/echo", "x", v}
		f, err = Service(Options{Name: "a", ExecStart: argv})
		if f != nil {
			check(fmt.Sprintf("argument %q", v), nil, string(f.Bytes()))
		} else if q, qerr := execValue(argv, ""); qerr == nil {
			check(fmt.Sprintf("argument %q", v), err, "[Service]\nExecStart="+q+"\n")
		}
	}
	t.Logf("gen's refusals and lint's findings agree on %d values (%d refusals left out: lint has no rule for them)", compared, skipped)
	if compared < len(vals) {
		t.Errorf("only %d comparisons for %d values", compared, len(vals))
	}
}

// warns says whether linting src finds something at warning or above
// with one of the rules.
func warns(t *testing.T, src string, rules ...string) bool {
	t.Helper()
	for _, d := range lint.Lint([]*lint.Input{{Path: "x.service", Src: []byte(src)}})[0].Diagnostics {
		for _, r := range rules {
			if d.Rule == r && d.Severity <= lint.Warning {
				return true
			}
		}
	}
	return false
}
