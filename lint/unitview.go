package lint

import (
	"iter"
	"path/filepath"
	"sort"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// This file assembles a unit the way systemd does from the files of the
// run (and the loaded search path, when there is one), for the rules that
// judge a whole unit rather than one line: the checks of
// src/core/service.c: service_verify() run on the fragment and all its
// drop-ins together.

// unitFiles are the files systemd reads for one unit, in the order it
// applies them.
type unitFiles struct {
	// files: the fragment first (when known), then the drop-ins sorted by
	// file name, whatever their directory (src/basic/conf-files.c:
	// conf_files_list_strv()).
	files []*unitfile.File
	// fragment reports whether the unit file itself is known: a file of
	// the run, or on the loaded search path.
	fragment bool
	// complete reports whether every drop-in systemd would read is known:
	// a search path is loaded, or the fragment is in the run and the run
	// is all there is to know (no search path). Without a search path a
	// unit file of the run counts as complete: what is not linted is not
	// known, and the rules say so in their docs.
	complete bool
}

// unitFilesOf assembles unit name as seen from pass p: the run's unit
// file and drop-ins (those of the name, of its template and prefixes,
// and the type-wide TYPE.d ones), plus, when a search path is loaded, its
// copy's drop-ins that the run does not shadow by file name.
func unitFilesOf(p *Pass, name string) unitFiles {
	if name == p.Unit {
		// Several rules ask for the file's own unit: assemble it once.
		if !p.ufDone {
			p.uf, p.ufDone = assembleUnit(p, name), true
		}
		return p.uf
	}
	return assembleUnit(p, name)
}

// serviceFacts are serviceFactsOf the files of the pass's own unit,
// worked out once per file. Callers must not modify them.
func (p *Pass) serviceFacts() serviceFacts {
	if !p.sfDone {
		p.sf, p.sfDone = serviceFactsOf(p, unitFilesOf(p, p.Unit).files), true
	}
	return p.sf
}

// assembleUnit is unitFilesOf without the cache.
func assembleUnit(p *Pass, name string) unitFiles {
	var u unitFiles
	var frag *unitfile.File
	for _, s := range p.Linted(name) {
		if !s.DropIn {
			frag = s.File
			break
		}
	}
	anyDropIn := p.run.idx().dropIns[p.Scope]
	eff, effOK := p.Effective(name)
	if !anyDropIn && !effOK {
		// The common case, one unit file and no search path: spare the
		// drop-in directory names.
		if frag != nil {
			u.fragment, u.complete = true, true
			u.files = []*unitfile.File{frag}
		}
		return u
	}
	dirs := map[string]bool{}
	if names, err := unitname.DropInNames(name); err == nil {
		for _, n := range names {
			dirs[n] = true
		}
	} else {
		dirs[name] = true
	}
	if t := unitname.Type(name); t != "" {
		dirs[t] = true
	}
	var dropins []*unitfile.File
	seen := map[string]bool{}
	for _, s := range p.Sources() {
		if !s.DropIn || !dirs[s.Unit] || s.Scope != p.Scope {
			continue
		}
		if base := filepath.Base(s.Path); !seen[base] {
			seen[base] = true
			dropins = append(dropins, s.File)
		}
	}
	u.complete = frag != nil
	if effOK {
		u.complete = true
		if frag == nil {
			frag = eff.File
		}
		for _, f := range eff.DropIns {
			if base := filepath.Base(f.Name); !seen[base] {
				seen[base] = true
				dropins = append(dropins, f)
			}
		}
	}
	sort.SliceStable(dropins, func(i, j int) bool {
		return filepath.Base(dropins[i].Name) < filepath.Base(dropins[j].Name)
	})
	if frag != nil {
		u.fragment = true
		u.files = append(u.files, frag)
	}
	u.files = append(u.files, dropins...)
	return u
}

// execRef is one command of an Exec*= setting, where it was written:
// Value()[start:end] of entry.
type execRef struct {
	file       *unitfile.File
	entry      *unitfile.Entry
	start, end int
}

// serviceFacts are the [Service] settings service_verify() looks at, as
// systemd ends up with them after reading the files in order.
type serviceFacts struct {
	// typ is the Type= that was set ("" when none was), typEntry where.
	typ      string
	typEntry *unitfile.Entry
	typFile  *unitfile.File
	busName  bool
	// start are the ExecStart= commands left after the last reset.
	start []execRef
	// stop: ExecStop= has a command.
	stop bool
	// successAction: [Unit] SuccessAction= is set to something but none.
	successAction   bool
	remainAfterExit bool
	// restart is the Restart= value ("" for the default, no), and where.
	restart      string
	restartEntry *unitfile.Entry
	restartFile  *unitfile.File
	// forceStatus is the last non-empty RestartForceExitStatus=, if the
	// list was not reset after it.
	forceStatus     *unitfile.Entry
	forceStatusFile *unitfile.File
	// broken: a value makes systemd refuse the unit before
	// service_verify() runs (a bad Exec*= line): the structural rules
	// leave it to the rule that reports that value.
	broken bool
}

// serviceTypes are the values of Type= (src/core/service.c:
// service_type_table); a value outside them is ignored with a warning,
// keeping the previous one. notify-reload is systemd 253's.
var serviceTypes = map[string]bool{
	"simple": true, "exec": true, "forking": true, "oneshot": true,
	"dbus": true, "notify": true, "notify-reload": true, "idle": true,
}

// restartValues are the values of Restart= (service_restart_table).
var restartValues = map[string]bool{
	"no": true, "on-success": true, "on-failure": true, "on-abnormal": true,
	"on-watchdog": true, "on-abort": true, "always": true,
}

// emergencyNone is what SuccessAction= means when it is empty or "none".
func emergencyNone(v string) bool { return v == "" || v == "none" }

// serviceFactsOf reads the service settings of files in order.
func serviceFactsOf(p *Pass, files []*unitfile.File) serviceFacts {
	var s serviceFacts
	for _, f := range files {
		if f.Fatal() != nil {
			s.broken = true
		}
		for _, ke := range p.keyedEntries(f) {
			secName, key, e := ke.sec, ke.key, ke.e
			switch key {
			case "SuccessAction":
				if secName == "Unit" {
					s.successAction = !emergencyNone(ke.val)
				}
				continue
			case "Type", "BusName", "ExecStart", "ExecStop", "RemainAfterExit", "Restart", "RestartForceExitStatus":
				if secName != "Service" {
					continue
				}
			default:
				continue
			}
			v := ke.val
			switch key {
			case "Type":
				// see config_parse_service_type(): an empty or unknown
				// value is ignored with a warning.
				if serviceTypes[v] {
					s.typ, s.typEntry, s.typFile = v, e, f
				}
			case "BusName":
				s.busName = v != ""
			case "ExecStop":
				if strings.TrimSpace(v) == "" {
					s.stop = false
				} else if !strings.Contains(v, ";") {
					s.stop = true
				} else {
					reset, cmds := execCommands(v, key, &s.broken)
					s.stop = !reset && len(cmds) > 0 || s.stop && !reset
				}
			case "ExecStart":
				switch {
				case strings.TrimSpace(v) == "":
					s.start = s.start[:0]
				case !strings.Contains(v, ";"):
					// One command: no need to parse it.
					s.start = append(s.start, execRef{file: f, entry: e, start: 0, end: len(v)})
				default:
					reset, cmds := execCommands(v, key, &s.broken)
					if reset {
						s.start = s.start[:0]
					}
					for _, c := range cmds {
						s.start = append(s.start, execRef{file: f, entry: e, start: c[0], end: c[1]})
					}
				}
			case "RemainAfterExit":
				if b, err := value.ParseBool(v); err == nil {
					s.remainAfterExit = b
				}
			case "Restart":
				// see config_parse_service_restart(): unknown values
				// are ignored; the empty value is not accepted either.
				if restartValues[v] {
					s.restart, s.restartEntry, s.restartFile = v, e, f
				}
			case "RestartForceExitStatus":
				if strings.TrimSpace(v) == "" {
					s.forceStatus, s.forceStatusFile = nil, nil
				} else {
					s.forceStatus, s.forceStatusFile = e, f
				}
			}
		}
	}
	return s
}

// execCommands are the spans of the commands of an Exec*= value, and
// whether the value resets the list. A value without ";" is one command
// (or a reset) and needs no parsing; otherwise words.ParseExec splits it,
// and a value it cannot read marks the unit broken (systemd refuses it).
func execCommands(v, key string, broken *bool) (reset bool, cmds [][2]int) {
	if strings.TrimSpace(v) == "" {
		return true, nil
	}
	if !strings.Contains(v, ";") {
		return false, [][2]int{{0, len(v)}}
	}
	ex := words.ParseExec(v, words.Options{Key: key})
	if ex.Fatal {
		*broken = true
	}
	for _, c := range ex.Commands {
		cmds = append(cmds, [2]int{c.Start, c.End})
	}
	return ex.Reset, cmds
}

// effectiveType is the type systemd settles on (src/core/service.c:
// service_add_extras()): Type= when set, else dbus with BusName=, simple
// with ExecStart=, oneshot otherwise.
func (s *serviceFacts) effectiveType() string {
	switch {
	case s.typ != "":
		return s.typ
	case s.busName:
		return "dbus"
	case len(s.start) > 0:
		return "simple"
	}
	return "oneshot"
}

// moveToUnit is a fix that moves entry e (in [Service] or another type
// section) to the end of the file's [Unit] section, renamed to key: for
// settings that moved to [Unit] and mean the same there. It is nil when
// the file has no [Unit] section, or more than one, or when [Unit]
// already sets key or one of aliases (the order of the two would then
// decide, and the user should).
func moveToUnit(p *Pass, e *unitfile.Entry, key string, aliases ...string) []TextEdit {
	var unit *unitfile.Section
	for _, s := range p.File.Sections {
		if s.Name() == "Unit" && !s.Ignored {
			if unit != nil {
				return nil
			}
			unit = s
		}
	}
	if unit == nil {
		return nil
	}
	for x := range unit.Entries() {
		if x.Key() == key || x.Key() == e.Key() {
			return nil
		}
		for _, a := range aliases {
			if x.Key() == a {
				return nil
			}
		}
	}
	if e.Continued() {
		return nil
	}
	// Insert after the last entry of [Unit] (or its header), before any
	// blank lines or comments that close it.
	var last unitfile.Node = unit.Header
	for e := range unit.Entries() {
		last = e
	}
	if last == nil || !last.Pos().IsValid() {
		return nil
	}
	at := last.Pos().Offset + len(last.Raw())
	eol := p.File.EOL()
	if !strings.HasSuffix(last.Raw(), "\n") && !strings.HasSuffix(last.Raw(), "\r") {
		// The last line of the file has no line end.
		return nil
	}
	line := key + "=" + e.Value() + eol
	edits := append([]TextEdit{{Start: at, End: at, New: line}}, p.DeleteLines(e)...)
	return edits
}

// isTemplate reports whether name is a template ("foo@.service").
func isTemplate(name string) bool {
	at := strings.IndexByte(name, '@')
	return at >= 0 && at+1 < len(name) && name[at+1] == '.'
}

// lookupKind is the catalog kind of section/key, 0 when unknown.
func lookupKind(section, key string) catalog.Kind {
	if d, ok := catalog.Lookup(section, key); ok {
		return d.Kind()
	}
	return 0
}

// assignments is f.Assignments() with the section's name, read once per
// section rather than once per entry.
func assignments(f *unitfile.File) iter.Seq2[string, *unitfile.Entry] {
	return func(yield func(string, *unitfile.Entry) bool) {
		var last *unitfile.Section
		name := ""
		for sec, e := range f.Assignments() {
			if sec != last {
				last, name = sec, sec.Name()
			}
			if !yield(name, e) {
				return
			}
		}
	}
}

// keyedEntry is an assignment systemd applies, with its section's name,
// its key and the catalogue's entry for it (nil when the key is unknown
// there).
type keyedEntry struct {
	sec, key string
	val      string // e.Value(), which most rules read
	e        *unitfile.Entry
	d        *catalog.Directive
}

// keyedEntries returns f's assignments as keyedEntry values, in order.
// Most rules walk a file's assignments and look their keys up: reading
// each key and looking it up once per file instead of once per rule
// halves their cost, so the files of the run have theirs worked out once
// (Source.keyed) and other files (the search path's) on each call. The
// slice is shared: callers must not modify it.
func (p *Pass) keyedEntries(f *unitfile.File) []keyedEntry {
	if f == p.File {
		return p.Source.keyed
	}
	if s := p.run.idx().files[f]; s != nil {
		return s.keyed
	}
	return buildKeyed(f)
}

// buildKeyed lists f's assignments with their catalogue entries.
func buildKeyed(f *unitfile.File) []keyedEntry {
	n := 0
	for _, s := range f.Sections {
		if s.Ignored {
			continue
		}
		for range s.Entries() {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	list := make([]keyedEntry, 0, n)
	for sec, e := range assignments(f) {
		key, val := e.KeyValue()
		d, _ := catalog.Lookup(sec, key)
		list = append(list, keyedEntry{sec: sec, key: key, val: val, e: e, d: d})
	}
	return list
}
