package lint

import (
	"slices"
	"strings"
	"sync"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/specifier"
	"github.com/usvc/usvc/unitfile/unitname"
)

// This file and values_*.go hold what the value rules share: for each
// setting, the function systemd 252 parses its value with
// (src/core/load-fragment-gperf.gperf.in), redone in Go on top of
// unitfile/value and unitfile/words, with what systemd does on a bad
// value: ignore the assignment with a warning, or refuse the unit.
//
// invalid-value, relative-path and tilde-path all read the results of
// checkValue and keep the problems of their own class, so that one bad
// value gives one finding. invalid-exec (Exec*= lines) and
// invalid-specifier (% specifiers in every setting) have their own code,
// and checkValue leaves their problems to them.

// problemClass says which rule reports a problem.
type problemClass uint8

const (
	classValue    problemClass = iota // invalid-value
	classRelative                     // relative-path
	classTilde                        // tilde-path
)

// problem is one thing wrong with a value, at Value()[start:end] of the
// entry (the whole value when the value was rewritten by specifier
// expansion).
type problem struct {
	start, end int
	msg        string
	fatal      bool // systemd refuses to load the unit
	class      problemClass
	// tilde, when above 0, is 1 + the offset in Value() of a "~" that
	// means the home directory and can be written %h.
	tilde int
}

// vcheck is one value being checked.
type vcheck struct {
	p   *Pass
	e   *unitfile.Entry
	sec string
	key string
	// v is the value the parser sees: Value() of the entry, or, for a
	// parser that resolves specifiers first, the value with each
	// specifier replaced by a stand-in (see expand). raw is Value().
	v, raw string
	// exact is false when v differs from raw, so offsets in v do not
	// point into the file.
	exact bool
	// specs is true when the value held specifiers that resolve to
	// something of unknown shape (a name, the instance): checks whose
	// verdict depends on what they resolve to are skipped.
	specs bool
	d     *catalog.Directive
	out   []problem
	// literal: the parser resolves no specifiers, so a "%" is an
	// ordinary character.
	literal bool
}

// span maps v[i:j] to Value() offsets.
func (c *vcheck) span(i, j int) (int, int) {
	if !c.exact {
		return 0, len(c.raw)
	}
	return i, j
}

// ignored reports that systemd ignores the assignment because of
// v[i:j]: reason says what is wrong, hint what to do.
func (c *vcheck) ignored(i, j int, reason, hint string) {
	c.add(i, j, classValue, false, reason, hint)
}

// dropped reports a word of a list that systemd drops, keeping the
// others.
func (c *vcheck) dropped(i, j int, reason, hint string) {
	s, e := c.span(i, j)
	msg := reason + ", so systemd drops it from " + c.what()
	if hint != "" {
		msg += "; " + hint
	}
	c.out = append(c.out, problem{start: s, end: e, msg: msg, class: classValue})
}

// note reports a problem with a message of its own, for values systemd
// accepts but that do not do what they seem to.
func (c *vcheck) note(i, j int, class problemClass, msg string) {
	s, e := c.span(i, j)
	c.out = append(c.out, problem{start: s, end: e, msg: msg, class: class})
}

// refused reports a value that makes systemd refuse the unit.
func (c *vcheck) refused(i, j int, reason, hint string) {
	c.add(i, j, classValue, true, reason, hint)
}

func (c *vcheck) add(i, j int, class problemClass, fatal bool, reason, hint string) {
	s, e := c.span(i, j)
	msg := reason
	if c.literal && strings.IndexByte(c.raw, '%') >= 0 {
		msg += " (systemd resolves no % specifiers in " + c.what() + ")"
	}
	if fatal {
		msg += ", so systemd refuses to load the unit"
	} else {
		msg += ", so systemd ignores " + c.what()
	}
	if hint != "" {
		msg += "; " + hint
	}
	c.out = append(c.out, problem{start: s, end: e, msg: msg, fatal: fatal, class: class})
}

// what names the assignment in messages: "TimeoutStartSec=".
func (c *vcheck) what() string { return c.key + "=" }

// checkValueOf checks the value of e, key d in section sec, as systemd
// 252's parser for it (pi) does, and returns the problems found; nil when
// the key is ignored or removed, or has no check. c is scratch space,
// reused from one entry to the next so that checking allocates nothing
// for a good value; the problems are valid until its next use.
func checkValueOf(c *vcheck, p *Pass, ke *keyedEntry, pi *parserInfo) []problem {
	sec, e, d := ke.sec, ke.e, ke.d
	if st := d.StatusIn(p.Version); !st.Known() || st == catalog.StatusIgnored {
		return nil
	}
	if pi == nil || pi.check == nil {
		return nil
	}
	if v := ke.val; hasCommentByte(v) {
		if at, _ := commentStart(p, e, d.Kind(), v); at >= 0 {
			// A trailing comment is the problem, and inline-comment
			// reports it with a fix; the value without it is checked
			// once it is moved.
			return nil
		}
	}
	*c = vcheck{p: p, e: e, sec: sec, key: ke.key, raw: ke.val, v: ke.val, exact: true, d: d, literal: pi.spec == specNone, out: c.out[:0]}
	switch pi.spec {
	case specFull, specPath, specName:
		if strings.IndexByte(c.v, '%') < 0 {
			break
		}
		if !c.expand(pi.spec) {
			return nil // an invalid specifier: invalid-specifier says so
		}
		if c.specs && pi.spec == specFull {
			// What the value means depends on what the specifiers
			// resolve to; paths and unit names keep their shape.
			return nil
		}
	}
	pi.check(c)
	return c.out
}

// specMode is how a parser resolves specifiers before it reads the
// value.
type specMode uint8

const (
	specNone  specMode = iota // no specifiers: "%" is an ordinary byte
	specFull                  // unit_full_printf() and friends on the whole value
	specPath                  // unit_path_printf(): like specFull, for paths
	specName                  // unit_name_printf(): unit names
	specWords                 // per word, after splitting: the check does it
)

// parserInfo is what usvc knows of one of systemd's config_parse_*
// functions.
type parserInfo struct {
	check func(*vcheck)
	spec  specMode
	// fatalSpec: a specifier that cannot be resolved makes systemd
	// refuse the unit, rather than ignore the assignment.
	fatalSpec bool
	// paths: the value holds paths, which relative-path and tilde-path
	// check.
	paths bool
}

// specContext is the specifier table a mode resolves with.
func (m specMode) context() specifier.Context {
	if m == specName {
		return specifier.UnitName
	}
	return specifier.UnitFile
}

// expand replaces the specifiers of c.v by stand-ins, as the parser would
// resolve them first. It returns false when a specifier is invalid in
// the context (the parser then ignores the value, or refuses the unit:
// invalid-specifier reports it).
func (c *vcheck) expand(m specMode) bool {
	set := m.context().Set(int(c.p.Version.Major))
	var b strings.Builder
	v := c.v
	changed := false
	for i := 0; i < len(v); i++ {
		ch := v[i]
		if ch != '%' || i+1 >= len(v) {
			b.WriteByte(ch)
			continue
		}
		n := v[i+1]
		switch {
		case n == '%':
			b.WriteByte('%')
			changed = true
			i++
		case isAlnum(n):
			if !set.Has(n) {
				return false
			}
			b.WriteString(standIn(n, c.p))
			changed = true
			if strings.IndexByte(shapedSpecifiers, n) < 0 {
				c.specs = true
			}
			i++
		default:
			b.WriteByte(ch)
		}
	}
	if changed {
		c.v = b.String()
		c.exact = false
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// shapedSpecifiers resolve to absolute paths whatever the machine: a
// value made with them can be judged with stand-ins. The others (names,
// IDs, the instance) could resolve to anything.
const shapedSpecifiers = "hstSCLEDTVdyYfcrR"

// standIn is what a specifier is taken to resolve to while checking a
// value: something of the right shape (an absolute path for the
// directory specifiers, a name for the others), so that "%h/app" is an
// absolute path and "%i.service" a unit name.
func standIn(letter byte, p *Pass) string {
	switch letter {
	case 'h':
		if p.Scope == SystemScope {
			return "/root"
		}
		return "/home/user"
	case 's':
		return "/bin/sh"
	case 't':
		if p.Scope == SystemScope {
			return "/run"
		}
		return "/run/user/1000"
	case 'S':
		return "/var/lib"
	case 'C':
		return "/var/cache"
	case 'L':
		return "/var/log"
	case 'E':
		return "/etc"
	case 'D':
		return "/usr/share"
	case 'T':
		return "/tmp"
	case 'V':
		return "/var/tmp"
	case 'd':
		return "/run/credentials/unit.service"
	case 'y':
		return "/etc/systemd/system/unit.service"
	case 'Y':
		return "/etc/systemd/system"
	case 'f':
		return "/instance"
	case 'c', 'r', 'R':
		return "/system.slice/unit.service"
	case 'U', 'G':
		return "1000"
	case 'm', 'b':
		return "0123456789abcdef0123456789abcdef"
	case 'n', 'N', 'p', 'P', 'i', 'I', 'j', 'J':
		return nameStandIn(letter, p.Unit)
	}
	return "x"
}

// nameStandIn resolves the unit name specifiers for unit, as
// src/core/unit-printf.c does, with "instance" as the instance of a
// template (verify and the manager only load instances of it).
func nameStandIn(letter byte, unit string) string {
	typ := unitname.Type(unit)
	if typ == "" || !unitname.Valid(unit, unitname.Plain|unitname.Instance|unitname.Template) {
		unit, typ = "unit.service", "service"
	}
	base := strings.TrimSuffix(unit, "."+typ)
	prefix, instance, _ := strings.Cut(base, "@")
	if strings.HasSuffix(base, "@") {
		instance = "instance"
		base += instance
		unit = base + "." + typ
	}
	last := prefix
	if i := strings.LastIndexByte(prefix, '-'); i >= 0 && i+1 < len(prefix) {
		last = prefix[i+1:]
	}
	switch letter {
	case 'n':
		return unit
	case 'N':
		return base
	case 'p', 'P':
		return prefix
	case 'i', 'I':
		return instance
	}
	return last
}

// parserOf is the parser systemd applies to directive d at release
// version: the catalogue's (which names the newest release's) with the
// changes since 252 undone where the target predates them.
func parserOf(d *catalog.Directive, version catalog.Version) *parserInfo {
	// Every value of every file asks: answer from a table by directive
	// rather than by the parser's name.
	t := parserTables()
	if version.Compare(catalog.V(256)) < 0 {
		return t.before256[d]
	}
	return t.since256[d]
}

// parserTable is parserFor for every directive of the catalogue, for
// targets before 256 and from 256 on.
type parserTable struct {
	before256, since256 map[*catalog.Directive]*parserInfo
}

var parserTables = sync.OnceValue(func() *parserTable {
	t := &parserTable{map[*catalog.Directive]*parserInfo{}, map[*catalog.Directive]*parserInfo{}}
	for d := range catalog.Directives() {
		sec := d.Section().String()
		if pi := parserFor(sec, d.Name(), d, catalog.V(255)); pi != nil {
			t.before256[d] = pi
		}
		if pi := parserFor(sec, d.Name(), d, catalog.V(256)); pi != nil {
			t.since256[d] = pi
		}
	}
	return t
})

// parserFor is parserOf worked out from the parser's name.
func parserFor(section, key string, d *catalog.Directive, version catalog.Version) *parserInfo {
	name := d.Parser()
	if version.Compare(catalog.V(256)) < 0 {
		// Before 256 these were plain booleans (config_parse_bool);
		// later releases accept more words.
		switch name {
		case "config_parse_private_tmp", "config_parse_private_users", "config_parse_protect_control_groups",
			"config_parse_protect_hostname":
			name = "config_parse_bool"
		case "config_parse_tristate":
			if key == "PrivateMounts" {
				name = "config_parse_bool"
			}
		}
	}
	if section == "Install" {
		return installParsers[key]
	}
	switch {
	case section == "Mount" && key == "What":
		name = "config_parse_unit_string_printf"
	case section == "Swap" && key == "What":
		name = "config_parse_unit_path_printf"
	}
	return parsers[name]
}

// entryProblems are the problems checkValue found in one entry.
type entryProblems struct {
	e        *unitfile.Entry
	pi       *parserInfo
	problems []problem
}

// valueProblems checks every value of the file once and keeps the
// entries with problems: invalid-value, relative-path and tilde-path each
// report their class of them.
func (p *Pass) valueProblems() []entryProblems {
	if p.vdone {
		return p.vprobs
	}
	p.vdone = true
	var c vcheck
	for i := range p.Source.keyed {
		ke := &p.Source.keyed[i]
		if ke.d == nil || strings.HasPrefix(ke.key, "X-") {
			continue
		}
		pi := parserOf(ke.d, p.Version)
		if pi == nil || pi.check == nil {
			continue
		}
		if prs := checkValueOf(&c, p, ke, pi); len(prs) > 0 {
			p.vprobs = append(p.vprobs, entryProblems{e: ke.e, pi: pi, problems: slices.Clone(prs)})
		}
	}
	return p.vprobs
}

// reportValueProblems reports the problems of class that checkValue
// finds. pre, when set, picks the values worth a look; only, when set,
// picks the parsers.
func reportValueProblems(p *Pass, class problemClass, pre func(v string) bool, only func(pi *parserInfo, v string) bool) {
	for _, ep := range p.valueProblems() {
		e := ep.e
		if pre != nil && !pre(e.Value()) || only != nil && !only(ep.pi, e.Value()) {
			continue
		}
		for _, pr := range ep.problems {
			if pr.class != class {
				continue
			}
			pos, end := e.SpanAt(pr.start, pr.end)
			d := Diagnostic{Pos: pos, End: end, Message: pr.msg}
			if !pr.fatal {
				d.Severity = Warning
			}
			if pr.tilde > 0 {
				d.Fix = tildeEdit(p, e, pr.tilde-1)
			}
			p.Report(d)
		}
	}
}
