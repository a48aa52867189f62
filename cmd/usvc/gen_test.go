package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// usvc-esc runs usvc with Go escapes (\n, \t, \x1b, \u2028...) in its
// arguments decoded, so that scripts can pass values with control
// characters, which a script line cannot hold.
func init() {
	scriptCommands["usvc-esc"] = func() {
		args := os.Args[1:]
		for i, a := range args {
			if u, err := strconv.Unquote(`"` + a + `"`); err == nil {
				args[i] = u
			}
		}
		os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
	}
}

// TestGenExitCodes pins the exit status of usvc gen: 0 when the units are
// printed or written, 2 for anything wrong with the command line or its
// values (including refusals and an existing file), 3 when writing fails.
func TestGenExitCodes(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "pair", "t.timer"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"gen", "service", "a", "--", "/usr/bin/true"}, exitOK},
		{[]string{"gen", "timer", "a", "--on-calendar", "daily", "--", "/usr/bin/true"}, exitOK},
		{[]string{"gen", "service", "a", "-o", dir, "--", "/usr/bin/true"}, exitOK},
		{[]string{"gen", "service", "a", "-o", dir, "--", "/usr/bin/true"}, exitUsage}, // exists
		{[]string{"gen", "service", "a", "-o", dir, "--force", "--", "/usr/bin/true"}, exitOK},
		{[]string{"gen"}, exitUsage},
		{[]string{"gen", "service", "a", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "service", "a", "--bogus", "--", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "service", "a", "--after", "network.target", "--", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "service", "a", "--set", "Service.ExecStrat=x", "--", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "timer", "a", "--on-calendar", "dialy", "--", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "service", "a", "--description", "a\nb", "--", "/usr/bin/true"}, exitUsage},
		{[]string{"gen", "service", "a", "-o", filepath.Join(notDir, "sub"), "--", "/usr/bin/true"}, exitFailure},
		{[]string{"gen", "timer", "t", "-o", filepath.Join(dir, "pair"), "--force", "--on-calendar", "daily", "--", "/usr/bin/true"}, exitFailure},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		if got := run(tc.args, strings.NewReader(""), &out, &errb); got != tc.code {
			t.Errorf("usvc %q: exit %d, want %d\nstderr: %s", tc.args, got, tc.code, errb.String())
		}
	}
	// The failed pair left nothing behind.
	if _, err := os.Stat(filepath.Join(dir, "pair", "t.service")); err == nil {
		t.Error("a failed timer write left t.service behind")
	}
}

// TestLookPath: commands are found in the PATH the command's environment
// gives, never through a relative PATH entry, and only as executable
// regular files.
func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	for name, mode := range map[string]os.FileMode{"run": 0o755, "data": 0o644} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	look := lookPath(func(k string) string {
		if k == "PATH" {
			return "relative" + string(filepath.ListSeparator) + dir
		}
		return ""
	})
	if p, err := look("run"); err != nil || p != filepath.Join(dir, "run") {
		t.Errorf("lookPath(run) = %q, %v", p, err)
	}
	for _, n := range []string{"data", "sub", "missing"} {
		if p, err := look(n); err == nil {
			t.Errorf("lookPath(%s) = %q, want an error", n, p)
		}
	}
}
