package gen

import (
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
// exactly when lint would warn about it (unexpanded-variable, tilde-path,
// shell-syntax), for the pieces the property test is made of. Refusing
// less would write units that do not lint clean; refusing more would turn
// away values lint finds nothing wrong with.
func TestRefusalsMatchLint(t *testing.T) {
	vals := []string{"~", "~/x", "a~b", "x=~", "x=~/y", "p:~", "p:~:q", "~x", "=~", "$HOME", "${HOME}", "$$HOME", "$H", "$HOMEx",
		"$Ho", "${h}", "${1x}", "${", "$", "a$HOME", "pa$$word", "$HOME_2", "$_X", "${A_B}c", "%h", "$(x)", "`x`"}
	for _, p := range pieces {
		vals = append(vals, p, "x"+p, p+"/y")
	}
	agree := 0
	for _, v := range vals {
		env, err := Service(Options{Name: "e", ExecStart: []string{"/usr/bin/true"}, Environment: []EnvVar{{"V", v}}})
		genEnv := err != nil && (strings.Contains(err.Error(), "does not expand"))
		arg, err := Service(Options{Name: "a", ExecStart: []string{"/usr/bin/echo", "x", v}})
		genArg := err != nil && strings.Contains(err.Error(), "systemd runs no shell")
		lintEnv, lintArg := false, false
		src := "[Service]\nExecStart=/usr/bin/true\nEnvironment=V=" + v + "\n"
		if env != nil {
			src = string(env.Bytes())
		} else if q, err := words.QuoteEnvironment("V", v); err == nil {
			src = "[Service]\nExecStart=/usr/bin/true\nEnvironment=" + q + "\n"
		} else {
			continue // a value systemd refuses anyway
		}
		lintEnv = warns(t, src, "unexpanded-variable", "tilde-path")
		if arg != nil {
			lintArg = warns(t, string(arg.Bytes()), "shell-syntax", "tilde-path", "inline-comment")
		} else if q, err := execValue([]string{"/usr/bin/echo", "x", v}, ""); err == nil {
			lintArg = warns(t, "[Service]\nExecStart="+q+"\n", "shell-syntax", "tilde-path", "inline-comment")
		} else {
			continue
		}
		if genEnv != lintEnv {
			t.Errorf("Environment=V=%q: gen refuses %v, lint warns %v", v, genEnv, lintEnv)
		}
		if genArg != lintArg {
			t.Errorf("argument %q: gen refuses %v, lint warns %v", v, genArg, lintArg)
		}
		if genEnv == lintEnv && genArg == lintArg {
			agree++
		}
	}
	t.Logf("gen's refusals and lint's findings agree on %d values", agree)
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
