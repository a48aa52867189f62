package words

import "fmt"

// Severity is the level systemd logs a problem at.
type Severity int

// The severities, most severe first (the same order as unitfile.Severity).
const (
	// Error is LOG_ERR.
	Error Severity = iota + 1
	// Warning is LOG_WARNING.
	Warning
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// Code names a kind of problem. Codes are stable: tools may match on them.
type Code string

// The problems the parsers here report. The comments give systemd 252's
// message; Diagnostic.Message uses it verbatim.
const (
	// "Ignoring unknown escape sequences: \"WORD\"" (Exec*=: the escape is
	// kept verbatim).
	CodeUnknownEscape Code = "unknown-escape"
	// "Unbalanced quoting, ignoring: \"VALUE\"" (Exec*=).
	CodeUnbalancedQuoting Code = "unbalanced-quoting"
	// "Invalid syntax, ignoring: VALUE" (Environment=, lists): the rest of
	// the value is dropped. For PassEnvironment= and UnsetEnvironment=:
	// "Trailing garbage in KEY, ignoring: VALUE".
	CodeInvalidSyntax Code = "invalid-syntax"
	// "Failed to resolve unit specifiers in ...: Invalid slot" and the
	// like.
	CodeSpecifier Code = "specifier"
	// "Empty path in command line: 'VALUE'"
	CodeEmptyPath Code = "empty-path"
	// "Executable name contains special characters: PATH"
	CodeUnsafePath Code = "unsafe-path"
	// "Executable path specifies a directory: PATH"
	CodeDirectoryPath Code = "directory-path"
	// "Neither a valid executable name nor an absolute path: PATH"
	CodeInvalidPath Code = "invalid-path"
	// "Empty executable name or zeroeth argument: VALUE" (a command with
	// "@" and no argv[0]).
	CodeEmptyArgv Code = "empty-argv"
	// "Invalid environment assignment, ignoring: WORD"
	CodeInvalidAssignment Code = "invalid-assignment"
	// "Invalid environment name for KEY, ignoring: WORD" and
	// "Invalid environment name or assignment KEY, ignoring: WORD"
	CodeInvalidName Code = "invalid-name"
	// "KEY= path is not absolute, ignoring: PATH"
	CodePathNotAbsolute Code = "path-not-absolute"
	// "KEY= path has invalid length (N bytes), ignoring."
	CodePathLength Code = "path-length"
	// "KEY= path is not normalized, ignoring: PATH"
	CodePathNotNormalized Code = "path-not-normalized"
	// "String is not UTF-8 clean, ignoring assignment: PATH"
	CodeInvalidUTF8 Code = "invalid-utf8"
)

// Diagnostic is a problem systemd logs about an assignment.
type Diagnostic struct {
	// Start and End delimit the offending part of the input.
	Start, End int
	Severity   Severity
	Code       Code
	// Message is systemd's message, without the "file:line: " prefix.
	Message string
	// Fatal means the per-key parser returns -ENOEXEC: systemd stops
	// reading the file and refuses to load the unit ("bad-setting"); in a
	// drop-in, the rest of the drop-in is skipped.
	Fatal bool
}

// String formats d as "start-end: severity: message".
func (d Diagnostic) String() string {
	f := ""
	if d.Fatal {
		f = " (fatal)"
	}
	return fmt.Sprintf("%d-%d: %s: %s%s", d.Start, d.End, d.Severity, d.Message, f)
}

// ignoring is the ", ignoring" systemd adds to Exec*= messages when the
// command has the "-" prefix.
func ignoring(ignore bool) string {
	if ignore {
		return ", ignoring"
	}
	return ""
}

// errText is what systemd's %m prints for the errors here.
func errText(err error) string {
	if e, ok := err.(*SpecifierError); ok {
		return e.Err.Error()
	}
	return err.Error()
}

// unknownEscapeSpan runs from the word's first unknown escape sequence to
// the end of its last.
func unknownEscapeSpan(w Word, value string) (int, int) {
	if len(w.UnknownEscapes) == 0 {
		return w.Start, w.End
	}
	s := w.UnknownEscapes[0]
	e := w.UnknownEscapes[len(w.UnknownEscapes)-1] + 1
	if e < len(value) {
		e = badEscapeEnd(value, e)
	}
	return s, e
}

// specifierSpan is where a specifier error lies in the input: the bad
// specifier, or the whole word for an over-long result.
func specifierSpan(w Word, err error) (int, int) {
	if e, ok := err.(*SpecifierError); ok && e.Index >= 0 && e.Index+2 <= len(w.Text) {
		return w.Span(e.Index, e.Index+2)
	}
	return w.Start, w.End
}

// rest is value from offset at on, for messages that print the part of
// the value systemd still has as its rvalue.
func rest(value string, at int) string {
	if at < 0 || at > len(value) {
		return ""
	}
	return value[at:]
}
