// Package lint checks systemd unit files and drop-ins for the mistakes
// that break them, user services first (systemctl --user with linger).
// It is hermetic: the verdict depends on the files, the target systemd
// release and the settings, never on the host, unless the caller loads a
// unit search path (Settings.Units).
//
// # Running
//
// Lint checks a set of files together, so that rules can look across
// them (a timer whose service is missing, a unit and its drop-ins):
//
//	results := lint.Lint([]*lint.Input{{Path: "app.service", Src: src}})
//	for _, d := range results[0].Diagnostics {
//		fmt.Println(d) // app.service:6:42: error: ... [inline-comment]
//	}
//
// Fix applies the findings' fixes, re-lints, and repeats until nothing
// changes (at most MaxFixRounds times); fixes that overlap one already
// taken wait for the next round. Result.Fixed holds the new content.
//
// Settings say, per file, which rules run (Enabled), their severities,
// the target release (Version, default DefaultVersion: 239, the systemd
// of RHEL 8, the oldest in a supported long-term distribution), the
// scope (user or system; by default ScopeOf the path, else user) and the
// loaded search path. FindConfig and LoadConfig find and read .usvc.toml
// files; Config.Settings turns one into Settings for a file.
//
// # Writing a rule
//
// A rule is a value of type Rule in its own file lint/rule_<name>.go,
// listed once in All (rules.go, sorted by name):
//
//	var memoryMax = &Rule{
//		Name:     "memory-max",            // stable kebab-case, never reused
//		Severity: Info,                    // default severity
//		Summary:  "...",                   // one line, lower case, no period
//		Doc:      `why it matters, what to do`,
//		Bad:      "[Service]\nExecStart=/usr/bin/app\n",   // must fire
//		Good:     "[Service]\nExecStart=/usr/bin/app\nMemoryMax=512M\n", // must not
//		Scope:    UserScope,               // AnyScope (default), UserScope, SystemScope
//		Fix:      "",                      // what --fix does; "" for none
//		Run:      runMemoryMax,
//	}
//
// Run gets a *Pass: the parsed file (Pass.File, a *unitfile.File with
// positions for every key, value and word), what it is (Unit, DropIn,
// Type, Scope, Version), the other files of the run (Sources, Linted,
// Related), the search path (Exists, Effective: Unknown / false until a
// search path is loaded) and Report. A rule keeps no state between
// files, reports the smallest wrong span (a word, not the line), and
// writes messages that start lower case, have no final period and say
// what to do. Rules that carry the parser's findings (missing-equals,
// ...) keep systemd's own words instead, so they can be found in the
// journal.
//
// A fix is a list of byte edits (TextEdit) on the file as it was read;
// untouched bytes stay as they are. Pass.Replace, ReplaceValue,
// DeleteLines and InsertAbove build them; several can be joined with
// append. Attach only safe fixes: ones that keep what systemd does, or
// make it do what the unit plainly means. Fixes of different findings
// that overlap are applied in different rounds, after re-linting, so a
// fix may assume the file as it is now, not as other fixes will make it;
// but a fix must leave a file that is still correct when other fixes
// land next to it (system-target, for one, does not touch a line with a
// trailing comment until inline-comment has moved the comment).
//
// Helpers for rules in this package: lookupLast(p, section, key) is the
// value systemd ends up with across the unit file and the drop-ins of
// the run; startOfUnit(f) is where a finding about the whole unit points
// (the type section's header, so a suppression above it works);
// removeWord deletes one word of a list value; syntaxRun turns parser
// diagnostics of one unitfile.Code into a rule's findings.
//
// Positions: Diagnostic.Pos and End are unitfile positions (byte offset,
// line, byte column), End exclusive. For a word of a value use
// Entry.SpanAt with the word's offsets in Value() (words.Word.Start and
// End); a zero Pos is a finding about the whole file.
//
// Beyond the run: Pass.Exists asks whether a unit exists for the file's
// manager (a file of the run, then Settings.Units); Pass.Effective gives
// the loaded unit with its drop-ins. "usvc lint" fills Settings.Units with
// the files next to the linted one and, without PATH or with
// --search-path, the installed search path (unitfile/load); elsewhere it
// is nil and the answers are Unknown, so a rule must treat Unknown as
// "cannot tell" and stay silent.
//
// Each rule has a golden test, testdata/rules/NAME.txtar: every file in
// it (except .diag and .fixed) is linted together with only that rule
// on; FILE.diag holds the findings in the one-line form, FILE.fixed
// what Fix makes of FILE (no .diag: no findings; no .fixed: no change).
// The archive's comment may set "scope: user|system", "systemd-version:
// N", "units: NAME..." (a search path holding those units) and "rules:
// NAME..." (rules that run too). "go test ./lint -update" rewrites the
// goldens and docs/rules.md; read the diff before committing. The tests
// also check that Bad fires, Good does not, and that every rule has its
// file, docs and golden.
//
// # Suppressing findings
//
// systemd has no trailing comments, so a suppression is a comment line of
// its own, with a reason:
//
//	# usvc:ignore RULE[,RULE...] REASON
//	# usvc:ignore-file RULE[,RULE...] REASON
//
// usvc:ignore applies to the next line that is not a comment or blank:
// an entry (all its lines), or a section header, in which case it covers
// the whole section. Placed inside a continued entry (where systemd skips
// comment lines) it covers that entry. usvc:ignore-file covers the whole
// file. A directive without a reason or with an unknown rule is an
// invalid-suppression finding and silences nothing; a rule name that
// silences nothing although the rule ran is an unused-suppression
// finding, whose fix removes it.
package lint
