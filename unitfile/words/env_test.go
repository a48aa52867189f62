package words

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type envOut struct {
	Reset bool
	Vars  []string // NAME=VALUE of each assignment, in order
	Diags []diagOut
}

func summarizeEnv(e Environment) envOut {
	o := envOut{Reset: e.Reset, Diags: summarizeDiags(e.Diagnostics)}
	for _, a := range e.Assignments {
		o.Vars = append(o.Vars, a.Name+"="+a.Value)
	}
	return o
}

func TestParseEnvironment(t *testing.T) {
	tests := []struct {
		in   string
		want envOut
	}{
		{"", envOut{Reset: true}},
		// SYNTAX.md §8 and §17: several assignments per line, quoted.
		{`"A=b c" D=e F=g`, envOut{Vars: []string{"A=b c", "D=e", "F=g"}}},
		// A bad word: "Invalid syntax" drops the rest but keeps what came
		// before; a word without "=" (or "=x") is skipped alone.
		{`P=1 bad Q=2 =x R="3 S=4`, envOut{Vars: []string{"P=1", "Q=2"}, Diags: []diagOut{
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: bad"),
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: =x"),
			warn(CodeInvalidSyntax, `Invalid syntax, ignoring: P=1 bad Q=2 =x R="3 S=4`)}}},
		{`T=\q U=1`, envOut{Diags: []diagOut{warn(CodeInvalidSyntax, `Invalid syntax, ignoring: T=\q U=1`)}}},
		{`A=1 B=\x00 C=3`, envOut{Vars: []string{"A=1"}, Diags: []diagOut{warn(CodeInvalidSyntax, `Invalid syntax, ignoring: A=1 B=\x00 C=3`)}}},
		// Quotes may sit anywhere, C escapes work in single quotes.
		{`x"=1 2"y 'A=\a' B="" C=`, envOut{Vars: []string{"x=1 2y", "A=\a", "B=", "C="}}},
		{`A=\n\t\\\"`, envOut{Vars: []string{"A=\n\t\\\""}}},
		{`A=a=b`, envOut{Vars: []string{"A=a=b"}}},
		// The assignment rules.
		{`9X=1 a.b=1 A-B=1 _=1 a9=1`, envOut{Vars: []string{"_=1", "a9=1"}, Diags: []diagOut{
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: 9X=1"),
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: a.b=1"),
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: A-B=1")}}},
		// A value must be UTF-8 by systemd's rules.
		{`A=\xff B=\ud800 C=\u00e9`, envOut{Vars: []string{"C=é"}, Diags: []diagOut{
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: A=\xff"),
			warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: B=\xed\xa0\x80")}}},
		// Specifiers are expanded per word, after unquoting; "$" is not
		// special.
		{`A=%n B=%%n "C=%z" D=$HOME`, envOut{Vars: []string{"A=foo.service", "B=%n", "D=$HOME"}, Diags: []diagOut{
			warn(CodeSpecifier, "Failed to resolve specifiers in C=%z, ignoring: Invalid slot")}}},
		{`%i=1`, envOut{Diags: []diagOut{warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: =1")}}},
		// Repeated names are all returned; MergeEnvironment applies them.
		{`P=1 Q=2 P=3`, envOut{Vars: []string{"P=1", "Q=2", "P=3"}}},
	}
	for _, tc := range tests {
		got := summarizeEnv(ParseEnvironment(tc.in, Options{Specifier: testSpecifiers}))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseEnvironment(%q) (-want +got):\n%s", tc.in, diff)
		}
	}

	// Without a specifier table, specifiers stay and values are not judged
	// by what they might expand to.
	got := summarizeEnv(ParseEnvironment(`A=%h %n=x B`, Options{}))
	want := envOut{Vars: []string{"A=%h", "%n=x"}, Diags: []diagOut{
		warn(CodeInvalidAssignment, "Invalid environment assignment, ignoring: B")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseEnvironment without specifiers (-want +got):\n%s", diff)
	}
}

func TestEnvironmentOffsets(t *testing.T) {
	in := `A=1 "B=2 3" 'C'=\x41 bad`
	env := ParseEnvironment(in, Options{Specifier: testSpecifiers})
	type pos struct {
		Name   string
		S, E   int
		NameAt [2]int
	}
	var got []pos
	for _, a := range env.Assignments {
		s, e := a.Word.Span(0, len(a.Name))
		got = append(got, pos{a.Name, a.Word.Start, a.Word.End, [2]int{s, e}})
	}
	want := []pos{{"A", 0, 3, [2]int{0, 1}}, {"B", 4, 11, [2]int{5, 6}}, {"C", 12, 20, [2]int{13, 14}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("offsets (-want +got):\n%s", diff)
	}
	if d := env.Diagnostics; len(d) != 1 || in[d[0].Start:d[0].End] != "bad" {
		t.Errorf("diagnostic span: %v", d)
	}
	env = ParseEnvironment(`A=1 B="2`, Options{})
	if d := env.Diagnostics; len(d) != 1 || d[0].Start != 6 || d[0].End != 8 {
		t.Errorf("syntax error span: %v", d)
	}
}

func TestMergeEnvironment(t *testing.T) {
	a := func(nv string) Assignment {
		n, v, _ := strings.Cut(nv, "=")
		return Assignment{Name: n, Value: v}
	}
	tests := []struct {
		env  []string
		add  []Assignment
		want []string
	}{
		// SYNTAX.md §7: P=1 Q=2 then P=3 gives P=3, Q=2.
		{[]string{"P=1", "Q=2"}, []Assignment{a("P=3")}, []string{"P=3", "Q=2"}},
		{nil, []Assignment{a("P=1"), a("Q=2"), a("P=3")}, []string{"P=3", "Q=2"}},
		{[]string{"A=1", "B=2", "A=3"}, []Assignment{a("A=4")}, []string{"A=4", "B=2"}},
		{[]string{"AB=1"}, []Assignment{a("A=2")}, []string{"AB=1", "A=2"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, MergeEnvironment(tc.env, tc.add...)); diff != "" {
			t.Errorf("MergeEnvironment(%q, %v) (-want +got):\n%s", tc.env, tc.add, diff)
		}
	}
}

// TestEnvValidity replays systemd 252's src/test/test-env-util.c cases.
func TestEnvValidity(t *testing.T) {
	for _, s := range []string{"test"} {
		if !EnvNameIsValid(s) {
			t.Errorf("EnvNameIsValid(%q) = false", s)
		}
	}
	for _, s := range []string{"", "xxx\a", "xxx\x07b", "\x07\x009", "5_starting_with_a_number_is_wrong",
		"#¤%&?_only_numbers_letters_and_underscore_allowed"} {
		if EnvNameIsValid(s) {
			t.Errorf("EnvNameIsValid(%q) = true", s)
		}
	}
	for _, s := range []string{"", "głąb kapuściany", "printf \"\\x1b]0;<mock-chroot>\\x07<mock-chroot>\"",
		"tab\tcharacter", "new\nline", "Show this?\rNope. Show that!", "new DOS\r\nline"} {
		if !EnvValueIsValid(s) {
			t.Errorf("EnvValueIsValid(%q) = false", s)
		}
	}
	for _, s := range []string{"\xc5", "\uFFFE"} {
		if EnvValueIsValid(s) {
			t.Errorf("EnvValueIsValid(%q) = true", s)
		}
	}
	for _, s := range []string{"a=", "b=głąb kapuściany", "c=\\007\\009\\011",
		"e=printf \"\\x1b]0;<mock-chroot>\\x07<mock-chroot>\"", "f=tab\tcharacter", "g=new\nline"} {
		if !EnvAssignmentIsValid(s) {
			t.Errorf("EnvAssignmentIsValid(%q) = false", s)
		}
	}
	for _, s := range []string{"=", "a b=", "a =", " b=", "a.b=", "a-b=", "\x07=głąb kapuściany",
		"c\x009=\x07\x009\x011", "głąb=printf \"\x1b]0;<mock-chroot>\x07<mock-chroot>\"", "noeq"} {
		if EnvAssignmentIsValid(s) {
			t.Errorf("EnvAssignmentIsValid(%q) = true", s)
		}
	}
}

func TestParseEnvironmentFile(t *testing.T) {
	type out struct {
		Reset, Ok, Optional bool
		Path                string
		Diags               []diagOut
	}
	bad := func(code Code, msg string) out {
		return out{Diags: []diagOut{errNonFatal(code, msg)}}
	}
	tests := []struct {
		in   string
		want out
	}{
		{"", out{Reset: true}},
		{"/etc/x", out{Ok: true, Path: "/etc/x"}},
		{"-/etc/x", out{Ok: true, Optional: true, Path: "/etc/x"}},
		{"/a//b/./c/", out{Ok: true, Path: "/a/b/c"}},
		{"%h/.env", out{Ok: true, Path: "/root/.env"}},
		{"-%t/%n.env", out{Ok: true, Optional: true, Path: "/run/foo.service.env"}},
		// No unquoting: quotes are part of the path.
		{`"/etc/x"`, bad(CodePathNotAbsolute, `EnvironmentFile= path is not absolute, ignoring: "/etc/x"`)},
		{"etc/x", bad(CodePathNotAbsolute, "EnvironmentFile= path is not absolute, ignoring: etc/x")},
		{"-", out{Optional: true, Diags: []diagOut{errNonFatal(CodePathNotAbsolute, "EnvironmentFile= path is not absolute, ignoring: ")}}},
		{"--/x", out{Optional: true, Diags: []diagOut{errNonFatal(CodePathNotAbsolute, "EnvironmentFile= path is not absolute, ignoring: -/x")}}},
		{"/a/../b", bad(CodePathNotNormalized, "EnvironmentFile= path is not normalized, ignoring: /a/../b")},
		{"/" + strings.Repeat("x", 256), bad(CodePathLength, "EnvironmentFile= path has invalid length (257 bytes), ignoring.")},
		{"%z", out{Diags: []diagOut{warn(CodeSpecifier, "Failed to resolve unit specifiers in '%z', ignoring: Invalid slot")}}},
	}
	for _, tc := range tests {
		f := ParseEnvironmentFile(tc.in, Options{Specifier: testSpecifiers})
		got := out{Reset: f.Reset, Ok: f.Ok, Optional: f.Optional, Path: f.Path, Diags: summarizeDiags(f.Diagnostics)}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseEnvironmentFile(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

type listOut struct {
	Reset  bool
	Values []string
	Diags  []diagOut
}

func summarizeList(l List) listOut {
	return listOut{Reset: l.Reset, Values: l.Values(), Diags: summarizeDiags(l.Diagnostics)}
}

func TestParsePassUnsetEnvironment(t *testing.T) {
	tests := []struct {
		in          string
		pass, unset listOut
	}{
		{"", listOut{Reset: true}, listOut{Reset: true}},
		{"A B_1", listOut{Values: []string{"A", "B_1"}}, listOut{Values: []string{"A", "B_1"}}},
		// PassEnvironment= does not C-unescape: the backslash is dropped.
		{`A\x41`, listOut{Values: []string{"Ax41"}}, listOut{Values: []string{"AA"}}},
		{"9A A=1", listOut{Diags: []diagOut{
			warn(CodeInvalidName, "Invalid environment name for PassEnvironment, ignoring: 9A"),
			warn(CodeInvalidName, "Invalid environment name for PassEnvironment, ignoring: A=1")}},
			listOut{Values: []string{"A=1"}, Diags: []diagOut{
				warn(CodeInvalidName, "Invalid environment name or assignment UnsetEnvironment, ignoring: 9A")}}},
		{`A "B`, listOut{Values: []string{"A"}, Diags: []diagOut{warn(CodeInvalidSyntax, `Trailing garbage in PassEnvironment, ignoring: A "B`)}},
			listOut{Values: []string{"A"}, Diags: []diagOut{warn(CodeInvalidSyntax, `Trailing garbage in UnsetEnvironment, ignoring: A "B`)}}},
		{"A%z", listOut{Diags: []diagOut{warn(CodeSpecifier, "Failed to resolve specifiers in A%z, ignoring: Invalid slot")}},
			listOut{Diags: []diagOut{warn(CodeSpecifier, "Failed to resolve unit specifiers in A%z, ignoring: Invalid slot")}}},
	}
	for _, tc := range tests {
		opt := Options{Specifier: testSpecifiers}
		if diff := cmp.Diff(tc.pass, summarizeList(ParsePassEnvironment(tc.in, opt))); diff != "" {
			t.Errorf("ParsePassEnvironment(%q) (-want +got):\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.unset, summarizeList(ParseUnsetEnvironment(tc.in, opt))); diff != "" {
			t.Errorf("ParseUnsetEnvironment(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

// unitNameSpecifiers knows only what unit_name_printf() knows of the test
// table: %i %n %N %p (not %h, %I, %t).
func unitNameSpecifiers(c byte) (string, bool) {
	switch c {
	case 'i', 'n', 'N', 'p':
		return testSpecifiers(c)
	}
	return "", false
}

func TestParseUnitList(t *testing.T) {
	type w struct {
		Text, Value string
		S, E        int
	}
	tests := []struct {
		in    string
		want  []w
		diags []diagOut
	}{
		// An empty value is a no-op, not a reset.
		{"", nil, nil},
		{"a.service  b.target\tc.socket", []w{{"a.service", "a.service", 0, 9}, {"b.target", "b.target", 11, 19}, {"c.socket", "c.socket", 20, 28}}, nil},
		// Quotes and backslashes are ordinary characters.
		{`"a b".service x\x2dy.service`, []w{{`"a`, `"a`, 0, 2}, {`b".service`, `b".service`, 3, 13}, {`x\x2dy.service`, `x\x2dy.service`, 14, 28}}, nil},
		{`'x`, []w{{`'x`, `'x`, 0, 2}}, nil},
		// Specifiers per word, with the unit name table: %h and %I are
		// invalid slots there, and the word is skipped.
		{"%p-x.service x-%I.service %h.service %n", []w{{"%p-x.service", "foo-x.service", 0, 12}, {"%n", "foo.service", 37, 39}},
			[]diagOut{warn(CodeSpecifier, "Failed to resolve unit specifiers in 'x-%I.service', ignoring: Invalid slot"),
				warn(CodeSpecifier, "Failed to resolve unit specifiers in '%h.service', ignoring: Invalid slot")}},
	}
	for _, tc := range tests {
		l := ParseUnitList(tc.in, Options{Specifier: unitNameSpecifiers})
		var got []w
		for _, it := range l.Items {
			got = append(got, w{it.Word.Text, it.Value, it.Word.Start, it.Word.End})
		}
		if l.Reset {
			t.Errorf("ParseUnitList(%q) reset", tc.in)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseUnitList(%q) (-want +got):\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.diags, summarizeDiags(l.Diagnostics)); diff != "" {
			t.Errorf("ParseUnitList(%q) diagnostics (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParseStrv(t *testing.T) {
	tests := []struct {
		in   string
		want listOut
	}{
		{"", listOut{Reset: true}},
		{`man:foo(1) "https://x y" a\b 'c'd`, listOut{Values: []string{"man:foo(1)", "https://x y", `a\b`, "cd"}}},
		// Backslashes are kept, so \" does not escape the quote.
		{`"a\" b`, listOut{Values: []string{`a\`, "b"}}},
		{`a "b`, listOut{Values: []string{"a"}, Diags: []diagOut{warn(CodeInvalidSyntax, `Invalid syntax, ignoring: a "b`)}}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, summarizeList(ParseStrv(tc.in))); diff != "" {
			t.Errorf("ParseStrv(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}
