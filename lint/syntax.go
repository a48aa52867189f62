package lint

import "github.com/usvc/usvc/unitfile"

// syntaxRun is the Run of the rules that carry the parser's findings:
// each reports the diagnostics of one unitfile.Code, at the parser's span
// and in systemd's own words (so they can be found in the journal and
// compared with systemd-analyze verify).
func syntaxRun(code unitfile.Code) func(*Pass) {
	return func(p *Pass) {
		for _, d := range p.File.Diagnostics {
			if d.Code == code {
				p.Report(Diagnostic{Pos: d.Pos, End: d.End, Message: d.Message})
			}
		}
	}
}
