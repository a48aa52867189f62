// Package oracle asks the installed systemd what it read from unit files,
// for differential tests. It runs `systemd-analyze verify` twice: once
// under the lexical shim from ../shared/oracle (every assignment systemd's
// lexer hands to a per-key parser, with file, line, section, key and
// value, plus the argv of every Exec command built), and once plain, for
// systemd's own warnings ("path:line: text").
package oracle

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// Assignment is an A record: one assignment as systemd's lexer produced it.
type Assignment struct {
	Line                int
	Section, Key, Value string
	Known               string // known, noparser or unknown
}

// Exec is an X record: one command built from an Exec*= line.
type Exec struct {
	Line  int
	Key   string
	Flags int
	Path  string
	Argv  []string
}

// Warning is a line systemd logged about a file: "path:line: text".
type Warning struct {
	Line int
	Text string
}

// Result is what systemd read from one file.
type Result struct {
	Assignments []Assignment
	Execs       []Exec
	Resets      []int // lines of Z records (an Exec list reset)
	Ret         int   // config_parse()'s result; < 0: the file was aborted
	Parsed      bool  // an F record was seen: systemd opened and parsed it
	Warnings    []Warning
	// UnitMessages are the lines verify logged about the unit named like
	// this file, without a line number ("NAME: text" with NAME dropped).
	UnitMessages []string
}

// FatalSetting reports whether systemd refused the unit for a fatal error
// in a per-key parser ("Unit configuration has fatal error"): it stops
// reading the file at that assignment, which is no syntax error.
func (r *Result) FatalSetting() bool {
	for _, m := range r.UnitMessages {
		if strings.HasPrefix(m, "Unit configuration has fatal error") {
			return true
		}
	}
	return false
}

// Oracle runs systemd-analyze with and without the lexical shim.
type Oracle struct {
	analyze, shim string
}

// New builds the shim and finds systemd-analyze, or skips the test
// (fails it under CI=true) where either is missing.
func New(t testing.TB) *Oracle {
	t.Helper()
	analyze := testenv.LookPath(t, "systemd-analyze")
	cc := testenv.LookPath(t, "gcc")
	src := filepath.Join(testenv.SharedDir(t), "oracle", "lexshim.c")
	if _, err := os.Stat(src); err != nil {
		testenv.Missing(t, "../shared/oracle/lexshim.c")
	}
	shim := filepath.Join(t.TempDir(), "lexshim.so")
	if out, err := exec.Command(cc, "-Wall", "-shared", "-fPIC", "-O2", "-o", shim, src, "-ldl").CombinedOutput(); err != nil {
		t.Fatalf("building the lexical shim: %v\n%s", err, out)
	}
	return &Oracle{analyze: analyze, shim: shim}
}

var (
	warnRE = regexp.MustCompile(`^(/[^:]*):(\d+): (.*)$`)
	unitRE = regexp.MustCompile(`^([^/: ][^/: ]*): (.*)$`)
)

// Verify runs `systemd-analyze [--user] verify` on the unit files (paths
// inside dir) and returns what systemd read from each file in dir, by
// path. Files outside dir that systemd loaded on the way are left out.
func (o *Oracle) Verify(t testing.TB, dir string, units []string, user bool) map[string]*Result {
	t.Helper()
	tmp := t.TempDir()
	args := []string{"verify", "--man=no", "--recursive-errors=no"}
	if user {
		args = append([]string{"--user"}, args...)
	}
	args = append(args, units...)
	env := append(os.Environ(), "SYSTEMD_LOG_LEVEL=info", "SYSTEMD_LOG_COLOR=0", "XDG_RUNTIME_DIR="+tmp)
	dir = filepath.Clean(dir) + string(filepath.Separator)
	res := map[string]*Result{}
	get := func(path string) *Result {
		r := res[path]
		if r == nil {
			r = &Result{}
			res[path] = r
		}
		return r
	}

	lexOut := filepath.Join(tmp, "lex.tsv")
	cmd := exec.Command(o.analyze, args...)
	cmd.Env = append(env, "LD_PRELOAD="+o.shim, "LEXSHIM_OUT="+lexOut, "LEXSHIM_ALL=1", "LEXSHIM_ALLSECTIONS=1")
	_ = cmd.Run() // verify exits non-zero whenever a unit has a problem
	data, err := os.ReadFile(lexOut)
	if err != nil {
		t.Fatalf("systemd-analyze under the shim wrote no records: %v", err)
	}
	// A template may be parsed once per instance verify loads: keep the
	// records of the first parse of each file.
	parses := map[string]int{}
	for _, line := range strings.Split(string(data), "\n") {
		c := strings.Split(line, "\t")
		if len(c) < 2 {
			continue
		}
		c[1] = unesc(c[1])
		if !strings.HasPrefix(c[1], dir) {
			continue
		}
		if c[0] == "F" {
			parses[c[1]]++
		}
		if parses[c[1]] > 1 {
			continue
		}
		r := get(c[1])
		switch c[0] {
		case "F":
			r.Parsed = true
		case "A":
			if len(c) >= 7 {
				n, _ := strconv.Atoi(c[2])
				r.Assignments = append(r.Assignments, Assignment{Line: n, Section: unesc(c[3]), Key: unesc(c[4]), Value: unesc(c[5]), Known: c[6]})
			}
		case "X":
			if len(c) >= 6 {
				n, _ := strconv.Atoi(c[2])
				fl, _ := strconv.Atoi(c[4])
				x := Exec{Line: n, Key: c[3], Flags: fl, Path: unesc(c[5])}
				for _, a := range c[6:] {
					x.Argv = append(x.Argv, unesc(a))
				}
				r.Execs = append(r.Execs, x)
			}
		case "Z":
			if len(c) >= 3 {
				n, _ := strconv.Atoi(c[2])
				r.Resets = append(r.Resets, n)
			}
		case "R":
			if len(c) >= 3 {
				r.Ret, _ = strconv.Atoi(c[2])
			}
		}
	}

	var stderr bytes.Buffer
	cmd = exec.Command(o.analyze, args...)
	cmd.Env = env
	cmd.Stderr = &stderr
	_ = cmd.Run()
	sc := bufio.NewScanner(&stderr)
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	seen := map[string]map[Warning]bool{} // a template parsed twice warns twice
	for sc.Scan() {
		if u := unitRE.FindStringSubmatch(sc.Text()); u != nil {
			if r := res[filepath.Join(dir, u[1])]; r != nil {
				r.UnitMessages = append(r.UnitMessages, u[2])
			}
			continue
		}
		m := warnRE.FindStringSubmatch(sc.Text())
		if m == nil || !strings.HasPrefix(m[1], dir) {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		r := get(m[1])
		w := Warning{Line: n, Text: m[3]}
		if !seen[m[1]][w] {
			if seen[m[1]] == nil {
				seen[m[1]] = map[Warning]bool{}
			}
			seen[m[1]][w] = true
			r.Warnings = append(r.Warnings, w)
		}
	}
	return res
}

// unesc undoes the shim's escaping: \xHH and \\.
func unesc(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if s[i+1] == '\\' {
				b.WriteByte('\\')
				i++
				continue
			}
			if s[i+1] == 'x' && i+3 < len(s) {
				if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
					b.WriteByte(byte(v))
					i += 3
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
