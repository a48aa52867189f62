package unitfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/usvc/usvc/internal/testenv"
)

// lineTable maps offsets to systemd's line and column numbers, computed
// independently of the parser: a line starts after each line-end run.
type lineTable []int // start offset of each line (index = line-1)

func newLineTable(src string) lineTable {
	t := lineTable{0}
	for i := 0; i < len(src); {
		if categorize(src[i]) == 0 {
			i++
			continue
		}
		i = eolEnd(src, i)
		t = append(t, i)
	}
	return t
}

func (t lineTable) pos(off int) Pos {
	lo, hi := 0, len(t)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return Pos{Offset: off, Line: lo + 1, Col: off - t[lo] + 1}
}

// checkInvariants checks what must hold for every parse of src: the nodes
// cover src exactly, in order; every position lies inside the input and
// agrees with an independent line count; every byte of a key or value
// comes from where its position says.
func checkInvariants(t testing.TB, f *File, src string) {
	t.Helper()
	if got := string(f.Bytes()); got != src {
		t.Fatalf("Bytes() differs from the input")
	}
	lt := newLineTable(src)
	checkPos := func(what string, p Pos) {
		t.Helper()
		if p.Offset < 0 || p.Offset > len(src) {
			t.Fatalf("%s %v: offset %d outside the input (%d bytes)", what, p, p.Offset, len(src))
		}
		if want := lt.pos(p.Offset); p != want {
			t.Fatalf("%s: position %+v, an independent count says %+v", what, p, want)
		}
	}
	off := 0
	for n := range f.Nodes() {
		p := n.Pos()
		if p.Offset != off {
			t.Fatalf("%T at %v: starts at offset %d, the previous node ended at %d", n, p, p.Offset, off)
		}
		checkPos(fmt.Sprintf("%T start", n), p)
		checkPos(fmt.Sprintf("%T end", n), n.End())
		if src[off:off+len(n.Raw())] != n.Raw() {
			t.Fatalf("%T at %v: Raw is not the source", n, p)
		}
		off += len(n.Raw())
		if e, ok := n.(*Entry); ok {
			checkPos("key", e.KeyPos())
			checkPos("value", e.ValuePos())
			checkPos("value end", e.ValueEnd())
			key, val := e.Key(), e.Value()
			if k, v := e.KeyValue(); k != key || v != val {
				t.Fatalf("entry at %v: KeyValue gives %q=%q, Key and Value %q=%q", p, k, v, key, val)
			}
			if !e.Continued() && (src[e.KeyPos().Offset:e.KeyEnd().Offset] != key || src[e.ValuePos().Offset:e.ValueEnd().Offset] != val) {
				t.Fatalf("entry at %v: key/value positions do not frame %q=%q", p, key, val)
			}
			for i := 0; i < len(val); i++ {
				q := e.PosAt(i)
				checkPos("value byte", q)
				if c := src[q.Offset]; c != val[i] && !(val[i] == ' ' && c == '\\') {
					t.Fatalf("entry at %v: value byte %d is %q, the source at %v has %q", p, i, val[i], q, c)
				}
			}
		}
	}
	if off != len(src) {
		t.Fatalf("nodes cover %d of %d bytes", off, len(src))
	}
	for _, s := range f.Sections {
		if want := !s.Header.OK() || !SectionKnown(f.Type, s.Name()); s.Ignored != want {
			t.Fatalf("section [%s] of a %q file: Ignored is %v, its header and SectionKnown say %v", s.Name(), f.Type, s.Ignored, want)
		}
	}
	for _, d := range f.Diagnostics {
		if d.Code == CodeTooMany {
			continue
		}
		checkPos("diagnostic", d.Pos)
		checkPos("diagnostic end", d.End)
		_ = d.String()
	}
}

func TestCorpusRoundTrip(t *testing.T) {
	files := 0
	var paths []string
	for _, c := range testenv.Corpus(t) {
		paths = append(paths, c.Path)
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*"))
	paths = append(paths, td...)
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(p, src)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, f, string(src))
		// ParseText keeps its string instead of a copy; the tree is
		// the same.
		g, err := ParseText(p, TypeOf(p), string(src))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(viewOf(f), viewOf(g)); diff != "" {
			t.Fatalf("%s: ParseText differs from Parse (-Parse +ParseText):\n%s", p, diff)
		}
		checkInvariants(t, g, string(src))
		files++
	}
	t.Logf("%d files round-trip byte for byte, through Parse and ParseText", files)
}

func TestPositions(t *testing.T) {
	in := "\xEF\xBB\xBF[Unit]\r\nDescription = a b \\\n  # skipped\n\tc\nX=\n"
	f := mustParse(t, "x.service", in)
	d := f.Lookup("Unit", "Description")
	type P = Pos
	got := map[string]Pos{
		"header":     f.Sections[0].Header.Pos(),
		"name":       f.Sections[0].Header.NamePos(),
		"key":        d.KeyPos(),
		"keyend":     d.KeyEnd(),
		"value":      d.ValuePos(),
		"valueend":   d.ValueEnd(),
		"value[4]":   d.PosAt(4), // the space that was the backslash
		"value[5]":   d.PosAt(5), // the tab on line 4
		"end":        d.End(),
		"empty":      f.Lookup("Unit", "X").ValuePos(),
		"emptyend":   f.Lookup("Unit", "X").ValueEnd(),
		"entrystart": d.Pos(),
	}
	want := map[string]Pos{
		"header":     P{0, 1, 1},
		"name":       P{4, 1, 5},
		"key":        P{11, 2, 1},
		"keyend":     P{22, 2, 12},
		"value":      P{25, 2, 15},
		"valueend":   P{45, 4, 3},
		"value[4]":   P{29, 2, 19},
		"value[5]":   P{43, 4, 1},
		"end":        P{45, 4, 3},
		"empty":      P{48, 5, 3},
		"emptyend":   P{48, 5, 3},
		"entrystart": P{11, 2, 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
	if d.Value() != "a b  \tc" || d.Line() != 4 {
		t.Errorf("value %q line %d", d.Value(), d.Line())
	}
	checkInvariants(t, f, in)
}

func TestDiagnosticPositions(t *testing.T) {
	in := "oops\n[Service]\n  noeq  \n[Foo]\n[Bad\n"
	f := mustParse(t, "x.service", in)
	var got []string
	for _, d := range f.Diagnostics {
		got = append(got, fmt.Sprintf("%v-%v line %d %s %v: %s", d.Pos, d.End, d.Line, d.Severity, d.Fatal, d.Message))
	}
	want := []string{
		"1:1-1:5 line 1 warning false: Assignment outside of section. Ignoring.",
		"3:3-3:7 line 3 warning false: Missing '=', ignoring line.",
		"4:2-4:5 line 4 warning false: Unknown section 'Foo'. Ignoring.",
		"5:1-5:5 line 5 error true: Invalid section header '[Bad'",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestReparseIsStable checks that parsing the printed tree gives the same
// reading, for the syntax cases.
func TestReparseIsStable(t *testing.T) {
	for _, tc := range syntaxCases {
		f := mustParse(t, "x.service", tc.in)
		g := mustParse(t, "x.service", string(f.Bytes()))
		if diff := cmp.Diff(viewOf(f), viewOf(g), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: re-parse differs:\n%s", tc.name, diff)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range syntaxCases {
		if len(tc.in) < 4096 {
			f.Add(tc.in)
		}
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*"))
	for _, p := range td {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(strings.Repeat("\\\n", 50) + "[Unit]\n")
	f.Fuzz(func(t *testing.T, in string) {
		pf, err := Parse("fuzz.service", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, pf, in)
		again := mustParse(t, "fuzz.service", string(pf.Bytes()))
		if diff := cmp.Diff(viewOf(pf), viewOf(again), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("parsing Bytes() again differs:\n%s", diff)
		}
	})
}

// TestNodeCount checks that the first pass over a file's lines counts at
// least the nodes the file makes, so that the node list is allocated once
// and never grows, and that it counts them exactly for real files (every
// corpus file and every case of the syntax table) so that it wastes no
// room.
func TestNodeCount(t *testing.T) {
	check := func(name string, src []byte, exact bool) {
		t.Helper()
		f, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		var k kinds
		s := string(src)
		for o := 0; o < len(s); {
			e := o + nextEOL(s[o:])
			kind, _ := lineKind(s[o:e])
			k.count(s[o:e], kind)
			o = eolEnd(s, e)
		}
		counted := k.nodes
		switch {
		case cap(f.nodes) != counted:
			t.Errorf("%s: %d nodes counted, the list grew to %d for %d nodes", name, counted, cap(f.nodes), len(f.nodes))
		case exact && len(f.nodes) != counted:
			t.Errorf("%s: %d nodes counted, %d made", name, counted, len(f.nodes))
		}
	}
	for _, c := range testenv.Corpus(t) {
		src, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		check(c.Path, src, true)
	}
	for _, tc := range syntaxCases {
		check("case "+tc.name, []byte(tc.in), true)
	}
	for _, in := range []string{
		"[Service]\nA=1\\\n\n\nB=2\n",        // a blank line ends a continuation; the next starts a Blank
		"[Service]\nA=1\\\n# c\n; d\n 2\n\n", // comment lines inside a continuation
		"[Service]\n  \\\n\n\n[Install]\n",   // a blank logical line, then blank lines (counted as two)
		"# c\n\n[Unit]\\\n\nA=1\n\\",         // a continued header; a backslash at the end
		"\xEF\xBB\xBF  \n\n[Unit]\n",         // a blank line after a byte order mark
	} {
		check(fmt.Sprintf("%q", in), []byte(in), false)
	}
}
