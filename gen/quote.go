package gen

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/specifier"
	"github.com/usvc/usvc/unitfile/words"
)

// usableHome reports whether home can stand for %h: an absolute,
// normalized path other than "/", with nothing in it that systemd would
// read specially after expanding %h. The run-time "$" expansion of Exec*=
// arguments happens after specifier expansion (src/core/execute.c: argv
// goes through replace_env_argv() after unit_full_printf()), so a "$" in
// the home directory would be expanded; such a home is written out in
// full instead.
func usableHome(home string) bool {
	return home != "" && home != "/" && home[0] == '/' && words.PathSimplify(home) == home &&
		!strings.ContainsAny(home, "$%") && words.StringIsSafe(home) && utf8.ValidString(home) &&
		!slices.ContainsFunc(strings.Split(home[1:], "/"), func(c string) bool { return c == "." || c == ".." })
}

// underHome says whether p is home or a path below it, and gives the rest
// of p after home ("" or "/...").
func underHome(p, home string) (rest string, ok bool) {
	if home == "" || !strings.HasPrefix(p, home) {
		return "", false
	}
	rest = p[len(home):]
	return rest, rest == "" || rest[0] == '/'
}

// quoteArg writes one argument after argv[0] so that config_parse_exec()
// and the run-time "$" expansion give it back. words.QuoteExec does the
// quoting; a dummy argv[0] isolates the argument's part of its result.
func quoteArg(a string) (string, error) {
	q, err := words.QuoteExec([]string{"/x", a})
	if err != nil {
		return "", err
	}
	return quoted(strings.TrimPrefix(q, "/x ")), nil
}

// plain reports whether a word can stand bare: it has only characters
// that neither systemd nor a reader (nor lint's shell-syntax and
// inline-comment rules) takes for anything but text.
func plain(q string) bool {
	if q == "" {
		return false
	}
	for i := 0; i < len(q); i++ {
		c := q[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_./:,+=@%$-", c) >= 0) {
			return false
		}
	}
	return true
}

// quoted takes a word as words.QuoteExec writes it (bare, or in
// double quotes with C escapes) and quotes it unless it is plain, so that
// neither a reader nor lint takes an argument for shell syntax or a
// comment that systemd would pass on. Double quotes are used, except for a
// word with a backquote or "$(" (written "$$("): inside double quotes a
// shell would run those as command substitutions, inside single quotes it
// would not. systemd reads both quotes alike, backslash escapes included
// (src/basic/extract-word.c: extract_first_word() handles a backslash the
// same "inside either single or double quotes"); a "'" inside single
// quotes is written \x27.
func quoted(q string) string {
	if plain(q) {
		return q
	}
	body := q
	if len(q) >= 2 && q[0] == '"' && q[len(q)-1] == '"' {
		body = q[1 : len(q)-1]
	}
	if !strings.Contains(body, "`") && !strings.Contains(body, "$(") {
		return `"` + body + `"` // a bare word has no quote or backslash to escape
	}
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\\' && i+1 < len(body):
			i++
			if body[i] == '"' {
				b.WriteByte('"') // no need to escape a " inside '...'
			} else {
				b.WriteByte('\\')
				b.WriteByte(body[i])
			}
		case c == '\'':
			b.WriteString(`\x27`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteFragment is quoteArg for part of a word: an empty part is nothing
// rather than "". extract_first_word() opens and closes quotes anywhere in
// a word, so quoted fragments can be glued together and to %h.
func quoteFragment(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	return quoteArg(s)
}

// execValue writes argv as an ExecStart= value: quoted by words.QuoteExec's
// rules, with the home directory written %h where an argument starts with
// it (or its value does, after "--option="). systemd expands specifiers in
// each word after unquoting it (config_parse_exec(): unit_path_printf()
// for the path, unit_full_printf() for the arguments), so %h stays outside
// the quotes and unescaped while every other "%" is written "%%".
func execValue(argv []string, home string) (string, error) {
	if len(argv) == 0 {
		return "", fmt.Errorf("no command given")
	}
	// QuoteExec's checks on the whole argv (argv[0] a usable path, no NUL,
	// lengths) come first, so the errors are its.
	if _, err := words.QuoteExec(argv); err != nil {
		return "", err
	}
	if !usableHome(home) {
		home = ""
	}
	parts := make([]string, 0, len(argv))
	p := argv[0]
	if rest, ok := underHome(p, home); ok && !strings.Contains(p, "$") {
		q, err := quoteFragment(rest)
		if err != nil {
			return "", err
		}
		parts = append(parts, "%h"+q)
	} else {
		// With a "$" in the path QuoteExec writes "@path argv0".
		q, err := words.QuoteExec(argv[:1])
		if err != nil {
			return "", err
		}
		if len(q) >= 2 && q[0] == '"' {
			q = quoted(q)
		}
		parts = append(parts, q)
	}
	for i, a := range argv[1:] {
		q, err := quoteWithHome(a, home)
		if err != nil {
			if qe, ok := err.(*words.QuoteError); ok {
				return "", &words.QuoteError{Arg: i + 1, Reason: qe.Reason}
			}
			return "", err
		}
		parts = append(parts, q)
	}
	v := strings.Join(parts, " ")
	if len(v) > words.MaxQuotedLen {
		return "", &words.QuoteError{Arg: -1, Reason: "command line too long"}
	}
	return v, nil
}

// quoteWithHome quotes one argument, writing home as %h at its start or
// after the "=" of a "-option=" argument.
func quoteWithHome(a, home string) (string, error) {
	if rest, ok := underHome(a, home); ok {
		q, err := quoteFragment(rest)
		return "%h" + q, err
	}
	if strings.HasPrefix(a, "-") {
		if i := strings.IndexByte(a, '='); i >= 0 {
			if rest, ok := underHome(a[i+1:], home); ok {
				pre, err := quoteFragment(a[:i+1])
				if err != nil {
					return "", err
				}
				q, err := quoteFragment(rest)
				return pre + "%h" + q, err
			}
		}
	}
	return quoteArg(a)
}

// homeSpecifier resolves %h only; gen writes no other specifier, so any
// other letter in its output is a bug that the self-check catches.
func homeSpecifier(home string) words.SpecifierFunc {
	return func(c byte) (string, bool) {
		if c == 'h' && home != "" {
			return home, true
		}
		return "", false
	}
}

// checkExec reads v back as systemd does and compares it with argv.
func checkExec(v string, argv []string, home string) error {
	x := words.ParseExec(v, words.Options{Specifier: homeSpecifier(home)})
	if len(x.Diagnostics) != 0 || len(x.Commands) != 1 {
		return fmt.Errorf("%w: ExecStart=%s reads back with %d commands and diagnostics %v", ErrInternal, v, len(x.Commands), x.Diagnostics)
	}
	got := words.ExpandArgv(x.Commands[0].Argv, nil)
	if !slices.Equal(got, argv) || x.Commands[0].Path != words.PathSimplify(argv[0]) {
		return fmt.Errorf("%w: ExecStart=%s reads back as %q, not %q", ErrInternal, v, got, argv)
	}
	return nil
}

// controlChar finds a control character (C0, DEL, C1) in s, or -1.
func controlChar(s string) int {
	for i, r := range s {
		if r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return i
		}
	}
	return -1
}

// lineValue checks that s can be written as a value that systemd reads
// back unchanged and that cannot end the line: for settings that are not
// unescaped, a control character cannot be expressed at all.
func lineValue(what, s string) error {
	if i := controlChar(s); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("%s has a control character (%U at byte %d): systemd does not unescape this setting, so it cannot be written", what, r, i)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", what)
	}
	if err := unitfile.CheckValue(s); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// textValue is Description=: spaces and tabs at the ends dropped, line
// safety checked, "%" escaped (config_parse_unit_string_printf() expands
// specifiers).
func textValue(what, s string) (string, error) {
	s = strings.Trim(s, " \t")
	if err := lineValue(what, s); err != nil {
		return "", err
	}
	return specifier.Escape(s), nil
}

// pathValue is a path setting (WorkingDirectory=, EnvironmentFile=):
// absolute and normalized as path_simplify_and_warn(PATH_CHECK_ABSOLUTE)
// wants it, written with %h for the home directory and "%%" for "%". The
// value is expanded by unit_path_printf() but not unquoted or unescaped.
func pathValue(what, p, home string) (string, error) {
	if err := lineValue(what, p); err != nil {
		return "", err
	}
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("%s %q is not an absolute path", what, p)
	}
	if slices.ContainsFunc(strings.Split(p, "/"), func(c string) bool { return c == "." || c == ".." }) {
		return "", fmt.Errorf("%s %q has a \".\" or \"..\" component: write the path it means", what, p)
	}
	p = words.PathSimplify(p)
	if !words.PathIsValid(p) {
		return "", fmt.Errorf("%s %q is too long for a path", what, p)
	}
	if !usableHome(home) {
		home = ""
	}
	if rest, ok := underHome(p, home); ok {
		return "%h" + specifier.Escape(rest), nil
	}
	return specifier.Escape(p), nil
}
