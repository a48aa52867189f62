package lint

import (
	"github.com/usvc/usvc/unitfile/catalog"
)

var oneshotRestart = &Rule{
	Name:     "oneshot-restart",
	Severity: Error,
	Summary:  "a Type=oneshot service with Restart=always or on-success, which systemd refuses",
	Doc: `A Type=oneshot service runs to completion; restarting it whenever it ends
would run it in a loop. So systemd refuses to load it (src/core/service.c:
service_verify()):

- Restart=always or Restart=on-success: "Service has Restart= set to either
  always or on-success, which isn't allowed for Type=oneshot services.
  Refusing." Before systemd 244 any Restart= but "no" was refused, so on
  RHEL 8 (239) even Restart=on-failure breaks a oneshot;
- RestartForceExitStatus=: "Service has RestartForceExitStatus= set, which
  isn't allowed for Type=oneshot services. Refusing."

A service without Type= and without ExecStart= is a oneshot too.

To run a task again and again, use a .timer (OnUnitActiveSec=, OnCalendar=);
to retry a failing task, Restart=on-failure (systemd 244 and later); for a
program that runs until stopped, Type=simple or exec with Restart=always.`,
	Bad:  "[Service]\nType=oneshot\nExecStart=/usr/bin/sync-files\nRestart=always\n",
	Good: "[Service]\nType=oneshot\nExecStart=/usr/bin/sync-files\n",
	Run:  runOneshotRestart,
}

func runOneshotRestart(p *Pass) {
	if p.Type != "service" {
		return
	}
	uf := unitFilesOf(p, p.Unit)
	s := p.serviceFacts()
	if s.broken || s.effectiveType() != "oneshot" {
		return
	}
	if p.DropIn && !uf.fragment && s.typ == "" {
		return // the unit file may set another type
	}
	since244 := p.Version.Compare(catalog.V(244)) >= 0
	if s.restartFile == p.File && s.restart != "" && s.restart != "no" {
		e := s.restartEntry
		switch {
		case s.restart == "always" || s.restart == "on-success":
			p.Reportf(e.ValuePos(), e.ValueEnd(), "systemd refuses to load a Type=oneshot service with Restart=%s; use a .timer to run the task repeatedly, Restart=on-failure to retry it, or Type=simple for a program that keeps running", s.restart)
		case !since244:
			p.Reportf(e.ValuePos(), e.ValueEnd(), "systemd before 244 refuses to load a Type=oneshot service with any Restart= but no, and this unit targets systemd %s; remove Restart=%s, or raise the target release (--systemd-version)", p.Version, s.restart)
		}
	}
	if s.forceStatusFile == p.File && s.forceStatus != nil {
		e := s.forceStatus
		p.Reportf(e.KeyPos(), e.KeyEnd(), "systemd refuses to load a Type=oneshot service with RestartForceExitStatus=; remove it")
	}
}
