package unitfile

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// view is what a test compares: what systemd reads from a file, without
// positions.
type view struct {
	Entries []string // "Section|Key|Value|line", line as systemd numbers it
	Diags   []string // "line code" or "line code fatal"
}

func viewOf(f *File) view {
	var v view
	for s, e := range f.Entries() {
		if !f.Read(e) {
			break
		}
		sec := s.Name()
		if s.Ignored {
			sec = "(" + sec + ")"
		}
		v.Entries = append(v.Entries, fmt.Sprintf("%s|%s|%s|%d", sec, e.Key(), e.Value(), e.Line()))
	}
	for _, d := range f.Diagnostics {
		s := fmt.Sprintf("%d %s", d.Line, d.Code)
		if d.Fatal {
			s += " fatal"
		}
		v.Diags = append(v.Diags, s)
	}
	return v
}

// ents builds expected entries from "Section|Key|Value|line" lines.
func ents(s ...string) []string { return s }

func diags(s ...string) []string { return s }

var _ = strings.TrimSpace

// TestBlankAndCommentText pins what Blank.Lines and Comment.Text work out
// from the raw bytes: physical lines by systemd's line ends, and the
// comment from its '#' or ';'.
func TestBlankAndCommentText(t *testing.T) {
	f, err := Parse("x.service", []byte("  # one\r\n\n \t\r\n\x00\n[Unit]\n\t;two\n\n\n   "))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for n := range f.Nodes() {
		switch n := n.(type) {
		case *Blank:
			got = append(got, fmt.Sprintf("blank %d", n.Lines()))
		case *Comment:
			got = append(got, "comment "+n.Text())
		}
	}
	want := []string{"comment # one", "blank 3", "comment ;two", "blank 3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
}

// TestTypeOf pins TypeOf, which skips cutting out the base name for unit
// files, against the base-name reading on names with odd separators and
// dots.
func TestTypeOf(t *testing.T) {
	slow := func(filename string) string {
		base := filepath.Base(filename)
		if strings.HasSuffix(base, ".conf") {
			if d, ok := strings.CutSuffix(filepath.Base(filepath.Dir(filename)), ".d"); ok {
				if typeSection(d) != "" {
					return d
				}
				return typeSuffix(d)
			}
			return ""
		}
		return typeSuffix(base)
	}
	for _, c := range []struct{ name, want string }{
		{"app.service", "service"}, {"/etc/systemd/user/app.timer", "timer"}, {"a.b/c", ""},
		{"a.service/", "service"}, {"dir.service/x", ""}, {"x.service.d/10-a.conf", "service"},
		{"service.d/a.conf", "service"}, {"a.conf", ""}, {"", ""}, {".", ""}, {"..", ""},
		{"foo.", ""}, {"foo.Service", ""}, {"a@b.socket", "socket"}, {"-", ""}, {"x.service.conf", ""},
		{"a/b.d/c.conf/", ""}, {"x/.service", "service"},
	} {
		if got := TypeOf(c.name); got != c.want || got != slow(c.name) {
			t.Errorf("TypeOf(%q) = %q, want %q (base-name reading: %q)", c.name, got, c.want, slow(c.name))
		}
	}
}

// TestConcurrentPositions reads positions of one parsed file from several
// goroutines at once. Line numbers come from a table each source makes on
// first use and continued entries map positions lazily: both must give
// every reader the same answer (go test -race checks the sharing).
func TestConcurrentPositions(t *testing.T) {
	src := "# c\n[Unit]\nDescription=a \\\n  # inner\n  b\n\n[Service]\nExecStart=/bin/true\n"
	want := []string{"1:1", "2:1", "3:1 3:13 5:4", "6:1", "7:1", "8:1 8:11 8:20"}
	for range 20 {
		f := mustParse(t, "x.service", src)
		got := make([][]string, 4)
		var wg sync.WaitGroup
		for g := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range f.Nodes() {
					s := n.Pos().String()
					if e, ok := n.(*Entry); ok {
						s += " " + e.ValuePos().String() + " " + e.ValueEnd().String()
					}
					got[g] = append(got[g], s)
				}
			}()
		}
		wg.Wait()
		for g := range got {
			if diff := cmp.Diff(want, got[g]); diff != "" {
				t.Fatalf("reader %d (-want +got):\n%s", g, diff)
			}
		}
	}
}
