package lint

import "github.com/usvc/usvc/unitfile"

var unknownSection = &Rule{
	Name:     "unknown-section",
	Severity: Warning,
	Summary:  "a section the unit type does not have, which systemd skips whole",
	Doc: `A unit file has [Unit], [Install] and the section of its type ([Service] for
a .service, [Timer] for a .timer, ...). systemd skips any other section, with
everything in it, after the warning "Unknown section 'NAME'. Ignoring.".
Section names are case-sensitive: [service] is unknown. Sections whose name
starts with "X-" are for other programs and skipped silently.

Fix the section name, or rename a section meant for other tools to X-NAME.`,
	Bad:  "[Servce]\nExecStart=/usr/bin/app\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeUnknownSection),
}
