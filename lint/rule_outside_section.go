package lint

import "github.com/usvc/usvc/unitfile"

var outsideSection = &Rule{
	Name:     "outside-section",
	Severity: Warning,
	Summary:  "text before the first section header, which systemd ignores",
	Doc: `systemd reads assignments only inside a section. Anything before the first
[Section] header is dropped with the warning "Assignment outside of section.
Ignoring.", so a setting placed there has no effect.

Move the line into the section it belongs to, or make it a comment.`,
	Bad:  "Description=My app\n[Unit]\n",
	Good: "[Unit]\nDescription=My app\n[Service]\nExecStart=/usr/bin/app\n",
	Run:  syntaxRun(unitfile.CodeOutsideSection),
}
