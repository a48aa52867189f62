package lint

import "github.com/usvc/usvc/unitfile"

var badSectionCharacters = &Rule{
	Name:     "bad-section-characters",
	Severity: Error,
	Summary:  "a section name with quotes, a backslash or control characters, which makes systemd refuse the unit",
	Doc: `A section name may not contain control characters (a tab included), '"',
"'" or '\'. systemd logs "Bad characters in section header 'LINE'" and stops
reading the file, so a unit file fails to load and a drop-in is applied only
up to that line.

Write the section name plainly: [Service], not ["Service"].`,
	Bad:  "[\"Service\"]\nExecStart=/usr/bin/app\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeBadHeaderChars),
}
