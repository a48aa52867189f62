package value

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The differential tests run systemd 252's own parsers through
// systemd-analyze (timespan, calendar, verify) and compare them with this
// package. They skip where systemd-analyze is missing or is not version
// 252, except under CI=true, where CI installs it and its absence is a
// broken setup.

// analyzeBin finds systemd-analyze 252 or skips the test.
func analyzeBin(t *testing.T) string {
	t.Helper()
	skip := func(msg string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s, and CI=true: CI must provide systemd 252", msg)
		}
		t.Skip(msg)
	}
	bin, err := exec.LookPath("systemd-analyze")
	if err != nil {
		skip("differential test: systemd-analyze not found")
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		skip("differential test: systemd-analyze --version failed: " + err.Error())
	}
	if !bytes.HasPrefix(out, []byte("systemd 252 ")) {
		first, _, _ := strings.Cut(string(out), "\n")
		skip("differential test: need systemd 252, have " + first)
	}
	return bin
}

// oracleSafe reports whether s can be passed through systemd-analyze and
// read back line by line: no NUL (argv), no line break (the table output).
func oracleSafe(s string) bool {
	return !strings.ContainsAny(s, "\x00\n\r")
}

// timespanResult is what systemd-analyze timespan said about one input.
type timespanResult struct {
	ok    bool
	usec  string // the "μs:" line
	human string // the "Human:" line, format_timespan(usec, 0)
}

// analyzeTimespans runs systemd-analyze timespan over inputs. The verb
// stops at the first input it cannot parse, so it is run again from the
// next one: one process per invalid input, plus one.
func analyzeTimespans(t *testing.T, bin string, inputs []string) []timespanResult {
	t.Helper()
	res := make([]timespanResult, 0, len(inputs))
	for len(res) < len(inputs) {
		rest := inputs[len(res):]
		if len(rest) > 300 {
			rest = rest[:300]
		}
		cmd := exec.Command(bin, append([]string{"timespan", "--"}, rest...)...)
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "SYSTEMD_COLORS=0", "TZ=UTC")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("running systemd-analyze timespan: %v", err)
		}
		blocks := splitBlocks(string(out))
		// after the last good input comes the separator line for the bad one
		if err != nil && len(blocks) > 0 && len(blocks[len(blocks)-1]) == 0 {
			blocks = blocks[:len(blocks)-1]
		}
		for _, b := range blocks {
			if len(b) != 3 {
				t.Fatalf("systemd-analyze timespan printed an unexpected block %q", b)
			}
			res = append(res, timespanResult{ok: true, usec: field(b[1]), human: field(b[2])})
		}
		if err != nil {
			if !strings.Contains(stderr.String(), "Failed to parse time span") {
				t.Fatalf("systemd-analyze timespan failed for an unexpected reason: %s", stderr.String())
			}
			res = append(res, timespanResult{ok: false})
		} else if len(blocks) != len(rest) {
			t.Fatalf("systemd-analyze timespan printed %d blocks for %d inputs", len(blocks), len(rest))
		}
	}
	return res
}

// splitBlocks splits table output into the blank-line separated blocks
// systemd-analyze prints, one per argument.
func splitBlocks(out string) [][]string {
	var blocks [][]string
	var cur []string
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		return nil
	}
	for _, l := range lines {
		if l == "" {
			blocks = append(blocks, cur)
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	return append(blocks, cur)
}

// field is the value of a "Name: value" table line.
func field(line string) string {
	_, v, _ := strings.Cut(line, ": ")
	return strings.TrimSpace(v)
}

// calendarResult is what systemd-analyze calendar said about one input.
type calendarResult struct {
	ok         bool
	normalized string
}

// analyzeCalendars runs systemd-analyze calendar --iterations=0 over
// inputs with the environment env added (TZ). The verb goes on after an
// input it cannot parse and prints an empty block for it.
func analyzeCalendars(t *testing.T, bin string, env []string, inputs []string) []calendarResult {
	t.Helper()
	var res []calendarResult
	for start := 0; start < len(inputs); start += 300 {
		chunk := inputs[start:min(start+300, len(inputs))]
		cmd := exec.Command(bin, append([]string{"calendar", "--iterations=0", "--"}, chunk...)...)
		cmd.Env = append(append(os.Environ(), "LC_ALL=C.UTF-8", "SYSTEMD_COLORS=0"), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("running systemd-analyze calendar: %v", err)
		}
		blocks := splitBlocks(string(out))
		if len(blocks) != len(chunk) {
			t.Fatalf("systemd-analyze calendar printed %d blocks for %d inputs:\n%s\n%s", len(blocks), len(chunk), out, stderr.String())
		}
		for i, b := range blocks {
			r := calendarResult{}
			for _, l := range b {
				if strings.HasPrefix(strings.TrimSpace(l), "Normalized form:") {
					r = calendarResult{ok: true, normalized: field(l)}
				}
			}
			if len(b) > 0 && !r.ok {
				t.Fatalf("no normalized form for %q in %q", chunk[i], b)
			}
			res = append(res, r)
		}
	}
	return res
}

// verifyLines writes a unit named name made of head and then one
// KEY=VALUE line per assignment, runs systemd-analyze verify on it and
// returns, for each assignment, the message systemd logged for its line,
// or "".
func verifyLines(t *testing.T, bin, name, head string, assignments [][2]string) []string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(head)
	first := strings.Count(b.String(), "\n") + 1
	for _, a := range assignments {
		if !oracleSafe(a[1]) || strings.HasSuffix(a[1], "\\") || strings.TrimSpace(a[1]) != a[1] {
			t.Fatalf("value %q cannot be written to a unit file unchanged", a[1])
		}
		b.WriteString(a[0] + "=" + a[1] + "\n")
	}
	path := dir + "/" + name
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "verify", "--man=no", path)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "SYSTEMD_COLORS=0", "SYSTEMD_LOG_COLOR=0", "TZ=UTC")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	_ = cmd.Run() // a non-zero exit is expected when warnings are logged
	msgs := make([]string, len(assignments))
	prefix := path + ":"
	for _, l := range strings.Split(out.String(), "\n") {
		rest, ok := strings.CutPrefix(l, prefix)
		if !ok {
			continue
		}
		num, msg, ok := strings.Cut(rest, ": ")
		if !ok {
			continue
		}
		n := 0
		for _, c := range num {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if i := n - first; n > 0 && i >= 0 && i < len(assignments) {
			msgs[i] = msg
		}
	}
	return msgs
}
