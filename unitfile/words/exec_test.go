package words

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testSpecifiers is a small specifier table with the system manager's
// values for a unit "foo.service" run by root (SYNTAX.md §9).
func testSpecifiers(c byte) (string, bool) {
	switch c {
	case 'n':
		return "foo.service", true
	case 'N':
		return "foo", true
	case 'p':
		return "foo", true
	case 'i', 'I':
		return "", true
	case 'h':
		return "/root", true
	case 't':
		return "/run", true
	}
	return "", false
}

type cmdOut struct {
	Flags ExecFlags
	At    bool
	Path  string
	Argv  []string
}

type diagOut struct {
	Code     Code
	Severity Severity
	Fatal    bool
	Message  string
}

type execOut struct {
	Reset bool
	Cmds  []cmdOut
	Diags []diagOut
}

func summarizeExec(x Exec) execOut {
	var o execOut
	o.Reset = x.Reset
	for _, c := range x.Commands {
		o.Cmds = append(o.Cmds, cmdOut{Flags: c.Flags, At: c.SeparateArgv0, Path: c.Path, Argv: c.Argv})
	}
	o.Diags = summarizeDiags(x.Diagnostics)
	return o
}

func summarizeDiags(ds []Diagnostic) []diagOut {
	var out []diagOut
	for _, d := range ds {
		out = append(out, diagOut{Code: d.Code, Severity: d.Severity, Fatal: d.Fatal, Message: d.Message})
	}
	return out
}

func cmd(path string, argv ...string) cmdOut { return cmdOut{Path: path, Argv: argv} }

func fatal(code Code, msg string) diagOut {
	return diagOut{Code: code, Severity: Error, Fatal: true, Message: msg}
}
func errNonFatal(code Code, msg string) diagOut {
	return diagOut{Code: code, Severity: Error, Message: msg}
}
func warn(code Code, msg string) diagOut {
	return diagOut{Code: code, Severity: Warning, Message: msg}
}

// execTests are ParseExec cases; TestExecAgainstSystemd runs them through
// systemd too.
var execTests = []struct {
	in   string
	want execOut
}{
	// An empty value resets the list.
	{"", execOut{Reset: true}},
	// Only whitespace is not empty for config_parse_exec (the lexer trims
	// it away before): no command, no reset.
	{"  ", execOut{}},

	// From systemd's src/test/test-load-fragment.c: TEST(config_parse_exec).
	{"/RValue r1", execOut{Cmds: []cmdOut{cmd("/RValue", "/RValue", "r1")}}},
	{"/RValue///slashes r1///", execOut{Cmds: []cmdOut{cmd("/RValue/slashes", "/RValue///slashes", "r1///")}}},
	{"/RValue/ argv0 r1", execOut{Diags: []diagOut{fatal(CodeDirectoryPath, "Executable path specifies a directory: /RValue/")}}},
	{"@/RValue///slashes2 ///argv0 r1", execOut{Cmds: []cmdOut{{At: true, Path: "/RValue/slashes2", Argv: []string{"///argv0", "r1"}}}}},
	{"@/RValue", execOut{Diags: []diagOut{fatal(CodeEmptyArgv, "Empty executable name or zeroeth argument: @/RValue")}}},
	{"-@/RValue///slashes3 argv0a r1", execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, At: true, Path: "/RValue/slashes3", Argv: []string{"argv0a", "r1"}}}}},
	{"@-/RValue///slashes4 argv0b r1", execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, At: true, Path: "/RValue/slashes4", Argv: []string{"argv0b", "r1"}}}}},
	{"--/RValue argv0 r1", execOut{Diags: []diagOut{warn(CodeInvalidPath, "Neither a valid executable name nor an absolute path, ignoring: -/RValue")}}},
	{"-@-/RValue argv0 r1", execOut{Diags: []diagOut{warn(CodeInvalidPath, "Neither a valid executable name nor an absolute path, ignoring: -/RValue")}}},
	{"-@/RValue argv0 r1 ; /goo/goo boo", execOut{Cmds: []cmdOut{
		{Flags: IgnoreFailure, At: true, Path: "/RValue", Argv: []string{"argv0", "r1"}},
		cmd("/goo/goo", "/goo/goo", "boo")}}},
	{"-@/RValue argv0 r1 ; ; /goo/goo boo", execOut{Cmds: []cmdOut{
		{Flags: IgnoreFailure, At: true, Path: "/RValue", Argv: []string{"argv0", "r1"}},
		cmd("/goo/goo", "/goo/goo", "boo")}}},
	{"-@/RValue argv0 r1 ; ", execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, At: true, Path: "/RValue", Argv: []string{"argv0", "r1"}}}}},
	{"-@/RValue argv0 r1 ;", execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, At: true, Path: "/RValue", Argv: []string{"argv0", "r1"}}}}},
	{"-@/RValue argv0 r1 ';'", execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, At: true, Path: "/RValue", Argv: []string{"argv0", "r1", ";"}}}}},
	{`/bin/find \;`, execOut{Cmds: []cmdOut{cmd("/bin/find", "/bin/find", ";")}}},
	{`/sbin/find \; /x`, execOut{Cmds: []cmdOut{cmd("/sbin/find", "/sbin/find", ";", "/x")}}},
	{`/sbin/find \;x`, execOut{
		Cmds:  []cmdOut{cmd("/sbin/find", "/sbin/find", `\;x`)},
		Diags: []diagOut{warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\;x"`)}}},
	{`/bin/find \073`, execOut{Cmds: []cmdOut{cmd("/bin/find", "/bin/find", ";")}}},
	{`/bin/find ";"`, execOut{Cmds: []cmdOut{cmd("/bin/find", "/bin/find", ";")}}},
	{`/sbin/find ";" /x`, execOut{Cmds: []cmdOut{cmd("/sbin/find", "/sbin/find", ";", "/x")}}},
	{`"/PATH WITH SPACES/daemon" -1 -2`, execOut{Cmds: []cmdOut{cmd("/PATH WITH SPACES/daemon", "/PATH WITH SPACES/daemon", "-1", "-2")}}},
	{`"/PATH WITH SPACES/daemon -1 -2"`, execOut{Cmds: []cmdOut{cmd("/PATH WITH SPACES/daemon -1 -2", "/PATH WITH SPACES/daemon -1 -2")}}},
	{`"/PATH WITH SPACES/daemon" "-1" '-2'`, execOut{Cmds: []cmdOut{cmd("/PATH WITH SPACES/daemon", "/PATH WITH SPACES/daemon", "-1", "-2")}}},
	{`"/PATH\sWITH\sSPACES/daemon" '-1 -2'`, execOut{Cmds: []cmdOut{cmd("/PATH WITH SPACES/daemon", "/PATH WITH SPACES/daemon", "-1 -2")}}},
	{`"/PATH\x20WITH\x20SPACES/daemon" "-1 -2"`, execOut{Cmds: []cmdOut{cmd("/PATH WITH SPACES/daemon", "/PATH WITH SPACES/daemon", "-1 -2")}}},
	{`/path\a`, execOut{Diags: []diagOut{fatal(CodeUnsafePath, "Executable name contains special characters: /path\a")}}},
	{`/path\"`, execOut{Diags: []diagOut{fatal(CodeUnsafePath, `Executable name contains special characters: /path"`)}}},
	{`/path\\`, execOut{Diags: []diagOut{fatal(CodeUnsafePath, `Executable name contains special characters: /path\`)}}},
	{`/path\x`, execOut{Diags: []diagOut{
		warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "/path\x"`),
		fatal(CodeUnsafePath, `Executable name contains special characters: /path\x`)}}},
	{`/path\s`, execOut{Cmds: []cmdOut{cmd("/path ", "/path ")}}},
	{`/bin/grep '\w+\K'`, execOut{
		Cmds:  []cmdOut{cmd("/bin/grep", "/bin/grep", `\w+\K`)},
		Diags: []diagOut{warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\w+\K"`)}}},
	// A trailing backslash is kept (with UNESCAPE_RELAX), then unsafe.
	{`/path\`, execOut{Diags: []diagOut{
		warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "/path\"`),
		fatal(CodeUnsafePath, `Executable name contains special characters: /path\`)}}},
	{`/path 'foo`, execOut{Diags: []diagOut{fatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: "/path 'foo"`)}}},
	{`/path 'foo\`, execOut{Diags: []diagOut{fatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: "/path 'foo\"`)}}},
	{"- /path", execOut{Diags: []diagOut{warn(CodeEmptyPath, "Empty path in command line, ignoring: '- /path'")}}},
	{"-", execOut{Diags: []diagOut{warn(CodeEmptyPath, "Empty path in command line, ignoring: '-'")}}},

	// SYNTAX.md §8.
	{`-@/bin/sh sh -c x ; /bin/true ; true`, execOut{Cmds: []cmdOut{
		{Flags: IgnoreFailure, At: true, Path: "/bin/sh", Argv: []string{"sh", "-c", "x"}},
		cmd("/bin/true", "/bin/true"),
		cmd("true", "true")}}},
	{`/bin/echo x; y`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "x;", "y")}}},
	{`/usr//bin/env A=1`, execOut{Cmds: []cmdOut{cmd("/usr/bin/env", "/usr//bin/env", "A=1")}}},
	{`echo hi`, execOut{Cmds: []cmdOut{cmd("echo", "echo", "hi")}}},
	{`/bin/echo $HOME ${HOME} $$`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "$HOME", "${HOME}", "$$")}}},
	{`/bin/echo %%h %h %i "%n" \x25n`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "%h", "/root", "", "foo.service", "foo.service")}}},
	{`/bin/echo %- 100% %`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "%-", "100%", "%")}}},
	{`%t/x a`, execOut{Cmds: []cmdOut{cmd("/run/x", "/run/x", "a")}}},
	{`/bin/echo \q`, execOut{
		Cmds:  []cmdOut{cmd("/bin/echo", "/bin/echo", `\q`)},
		Diags: []diagOut{warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\q"`)}}},
	{`/bin/echo "\q" \x00`, execOut{
		Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", `\q`, `\x00`)},
		Diags: []diagOut{warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\q"`),
			warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\x00"`)}}},
	{`/bin/echo "a b" 'c d' \x41`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "a b", "c d", "A")}}},

	// Prefixes.
	{`:/bin/true`, execOut{Cmds: []cmdOut{{Flags: NoEnvExpand, Path: "/bin/true", Argv: []string{"/bin/true"}}}}},
	{`+/bin/true`, execOut{Cmds: []cmdOut{{Flags: FullyPrivileged, Path: "/bin/true", Argv: []string{"/bin/true"}}}}},
	{`!/bin/true`, execOut{Cmds: []cmdOut{{Flags: NoSetuid, Path: "/bin/true", Argv: []string{"/bin/true"}}}}},
	{`!!/bin/true`, execOut{Cmds: []cmdOut{{Flags: AmbientMagic, Path: "/bin/true", Argv: []string{"/bin/true"}}}}},
	{`-:+@/bin/true x`, execOut{Cmds: []cmdOut{{Flags: IgnoreFailure | NoEnvExpand | FullyPrivileged, At: true, Path: "/bin/true", Argv: []string{"x"}}}}},
	{`"-/bin/true"`, execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, Path: "/bin/true", Argv: []string{"/bin/true"}}}}},
	// "+" excludes "!": the "!" stays in the path.
	{`+!/bin/true`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: !/bin/true")}}},
	{`+!true`, execOut{Cmds: []cmdOut{{Flags: FullyPrivileged, Path: "!true", Argv: []string{"!true"}}}}},
	{`!+/bin/true`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: +/bin/true")}}},
	{`!!!/bin/true`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: !/bin/true")}}},
	{`@@/bin/true x`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: @/bin/true")}}},
	// "-" is a valid file name.
	{`-- /bin/true`, execOut{Cmds: []cmdOut{{Flags: IgnoreFailure, Path: "-", Argv: []string{"-", "/bin/true"}}}}},

	// The path rules.
	{`bin/true`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: bin/true")}}},
	{`./true`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: ./true")}}},
	{`..`, execOut{Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: ..")}}},
	{`/`, execOut{Diags: []diagOut{fatal(CodeDirectoryPath, "Executable path specifies a directory: /")}}},
	{`/bin/./true`, execOut{Cmds: []cmdOut{cmd("/bin/true", "/bin/./true")}}},
	{`/bin/../true`, execOut{Cmds: []cmdOut{cmd("/bin/../true", "/bin/../true")}}},
	{`/bin/true/.`, execOut{Cmds: []cmdOut{cmd("/bin/true", "/bin/true/.")}}},
	{`"/bin/it's"`, execOut{Diags: []diagOut{fatal(CodeUnsafePath, "Executable name contains special characters: /bin/it's")}}},
	{`/bin/` + strings.Repeat("x", 256), execOut{Diags: []diagOut{fatal(CodeInvalidPath,
		"Neither a valid executable name nor an absolute path: /bin/"+strings.Repeat("x", 256))}}},
	{strings.Repeat("x", 256), execOut{Diags: []diagOut{fatal(CodeInvalidPath,
		"Neither a valid executable name nor an absolute path: "+strings.Repeat("x", 256))}}},
	// "-" makes path errors warnings and drops the command and the rest of
	// the value; commands before it stay.
	{`/bin/a ; -bin/b ; /bin/c`, execOut{
		Cmds:  []cmdOut{cmd("/bin/a", "/bin/a")},
		Diags: []diagOut{warn(CodeInvalidPath, "Neither a valid executable name nor an absolute path, ignoring: bin/b")}}},
	{`/bin/a ; bin/b ; /bin/c`, execOut{
		Cmds:  []cmdOut{cmd("/bin/a", "/bin/a")},
		Diags: []diagOut{fatal(CodeInvalidPath, "Neither a valid executable name nor an absolute path: bin/b")}}},

	// Unbalanced quotes: fatal after the first word, not in it.
	{`"/bin/true`, execOut{Diags: []diagOut{errNonFatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: ""/bin/true"`)}}},
	{`/bin/a ; "/bin/true`, execOut{
		Cmds:  []cmdOut{cmd("/bin/a", "/bin/a")},
		Diags: []diagOut{errNonFatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: ""/bin/true"`)}}},
	{`-/bin/echo "a`, execOut{Diags: []diagOut{errNonFatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: "-/bin/echo "a"`)}}},
	// The message quotes systemd's rvalue, which moves on after each
	// command, but not after a lone ";" first word.
	{`/bin/a ; ; /bin/b "x`, execOut{
		Cmds:  []cmdOut{cmd("/bin/a", "/bin/a")},
		Diags: []diagOut{fatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: "; /bin/b "x"`)}}},
	{`; /bin/b "x`, execOut{Diags: []diagOut{fatal(CodeUnbalancedQuoting, `Unbalanced quoting, ignoring: "; /bin/b "x"`)}}},

	// A lone ";" as first word is a separator, quoted or not.
	{`";" /bin/true`, execOut{Cmds: []cmdOut{cmd("/bin/true", "/bin/true")}}},
	{`\073 /bin/true`, execOut{Cmds: []cmdOut{cmd("/bin/true", "/bin/true")}}},
	{`;`, execOut{}},
	{`\;`, execOut{Diags: []diagOut{
		warn(CodeUnknownEscape, `Ignoring unknown escape sequences: "\;"`),
		fatal(CodeUnsafePath, `Executable name contains special characters: \;`)}}},
	{`/bin/a \; \;`, execOut{Cmds: []cmdOut{cmd("/bin/a", "/bin/a", ";", ";")}}},
	{`/bin/a \\; \\;x`, execOut{Cmds: []cmdOut{cmd("/bin/a", "/bin/a", `\;`, `\;x`)}}},

	// Specifiers: expanded per word after unescaping; an unknown one is
	// fatal, or a warning with "-".
	{`/bin/echo %z`, execOut{Diags: []diagOut{fatal(CodeSpecifier, "Failed to resolve unit specifiers in %z: Invalid slot")}}},
	{`-/bin/echo a%zb`, execOut{Diags: []diagOut{warn(CodeSpecifier, "Failed to resolve unit specifiers in a%zb, ignoring: Invalid slot")}}},
	{`/bin/%z`, execOut{Diags: []diagOut{fatal(CodeSpecifier, "Failed to resolve unit specifiers in '/bin/%z': Invalid slot")}}},
	{`-/bin/%z`, execOut{Diags: []diagOut{warn(CodeSpecifier, "Failed to resolve unit specifiers in '/bin/%z', ignoring: Invalid slot")}}},
	{`/bin/echo "%%"`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "%")}}},
	{`%i`, execOut{Diags: []diagOut{fatal(CodeEmptyPath, "Empty path in command line: '%i'")}}},
	{`/bin/echo %i`, execOut{Cmds: []cmdOut{cmd("/bin/echo", "/bin/echo", "")}}},
}

func TestParseExec(t *testing.T) {
	for _, tc := range execTests {
		got := summarizeExec(ParseExec(tc.in, Options{Specifier: testSpecifiers}))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseExec(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}
