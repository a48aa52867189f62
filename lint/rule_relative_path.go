package lint

import "strings"

var relativePath = &Rule{
	Name:     "relative-path",
	Severity: Error,
	Summary:  "a relative path where systemd needs an absolute one",
	Doc: `Paths in unit files are not relative to anything: systemd has no current
directory to resolve them against, so WorkingDirectory=, EnvironmentFile=,
ReadWritePaths=, StandardOutput=file:..., the Condition*Path*= checks and the
other path settings must start with "/". systemd refuses a relative path:

- WorkingDirectory=app, RootDirectory= and RootImage= make it refuse to load
  the unit (an error here), unless WorkingDirectory= has the "-" prefix;
- for the other settings it ignores the assignment (a warning here):
  EnvironmentFile=app.env loads no variables, ReadWritePaths=data grants
  nothing.

Write the full path. In a user unit, %h is the home directory
(WorkingDirectory=%h/app), %E the configuration directory and %t the runtime
directory; see systemd.unit(5), "Specifiers". A path starting with ~ is
tilde-path's; StateDirectory= and the other *Directory= settings that take
relative names are checked the other way round.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nWorkingDirectory=app\nEnvironmentFile=app.env\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nWorkingDirectory=%h/app\nEnvironmentFile=%h/app/app.env\n",
	Run: func(p *Pass) {
		reportValueProblems(p, classRelative, func(v string) bool {
			// One absolute path needs no closer look.
			return v == "" || v[0] != '/' || strings.ContainsAny(v, " \t\"':")
		}, func(pi *parserInfo, v string) bool { return pi.paths })
	},
}
