package lint

import "github.com/usvc/usvc/unitfile"

var missingKey = &Rule{
	Name:     "missing-key",
	Severity: Warning,
	Summary:  "an assignment with nothing before the '='",
	Doc: `A line that starts with '=' has no key. systemd drops it with the warning
"Missing key name before '=', ignoring line.".

Write the key the value belongs to, or remove the line.`,
	Bad:  "[Service]\n=/usr/bin/app\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeMissingKey),
}
