package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/words"
)

var deprecatedValue = &Rule{
	Name:     "deprecated-value",
	Severity: Warning,
	Summary:  "a value systemd still accepts but has deprecated, and rewrites or warns about",
	Doc: `Some values still work but are on their way out, and systemd says so each
time it loads the unit:

- StandardOutput=syslog and StandardError=syslog (and syslog+console): the
  syslog output is gone; systemd reads them as journal (and
  journal+console), which also forwards to syslog when a syslog daemon runs.
- Paths below /var/run: /var/run is a symbolic link to /run, and systemd
  rewrites PIDFile=, ListenFIFO= and the file system sockets of ListenStream=,
  ListenDatagram= and ListenSequentialPacket= to /run ("references a path
  below legacy directory /var/run/").
- KillMode=none: systemd leaves the service's processes running when it
  stops it, so they escape its control; the value is deprecated and will be
  removed. Use KillMode=mixed (SIGTERM to the main process, SIGKILL to the
  rest on timeout) or the default control-group, and let the program shut
  down its own children.

The fix writes journal for syslog and /run for /var/run, which is what
systemd reads anyway. KillMode=none has no equivalent and is left to you.`,
	Bad:  "[Service]\nExecStart=/usr/sbin/appd\nPIDFile=/var/run/appd.pid\nStandardOutput=syslog\n",
	Good: "[Service]\nExecStart=/usr/sbin/appd\nPIDFile=/run/appd.pid\nStandardOutput=journal\n",
	Fix:  "writes journal for syslog (journal+console for syslog+console) and /run/ for /var/run/, as systemd reads them",
	Run:  runDeprecatedValue,
}

func runDeprecatedValue(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		v := ke.val
		switch ke.key {
		case "KillMode":
			if v == "none" && ke.sec != "Unit" && ke.sec != "Install" {
				p.Reportf(e.ValuePos(), e.ValueEnd(), "KillMode=none leaves the service's processes running when systemd stops it, and is deprecated; use KillMode=mixed or the default control-group")
			}
		case "StandardOutput", "StandardError":
			if ke.sec == "Unit" || ke.sec == "Install" {
				continue
			}
			if to, ok := syslogOutputs[v]; ok {
				p.Report(Diagnostic{Pos: e.ValuePos(), End: e.ValueEnd(),
					Message: ke.key + "=" + v + " is obsolete and systemd reads it as " + to + ", which forwards to syslog too; write " + to,
					Fix:     p.ReplaceValue(e, 0, len(v), to)})
			}
		case "PIDFile":
			if ke.sec == "Service" {
				varRun(p, e, 0, v)
			}
		case "ListenFIFO", "ListenStream", "ListenDatagram", "ListenSequentialPacket":
			if ke.sec == "Socket" {
				varRun(p, e, 0, v)
			}
		}
	}
}

// varRun reports a path below /var/run at Value()[at:] (path_startswith(),
// which also matches repeated slashes), as patch_var_run() in
// src/core/load-fragment.c rewrites it.
func varRun(p *Pass, e *unitfile.Entry, at int, path string) {
	if !strings.HasPrefix(path, "/") {
		return
	}
	s := words.PathSimplify(path)
	rest, ok := strings.CutPrefix(s, "/var/run/")
	if !ok {
		return
	}
	to := "/run/" + rest
	d := Diagnostic{Message: e.Key() + "= names " + path + " below /var/run, a legacy link to /run, and systemd reads it as " + to + "; write " + to}
	d.Pos, d.End = e.SpanAt(at, at+len(path))
	if strings.HasPrefix(path, "/var/run/") {
		d.Fix = p.ReplaceValue(e, at, at+len("/var/run/"), "/run/")
	}
	p.Report(d)
}

// syslogOutputs are the obsolete StandardOutput=/StandardError= values
// and what systemd reads them as.
var syslogOutputs = map[string]string{"syslog": "journal", "syslog+console": "journal+console"}
