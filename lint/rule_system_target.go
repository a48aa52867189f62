package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var systemTarget = &Rule{
	Name:     "system-target",
	Severity: Error,
	Summary:  "a user unit that depends on a unit only the system manager has",
	Scope:    UserScope,
	Doc: `The user manager (systemctl --user) has its own units, separate from the
system manager's: network.target, network-online.target, multi-user.target,
local-fs.target, postgresql.service and the other system units do not exist
for it. So in a user unit:

- After=, Before=, Wants=, Upholds=, PartOf=, Conflicts=, OnFailure=,
  OnSuccess= and the propagation settings on such a unit do nothing at all
  (a warning here): After=network-online.target does not wait for the
  network.
- Requires=, Requisite= and BindsTo= on it make the unit fail to start,
  because the required unit is not found (an error here).

The units known to exist only in the system manager come from systemd's
own unit lists (systemd.special(7)). When the user search path is loaded,
any unit not found in it is reported too.

To wait for the network in a user service, make the program retry, or add
ExecStartPre= with a command that waits (for instance
"/usr/lib/systemd/systemd-networkd-wait-online" or "nm-online -q" where the
system has them). To depend on a system service, start it from the system
manager, or run the dependent service as a system service with User=.`,
	Bad:  "[Unit]\nAfter=network-online.target\nWants=network-online.target\n\n[Service]\nExecStart=/usr/bin/app\n",
	Good: "[Unit]\nAfter=default.target\n\n[Service]\nExecStart=/usr/bin/app\n",
	Fix:  "removes the system-only unit from After=, Wants= and the other settings where it does nothing (the whole line when it is the only unit); Requires=, Requisite= and BindsTo= are left for you to decide",
	Run:  runSystemTarget,
}

// depKeys are the [Unit] settings that name other units, and whether
// naming a unit the manager does not have makes this one fail (true) or
// does nothing (false). See systemd.unit(5) and src/core/unit.c:
// unit_add_dependency_by_name(): a unit that is not found is loaded as
// "not-found"; ordering and weak dependencies on it are no-ops, while a
// start job that requires it fails.
var depKeys = map[string]bool{
	"Requires":             true,
	"Requisite":            true,
	"BindsTo":              true,
	"Wants":                false,
	"Upholds":              false,
	"PartOf":               false,
	"Conflicts":            false,
	"Before":               false,
	"After":                false,
	"OnFailure":            false,
	"OnSuccess":            false,
	"PropagatesReloadTo":   false,
	"ReloadPropagatedFrom": false,
	"PropagatesStopTo":     false,
	"StopPropagatedFrom":   false,
	"JoinsNamespaceOf":     false,
}

func runSystemTarget(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		fails, ok := depKeys[ke.key]
		if !ok || ke.sec != "Unit" {
			continue
		}
		list := words.ParseUnitList(e.Value(), words.Options{Key: ke.key})
		type finding struct {
			item       words.Item
			systemOnly bool
		}
		var found []finding
		for _, it := range list.Items {
			name := it.Word.Text
			if strings.ContainsRune(name, '%') {
				continue // a specifier: the name is known only at load time
			}
			if n, ok := catalog.UserUnit(name); ok && n.Category == catalog.CategorySystemOnlyTarget {
				found = append(found, finding{it, true})
			} else if p.Exists(name) == No {
				found = append(found, finding{it, false})
			}
		}
		if len(found) == 0 {
			continue
		}
		// When every unit of the line goes, the line goes. A line with a
		// trailing comment ("After=network.target # wait") gets no fix
		// here: inline-comment's fix moves the comment first, and the
		// next round removes the unit from a line without it.
		commented := false
		for _, it := range list.Items[1:] {
			commented = commented || strings.HasPrefix(it.Word.Text, "#") || strings.HasPrefix(it.Word.Text, ";")
		}
		wholeLine := !fails && !e.Continued() && len(found) == len(list.Items)
		for _, f := range found {
			name := f.item.Word.Text
			pos, end := e.SpanAt(f.item.Word.Start, f.item.Word.End)
			d := Diagnostic{Pos: pos, End: end}
			where, todo := "exists only in the system manager", "remove it"
			if !f.systemOnly {
				where, todo = "is not in the user search path", "install it as a user unit or remove it"
			}
			if fails {
				d.Message = name + " " + where + ", so " + ke.key + "=" + name + " makes this user unit fail to start; " + todo + ", or run this unit in the system manager"
			} else {
				d.Severity = Warning
				d.Message = name + " " + where + ", so " + ke.key + "=" + name + " does nothing in a user unit; " + todo
				if f.systemOnly && !commented {
					if wholeLine {
						d.Fix = p.DeleteLines(e)
					} else {
						d.Fix = removeWord(p, e, list.Items, f.item)
					}
				}
			}
			p.Report(d)
		}
	}
}

// removeWord is a fix that deletes one word of a list value with the
// blanks that separate it from its neighbour; nil when that would cross
// a line of a continued entry.
func removeWord(p *Pass, e *unitfile.Entry, items []words.Item, it words.Item) []TextEdit {
	for k := range items {
		if items[k].Word.Start != it.Word.Start {
			continue
		}
		switch {
		case len(items) == 1:
			return nil
		case k > 0:
			return p.ReplaceValue(e, items[k-1].Word.End, it.Word.End, "")
		default:
			return p.ReplaceValue(e, it.Word.Start, items[1].Word.Start, "")
		}
	}
	return nil
}
