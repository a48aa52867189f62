package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
)

var continuationTooLong = &Rule{
	Name:     "continuation-too-long",
	Severity: Error,
	Summary:  "a continued line over 1 MiB, which makes systemd refuse the unit without a message",
	Doc: `Lines ending in '\' are joined with the next one, and the joined line may
not exceed 1 MiB (LONG_LINE_MAX). On a longer one systemd stops reading the
file and the unit fails to load, without saying why.

Shorten the value: move long data to a file (EnvironmentFile=, a script).`,
	Bad: "[Unit]\nDescription=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (a line of 65550 bytes) \\\n... (16 more lines of 65538 bytes)\nx\n",
	BadInput: func() string {
		return "[Unit]\nDescription=" + strings.Repeat(strings.Repeat("x", 1<<16)+" \\\n", 17) + "x\n"
	},
	Good: "[Unit]\nDescription=x \\\n  y\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeContinuationTooLong),
}
