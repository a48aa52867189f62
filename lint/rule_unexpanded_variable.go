package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var unexpandedVariable = &Rule{
	Name:     "unexpanded-variable",
	Severity: Warning,
	Summary:  "a $VARIABLE in Environment=, where systemd does not expand it",
	Doc: `Environment= sets variables to the text written, with % specifiers resolved
and nothing else: no $VAR, no ${VAR}. So

    Environment=PATH=$HOME/.local/bin:$PATH

gives the service a PATH of the literal text "$HOME/.local/bin:$PATH", which
finds no program at all. (Exec*= lines do expand $VAR and ${VAR}, from the
variables the service gets; that is why it looks as if it should work.)

Write the value out, using specifiers where they fit: %h for the home
directory, %u for the user name, %t for $XDG_RUNTIME_DIR, %E for
$XDG_CONFIG_HOME, %C for $XDG_CACHE_HOME (in a user unit). For a value built
from another variable, do it where a shell runs:
ExecStart=/bin/sh -c 'PATH="$HOME/bin:$PATH" exec app'.

Reported are ${NAME} and $NAME where NAME is upper case (A-Z, 0-9, _, at
least two characters, as environment variables are named), so that a "$" in
a password or a prompt is not taken for one. In a user unit the fix writes
$HOME, $USER, $LOGNAME, $XDG_RUNTIME_DIR, $XDG_CONFIG_HOME and $XDG_CACHE_HOME
as their specifiers; other variables are left to you.`,
	Bad:  "[Service]\nEnvironment=CONFIG=$HOME/.config/app.toml\nExecStart=/usr/bin/app\n",
	Good: "[Service]\nEnvironment=CONFIG=%h/.config/app.toml\nExecStart=/usr/bin/app\n",
	Fix:  "in a user unit, writes $HOME, $USER, $LOGNAME, $XDG_RUNTIME_DIR, $XDG_CONFIG_HOME and $XDG_CACHE_HOME as %h, %u, %u, %t, %E and %C",
	Run:  runUnexpandedVariable,
}

// userSpecifiers are the variables of a user manager's environment that a
// specifier resolves to in a user unit (see specifiers.tsv: user_value).
var userSpecifiers = map[string]byte{
	"HOME":            'h',
	"USER":            'u',
	"LOGNAME":         'u',
	"XDG_RUNTIME_DIR": 't',
	"XDG_CONFIG_HOME": 'E',
	"XDG_CACHE_HOME":  'C',
}

func runUnexpandedVariable(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if ke.key != "Environment" || !strings.ContainsRune(ke.val, '$') {
			continue
		}
		env := words.ParseEnvironment(ke.val, words.Options{})
		for _, a := range env.Assignments {
			text := a.Word.Text
			eq := strings.IndexByte(text, '=')
			for i := eq + 1; i < len(text); i++ {
				if text[i] != '$' {
					continue
				}
				if i+1 < len(text) && text[i+1] == '$' {
					// "$$" is the Exec*= escape for a "$": whoever
					// wrote it meant the text.
					i++
					continue
				}
				name, end := varAt(text, i)
				if name == "" {
					continue
				}
				start, stop := a.Word.Span(i, end)
				pos, posEnd := e.SpanAt(start, stop)
				d := Diagnostic{Pos: pos, End: posEnd}
				d.Message = "systemd does not expand " + text[i:end] + " in Environment=: " + text[:eq] + " gets the text as written"
				if c, ok := userSpecifiers[name]; ok && p.Scope == UserScope {
					if s, ok := catalog.LookupSpecifier(c); ok && p.Version.Compare(s.Since) >= 0 {
						spec := "%" + string(c)
						d.Message += "; use " + spec + ", which is " + text[i:end] + " in a user unit"
						if stop-start == end-i {
							d.Fix = p.ReplaceValue(e, start, stop, spec)
						}
					}
				}
				if d.Fix == nil {
					d.Message += "; write the value out (specifiers such as %h work), or set it in ExecStart=/bin/sh -c '...'"
				}
				p.Report(d)
				i = end - 1
			}
		}
	}
}

// varAt reads a variable reference at text[i] == '$': ${NAME} with a valid
// name, or $NAME with an upper-case name of two characters or more. It
// returns the name and the end of the reference, or "".
func varAt(text string, i int) (string, int) {
	if i+1 < len(text) && text[i+1] == '{' {
		close := strings.IndexByte(text[i+2:], '}')
		if close < 0 {
			return "", 0
		}
		name := text[i+2 : i+2+close]
		if !words.EnvNameIsValid(name) {
			return "", 0
		}
		return name, i + 3 + close
	}
	j := i + 1
	for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == '_' || j > i+1 && text[j] >= '0' && text[j] <= '9') {
		j++
	}
	if j-i-1 < 2 || j < len(text) && text[j] >= 'a' && text[j] <= 'z' {
		// Too short, or a name with lower-case letters ($Path): not
		// the way environment variables are named.
		return "", 0
	}
	return text[i+1 : j], j
}
