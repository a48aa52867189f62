package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/words"
)

var afterInstallTarget = &Rule{
	Name:     "after-install-target",
	Severity: Info,
	Summary:  "a unit ordered after default.target while installed into it, so default.target does not wait for it",
	Doc: `Tutorials often pair

    [Unit]
    After=default.target
    [Install]
    WantedBy=default.target

This is not an ordering cycle: a target orders itself after the units it
wants only when they are not already ordered after it (src/core/unit.c:
unit_add_default_target_dependency(), "Don't create loops"), and
systemd-analyze verify finds nothing. But it means something other than
intended: the target is reached without waiting for the unit, which only
starts afterwards, so whatever is ordered after the target cannot rely on
the unit running.

Drop the After= on default.target, so the unit starts as part of it. Keep it
only if starting after everything else is the point, and say so with
"# usvc:ignore after-install-target start late on purpose". (A service
installed into a target that basic.target waits for is a real cycle:
ordering-cycle.)

Only default.target is checked. For other targets the pairing is a
documented idiom: a service of the graphical session is WantedBy=, After=
and PartOf=graphical-session.target, which the session manager starts once
the display server is up (systemd.special(7)); WantedBy= and After=
sleep.target runs a unit on resume; and packages order a service after
multi-user.target on purpose to start it late.`,
	Bad:  "[Unit]\nAfter=default.target\n\n[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=default.target\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n\n[Install]\nWantedBy=default.target\n",
	Run:  runAfterInstallTarget,
}

func runAfterInstallTarget(p *Pass) {
	if p.DropIn {
		return
	}
	const target = "default.target"
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if ke.key != "After" || ke.sec != "Unit" || !strings.Contains(ke.val, target) {
			continue
		}
		for _, it := range words.ParseUnitList(ke.val, words.Options{}).Items {
			if it.Word.Text != target || !installedInto(p, target) {
				continue
			}
			pos, end := e.SpanAt(it.Word.Start, it.Word.End)
			p.Reportf(pos, end, "%s is installed into %s and ordered after it, so %s is reached without waiting for %s, which starts only afterwards; remove %s from After= unless starting late is the point", p.Unit, target, target, p.Unit, target)
		}
	}
}

// installedInto reports whether the unit's file or a drop-in of the run
// names target in [Install] WantedBy=, RequiredBy= or UpheldBy=.
func installedInto(p *Pass, target string) bool {
	for _, f := range append([]*Source{p.Source}, p.Related()...) {
		for secName, e := range assignments(f.File) {
			if !installKeys[e.Key()] || secName != "Install" || !strings.Contains(e.Value(), target) {
				continue
			}
			for _, it := range words.ParseUnitList(e.Value(), words.Options{}).Items {
				if it.Word.Text == target {
					return true
				}
			}
		}
	}
	return false
}
