package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
)

var directiveTooNew = &Rule{
	Name:     "directive-too-new",
	Severity: Warning,
	Summary:  "a directive newer than the systemd release the unit targets",
	Doc: `A unit is often written on a recent distribution and deployed on an older
one. A key that the older systemd does not know yet is skipped with "Unknown
key name ... ignoring" in the journal, and the unit runs without it: no
ExitType=cgroup, no MemoryZSwapMax= limit, no ProtectProc= sandboxing.

The target release is --systemd-version (or systemd-version in .usvc.toml),
by default 239, the systemd of Red Hat Enterprise Linux 8, the oldest still
supported by a long-term distribution. Keys backported to a stable point
release count from that point release (OOMPolicy= in [Scope] is in 252.5):
give the point release, "--systemd-version 252.5", to use them.

Either raise the target release, if every machine that will run the unit has
a newer systemd, or do without the setting (or guard it with a drop-in that
only newer machines get). Only keys are checked: new values of old keys
(Type=exec needs 240, StandardOutput=append: 240) are not.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nExitType=cgroup\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nKillMode=mixed\n",
	Run:  runDirectiveTooNew,
}

func runDirectiveTooNew(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e, d := ke.e, ke.d
		if d == nil || d.StatusIn(p.Version) != catalog.StatusAbsent {
			continue
		}
		switch d.Status() {
		case catalog.StatusIgnored, catalog.StatusRemoved:
			continue // removed-directive
		}
		msg := ke.key + "= is new in systemd " + d.Since().String()
		if bp := d.Backported(); len(bp) > 0 {
			parts := make([]string, len(bp))
			for i, v := range bp {
				parts[i] = v.String()
			}
			msg += " (backported to " + strings.Join(parts, ", ") + ")"
		}
		msg += "; systemd " + p.Version.String() + ", the oldest release this unit targets, ignores it as an unknown key: remove it, or raise the target release (--systemd-version)"
		p.Reportf(e.KeyPos(), e.KeyEnd(), "%s", msg)
	}
}
