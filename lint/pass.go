package lint

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

// Source is one file of a lint run, parsed.
type Source struct {
	// File is the parsed file; File.Name is Path.
	File *unitfile.File
	// Path is the file's name as given to the linter.
	Path string
	// Unit is the unit the file configures: the file's own name for a
	// unit file ("app.service"), the directory's for a drop-in
	// ("app.service" for app.service.d/limits.conf; "app-.service" for a
	// prefix drop-in, "service" for a type-wide service.d).
	Unit string
	// DropIn is true for NAME.d/*.conf files.
	DropIn bool
	// Type is the unit type ("service"), or "" when the name says none.
	Type string
	// Scope is UserScope or SystemScope.
	Scope Scope

	settings *Settings
	// keyed are the file's assignments with their catalogue entries,
	// worked out once when the file is parsed (see keyedEntries).
	keyed []keyedEntry
}

// Pass is what a rule sees while it checks one file: the file and its
// context, and the means to report. A Pass is valid only during Run.
type Pass struct {
	// Source is the file being checked.
	*Source
	// Version is the systemd release the unit must work with.
	Version catalog.Version

	rule  *Rule
	run   *runState
	diags *[]Diagnostic

	// vprobs are the value problems of the file, found once for the
	// rules that report them (see valueProblems).
	vprobs []entryProblems
	vdone  bool
	// uf and sf are the pass's own unit and its service settings, for
	// the rules that judge the whole unit (see unitFilesOf).
	uf     unitFiles
	ufDone bool
	sf     serviceFacts
	sfDone bool
	// execs are the Exec*= lines parsed so far (see exec).
	execs []execMemo
}

type execMemo struct {
	e  *unitfile.Entry
	ex *words.Exec
}

// exec is words.ParseExec of entry e's value with only its key as
// options, parsed once per pass: several rules read the same Exec*=
// lines. The result is shared: callers must not modify it.
func (p *Pass) exec(e *unitfile.Entry) *words.Exec {
	for _, m := range p.execs {
		if m.e == e {
			return m.ex
		}
	}
	ex := words.ParseExec(e.Value(), words.Options{Key: e.Key()})
	p.execs = append(p.execs, execMemo{e, &ex})
	return &ex
}

// Rule is the rule being run.
func (p *Pass) Rule() *Rule { return p.rule }

// Report records a finding of the pass's rule. Path and Rule are filled
// in; a zero Severity means the rule's severity. A rule may report a
// lower severity than its default for a milder case; the configuration's
// severity for the rule, when set, overrides both.
func (p *Pass) Report(d Diagnostic) {
	d.Path = p.Path
	d.Rule = p.rule.Name
	if d.Severity == 0 {
		d.Severity = p.rule.Severity
	}
	if s, ok := p.settings.severity(p.rule.Name); ok {
		d.Severity = s
	}
	if d.Pos.IsValid() && !d.End.IsValid() {
		d.End = d.Pos
	}
	d.Fix = normalize(d.Fix)
	*p.diags = append(*p.diags, d)
}

// Reportf reports a finding without a fix at pos..end.
func (p *Pass) Reportf(pos, end unitfile.Pos, format string, args ...any) {
	p.Report(Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf(format, args...)})
}

// Replace is a fix that replaces the text from pos to end by s.
func (p *Pass) Replace(pos, end unitfile.Pos, s string) []TextEdit {
	return []TextEdit{{Start: pos.Offset, End: end.Offset, New: s}}
}

// ReplaceValue is a fix that replaces Value()[i:j] of entry e by s. It
// is nil (no fix) when that part of the value does not stand as it is on
// one line of the file (it crosses a continuation, whose backslash a byte
// edit could remove with it, or a skipped comment line).
func (p *Pass) ReplaceValue(e *unitfile.Entry, i, j int, s string) []TextEdit {
	if !p.valueIsSource(e, i, j) {
		return nil
	}
	pos, end := e.SpanAt(i, j)
	return p.Replace(pos, end, s)
}

// valueIsSource reports whether Value()[i:j] stands in the file as it is,
// on one line: no continuation (whose backslash the value shows as a
// space) and no skipped comment line inside it.
func (p *Pass) valueIsSource(e *unitfile.Entry, i, j int) bool {
	v := e.Value()
	if i < 0 || j > len(v) || i > j {
		return false
	}
	pos, end := e.SpanAt(i, j)
	src := p.File.Source()
	return pos.Line == end.Line && end.Offset-pos.Offset == j-i && end.Offset <= len(src) && src[pos.Offset:end.Offset] == v[i:j]
}

// DeleteLines is a fix that removes node n: all its physical lines, line
// ends included.
func (p *Pass) DeleteLines(n unitfile.Node) []TextEdit {
	start := n.Pos().Offset
	return []TextEdit{{Start: start, End: start + len(n.Raw())}}
}

// InsertAbove is a fix that adds the line text above node n, indented
// like n, with the file's line end.
func (p *Pass) InsertAbove(n unitfile.Node, text string) []TextEdit {
	raw := n.Raw()
	at := n.Pos().Offset
	if at == 0 && strings.HasPrefix(raw, "\uFEFF") {
		// Keep a byte order mark first, where systemd strips it.
		at += 3
		raw = raw[3:]
	}
	indent := raw[:len(raw)-len(strings.TrimLeft(raw, " \t"))]
	return []TextEdit{{Start: at, End: at, New: indent + text + p.File.EOL()}}
}

// Sources are all the files of the run, in the order they were given.
func (p *Pass) Sources() []*Source { return p.run.sources }

// Linted returns the files of the run that configure unit name (its unit
// file and its drop-ins), in the order they were given.
func (p *Pass) Linted(name string) []*Source {
	return p.run.idx().byUnit[unitKey{p.Scope, name}]
}

// Related returns the other files of the run that configure the same
// unit as this one: for a unit file its drop-ins, for a drop-in the unit
// file and the other drop-ins.
func (p *Pass) Related() []*Source {
	var out []*Source
	for _, s := range p.Linted(p.Unit) {
		if s != p.Source {
			out = append(out, s)
		}
	}
	return out
}

// Exists says whether unit name exists for the manager of this file:
// Yes when a file of the run is that unit (or, for an instance, its
// template), otherwise what the loaded search path says (Unknown when
// none is loaded).
func (p *Pass) Exists(name string) Answer {
	for _, n := range [2]string{name, templateOf(name)} {
		if n == "" {
			continue
		}
		for _, s := range p.Linted(n) {
			if !s.DropIn {
				return Yes
			}
		}
	}
	if u := p.settings.units(); u != nil {
		// Files are linted in parallel; a Units need not be safe for
		// concurrent use, and is asked rarely.
		p.run.unitsMu.Lock()
		defer p.run.unitsMu.Unlock()
		return u.Exists(name)
	}
	return Unknown
}

// Effective is unit name as loaded from the search path (for a unit of
// this run, the search path's copy, which may differ from the file
// being linted), or false when no search path is loaded or it lacks the
// unit.
func (p *Pass) Effective(name string) (*Unit, bool) {
	if u := p.settings.units(); u != nil {
		p.run.unitsMu.Lock()
		defer p.run.unitsMu.Unlock()
		return u.Effective(name)
	}
	return nil, false
}

// templateOf is "foo@.service" for "foo@bar.service", "" for other names.
func templateOf(name string) string {
	at := strings.IndexByte(name, '@')
	dot := strings.LastIndexByte(name, '.')
	if at < 0 || dot < at || at+1 == dot {
		return ""
	}
	return name[:at+1] + name[dot:]
}

// unitOf is the unit a file configures, and whether the file is a drop-in.
func unitOf(path string) (unit string, dropIn bool) {
	base := filepath.Base(path)
	if strings.HasSuffix(base, ".conf") {
		dir := filepath.Base(filepath.Dir(path))
		if u, ok := strings.CutSuffix(dir, ".d"); ok && u != "" {
			return u, true
		}
	}
	return base, false
}
