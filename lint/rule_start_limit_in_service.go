package lint

import (
	"github.com/usvc/usvc/unitfile/catalog"
)

var startLimitInService = &Rule{
	Name:     "start-limit-in-service",
	Severity: Warning,
	Summary:  "the start rate limit (StartLimitIntervalSec=, StartLimitBurst=) in [Service] instead of [Unit]",
	Doc: `The start rate limit (how often a unit may start within an interval before
systemd gives up on it) moved from [Service] to [Unit] in systemd 229/230, and
StartLimitInterval= was renamed StartLimitIntervalSec=. The two halves of the
move trip people up:

- StartLimitIntervalSec= in [Service] is an unknown key there. systemd
  ignores it ("Unknown key 'StartLimitIntervalSec' in section [Service]"),
  and the default interval of 10 seconds stays: a "Restart=always" service
  meant to give up after 5 failures in 5 minutes retries forever. This is an
  error.
- StartLimitInterval=, StartLimitBurst= and StartLimitAction= in [Service]
  still work, as deprecated leftovers (a warning).

Put them in [Unit]:

    [Unit]
    StartLimitIntervalSec=300
    StartLimitBurst=5

The fix moves the line to the end of [Unit] (StartLimitInterval= becomes
StartLimitIntervalSec=), when the file has exactly one [Unit] section that
does not set the key already.`,
	Bad:  "[Unit]\nDescription=App\n\n[Service]\nExecStart=/usr/bin/app\nRestart=always\nStartLimitIntervalSec=300\nStartLimitBurst=5\n",
	Good: "[Unit]\nDescription=App\nStartLimitIntervalSec=300\nStartLimitBurst=5\n\n[Service]\nExecStart=/usr/bin/app\nRestart=always\n",
	Fix:  "moves the setting to the end of the [Unit] section, renaming StartLimitInterval= to StartLimitIntervalSec=",
	Run:  runStartLimitInService,
}

// startLimitKeys are the start-limit keys people put in [Service], and
// their name in [Unit].
var startLimitKeys = map[string]string{
	"StartLimitInterval":    "StartLimitIntervalSec",
	"StartLimitIntervalSec": "StartLimitIntervalSec",
	"StartLimitBurst":       "StartLimitBurst",
	"StartLimitAction":      "StartLimitAction",
}

func runStartLimitInService(p *Pass) {
	if p.Type != "service" {
		return
	}
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		to := startLimitKeys[ke.key]
		if to == "" || ke.sec != "Service" {
			continue
		}
		nd, ok := catalog.Lookup("Unit", to)
		if !ok || !nd.StatusIn(p.Version).Known() {
			// Before 229/230 [Service] was the only place.
			continue
		}
		var aliases []string
		if to == "StartLimitIntervalSec" {
			aliases = []string{"StartLimitInterval"}
		}
		d := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd(), Fix: moveToUnit(p, e, to, aliases...)}
		if _, known := catalog.Lookup("Service", e.Key()); !known {
			d.Severity = Error
			d.Message = e.Key() + "= is not a [Service] setting, so systemd ignores it and keeps the default start limit; move it to [Unit]"
		} else {
			d.Message = e.Key() + "= in [Service] is deprecated since systemd 229; move it to [Unit]"
			if to != e.Key() {
				d.Message += " as " + to + "="
			}
		}
		p.Report(d)
	}
}
