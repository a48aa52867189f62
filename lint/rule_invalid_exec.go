package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var invalidExec = &Rule{
	Name:     "invalid-exec",
	Severity: Error,
	Summary:  "an Exec*= command line systemd cannot read, which usually stops the unit from loading",
	Doc: `systemd splits ExecStart= and the other Exec*= lines into words itself, with
its own quoting rules, and checks the program path. Most mistakes make it
refuse to load the unit ("Unit configuration has fatal error, unit will not
be started"), and the service does not start at all:

- a program that is neither an absolute path nor a plain name looked up in
  $PATH: ExecStart=bin/app or ./app;
- a path ending in "/", or with quotes, backslashes or control characters;
- a quote that is never closed after the program;
- "@" with nothing after the path (the "@" prefix takes argv[0] from the next
  word).

A command with the "-" prefix is only skipped (a warning), and an unknown
escape such as "\d" is kept as it is, with a warning. A quote left open in
the first word makes systemd ignore the rest of the line.

Write the program's absolute path (run "command -v app" to find it), quote
arguments with spaces with "..." and close every quote, and write "\\" for a
backslash. A path starting with ~ is tilde-path's, % specifiers are
invalid-specifier's.`,
	Bad:  "[Service]\nExecStart=bin/app --name \"my app\n",
	Good: "[Service]\nExecStart=/opt/app/bin/app --name \"my app\"\n",
	Run:  runInvalidExec,
}

func runInvalidExec(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if !strings.HasPrefix(ke.key, "Exec") {
			continue
		}
		d := ke.d
		if d == nil || d.Kind() != catalog.KindExecCommand || !d.StatusIn(p.Version).Known() {
			continue
		}
		v := ke.val
		if simpleExec(v) {
			continue
		}
		c := vcheck{p: p}
		ex := words.ParseExec(v, words.Options{Key: ke.key, Specifier: specFunc(&c, specFull)})
		for _, dg := range ex.Diagnostics {
			if dg.Code == words.CodeSpecifier {
				continue // invalid-specifier
			}
			if dg.Start < len(v) && v[dg.Start] == '~' || tildeCommand(v, dg.Start) {
				continue // tilde-path
			}
			pos, end := e.SpanAt(dg.Start, dg.End)
			out := Diagnostic{Pos: pos, End: end, Message: execMessage(v, dg)}
			if !dg.Fatal {
				out.Severity = Warning
			}
			p.Report(out)
		}
	}
}

// tildeCommand reports whether the command at v[i:] has a path starting
// with "~" after its prefixes.
func tildeCommand(v string, i int) bool {
	for i < len(v) && strings.IndexByte("-@:+!", v[i]) >= 0 {
		i++
	}
	return i < len(v) && v[i] == '~'
}

// execMessage says what systemd does with the problem dg, found in the
// value v, and what to do.
func execMessage(v string, dg words.Diagnostic) string {
	raw := v[dg.Start:dg.End]
	var what, todo string
	switch dg.Code {
	case words.CodeInvalidPath:
		what = show(raw) + " is neither an absolute path nor a program name to look up in $PATH"
		todo = "write the program's absolute path, such as /usr/bin/app (command -v app finds it)"
	case words.CodeDirectoryPath:
		what = show(raw) + " ends in / and names a directory"
		todo = "name the program, not its directory"
	case words.CodeUnsafePath:
		what = "the program path " + show(raw) + " has quotes, backslashes or control characters"
		todo = "write the path without them"
	case words.CodeEmptyPath:
		what = "the command is empty"
		todo = "write a command after the prefixes"
	case words.CodeEmptyArgv:
		what = "the @ prefix takes argv[0] from the word after the path, and there is none"
		todo = "add the name the program should see, or remove the @"
	case words.CodeUnbalancedQuoting:
		what = "a quote is not closed"
		todo = "close the quote"
	case words.CodeUnknownEscape:
		return show(raw) + " holds an escape systemd does not know, and the program gets the backslash as it is; write \\\\ for a backslash"
	default:
		what = strings.TrimSuffix(lowerFirst(dg.Message), ".")
	}
	switch {
	case dg.Fatal:
		what += ", so systemd refuses to load the unit"
	case dg.Code == words.CodeUnbalancedQuoting:
		what += ", so systemd ignores the rest of the line"
	default:
		what += ", so systemd skips this command (the - prefix)"
	}
	if todo != "" {
		what += "; " + todo
	}
	return what
}

// simpleExec reports whether v is a command line config_parse_exec()
// cannot complain about, which is most of them: no backslashes, balanced
// quotes, no "@" prefix, no lone ";" between commands, and a program path
// without quotes or specifiers that is absolute (not ending in "/") or a
// plain name. Specifiers in the arguments are invalid-specifier's.
func simpleExec(v string) bool {
	if v == "" || strings.IndexByte(v, '\\') >= 0 {
		return false
	}
	quoted := strings.ContainsAny(v, "\"'")
	if quoted && !quotesBalanced(v) {
		return false
	}
	// The prefixes, each at most once, "+" excluding "!" and "!!" as
	// config_parse_exec() reads them; what follows is the path.
	i := 0
	var minus, colon, plus, bang, bangs bool
prefixes:
	for ; i < len(v); i++ {
		switch ch := v[i]; {
		case ch == '-' && !minus:
			minus = true
		case ch == ':' && !colon:
			colon = true
		case ch == '+' && !plus && !bang && !bangs:
			plus = true
		case ch == '!' && !plus && !bang && !bangs:
			bang = true
		case ch == '!' && bang && !bangs:
			bang, bangs = false, true
		default:
			break prefixes
		}
	}
	end := i
	for end < len(v) && !isSpace(v[end]) {
		end++
	}
	path := v[i:end]
	if path == "" || strings.IndexByte("@-:+!", path[0]) >= 0 || strings.ContainsAny(path, ";\"'%") {
		// "@" takes argv[0] from the next word, which must exist.
		return false
	}
	if path[0] != '/' {
		if !words.FilenameIsValid(path) {
			return false
		}
	} else if path[len(path)-1] == '/' || len(path) >= words.PathMax {
		return false
	}
	for start, k := 0, 0; k <= len(path); k++ {
		if k == len(path) || path[k] == '/' {
			if k-start > 255 {
				return false // a component longer than NAME_MAX
			}
			start = k + 1
		}
	}
	if !quoted {
		// A lone ";" starts another command, whose path needs the full
		// check (quotesBalanced looks for it in quoted values).
		for j, k := nextWord(v, end); j < len(v); j, k = nextWord(v, k) {
			if v[j:k] == ";" {
				return false
			}
		}
	}
	for j := 0; j < len(v); j++ {
		if v[j] < ' ' && v[j] != '\t' || v[j] == 0x7f {
			return false
		}
	}
	return true
}

// quotesBalanced reports whether every quote of v is closed, reading
// quotes as extract_first_word() does without escapes: a quote opens
// anywhere and only the same character closes it. It also refuses a
// ";" standing alone between blanks or quotes, which might separate
// commands.
func quotesBalanced(v string) bool {
	var q byte
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case q != 0:
			if ch == q {
				q = 0
			}
		case ch == '"' || ch == '\'':
			q = ch
		case ch == ';':
			before := i == 0 || isSpace(v[i-1]) || v[i-1] == '"' || v[i-1] == '\''
			after := i+1 == len(v) || isSpace(v[i+1]) || v[i+1] == '"' || v[i+1] == '\''
			if before && after {
				return false
			}
		}
	}
	return q == 0
}
