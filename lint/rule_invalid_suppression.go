package lint

var invalidSuppression = &Rule{
	Name:     ruleInvalidSuppression,
	Severity: Error,
	Summary:  "a malformed usvc: directive, which silences nothing",
	Doc: `A suppression is a comment line of its own, with the rules and a reason:

    # usvc:ignore RULE[,RULE...] REASON
    # usvc:ignore-file RULE[,RULE...] REASON

The reason is required, so that whoever reads the unit later knows why the
finding does not apply. A directive without one, with an unknown rule name, or
with an unknown verb after "usvc:" silences nothing.

Name existing rules ("usvc rules" lists them) and give a reason.`,
	Bad:  "[Service]\n# usvc:ignore missing-equals\nExecStart /usr/bin/app\n",
	Good: "[Service]\n# usvc:ignore missing-equals fixed by our install script\nExecStart /usr/bin/app\nExecStart=/usr/bin/app\n",
	// The framework reports it after the other rules have run.
}
