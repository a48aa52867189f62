package lint

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/unitname"
)

// parityInput is a file run through both systemd-analyze verify and Lint.
type parityInput struct {
	label string // what reports name: the corpus path, or archive:file
	group string // files linted together (a txtar archive, the corpus)
	path  string // the path Lint sees
	name  string // base name of the unit file or drop-in
	dir   string // for a drop-in: the NAME.d directory name; "" for a unit
	user  bool   // a user unit: verified with --user, linted as one
	src   []byte
}

// parityExclusions are systemd's line-level messages that are not about
// the file's own content but about the machine verify runs on, each
// with the reason. Lint is hermetic, so it cannot and must not report
// them; the test lists how often each was seen.
var parityExclusions = []struct {
	re  *regexp.Regexp
	why string
}{
	// Nothing so far: every line-level message systemd 252 prints on the
	// corpus and the repository's test files is about the file.
}

// parityFile is the batching of the inputs: units of one name cannot be
// verified in one call, user and system units need separate calls, and a
// drop-in is read when its unit loads, so it gets a stub unit of its own.
func verifyAll(t *testing.T, o *oracle.Oracle, inputs []parityInput) map[string]*oracle.Result {
	t.Helper()
	type batch struct {
		user  bool
		names map[string]bool
		ins   []parityInput
	}
	var batches []*batch
	for _, in := range inputs {
		key, unit := in.name, in.name
		if in.dir != "" {
			key = in.dir + "/" + in.name
			unit = stubUnit(in.dir)
		}
		var b *batch
		for _, c := range batches {
			if c.user == in.user && !c.names[key] && !c.names["unit:"+unit] {
				b = c
				break
			}
		}
		if b == nil {
			b = &batch{user: in.user, names: map[string]bool{}}
			batches = append(batches, b)
		}
		b.names[key] = true
		b.names["unit:"+unit] = true
		b.ins = append(b.ins, in)
	}
	out := map[string]*oracle.Result{}
	for _, b := range batches {
		dir := t.TempDir()
		var units []string
		paths := map[string]string{}
		stubs := map[string]bool{}
		for _, in := range b.ins {
			var p string
			if in.dir == "" {
				p = filepath.Join(dir, in.name)
				units = append(units, p)
			} else {
				stub := stubUnit(in.dir)
				if !stubs[stub] {
					stubs[stub] = true
					sp := filepath.Join(dir, stub)
					if err := os.WriteFile(sp, []byte(stubContent(stub)), 0o644); err != nil {
						t.Fatal(err)
					}
					units = append(units, sp)
				}
				if err := os.MkdirAll(filepath.Join(dir, in.dir), 0o755); err != nil {
					t.Fatal(err)
				}
				p = filepath.Join(dir, in.dir, in.name)
			}
			if err := os.WriteFile(p, in.src, 0o644); err != nil {
				t.Fatal(err)
			}
			paths[p] = in.label
		}
		got := o.Verify(t, dir, units, b.user)
		warnings := verifyRecursive(t, dir, units, b.user)
		for p, label := range paths {
			r := got[p]
			if r == nil || !r.Parsed {
				t.Errorf("%s: systemd-analyze verify did not read it", label)
				continue
			}
			r.Warnings = warnings[p]
			out[label] = r
		}
	}
	return out
}

var verifyLine = regexp.MustCompile(`^(/[^:]*):(\d+): (.*)$`)

// verifyRecursive runs systemd-analyze verify as people run it, with
// --recursive-errors at its default: then systemd also loads the units
// a file depends on, and says when a dependency's name is not a unit
// name ("Failed to add dependency on udev, ignoring: Invalid
// argument"), which it skips with --recursive-errors=no, the oracle's
// setting. It returns the "path:line: text" messages about the files in
// dir, each once.
func verifyRecursive(t *testing.T, dir string, units []string, user bool) map[string][]oracle.Warning {
	t.Helper()
	analyze := testenv.LookPath(t, "systemd-analyze")
	args := []string{"verify", "--man=no"}
	if user {
		args = append([]string{"--user"}, args...)
	}
	cmd := exec.Command(analyze, append(args, units...)...)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=info", "SYSTEMD_LOG_COLOR=0", "XDG_RUNTIME_DIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	_ = cmd.Run() // non-zero whenever a unit has a problem
	dir = filepath.Clean(dir) + string(filepath.Separator)
	out := map[string][]oracle.Warning{}
	seen := map[string]bool{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		m := verifyLine.FindStringSubmatch(line)
		if m == nil || !strings.HasPrefix(m[1], dir) || seen[line] {
			continue
		}
		seen[line] = true
		n, _ := strconv.Atoi(m[2])
		out[m[1]] = append(out[m[1]], oracle.Warning{Line: n, Text: m[3]})
	}
	return out
}

// stubUnit is the unit a drop-in directory applies to: NAME.d -> NAME,
// with an instance for a template and a name for a prefix directory.
func stubUnit(dropinDir string) string {
	name := strings.TrimSuffix(dropinDir, ".d")
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return name
	}
	base, typ := name[:dot], name[dot:]
	if strings.HasSuffix(base, "@") || strings.HasSuffix(base, "-") {
		return base + "stub" + typ
	}
	return name
}

// stubContent is a unit that loads without a word from systemd, so that
// only the drop-in's own messages remain.
func stubContent(unit string) string {
	if strings.HasSuffix(unit, ".service") {
		return "[Service]\nExecStart=/bin/true\n"
	}
	return "[Unit]\nDescription=stub\n"
}

// parityInputs gathers the files: the shared corpus, then the
// repository's test files (testdata/, the rule goldens, the unitfile
// and CLI archives) and every rule's Bad and Good example. skipped says
// why files were left out.
func parityInputs(t *testing.T) (inputs []parityInput, skipped map[string]string) {
	skipped = map[string]string{}
	add := func(in parityInput) {
		base := filepath.Base(in.path)
		in.name = base
		if strings.Contains(base, ":") {
			skipped[in.label] = "a ':' in the name is verify's SOURCE:ALIAS syntax"
			return
		}
		if d := filepath.Base(filepath.Dir(in.path)); strings.HasSuffix(d, ".d") && strings.HasSuffix(base, ".conf") {
			in.dir = d
			unit := strings.TrimSuffix(d, ".d")
			switch {
			case strings.HasSuffix(unit, ".scope"):
				skipped[in.label] = "scope units cannot be loaded from a file, so verify never reads their drop-ins"
				return
			case unit == "-.slice":
				skipped[in.label] = "the root slice -.slice is built in and verify does not load it from a file"
				return
			case unitfile.TypeOf(unit) == "":
				skipped[in.label] = "a type-wide drop-in directory (" + d + ") has no unit of its own to verify with"
				return
			}
			if strings.HasPrefix(base, ".") {
				skipped[in.label] = "systemd skips hidden drop-ins"
				return
			}
		} else if unitfile.TypeOf(base) == "" {
			return // not a unit file
		} else if !unitname.Valid(base, unitname.Plain|unitname.Instance|unitname.Template) {
			skipped[in.label] = "not a valid unit name, so systemd does not load it"
			return
		}
		if strings.HasSuffix(base, ".scope") {
			skipped[in.label] = "scope units cannot be loaded from a file"
			return
		}
		if len(in.src) == 0 {
			skipped[in.label] = "an empty unit file is masked: systemd does not read it"
			return
		}
		inputs = append(inputs, in)
	}
	for _, c := range testenv.Corpus(t) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		add(parityInput{label: c.Rel, group: "corpus", path: c.Rel, user: c.Scope == "user", src: src})
	}
	root := testenv.RepoRoot()
	plain, _ := filepath.Glob(filepath.Join(root, "testdata", "*"))
	for _, p := range plain {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		add(parityInput{label: rel, group: rel, path: filepath.Base(p), user: true, src: src})
	}
	var archives []string
	for _, pat := range []string{"lint/testdata/rules/*.txtar", "unitfile/testdata/*/*.txtar", "cmd/usvc/testdata/script/*.txtar"} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		archives = append(archives, m...)
	}
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, a)
		scope := AnyScope
		for _, line := range strings.Split(string(ar.Comment), "\n") {
			switch strings.TrimSpace(line) {
			case "scope: system":
				scope = SystemScope
			case "scope: user":
				scope = UserScope
			}
		}
		for _, f := range ar.Files {
			if !isInput(f.Name) {
				continue
			}
			s := scope
			if s == AnyScope {
				s = ScopeOf(f.Name)
			}
			add(parityInput{label: rel + ":" + f.Name, group: rel, path: f.Name, user: s != SystemScope, src: f.Data})
		}
	}
	for _, r := range All {
		for kind, src := range map[string]string{"Bad": r.Bad, "Good": r.Good} {
			label := "rule " + r.Name + " " + kind
			add(parityInput{label: label, group: label, path: r.ExampleName(), user: r.Scope != SystemScope, src: []byte(src)})
		}
	}
	return inputs, skipped
}

// lintParity lints each group of inputs together, as systemd 252 in each
// file's scope, and returns the results by label.
func lintParity(inputs []parityInput) map[string]*Result {
	groups := map[string][]int{}
	var order []string
	for i, in := range inputs {
		if _, ok := groups[in.group]; !ok {
			order = append(order, in.group)
		}
		groups[in.group] = append(groups[in.group], i)
	}
	out := map[string]*Result{}
	for _, g := range order {
		var lin []*Input
		for _, i := range groups[g] {
			s := &Settings{Version: catalog.V(252), Scope: SystemScope}
			if inputs[i].user {
				s.Scope = UserScope
			}
			// Suppressions in the test files silence findings on
			// purpose; parity counts what the rules find.
			src := bytes.ReplaceAll(inputs[i].src, []byte("usvc:ignore"), []byte("usvc_ignore"))
			lin = append(lin, &Input{Path: inputs[i].path, Src: src, Settings: s})
		}
		for k, r := range Lint(lin) {
			out[inputs[groups[g][k]].label] = r
		}
	}
	return out
}

// coveredLines are the lines a file's findings cover: each finding's own
// lines, and all the lines of an entry a finding points into (systemd
// names the last line of a continued entry).
func coveredLines(r *Result) map[int][]string {
	lines := map[int][]string{}
	mark := func(from, to int, rule string) {
		for l := from; l <= to; l++ {
			lines[l] = append(lines[l], rule)
		}
	}
	last, tooMany := 0, false
	for _, d := range r.Diagnostics {
		if d.Rule == tooManyProblems.Name {
			tooMany = true
		}
		if !d.Pos.IsValid() {
			continue
		}
		mark(d.Pos.Line, max(d.Pos.Line, d.End.Line), d.Rule)
		last = max(last, d.End.Line)
	}
	if tooMany {
		// The syntax problems past the listed ones are counted by one
		// whole-file too-many-problems finding.
		mark(last+1, strings.Count(string(r.File.Bytes()), "\n")+1, tooManyProblems.Name)
	}
	if r.File == nil {
		return lines
	}
	for _, e := range r.File.Entries() {
		from, to := e.Pos().Line, e.End().Line
		if e.Continued() || to > from {
			for l := from; l <= to; l++ {
				for _, rule := range lines[l] {
					mark(from, to, rule)
				}
			}
		}
	}
	return lines
}

// TestParity runs systemd-analyze verify (--user for user units) over the
// corpus and the repository's test files and checks that for every
// line-level message systemd prints about a file's own content, Lint
// reports a finding on that line, from any rule. Messages about the
// machine rather than the file are named in parityExclusions.
func TestParity(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs systemd-analyze over the corpus")
	}
	o := oracle.New(t)
	inputs, skipped := parityInputs(t)
	verified := verifyAll(t, o, inputs)
	linted := lintParity(inputs)
	total, found := 0, 0
	excluded := make([]int, len(parityExclusions))
	var missed []string
	for _, in := range inputs {
		r := verified[in.label]
		if r == nil {
			continue
		}
		cov := coveredLines(linted[in.label])
	next:
		for _, w := range r.Warnings {
			for i, ex := range parityExclusions {
				if ex.re.MatchString(w.Text) {
					excluded[i]++
					continue next
				}
			}
			total++
			if len(cov[w.Line]) > 0 {
				found++
				continue
			}
			missed = append(missed, fmt.Sprintf("%s:%d: %s", in.label, w.Line, w.Text))
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "parity with systemd-analyze verify (252): %d of %d line-level messages about the files' content found by usvc lint (%.1f%%), over %d files\n",
		found, total, 100*float64(found)/float64(max(total, 1)), len(inputs))
	for i, ex := range parityExclusions {
		fmt.Fprintf(&report, "excluded %d× %q: %s\n", excluded[i], ex.re.String(), ex.why)
	}
	if len(parityExclusions) == 0 {
		report.WriteString("no message excluded\n")
	}
	var sk []string
	for k, v := range skipped {
		sk = append(sk, k+": "+v)
	}
	sort.Strings(sk)
	fmt.Fprintf(&report, "left out %d files:\n  %s", len(sk), strings.Join(sk, "\n  "))
	t.Log(report.String())
	sort.Strings(missed)
	for _, m := range missed {
		t.Errorf("usvc lint reports nothing on the line of: %s", m)
	}
}
