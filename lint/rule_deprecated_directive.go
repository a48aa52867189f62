package lint

import (
	"github.com/usvc/usvc/unitfile/catalog"
)

var deprecatedDirective = &Rule{
	Name:     "deprecated-directive",
	Severity: Warning,
	Summary:  "a directive systemd has deprecated in favour of another",
	Doc: `Some settings were renamed or replaced: BindTo= became BindsTo=,
ReadOnlyDirectories= became ReadOnlyPaths=, PermissionsStartOnly= gave way to
the "+" prefix of ExecStart= and friends, and [Service] FailureAction= moved to
[Unit]. systemd still reads the old names, but they are undocumented, may be
dropped in a later release (MemoryLimit= and the BlockIO*= settings already
were: see removed-directive), and readers of the unit look them up in vain.

The finding names the replacement. A deprecated key is reported when it is
deprecated in the systemd release the unit targets (--systemd-version, default
239) and its replacement works there; a key deprecated only in a later release
is reported too, since the unit must keep working on newer systemd, unless the
replacement is too new for the target.

The fix renames the key where the new name takes the same values and means
the same (BindTo= to BindsTo=, ReadWriteDirectories= to ReadWritePaths=,
RequiresOverridable= to Requires=, [Unit] StartLimitInterval= to
StartLimitIntervalSec=, ...), and moves [Service] FailureAction= and
RebootArgument= to the end of [Unit]. Replacements whose values differ
(OnFailureIsolate=yes is OnFailureJobMode=isolate) are left to you. The
StartLimit*= settings in [Service] are start-limit-in-service's.`,
	Bad:  "[Unit]\nBindTo=dev-ttyUSB0.device\n\n[Service]\nExecStart=/usr/bin/app\n",
	Good: "[Unit]\nBindsTo=dev-ttyUSB0.device\n\n[Service]\nExecStart=/usr/bin/app\n",
	Fix:  "renames the key to its replacement when both read the same values the same way, and moves [Service] FailureAction= and RebootArgument= to [Unit]",
	Run:  runDeprecatedDirective,
}

func runDeprecatedDirective(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		secName, e, d := ke.sec, ke.e, ke.d
		if d == nil || d.Deprecated().IsZero() {
			continue
		}
		if secName == "Service" && startLimitKeys[e.Key()] != "" {
			continue // start-limit-in-service
		}
		switch d.Status() {
		case catalog.StatusIgnored, catalog.StatusRemoved:
			continue // removed-directive
		}
		if d.StatusIn(p.Version) == catalog.StatusAbsent {
			continue // directive-too-new
		}
		if d.StatusIn(p.Version) != catalog.StatusDeprecated && !replacementKnown(d, p.Version) {
			// Deprecated only later, and the replacement does not exist
			// yet at the target: nothing to do.
			continue
		}
		fix, to := renameFix(p, secName, e, d)
		msg := e.Key() + "= is deprecated" + sinceText(d.Deprecated())
		switch {
		case to != "":
			msg += "; use " + to + " instead, which means the same"
		case d.Replacement() != "":
			msg += "; use " + d.Replacement() + " instead"
		default:
			msg += "; remove it"
		}
		p.Report(Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd(), Message: msg, Fix: fix})
	}
}
