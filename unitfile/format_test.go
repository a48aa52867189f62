package unitfile

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
)

func init() {
	// go test ./unitfile -run TestFormatGolden -update rewrites the goldens.
	// Registered only if no other test file of the package has done so.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// formatCases pin the layout byte for byte, including what a txtar golden
// cannot hold (CR, NUL, BOM, trailing blanks).
var formatCases = []struct {
	name, in, want string
	file           string // default x.service
}{
	{name: "canonical stays", in: "[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n",
		want: "[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n"},
	{name: "spaces around equals", in: "[Unit]\nDescription = x \n",
		want: "[Unit]\nDescription=x\n"},
	{name: "tabs around key and value", in: "[Unit]\n\tDescription\t=\tx\t\n",
		want: "[Unit]\nDescription=x\n"},
	{name: "header with blanks", in: "  [Unit]  \nA=1\n",
		want: "[Unit]\nA=1\n"},
	{name: "inner spaces of a header are its name", in: "[ Service ]\nA=1\n",
		want: "[ Service ]\nA=1\n"},
	{name: "blank runs", in: "\n\n[Unit]\n\nA=1\n\n\n\nB=2\n\n\n[Service]\nC=3\n\n\n",
		want: "[Unit]\nA=1\n\nB=2\n\n[Service]\nC=3\n"},
	{name: "blank lines of spaces", in: "[Unit]\nA=1\n  \t\n \nB=2\n",
		want: "[Unit]\nA=1\n\nB=2\n"},
	{name: "blank line before a header", in: "[Unit]\nA=1\n[Service]\nB=2\n",
		want: "[Unit]\nA=1\n\n[Service]\nB=2\n"},
	{name: "empty section", in: "[Unit]\n[Service]\n",
		want: "[Unit]\n\n[Service]\n"},
	{name: "no blank after a header", in: "[Unit]\n\n\n# c\n\nA=1\n",
		want: "[Unit]\n# c\n\nA=1\n"},
	{name: "comment above a header stays above it", in: "[Unit]\nA=1\n# the service\n[Service]\nB=2\n",
		want: "[Unit]\nA=1\n\n# the service\n[Service]\nB=2\n"},
	{name: "comment block above a header", in: "[Unit]\nA=1\n\n\n# one\n  ; two\n[Service]\n",
		want: "[Unit]\nA=1\n\n# one\n; two\n[Service]\n"},
	{name: "comment after a section stays there", in: "[Unit]\nA=1\n# about A\n\n\n[Service]\n",
		want: "[Unit]\nA=1\n# about A\n\n[Service]\n"},
	{name: "comment in an empty section goes with the next header", in: "[Unit]\n#Description=x\n[Service]\n",
		want: "[Unit]\n\n#Description=x\n[Service]\n"},
	{name: "preamble", in: "\n# license\n\n\n# more\n[Unit]\n",
		want: "# license\n\n# more\n[Unit]\n"},
	{name: "comment indentation and trailing blanks", in: "[Unit]\n   # c  \n\t;d\t\nA=1\n",
		want: "[Unit]\n# c\n;d\nA=1\n"},
	{name: "comment with invalid utf8 is harmless", in: "# \xff \n[Unit]\n",
		want: "# \xff\n[Unit]\n"},
	{name: "final newline", in: "[Unit]\nA=1",
		want: "[Unit]\nA=1\n"},
	{name: "crlf stays crlf", in: "[Unit]\r\nA = 1\r\n[Service]\r\nB=2",
		want: "[Unit]\r\nA=1\r\n\r\n[Service]\r\nB=2\r\n"},
	{name: "mixed line ends become the common one", in: "[Unit]\r\nA=1\r\nB=2\nC=3\r\n",
		want: "[Unit]\r\nA=1\r\nB=2\r\nC=3\r\n"},
	{name: "lone cr", in: "[Unit]\rA=1\r\rB=2\r",
		want: "[Unit]\rA=1\r\rB=2\r"},
	{name: "lf cr is one line end", in: "[Service]\n\rA=1\n\rB=2",
		want: "[Service]\nA=1\nB=2\n"},
	{name: "nul ends a line", in: "[Service]\nA=1\x002\n",
		want: "[Service]\nA=1\n2\n"},
	{name: "bom", in: bom + "  [Unit] \nA = 1\n",
		want: bom + "[Unit]\nA=1\n"},
	{name: "bom on an entry", in: "[Unit]\n" + bom + "  A = 1\n",
		want: "[Unit]\n" + bom + "A=1\n"},
	{name: "bom alone on the first line", in: bom + "\n\n[Unit]\n",
		want: bom + "\n[Unit]\n"},
	{name: "kept bom keeps its indentation", in: "[Service]\n  " + bom + "B = 2\n",
		want: "[Service]\n  " + bom + "B=2\n"},
	{name: "second bom keeps its indentation", in: bom + "[Service]\n  " + bom + "B=2\n" + bom + "C=3\n",
		want: bom + "[Service]\n  " + bom + "B=2\n" + bom + "C=3\n"},
	{name: "bom hash is not a comment", in: bom + "#c\n[Service]\n",
		want: bom + "#c\n\n[Service]\n"},
	{name: "continuation kept", in: "[Service]\nExecStart = /bin/echo a \\\n    b \\\n  # note  \n    c   \n",
		want: "[Service]\nExecStart=/bin/echo a \\\n    b \\\n  # note\n    c\n"},
	{name: "value starts on the next line", in: "[Service]\n  ExecStart =   \\\n    /bin/true\n",
		want: "[Service]\nExecStart=\\\n    /bin/true\n"},
	{name: "split key", in: "[Unit]\n  Docu\\\nmentation = x \n",
		want: "[Unit]\nDocu\\\nmentation = x\n"},
	{name: "split header", in: " [X-Ven\\\ndor] \nA=1\n",
		want: "[X-Ven\\\ndor]\nA=1\n"},
	{name: "lone backslashes before a header", in: "\\\n\\\n[X-Foo]\nA=1\n",
		want: "\\\n\\\n[X-Foo]\nA=1\n"},
	{name: "value ending in a backslash keeps one blank", in: "[Service]\nX-A=x\\ \t\nX-B=y\\\\  \nX-C=z\\\\\\\t\n",
		want: "[Service]\nX-A=x\\ \nX-B=y\\\\\nX-C=z\\\\\\ \n"},
	{name: "last continuation line ending in a backslash", in: "[Service]\nX-A=a\\\n b\\  \n",
		want: "[Service]\nX-A=a\\\n b\\ \n"},
	{name: "empty line ends a continuation", in: "[Service]\nK=1\\\n\nX-B=2\n",
		want: "[Service]\nK=1\\\n\nX-B=2\n"},
	{name: "blank line after a continuation that ends in one", in: "[Service]\nK=1\\\n  \n\n\nX-B=2\n",
		want: "[Service]\nK=1\\\n\nX-B=2\n"},
	{name: "empty line ending a continuation at the end", in: "[Service]\nK=1\\\n   \n\n",
		want: "[Service]\nK=1\\\n"},
	{name: "continuation at the end of the file", in: "[Unit]\nDescription=a\\\nb\\",
		want: "[Unit]\nDescription=a\\\nb\\\n"},
	{name: "header swallowed by a continuation", in: "[Service]\nX-Foo=a\\\n[Install]\nX-B=1\n",
		want: "[Service]\nX-Foo=a\\\n[Install]\nX-B=1\n"},
	{name: "comment lines inside a continuation", in: "[Service]\nA=x \\\n# c \\  \n; d\n  y\n",
		want: "[Service]\nA=x \\\n# c \\\n; d\n  y\n"},
	{name: "blank continuation with a comment inside", in: "[Unit]\n\\\n# c\n\nA=1\n",
		want: "[Unit]\n\\\n# c\n\nA=1\n"},
	{name: "blank continuation goes", in: "[Unit]\nA=1\n  \\\n\\\n\nB=2\n",
		want: "[Unit]\nA=1\n\nB=2\n"},
	{name: "lines systemd rejects are kept", in: "[Service]\n  noeq  \n=x  \nA = 1\n",
		want: "[Service]\n  noeq  \n=x  \nA=1\n"},
	{name: "rejected line ending in backslash blank", in: "[Service]\nfoo\\ \nA=1\n",
		want: "[Service]\nfoo\\ \nA=1\n"},
	{name: "text before the first header", in: "foo \n[Unit]\n",
		want: "foo \n\n[Unit]\n"},
	{name: "empty file stays empty (masked)", in: "",
		want: ""},
	{name: "blank file is not emptied", in: "\n\n \n",
		want: "\n"},
	{name: "blank crlf file", in: "\r\n\r\n",
		want: "\r\n"},
	{name: "empty values", in: "[Service]\nEnvironment=\nEnvironment =   \n",
		want: "[Service]\nEnvironment=\nEnvironment=\n"},
	{name: "first equals splits", in: "[Unit]\nX-Y = = =\n",
		want: "[Unit]\nX-Y== =\n"},
	{name: "inline comment is value", in: "[Service]\nA = v # x  \n",
		want: "[Service]\nA=v # x\n"},
	{name: "only space and tab are blanks", in: "[Unit]\nDescription=\v x \f \n",
		want: "[Unit]\nDescription=\v x \f\n"},
	{name: "ignored sections are formatted too", in: "[X-Foo]\n  K = v\n[Bar]\nnoeq \n",
		want: "[X-Foo]\nK=v\n\n[Bar]\nnoeq \n"},
	{name: "sections stay in order", in: "[Service]\nA=1\n[Unit]\nB=2\n[Service]\nC=3\n",
		want: "[Service]\nA=1\n\n[Unit]\nB=2\n\n[Service]\nC=3\n"},
	{name: "fatal: left as it is", in: "[Unit]\nA = 1\n\n\n[Bad\nB = 2  \n\n\n",
		want: "[Unit]\nA = 1\n\n\n[Bad\nB = 2  \n\n\n"},
	{name: "fatal: invalid utf8", in: "[Unit]\nDescription=\xff  \n\nA = 1",
		want: "[Unit]\nDescription=\xff  \n\nA = 1"},
	{name: "fatal at the start", in: "\n\n[Service] # x\nA = 1\n",
		want: "\n\n[Service] # x\nA = 1\n"},
	{name: "fatal: line over 1 MiB", in: "[Service]\nA = 1\nX-A=" + long1 + "b\n",
		want: "[Service]\nA = 1\nX-A=" + long1 + "b\n"},
}

func TestFormat(t *testing.T) {
	for _, tc := range formatCases {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.file
			if name == "" {
				name = "x.service"
			}
			f := mustParse(t, name, tc.in)
			got := string(Format(f))
			if got != tc.want {
				t.Errorf("Format(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			checkFormat(t, name, tc.in)
		})
	}
}

func TestFormatBytes(t *testing.T) {
	out, err := FormatBytes("a.service", []byte("[Unit]\nA = 1\n"))
	if err != nil || string(out) != "[Unit]\nA=1\n" {
		t.Errorf("FormatBytes = %q, %v", out, err)
	}
	_, err = FormatBytes("b.service", []byte("[Unit]\nA=1\n[Install] # x\n"))
	var fe *FormatError
	if !errorsAs(err, &fe) {
		t.Fatalf("FormatBytes of a file systemd refuses: err = %v, want a *FormatError", err)
	}
	if want := "b.service:3:1: systemd refuses to load this file: Invalid section header '[Install] # x'"; err.Error() != want {
		t.Errorf("error\n got %q\nwant %q", err.Error(), want)
	}
	if fe.Diagnostic.Code != CodeInvalidHeader {
		t.Errorf("code %s", fe.Diagnostic.Code)
	}
}

func errorsAs(err error, target **FormatError) bool {
	fe, ok := err.(*FormatError)
	if ok {
		*target = fe
	}
	return ok
}

// TestFormatEdited formats a file after edits, whose new nodes have no
// position and an indentation of their own.
func TestFormatEdited(t *testing.T) {
	f := mustParse(t, "x.service", "[Unit]\n  Description = a\n[Service]\nExecStart=/bin/a \\\n  # c\n  b\n")
	if _, err := f.Add("Unit", "After", "b.target"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetValue(f.Lookup("Service", "ExecStart"), "/bin/z"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddSection("Install"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.InsertComment(f.Lookup("Unit", "After"), "order"); err != nil {
		t.Fatal(err)
	}
	got := string(Format(f))
	want := "[Unit]\nDescription=a\n# order\nAfter=b.target\n\n[Service]\n# c\nExecStart=/bin/z\n\n[Install]\n"
	if got != want {
		t.Errorf("Format after edits\n got %q\nwant %q", got, want)
	}
}

// TestFormatGolden formats testdata/format/*.txtar: each holds the input
// file (its name gives the unit type) and "want", the formatted text.
func TestFormatGolden(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "format", "*.txtar"))
	if len(paths) == 0 {
		t.Fatal("no goldens in testdata/format")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			ar, err := txtar.ParseFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var in *txtar.File
			wantAt := -1
			for i := range ar.Files {
				if ar.Files[i].Name == "want" {
					wantAt = i
				} else if in == nil {
					in = &ar.Files[i]
				}
			}
			if in == nil {
				t.Fatal("no input file in the archive")
			}
			f := mustParse(t, in.Name, string(in.Data))
			got := Format(f)
			checkFormat(t, in.Name, string(in.Data))
			if updateGoldens() {
				if wantAt < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantAt = len(ar.Files) - 1
				}
				ar.Files[wantAt].Data = got
				if err := os.WriteFile(p, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if wantAt < 0 {
				t.Fatal("no want file in the archive (run with -update)")
			}
			if diff := cmp.Diff(string(ar.Files[wantAt].Data), string(got)); diff != "" {
				t.Errorf("Format(%s) mismatch (-want +got):\n%s", in.Name, diff)
			}
		})
	}
}

// fmtView is what systemd reads from a file, without line numbers: what
// Format must keep.
type fmtView struct {
	Masked   bool
	Sections []string // in order; "(name)" for a section systemd ignores
	Entries  []string // "section|key|value", in order, those in ignored sections too
	Diags    []string // "code" or "code fatal", in order
}

func fmtViewOf(f *File) fmtView {
	v := fmtView{Masked: f.Masked()}
	for _, s := range f.Sections {
		if !f.Read(s.Header) {
			break
		}
		name := s.Name()
		if s.Ignored {
			name = "(" + name + ")"
		}
		v.Sections = append(v.Sections, name)
	}
	for s, e := range f.Entries() {
		if !f.Read(e) {
			break
		}
		v.Entries = append(v.Entries, s.Name()+"|"+e.Key()+"|"+e.Value())
	}
	for _, d := range f.Diagnostics {
		c := string(d.Code)
		if d.Fatal {
			c += " fatal"
		}
		v.Diags = append(v.Diags, c)
	}
	return v
}

// fmtSkeleton lists everything in the part of the file systemd reads
// except blank lines, in order: headers, entries, the comment lines (also
// those inside continuations) and the lines systemd rejects. Format may
// only add or remove blank lines between them, so the skeletons of a
// file and of its formatted text must be equal: no comment dropped,
// moved past another line, or changed beyond its blanks.
func fmtSkeleton(f *File) []string {
	var out []string
	inner := func(raw string) {
		for k, l := range physicalLines(raw) {
			if k > 0 && isCommentLine(l) {
				out = append(out, "  inner "+strings.Trim(l, " \t"))
			}
		}
	}
	for n := range f.Nodes() {
		if !f.Read(n) {
			break
		}
		switch n := n.(type) {
		case *Header:
			out = append(out, "header "+n.Name())
		case *Entry:
			out = append(out, "entry "+n.Key()+"="+n.Value())
		case *Comment:
			out = append(out, "comment "+strings.TrimRight(n.Text(), " \t"))
		case *BadLine:
			out = append(out, fmt.Sprintf("bad %s %q", n.Reason(), n.Text()))
		case *Blank:
			for _, l := range physicalLines(n.Raw()) {
				if strings.HasPrefix(l, bom) {
					out = append(out, "bom line")
				}
			}
		}
		inner(n.Raw())
	}
	return out
}

// checkFormat checks what must hold for every input: formatting keeps the
// view and the skeleton, leaves a file systemd refuses alone, is
// idempotent, and gives the documented layout.
func checkFormat(t testing.TB, name, src string) []byte {
	t.Helper()
	f, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := Format(f)
	g, err := Parse(name, out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fmtViewOf(f), fmtViewOf(g), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("Format(%.200q) changes what systemd reads (-before +after):\n%s\nformatted: %.200q", src, diff, out)
	}
	if diff := cmp.Diff(fmtSkeleton(f), fmtSkeleton(g), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("Format(%.200q) moves, drops or changes lines (-before +after):\n%s\nformatted: %.200q", src, diff, out)
	}
	if f.Fatal() != nil && string(out) != src {
		t.Fatalf("Format(%.200q) changes a file systemd refuses to load:\n%.300q", src, out)
	}
	if again := Format(g); !bytes.Equal(again, out) {
		t.Fatalf("Format is not idempotent on %.200q:\nonce:  %.300q\ntwice: %.300q", src, out, again)
	}
	checkLayout(t, g, src)
	return out
}

// checkLayout checks the layout Format promises on the formatted file g.
func checkLayout(t testing.TB, g *File, src string) {
	t.Helper()
	out := g.Source()
	if g.Masked() {
		if src != "" {
			t.Fatalf("Format(%.200q) gives an empty file, which masks the unit", src)
		}
		return
	}
	if g.Fatal() != nil {
		return // left as it was
	}
	eol := g.EOL()
	if rest := strings.ReplaceAll(out, eol, ""); strings.ContainsAny(rest, "\r\n\x00") {
		t.Fatalf("Format(%.200q): a line end other than %q in %.300q", src, eol, out)
	}
	if !strings.HasSuffix(out, eol) {
		t.Fatalf("Format(%.200q): no final line end in %.300q", src, out)
	}
	if out == eol {
		return // a file of blank lines
	}
	lines := strings.Split(strings.TrimSuffix(out, eol), eol)
	fail := func(i int, why string) {
		t.Helper()
		t.Fatalf("Format(%.200q): line %d %q: %s\nformatted: %.300q", src, i+1, lines[i], why, out)
	}
	// Lines of rejected nodes keep their bytes; find them.
	kept := map[int]bool{}
	line := 0
	for n := range g.Nodes() {
		if !g.Read(n) {
			break
		}
		k := len(physicalLines(n.Raw()))
		if _, ok := n.(*BadLine); ok {
			for j := 0; j < k; j++ {
				kept[line+j] = true
			}
		}
		line += k
	}
	for i, l := range lines {
		if l == "" {
			switch {
			case i == 0:
				fail(i, "blank line at the start")
			case lines[i-1] == "":
				fail(i, "two blank lines")
			case i == len(lines)-1:
				fail(i, "blank line at the end")
			}
			continue
		}
		if kept[i] {
			continue
		}
		if tr := trimBlanksRight(l); tr != l && !(continues(tr) && l == tr+" ") {
			fail(i, "trailing blanks")
		}
	}
	// blockAt[i]: line i starts a header or the comments directly above one.
	blockAt := map[int]bool{}
	for _, s := range g.Sections {
		h := s.Header
		if !g.Read(h) {
			break
		}
		j := h.Pos().Line - 1
		for j > 0 && isCommentLine(lines[j-1]) {
			j--
		}
		blockAt[j] = true
	}
	for _, s := range g.Sections {
		h := s.Header
		if !g.Read(h) {
			break
		}
		// The line after a header is not blank, unless another header (and
		// its comments) follows; a blank line comes before the header and
		// the comments directly above it, unless they start the file.
		at := h.Pos().Line - 1 // index in lines
		last := h.End().Line - 1
		if last+1 < len(lines) && lines[last+1] == "" && !blockAt[last+2] {
			fail(last+1, "blank line after a header")
		}
		j := at
		for j > 0 && isCommentLine(lines[j-1]) {
			j--
		}
		if j > 0 && lines[j-1] != "" && !(j == 1 && lines[0] == bom) {
			fail(j, "no blank line before a header")
		}
	}
}

// formatInputs are the files every property test runs over: the corpus
// and testdata.
func formatInputs(t testing.TB) (names []string, srcs [][]byte) {
	for _, c := range testenv.Corpus(t) {
		b, err := os.ReadFile(c.Path)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, c.Path)
		srcs = append(srcs, b)
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*"))
	for _, p := range td {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
		srcs = append(srcs, b)
	}
	return names, srcs
}

// TestFormatCorpus formats every corpus and testdata file: what systemd
// reads stays, the comments stay in place, and formatting twice changes
// nothing more.
func TestFormatCorpus(t *testing.T) {
	names, srcs := formatInputs(t)
	changed, fatal := 0, 0
	for i, name := range names {
		out := checkFormat(t, name, string(srcs[i]))
		if !bytes.Equal(out, srcs[i]) {
			changed++
		}
		f := mustParseB(t, name, srcs[i])
		if f.Fatal() != nil {
			fatal++
		}
	}
	t.Logf("%d files: formatting keeps what systemd reads and is idempotent; %d change layout, %d are refused by systemd", len(names), changed, fatal)
}

func mustParseB(t testing.TB, name string, src []byte) *File {
	t.Helper()
	f, err := Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func FuzzFormat(f *testing.F) {
	for _, tc := range syntaxCases {
		if len(tc.in) < 4096 {
			f.Add(tc.in)
		}
	}
	for _, tc := range formatCases {
		if len(tc.in) < 4096 {
			f.Add(tc.in)
		}
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*"))
	gold, _ := filepath.Glob(filepath.Join("testdata", "format", "*.txtar"))
	for _, p := range gold {
		if ar, err := txtar.ParseFile(p); err == nil && len(ar.Files) > 0 {
			f.Add(string(ar.Files[0].Data))
		}
	}
	for _, p := range td {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkFormat(t, "fuzz.service", in)
	})
}

// TestFormatAgainstSystemd asks the installed systemd itself: it reads
// every syntax case, every corpus file Format changes and 2000 random
// files of tricky fragments, once as written and once formatted, and must
// read the same assignments (section, key, value, in order), log the same
// messages (line numbers aside) and fail or load each file alike.
func TestFormatAgainstSystemd(t *testing.T) {
	o := oracle.New(t)
	type pair struct {
		label     string
		orig, fmt []byte
	}
	var pairs []pair
	add := func(label string, src []byte) {
		f := mustParseB(t, "x.service", src)
		pairs = append(pairs, pair{label, src, Format(f)})
	}
	for _, tc := range syntaxCases {
		if !tc.noOra && (tc.file == "" || TypeOf(tc.file) == "service") {
			add(tc.name, []byte(tc.in))
		}
	}
	for _, tc := range formatCases {
		// An empty file is masked: systemd does not parse it. Megabyte
		// lines would make the shim's records huge; the table pins them.
		if tc.in != "" && len(tc.in) < 4096 {
			add(tc.name, []byte(tc.in))
		}
	}
	corpus := 0
	if !testing.Short() {
		names, srcs := formatInputs(t)
		// Every file is read as a .service: the lexer reads every type
		// alike, and sections a service does not have are compared all
		// the same (as sections systemd ignores).
		for i, name := range names {
			f := mustParseB(t, name, srcs[i])
			if out := Format(f); !bytes.Equal(out, srcs[i]) {
				add(name, srcs[i])
				corpus++
			}
		}
	}
	r := rand.New(rand.NewPCG(252, 7))
	for i := 0; i < 2000; i++ {
		add(fmt.Sprintf("random %d", i), []byte(randomFile(r)))
	}
	dirO, dirF := t.TempDir(), t.TempDir()
	var units []string
	for i, p := range pairs {
		name := fmt.Sprintf("f%04d.service", i)
		if err := os.WriteFile(filepath.Join(dirO, name), p.orig, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dirF, name), p.fmt, 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, name)
	}
	paths := func(dir string) []string {
		var out []string
		for _, u := range units {
			out = append(out, filepath.Join(dir, u))
		}
		return out
	}
	ro := o.Verify(t, dirO, paths(dirO), false)
	rf := o.Verify(t, dirF, paths(dirF), false)
	type asg struct{ Section, Key, Value string }
	read := func(r *oracle.Result) (a []asg, w []string) {
		for _, x := range r.Assignments {
			a = append(a, asg{x.Section, x.Key, x.Value})
		}
		for _, x := range r.Warnings {
			w = append(w, x.Text)
		}
		return a, w
	}
	compared := 0
	for i, p := range pairs {
		a, b := ro[filepath.Join(dirO, units[i])], rf[filepath.Join(dirF, units[i])]
		if a == nil || b == nil || !a.Parsed || !b.Parsed {
			t.Errorf("%s: systemd did not parse both versions", p.label)
			continue
		}
		compared++
		aa, aw := read(a)
		ba, bw := read(b)
		if diff := cmp.Diff(aa, ba, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: systemd reads other assignments after Format (-before +after):\n%s\nbefore %q\nafter  %q", p.label, diff, p.orig, p.fmt)
		}
		if diff := cmp.Diff(aw, bw, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: systemd logs other messages after Format (-before +after):\n%s\nbefore %q\nafter  %q", p.label, diff, p.orig, p.fmt)
		}
		if (a.Ret < 0) != (b.Ret < 0) || !cmp.Equal(a.UnitMessages, b.UnitMessages) {
			t.Errorf("%s: systemd loads one version and not the other (%d, %d; %q, %q)", p.label, a.Ret, b.Ret, a.UnitMessages, b.UnitMessages)
		}
	}
	t.Logf("systemd 252 reads the same from %d files before and after Format (%d corpus files that Format changes)", compared, corpus)
}

// BenchmarkFormat formats every corpus file once per iteration (parsing
// not included).
func BenchmarkFormat(b *testing.B) {
	names, srcs := formatInputs(b)
	files := make([]*File, len(names))
	size := 0
	for i := range names {
		files[i] = mustParseB(b, names[i], srcs[i])
		size += len(srcs[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			Format(f)
		}
	}
}
