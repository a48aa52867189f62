package lint

import (
	"strings"
)

var dropInExecStart = &Rule{
	Name:     "drop-in-execstart",
	Severity: Error,
	Summary:  "a drop-in that adds a second ExecStart= instead of replacing the command",
	Doc: `ExecStart= is a list: each assignment adds a command, and only an empty
"ExecStart=" clears it. So a drop-in (systemctl --user edit app.service, or
app.service.d/override.conf) that means to change the command must clear it
first:

    [Service]
    ExecStart=
    ExecStart=/usr/bin/app --verbose

Without the empty line the service has two commands, and systemd refuses to
load any service but Type=oneshot with more than one: "Service has more than
one ExecStart= setting, which is only allowed for Type=oneshot services.
Refusing." For a oneshot the drop-in's command runs after the unit's, which
may be the intent, and is not reported.

The unit is assembled from its file and drop-ins among the files linted
together, in systemd's order (drop-ins sorted by file name), plus the drop-ins
installed for it when the search path is loaded. When the unit file is not
among them and no search path is loaded, the unit's own ExecStart= is not
known; the finding is then a warning, since nearly every service has one.`,
	Example: "app.service.d/override.conf",
	Bad:     "[Service]\nExecStart=/usr/bin/app --verbose\n",
	Good:    "[Service]\nExecStart=\nExecStart=/usr/bin/app --verbose\n",
	Fix:     "inserts an empty \"ExecStart=\" above the drop-in's first ExecStart=, so that its command replaces the unit's",
	Run:     runDropInExecStart,
}

func runDropInExecStart(p *Pass) {
	if !p.DropIn || p.Type != "service" || strings.HasSuffix(strings.TrimSuffix(p.Unit, ".service"), "-") || p.Unit == "service" {
		// A prefix or type-wide drop-in applies to many units.
		return
	}
	uf := unitFilesOf(p, p.Unit)
	idx := -1
	for i, f := range uf.files {
		if f == p.File {
			idx = i
		}
	}
	if idx < 0 {
		return
	}
	all := p.serviceFacts()
	if all.broken {
		return
	}
	typ := all.effectiveType()
	if !uf.fragment && all.typ == "" {
		// Without the unit file the type is unknown; an unset Type= with
		// an ExecStart= is simple.
		typ = "simple"
	}
	if typ == "oneshot" {
		return
	}
	// The drop-in's first ExecStart= with a command, unless it is preceded
	// by an empty one in this file.
	for secName, e := range assignments(p.File) {
		if secName != "Service" || e.Key() != "ExecStart" {
			continue
		}
		if strings.TrimSpace(e.Value()) == "" {
			return // reset first: fine
		}
		before := serviceFactsOf(p, uf.files[:idx])
		d := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd(), Fix: p.InsertAbove(e, "ExecStart=")}
		switch {
		case len(before.start) > 0:
			d.Message = "this ExecStart= adds a second command to " + p.Unit + " (its first is in " + before.start[0].file.Name + "), so systemd refuses to load it; put an empty \"ExecStart=\" line above to replace the command"
		case uf.fragment:
			return // nothing to replace
		default:
			d.Severity = Warning
			d.Message = "this ExecStart= adds a command to those of " + p.Unit + ", whose unit file was not linted with it; if it has an ExecStart= (most services do), systemd refuses to load it: put an empty \"ExecStart=\" line above to replace the command"
		}
		p.Report(d)
		return
	}
}
