package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

// generated is a unit gen made in the tests, with the argv its ExecStart=
// must run ("" argv for a timer).
type generated struct {
	label   string
	file    *unitfile.File
	argv    []string
	systemd catalog.Version // the release it was generated for
}

// verifyRandomCases is how many random units go through systemd-analyze,
// on top of every table case.
const verifyRandomCases = 3000

// generatedUnits makes every unit of the table tests and verifyRandomCases
// random ones, for a user whose home is home. Their commands are system
// binaries, bare names systemd finds in its PATH, or files under home
// (see makeCommands).
func generatedUnits(t *testing.T, home string) []generated {
	t.Helper()
	var out []generated
	resolved := func(o Options) []string {
		argv := slices.Clone(o.ExecStart)
		if p, err := fakeLookPath(argv[0]); err == nil && !o.NoResolve {
			argv[0] = p
		}
		return argv
	}
	for _, tc := range serviceCases {
		o := tc.opts(home)
		o.LookPath = fakeLookPath
		f, err := Service(o)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		out = append(out, generated{"table " + tc.name, f, resolved(o), version(o)})
	}
	for _, tc := range timerCases {
		o, to := tc.opts(home)
		o.LookPath = fakeLookPath
		timer, service, err := Timer(o, to)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		out = append(out, generated{"table " + tc.name, timer, nil, version(o)}, generated{"table " + tc.name, service, resolved(o), version(o)})
	}
	r := rand.New(rand.NewPCG(7, 252))
	for i := 0; len(out) < verifyRandomCases+len(serviceCases)+2*len(timerCases); i++ {
		c := randomCase(r, i, home, true)
		if c.refuse != "" {
			continue
		}
		f, err := Service(c.opts)
		if err != nil {
			t.Fatalf("random %d: %v", i, err)
		}
		out = append(out, generated{fmt.Sprintf("random %d", i), f, c.argv, version(c.opts)})
	}
	return out
}

// makeCommands creates the programs under home that the generated units
// run, so that systemd-analyze finds them executable.
func makeCommands(t *testing.T, home string) {
	t.Helper()
	for _, p := range []string{"bin/app", "bin/my app", "my app/run", "bin/ünï"} {
		p = filepath.Join(home, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAgainstSystemd writes every unit the tests generate, table cases and
// random ones, and has systemd 252 read them (systemd-analyze --user
// verify, under the lexical shim that records what its parser does):
// each must load with no warning at all, systemd's lexer must see exactly
// the lines gen wrote, and the argv systemd builds from ExecStart= (with
// %h expanded to the home directory, and after the run-time "$"
// expansion) must be the one asked for.
func TestAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	base := t.TempDir()
	home := filepath.Join(base, "home")
	if !usableHome(home) {
		t.Skipf("the temporary directory %s cannot stand for %%h", home)
	}
	makeCommands(t, home)
	// The user manager's %h is $HOME; verify runs with this environment.
	t.Setenv("HOME", home)
	units := generatedUnits(t, home)
	// Batches of 500 units, each in a directory of its own: verify reads
	// the names of every file in the directories of the units it is given.
	const batch = 500
	paths := make([]string, len(units))
	res := map[string]*oracle.Result{}
	for i := 0; i < len(units); i += batch {
		dir := filepath.Join(base, fmt.Sprintf("units%d", i/batch))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// Units the table cases depend on (Requires= on a missing unit
		// fails the start job verify builds).
		if err := os.WriteFile(filepath.Join(dir, "other.service"), []byte("[Service]\nExecStart=/usr/bin/true\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for j := i; j < min(i+batch, len(units)); j++ {
			paths[j] = filepath.Join(dir, units[j].file.Name)
			if err := os.WriteFile(paths[j], units[j].file.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for k, v := range o.Verify(t, dir, paths[i:min(i+batch, len(units))], true) {
			res[k] = v
		}
	}
	clean, hostState := 0, 0
	for i, g := range units {
		r := res[paths[i]]
		if r == nil || !r.Parsed {
			t.Errorf("%s (%s): systemd did not read it", g.file.Name, g.label)
			continue
		}
		ok := true
		var want []oracle.Assignment
		for s, e := range g.file.Entries() {
			want = append(want, oracle.Assignment{Section: s.Name(), Key: e.Key(), Value: e.Value()})
		}
		var got []oracle.Assignment
		for _, a := range r.Assignments {
			got = append(got, oracle.Assignment{Section: a.Section, Key: a.Key, Value: a.Value})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (%s): systemd reads other lines (-gen +systemd):\n%s", g.file.Name, g.label, diff)
			ok = false
		}
		var msgs []string
		for _, w := range r.Warnings {
			msgs = append(msgs, fmt.Sprintf("line %d: %s", w.Line, w.Text))
		}
		for _, m := range r.UnitMessages {
			// A system binary missing on this host is the host's state,
			// not a fault of the unit.
			if cmd, found := strings.CutPrefix(m, "Command "); found {
				if p, _, _ := strings.Cut(cmd, " is not executable"); !strings.HasPrefix(p, home) {
					if _, err := os.Stat(p); err != nil {
						hostState++
						continue
					}
				}
			}
			msgs = append(msgs, m)
		}
		if len(msgs) != 0 || r.Ret < 0 {
			t.Errorf("%s (%s): systemd-analyze verify says (ret %d):\n%s\n%s", g.file.Name, g.label, r.Ret, strings.Join(msgs, "\n"), g.file.Bytes())
			ok = false
		}
		if g.argv != nil {
			var starts []oracle.Exec
			for _, x := range r.Execs {
				if x.Key == "ExecStart" {
					starts = append(starts, x)
				}
			}
			if len(starts) != 1 {
				t.Errorf("%s (%s): systemd built %d ExecStart commands", g.file.Name, g.label, len(starts))
				continue
			}
			x := starts[0]
			if got := words.ExpandArgv(x.Argv, nil); !slices.Equal(got, g.argv) {
				t.Errorf("%s (%s): systemd runs %q, want %q\n%s", g.file.Name, g.label, got, g.argv, g.file.Bytes())
				ok = false
			}
			if x.Path != words.PathSimplify(g.argv[0]) {
				t.Errorf("%s (%s): systemd runs path %q, want %q", g.file.Name, g.label, x.Path, g.argv[0])
				ok = false
			}
		}
		if ok {
			clean++
		}
	}
	t.Logf("systemd 252 read %d of %d generated units exactly as intended, with no warning (%d missing system binaries left aside)",
		clean, len(units), hostState)
}
