package lint

import (
	"fmt"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/words"
)

var shellSyntax = &Rule{
	Name:     "shell-syntax",
	Severity: Error,
	Summary:  "shell syntax in an Exec line, which systemd runs without a shell",
	Doc: `systemd splits an ExecStart= line (and every other Exec*= line) into words
and runs the program directly: no shell reads it. So everything a shell would
do is not done, and the words go to the program as arguments:

- redirections (">", ">>", "2>&1", "< file", "&>"): the program gets ">" and
  the file name as arguments. Use StandardOutput=append:PATH (systemd 240),
  StandardOutput=truncate:PATH (248) or file:PATH (236), StandardError=,
  StandardInput=file:PATH, or StandardOutput=null for /dev/null. "2>&1" is
  what systemd does anyway: StandardError= follows StandardOutput= unless set.
- pipes ("|"), "&&", "||" and a trailing "&": more arguments. systemd runs
  the commands of one line that are separated by a ";" standing alone one
  after another, stopping at the first that fails, which is what "&&" means;
  "&" is pointless, the service runs in the background anyway.
- a ";" glued to a word ("cd /srv; ./run") is part of that argument: only a
  lone ";" separates commands.
- "$(...)" and backquotes: passed on as they are.
- "cd", "export", "source", "ulimit", "umask" as the program: shell builtins,
  not programs. Use WorkingDirectory=, Environment=, EnvironmentFile=, the
  Limit*= settings and UMask=; "exec" is what systemd does anyway.
- "NAME=value" before the program: taken for the program's name. Use
  Environment=.
- "~" or "~/path" as an argument: passed on as it is. Use %h, the home
  directory (in a user unit).

When a shell is really needed, run one: ExecStart=/bin/sh -c 'cmd | filter >
out.log'. Commands that already run a shell (sh, bash, ... or env followed by
one, and any word after "sh -c") are not checked, nor are quoted words.
Variables ($VAR, ${VAR}) are not shell syntax: systemd expands them itself.`,
	Bad:  "[Service]\nWorkingDirectory=/srv/app\nExecStart=/usr/bin/app --serve > /tmp/app.log 2>&1\n",
	Good: "[Service]\nWorkingDirectory=/srv/app\nExecStart=/usr/bin/app --serve\nStandardOutput=append:/tmp/app.log\n",
	Fix:  "replaces a lone \"&&\" by \";\" and separates a glued \";\" where the setting allows several commands, removes \"2>&1\", a trailing \"&\" and an \"exec\" in front of the program, and writes \"~\" as %h in a user unit",
	Run:  runShellSyntax,
}

// shells are programs that read shell syntax themselves.
var shells = map[string]bool{
	"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true,
	"ash": true, "fish": true, "busybox": true, "csh": true, "tcsh": true,
}

// builtins are shell builtins people write as the program, and what to
// use instead.
var builtins = map[string]string{
	"cd":     "set WorkingDirectory= instead",
	"export": "set the variable with Environment= instead",
	"source": "read the file with EnvironmentFile= instead",
	".":      "read the file with EnvironmentFile= instead",
	"ulimit": "use LimitNOFILE= and the other Limit*= settings instead",
	"umask":  "use UMask= instead",
	"exec":   "systemd runs the program in place of itself anyway: remove exec",
	"eval":   "run the line with /bin/sh -c '...' instead",
	"set":    "run the line with /bin/sh -c '...' instead",
	"alias":  "run the line with /bin/sh -c '...' instead",
}

func runShellSyntax(p *Pass) {
	var multi *bool // may ExecStart= hold several commands? computed once
	for _, ke := range p.keyedEntries(p.File) {
		key, e := ke.key, ke.e
		if ke.d == nil || ke.d.Kind() != catalog.KindExecCommand {
			continue
		}
		v := ke.val
		if !mayHaveShellSyntax(v) {
			continue
		}
		many := key != "ExecStart"
		if !many {
			if multi == nil {
				s := p.serviceFacts()
				m := s.effectiveType() == "oneshot"
				multi = &m
			}
			many = *multi
		}
		ex := p.exec(e)
		for _, c := range ex.Commands {
			checkShellCommand(p, e, v, c, many)
		}
	}
}

// checkShellCommand reports the shell syntax of one command of entry e,
// whose value is v. many says whether the setting may hold several
// commands.
func checkShellCommand(p *Pass, e *unitfile.Entry, v string, c words.Command, many bool) {
	pathRaw := v[c.PathWord.Start:c.PathWord.End]
	prog := baseName(c.PathWord.Text)
	if shells[prog] {
		return
	}
	report := func(w words.Word, fix []TextEdit, format string, args ...any) {
		pos, end := e.SpanAt(w.Start, w.End)
		d := Diagnostic{Pos: pos, End: end, Fix: fix}
		d.Message = fmt.Sprintf(format, args...)
		p.Report(d)
	}
	args := c.Args
	if c.SeparateArgv0 && len(args) > 0 {
		args = args[1:]
	}
	// The program itself.
	if plainWord(pathRaw, c.PathWord) {
		if eq := strings.IndexByte(pathRaw, '='); eq > 0 && words.EnvNameIsValid(pathRaw[:eq]) {
			report(c.PathWord, nil, "%s is not a variable assignment here: systemd takes it for the program to run; set the variable with Environment=%s", quoteText(pathRaw), pathRaw)
			return
		}
		if how, ok := builtins[prog]; ok {
			var fix []TextEdit
			if prog == "exec" && c.Prefix.End == c.Prefix.Start && len(c.Args) > 0 && !c.SeparateArgv0 {
				fix = p.ReplaceValue(e, c.PathWord.Start, c.Args[0].Start, "")
			}
			report(c.PathWord, fix, "%s is a shell builtin, not a program, and systemd runs no shell; %s", prog, how)
			return
		}
	}
	if prog == "env" {
		// env [-i] [NAME=VALUE]... PROGRAM: check PROGRAM.
		for len(args) > 0 {
			t := args[0].Text
			if strings.HasPrefix(t, "-") || strings.IndexByte(t, '=') > 0 {
				args = args[1:]
				continue
			}
			break
		}
		if len(args) > 0 && shells[baseName(args[0].Text)] {
			return
		}
	}
	prevEnd := c.PathWord.End
	for i, w := range args {
		raw := v[w.Start:w.End]
		if shells[baseName(w.Text)] && i+1 < len(args) && strings.HasPrefix(args[i+1].Text, "-") {
			// "flock /run/lock sh -c '...'": the rest is for a shell.
			return
		}
		if sub := substitution(raw); sub >= 0 {
			ss, se := w.Start+sub, w.End
			pos, end := e.SpanAt(ss, se)
			p.Report(Diagnostic{Pos: pos, End: end, Message: fmt.Sprintf("systemd runs no shell, so the command substitution %s reaches %s as text, not as the command's output; run the line with /bin/sh -c '...'", quoteText(v[ss:se]), prog)})
		}
		if !plainWord(raw, w) {
			prevEnd = w.End
			continue
		}
		last := i == len(args)-1
		switch {
		case raw == "|" || raw == "|&":
			report(w, nil, "%q reaches %s as an argument: systemd runs no shell, so there are no pipes; run the pipeline with /bin/sh -c '...'", raw, prog)
		case raw == "||":
			report(w, nil, "\"||\" reaches %s as an argument: systemd runs no shell; run the line with /bin/sh -c '...', or put \"-\" before a command whose failure should be ignored", prog)
		case raw == "&&":
			if many {
				report(w, p.ReplaceValue(e, w.Start, w.End, ";"), "\"&&\" reaches %s as an argument: systemd runs no shell; separate the commands with a lone \";\", which runs the next command only if this one succeeds", prog)
			} else {
				report(w, nil, "\"&&\" reaches %s as an argument: systemd runs no shell, and a service that is not Type=oneshot has one ExecStart= command; move the first command to ExecStartPre=, or run the line with /bin/sh -c '...'", prog)
			}
		case raw == "&":
			var fix []TextEdit
			if last {
				fix = p.ReplaceValue(e, prevEnd, w.End, "")
			}
			report(w, fix, "\"&\" reaches %s as an argument: systemd runs no shell, and the service runs in the background anyway; remove it (a program that forks itself wants Type=forking)", prog)
		case raw == "~" || strings.HasPrefix(raw, "~/"):
			var fix []TextEdit
			use := "the full path"
			if p.Scope == UserScope {
				fix = p.ReplaceValue(e, w.Start, w.Start+1, "%h")
				use = "%h" + raw[1:] + " (%h is your home directory)"
			}
			report(w, fix, "systemd does not expand \"~\": %s gets %s as it is; use %s", prog, quoteText(raw), use)
		case isRedirection(raw):
			target := ""
			if op := strings.TrimLeft(raw, "0123456789&<>"); op != "" {
				target = op
			} else if !last {
				target = args[i+1].Text
			}
			msg, fix := redirectionAdvice(p, e, raw, target, prevEnd, w, args, i)
			report(w, fix, "%q reaches %s as an argument: systemd runs no shell, so there are no redirections; %s", raw, prog, msg)
		case len(raw) > 1 && raw[len(raw)-1] == ';':
			if many {
				report(w, p.ReplaceValue(e, w.End-1, w.End, " ;"), "%s reaches %s as one argument: systemd separates commands only at a \";\" that stands alone; write \" ; \"", quoteText(raw), prog)
			} else {
				report(w, nil, "%s reaches %s as one argument: systemd separates commands only at a \";\" that stands alone, and a service that is not Type=oneshot has one ExecStart= command; move the first command to ExecStartPre=, or run the line with /bin/sh -c '...'", quoteText(raw), prog)
			}
		}
		prevEnd = w.End
	}
}

// mayHaveShellSyntax is a quick test that spares parsing the Exec lines
// that cannot hold anything this rule reports: no operator character, no
// "~", no "$(", and a first word that is neither a builtin nor NAME=VALUE.
func mayHaveShellSyntax(v string) bool {
	if strings.ContainsAny(v, "|&<>;`~") || strings.Contains(v, "$(") {
		return true
	}
	first := strings.TrimLeft(v, "-@:+!")
	if i := strings.IndexAny(first, " \t"); i >= 0 {
		first = first[:i]
	}
	_, builtin := builtins[first]
	return builtin || strings.IndexByte(first, '=') > 0
}

// plainWord reports whether raw, the written form of w, has no quotes or
// escapes: only then can it be meant as shell syntax.
func plainWord(raw string, w words.Word) bool {
	return raw == w.Text && !strings.ContainsAny(raw, "\"'\\")
}

// isRedirection reports whether a plain word starts with a shell
// redirection: [N]>, [N]>>, [N]<, &>, >&N.
func isRedirection(raw string) bool {
	i := 0
	for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
		i++
	}
	rest := raw[i:]
	if strings.HasPrefix(rest, "&>") && i == 0 {
		return true
	}
	if rest == "" || (rest[0] != '>' && rest[0] != '<') {
		return false
	}
	if rest[0] == '<' && len(rest) > 1 && rest[len(rest)-1] == '>' {
		return false // "<placeholder>"
	}
	return true
}

// redirectionAdvice says what to use instead of the redirection raw (to
// target), and fixes a lone "2>&1", which is systemd's default anyway.
func redirectionAdvice(p *Pass, e *unitfile.Entry, raw, target string, prevEnd int, w words.Word, args []words.Word, i int) (string, []TextEdit) {
	op := strings.TrimLeft(raw, "0123456789")
	fd := raw[:len(raw)-len(op)]
	if raw == "2>&1" || raw == ">&2" || raw == "1>&2" {
		msg := "StandardError= follows StandardOutput= unless it is set, so remove it"
		if raw != "2>&1" {
			return "set StandardOutput= and StandardError= instead", nil
		}
		// Only when nothing else of the command redirects: then the
		// argument is all that goes.
		for k, a := range args {
			if k != i && isRedirection(a.Text) {
				return msg, nil
			}
		}
		return msg, p.ReplaceValue(e, prevEnd, w.End, "")
	}
	if strings.HasPrefix(op, "<") {
		switch {
		case target == "/dev/null":
			return "standard input is /dev/null anyway (StandardInput=null), so remove it", nil
		case target != "" && p.Version.Compare(catalog.V(236)) >= 0:
			return "use StandardInput=file:" + target, nil
		}
		return "run the line with /bin/sh -c '...'", nil
	}
	key := "StandardOutput"
	switch {
	case fd == "2":
		key = "StandardError"
	case strings.HasPrefix(op, "&>"):
		key = "StandardOutput (StandardError= follows it)"
	}
	op = strings.TrimLeft(op, "&")
	target = strings.TrimLeft(target, "&>")
	if target == "" {
		return "use " + key + "=", nil
	}
	if target == "/dev/null" {
		return "use " + withValue(key, "null"), nil
	}
	// file: (236) opens the file without truncating it; append: came in
	// 240 and truncate: in 248 (src/core/execute.c: setup_output()).
	v := p.Version
	appendOp := strings.HasPrefix(op, ">>")
	switch {
	case appendOp && v.Compare(catalog.V(240)) >= 0:
		return "use " + withValue(key, "append:"+target), nil
	case !appendOp && v.Compare(catalog.V(248)) >= 0:
		return "use " + withValue(key, "truncate:"+target), nil
	case appendOp && v.Compare(catalog.V(236)) >= 0:
		return "use " + withValue(key, "file:"+target) + ", which writes from the start of the file (append: needs systemd 240; this unit targets " + v.String() + ")", nil
	case v.Compare(catalog.V(236)) >= 0:
		return "use " + withValue(key, "file:"+target) + ", which overwrites the file without truncating it (truncate: needs systemd 248; this unit targets " + v.String() + ")", nil
	}
	return "run the line with /bin/sh -c '...'", nil
}

// withValue writes KEY=VALUE for a key that may carry a remark in
// parentheses: "StandardOutput (StandardError= follows it)".
func withValue(key, value string) string {
	if k, rest, ok := strings.Cut(key, " "); ok {
		return k + "=" + value + " " + rest
	}
	return key + "=" + value
}

// substitution is the offset in raw of a "$(" or "`" that a shell would
// run as a command substitution (outside single quotes), or -1.
func substitution(raw string) int {
	single, double := false, false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '\\' && !single:
			i++
		case c == '\'' && !double:
			single = !single
		case c == '"' && !single:
			double = !double
		case single:
		case c == '`':
			return i
		case c == '$' && i+1 < len(raw) && raw[i+1] == '(':
			return i
		}
	}
	return -1
}

// baseName is the last path element of a program name.
func baseName(s string) string {
	return s[strings.LastIndexByte(s, '/')+1:]
}
