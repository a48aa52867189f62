package lint

import (
	"path"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var tildePath = &Rule{
	Name:     "tilde-path",
	Severity: Error,
	Summary:  "a path starting with ~, which systemd does not expand",
	Doc: `"~" means the home directory only to a shell. systemd runs no shell, and
expands "~" in one place only: WorkingDirectory=~ (exactly that). Everywhere
else the tilde stays a tilde:

- ExecStart=~/bin/app is neither an absolute path nor a plain program name,
  and systemd refuses to load the unit (an error);
- EnvironmentFile=~/.config/app.env, ReadWritePaths=~/data and the other
  path settings are ignored as not absolute (warnings);
- inside an argument (ExecStart=/usr/bin/app --config=~/app.conf) and in
  Environment= values (PATH=~/bin:/usr/bin) the program receives a literal
  "~/app.conf" (warnings). An argument that is "~" or starts with "~/" is
  reported by shell-syntax, with its fix.

Write %h instead: systemd replaces it with the home directory of the user the
manager runs as (for a user service, yours): ExecStart=%h/bin/app,
EnvironmentFile=%h/.config/app.env. Commands run through a shell
(ExecStart=/bin/sh -c '...') expand ~ themselves and are not reported.`,
	Fix:  "in a user unit, writes a ~ that stands for the home directory as %h",
	Bad:  "[Service]\nExecStart=~/bin/app --config=~/.config/app.toml\n",
	Good: "[Service]\nExecStart=%h/bin/app --config=%h/.config/app.toml\n",
	Run:  runTildePath,
}

func runTildePath(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		v := ke.val
		if strings.IndexByte(v, '~') < 0 || strings.HasPrefix(ke.key, "X-") {
			continue
		}
		d := ke.d
		if d == nil {
			continue
		}
		switch d.Kind() {
		case catalog.KindExecCommand:
			tildeExec(p, e)
			continue
		case catalog.KindEnv:
			if ke.key == "Environment" {
				tildeEnv(p, e)
			}
			continue
		}
	}
	reportValueProblems(p, classTilde, func(v string) bool { return strings.IndexByte(v, '~') >= 0 },
		func(pi *parserInfo, v string) bool { return pi.paths })
}

// tildeEdit is the fix that writes the "~" at Value()[i] as %h, in a
// user unit only: in the system manager %h is root's home, not the home
// of the User= the service runs as.
func tildeEdit(p *Pass, e *unitfile.Entry, i int) []TextEdit {
	if p.Scope != UserScope {
		return nil
	}
	return p.ReplaceValue(e, i, i+1, "%h")
}

// tildeShells are the programs that expand ~ in a -c script themselves.
var tildeShells = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true, "ash": true, "busybox": true, "fish": true, "csh": true, "tcsh": true}

// tildeExec reports ~ in the path of a command (systemd refuses it) and in
// its arguments (passed on literally).
func tildeExec(p *Pass, e *unitfile.Entry) {
	v := e.Value()
	ex := p.exec(e)
	// A path starting with ~ fails the path checks: the command is not
	// kept, only the diagnostic says where it was.
	for _, dg := range ex.Diagnostics {
		if dg.Code != words.CodeInvalidPath && dg.Code != words.CodeDirectoryPath || dg.Start >= len(v) || v[dg.Start] != '~' {
			continue
		}
		raw := v[dg.Start:dg.End]
		pos, end := e.SpanAt(dg.Start, dg.End)
		d := Diagnostic{Pos: pos, End: end}
		if raw == "~" || strings.HasPrefix(raw, "~/") {
			d.Fix = tildeEdit(p, e, dg.Start)
		}
		if dg.Fatal {
			d.Message = show(raw) + " is not an absolute path: systemd does not expand ~ and refuses to load the unit; write " + tildeFix(raw) + " instead"
		} else {
			d.Severity = Warning
			d.Message = show(raw) + " is not an absolute path: systemd does not expand ~, so it skips this command (the - prefix); write " + tildeFix(raw) + " instead"
		}
		p.Report(d)
	}
	for _, c := range ex.Commands {
		if tildeShells[path.Base(c.Path)] {
			continue // a shell expands ~ in its script
		}
		for _, w := range c.Args {
			at := tildeAt(w.Text)
			if at <= 0 {
				// A whole "~" or "~/path" argument is shell-syntax's.
				continue
			}
			pos, end := e.SpanAt(w.Start, w.End)
			arg := w.Text[at:]
			d := Diagnostic{Pos: pos, End: end, Severity: Warning,
				Message: "systemd runs no shell, so the program gets a literal " + show(arg) + "; write " + tildeFix(arg) + " instead"}
			if v[w.Start:w.End] == w.Text {
				d.Fix = tildeEdit(p, e, w.Start+at)
			}
			p.Report(d)
		}
	}
}

// tildeAt is where a home-directory "~" starts in an argument or value:
// at its start or after "=" or ":" ("--config=~/x", "PATH=~/bin:~/.local/bin"),
// followed by "/" or the end. -1 when there is none.
func tildeAt(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '~' || (i > 0 && s[i-1] != '=' && s[i-1] != ':') {
			continue
		}
		if i+1 == len(s) || s[i+1] == '/' || s[i+1] == ':' {
			return i
		}
	}
	return -1
}

// tildeEnv reports Environment= values holding ~ where a shell would
// expand it.
func tildeEnv(p *Pass, e *unitfile.Entry) {
	env := words.ParseEnvironment(e.Value(), words.Options{Key: e.Key()})
	for _, a := range env.Assignments {
		at := tildeAt(a.Value)
		if at < 0 || !strings.HasPrefix(a.Value[at:], "~/") {
			continue
		}
		pos, end := e.SpanAt(a.Word.Start, a.Word.End)
		d := Diagnostic{Pos: pos, End: end, Severity: Warning,
			Message: "systemd does not expand ~, so " + a.Name + " is set to a literal " + show(a.Value) + "; write " + tildeFix(a.Value[at:]) + " instead"}
		if raw := e.Value()[a.Word.Start:a.Word.End]; raw == a.Name+"="+a.Value {
			d.Fix = tildeEdit(p, e, a.Word.Start+len(a.Name)+1+at)
		}
		p.Report(d)
	}
}
