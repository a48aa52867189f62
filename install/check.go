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

// CheckFile is one file given to a Checker: a unit or a drop-in (whose
// path ends in NAME.d/FILE.conf), named as it should appear in findings.
type CheckFile struct {
	Path string
	Src  []byte
}

// Checker looks at files before they are installed (and at installed
// units, for Doctor), all together, so that it can see a unit with its
// drop-ins. Findings of severity "error" make Install refuse the units
// unless forced.
//
// usvc's command passes the linter (package lint); ParseCheck is the
// fallback that needs nothing but the parser.
type Checker func(files []CheckFile) []Finding

// ParseCheck reports what systemd's parser would say about each file: its
// fatal syntax errors (systemd refuses to load the unit, or stops reading
// a drop-in) as errors, the rest as warnings.
func ParseCheck(files []CheckFile) []Finding {
	var out []Finding
	for _, cf := range files {
		f, err := unitfile.Parse(cf.Path, cf.Src)
		if err != nil {
			out = append(out, Finding{File: cf.Path, Severity: "error", Message: err.Error(), Rule: "syntax"})
			continue
		}
		for _, d := range f.Diagnostics {
			sev := "warning"
			if d.Fatal {
				sev = "error"
			}
			out = append(out, Finding{
				File: cf.Path, Line: d.Pos.Line, Col: d.Pos.Col, Severity: sev,
				Message: d.Message, Rule: string(d.Code),
			})
		}
	}
	return out
}
