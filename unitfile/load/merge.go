package load

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

// Assignment is one Key=Value systemd hands to the unit: the entry and the
// file and section it stands in.
type Assignment struct {
	File    *File
	Section *unitfile.Section
	Entry   *unitfile.Entry
}

// SectionName is the name of the assignment's section ("Service").
func (a Assignment) SectionName() string { return a.Section.Name() }

// Key is the assignment's key.
func (a Assignment) Key() string { return a.Entry.Key() }

// Value is the assignment's logical value, as the lexer hands it on.
func (a Assignment) Value() string { return a.Entry.Value() }

// ValueError is a value systemd rejects. Most rejected values are logged
// and ignored, so an earlier value stays in force; a Fatal one makes
// systemd stop reading the file there (-ENOEXEC): the unit fails to load
// when it is in the fragment, and the rest of a drop-in is skipped.
type ValueError struct {
	File  *File
	Entry *unitfile.Entry
	// Start and End delimit the bad part of Entry.Value(), as byte
	// offsets; Entry.SpanAt(Start, End) gives its position in the file.
	Start, End int
	// Msg says what is wrong, in systemd's words where it has a message.
	Msg   string
	Fatal bool
}

// Span is the position of the bad part in the file.
func (e *ValueError) Span() (unitfile.Pos, unitfile.Pos) { return e.Entry.SpanAt(e.Start, e.End) }

// Error is "path:line:col: Key=: message".
func (e *ValueError) Error() string {
	p, _ := e.Span()
	return fmt.Sprintf("%s:%d:%d: %s=: %s", e.File.Path, p.Line, p.Col, e.Entry.Key(), e.Msg)
}

// merge applies the fragment, then (when the fragment loaded) each
// drop-in, keeping every assignment systemd hands to a per-key parser
// until a fatal error stops the file.
func (u *Unit) merge() {
	if u.mergeDone {
		return
	}
	u.mergeDone = true
	apply := func(f *File) *ValueError {
		if f == nil || f.Parsed == nil {
			return nil
		}
		for s, e := range f.Parsed.Assignments() {
			if ve := fatalSetting(u.Type, f, s, e); ve != nil {
				return ve
			}
			u.merged = append(u.merged, Assignment{File: f, Section: s, Entry: e})
		}
		return nil
	}
	if ve := apply(u.Fragment); ve != nil {
		u.State, u.Err = BadSetting, ve
		return
	}
	if u.Fragment != nil && u.Fragment.Parsed != nil {
		if d := u.Fragment.Parsed.Fatal(); d != nil {
			u.State, u.Err = Error, fmt.Errorf("%s:%d: %s", u.Fragment.Path, d.Line, d.Message)
			return
		}
	}
	for _, f := range u.DropIns {
		// A fatal error in a drop-in stops only that drop-in; systemd
		// ignores config_parse()'s result for drop-ins.
		_ = apply(f)
	}
}

// Assignments are the assignments systemd applies to the unit, in order:
// the fragment's, then each drop-in's in the order of DropIns, each file
// up to a fatal error. They are empty unless the unit is Loaded, except
// that for BadSetting and Error they hold what the fragment set before
// the error.
func (u *Unit) Assignments() []Assignment {
	if u.Fragment != nil && u.Fragment.Parsed != nil {
		u.merge()
	}
	return u.merged
}

// listMode is how repeated assignments of a key combine, with two
// refinements over the catalogue: the groups whose empty assignment clears
// every key of the group, and the trigger Unit= where the first one wins.
type listMode uint8

const (
	modeLast   listMode = iota // a later assignment replaces the earlier
	modeReset                  // accumulate; empty clears
	modeAppend                 // accumulate; empty does nothing
	modeFirst                  // the first non-empty one stays (Unit= of timers and paths)
)

// resetGroups are keys that share one list: an empty assignment of any
// clears them all (timer_free_values(), socket_free_ports(),
// path_free_specs() in src/core/load-fragment.c).
var resetGroups = map[string]string{
	"Timer.OnActiveSec": "timer", "Timer.OnBootSec": "timer", "Timer.OnStartupSec": "timer",
	"Timer.OnUnitActiveSec": "timer", "Timer.OnUnitInactiveSec": "timer", "Timer.OnCalendar": "timer",
	"Socket.ListenStream": "listen", "Socket.ListenDatagram": "listen", "Socket.ListenSequentialPacket": "listen",
	"Socket.ListenFIFO": "listen", "Socket.ListenNetlink": "listen", "Socket.ListenSpecial": "listen",
	"Socket.ListenMessageQueue": "listen", "Socket.ListenUSBFunction": "listen",
	"Path.PathExists": "path", "Path.PathExistsGlob": "path", "Path.PathChanged": "path",
	"Path.PathModified": "path", "Path.DirectoryNotEmpty": "path",
}

func modeOf(typ, section, key string) listMode {
	if (section == "Timer" || section == "Path") && key == "Unit" {
		// config_parse_trigger_unit(): "Multiple units to trigger
		// specified, ignoring"
		return modeFirst
	}
	d, ok := catalog.LookupType(typ, section, key)
	if !ok {
		return modeLast
	}
	switch d.List() {
	case catalog.ListReset:
		return modeReset
	case catalog.ListAppend:
		return modeAppend
	}
	return modeLast
}

// Effective is the unit after list semantics, in application order: of a
// single-value key only the last assignment stays; an empty assignment of
// a resettable list removes the earlier ones of that list (and itself);
// dependencies and other append-only lists keep everything but empty
// assignments. Values are not judged here: systemd ignores an invalid
// value and keeps the earlier one, which the typed views (Service, Timer,
// ...) take into account.
func (u *Unit) Effective() []Assignment {
	if u.effDone {
		return u.effective
	}
	u.effDone = true
	as := u.Assignments()
	alive := make([]bool, len(as))
	byKey := map[string][]int{}
	for i, a := range as {
		sec, key := a.SectionName(), a.Key()
		k := sec + "." + key
		group := k
		if g, ok := resetGroups[k]; ok {
			group = g
		}
		empty := a.Value() == ""
		switch modeOf(u.Type, sec, key) {
		case modeLast:
			for _, j := range byKey[k] {
				alive[j] = false
			}
		case modeReset:
			if empty {
				for _, j := range byKey[group] {
					alive[j] = false
				}
				continue
			}
		case modeAppend:
			if empty {
				continue
			}
		case modeFirst:
			if empty || len(byKey[k]) > 0 {
				continue
			}
		}
		alive[i] = true
		byKey[k] = append(byKey[k], i)
		if group != k {
			byKey[group] = append(byKey[group], i)
		}
	}
	for i, a := range as {
		if alive[i] {
			u.effective = append(u.effective, a)
		}
	}
	return u.effective
}

// Values are the effective assignments of one key, in order.
func (u *Unit) Values(section, key string) []Assignment {
	var out []Assignment
	for _, a := range u.Effective() {
		if a.SectionName() == section && a.Key() == key {
			out = append(out, a)
		}
	}
	return out
}

// fatalSetting reports an assignment whose per-key parser returns
// -ENOEXEC, which makes systemd stop reading the file. Checked: Exec*=
// (config_parse_exec()) and WorkingDirectory= (config_parse_working_directory());
// other settings that can be fatal in systemd 252 (User=, Group= with an
// invalid name, SELinuxContext= and paths with a specifier that does not
// resolve, StandardInput=file:relative) are not.
func fatalSetting(typ string, f *File, s *unitfile.Section, e *unitfile.Entry) *ValueError {
	d, ok := catalog.LookupType(typ, s.Name(), e.Key())
	if !ok {
		return nil
	}
	if d.Kind() == catalog.KindExecCommand {
		x := words.ParseExec(e.Value(), words.Options{Key: e.Key()})
		if x.Fatal && len(x.Diagnostics) > 0 {
			dg := x.Diagnostics[len(x.Diagnostics)-1]
			return &ValueError{File: f, Entry: e, Start: dg.Start, End: dg.End, Msg: dg.Message, Fatal: true}
		}
		return nil
	}
	if e.Key() == "WorkingDirectory" {
		if _, ve := workingDirectory(f, e); ve != nil && ve.Fatal {
			return ve
		}
	}
	return nil
}

// WorkingDirectory is the value of WorkingDirectory=.
type WorkingDirectory struct {
	// Path is the directory, path_simplify'd; empty when Home is set.
	Path string
	// Home is "~": the user's home directory.
	Home bool
	// MissingOK is the "-" prefix: a missing directory is no error.
	MissingOK bool
}

// workingDirectory is config_parse_working_directory(). An empty value
// gives the zero WorkingDirectory (the default: the manager's choice).
func workingDirectory(f *File, e *unitfile.Entry) (WorkingDirectory, *ValueError) {
	v := e.Value()
	var w WorkingDirectory
	if v == "" {
		return w, nil
	}
	off := 0
	if v[0] == '-' {
		w.MissingOK, v, off = true, v[1:], 1
	}
	if v == "~" {
		w.Home = true
		return w, nil
	}
	bad := func(msg, detail string) (WorkingDirectory, *ValueError) {
		if w.MissingOK {
			msg += ", ignoring"
		}
		return WorkingDirectory{}, &ValueError{File: f, Entry: e, Start: off, End: len(e.Value()),
			Msg: msg + detail, Fatal: !w.MissingOK}
	}
	if strings.Contains(v, "%") {
		// Specifiers resolve per machine; the checks below are made on
		// the resolved value, which is unknown here.
		w.Path = v
		return w, nil
	}
	// see src/shared/parse-helpers.c: path_simplify_and_warn()
	if !utf8.ValidString(v) {
		return bad("String is not UTF-8 clean", "")
	}
	if !path.IsAbs(v) {
		return bad("WorkingDirectory= path is not absolute", ": "+v)
	}
	p := words.PathSimplify(v)
	if !words.PathIsValid(p) {
		return bad(fmt.Sprintf("WorkingDirectory= path has invalid length (%d bytes)", len(p)), ".")
	}
	if !pathNormalized(p) {
		return bad("WorkingDirectory= path is not normalized", ": "+p)
	}
	w.Path = p
	return w, nil
}

// pathNormalized is path_is_normalized(): valid, and no "." or ".."
// components (path_simplify() already removed the "." ones and double
// slashes).
func pathNormalized(p string) bool {
	for _, c := range strings.Split(p, "/") {
		if c == ".." || c == "." {
			return false
		}
	}
	return true
}
