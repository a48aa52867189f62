package words

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// noSpecifiers is a specifier table with no entries: "%%" still gives
// "%", and every "%x" is an invalid slot.
func noSpecifiers(byte) (string, bool) { return "", false }

func TestQuoteExec(t *testing.T) {
	tests := []struct {
		argv    []string
		want    string
		wantErr bool
	}{
		{[]string{"/bin/echo", "hello"}, `/bin/echo hello`, false},
		{[]string{"/bin/echo", "a b", ""}, `/bin/echo "a b" ""`, false},
		{[]string{"/bin/echo", `"`, `'`, `\`}, `/bin/echo "\"" "'" "\\"`, false},
		{[]string{"/bin/echo", "$HOME", "${X}", "$$"}, `/bin/echo $$HOME $${X} $$$$`, false},
		{[]string{"/bin/echo", "100%", "%h"}, `/bin/echo 100%% %%h`, false},
		{[]string{"/bin/echo", ";", `\;`, "x;"}, `/bin/echo ";" "\\;" x;`, false},
		{[]string{"/bin/echo", "a\tb", "l1\nl2", "\r", "\x01\x7f"}, `/bin/echo "a\tb" "l1\nl2" "\r" "\x01\x7f"`, false},
		{[]string{"/bin/echo", "é", "\xff", "\u0085", "\u2028", "\uFFFE"}, "/bin/echo \"é\" \"\\xff\" \"\\u0085\" \"\\u2028\" \"\\xef\\xbf\\xbe\"", false},
		{[]string{"echo", "x"}, `echo x`, false},
		{[]string{"/opt/my app/run", "-v"}, `"/opt/my app/run" -v`, false},
		{[]string{"/opt/100%/run"}, `/opt/100%%/run`, false},
		// argv[0] with "$": the path is not "$"-expanded, argv[0] is.
		{[]string{"/opt/$x/run", "a"}, `@/opt/$x/run /opt/$$x/run a`, false},
		{[]string{"/usr//bin/env"}, `/usr//bin/env`, false},

		{nil, "", true},
		{[]string{""}, "", true},
		{[]string{"bin/echo"}, "", true},
		{[]string{"/bin/"}, "", true},
		{[]string{`/bin/it's`}, "", true},
		{[]string{"/bin/a\\b"}, "", true},
		{[]string{"/bin/a\nb"}, "", true},
		{[]string{"-echo"}, "", true},
		{[]string{"@echo"}, "", true},
		{[]string{";"}, "", true},
		{[]string{".."}, "", true},
		{[]string{"/bin/echo", "a\x00b"}, "", true},
		{[]string{"/" + strings.Repeat("x", 256)}, "", true},
		{[]string{strings.Repeat("x", 256)}, "", true},
		{[]string{"/bin/echo", strings.Repeat("x", LongLineMax)}, "", true},
	}
	for _, tc := range tests {
		got, err := QuoteExec(tc.argv)
		if (err != nil) != tc.wantErr {
			t.Errorf("QuoteExec(%q) error = %v, want error %v", tc.argv, err, tc.wantErr)
			continue
		}
		if got != tc.want {
			t.Errorf("QuoteExec(%q) = %s, want %s", tc.argv, got, tc.want)
		}
		if err == nil {
			checkExecRoundTrip(t, tc.argv, got)
		}
	}
}

// checkExecRoundTrip asserts that systemd's reading of q (parse, then the
// run-time "$" expansion) gives back argv, and that q is safe on one line.
func checkExecRoundTrip(t *testing.T, argv []string, q string) {
	t.Helper()
	if strings.ContainsAny(q, "\n\r\x00") || !validUTF8(q) || strings.HasSuffix(q, `\`) ||
		q != strings.Trim(q, " \t") {
		t.Errorf("QuoteExec(%q) = %q cannot stand on one unit-file line", argv, q)
	}
	x := ParseExec(q, Options{Specifier: noSpecifiers})
	if len(x.Diagnostics) != 0 || len(x.Commands) != 1 {
		t.Errorf("ParseExec(QuoteExec(%q) = %q): %d commands, diagnostics %v", argv, q, len(x.Commands), x.Diagnostics)
		return
	}
	c := x.Commands[0]
	if diff := cmp.Diff(argv, ExpandArgv(c.Argv, nil)); diff != "" {
		t.Errorf("QuoteExec(%q) = %q reads back differently (-want +got):\n%s", argv, q, diff)
	}
	if c.Path != PathSimplify(argv[0]) {
		t.Errorf("QuoteExec(%q) = %q: path %q, want %q", argv, q, c.Path, PathSimplify(argv[0]))
	}
	if c.Flags != 0 || c.SeparateArgv0 != strings.Contains(argv[0], "$") {
		t.Errorf("QuoteExec(%q) = %q: flags %v", argv, q, c.Flags)
	}
}

// tricky are the pieces random arguments are made of.
var tricky = []string{
	"", "a", "Z9", " ", "  ", "b c", `"`, `'`, `\`, `\\`, `\;`, ";", "$", "$HOME", "${HOME}", "$$", "${", "}",
	"%", "%%", "%n", "%h", "%i", "%-", "\t", "\n", "\r", "\x01", "\x1b", "\x7f", "é", "日本", "\U0001F4A9",
	"\xff", "\xc3", "\xed\xa0\x80", "\uFFFE", "\uFDD0", "\u0085", "\u2028", "#", "=", "-", "@", ":", "+", "!",
	"/", "//", ".", "..", "x=y", "\\x41", "\\n", "'a b'", `"a b"`,
}

// paths are argv[0] candidates, usable or not.
var paths = []string{
	"/bin/echo", "/usr//bin/env", "echo", "/opt/my app/run", "/opt/$x/run", "/p%h", "/x/\xff", "/ü/ß",
	"/a/./b", "/a/../b", "/bin/echo/.", "true", "-", "x;", "/$", "/%%", "/a b/c\td",
	// Not usable.
	"", "bin/echo", "/bin/", `/it's`, "/a\\b", "/a\nb", "-echo", "@x", ";", ".", "..", "+x", "!x", ":x",
}

// randomArgv builds an argv from the pieces above.
func randomArgv(r *rand.Rand) []string {
	argv := []string{paths[r.IntN(len(paths))]}
	if r.IntN(8) == 0 {
		// Sometimes a random argv[0] too.
		argv[0] = randomArg(r)
	}
	for n := r.IntN(5); n > 0; n-- {
		argv = append(argv, randomArg(r))
	}
	return argv
}

func randomArg(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(5); n > 0; n-- {
		b.WriteString(tricky[r.IntN(len(tricky))])
	}
	return b.String()
}

// quotable says whether QuoteExec must accept argv: the argv[0] rules of
// config_parse_exec() and no NUL bytes.
func quotable(argv []string) bool {
	for _, a := range argv {
		if strings.Contains(a, "\x00") {
			return false
		}
	}
	p := argv[0]
	if p == "" || !StringIsSafe(p) || strings.HasSuffix(p, "/") || p == ";" {
		return false
	}
	if strings.HasPrefix(p, "/") {
		return PathIsValid(p)
	}
	return FilenameIsValid(p) && strings.IndexByte("-@:+!", p[0]) < 0
}

// TestQuoteExecProperty: for random argv, QuoteExec and then systemd's
// reading give back the argv, and QuoteExec refuses exactly the argv it
// cannot express.
func TestQuoteExecProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	quoted := 0
	for range 20000 {
		argv := randomArgv(r)
		q, err := QuoteExec(argv)
		if want := quotable(argv); (err == nil) != want {
			t.Errorf("QuoteExec(%q) error = %v, want error %v", argv, err, !want)
			continue
		}
		if err != nil {
			continue
		}
		quoted++
		checkExecRoundTrip(t, argv, q)
	}
	if quoted < 8000 {
		t.Errorf("only %d of 20000 random argv were quotable: the generator is off", quoted)
	}
}

func TestQuoteEnvironment(t *testing.T) {
	tests := []struct {
		name, value string
		want        string
		wantErr     bool
	}{
		{"A", "b", `A=b`, false},
		{"A", "", `A=`, false},
		{"A", "b c", `"A=b c"`, false},
		{"A", `"'\`, `"A=\"'\\"`, false},
		{"A", "$HOME", `A=$HOME`, false},
		{"A", "50%", `A=50%%`, false},
		{"A", "l1\nl2\r\t", `"A=l1\nl2\r\t"`, false},
		{"A", "=x=", `A==x=`, false},
		{"_a9", "é", `"_a9=é"`, false},
		{"", "x", "", true},
		{"9A", "x", "", true},
		{"A-B", "x", "", true},
		{"A=B", "x", "", true},
		{"A", "\xff", "", true},
		{"A", "\uFFFE", "", true},
		{"A", "a\x00b", "", true},
	}
	for _, tc := range tests {
		got, err := QuoteEnvironment(tc.name, tc.value)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("QuoteEnvironment(%q, %q) = %s, %v; want %s, error %v", tc.name, tc.value, got, err, tc.want, tc.wantErr)
			continue
		}
		if err == nil {
			checkEnvRoundTrip(t, tc.name, tc.value, got)
		}
	}
}

func checkEnvRoundTrip(t *testing.T, name, value, q string) {
	t.Helper()
	if strings.ContainsAny(q, "\n\r\x00") || !validUTF8(q) || strings.HasSuffix(q, `\`) {
		t.Errorf("QuoteEnvironment(%q, %q) = %q cannot stand on one unit-file line", name, value, q)
	}
	env := ParseEnvironment(q, Options{Specifier: noSpecifiers})
	want := []Assignment{{Name: name, Value: value}}
	if len(env.Diagnostics) != 0 {
		t.Errorf("ParseEnvironment(%q): %v", q, env.Diagnostics)
	}
	if diff := cmp.Diff(want, env.Assignments, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Word"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("QuoteEnvironment(%q, %q) = %q reads back differently (-want +got):\n%s", name, value, q, diff)
	}
}

func TestQuoteEnvironmentProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	names := []string{"A", "FOO_BAR", "_x", "a1", "9x", "A-B", ""}
	var line []string
	var want []Assignment
	for range 5000 {
		name, value := names[r.IntN(len(names))], randomArg(r)
		q, err := QuoteEnvironment(name, value)
		if wantOK := EnvNameIsValid(name) && EnvValueIsValid(value); (err == nil) != wantOK {
			t.Errorf("QuoteEnvironment(%q, %q) error = %v, want error %v", name, value, err, !wantOK)
			continue
		}
		if err != nil {
			continue
		}
		checkEnvRoundTrip(t, name, value, q)
		if len(line) < 20 {
			line = append(line, q)
			want = append(want, Assignment{Name: name, Value: value})
		}
	}
	// Several quoted assignments joined with spaces make one valid line.
	env := ParseEnvironment(strings.Join(line, " "), Options{Specifier: noSpecifiers})
	if diff := cmp.Diff(want, env.Assignments, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Word"
	}, cmp.Ignore())); diff != "" || len(env.Diagnostics) != 0 {
		t.Errorf("joined line %q (-want +got):\n%s\n%v", strings.Join(line, " "), diff, env.Diagnostics)
	}
}
