package lint

import "github.com/usvc/usvc/unitfile"

var invalidSectionHeader = &Rule{
	Name:     "invalid-section-header",
	Severity: Error,
	Summary:  "a section header that does not end in ']', which makes systemd refuse the unit",
	Doc: `A line starting with '[' is a section header and must end with ']'. Anything
after the ']', a comment included, makes it invalid: systemd logs "Invalid
section header 'LINE'" and stops reading the file, so a unit file fails to
load and a drop-in is applied only up to that line.

Remove the text after ']' (put a comment on a line of its own).`,
	Bad:  "[Service] # the service\nExecStart=/usr/bin/app\n",
	Good: "# the service\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeInvalidHeader),
}
