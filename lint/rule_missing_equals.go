package lint

import "github.com/usvc/usvc/unitfile"

var missingEquals = &Rule{
	Name:     "missing-equals",
	Severity: Warning,
	Summary:  "a line in a section that is neither an assignment nor a comment",
	Doc: `Inside a section every line must be KEY=VALUE, a comment or blank. systemd
drops a line without '=' with the warning "Missing '=', ignoring line.".
Common causes are a forgotten '=', a comment without its '#', and the
".include" directive, which systemd removed in version 246.

Add the '=' or turn the line into a comment.`,
	Bad:  "[Service]\nExecStart /usr/bin/app\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeMissingEquals),
}
