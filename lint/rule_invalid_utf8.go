package lint

import "github.com/usvc/usvc/unitfile"

var invalidUTF8 = &Rule{
	Name:     "invalid-utf8",
	Severity: Error,
	Summary:  "a line that is not valid UTF-8, which makes systemd refuse the unit",
	Doc: `systemd reads unit files as UTF-8. A line that is not (a Latin-1 byte, a
truncated sequence, a noncharacter such as U+FFFE) is reported as "String is
not UTF-8 clean, ignoring assignment: LINE", and, although the message says
"ignoring", systemd stops reading the file there: a unit file fails to load.
Comment lines are exempt.

Save the file as UTF-8.`,
	Bad:  "[Unit]\nDescription=Caf\xe9\n",
	Good: "[Unit]\nDescription=Café\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeInvalidUTF8),
}
