package lint

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/usvc/usvc/unitfile/catalog"
)

var update = flag.Bool("update", false, "rewrite the rule goldens (testdata/rules/*.txtar) and docs/rules.md")

// noGolden are rules whose input cannot sit in a txtar file of sensible
// size (a 1 MiB line, a thousand bad lines). Their Bad and Good examples,
// built in Go, are their tests (TestExamples).
var noGolden = map[string]bool{
	"line-too-long":         true,
	"continuation-too-long": true,
	"too-many-problems":     true,
}

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// TestRuleList checks what every rule must have: a kebab-case name
// unique in All, All sorted, every field documented users read, a golden
// test file, and Run for every rule the framework does not report itself.
func TestRuleList(t *testing.T) {
	if !slices.IsSortedFunc(All, func(a, b *Rule) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("All is not sorted by name")
	}
	seen := map[string]bool{}
	for _, r := range All {
		if seen[r.Name] {
			t.Errorf("rule %s is listed twice", r.Name)
		}
		seen[r.Name] = true
		if !kebab.MatchString(r.Name) {
			t.Errorf("rule name %q is not kebab-case", r.Name)
		}
		if r.Severity < Error || r.Severity > Info {
			t.Errorf("%s: no severity", r.Name)
		}
		if r.Summary == "" || r.Doc == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("%s: Summary, Doc, Bad and Good are required", r.Name)
		}
		if r.Summary != "" && (strings.HasSuffix(r.Summary, ".") || r.Summary != strings.ToLower(r.Summary[:1])+r.Summary[1:]) {
			t.Errorf("%s: the summary starts lower case and has no final period: %q", r.Name, r.Summary)
		}
		if r.Run == nil && r.Name != ruleUnusedSuppression && r.Name != ruleInvalidSuppression {
			t.Errorf("%s: no Run", r.Name)
		}
		if !noGolden[r.Name] {
			if _, err := os.Stat(goldenPath(r.Name)); err != nil {
				t.Errorf("%s: no golden test: %v", r.Name, err)
			}
		}
		file := filepath.Join("rule_" + strings.ReplaceAll(r.Name, "-", "_") + ".go")
		if _, err := os.Stat(file); err != nil {
			t.Errorf("%s: the rule belongs in %s: %v", r.Name, file, err)
		}
	}
}

// exampleSettings lints an example with only rule r, in r's scope.
func exampleSettings(r *Rule, names ...string) *Settings {
	s := Only(append([]string{r.Name}, names...)...)
	s.Scope = r.Scope
	if s.Scope == AnyScope {
		s.Scope = UserScope
	}
	return s
}

// TestExamples checks that every rule's Bad example makes it fire and its
// Good example does not, and that no Good example has an error-level
// finding of any rule (a good example must be a unit that works).
func TestExamples(t *testing.T) {
	for _, r := range All {
		t.Run(r.Name, func(t *testing.T) {
			extra := []string{}
			if r.Name == ruleInvalidSuppression || r.Name == ruleUnusedSuppression {
				extra = append(extra, "missing-equals")
			}
			bad := Lint([]*Input{{Path: r.ExampleName(), Src: []byte(r.BadSource()), Settings: exampleSettings(r, extra...)}})[0]
			if countRule(bad.Diagnostics, r.Name) == 0 {
				t.Errorf("Bad example does not fire %s:\n%s\nfindings: %v", r.Name, r.Bad, bad.Diagnostics)
			}
			good := Lint([]*Input{{Path: r.ExampleName(), Src: []byte(r.Good), Settings: exampleSettings(r, extra...)}})[0]
			if n := countRule(good.Diagnostics, r.Name); n != 0 {
				t.Errorf("Good example fires %s:\n%s\nfindings: %v", r.Name, r.Good, good.Diagnostics)
			}
			all := &Settings{Scope: exampleSettings(r).Scope}
			good = Lint([]*Input{{Path: r.ExampleName(), Src: []byte(r.Good), Settings: all}})[0]
			for _, d := range good.Diagnostics {
				if d.Severity == Error {
					t.Errorf("Good example has an error: %s", d)
				}
			}
		})
	}
}

func countRule(ds []Diagnostic, name string) int {
	n := 0
	for _, d := range ds {
		if d.Rule == name {
			n++
		}
	}
	return n
}

func goldenPath(name string) string { return filepath.Join("testdata", "rules", name+".txtar") }

// testUnits is a search path that holds exactly the listed units.
type testUnits map[string]bool

func (u testUnits) Exists(name string) Answer {
	if u[name] {
		return Yes
	}
	if t := templateOf(name); t != "" && u[t] {
		return Yes
	}
	return No
}

func (u testUnits) Effective(string) (*Unit, bool) { return nil, false }

// goldenConfig reads the settings lines of a golden's comment:
//
//	scope: user|system      the scope of every file (default: from the path, else user)
//	systemd-version: N      the target release
//	units: a.service b.target   a search path holding these units (default: unknown)
//	rules: other-rule ...   rules that run besides the file's own
func goldenConfig(t *testing.T, rule string, comment []byte) *Settings {
	s := Only(rule)
	for _, line := range strings.Split(string(comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "scope":
			switch v {
			case "user":
				s.Scope = UserScope
			case "system":
				s.Scope = SystemScope
			default:
				t.Fatalf("bad scope %q", v)
			}
		case "systemd-version":
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			s.Version = catalog.V(uint16(n))
		case "units":
			u := testUnits{}
			for _, w := range strings.Fields(v) {
				u[w] = true
			}
			s.Units = u
		case "rules":
			for _, w := range strings.Fields(v) {
				if _, ok := Lookup(w); !ok {
					t.Fatalf("unknown rule %q", w)
				}
				s.Enabled[w] = true
			}
		}
	}
	return s
}

// isInput says which files of a golden are linted: all but the expected
// outputs.
func isInput(name string) bool {
	return !strings.HasSuffix(name, ".diag") && !strings.HasSuffix(name, ".fixed")
}

// TestRuleGoldens lints the files of testdata/rules/RULE.txtar together,
// with only RULE on (and the rules the comment names), and compares the
// findings with FILE.diag and what --fix makes of the file with
// FILE.fixed. A missing .diag means no findings; a missing .fixed means
// the fixes leave the file alone. -update rewrites both. Variants with
// other settings go in RULE.VARIANT.txtar.
func TestRuleGoldens(t *testing.T) {
	for _, r := range All {
		if noGolden[r.Name] {
			continue
		}
		paths, _ := filepath.Glob(filepath.Join("testdata", "rules", r.Name+".*.txtar"))
		for _, path := range append([]string{goldenPath(r.Name)}, paths...) {
			t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
				testGolden(t, r, path)
			})
		}
	}
}

func testGolden(t *testing.T, r *Rule, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	settings := goldenConfig(t, r.Name, ar.Comment)
	var inputs []*Input
	for _, f := range ar.Files {
		if isInput(f.Name) {
			inputs = append(inputs, &Input{Path: f.Name, Src: f.Data, Settings: settings})
		}
	}
	if len(inputs) == 0 {
		t.Fatal("no input files")
	}
	linted := Lint(inputs)
	fixed := Fix(inputs)
	want := map[string][]byte{}
	for _, f := range ar.Files {
		want[f.Name] = f.Data
	}
	got := map[string][]byte{}
	fired, didFix := false, false
	for i, res := range linted {
		name := inputs[i].Path
		if res.Err != nil {
			t.Fatalf("%s: %v", name, res.Err)
		}
		var b bytes.Buffer
		for _, d := range res.Diagnostics {
			fmt.Fprintln(&b, d.String())
			if d.Rule == r.Name {
				fired = true
			}
			if d.Fix != nil {
				didFix = true
			}
		}
		if b.Len() > 0 {
			got[name+".diag"] = b.Bytes()
		}
		if fixed[i].Fixed != nil {
			got[name+".fixed"] = fixed[i].Fixed
		}
	}
	main := path == goldenPath(r.Name)
	if main && !fired {
		t.Errorf("no file of the golden makes %s fire", r.Name)
	}
	if main && r.Fix != "" && !didFix {
		t.Errorf("%s says it has a fix, but no finding in the golden carries one", r.Name)
	}
	if r.Fix == "" && didFix {
		t.Errorf("%s attaches fixes but its Fix field does not say what they do", r.Name)
	}
	if *update {
		var files []txtar.File
		for _, f := range ar.Files {
			if isInput(f.Name) {
				files = append(files, f)
				for _, ext := range []string{".diag", ".fixed"} {
					if g, ok := got[f.Name+ext]; ok {
						files = append(files, txtar.File{Name: f.Name + ext, Data: g})
					}
				}
			}
		}
		ar.Files = files
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for name, g := range got {
		if w, ok := want[name]; !ok {
			t.Errorf("%s: missing from the golden; got:\n%s", name, g)
		} else if diff := cmp.Diff(string(w), string(g)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}
	for name, w := range want {
		if !isInput(name) && got[name] == nil {
			t.Errorf("%s: in the golden but not produced; want:\n%s", name, w)
		}
	}
}
