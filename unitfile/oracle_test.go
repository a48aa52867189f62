package unitfile

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
)

// syntaxMessages are the beginnings of systemd's syntax-level messages:
// those the lexer itself logs, which Parse must report on the same line
// with the same text.
var syntaxMessages = []string{
	"Assignment outside of section.",
	"Missing '='",
	"Missing key name before '='",
	"Unknown section '",
	"Invalid section header '",
	"Bad characters in section header '",
	"String is not UTF-8 clean",
}

func isSyntaxMessage(s string) bool {
	for _, p := range syntaxMessages {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// oracleInput is a file to run through systemd: its bytes, and the name
// and place it must have there.
type oracleInput struct {
	label string // what a failure names
	name  string // base name of the unit file or drop-in
	dir   string // for a drop-in: the NAME.d directory name; "" for a unit
	src   []byte
}

// diffAgainstSystemd runs the inputs through systemd-analyze verify under
// the lexical shim and compares, file by file, the assignments and the
// syntax warnings with Parse's. It returns how many files were compared
// and how many stopped in a per-key parser.
func diffAgainstSystemd(t *testing.T, o *oracle.Oracle, inputs []oracleInput) (compared, perKeyStops int) {
	t.Helper()
	// Units of the same name cannot be verified in one call: put them in
	// batches of distinct names.
	var batches [][]oracleInput
	for _, in := range inputs {
		key := in.name + "|" + in.dir
		placed := false
		for i := range batches {
			clash := false
			for _, b := range batches[i] {
				if b.name+"|"+b.dir == key || (in.dir != "" && b.dir == "" && b.name == strings.TrimSuffix(in.dir, ".d")) {
					clash = true
					break
				}
			}
			if !clash {
				batches[i] = append(batches[i], in)
				placed = true
				break
			}
		}
		if !placed {
			batches = append(batches, []oracleInput{in})
		}
	}
	for bi, batch := range batches {
		dir := t.TempDir()
		var units []string
		paths := map[string]oracleInput{}
		stubs := map[string]bool{}
		for _, in := range batch {
			var p string
			if in.dir == "" {
				p = filepath.Join(dir, in.name)
				units = append(units, p)
			} else {
				// A drop-in is read when its unit loads: give it a stub
				// unit of its own.
				stub := stubFor(in.dir)
				if !stubs[stub] {
					stubs[stub] = true
					sp := filepath.Join(dir, stub)
					if err := os.WriteFile(sp, []byte("[Unit]\nDescription=stub\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					units = append(units, sp)
				}
				if err := os.MkdirAll(filepath.Join(dir, stubDropinDir(in.dir)), 0o755); err != nil {
					t.Fatal(err)
				}
				p = filepath.Join(dir, stubDropinDir(in.dir), in.name)
			}
			if err := os.WriteFile(p, in.src, 0o644); err != nil {
				t.Fatal(err)
			}
			paths[p] = in
		}
		got := o.Verify(t, dir, units, false)
		for p, in := range paths {
			r := got[p]
			if r == nil || !r.Parsed {
				t.Errorf("%s: systemd did not parse it (batch %d)", in.label, bi)
				continue
			}
			compared++
			if compareWithSystemd(t, in, r) {
				perKeyStops++
			}
		}
	}
	return compared, perKeyStops
}

// stubFor is the unit a drop-in directory applies to: NAME.d -> NAME, with
// an instance for a template and a name for a prefix directory.
func stubFor(dropinDir string) string {
	name := strings.TrimSuffix(dropinDir, ".d")
	typ := typeSuffix(name)
	base := strings.TrimSuffix(name, "."+typ)
	switch {
	case strings.HasSuffix(base, "@"):
		return base + "stub." + typ
	case strings.HasSuffix(base, "-"):
		return base + "stub." + typ
	}
	return name
}

func stubDropinDir(dropinDir string) string { return dropinDir }

// compareWithSystemd reports whether systemd stopped in a per-key parser
// (a fatal value error the lexer cannot know about).
func compareWithSystemd(t *testing.T, in oracleInput, r *oracle.Result) bool {
	t.Helper()
	f, err := Parse(in.name, in.src)
	if in.dir != "" {
		f, err = Parse(filepath.Join(in.dir, in.name), in.src)
	}
	if err != nil {
		t.Errorf("%s: %v", in.label, err)
		return false
	}
	type asg struct {
		Line                int
		Section, Key, Value string
	}
	var theirs, ours []asg
	last := 0
	for _, a := range r.Assignments {
		if a.Section == "(null)" {
			continue // before any header; the shim's NULL section list lets these through
		}
		theirs = append(theirs, asg{a.Line, a.Section, a.Key, a.Value})
		last = a.Line
	}
	fatal := f.Fatal()
	// systemd also stops at a fatal error of a per-key parser (an Exec
	// line it cannot use, say), which the lexer cannot know about: then
	// it has read up to the last assignment recorded. A drop-in says
	// nothing when that happens; a unit says "Unit configuration has
	// fatal error".
	perKey := r.Ret < 0 && (r.FatalSetting() || in.dir != "") && (fatal == nil || fatal.Line > last)
	if r.Ret < 0 && fatal == nil && !perKey {
		t.Errorf("%s: systemd aborted the file (%d); Parse found nothing fatal", in.label, r.Ret)
	}
	if r.Ret >= 0 && fatal != nil {
		t.Errorf("%s: Parse says systemd stops at line %d (%s); systemd read the whole file", in.label, fatal.Line, fatal.Message)
	}
	for s, e := range f.Entries() {
		if !f.Read(e) || (perKey && e.Line() > last) {
			break
		}
		ours = append(ours, asg{e.Line(), s.Name(), e.Key(), e.Value()})
	}
	if diff := cmp.Diff(theirs, ours, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: assignments differ from systemd's (-systemd +Parse):\n%s", in.label, diff)
	}
	var tw, ow []string
	for _, w := range r.Warnings {
		if isSyntaxMessage(w.Text) {
			tw = append(tw, fmt.Sprintf("%d: %s", w.Line, w.Text))
		}
	}
	for _, d := range f.Diagnostics {
		if perKey && d.Line > last {
			break
		}
		if d.Code != CodeLineTooLong && d.Code != CodeContinuationTooLong && d.Code != CodeTooMany {
			ow = append(ow, fmt.Sprintf("%d: %s", d.Line, d.Message))
		}
		if d.Fatal {
			break
		}
	}
	if diff := cmp.Diff(tw, ow, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: syntax warnings differ from systemd's (-systemd +Parse):\n%s", in.label, diff)
	}
	return perKey
}

// TestSyntaxRulesAgainstSystemd runs every pinned syntax case through the
// installed systemd, so the expectations in syntax_test.go are systemd's,
// not ours.
func TestSyntaxRulesAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	var inputs []oracleInput
	for i, tc := range syntaxCases {
		if tc.noOra {
			continue // megabyte lines: the shim's records would be huge; pinned by the table test
		}
		typ := "service"
		if tc.file != "" {
			typ = TypeOf(tc.file)
		}
		inputs = append(inputs, oracleInput{label: tc.name, name: fmt.Sprintf("case%03d.%s", i, typ), src: []byte(tc.in)})
	}
	n, _ := diffAgainstSystemd(t, o, inputs)
	t.Logf("%d syntax cases agree with systemd 252", n)
}

// TestCorpusAgainstSystemd compares Parse with systemd on every file of
// the shared corpus and on testdata.
func TestCorpusAgainstSystemd(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs systemd-analyze over the whole corpus")
	}
	o := oracle.New(t)
	var inputs []oracleInput
	skipped := map[string]string{}
	for _, c := range testenv.Corpus(t) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(c.Path)
		if strings.Contains(base, ":") {
			skipped[c.Rel] = "':' in the name is verify's src:alias syntax"
			continue
		}
		in := oracleInput{label: c.Rel, name: base, src: src}
		if c.Kind == "dropin" {
			in.dir = filepath.Base(filepath.Dir(c.Path))
			if typeSuffix(strings.TrimSuffix(in.dir, ".d")) == "scope" {
				skipped[c.Rel] = "scope units cannot be loaded from a file, so their drop-ins are never read by verify"
				continue
			}
		}
		inputs = append(inputs, in)
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*.*"))
	for _, p := range td {
		if TypeOf(p) == "" {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, oracleInput{label: "testdata/" + filepath.Base(p), name: "td-" + filepath.Base(p), src: src})
	}
	n, stops := diffAgainstSystemd(t, o, inputs)
	var why []string
	for k, v := range skipped {
		why = append(why, k+": "+v)
	}
	sort.Strings(why)
	t.Logf("compared %d files with systemd 252 (%d stopped early in a per-key parser, compared up to there); left out %d:\n%s",
		n, stops, len(skipped), strings.Join(why, "\n"))
}

// fragments are the pieces random files are made of: the bytes and
// constructs SYNTAX.md says are tricky.
var fragments = []string{
	"[Service]", "[Unit]", "[Install]", "[X-A]", "[Foo]", "[ Service ]", "[Service] #x", "[Serv", "[]", "[a]b]",
	"ExecStart=/bin/true", "Description=d", "X-K=v", "Environment=A=1", "K = v ", "=v", "noeq", "Key=v # c",
	"\\", "\\\\", "a\\", "b\\\\\\", " \\", "\\ ", "#", "# c\\", ";", "  # x", "\t;y",
	"\n", "\n", "\n", "\r\n", "\r", "\x00", "\n\r", "\n\r\x00",
	" ", "\t", "\v", bom, "\xff", "\xc3\xa9", "\uFDD0", "\xed\xa0\x80", "\x01", "\"", "'", "%",
}

func randomFile(r *rand.Rand) string {
	var b strings.Builder
	n := 1 + r.IntN(30)
	for i := 0; i < n; i++ {
		b.WriteString(fragments[r.IntN(len(fragments))])
		if r.IntN(3) == 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestRandomAgainstSystemd compares Parse with systemd on random files made
// of the tricky fragments above (the seed is fixed, so a failure repeats).
func TestRandomAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	r := rand.New(rand.NewPCG(252, 1))
	var inputs []oracleInput
	for i := 0; i < 2000; i++ {
		src := randomFile(r)
		inputs = append(inputs, oracleInput{label: fmt.Sprintf("random %d %q", i, src), name: fmt.Sprintf("r%03d.service", i), src: []byte(src)})
	}
	n, _ := diffAgainstSystemd(t, o, inputs)
	t.Logf("%d random files agree with systemd 252", n)
}
