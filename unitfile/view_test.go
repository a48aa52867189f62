package unitfile

import (
	"fmt"
	"path/filepath"
	"strings"
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
