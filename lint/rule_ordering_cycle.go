package lint

import (
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
DefaultDependencies=no is checked only when it orders itself after
basic.target or default.target explicitly.`,
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

// lateTargets are targets ordered after basic.target: a unit ordered after
// one of them is after basic.target.
var lateTargets = map[string]bool{
	"basic.target": true, "default.target": true, "multi-user.target": true, "graphical.target": true,
}

func runOrderingCycle(p *Pass) {
	if p.Type != "service" || p.DropIn {
		return
	}
	uf := unitFilesOf(p, p.Unit)
	// Is the service ordered after basic.target?
	after := true
	explicit := false
	for _, f := range uf.files {
		for secName, e := range assignments(f) {
			if secName != "Unit" {
				continue
			}
			switch e.Key() {
			case "DefaultDependencies":
				if b, err := value.ParseBool(e.Value()); err == nil {
					after = b
				}
			case "After":
				for _, it := range words.ParseUnitList(e.Value(), words.Options{}).Items {
					if lateTargets[it.Word.Text] {
						explicit = true
					}
				}
			}
		}
	}
	if !after && !explicit {
		return
	}
	to := "default.target"
	if p.Scope == SystemScope {
		to = "multi-user.target"
	}
	for secName, e := range assignments(p.File) {
		if secName != "Install" || (e.Key() != "WantedBy" && e.Key() != "RequiredBy") {
			continue
		}
		items := words.ParseUnitList(e.Value(), words.Options{}).Items
		for _, it := range items {
			t := it.Word.Text
			if !earlyTargets[p.Scope][t] {
				continue
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
