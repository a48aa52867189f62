package lint

import (
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

var missingWantedBy = &Rule{
	Name:     "missing-wantedby",
	Severity: Warning,
	Summary:  "user unit not installed into a target the user manager has",
	Scope:    UserScope,
	Doc: `"systemctl --user enable" links a unit into the targets its [Install] section
names, and the user manager starts at login (or at boot, with "loginctl
enable-linger") only what default.target pulls in. So a user service meant
to start on its own needs

    [Install]
    WantedBy=default.target

(or another target the user manager has: graphical-session.target for a
desktop session, timers.target for a timer, sockets.target for a socket).

Two mistakes are reported:

- WantedBy=, RequiredBy= or UpheldBy= naming a target only the system manager
  has: multi-user.target, graphical.target, network-online.target, ... The
  user manager never starts it, so the enabled unit never starts (an error).
  With the user search path loaded, a target not found in it is reported too.
- No install target at all on a unit meant to start on its own (a warning).

"Meant to start on its own" is a guess, made only for units whose file is
linted (not drop-ins): a .timer, .socket or .path unit; or a service that is
long-running (any Type= but oneshot, or a oneshot with RemainAfterExit=yes),
not a template, not D-Bus or socket activated (BusName=, Type=dbus,
Sockets=), not installed under another name only (Alias=, Also=), and not
started by another unit of the same run, of the same directory or of the
search path: a .timer, .socket or .path of the same name, Unit=/Service= in
one, or Wants=, Requires=, BindsTo=, Upholds=, OnFailure=, OnSuccess= or
Also= naming it. Units in a vendor directory (lib/systemd/user, where
packages put theirs) are left alone: packages pull them in with links they
ship, or session managers start them. A unit that is started another way
(by hand, by a script) can say so with
"# usvc:ignore missing-wantedby started by ..." above its first section.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=multi-user.target\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=default.target\n",
	Fix:  "replaces multi-user.target by default.target (timers.target, sockets.target, paths.target for timers, sockets and paths); other system targets are left for you to choose",
	Run:  runMissingWantedBy,
}

// installKeys are the [Install] settings that link the unit into another
// when it is enabled.
var installKeys = map[string]bool{"WantedBy": true, "RequiredBy": true, "UpheldBy": true}

// typeTargets is the target a unit of each type is usually installed in.
var typeTargets = map[string]string{
	"service": "default.target",
	"timer":   "timers.target",
	"socket":  "sockets.target",
	"path":    "paths.target",
}

func runMissingWantedBy(p *Pass) {
	// installed: the unit names an install target, good or bad (a bad
	// one is reported by itself, not again as a missing one).
	installed := false
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if ke.sec != "Install" || !installKeys[ke.key] {
			continue
		}
		items := words.ParseUnitList(e.Value(), words.Options{Key: ke.key}).Items
		for _, w := range items {
			installed = true
			name := w.Word.Text
			pos, end := e.SpanAt(w.Word.Start, w.Word.End)
			if n, ok := catalog.UserUnit(name); ok && n.Category == catalog.CategorySystemOnlyTarget {
				d := Diagnostic{Pos: pos, End: end, Severity: Error}
				switch name {
				case "multi-user.target":
					to := typeTargets[p.Type]
					if to == "" {
						to = "default.target"
					}
					d.Message = name + " does not exist in the user manager, so the enabled unit never starts; use " + to
					d.Fix = p.ReplaceValue(e, w.Word.Start, w.Word.End, to)
					for _, o := range items {
						if o.Word.Text == to {
							// Already there: drop the wrong one.
							d.Fix = removeWord(p, e, items, w)
						}
					}
				case "graphical.target":
					d.Message = name + " does not exist in the user manager, so the enabled unit never starts; use graphical-session.target to start with a desktop session, default.target to start at login"
				default:
					d.Message = name + " does not exist in the user manager, so the enabled unit never starts; use default.target"
				}
				p.Report(d)
				continue
			}
			if !strings.ContainsRune(name, '%') && p.Exists(name) == No {
				p.Reportf(pos, end, "%s is not in the user search path, so the enabled unit never starts; install %s as a user unit or use default.target", name, name)
			}
		}
	}
	if installed || p.DropIn || !meantToStartAlone(p) {
		return
	}
	for _, r := range p.Related() {
		for sec, e := range r.File.Assignments() {
			if sec.Name() == "Install" && installKeys[e.Key()] && e.Value() != "" {
				return // a drop-in of the run installs it
			}
		}
	}
	to := typeTargets[p.Type]
	pos, end := startOfUnit(p.File)
	p.Reportf(pos, end, "%s has no [Install] WantedBy=, so it never starts on its own (systemctl --user enable does nothing); add WantedBy=%s in [Install]", p.Unit, to)
}

// meantToStartAlone is the guess of the rule's doc: does nothing else
// start this unit?
func meantToStartAlone(p *Pass) bool {
	if p.Scope != UserScope || typeTargets[p.Type] == "" || p.File.Fatal() != nil {
		return false
	}
	if at := strings.IndexByte(p.Unit, '@'); at >= 0 {
		return false // a template: its instances are started by name
	}
	if inVendorDir(p.Path) || lookupLast(p, "Install", "Alias") != "" || lookupLast(p, "Install", "Also") != "" {
		return false
	}
	if p.Type == "service" {
		typ := lookupLast(p, "Service", "Type")
		if typ == "dbus" || lookupLast(p, "Service", "BusName") != "" || lookupLast(p, "Service", "Sockets") != "" {
			return false
		}
		if typ == "oneshot" {
			rae, err := value.ParseBool(lookupLast(p, "Service", "RemainAfterExit"))
			if err != nil || !rae {
				return false
			}
		}
		base := strings.TrimSuffix(p.Unit, ".service")
		for _, t := range []string{".timer", ".socket", ".path"} {
			if p.Exists(base+t) == Yes {
				return false
			}
		}
	}
	return !startedByOthers(p)
}

// inVendorDir reports whether path is in a package's unit directory
// (/usr/lib/systemd/user, lib/systemd/user in a package tree).
func inVendorDir(path string) bool {
	return strings.Contains(filepath.ToSlash(path), "lib/systemd/user/")
}

// lookupLast is the value systemd ends up with for a single-value key in
// the unit file and the drop-ins of the run, "" when none sets it.
func lookupLast(p *Pass, section, key string) string {
	v := ""
	for _, s := range append([]*Source{p.Source}, p.Related()...) {
		for sec, e := range s.File.Assignments() {
			if sec.Name() == section && e.Key() == key {
				v = e.Value()
			}
		}
	}
	return v
}

// triggerKeys name units another unit starts.
var triggerKeys = map[string]map[string]bool{
	"Unit":    {"Wants": true, "Requires": true, "Requisite": true, "BindsTo": true, "Upholds": true, "OnFailure": true, "OnSuccess": true, "PartOf": false},
	"Install": {"Also": true},
	"Timer":   {"Unit": true},
	"Path":    {"Unit": true},
	"Socket":  {"Service": true},
}

// startedByOthers reports whether another file of the run starts this
// unit.
func startedByOthers(p *Pass) bool {
	for _, u := range p.run.startersOf(p.Scope, p.Unit) {
		if u != p.Unit {
			return true
		}
	}
	return false
}

// startOfUnit is where a finding about the whole unit points: the name
// of the type's section header (so that a suppression above it covers
// it), else of the first header, else the whole file.
func startOfUnit(f *unitfile.File) (unitfile.Pos, unitfile.Pos) {
	if s := f.Section(unitfile.TypeSection(f.Type)); s != nil && s.Header.Pos().IsValid() {
		return s.Header.NamePos(), s.Header.NameEnd()
	}
	for _, s := range f.Sections {
		if s.Header.Pos().IsValid() {
			return s.Header.NamePos(), s.Header.NameEnd()
		}
	}
	return unitfile.Pos{}, unitfile.Pos{}
}
