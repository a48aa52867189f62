package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/readfiles"
	"github.com/usvc/usvc/lint"
)

// TestLintDirOrder: the files of a directory are read all at once, in
// parallel, yet the findings and the messages about files that could not
// be read come in walk order, as when each file was read when found.
func TestLintDirOrder(t *testing.T) {
	t.Chdir(t.TempDir())
	const unit = "[Service]\nExecStart=/usr/bin/app # x\n"
	var walk []string // the lintable files and the unreadable directory, in walk order
	add := func(name string) {
		t.Helper()
		p := filepath.Join("units", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
		walk = append(walk, p)
	}
	for i := range 20 {
		add(fmt.Sprintf("a%02d.service", i))
	}
	add("b.service.d/other.conf")
	add("b.service.d/override.conf")
	for i := range 10 {
		add(fmt.Sprintf("c/d%02d.service", i))
	}
	add("e.service")
	// Root reads any directory: only others can see the walk's own errors.
	locked := filepath.Join("units", "m-locked")
	if os.Geteuid() != 0 && runtime.GOOS != "windows" {
		if err := os.Mkdir(locked, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(locked, 0o755) })
		walk = append(walk, locked)
	}
	add("z.service")
	// Not linted: not a unit name, a link.
	if err := os.WriteFile(filepath.Join("units", "README.md"), []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}

	// Some files disappear between the walk and the read: their errors
	// must keep their place.
	gone := map[string]bool{}
	for i, p := range walk {
		if i%7 == 3 && p != locked {
			gone[p] = true
		}
	}
	old := readFiles
	t.Cleanup(func() { readFiles = old })
	var read []string
	readFiles = func(paths []string) ([]string, []error) {
		read = append(read, paths...)
		for p := range gone {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		return readfiles.ReadRegular(paths)
	}

	var stdout, stderr strings.Builder
	code := run([]string{"lint", "--no-config", "--no-search-path", "--format", "json", "units"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFailure {
		t.Errorf("exit %d, want %d\nstderr:\n%s", code, exitFailure, stderr.String())
	}
	var wantErrs, wantFiles, wantRead []string
	for _, p := range walk {
		switch {
		case p == locked:
			wantErrs = append(wantErrs, "usvc: "+p+": permission denied")
			continue
		case gone[p]:
			wantErrs = append(wantErrs, "usvc: "+p+": no such file or directory")
		default:
			wantFiles = append(wantFiles, p)
		}
		wantRead = append(wantRead, p)
	}
	if diff := cmp.Diff(wantRead, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantErrs, strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
	var findings []struct{ File string }
	if err := json.Unmarshal([]byte(stdout.String()), &findings); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	var files []string
	for _, f := range findings {
		if len(files) == 0 || files[len(files)-1] != f.File {
			files = append(files, f.File)
		}
	}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("files with findings, in output order (-want +got):\n%s", diff)
	}
}

// TestLintDirSettings: the files of a directory share one search for the
// configuration and, without [scope] patterns, one Settings; every file
// must still get what a run of its own gives it.
func TestLintDirSettings(t *testing.T) {
	t.Chdir(t.TempDir())
	files := map[string]string{
		"repo/.git/HEAD":                         "",
		"repo/.usvc.toml":                        "systemd-version = 252\ndisable = [\"memory-max\"]\n[severity]\ninline-comment = \"info\"\n[scope]\n\"units/system/**\" = \"system\"\n\"late.service\" = \"user\"\n",
		"repo/units/app.service":                 "[Service]\nExecStart=/a\n",
		"repo/units/late.service":                "[Service]\nExecStart=/a\n",
		"repo/units/system/sys.service":          "[Service]\nExecStart=/a\n",
		"repo/units/system/late.service":         "[Service]\nExecStart=/a\n",
		"repo/near/.usvc.toml":                   "systemd-version = \"252.5\"\nenable = [\"all\"]\n",
		"repo/near/a.service":                    "[Service]\nExecStart=/a\n",
		"repo/near/b.timer":                      "[Timer]\nOnCalendar=daily\n",
		"repo/near/a.service.d/override.conf":    "[Service]\nNice=1\n",
		"repo/near/lib/systemd/system/s.service": "[Service]\nExecStart=/a\n",
		"repo/near/lib/systemd/user/u.service":   "[Service]\nExecStart=/a\n",
		"repo/plain/systemd/user/p.service":      "[Service]\nExecStart=/a\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Remove the plain/ config search's dependence on this machine's
	// user configuration.
	getenv := func(k string) string {
		switch k {
		case "HOME":
			return filepath.Join(".", "repo")
		case "XDG_CONFIG_HOME":
			return ""
		}
		return os.Getenv(k)
	}
	// view is what the rules see of Settings; Units is the directory
	// whose files are siblings and what it asks next.
	type view struct {
		Version  string
		Scope    lint.Scope
		Enabled  map[string]bool
		Severity map[string]lint.Severity
		Units    string
	}
	viewOf := func(s *lint.Settings) view {
		v := view{Version: s.Version.String(), Scope: s.Scope, Enabled: s.Enabled, Severity: s.Severity}
		if su, ok := s.Units.(*siblingUnits); ok {
			v.Units = fmt.Sprintf("siblings in %s, then %T", su.dir, su.next)
		} else {
			v.Units = fmt.Sprintf("%T", s.Units)
		}
		return v
	}
	newRun := func(fl lintFlags) *lintRun {
		e := &env{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{}, getenv: getenv}
		r := &lintRun{e: e, fl: &fl, configs: map[string]*lint.Config{}, loaders: map[lint.Scope]lint.Units{},
			found: map[string]string{}, dirSettings: map[string]*lint.Settings{}}
		if err := r.checkFlags([]string{"repo"}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	old := findConfig
	t.Cleanup(func() { findConfig = old })
	searches := map[string]int{}
	findConfig = func(dir string, getenv func(string) string) string {
		searches[dir]++
		return old(dir, getenv)
	}
	for _, tc := range []struct {
		name     string
		fl       lintFlags
		useUnits bool
	}{
		{name: "configuration found", fl: lintFlags{failOn: "warning", color: "never"}},
		{name: "no configuration", fl: lintFlags{failOn: "warning", color: "never", noConfig: true}},
		{name: "--config", fl: lintFlags{failOn: "warning", color: "never", config: "repo/near/.usvc.toml"}},
		{name: "--system and flags", fl: lintFlags{failOn: "warning", color: "never", system: true, disable: []string{"inline-comment"}, systemdVersion: "250"}},
		{name: "--user, search path", fl: lintFlags{failOn: "warning", color: "never", user: true}, useUnits: true},
		{name: "search path", fl: lintFlags{failOn: "warning", color: "never"}, useUnits: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRun(tc.fl)
			r.useUnits = tc.useUnits
			clear(searches)
			ins, err := r.collect("repo")
			if err != nil {
				t.Fatal(err)
			}
			if len(ins) != 10 {
				t.Errorf("%d files linted, want 10", len(ins))
			}
			// One search per directory, and one Settings per directory
			// unless [scope] patterns apply (repo/.usvc.toml has some).
			perDir := map[string]*lint.Settings{}
			for _, in := range ins {
				dir := filepath.Dir(in.Path)
				if n := searches[dir]; tc.fl.config == "" && !tc.fl.noConfig && n != 1 {
					t.Errorf("%s: %d searches for the configuration, want 1", dir, n)
				}
				patterns := tc.fl.config == "" && !tc.fl.noConfig && !strings.HasPrefix(dir, filepath.Join("repo", "near"))
				if s, ok := perDir[dir]; ok && !patterns && s != in.Settings {
					t.Errorf("%s: files of %s do not share their settings", in.Path, dir)
				}
				perDir[dir] = in.Settings
			}
			clear(searches)
			for _, in := range ins {
				// A run of its own: nothing cached from other files.
				alone := newRun(tc.fl)
				alone.useUnits = tc.useUnits
				want, err := alone.settings(in.Path)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(viewOf(want), viewOf(in.Settings)); diff != "" {
					t.Errorf("%s: settings (-alone +in the directory):\n%s", in.Path, diff)
				}
			}
		})
	}
}
