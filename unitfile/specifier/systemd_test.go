package specifier

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/usvc/usvc/unitfile/unitname"
)

// Specifiers that cannot fail for a valid unit name go into Description=;
// the ones that can (an unescape that fails) get one Environment= each, so
// that one failure does not hide the others.
const (
	safeSpecs  = "%n|%N|%p|%i|%j|%u|%U|%g|%G|%h|%s|%t|%S|%C|%L|%E|%T|%V|%d|%y|%Y|%m|%b|%H|%l|%q|%v|%a|%o|%w|%W|%B|%M|%A|%%|%-|x%"
	failSpecs  = "%P %I %J %f"
	alnumChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// Names for the differential test: templates, escapes, dashes, names whose
// %f or %I fail. A ":" cannot be used: verify reads it as src:alias.
var diffNames = []string{
	"plain.service",
	"a-b-c.service",
	"-.service",
	"foo-.service",
	"a.b-c.service",
	`svc-\x2dx.service`,
	"foo_0123456789abcdef.service", // looks hashed: %f fails
	`web-x@p\x2dq.service`,
	"a@b.service",
	"x@p@q.service",
	"a-b@c-d.service",
	"a@-.service",
	`a@\x2d.service`,
	`a@\x2f.service`,
	`foo@a\x20b.service`,
	`foo@\xc3\xa9.service`,
	`foo@bad\xzz.service`,
	"foo@x--y.service",
	"foo@.-a.service",
	"trailing-@i.service",
	`a@b\x00c.service`,
	`dash-@\x2d\x2d.service`,
	"long-" + strings.Repeat("n", 200) + "@i.service",
}

type dump struct {
	description string
	environment map[string]string
	stderr      string
}

func verifyCmd(tool string, user bool, unitPath string) *exec.Cmd {
	args := []string{"verify", "--man=no", "--recursive-errors=no", unitPath}
	if user {
		args = append([]string{"--user"}, args...)
	}
	cmd := exec.Command(tool, args...)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=debug")
	return cmd
}

// runVerifyRaw returns verify's stderr only.
func runVerifyRaw(tool string, user bool, unitPath string) string {
	cmd := verifyCmd(tool, user, unitPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	_ = cmd.Run()
	return stderr.String()
}

func runVerify(t *testing.T, tool string, user bool, unitPath string) dump {
	t.Helper()
	cmd := verifyCmd(tool, user, unitPath)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // verify exits non-zero for warnings; the dump is what counts
	d := dump{environment: map[string]string{}, stderr: stderr.String()}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "\t\tDescription: "); ok {
			d.description = v
		}
		if v, ok := strings.CutPrefix(line, "\t\tEnvironment: "); ok {
			k, val, _ := strings.Cut(v, "=")
			d.environment[k] = val
		}
	}
	if d.description == "" {
		t.Fatalf("systemd-analyze verify %s printed no Description:\n%s\n%s", unitPath, stdout.String(), lastLines(stderr.String(), 20))
	}
	return d
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// TestSystemdAnalyze resolves specifiers for a range of unit names in the
// system and a user manager and compares with what systemd-analyze verify
// dumps: Description= for the specifiers that cannot fail, one
// Environment= each for %P %I %J %f (a failure drops that assignment),
// and "Invalid slot" for every letter in Environment= (unit-file context)
// and Wants= (unit-name context).
func TestSystemdAnalyze(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("differential test against systemd 252: systemd-analyze not found")
	}
	// a known environment for %h %s %T %V, seen by FromHost and by the tool
	t.Setenv("HOME", "/home/specifier-test")
	t.Setenv("SHELL", "/bin/specifier-test-sh")
	t.Setenv("TMPDIR", t.TempDir())
	t.Setenv("TEMP", "")
	t.Setenv("TMP", "")
	runtime := t.TempDir()
	if err := os.Chmod(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", runtime)
	t.Setenv("XDG_CACHE_HOME", "/cache-test")
	t.Setenv("XDG_CONFIG_HOME", "")

	total, agree := 0, 0
	check := func(what, ours, systemd string) {
		t.Helper()
		total++
		if ours != systemd {
			t.Errorf("%s:\nsystemd: %q\nours:    %q", what, systemd, ours)
			return
		}
		agree++
	}

	for _, m := range []Manager{System, User} {
		for _, name := range diffNames {
			if !unitname.Valid(name, unitname.Plain|unitname.Instance) {
				t.Fatalf("test name %q is not a valid unit name", name)
			}
			dir := t.TempDir()
			fragment := name
			if tmpl, err := unitname.TemplateOf(name); err == nil {
				fragment = tmpl
			}
			var unit strings.Builder
			fmt.Fprintf(&unit, "[Unit]\nDescription=%s\n", safeSpecs)
			unit.WriteString("Wants=")
			for _, c := range alnumChars {
				fmt.Fprintf(&unit, "w%%%c.service ", c)
			}
			unit.WriteString("\n[Service]\nExecStart=/bin/true\n")
			env, err := FromHost(m, 252, name)
			if err != nil {
				t.Fatal(err)
			}
			_, jErr := env.Expand("%J", UnitFile.Set(252), MaxLine)
			for i, sp := range strings.Fields(failSpecs) {
				if sp == "%J" && jErr != nil {
					continue // it would abort systemd-analyze; checked below
				}
				fmt.Fprintf(&unit, "Environment=\"F%d=%s\"\n", i, sp)
			}
			unit.WriteString("Environment=")
			for _, c := range alnumChars {
				if c == 'J' && jErr != nil {
					continue
				}
				fmt.Fprintf(&unit, "\"S%c=%%%c\" ", c, c)
			}
			unit.WriteString("\n")
			fpath := filepath.Join(dir, fragment)
			if err := os.WriteFile(fpath, []byte(unit.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			real, err := filepath.EvalSymlinks(fpath)
			if err != nil {
				t.Fatal(err)
			}

			env.FragmentPath = real
			d := runVerify(t, tool, m == User, filepath.Join(dir, name))
			label := fmt.Sprintf("%v %s", m, name)

			want, err := env.Expand(safeSpecs, UnitFile.Set(252), MaxLine)
			if err != nil {
				want = name // the assignment is ignored; Description falls back to the name
			}
			check(label+" Description", want, d.description)

			if errors.Is(jErr, ErrAbort) {
				// the unit with %J alone: systemd must die on its assert
				body := "[Unit]\nDescription=%J\n[Service]\nExecStart=/bin/true\n"
				if err := os.WriteFile(fpath, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				stderr := runVerifyRaw(tool, m == User, filepath.Join(dir, name))
				check(label+" %J aborts", "true", fmt.Sprint(strings.Contains(stderr, "Assertion 'f' failed")))
			}
			for i, sp := range strings.Fields(failSpecs) {
				if sp == "%J" && jErr != nil {
					continue
				}
				ours, err := env.Expand(sp, UnitFile.Set(252), MaxLine)
				if err != nil {
					ours = "<ignored>"
				}
				systemd, ok := d.environment[fmt.Sprintf("F%d", i)]
				if !ok {
					systemd = "<ignored>"
				}
				check(fmt.Sprintf("%s %s", label, sp), ours, systemd)
			}

			// every letter alone: its value, or that it is ignored
			for _, c := range alnumChars {
				if strings.ContainsRune("crR", c) || c == 'J' && jErr != nil {
					continue // cgroup paths are not modelled
				}
				ours, err := env.Expand("%"+string(c), UnitFile.Set(252), MaxLine)
				if err != nil {
					ours = "<ignored>"
				}
				systemd, ok := d.environment["S"+string(c)]
				if !ok {
					systemd = "<ignored>"
				}
				check(fmt.Sprintf("%s S%c=%%%c", label, c, c), ours, systemd)
			}

			// which letters are "Invalid slot", in both contexts
			for _, c := range alnumChars {
				_, err := Scan("%"+string(c), UnitFile.Set(252))
				logged := strings.Contains(d.stderr, fmt.Sprintf("Failed to resolve specifiers in S%c=%%%c, ignoring: Invalid slot", c, c))
				check(fmt.Sprintf("%s unit-file %%%c invalid", label, c), fmt.Sprint(err != nil), fmt.Sprint(logged))

				_, err = Scan("w%"+string(c)+".service", UnitName.Set(252))
				logged = strings.Contains(d.stderr, fmt.Sprintf("Failed to resolve unit specifiers in 'w%%%c.service', ignoring: Invalid slot", c))
				check(fmt.Sprintf("%s unit-name %%%c invalid", label, c), fmt.Sprint(err != nil), fmt.Sprint(logged))
			}
		}
	}
	t.Logf("systemd-analyze verify: %d/%d checks agree (%d names × 2 managers)", agree, total, len(diffNames))
}
