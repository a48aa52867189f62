package lint

import (
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile"
)

var multipleExecStart = &Rule{
	Name:     "multiple-execstart",
	Severity: Error,
	Summary:  "more than one ExecStart= command in a service that is not Type=oneshot",
	Doc: `Only a Type=oneshot service may have several ExecStart= commands (systemd runs
them one after another). Any other service has one main process, so systemd
refuses to load it: "Service has more than one ExecStart= setting, which is
only allowed for Type=oneshot services. Refusing." A service without Type= is
Type=simple.

Commands count whether they are on separate ExecStart= lines or on one line
separated by a lone ";". An empty "ExecStart=" clears the commands before
it, which is how a drop-in replaces the command (see drop-in-execstart for a
drop-in that forgets to). With the search path loaded, a drop-in installed
for the unit but not linted with it counts too, and is named in a finding on
the unit file's first ExecStart=.

To run a preparation step, use ExecStartPre=; to run something after the
main process started, ExecStartPost=; to run a sequence of steps and finish,
Type=oneshot; to run a shell pipeline, one ExecStart=/bin/sh -c '...'.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app-migrate\nExecStart=/usr/bin/app\n",
	Good: "[Service]\nExecStartPre=/usr/bin/app-migrate\nExecStart=/usr/bin/app\n",
	Run:  runMultipleExecStart,
}

func runMultipleExecStart(p *Pass) {
	if p.Type != "service" {
		return
	}
	uf := unitFilesOf(p, p.Unit)
	s := p.serviceFacts()
	if p.DropIn && !uf.fragment {
		// Only the drop-ins are known: judge this one alone.
		s = serviceFactsOf(p, append(uf.files[:0:0], p.File))
		if t := p.serviceFacts(); t.typ != "" {
			s.typ = t.typ
		}
	}
	if s.broken || len(s.start) < 2 {
		return
	}
	typ := s.effectiveType()
	if typ == "oneshot" {
		return
	}
	// Commands after the first one written in the same file as the first
	// are this rule's; a drop-in that appends is drop-in-execstart's.
	first := s.start[0]
	if first.file != p.File {
		return
	}
	what := "this Type=" + typ + " service"
	if s.typ == "" {
		what = "a service without Type= (so Type=" + typ + ")"
	}
	var installed []string // drop-ins outside the run that add commands
	for _, c := range s.start[1:] {
		if c.file != p.File {
			if !inRun(p, c.file) && (len(installed) == 0 || installed[len(installed)-1] != c.file.Name) {
				installed = append(installed, c.file.Name)
			}
			continue
		}
		pos, end := c.entry.SpanAt(c.start, c.end)
		where := "line " + strconv.Itoa(first.entry.Line())
		if c.entry == first.entry {
			where = "the same line, before the \";\""
		}
		p.Reportf(pos, end, "a second ExecStart= command (the first is on %s): systemd refuses to load %s with more than one; use ExecStartPre= for a command that prepares, Type=oneshot for steps that run one after another, or one ExecStart=/bin/sh -c '...'", where, what)
	}
	if len(installed) > 0 && !p.DropIn {
		// A drop-in on the search path, not linted here, appends to this
		// unit's command: the unit will not load, and this file is where
		// the user looks.
		e := first.entry
		p.Reportf(e.KeyPos(), e.KeyEnd(), "the installed drop-in %s adds ExecStart= commands to this one without clearing it first, so systemd refuses to load %s; put an empty \"ExecStart=\" line above the drop-in's ExecStart=", strings.Join(installed, ", "), p.Unit)
	}
}

// inRun reports whether f is one of the files of the run.
func inRun(p *Pass, f *unitfile.File) bool {
	return p.run.idx().files[f] != nil
}
