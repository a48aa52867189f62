package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
)

// Suppression comments. systemd has no trailing comments, so a directive
// is a comment line of its own:
//
//	# usvc:ignore RULE[,RULE...] REASON
//	# usvc:ignore-file RULE[,RULE...] REASON
//
// "usvc:ignore" silences the named rules on the next line that is not a
// comment or blank: an entry (all its physical lines), a line systemd
// rejects, or a section header, which silences them in the whole
// section, header and body. Inside a continued entry (systemd skips
// comment lines there) it silences them on that entry. "usvc:ignore-file"
// silences them in the whole file, wherever it stands. The reason is
// required. A directive that is malformed (no reason, an unknown rule)
// is an invalid-suppression finding and silences nothing; a rule name
// that silences nothing, although the rule ran, is an unused-suppression
// finding.

const (
	ruleUnusedSuppression  = "unused-suppression"
	ruleInvalidSuppression = "invalid-suppression"
)

// directive is one suppression comment.
type directive struct {
	file       bool
	names      []directiveName
	start, end int // the byte range it silences; start < 0: nothing
	comment    unitfile.Node
	pos, end2  unitfile.Pos // the directive's text
	problem    string       // why it is malformed, "" when it is not
}

type directiveName struct {
	name     string
	pos, end unitfile.Pos
	used     bool
}

// commentLine is a comment line: its node (nil inside a continued
// entry), the offset of its first byte and of its '#' or ';', its line
// number, and its text from the marker on.
type commentLine struct {
	node       unitfile.Node
	lineStart  int
	markerOff  int
	line       int
	text       string
	targetFrom int // for a line inside an entry: the entry's range
	targetTo   int
}

// directives finds the suppression comments of f and what each silences.
func directives(f *unitfile.File) []*directive {
	src := f.Source()
	if !strings.Contains(src, "usvc:") {
		return nil
	}
	var nodes []unitfile.Node
	for n := range f.Nodes() {
		nodes = append(nodes, n)
	}
	// The end of each section: the start of the next header.
	sectionEnd := map[*unitfile.Header]int{}
	for i, s := range f.Sections {
		end := len(src)
		if i+1 < len(f.Sections) {
			end = f.Sections[i+1].Header.Pos().Offset
		}
		sectionEnd[s.Header] = end
	}
	var out []*directive
	for i, n := range nodes {
		var lines []commentLine
		switch n := n.(type) {
		case *unitfile.Comment:
			if !strings.Contains(n.Raw(), "usvc:") {
				continue
			}
			raw := n.Raw()
			ind := len(raw) - len(strings.TrimLeft(raw, " \t"))
			if strings.HasPrefix(raw, "\uFEFF") {
				ind = 3 + len(raw[3:]) - len(strings.TrimLeft(raw[3:], " \t"))
			}
			c := commentLine{node: n, lineStart: n.Pos().Offset, markerOff: n.Pos().Offset + ind, line: n.Pos().Line, text: n.Text(), targetFrom: -1}
			// The target: the next node that is not a comment or blank.
			for _, m := range nodes[i+1:] {
				switch m := m.(type) {
				case *unitfile.Comment, *unitfile.Blank:
					continue
				case *unitfile.Header:
					c.targetFrom, c.targetTo = m.Pos().Offset, sectionEnd[m]
				default:
					c.targetFrom, c.targetTo = m.Pos().Offset, m.Pos().Offset+len(m.Raw())
				}
				break
			}
			lines = append(lines, c)
		case *unitfile.Entry:
			if !n.Continued() || !strings.Contains(n.Raw(), "usvc:") {
				continue
			}
			lines = entryComments(n)
		default:
			continue
		}
		for _, c := range lines {
			if d := parseDirective(c); d != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

// entryComments are the comment lines inside a continued entry, which
// systemd skips while it joins the entry's lines.
func entryComments(e *unitfile.Entry) []commentLine {
	raw := e.Raw()
	base := e.Pos().Offset
	line := e.Pos().Line
	var out []commentLine
	for off, first := 0, true; off < len(raw); first = false {
		textEnd := off + nextEOL(raw[off:])
		next := eolEnd(raw, textEnd)
		text := raw[off:textEnd]
		trimmed := strings.TrimLeft(text, " \t")
		if !first && trimmed != "" && (trimmed[0] == '#' || trimmed[0] == ';') {
			out = append(out, commentLine{
				lineStart: base + off, markerOff: base + off + len(text) - len(trimmed), line: line,
				text: strings.TrimRight(trimmed, " \t"), targetFrom: base, targetTo: base + len(raw),
			})
		}
		line++
		off = next
		if next == textEnd {
			break
		}
	}
	return out
}

// nextEOL and eolEnd split lines as unitfile does (systemd's
// read_line_full(): "\n", "\r", NUL and their combinations, each kind at
// most once, nothing after a NUL).
func nextEOL(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == 0 {
			return i
		}
	}
	return len(s)
}

func eolEnd(s string, e int) int {
	kind := func(c byte) int {
		switch c {
		case '\n':
			return 2
		case '\r':
			return 4
		case 0:
			return 1
		}
		return 0
	}
	if e >= len(s) {
		return e
	}
	prev := kind(s[e])
	j := e + 1
	for j < len(s) {
		k := kind(s[j])
		if prev&1 != 0 || k == 0 || prev&k != 0 {
			break
		}
		prev |= k
		j++
	}
	return j
}

// parseDirective reads a comment line as a directive; nil when it is not
// one ("usvc:" must follow the marker and blanks).
func parseDirective(c commentLine) *directive {
	body := c.text[1:] // after '#' or ';'
	lead := len(body) - len(strings.TrimLeft(body, " \t"))
	body = body[lead:]
	if !strings.HasPrefix(body, "usvc:") {
		return nil
	}
	at := func(i int) unitfile.Pos { // i: offset in c.text
		return unitfile.Pos{Offset: c.markerOff + i, Line: c.line, Col: c.markerOff - c.lineStart + i + 1}
	}
	start := 1 + lead
	d := &directive{comment: c.node, start: c.targetFrom, end: c.targetTo, pos: at(0), end2: at(len(c.text))}
	word, rest := body, ""
	if i := strings.IndexAny(body, " \t"); i >= 0 {
		word, rest = body[:i], body[i:]
	}
	switch word {
	case "usvc:ignore":
	case "usvc:ignore-file":
		d.file = true
	default:
		d.problem = "unknown directive " + word + "; use usvc:ignore or usvc:ignore-file"
		return d
	}
	// restOff: the offset of rest in c.text.
	restOff := start + len(word)
	lead = len(rest) - len(strings.TrimLeft(rest, " \t"))
	rest = rest[lead:]
	restOff += lead
	list := rest
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		list = rest[:i]
	}
	reason := strings.TrimSpace(rest[len(list):])
	if list == "" {
		d.problem = word + " needs the rules to silence and a reason: # " + word + " RULE[,RULE] REASON"
		return d
	}
	off := restOff
	for _, name := range strings.Split(list, ",") {
		d.names = append(d.names, directiveName{name: name, pos: at(off), end: at(off + len(name))})
		off += len(name) + 1
	}
	if reason == "" {
		d.problem = word + " needs a reason after the rule names: # " + word + " " + list + " REASON"
	}
	return d
}

// suppress drops the findings the file's directives silence, and adds
// the findings about the directives themselves.
func suppress(p *Pass, diags []Diagnostic) []Diagnostic {
	ds := directives(p.File)
	if len(ds) == 0 {
		return diags
	}
	// ranRule reports whether the named rule checked the file; only a rule
	// that ran can leave a suppression unused.
	ranRule := func(name string) bool {
		r, ok := Lookup(name)
		return ok && ran(p.Source, r)
	}
	out := filterSuppressed(ds, diags)
	var meta []Diagnostic
	report := func(rule string, d Diagnostic) {
		r, _ := Lookup(rule)
		if !ran(p.Source, r) {
			return
		}
		saved := p.rule
		p.rule = r
		sink := p.diags
		p.diags = &meta
		p.Report(d)
		p.diags = sink
		p.rule = saved
	}
	for _, d := range ds {
		if d.problem != "" {
			report(ruleInvalidSuppression, Diagnostic{Pos: d.pos, End: d.end2, Message: d.problem})
			continue
		}
		for _, n := range d.names {
			if _, ok := Lookup(n.name); !ok {
				msg := "unknown rule " + quote(n.name) + " in a suppression"
				if s := Suggest(n.name); s != "" {
					msg += "; did you mean " + s + "?"
				}
				report(ruleInvalidSuppression, Diagnostic{Pos: n.pos, End: n.end, Message: msg})
			}
		}
	}
	for _, d := range ds {
		if d.problem != "" {
			continue
		}
		for k, n := range d.names {
			if n.used || !ranRule(n.name) || n.name == ruleUnusedSuppression || n.name == ruleInvalidSuppression {
				continue
			}
			if _, ok := Lookup(n.name); !ok {
				continue
			}
			report(ruleUnusedSuppression, Diagnostic{
				Pos: n.pos, End: n.end,
				Message: "this suppression of " + n.name + " silences nothing; remove it",
				Fix:     removeName(p, d, k),
			})
		}
	}
	meta = filterSuppressed(ds, meta)
	// A directive that names the suppression rules themselves is used
	// when it silenced one of their findings; otherwise it is unused too.
	for _, d := range ds {
		if d.problem != "" {
			continue
		}
		for k, n := range d.names {
			if n.used || !ranRule(n.name) || (n.name != ruleUnusedSuppression && n.name != ruleInvalidSuppression) {
				continue
			}
			report(ruleUnusedSuppression, Diagnostic{
				Pos: n.pos, End: n.end,
				Message: "this suppression of " + n.name + " silences nothing; remove it",
				Fix:     removeName(p, d, k),
			})
		}
	}
	return append(out, meta...)
}

// filterSuppressed drops the findings that directives silence and marks
// those directives' names used.
func filterSuppressed(ds []*directive, diags []Diagnostic) []Diagnostic {
	out := diags[:0:0]
	for _, diag := range diags {
		silenced := false
		for _, d := range ds {
			if d.problem != "" {
				continue
			}
			if !d.file && (!diag.Pos.IsValid() || d.start < 0 || diag.Pos.Offset < d.start || diag.Pos.Offset >= d.end) {
				continue
			}
			for k := range d.names {
				if d.names[k].name == diag.Rule {
					d.names[k].used = true
					silenced = true
				}
			}
		}
		if !silenced {
			out = append(out, diag)
		}
	}
	return out
}

// removeName is the fix for an unused name: delete the directive's line
// when no name of it is used, else the name and its comma.
func removeName(p *Pass, d *directive, k int) []TextEdit {
	used := 0
	for _, n := range d.names {
		if n.used {
			used++
		}
	}
	if used == 0 {
		if d.comment == nil {
			return nil
		}
		return p.DeleteLines(d.comment)
	}
	if k > 0 {
		return []TextEdit{{Start: d.names[k-1].end.Offset, End: d.names[k].end.Offset}}
	}
	return []TextEdit{{Start: d.names[0].pos.Offset, End: d.names[1].pos.Offset}}
}

// quote puts a name in double quotes for a message.
func quote(s string) string { return "\"" + s + "\"" }
