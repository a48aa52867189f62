package unitfile

import (
	"fmt"
)

// Severity ranks a diagnostic.
type Severity int

// The severities, most severe first.
const (
	Error Severity = iota + 1
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "severity(" + fmt.Sprint(int(s)) + ")"
}

// Code names a kind of syntax problem. Codes are stable: tools may match
// on them.
type Code string

// The syntax problems Parse reports. The comments give systemd 252's
// message, which the diagnostics use verbatim.
const (
	// "Assignment outside of section. Ignoring."
	CodeOutsideSection Code = "outside-section"
	// "Missing '=', ignoring line."
	CodeMissingEquals Code = "missing-equals"
	// "Missing key name before '=', ignoring line."
	CodeMissingKey Code = "missing-key"
	// "Unknown section 'NAME'. Ignoring."
	CodeUnknownSection Code = "unknown-section"
	// "Invalid section header 'LINE'" (fatal)
	CodeInvalidHeader Code = "invalid-section-header"
	// "Bad characters in section header 'LINE'" (fatal)
	CodeBadHeaderChars Code = "bad-section-characters"
	// "String is not UTF-8 clean, ignoring assignment: LINE" (fatal)
	CodeInvalidUTF8 Code = "invalid-utf8"
	// A physical line of 1 MiB or more; systemd fails the unit without a
	// message (fatal).
	CodeLineTooLong Code = "line-too-long"
	// A continued line over 1 MiB; systemd fails the unit without a
	// message (fatal).
	CodeContinuationTooLong Code = "continuation-too-long"
	// More problems than Parse records for one file.
	CodeTooMany Code = "too-many-problems"
)

// codeIndex is a Code as a node stores it.
type codeIndex uint8

// codes lists the Codes a BadLine can carry, by codeIndex.
var codes = [...]Code{"", CodeOutsideSection, CodeMissingEquals, CodeMissingKey, CodeInvalidUTF8, CodeLineTooLong, CodeContinuationTooLong}

func indexOf(c Code) codeIndex {
	for i, k := range codes {
		if k == c {
			return codeIndex(i)
		}
	}
	return 0
}

// Diagnostic is a syntax problem systemd warns about or refuses.
type Diagnostic struct {
	// Pos and End span the offending text.
	Pos, End Pos
	// Line is the line number systemd's own message gives: the last
	// physical line of a continued line, one past the end of the file for
	// a continuation that runs into the end of the file.
	Line     int
	Severity Severity
	Code     Code
	// Message uses systemd's wording where systemd has a message.
	Message string
	// Fatal means systemd stops reading the file here: a unit file fails
	// to load, a drop-in is applied only up to this line.
	Fatal bool
}

// String formats d as file-less "line:col: severity: message".
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Severity.String() + ": " + d.Message
}

// maxDiagnostics bounds what one file can record, so that hostile input
// cannot make the diagnostics outgrow the file.
const maxDiagnostics = 1000

// maxQuoted bounds how much of a line a message quotes. systemd's own
// log_syntax() truncates its messages at LINE_MAX (2048) bytes too.
const maxQuoted = 256

// quote shortens s for a message, on a UTF-8 boundary.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + fmt.Sprintf("…(%d more bytes)", len(s)-cut)
}
