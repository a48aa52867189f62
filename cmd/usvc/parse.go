package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/unitfile"
)

func init() { register("parse", newParseCmd) }

func newParseCmd(e *env) *cobra.Command {
	var asJSON bool
	var stdinName string
	c := &cobra.Command{
		Use:   "parse [--json] FILE...",
		Short: "Show what systemd reads from unit files: sections, keys, values, syntax problems",
		Long: `parse reads each FILE as systemd 252 does and prints its sections and
assignments (continuations joined, values exactly as systemd hands them to
each setting) and every syntax problem systemd would warn about or refuse,
with its line. "-" reads standard input.

The status of a file is "ok", "error" (systemd would refuse to load it),
"masked" (empty, or a link to /dev/null) or "badname" (not a valid unit
name). Exit status: 0 when every file was read, 2 on usage errors, 3 when
a file cannot be read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var results []parseResult
			failed := false
			for _, name := range args {
				in, err := readInput(e, name, stdinName)
				if err != nil {
					fmt.Fprintln(e.stderr, "usvc: "+err.Error())
					failed = true
					continue
				}
				results = append(results, parseOne(in))
			}
			if asJSON {
				if results == nil {
					results = []parseResult{}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(results); err != nil {
					return fail(exitFailure, "writing the output: %v", err)
				}
			} else {
				for _, r := range results {
					r.writeText(e.stdout)
				}
			}
			if failed {
				return silent(exitFailure)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array, one object per file")
	c.Flags().StringVar(&stdinName, "stdin-filename", "", "the file name to use for standard input (it decides the unit type)")
	return c
}

type parseResult struct {
	File        string         `json:"file"`
	Status      string         `json:"status"`
	Sections    []parseSection `json:"sections"`
	Diagnostics []parseDiag    `json:"diagnostics"`
}

type parseSection struct {
	Name    string       `json:"name"`
	Line    int          `json:"line"`
	Entries []parseEntry `json:"entries"`
}

type parseEntry struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
}

type parseDiag struct {
	Line     int    `json:"line"`
	EndLine  int    `json:"end_line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Fatal    bool   `json:"fatal"`
	// SystemdLine is the line systemd's own message names, which differs
	// from line for a continued line (systemd names its last line).
	SystemdLine int `json:"systemd_line"`
}

func parseOne(in *input) parseResult {
	typ := unitfile.TypeOf(in.name)
	f, err := unitfile.ParseType(in.name, typ, in.src)
	return fileResult(in.name, f, err, in.masked, in.name == "-" || nameValid(in.name))
}

// fileResult is the result for one file already read and parsed (f), or
// that could not be (err); cat shares it for the files of a unit.
func fileResult(name string, f *unitfile.File, err error, masked, validName bool) parseResult {
	r := parseResult{File: name, Status: "ok", Sections: []parseSection{}, Diagnostics: []parseDiag{}}
	if err != nil {
		r.Status = "error"
		r.Diagnostics = append(r.Diagnostics, parseDiag{Severity: "error", Message: err.Error(), Fatal: true, Code: "unreadable"})
		return r
	}
	switch {
	case !validName:
		r.Status = "badname"
	case masked:
		r.Status = "masked"
		return r // systemd does not parse a masked unit
	case f.Fatal() != nil:
		r.Status = "error"
	}
	if f == nil {
		return r
	}
	for _, s := range f.Sections {
		if !f.Read(s.Header) || !s.Header.OK() {
			break
		}
		ps := parseSection{Name: s.Name(), Line: s.Header.Pos().Line, Entries: []parseEntry{}}
		for e := range s.Entries() {
			if !f.Read(e) {
				break
			}
			ps.Entries = append(ps.Entries, parseEntry{Key: e.Key(), Value: e.Value(), Line: e.Pos().Line, EndLine: e.End().Line})
		}
		r.Sections = append(r.Sections, ps)
	}
	for _, d := range f.Diagnostics {
		r.Diagnostics = append(r.Diagnostics, parseDiag{
			Line: d.Pos.Line, EndLine: d.End.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Code: string(d.Code), Message: d.Message, Fatal: d.Fatal, SystemdLine: d.Line,
		})
	}
	return r
}

// writeText prints a parse result for people: the sections and entries
// as systemd reads them, then the problems as path:line:col lines.
func (r parseResult) writeText(w io.Writer) {
	fmt.Fprintf(w, "%s: %s\n", r.File, r.Status)
	for _, s := range r.Sections {
		fmt.Fprintf(w, "  %4d  [%s]\n", s.Line, s.Name)
		for _, e := range s.Entries {
			lines := fmt.Sprint(e.Line)
			if e.EndLine != e.Line {
				lines = fmt.Sprintf("%d-%d", e.Line, e.EndLine)
			}
			fmt.Fprintf(w, "  %4s    %s=%s\n", lines, e.Key, printable(e.Value))
		}
	}
	for _, d := range r.Diagnostics {
		fatal := ""
		if d.Fatal {
			fatal = " (systemd refuses to load the file)"
		}
		fmt.Fprintf(w, "%s:%d:%d: %s: %s%s\n", r.File, d.Line, d.Column, d.Severity, printable(d.Message), fatal)
	}
}

// printable shows control characters as escapes, so a value cannot
// disturb the terminal or fake a line of output.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return s
	}
	q := fmt.Sprintf("%q", s)
	return q[1 : len(q)-1]
}
