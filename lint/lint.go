package lint

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
)

// Severity ranks a finding. The order is fixed: Error is the most severe.
type Severity int

// The severities, most severe first.
const (
	Error Severity = iota + 1
	Warning
	Info
)

// String is the word users see and write: "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q: use error, warning or info", s)
}

// MarshalText writes the severity's word, so JSON and TOML see "error".
func (s Severity) MarshalText() ([]byte, error) {
	if s < Error || s > Info {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity's word.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Scope says which manager a unit is for. A file's scope is UserScope or
// SystemScope; a rule's scope may also be AnyScope.
type Scope uint8

// The scopes.
const (
	// AnyScope, for a rule: it applies to user and system units alike.
	AnyScope Scope = iota
	// UserScope: units of the per-user manager (systemctl --user).
	UserScope
	// SystemScope: units of the system manager.
	SystemScope
)

// String is "any", "user" or "system".
func (s Scope) String() string {
	switch s {
	case UserScope:
		return "user"
	case SystemScope:
		return "system"
	}
	return "any"
}

// DefaultVersion is the systemd release usvc checks against unless told
// otherwise (--systemd-version, systemd-version in .usvc.toml): 239, the
// systemd of Red Hat Enterprise Linux 8 and its rebuilds (AlmaLinux,
// Rocky Linux 8), which are in maintenance support until 2029 and are
// the oldest systemd among the long-term-support distributions still
// supported. (Debian 11 with 247 left its LTS in August 2026; Ubuntu
// 20.04 with 245 is in paid ESM only; Ubuntu 22.04 has 249, Debian 12
// and RHEL 9 have 252.) A unit that passes at 239 works on all of them.
var DefaultVersion = catalog.V(239)

// A Rule is one check. Rules are values, listed once in All; a rule keeps
// no state between files. Name, Severity, Summary, Doc, Bad and Good are
// required (a test checks it, and that Bad fires and Good does not).
type Rule struct {
	// Name is the rule's stable kebab-case name, used in suppressions,
	// configuration and output. It is never renamed or reused.
	Name string
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Summary is a one-line description, lower case, no final period.
	Summary string
	// Doc says why the problem matters and what to do, in plain text
	// paragraphs separated by blank lines.
	Doc string
	// Bad is a unit that makes the rule fire; Good is the corrected
	// unit, on which it does not.
	Bad, Good string
	// BadInput, when set, builds the real Bad input for the tests, and
	// Bad is only its shortened form for display: an example of a
	// megabyte line must not be built at every start of the program.
	BadInput func() string
	// Example is the file name Bad and Good are linted as; the zero value
	// is "example.service". A drop-in rule uses a drop-in path such as
	// "example.service.d/override.conf".
	Example string
	// Fix says what --fix does for the rule's findings, or is "" when
	// the rule never attaches a fix. Only safe fixes are attached: ones
	// that keep what systemd does or make it do what the unit plainly
	// means.
	Fix string
	// Scope is the kind of unit the rule applies to: AnyScope (the
	// zero value) for all, UserScope for rules about the user manager.
	Scope Scope
	// Run checks the file of the pass and reports through it.
	Run func(*Pass)
}

// BadSource is the input the tests lint as the Bad example.
func (r *Rule) BadSource() string {
	if r.BadInput != nil {
		return r.BadInput()
	}
	return r.Bad
}

// ExampleName is the file name Bad and Good are linted as.
func (r *Rule) ExampleName() string {
	if r.Example == "" {
		return "example.service"
	}
	return r.Example
}

// appliesTo reports whether the rule checks files of scope s.
func (r *Rule) appliesTo(s Scope) bool { return r.Scope == AnyScope || r.Scope == s }

// TextEdit replaces the bytes Start to End (0-based offsets in the file
// as it was linted, End exclusive) by New. Start == End inserts.
type TextEdit struct {
	Start, End int
	New        string
}

// Diagnostic is one finding.
type Diagnostic struct {
	// Path is the file, as it was named to the linter.
	Path string
	// Pos and End span the smallest wrong text; End is exclusive. A zero
	// Pos means the finding is about the whole file.
	Pos, End unitfile.Pos
	// Message says what is wrong and what to do: lower case, no final
	// period.
	Message string
	// Rule is the name of the rule that reported it.
	Rule string
	// Severity is the rule's severity, or what the configuration makes
	// of it.
	Severity Severity
	// Fix holds the byte edits that repair the problem, nil when there is
	// no safe fix. Edits do not overlap and are sorted by Start.
	Fix []TextEdit
}

// String formats d as one line: "path:line:col: severity: message [rule]",
// or "path: severity: message [rule]" for a whole-file finding.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", d.Pos.Line, d.Pos.Col)
	}
	fmt.Fprintf(&b, ": %s: %s [%s]", d.Severity, Printable(d.Message), d.Rule)
	return b.String()
}

// Printable shows control characters in s as Go escapes (\t, \x01), so
// that text quoted from a file cannot disturb a terminal or fake a line
// of output.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Answer is what a question about the outside world gets: yes, no, or
// unknown when nobody can tell (no search path was loaded).
type Answer uint8

// The answers.
const (
	Unknown Answer = iota
	Yes
	No
)

func (a Answer) String() string {
	switch a {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// Units is a loaded unit search path (the user's or the system's), for
// rules that look beyond the files being linted. A nil Units knows
// nothing: every answer is Unknown. Lint checks files in parallel but
// calls a Units from one goroutine at a time, so it need not be safe for
// concurrent use.
type Units interface {
	// Exists says whether a unit called name is found on the search path:
	// a unit file, a link (alias), or for an instance its template.
	Exists(name string) Answer
	// Effective is the unit as systemd loads it: its fragment and drop-ins
	// in the order systemd applies them. ok is false when the unit is not
	// found or the search path is unknown.
	Effective(name string) (u *Unit, ok bool)
}

// Unit is a unit as systemd loads it from the search path.
type Unit struct {
	// Name is the unit's name ("app.service").
	Name string
	// File is the unit file (the fragment), nil when only drop-ins exist.
	File *unitfile.File
	// DropIns are the drop-ins, in the order systemd applies them.
	DropIns []*unitfile.File
}

// Files are the unit file, then the drop-ins, in the order systemd reads
// them.
func (u *Unit) Files() []*unitfile.File {
	var fs []*unitfile.File
	if u.File != nil {
		fs = append(fs, u.File)
	}
	return append(fs, u.DropIns...)
}

// ShortExample is an example unit made fit for display: lines over 100
// bytes keep their start and say how long they are, only the first 30
// lines are kept (the examples of line-too-long and too-many-problems are
// megabytes long), and control characters other than tabs and bytes that
// are not UTF-8 are shown as Go escapes (\x01, \xe9).
func ShortExample(s string) string {
	var b strings.Builder
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if i == 30 {
			fmt.Fprintf(&b, "... (%d more lines)\n", len(lines)-i-1)
			break
		}
		body := strings.TrimRight(l, "\n")
		eol := l[len(body):]
		if len(body) > 100 {
			cut := 60
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			body = fmt.Sprintf("%s... (a line of %d bytes)", body[:cut], len(body))
		}
		for i := 0; i < len(body); {
			r, n := utf8.DecodeRuneInString(body[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				fmt.Fprintf(&b, "\\x%02x", body[i])
			case r == '\t' || (r >= ' ' && r != 0x7f):
				b.WriteString(body[i : i+n])
			default:
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
			}
			i += n
		}
		b.WriteString(eol)
	}
	return b.String()
}
