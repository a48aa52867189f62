package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

var orderingCycle = &Rule{
	Name:     "ordering-cycle",
	Severity: Error,
	Summary:  "a service installed into a target that starts before basic.target, an ordering cycle",
	Doc: `A target orders itself after the units it wants or requires (a target's
default dependencies, src/core/target.c), and a service orders itself after
basic.target (a service's default dependencies, src/core/service.c). So a
service enabled into a target that basic.target waits for, such as
sockets.target or paths.target, makes a loop: the target waits for the
service, the service for basic.target, basic.target for the target.

systemd breaks such a loop at boot by dropping a job ("Found ordering cycle
on sockets.target/start ... Job app.service/start deleted to break ordering
cycle"), so the service, or worse the target and everything it pulls in,
does not start. systemd-analyze verify on the service alone does not see it.

This happens with WantedBy=sockets.target copied from a .socket unit into its
service, or WantedBy=paths.target from a .path unit. Install the service into
default.target (the user manager) or multi-user.target (the system manager),
or install only the .socket / .path unit, which starts the service.

The targets checked are those that sit before basic.target with default
dependencies in systemd 252: sockets.target and paths.target, and in the
system manager also slices.target and swap.target (timers.target and
local-fs.target have DefaultDependencies=no and make no loop). A service with
DefaultDependencies=no makes no loop either: systemd then adds neither its
ordering after basic.target nor the target's ordering after it
(src/core/unit.c: unit_add_default_target_dependency()). The test suite
checks each case against systemd-analyze verify.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=sockets.target\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=default.target\n",
	Fix:  "installs the service into default.target (multi-user.target for a system unit) instead",
	Run:  runOrderingCycle,
}

// earlyTargets are the targets with default dependencies that basic.target
// is ordered after (units/basic.target, units/user/basic.target at v252).
var earlyTargets = map[Scope]map[string]bool{
	UserScope:   {"sockets.target": true, "paths.target": true},
	SystemScope: {"sockets.target": true, "paths.target": true, "slices.target": true, "swap.target": true},
}

func runOrderingCycle(p *Pass) {
	if p.Type != "service" || p.DropIn {
		return
	}
	early := earlyTargets[p.Scope]
	checked := false
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if (ke.key != "WantedBy" && ke.key != "RequiredBy") || ke.sec != "Install" || !mentionsAny(e.Value(), early) {
			continue
		}
		if !checked {
			checked = true
			if !defaultDependencies(p) {
				return
			}
		}
		items := words.ParseUnitList(e.Value(), words.Options{}).Items
		for _, it := range items {
			t := it.Word.Text
			if !early[t] {
				continue
			}
			to := "default.target"
			if p.Scope == SystemScope {
				to = "multi-user.target"
			}
			pos, end := e.SpanAt(it.Word.Start, it.Word.End)
			d := Diagnostic{Pos: pos, End: end}
			d.Message = p.Unit + " is installed into " + t + ", which basic.target waits for, while the service waits for basic.target: an ordering cycle, and systemd drops jobs at boot to break it; use " + e.Key() + "=" + to
			if t == "sockets.target" || t == "paths.target" {
				d.Message += " (the ." + t[:len(t)-len("s.target")] + " unit goes into " + t + ")"
			}
			d.Fix = p.ReplaceValue(e, it.Word.Start, it.Word.End, to)
			for _, o := range items {
				if o.Word.Text == to {
					d.Fix = removeWord(p, e, items, it)
				}
			}
			p.Report(d)
		}
	}
}

// defaultDependencies reports whether the service keeps
// DefaultDependencies=yes, in its file and drop-ins. With "no" it neither
// orders itself after basic.target nor lets a target order itself after
// it (src/core/unit.c: unit_add_default_target_dependency(): "If either
// side wants no automatic dependencies, then let's skip this"): no cycle.
func defaultDependencies(p *Pass) bool {
	on := true
	for _, f := range unitFilesOf(p, p.Unit).files {
		for secName, e := range assignments(f) {
			if e.Key() == "DefaultDependencies" && secName == "Unit" {
				if b, err := value.ParseBool(e.Value()); err == nil {
					on = b
				}
			}
		}
	}
	return on
}

// mentionsAny reports whether v contains one of the names.
func mentionsAny(v string, names map[string]bool) bool {
	for n := range names {
		if strings.Contains(v, n) {
			return true
		}
	}
	return false
}
