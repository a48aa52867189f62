package words

import "strings"

// VarKind says what the service manager does with a "$" in an argument
// of an Exec*= command right before it runs it
// (src/basic/env-util.c: replace_env_argv()). Nothing of this happens
// for a command with the ":" prefix (NoEnvExpand).
type VarKind uint8

// The kinds of "$" references.
const (
	// VarWord is an argument that is "$NAME" as a whole: it is replaced by
	// the variable's value split at whitespace (with quotes removed), so it
	// can become zero or several arguments. An unset variable removes the
	// argument. NAME is everything after the "$", even if it is not a
	// valid name (then it is never set).
	VarWord VarKind = iota + 1
	// VarBraced is "${NAME}" inside an argument: replaced by the value as
	// it is, "" when unset.
	VarBraced
	// VarDollar is "$$": a literal "$".
	VarDollar
	// VarUnexpanded is a "$" that looks like a reference but stays as it
	// is: "$NAME" inside a longer argument, "${NAME:-x}" and other shell
	// forms (only "${NAME}" is supported), or an unterminated "${NAME".
	VarUnexpanded
)

func (k VarKind) String() string {
	switch k {
	case VarWord:
		return "word"
	case VarBraced:
		return "braced"
	case VarDollar:
		return "dollar"
	case VarUnexpanded:
		return "unexpanded"
	}
	return "VarKind(?)"
}

// VarRef is a "$" reference in an argument.
type VarRef struct {
	Kind VarKind
	// Name is the variable's name ("" for VarDollar).
	Name string
	// Index and EndIndex delimit the reference in Word.Text.
	Index, EndIndex int
	// Start and End delimit it in the input.
	Start, End int
	// Arg is the index of the argument in Command.Argv, for the references
	// Command.Vars returns; Word.Vars leaves it 0.
	Arg int
}

// Vars finds the "$" references in w.Text as replace_env_argv() will see
// them, taking w as one argument of a command. Specifiers are not
// expanded first; a specifier whose value holds "$" or braces is not
// considered.
func (w Word) Vars() []VarRef {
	refs := scanVars(w.Text)
	for i := range refs {
		refs[i].Start, refs[i].End = w.Span(refs[i].Index, refs[i].EndIndex)
	}
	return refs
}

// scanVars finds the references in one argument, with Index and EndIndex
// set.
func scanVars(t string) []VarRef {
	// "$FOO" as a whole word; "${" and "$$" at the start are not.
	if len(t) >= 1 && t[0] == '$' && (len(t) == 1 || t[1] != '{' && t[1] != '$') {
		return []VarRef{{Kind: VarWord, Name: t[1:], Index: 0, EndIndex: len(t)}}
	}
	// see src/basic/env-util.c: replace_env_n() with flags 0
	var out []VarRef
	const (
		word = iota
		curly
		variable
	)
	state, at := word, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch state {
		case word:
			if c == '$' {
				state, at = curly, i
			}
		case curly:
			switch {
			case c == '{':
				state = variable
			case c == '$':
				out = append(out, VarRef{Kind: VarDollar, Index: at, EndIndex: i + 1})
				state = word
			default:
				if isNameChar(c) {
					j := i
					for j < len(t) && isNameChar(t[j]) {
						j++
					}
					out = append(out, VarRef{Kind: VarUnexpanded, Name: t[i:j], Index: at, EndIndex: j})
				}
				state = word
			}
		case variable:
			switch c {
			case '}':
				out = append(out, VarRef{Kind: VarBraced, Name: t[at+2 : i], Index: at, EndIndex: i + 1})
				state = word
			case ':':
				// "Treat this as unsupported syntax, i.e. do no replacement";
				// scanning goes on after the ":".
				out = append(out, VarRef{Kind: VarUnexpanded, Name: t[at+2 : i], Index: at, EndIndex: i + 1})
				state = word
			}
		}
	}
	if state == variable {
		out = append(out, VarRef{Kind: VarUnexpanded, Name: t[at+2:], Index: at, EndIndex: len(t)})
	}
	return out
}

// isNameChar reports whether c may be part of an environment variable
// name (VALID_BASH_ENV_NAME_CHARS).
func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// ExpandArgv is what the service manager does to a command's argv right
// before it runs it (src/basic/env-util.c: replace_env_argv()), for a
// command without the ":" prefix. env holds NAME=value entries; for a name
// set twice the last entry wins, as in strv_env_get().
func ExpandArgv(argv []string, env []string) []string {
	out := make([]string, 0, len(argv))
	for _, a := range argv {
		if len(a) >= 1 && a[0] == '$' && (len(a) == 1 || a[1] != '{' && a[1] != '$') {
			v, ok := envGet(env, a[1:])
			if !ok {
				continue
			}
			// strv_split_full(..., WHITESPACE, EXTRACT_RELAX|EXTRACT_UNQUOTE)
			// cannot fail with EXTRACT_RELAX.
			ws, _ := Split(v, Whitespace, Relax|Unquote)
			out = append(out, Texts(ws)...)
			continue
		}
		out = append(out, replaceEnv(a, env))
	}
	return out
}

// replaceEnv is replace_env_n() with flags 0: "${NAME}" and "$$" only.
func replaceEnv(t string, env []string) string {
	if !strings.Contains(t, "$") {
		return t
	}
	var b strings.Builder
	last := 0 // start of the text not yet copied
	for _, r := range scanVars(t) {
		switch r.Kind {
		case VarDollar:
			// The first "$" is kept, the second dropped.
			b.WriteString(t[last : r.Index+1])
			last = r.EndIndex
		case VarBraced:
			b.WriteString(t[last:r.Index])
			v, _ := envGet(env, r.Name)
			b.WriteString(v)
			last = r.EndIndex
		}
	}
	b.WriteString(t[last:])
	return b.String()
}

// envGet is strv_env_get(): the value of the last NAME=... entry. The
// empty name is never set.
func envGet(env []string, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	for i := len(env) - 1; i >= 0; i-- {
		e := env[i]
		if len(e) > len(name) && e[len(name)] == '=' && e[:len(name)] == name {
			return e[len(name)+1:], true
		}
	}
	return "", false
}
