package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/usvc/usvc/unitfile"
)

func TestApplyFixes(t *testing.T) {
	src := []byte("0123456789")
	fix := func(edits ...TextEdit) Diagnostic { return Diagnostic{Fix: edits} }
	for _, tc := range []struct {
		name  string
		diags []Diagnostic
		want  string
		n     int
	}{
		{"one replacement", []Diagnostic{fix(TextEdit{2, 4, "ab"})}, "01ab456789", 1},
		{"disjoint", []Diagnostic{fix(TextEdit{0, 1, "x"}), fix(TextEdit{8, 10, ""})}, "x1234567", 2},
		{"touching ranges fit", []Diagnostic{fix(TextEdit{0, 2, ""}), fix(TextEdit{2, 4, ""})}, "456789", 2},
		{"overlap: the first wins", []Diagnostic{fix(TextEdit{1, 5, "A"}), fix(TextEdit{4, 6, "B"})}, "0A56789", 1},
		{"two inserts at one place conflict", []Diagnostic{fix(TextEdit{3, 3, "a"}), fix(TextEdit{3, 3, "b"})}, "012a3456789", 1},
		{"an insert inside a deletion conflicts", []Diagnostic{fix(TextEdit{2, 6, ""}), fix(TextEdit{4, 4, "x"})}, "016789", 1},
		{"an insert at the edge of a deletion fits", []Diagnostic{fix(TextEdit{2, 6, ""}), fix(TextEdit{6, 6, "x"})}, "01x6789", 2},
		{"the same fix twice is applied once", []Diagnostic{fix(TextEdit{0, 10, ""}), fix(TextEdit{0, 10, ""})}, "", 1},
		{"a fix with several edits is all or nothing", []Diagnostic{
			fix(TextEdit{0, 1, "a"}),
			fix(TextEdit{5, 6, "b"}, TextEdit{0, 1, "c"}),
			fix(TextEdit{9, 10, "z"}),
		}, "a12345678z", 2},
		{"edits outside the file are dropped", []Diagnostic{fix(TextEdit{5, 11, ""}), fix(TextEdit{0, 1, "x"})}, "x123456789", 1},
		{"no fix", []Diagnostic{{}}, "0123456789", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := applyFixes(src, tc.diags)
			if string(got) != tc.want || n != tc.n {
				t.Errorf("applyFixes = %q, %d; want %q, %d", got, n, tc.want, tc.n)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	got := normalize([]TextEdit{{5, 6, "b"}, {0, 0, ""}, {1, 2, "a"}})
	if diff := cmp.Diff([]TextEdit{{1, 2, "a"}, {5, 6, "b"}}, got); diff != "" {
		t.Errorf("normalize (-want +got):\n%s", diff)
	}
	if got := normalize([]TextEdit{{0, 5, ""}, {3, 4, "x"}}); got != nil {
		t.Errorf("a fix that overlaps itself: %v, want nil", got)
	}
}

// TestFixRounds shows fixes that conflict in one round land in the next:
// two system-only units on one line are removed one per round, and the
// result is a fixed point.
func TestFixRounds(t *testing.T) {
	in := []*Input{{Path: "a.service", Src: []byte("[Unit]\nAfter=network.target local-fs.target default.target remote-fs.target\nWants=network.target # why\n")}}
	res := Fix(in)[0]
	want := "[Unit]\nAfter=default.target\n# why\n"
	if string(res.Fixed) != want {
		t.Errorf("Fix = %q, want %q", res.Fixed, want)
	}
	if string(in[0].Src) == want {
		t.Errorf("Fix changed its input")
	}
	again := Fix([]*Input{{Path: "a.service", Src: res.Fixed}})[0]
	if again.Fixed != nil {
		t.Errorf("Fix is not at a fixed point: %q", again.Fixed)
	}
}

func TestScopeOf(t *testing.T) {
	for path, want := range map[string]Scope{
		"/etc/systemd/system/a.service":                     SystemScope,
		"/usr/lib/systemd/system/a.service":                 SystemScope,
		"pkg/lib/systemd/system/a.service.d/x.conf":         SystemScope,
		"/run/systemd/system.control/a.service":             SystemScope,
		"/home/u/.config/systemd/user/a.service":            UserScope,
		"/usr/lib/systemd/user/a.service":                   UserScope,
		"/etc/systemd/user/a.service.d/override.conf":       UserScope,
		"/home/u/.config/systemd/user/sub/systemd/system/x": SystemScope, // the innermost decides
		"/srv/app/deploy/app.service":                       AnyScope,
		"/srv/systemd/system":                               AnyScope, // a file named system
		"app.service":                                       AnyScope,
	} {
		if got := ScopeOf(path); got != want {
			t.Errorf("ScopeOf(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestSuppressions pins what a directive covers.
func TestSuppressions(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "suppress.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	s := Only("missing-equals", "inline-comment", "unknown-section", "outside-section", "unused-suppression", "invalid-suppression", "memory-max")
	var got bytes.Buffer
	want := map[string]string{}
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".want") {
			want[strings.TrimSuffix(f.Name, ".want")] = string(f.Data)
		}
	}
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".want") {
			continue
		}
		got.Reset()
		for _, d := range Lint([]*Input{{Path: f.Name, Src: f.Data, Settings: s}})[0].Diagnostics {
			got.WriteString(d.String() + "\n")
		}
		if *update {
			want[f.Name] = got.String()
			continue
		}
		if diff := cmp.Diff(want[f.Name], got.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Name, diff)
		}
	}
	if *update {
		var files []txtar.File
		for _, f := range ar.Files {
			if !strings.HasSuffix(f.Name, ".want") {
				files = append(files, f, txtar.File{Name: f.Name + ".want", Data: []byte(want[f.Name])})
			}
		}
		ar.Files = files
		if err := os.WriteFile(filepath.Join("testdata", "suppress.txtar"), txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzLint checks, on any input, that linting does not panic, that every
// finding lies inside the file, that fixes are edits inside the file, and
// that Fix never adds a syntax problem systemd would report and reaches
// a fixed point.
func FuzzLint(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.txtar"))
	for _, p := range seeds {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if isInput(file.Name) {
				f.Add(file.Name, file.Data)
			}
		}
	}
	f.Add("x.service", []byte("[Service]\nExecStart=/a \\\n# usvc:ignore inline-comment why\n  # b\n"))
	f.Add("x.service", []byte("# usvc:ignore-file\n# usvc:ignore ,, x\n;usvc:\n"))
	f.Add("x.service.d/a.conf", []byte("\xef\xbb\xbf[Unit]\r\nAfter=network.target ; x\r\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if strings.ContainsAny(name, "\x00/\\") || name == "" {
			name = "fuzz.service"
		}
		in := []*Input{{Path: name, Src: src}}
		res := Lint(in)[0]
		if res.Err != nil {
			return
		}
		for _, d := range res.Diagnostics {
			if d.Pos.IsValid() && (d.Pos.Offset > len(src) || d.End.Offset < d.Pos.Offset || d.End.Offset > len(src)) {
				t.Fatalf("%s: span %d..%d outside the file of %d bytes", d, d.Pos.Offset, d.End.Offset, len(src))
			}
			if d.Pos.IsValid() && (d.Pos.Line < 1 || d.Pos.Col < 1) {
				t.Fatalf("%s: bad position %+v", d, d.Pos)
			}
			if !valid(d.Fix, len(src)) {
				t.Fatalf("%s: fix %v outside the file", d, d.Fix)
			}
		}
		fixed := Fix(in)[0]
		if fixed.Fixed == nil {
			return
		}
		if n, m := syntaxErrors(src), syntaxErrors(fixed.Fixed); m > n {
			t.Fatalf("Fix added syntax errors (%d -> %d):\n%q\n->\n%q", n, m, src, fixed.Fixed)
		}
		again := Fix([]*Input{{Path: name, Src: fixed.Fixed}})[0]
		if again.Fixed != nil && !bytes.Equal(again.Fixed, fixed.Fixed) {
			// Allowed only when the first Fix ran out of rounds.
			rounds := 0
			cur := src
			for ; rounds <= MaxFixRounds; rounds++ {
				next, n := applyFixes(cur, Lint([]*Input{{Path: name, Src: cur}})[0].Diagnostics)
				if n == 0 || bytes.Equal(next, cur) {
					break
				}
				cur = next
			}
			if rounds < MaxFixRounds {
				t.Fatalf("Fix is not at a fixed point after %d rounds:\n%q\n->\n%q\n->\n%q", rounds, src, fixed.Fixed, again.Fixed)
			}
		}
	})
}

// syntaxErrors counts what systemd reports about a file's syntax.
func syntaxErrors(src []byte) int {
	f, err := unitfile.Parse("x.service", src)
	if err != nil {
		return 0
	}
	return len(f.Diagnostics)
}

// FuzzParseConfig checks that any configuration gives a config or an
// error with a file and a line in range, never a panic.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("systemd-version = 252\ndisable = [\"all\"]\nenable = [\"inline-comment\"]\n[severity]\nmemory-max = \"error\"\n[scope]\n\"a/**\" = \"system\"\n"))
	f.Add([]byte("[severity]\n\"a.b\".c = 1\n"))
	f.Add([]byte("x = [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig("c.toml", data)
		if err != nil {
			ce, ok := err.(*ConfigError)
			if !ok {
				t.Fatalf("error %T %v is not a *ConfigError", err, err)
			}
			if ce.Line < 0 || ce.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("line %d out of range: %v", ce.Line, err)
			}
			return
		}
		c.Settings("a/b.service")
		c.ScopeOf("a/b.service")
	})
}

// TestInputText lints and fixes every rule's bad example given as Text
// instead of Src: the findings and the fixed bytes are the same.
func TestInputText(t *testing.T) {
	var bySrc, byText []*Input
	for _, r := range All {
		if r.Bad == "" {
			continue
		}
		name := "x-" + r.Name + ".service"
		bySrc = append(bySrc, &Input{Path: name, Src: []byte(r.Bad)})
		byText = append(byText, &Input{Path: name, Text: r.Bad})
	}
	bySrc = append(bySrc, &Input{Path: "empty.service", Src: []byte{}})
	byText = append(byText, &Input{Path: "empty.service"})
	for how, run := range map[string]func([]*Input) []*Result{"Lint": Lint, "Fix": Fix} {
		want, got := run(bySrc), run(byText)
		for i := range want {
			if diff := cmp.Diff(want[i].Diagnostics, got[i].Diagnostics); diff != "" {
				t.Errorf("%s %s: findings differ (-Src +Text):\n%s", how, bySrc[i].Path, diff)
			}
			if !bytes.Equal(want[i].Fixed, got[i].Fixed) {
				t.Errorf("%s %s: fixed %q from Src, %q from Text", how, bySrc[i].Path, want[i].Fixed, got[i].Fixed)
			}
			if got[i].Input != byText[i] {
				t.Errorf("%s %s: the result's Input is not the input given", how, bySrc[i].Path)
			}
		}
	}
	if len(bySrc) < 30 {
		t.Fatalf("only %d examples", len(bySrc))
	}
}
