package lint

var invalidValue = &Rule{
	Name:     "invalid-value",
	Severity: Error,
	Summary:  "a value systemd cannot parse: a bad boolean, number, size, time span, name or word",
	Doc: `Every setting has a syntax: booleans (yes, no, true, false, on, off, 1, 0),
time spans (90s, 5min, 1h 30min), sizes (512M, 2G), memory limits (also
50% and infinity), words from a fixed list (Restart=on-failure), calendar
events (OnCalendar=Mon *-*-* 09:00), signals, octal modes, unit names,
environment assignments. systemd parses each value when it loads the unit;
a value it cannot parse is ignored with a line in the journal ("Failed to
parse service restart specifier, ignoring: onfailure") and the setting keeps
its default, so Restart=onfailure never restarts anything and
TimeoutStartSec=5 minutes keeps the 90 second default.

A few settings are stricter: a bad User=, Group= or DynamicUser= makes
systemd refuse to load the unit at all. Those findings are errors; values
systemd ignores are warnings.

The checks follow systemd 252's parsers (src/core/load-fragment.c), and the
message says what the setting takes. Words that later releases added
(Type=notify-reload is new in 253) count as invalid unless the target
release (--systemd-version) has them. Paths that are not absolute are
relative-path's, paths starting with ~ tilde-path's, Exec lines invalid-exec's
and % specifiers invalid-specifier's.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nRestart=onfailure\nTimeoutStartSec=5 minutes\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nRestart=on-failure\nTimeoutStartSec=5min\n",
	Run: func(p *Pass) {
		reportValueProblems(p, classValue, nil, nil)
	},
}
