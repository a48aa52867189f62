package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The output formats. Each writes the findings of results in order;
// results with no findings write nothing (json and sarif still write
// their empty array or run).

// WriteText writes findings for people:
//
//	path:line:col: severity: message [rule]
//	  source line
//	  ^~~~
//
// Columns count bytes, as compilers do. With color, ANSI escapes mark
// the severity, the location, the rule and the caret.
func WriteText(w io.Writer, results []*Result, color bool) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	for _, r := range results {
		src := ""
		if r.File != nil {
			src = r.File.Source()
		}
		for _, d := range r.Diagnostics {
			loc := d.Path
			if d.Pos.IsValid() {
				loc += fmt.Sprintf(":%d:%d", d.Pos.Line, d.Pos.Col)
			}
			sev := d.Severity.String()
			switch d.Severity {
			case Error:
				sev = paint("1;31", sev)
			case Warning:
				sev = paint("1;33", sev)
			case Info:
				sev = paint("1;36", sev)
			}
			fmt.Fprintf(bw, "%s: %s: %s %s\n", paint("1", loc), sev, Printable(d.Message), paint("2", "["+d.Rule+"]"))
			if line, caret, ok := snippet(src, d); ok {
				fmt.Fprintf(bw, "  %s\n  %s\n", line, paint("32", caret))
			}
		}
	}
	return bw.Flush()
}

// snippetMax bounds the source shown for a finding.
const snippetMax = 160

// snippet is the source line of d, made printable, and a caret line
// under d's span on that line (to its end when the span goes on).
func snippet(src string, d Diagnostic) (line, caret string, ok bool) {
	if !d.Pos.IsValid() || d.Pos.Offset > len(src) {
		return "", "", false
	}
	start := d.Pos.Offset - (d.Pos.Col - 1)
	if start < 0 {
		return "", "", false
	}
	end := start + nextEOL(src[start:])
	from, to := d.Pos.Offset, d.End.Offset
	if d.End.Line != d.Pos.Line || to > end || to < from {
		to = end
	}
	// Show a window around a span on a very long line.
	lo, hi := start, end
	if hi-lo > snippetMax {
		lo = max(start, from-snippetMax/4)
		for lo > start && !utf8.RuneStart(src[lo]) {
			lo--
		}
		hi = min(end, lo+snippetMax)
		for hi < end && !utf8.RuneStart(src[hi]) {
			hi++
		}
		to = min(to, hi)
	}
	show := func(s string, blank bool) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r == '\t':
				b.WriteByte('\t')
			case r < ' ' || r == 0x7f:
				q := strconv.QuoteRune(r)
				q = q[1 : len(q)-1]
				if blank {
					q = strings.Repeat(" ", len(q))
				}
				b.WriteString(q)
			case blank:
				b.WriteByte(' ')
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	line = show(src[lo:hi], false)
	if lo > start {
		line = "..." + line
	}
	if hi < end {
		line += "..."
	}
	pad := show(src[lo:from], true)
	if lo > start {
		pad = "   " + pad
	}
	width := len([]rune(show(src[from:to], true)))
	caret = pad + "^" + strings.Repeat("~", max(0, width-1))
	// A caret line of blanks and tabs only is trimmed at the right by
	// nothing: keep it as is.
	return line, caret, true
}

// jsonFinding is one finding of --format json.
type jsonFinding struct {
	File      string     `json:"file"`
	Line      int        `json:"line"`
	Column    int        `json:"column"`
	EndLine   int        `json:"end_line"`
	EndColumn int        `json:"end_column"`
	Rule      string     `json:"rule"`
	Severity  Severity   `json:"severity"`
	Message   string     `json:"message"`
	Fix       []jsonEdit `json:"fix"`
}

type jsonEdit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
}

// WriteJSON writes one JSON array with an object per finding:
// {"file", "line", "column", "end_line", "end_column", "rule", "severity",
// "message", "fix"}. Lines and columns are 1-based, columns count bytes
// and end_column is exclusive; a whole-file finding has line 0. "fix" is
// null, or the edits that repair the finding: {"start", "end", "new"},
// byte offsets in the file as read (end exclusive) and the new text.
func WriteJSON(w io.Writer, results []*Result) error {
	out := []jsonFinding{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			f := jsonFinding{
				File: d.Path, Rule: d.Rule, Severity: d.Severity, Message: d.Message,
			}
			if d.Pos.IsValid() {
				f.Line, f.Column, f.EndLine, f.EndColumn = d.Pos.Line, d.Pos.Col, d.End.Line, d.End.Col
			}
			for _, e := range d.Fix {
				f.Fix = append(f.Fix, jsonEdit(e))
			}
			out = append(out, f)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteGitHub writes GitHub Actions workflow commands, one per finding:
//
//	::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=usvc RULE::message
//
// info findings are notices. Values are escaped as actions/toolkit does.
func WriteGitHub(w io.Writer, results []*Result) error {
	bw := bufio.NewWriter(w)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			cmd := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[d.Severity]
			props := []string{"file=" + ghProp(d.Path)}
			if d.Pos.IsValid() {
				props = append(props,
					"line="+strconv.Itoa(d.Pos.Line), "col="+strconv.Itoa(d.Pos.Col),
					"endLine="+strconv.Itoa(d.End.Line), "endColumn="+strconv.Itoa(d.End.Col))
			}
			props = append(props, "title="+ghProp("usvc "+d.Rule))
			fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(d.Message+" ["+d.Rule+"]"))
		}
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message (actions/toolkit
// command.ts: escapeData).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value (escapeProperty).
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
