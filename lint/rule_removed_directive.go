package lint

import (
	"github.com/usvc/usvc/unitfile/catalog"
)

var removedDirective = &Rule{
	Name:     "removed-directive",
	Severity: Warning,
	Summary:  "a directive systemd ignores or no longer knows, in the target release or a later one",
	Doc: `systemd drops old settings in two steps. First it keeps accepting the key but
ignores it, with a warning in the journal ("Support for option MemoryLimit=
has been removed and it is ignored"); later the key becomes unknown. Either
way the setting silently does nothing: a MemoryLimit= from a tutorial no
longer limits anything on systemd 258, Capabilities= has done nothing since
230, and the unit starts without the protection or limit it asks for.

A key that does nothing in the release the unit targets (--systemd-version,
default 239) is an error when there is a replacement to use, and a warning
when there is none. A key that still works there but is ignored or gone in a
later release is a warning when there is a replacement, since the unit must
keep working on newer systemd; one that simply became unnecessary (such as
CPUAccounting=, always on since 258) is not reported.

The fix renames the key where the replacement reads the same values the same
way: MemoryLimit= to MemoryMax=, BlockIOAccounting= to IOAccounting=,
BlockIOReadBandwidth= to IOReadBandwidthMax=, BlockIOWriteBandwidth= to
IOWriteBandwidthMax=. CPUShares=, BlockIOWeight= and their Startup variants
take another scale (CPUShares=1024 is CPUWeight=100), so they are left for you
to convert.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nBlockIOAccounting=yes\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nIOAccounting=yes\n",
	Fix:  "renames MemoryLimit=, BlockIOAccounting= and BlockIORead/WriteBandwidth= to MemoryMax=, IOAccounting= and IORead/WriteBandwidthMax=, which read the same values the same way",
	Run:  runRemovedDirective,
}

func runRemovedDirective(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		secName, e, d := ke.sec, ke.e, ke.d
		if d == nil {
			continue
		}
		newest := d.Status()
		if newest != catalog.StatusIgnored && newest != catalog.StatusRemoved {
			continue
		}
		at := d.StatusIn(p.Version)
		dead := at == catalog.StatusIgnored || at == catalog.StatusRemoved || at == catalog.StatusAbsent
		rep := d.Replacement()
		if !dead && rep == "" {
			continue // it just became unnecessary
		}
		what := "is ignored" + sinceText(d.Removed())
		if newest == catalog.StatusRemoved {
			what = "was removed"
			if r := d.Removed(); !r.IsZero() && !r.Unknown {
				what += " in systemd " + r.String()
			}
		}
		msg := e.Key() + "= " + what
		switch {
		case at == catalog.StatusAbsent:
			msg = e.Key() + "= did not exist yet in systemd " + p.Version.String() + ", the release this unit targets, and " + what
		case dead:
			msg += ", so it does nothing in systemd " + p.Version.String() + ", the release this unit targets"
		default:
			msg += ", so the unit loses it on newer systemd"
		}
		fix, to := renameFix(p, secName, e, d)
		switch {
		case to != "":
			msg += "; use " + to + " instead, which means the same"
		case rep != "":
			msg += "; use " + rep + " instead"
		default:
			msg += "; remove it"
		}
		diag := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd(), Message: msg, Fix: fix}
		if dead && rep != "" {
			diag.Severity = Error
		}
		p.Report(diag)
	}
}
