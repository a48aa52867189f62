package lint

import (
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/unitfile/value"
)

var missingTriggeredUnit = &Rule{
	Name:     "missing-triggered-unit",
	Severity: Error,
	Summary:  "a timer, socket or path unit whose service is missing",
	Doc: `A .timer, .path or .socket unit only starts another unit: backup.timer starts
backup.service (or the unit named by Unit=), app.socket starts app.service
(or Service=), and a socket with Accept=yes starts an instance of the
template app@.service for every connection. When that unit does not exist,
the timer fires, or the first client connects, and systemd fails with "Unit
backup.service not found"; the socket closes the connection.

Usual causes: the service file was not installed next to the timer, the
names differ (backup-daily.timer and backup.service), or an Accept=yes socket
is paired with app.service instead of app@.service. A socket with Accept=yes
and Service= is refused outright ("Explicit service configuration for
accepting socket units not supported. Refusing.", src/core/socket.c:
socket_verify()).

The unit is looked for among the files linted together and, when the search
path is loaded, on it: missing from both, it is an error. Without a search
path, a unit missing from the run is a warning when other unit files of the
same directory were linted in the same run (a set of units that belong
together); a timer, path or socket linted on its own is not checked, since
its service may well be installed already. A Unit= or Service= with a %
specifier is not checked.`,
	Example: "app.socket",
	Bad:     "[Socket]\nListenStream=%t/app.sock\nAccept=yes\nService=app.service\n",
	Good:    "[Socket]\nListenStream=%t/app.sock\nAccept=yes\n",
	Run:     runMissingTriggeredUnit,
}

func runMissingTriggeredUnit(p *Pass) {
	if p.DropIn {
		return
	}
	var section, key string
	switch p.Type {
	case "timer":
		section, key = "Timer", "Unit"
	case "path":
		section, key = "Path", "Unit"
	case "socket":
		section, key = "Socket", "Service"
	default:
		return
	}
	// The explicit unit and Accept=, as the unit file and its drop-ins of
	// the run leave them.
	var named string
	var namedAt *Source
	var namedEntry = -1 // line of this file's Unit=/Service=
	accept := false
	for _, s := range append([]*Source{p.Source}, p.Related()...) {
		for secName, e := range assignments(s.File) {
			if secName != section {
				continue
			}
			switch e.Key() {
			case key:
				named, namedAt = strings.TrimSpace(e.Value()), s
				if s == p.Source {
					namedEntry = e.Line()
				}
			case "Accept":
				if b, err := value.ParseBool(e.Value()); err == nil {
					accept = b
				}
			}
		}
	}
	if p.Type == "socket" && accept && named != "" {
		// see src/core/socket.c: socket_verify().
		if namedAt == p.Source {
			for secName, e := range assignments(p.File) {
				if secName == section && e.Key() == key && e.Line() == namedEntry {
					tmpl := strings.TrimSuffix(p.Unit, ".socket")
					if at := strings.IndexByte(tmpl, '@'); at >= 0 {
						tmpl = tmpl[:at]
					}
					p.Reportf(e.ValuePos(), e.ValueEnd(), "a socket with Accept=yes starts an instance of %s@.service for each connection, and systemd refuses to load it with Service=; remove Service= and name the service template %s@.service", tmpl, tmpl)
				}
			}
		}
		return
	}
	target := named
	if target == "" {
		base := strings.TrimSuffix(p.Unit, "."+p.Type)
		if p.Type == "socket" && accept {
			// see src/core/socket.c: socket_load_service_unit(): an
			// instance of PREFIX@.service per connection.
			if at := strings.IndexByte(base, '@'); at >= 0 {
				base = base[:at]
			}
			target = base + "@.service"
		} else {
			target = base + ".service"
		}
	}
	if target == "" || strings.ContainsRune(target, '%') {
		return
	}
	answer := p.Exists(target)
	if answer == Yes || aliasedInRun(p, target) {
		return
	}
	// Point at the Unit=/Service= value when this file names the unit,
	// else at the type section's header.
	pos, end := startOfUnit(p.File)
	if namedAt == p.Source {
		for secName, e := range assignments(p.File) {
			if secName == section && e.Key() == key {
				pos, end = e.ValuePos(), e.ValueEnd()
			}
		}
	}
	d := Diagnostic{Pos: pos, End: end}
	where := "is not among the files linted with it"
	switch {
	case answer == No:
		where = "is neither among the files linted with it nor on the unit search path"
	case lintedWithSiblings(p):
		d.Severity = Warning
	default:
		// Linted alone, without a search path: the unit may well be
		// installed already.
		return
	}
	switch {
	case named != "":
		d.Message = p.Unit + " starts " + target + ", which " + where + "; fix " + key + "= or add " + target
	case p.Type == "socket" && accept:
		d.Message = p.Unit + " has Accept=yes, so it starts an instance of " + target + " for each connection, and " + target + " " + where + "; add the template, or use Accept=no with " + strings.TrimSuffix(target, "@.service") + ".service"
	default:
		d.Message = p.Unit + " starts " + target + ", which " + where + "; add " + target + ", or name the unit to start with " + key + "="
	}
	p.Report(d)
}

// aliasedInRun reports whether a unit of the run declares name as an
// [Install] Alias=, which "systemctl enable" links: syslog.socket starts
// syslog.service, the alias of whichever syslog daemon is enabled.
func aliasedInRun(p *Pass, name string) bool {
	return p.run.isAliased(p.Scope, name)
}

// lintedWithSiblings reports whether another unit file of the same
// directory is in the run: then the run is a set of units that belong
// together, and a unit missing from it is likely missing.
func lintedWithSiblings(p *Pass) bool {
	n := p.run.idx().unitDirs[unitKey{p.Scope, filepath.Dir(p.Path)}]
	if !p.DropIn {
		n-- // this file
	}
	return n > 0
}
