package lint

import (
	"github.com/usvc/usvc/unitfile/catalog"
)

var missingExecStart = &Rule{
	Name:     "missing-execstart",
	Severity: Error,
	Summary:  "a service with no ExecStart=, which systemd refuses to load",
	Doc: `A service needs a command. When loading one, systemd checks
(src/core/service.c: service_verify()):

- a service with no ExecStart=, no ExecStop= and no SuccessAction= is refused
  ("Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.");
- only Type=oneshot may lack ExecStart= ("Service has no ExecStart= setting,
  which is only allowed for Type=oneshot services. Refusing.");
- and a oneshot without ExecStart= needs RemainAfterExit=yes or SuccessAction=
  ("Service has no ExecStart= and no SuccessAction= settings and does not
  have RemainAfterExit=yes set. Refusing.").

systemd before 240 does not count SuccessAction=. The unit is then "bad-setting":
systemctl start fails with "Unit app.service has a bad unit file setting".
The usual causes are a typo in the key (ExecStrat=), the command in the wrong
section ([Unit] or [Install]), or an "ExecStart=" that only resets the
command in a file meant to set it.

The check looks at the unit file together with its drop-ins among the files
linted with it (and, with a search path loaded, the drop-ins installed for
it), in the order systemd applies them, and skips units that systemd refuses
for another reason (an Exec line it cannot read).`,
	Bad:  "[Unit]\nDescription=App\n\n[Service]\nExecStrat=/usr/bin/app\n",
	Good: "[Unit]\nDescription=App\n\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  runMissingExecStart,
}

func runMissingExecStart(p *Pass) {
	if p.Type != "service" || p.DropIn {
		return
	}
	s := p.serviceFacts()
	if s.broken || len(s.start) > 0 {
		return
	}
	// see src/core/service.c: service_verify(); SuccessAction= counts
	// from systemd 240 on.
	success := s.successAction && p.Version.Compare(catalog.V(240)) >= 0
	typ := s.effectiveType()
	var msg string
	switch {
	case !s.stop && !success:
		msg = p.Unit + " has no ExecStart=, so systemd refuses to load it; add ExecStart= with the command to run"
		if s.successAction {
			msg += " (systemd before 240 does not count SuccessAction=, and this unit targets " + p.Version.String() + ")"
		}
	case typ != "oneshot":
		msg = p.Unit + " has no ExecStart=, which only Type=oneshot allows, so systemd refuses to load this Type=" + typ + " service; add ExecStart= with the command to run"
	case !s.remainAfterExit && !success:
		msg = p.Unit + " has no ExecStart= and neither RemainAfterExit=yes nor SuccessAction=, so systemd refuses to load it; add ExecStart=, or RemainAfterExit=yes for a service that only runs ExecStop="
	default:
		return
	}
	pos, end := startOfUnit(p.File)
	p.Reportf(pos, end, "%s", msg)
}
