package unitfile

import (
	"fmt"
	"strings"
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
