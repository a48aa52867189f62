package install

import (
	"fmt"

	"github.com/usvc/usvc/unitfile"
)

// Finding is one problem a Checker found in a file about to be installed.
type Finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"column"`
	Severity string `json:"severity"` // "error", "warning" or "info"
	Message  string `json:"message"`
	Rule     string `json:"rule,omitempty"`
}

// Error reports whether the finding blocks an install (without --force).
func (f Finding) Error() bool { return f.Severity == "error" }

// String is the finding as usvc prints findings:
// path:line:col: severity: message [rule].
func (f Finding) String() string {
	s := fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Line, f.Col, f.Severity, f.Message)
	if f.Rule != "" {
		s += " [" + f.Rule + "]"
	}
	return s
}

// Checker looks at a unit file or drop-in before it is installed (and at
// installed units, for Doctor). name is the path to show; its base name is
// the unit or drop-in name and decides the unit type. Findings of severity
// "error" make Install refuse the unit unless forced.
//
// usvc's command passes the linter (package lint); ParseCheck is the
// fallback that needs nothing but the parser.
type Checker func(name string, src []byte) []Finding

// ParseCheck reports what systemd's parser would say about the file: its
// fatal syntax errors (systemd refuses to load the unit) as errors, the
// rest as warnings.
func ParseCheck(name string, src []byte) []Finding {
	f, err := unitfile.Parse(name, src)
	if err != nil {
		return []Finding{{File: name, Severity: "error", Message: err.Error(), Rule: "syntax"}}
	}
	var out []Finding
	for _, d := range f.Diagnostics {
		sev := "warning"
		if d.Fatal {
			sev = "error"
		}
		out = append(out, Finding{
			File: name, Line: d.Pos.Line, Col: d.Pos.Col, Severity: sev,
			Message: d.Message, Rule: string(d.Code),
		})
	}
	return out
}
