package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile"
)

var tooManyProblems = &Rule{
	Name:     "too-many-problems",
	Severity: Info,
	Summary:  "a file with more syntax problems than usvc lists",
	Doc: `usvc lists at most 1000 syntax problems per file, so that a file that is not a
unit file at all (a binary, a file in another format) does not flood the
output. This finding says how many more there are.

Check that the file is a unit file; fix the problems listed first.`,
	Bad:  "[Service]\n" + strings.Repeat("x\n", 1001),
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeTooMany),
}
