package words

import "strings"

// Options says how the parsers treat specifiers and how they name the
// setting in messages.
type Options struct {
	// Specifier resolves specifiers with the table that fits the setting.
	// With nil, specifiers are not expanded: values keep their "%"
	// sequences as they are (Word.Specifiers still locates them), and the
	// checks systemd runs on an expanded value are skipped where the part
	// they judge holds a specifier, since its expansion is unknown: the
	// Exec*= path rules for a path with a specifier, the EnvironmentFile=
	// path rules, the name check of Environment=, PassEnvironment= and
	// UnsetEnvironment= words.
	Specifier SpecifierFunc
	// Key is the setting's name, used by messages that print it
	// ("EnvironmentFile= path is not absolute, ..."). The parsers that need
	// it default to their usual key.
	Key string
}

// ExecFlags are the prefixes of a command, with the bit values of
// systemd's ExecCommandFlags (src/shared/exec-util.h).
type ExecFlags uint8

// The command flags.
const (
	// IgnoreFailure is "-": a failing exit status is not a failure, and
	// errors in the line are warnings that drop the command.
	IgnoreFailure ExecFlags = 1 << 0
	// FullyPrivileged is "+": run with full privileges, no sandboxing.
	FullyPrivileged ExecFlags = 1 << 1
	// NoSetuid is "!": sandboxing, but no user/group change.
	NoSetuid ExecFlags = 1 << 2
	// AmbientMagic is "!!": like "!" when the kernel lacks ambient
	// capabilities.
	AmbientMagic ExecFlags = 1 << 3
	// NoEnvExpand is ":": no "$" expansion in argv at run time.
	NoEnvExpand ExecFlags = 1 << 4
)

// Command is one command of an Exec*= line.
type Command struct {
	// Flags are the command's prefixes.
	Flags ExecFlags
	// SeparateArgv0 is the "@" prefix: Argv[0] is the word after the path.
	SeparateArgv0 bool
	// Prefix is the part of the first word that systemd reads as prefixes
	// ("-@", "+", ...), possibly empty.
	Prefix Word
	// PathWord is the rest of the first word: the executable as written.
	PathWord Word
	// Path is the executable systemd stores: PathWord expanded and
	// path_simplify'd ("/usr//bin/env" gives "/usr/bin/env"). A plain file
	// name ("echo") is looked up in $PATH at run time.
	Path string
	// Args are the words after the path word; "\;" is a word with the Text
	// ";".
	Args []Word
	// Argv is the argv systemd stores, with specifiers expanded: without
	// "@", the expanded (not simplified) path and then Args; with "@",
	// Args. "$" references in it are expanded at run time (see ExpandArgv)
	// unless Flags has NoEnvExpand.
	Argv []string
	// Start and End delimit the command in the input, from the prefix to
	// the end of the last argument.
	Start, End int
}

// ArgvWords returns the words that Argv comes from, one per element.
func (c Command) ArgvWords() []Word {
	if c.SeparateArgv0 {
		return c.Args
	}
	return append([]Word{c.PathWord}, c.Args...)
}

// Vars returns the "$" references in the command's arguments, with Arg set
// to the index in Argv. They are expanded at run time unless Flags has
// NoEnvExpand.
func (c Command) Vars() []VarRef {
	var out []VarRef
	for i, w := range c.ArgvWords() {
		for _, r := range w.Vars() {
			r.Arg = i
			out = append(out, r)
		}
	}
	return out
}

// Exec is what config_parse_exec() makes of an Exec*= value.
type Exec struct {
	// Reset is an empty value: the setting's command list is cleared.
	Reset bool
	// Commands are the commands systemd appends, in order. When parsing
	// stops at an error the commands before it are kept.
	Commands []Command
	// Diagnostics are systemd's messages, in order.
	Diagnostics []Diagnostic
	// Fatal means the value makes systemd refuse the unit: it is the last
	// diagnostic's Fatal.
	Fatal bool
}

func (x *Exec) report(d Diagnostic) {
	x.Diagnostics = append(x.Diagnostics, d)
	if d.Fatal {
		x.Fatal = true
	}
}

// ParseExec reads the value of ExecStart= or another Exec*= setting as
// src/core/load-fragment.c: config_parse_exec() does.
//
// The value is split into commands at lone unquoted ";" words. In each,
// the first word carries the prefixes and the path; words are unquoted and
// C-unescaped, an unknown escape is kept verbatim with a warning, and
// specifiers are expanded per word after unescaping. A bad path, an
// unbalanced quote after the first word, an invalid specifier or a missing
// argv[0] after "@" stop the parsing and are fatal, unless the command has
// the "-" prefix, which makes them warnings. An unbalanced quote in the
// first word of a command is never fatal: systemd logs it and ignores the
// rest of the value.
func ParseExec(value string, opt Options) Exec {
	// see src/core/load-fragment.c: config_parse_exec()
	value = cstring(value)
	var x Exec
	if value == "" {
		x.Reset = true
		return x
	}
	sp := NewSplitter(value, Whitespace, Unquote|CUnescape)
	rvalue := 0 // where systemd's rvalue starts, for messages
	for {
		semicolon := false
		first, ok, failed := x.extractAndWarn(sp, value, rvalue)
		if failed || !ok {
			// "if (r <= 0) return 0;": not fatal, even for a bad quote.
			return x
		}
		// A lone ";" is a separator, also when it was quoted or escaped.
		if first.Text == ";" {
			continue
		}
		var c Command
		c.Start, c.End = first.Start, first.End

		k := 0
		for ; k < len(first.Text); k++ {
			const privs = FullyPrivileged | NoSetuid | AmbientMagic
			ch := first.Text[k]
			if ch == '-' && c.Flags&IgnoreFailure == 0 {
				c.Flags |= IgnoreFailure
			} else if ch == '@' && !c.SeparateArgv0 {
				c.SeparateArgv0 = true
			} else if ch == ':' && c.Flags&NoEnvExpand == 0 {
				c.Flags |= NoEnvExpand
			} else if ch == '+' && c.Flags&privs == 0 {
				c.Flags |= FullyPrivileged
			} else if ch == '!' && c.Flags&privs == 0 {
				c.Flags |= NoSetuid
			} else if ch == '!' && c.Flags&(FullyPrivileged|AmbientMagic) == 0 {
				// "!!" is "!" given twice.
				c.Flags = c.Flags&^NoSetuid | AmbientMagic
			} else {
				break
			}
		}
		ignore := c.Flags&IgnoreFailure != 0
		c.Prefix = first.Slice(0, k)
		c.PathWord = first.Slice(k, len(first.Text))

		fail := func(code Code, start, end int, msg string) Exec {
			x.report(Diagnostic{Start: start, End: end, Severity: sevIf(ignore), Code: code,
				Message: msg, Fatal: !ignore})
			return x
		}
		path, err := ExpandSpecifiers(c.PathWord.Text, opt.Specifier, PathMax-1)
		if err != nil {
			s, e := specifierSpan(c.PathWord, err)
			return fail(CodeSpecifier, s, e, "Failed to resolve unit specifiers in '"+c.PathWord.Text+"'"+
				ignoring(ignore)+": "+errText(err))
		}
		checkPath := opt.Specifier != nil || !hasSpecifier(path)
		switch {
		case path == "":
			// The first word is only prefixes.
			return fail(CodeEmptyPath, first.Start, first.End, "Empty path in command line"+
				ignoring(ignore)+": '"+rest(value, rvalue)+"'")
		case !checkPath:
		case !StringIsSafe(path):
			return fail(CodeUnsafePath, c.PathWord.Start, c.PathWord.End, "Executable name contains special characters"+
				ignoring(ignore)+": "+path)
		case strings.HasSuffix(path, "/"):
			return fail(CodeDirectoryPath, c.PathWord.Start, c.PathWord.End, "Executable path specifies a directory"+
				ignoring(ignore)+": "+path)
		case !(strings.HasPrefix(path, "/") && PathIsValid(path) || !strings.HasPrefix(path, "/") && FilenameIsValid(path)):
			return fail(CodeInvalidPath, c.PathWord.Start, c.PathWord.End, "Neither a valid executable name nor an absolute path"+
				ignoring(ignore)+": "+path)
		}
		if !c.SeparateArgv0 {
			c.Argv = append(c.Argv, path)
		}
		c.Path = PathSimplify(path)

		for !sp.Done() {
			p := sp.Pos()
			// An unquoted ";" word separates commands.
			if value[p] == ';' && (p+1 == len(value) || isSpace(value[p+1])) {
				sp.skip(1)
				sp.skipWhitespace()
				semicolon = true
				break
			}
			// "\;" is a literal ";", checked here "to not confuse it with
			// \\; or "\;" or "\\;" etc."
			if value[p] == '\\' && p+1 < len(value) && value[p+1] == ';' && (p+2 == len(value) || isSpace(value[p+2])) {
				w := Word{Text: ";", Start: p, End: p + 2, src: []span{{int32(p), int32(p + 2)}}}
				sp.skip(2)
				sp.skipWhitespace()
				c.Args = append(c.Args, w)
				c.Argv = append(c.Argv, ";")
				c.End = w.End
				continue
			}
			w, ok, failed := x.extractAndWarn(sp, value, rvalue)
			if failed {
				// The message was logged by extractAndWarn.
				last := &x.Diagnostics[len(x.Diagnostics)-1]
				last.Fatal = !ignore
				x.Fatal = last.Fatal
				return x
			}
			if !ok {
				break
			}
			v, err := ExpandSpecifiers(w.Text, opt.Specifier, LongLineMax)
			if err != nil {
				s, e := specifierSpan(w, err)
				return fail(CodeSpecifier, s, e, "Failed to resolve unit specifiers in "+w.Text+
					ignoring(ignore)+": "+errText(err))
			}
			c.Args = append(c.Args, w)
			c.Argv = append(c.Argv, v)
			c.End = w.End
		}
		if len(c.Argv) == 0 {
			return fail(CodeEmptyArgv, c.Start, c.End, "Empty executable name or zeroeth argument"+
				ignoring(ignore)+": "+rest(value, rvalue))
		}
		x.Commands = append(x.Commands, c)
		rvalue = sp.Pos()
		if !semicolon {
			return x
		}
	}
}

// extractAndWarn is extract_first_word_and_warn(): it reads a word
// strictly, and when that fails reads it again keeping unknown escape
// sequences, with a warning. failed means both reads failed: then it has
// logged "Unbalanced quoting" (at LOG_ERR, not marked fatal; the caller
// decides).
func (x *Exec) extractAndWarn(sp *Splitter, value string, rvalue int) (w Word, ok, failed bool) {
	// see src/basic/extract-word.c: extract_first_word_and_warn()
	save := *sp
	w, ok, err := sp.Next()
	if err == nil {
		return w, ok, false
	}
	*sp = save
	sp.flags |= UnescapeRelax
	w, ok, err = sp.Next()
	sp.flags = save.flags
	if err == nil {
		s, e := unknownEscapeSpan(w, value)
		x.report(Diagnostic{Start: s, End: e, Severity: Warning, Code: CodeUnknownEscape,
			Message: `Ignoring unknown escape sequences: "` + w.Text + `"`})
		return w, ok, false
	}
	s, e := w.Start, w.End
	if se, isSyntax := err.(*SyntaxError); isSyntax {
		s, e = se.Offset, se.End
	}
	x.report(Diagnostic{Start: s, End: e, Severity: Error, Code: CodeUnbalancedQuoting,
		Message: `Unbalanced quoting, ignoring: "` + rest(value, rvalue) + `"`})
	return Word{}, false, true
}

// sevIf is LOG_WARNING when the command has "-", else LOG_ERR.
func sevIf(ignore bool) Severity {
	if ignore {
		return Warning
	}
	return Error
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
