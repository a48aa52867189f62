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
	// The targets the unit is installed into, from its file and drop-ins.
	var into map[string]bool
	for _, f := range append([]*Source{p.Source}, p.Related()...) {
		for secName, e := range assignments(f.File) {
			if secName != "Install" || !installKeys[e.Key()] {
				continue
			}
			for _, it := range words.ParseUnitList(e.Value(), words.Options{}).Items {
				if strings.HasSuffix(it.Word.Text, ".target") {
					if into == nil {
						into = map[string]bool{}
					}
					into[it.Word.Text] = true
				}
			}
		}
	}
	if into == nil {
		return
	}
	for secName, e := range assignments(p.File) {
		if secName != "Unit" || e.Key() != "After" {
			continue
		}
		for _, it := range words.ParseUnitList(e.Value(), words.Options{}).Items {
			t := it.Word.Text
			if t != "default.target" || !into[t] {
				continue
			}
			pos, end := e.SpanAt(it.Word.Start, it.Word.End)
			p.Reportf(pos, end, "%s is installed into %s and ordered after it, so %s is reached without waiting for %s, which starts only afterwards; remove %s from After= unless starting late is the point", p.Unit, t, t, p.Unit, t)
		}
	}
}
