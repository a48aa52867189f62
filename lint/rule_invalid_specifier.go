package lint

import (
	"path"
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/specifier"
	"github.com/usvc/usvc/unitfile/words"
)

var invalidSpecifier = &Rule{
	Name:     "invalid-specifier",
	Severity: Error,
	Summary:  "a % specifier systemd does not know where it is, or a % meant literally that systemd replaces",
	Doc: `systemd replaces "%" and a letter in most settings before it reads them: %h
is the home directory, %n the unit's name, %t the runtime directory (see
systemd.unit(5), "Specifiers"). "%%" is a literal "%".

- "%" and a letter or digit that is not a specifier ("%Q"), or one that is
  not allowed there (%h in a unit name: After=%h.service), makes systemd
  fail the whole value ("Failed to resolve unit specifiers ..., ignoring:
  Invalid slot"): the setting is ignored, a word of a dependency list is
  dropped, and in Exec*=, User=, Group= and WorkingDirectory= systemd refuses
  to load the unit (an error here; a warning where it only ignores).
- A specifier newer than the target release (%y is new in 249) is unknown
  to the older one.
- A "%" meant for the program is replaced too: in ExecStart=/usr/bin/date
  +%Y-%m-%d, systemd turns %Y into the unit file's directory and %m into the
  machine ID before date runs (a warning here, for date and printf formats).

Write "%%" for a literal "%". Settings that take no specifiers (booleans,
numbers, time spans) are not checked: there a "%" is an ordinary character,
and invalid-value reports the value if it is wrong.`,
	Bad:  "[Service]\nExecStart=/usr/bin/date +%Y-%m-%d\nEnvironment=GREETING=100%Q\n",
	Good: "[Service]\nExecStart=/usr/bin/date +%%Y-%%m-%%d\nEnvironment=GREETING=100%%Q\n",
	Fix:  "doubles a % that systemd would take for a specifier in a date or printf format",
	Run:  runInvalidSpecifier,
}

func runInvalidSpecifier(p *Pass) {
	ver := int(p.Version.Major)
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		v := ke.val
		if strings.IndexByte(v, '%') < 0 || strings.HasPrefix(ke.key, "X-") {
			continue
		}
		d := ke.d
		if d == nil || !d.StatusIn(p.Version).Known() {
			continue
		}
		if d.Kind() == catalog.KindExecCommand {
			specExec(p, e, ver)
			continue
		}
		ctx, effect := specifier.UnitFile, specIgnored
		if ke.sec == "Install" {
			ctx, effect = specifier.Install, specEnable
		} else {
			pi := parserOf(d, p.Version)
			if pi == nil || pi.spec == specNone {
				continue // "%" is an ordinary character here
			}
			if pi.spec == specName {
				ctx = specifier.UnitName
			}
			switch d.Parser() {
			case "config_parse_unit_deps", "config_parse_obsolete_unit_deps", "config_parse_service_sockets":
				ctx, effect = specifier.UnitName, specDropped
			case "config_parse_unit_condition_path", "config_parse_colon_separated_paths", "config_parse_unit_path_strv_printf", "config_parse_working_directory":
				// The whole value goes.
			default:
				if pi.spec == specWords {
					// A word that fails is skipped, the others kept.
					effect = specDropped
				}
			}
			if pi.fatalSpec || fatalPath(ke.key, v) {
				effect = specFatal
			}
		}
		toks, _ := specifier.Scan(v, ctx.Set(ver))
		for _, t := range toks {
			if t.Kind != specifier.Invalid {
				continue
			}
			reportSpecifier(p, e, t.Offset, t.Letter, ctx, effect, ver)
		}
	}
}

// How systemd treats a value with an invalid specifier.
const (
	specIgnored = iota // the assignment is ignored
	specDropped        // the word is dropped from the list
	specFatal          // the unit is refused
	specSkipped        // the command is skipped (Exec*= with "-")
	specEnable         // systemctl enable fails ([Install])
)

// fatalPath: WorkingDirectory= without "-" and RootDirectory=,
// RootImage=, RootVerity= refuse the unit when their specifiers fail.
func fatalPath(key, v string) bool {
	switch key {
	case "WorkingDirectory":
		return !strings.HasPrefix(v, "-")
	case "RootDirectory", "RootImage", "RootVerity":
		return true
	}
	return false
}

func reportSpecifier(p *Pass, e *unitfile.Entry, at int, letter byte, ctx specifier.Context, effect int, ver int) {
	pos, end := e.SpanAt(at, at+2)
	spec := "%" + string(letter)
	var why string
	if s, ok := specifier.Lookup(letter); ok {
		switch {
		case s.Since > ver && (ctx != specifier.Install || s.InstallSince > ver || s.InstallSince == 0):
			why = spec + " (" + lowerFirst(s.Meaning) + ") is new in systemd " + strconv.Itoa(s.Since) + ", and the target release " + strconv.Itoa(ver) + " does not know it"
		case ctx == specifier.UnitName:
			why = spec + " (" + lowerFirst(s.Meaning) + ") cannot be used in a unit name"
		case ctx == specifier.Install:
			why = spec + " (" + lowerFirst(s.Meaning) + ") cannot be used in [Install]"
		default:
			why = spec + " is not a specifier systemd " + strconv.Itoa(ver) + " resolves here"
		}
	} else {
		why = spec + " is not a specifier"
	}
	d := Diagnostic{Pos: pos, End: end}
	switch effect {
	case specIgnored:
		d.Severity = Warning
		why += ", so systemd ignores " + e.Key() + "="
	case specDropped:
		d.Severity = Warning
		why += ", so systemd drops this word of " + e.Key() + "="
	case specSkipped:
		d.Severity = Warning
		why += ", so systemd skips this command (the - prefix)"
	case specEnable:
		d.Severity = Warning
		why += ", so systemctl enable fails"
	case specFatal:
		why += ", so systemd refuses to load the unit"
	}
	d.Message = why + "; write %" + spec + " for a literal " + spec
	p.Report(d)
}

// specExec checks the specifiers of an Exec*= line: invalid ones, which
// systemd refuses (or skips the command for "-"), and valid ones in a
// date or printf format, where a literal % was meant.
func specExec(p *Pass, e *unitfile.Entry, ver int) {
	set := specifier.UnitFile.Set(ver)
	ex := p.exec(e)
	for _, c := range ex.Commands {
		effect := specFatal
		if c.Flags&words.IgnoreFailure != 0 {
			effect = specSkipped
		}
		ws := append([]words.Word{c.PathWord}, c.Args...)
		invalid := false
		for _, w := range ws {
			for _, s := range w.Specifiers() {
				if s.Letter != '%' && !set.Has(s.Letter) {
					reportSpecifier(p, e, s.Start, s.Letter, specifier.UnitFile, effect, ver)
					invalid = true
				}
			}
		}
		if invalid {
			continue
		}
		// systemd stops at the first fatal error; a command after one is
		// not read.
		prog := path.Base(c.PathWord.Text)
		for i, w := range c.Args {
			for _, f := range formatSpans(prog, i, w.Text) {
				for _, s := range w.Specifiers() {
					if s.Letter == '%' || s.Index < f[0] || s.Index >= f[1] {
						continue
					}
					reportFormat(p, e, s, prog)
				}
			}
		}
	}
}

// formatSpans are the parts of argument i of prog (text) that are date
// or printf formats, where a "%" is meant for the program: [start, end)
// offsets in text.
func formatSpans(prog string, i int, text string) [][2]int {
	var out [][2]int
	switch {
	case prog == "date" && strings.HasPrefix(text, "+"):
		return append(out, [2]int{0, len(text)})
	case prog == "printf" && i == 0:
		return append(out, [2]int{0, len(text)})
	}
	// A shell script (sh -c '...') that runs date or printf.
	for _, cmd := range []string{"date +", "date '+", "date \"+", "printf "} {
		for at := 0; ; {
			j := strings.Index(text[at:], cmd)
			if j < 0 {
				break
			}
			start := at + j + len(cmd)
			end := start
			// The format runs to the end of its word, or of its quotes.
			quote := byte(0)
			if end < len(text) && (text[end] == '\'' || text[end] == '"') {
				quote = text[end]
				end++
			} else if start > 0 && (text[start-1] == '\'' || text[start-1] == '"') {
				quote = text[start-1]
			}
			for end < len(text) {
				ch := text[end]
				if quote != 0 && ch == quote || quote == 0 && (ch == ' ' || ch == ';' || ch == ')' || ch == '`') {
					break
				}
				end++
			}
			out = append(out, [2]int{start, end})
			at = end
		}
	}
	return out
}

func reportFormat(p *Pass, e *unitfile.Entry, s words.Specifier, prog string) {
	spec := "%" + string(s.Letter)
	meaning := "something else"
	if sp, ok := specifier.Lookup(s.Letter); ok {
		meaning = sp.Meaning
	}
	pos, end := e.SpanAt(s.Start, s.End)
	d := Diagnostic{Pos: pos, End: end, Severity: Warning,
		Message: "systemd replaces " + spec + " with " + lowerFirst(meaning) + " before " + prog + " sees it; write %" + spec + " for a literal " + spec}
	if s.End-s.Start == 2 {
		d.Fix = p.ReplaceValue(e, s.Start, s.Start+1, "%%")
	}
	p.Report(d)
}
