package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
)

var lineTooLong = &Rule{
	Name:     "line-too-long",
	Severity: Error,
	Summary:  "a line of 1 MiB or more, which makes systemd refuse the unit without a message",
	Doc: `systemd reads lines shorter than 1 MiB (LONG_LINE_MAX). On a longer line it
stops reading the file and the unit fails to load, without saying why.

Shorten the line: move long data to a file (EnvironmentFile=, a script).`,
	Bad: "[Unit]\nDescription=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (a line of 1048588 bytes)\n",
	BadInput: func() string {
		return "[Unit]\nDescription=" + strings.Repeat("x", unitfile.LongLineMax) + "\n"
	},
	Good: "[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeLineTooLong),
}
