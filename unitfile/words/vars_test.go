package words

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExpandArgv replays systemd 252's src/test/test-env-util.c:
// TEST(replace_env_argv), plus the cases QuoteExec relies on.
func TestExpandArgv(t *testing.T) {
	env := []string{"FOO=BAR BAR", "BAR=waldo"}
	line := []string{
		"FOO$FOO",
		"FOO$FOOFOO",
		"FOO${FOO}$FOO",
		"FOO${FOO}",
		"${FOO}",
		"$FOO",
		"$FOO$FOO",
		"${FOO}${BAR}",
		"${FOO",
		"FOO$$${FOO}",
		"$$FOO${FOO}",
		"${FOO:-${BAR}}",
		"${QUUX:-${FOO}}",
		"${FOO:+${BAR}}",
		"${QUUX:+${BAR}}",
		"${FOO:+|${BAR}|}}",
		"${FOO:+|${BAR}{|}",
	}
	want := []string{
		"FOO$FOO",
		"FOO$FOOFOO",
		"FOOBAR BAR$FOO",
		"FOOBAR BAR",
		"BAR BAR",
		// "$FOO" as a whole word is split: two arguments.
		"BAR", "BAR",
		// "$FOO$FOO" looks up the variable "FOO$FOO", which is unset: the
		// word disappears.
		"BAR BARwaldo",
		"${FOO",
		"FOO$BAR BAR",
		"$FOOBAR BAR",
		"${FOO:-waldo}",
		"${QUUX:-BAR BAR}",
		"${FOO:+waldo}",
		"${QUUX:+waldo}",
		"${FOO:+|waldo|}}",
		"${FOO:+|waldo{|}",
	}
	if diff := cmp.Diff(want, ExpandArgv(line, env)); diff != "" {
		t.Errorf("ExpandArgv (-want +got):\n%s", diff)
	}

	more := []struct {
		argv, env, want []string
	}{
		{[]string{"$$", "$$$$", "a$$b", "$"}, nil, []string{"$", "$$", "a$b"}},
		{[]string{"$X", "${X}", "x${}y"}, []string{"X=a 'b c' \"d"}, []string{"a", "b c", "d", "a 'b c' \"d", "xy"}},
		{[]string{"${X}"}, []string{"X=1", "X=2"}, []string{"2"}},
		{[]string{"$X"}, []string{"X="}, nil},
	}
	for _, tc := range more {
		got := ExpandArgv(tc.argv, tc.env)
		if len(got) == 0 {
			got = nil
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ExpandArgv(%q, %q) (-want +got):\n%s", tc.argv, tc.env, diff)
		}
	}
}

func TestVars(t *testing.T) {
	type ref struct {
		Kind VarKind
		Name string
		In   string // the input text of the reference
		Arg  int
	}
	in := `/bin/$x $HOME "${A}-${B:-c}" $$x a$B ${unterminated \x24Y '$'`
	x := ParseExec(in, Options{Specifier: testSpecifiers})
	if len(x.Commands) != 1 {
		t.Fatalf("ParseExec(%q): %v", in, x.Diagnostics)
	}
	var got []ref
	for _, r := range x.Commands[0].Vars() {
		got = append(got, ref{r.Kind, r.Name, in[r.Start:r.End], r.Arg})
	}
	want := []ref{
		{VarUnexpanded, "x", "$x", 0},
		{VarWord, "HOME", "$HOME", 1},
		{VarBraced, "A", "${A}", 2},
		{VarUnexpanded, "B", "${B:", 2},
		{VarDollar, "", "$$", 3},
		{VarUnexpanded, "B", "$B", 4},
		{VarUnexpanded, "unterminated", "${unterminated", 5},
		{VarWord, "Y", `\x24Y`, 6},
		{VarWord, "", "$", 7},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Vars of %q (-want +got):\n%s", in, diff)
	}
}

func TestSpecifiers(t *testing.T) {
	type spec struct {
		Letter byte
		Index  int
		In     string
	}
	in := `"a%%b"%n%-%\x25h'%'i 100%`
	ws, err := Split(in, Whitespace, Unquote|CUnescape)
	if err != nil || len(ws) != 2 {
		t.Fatalf("Split(%q) = %v, %v", in, Texts(ws), err)
	}
	var got []spec
	for _, s := range ws[0].Specifiers() {
		got = append(got, spec{s.Letter, s.Index, in[s.Start:s.End]})
	}
	// "%\x25h" unescapes to "%%h": "%%" is read first, and "h" is text.
	want := []spec{{'%', 1, "%%"}, {'n', 4, "%n"}, {'%', 8, `%\x25`}, {'i', 11, `%'i`}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Specifiers of %q (%q) (-want +got):\n%s", in, ws[0].Text, diff)
	}

	tests := []struct {
		in, want string
		err      error
		max      int
	}{
		{"%%", "%", nil, 100},
		{"a%nb", "afoo.serviceb", nil, 100},
		{"%-%", "%-%", nil, 100},
		{"100%", "100%", nil, 100},
		{"%i%i", "", nil, 100},
		{"%z", "", ErrInvalidSlot, 100},
		{"%9", "", ErrInvalidSlot, 100},
		{"%é", "%é", nil, 100},
		{"%n", "", ErrTooLong, 10},
		{"abc", "abc", nil, 3},
		{"abcd", "", ErrTooLong, 3},
	}
	for _, tc := range tests {
		got, err := ExpandSpecifiers(tc.in, testSpecifiers, tc.max)
		if tc.err != nil {
			if err == nil || !strings.Contains(err.Error(), tc.err.Error()) {
				t.Errorf("ExpandSpecifiers(%q) error = %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ExpandSpecifiers(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestPaths replays systemd 252's src/test/test-path-util.c cases for
// path_simplify(), filename_is_valid() and path_is_valid().
func TestPaths(t *testing.T) {
	foo := strings.Repeat("a", 2*nameMax-1)
	simplify := []struct{ in, out string }{
		{"", ""},
		{"aaa/bbb////ccc", "aaa/bbb/ccc"},
		{"//aaa/.////ccc", "/aaa/ccc"},
		{"///", "/"},
		{"///.//", "/"},
		{"///.//.///", "/"},
		{"////.././///../.", "/../.."},
		{".", "."},
		{"./", "."},
		{".///.//./.", "."},
		{".///.//././/", "."},
		{"//./aaa///.//./.bbb/..///c.//d.dd///..eeee/.", "/aaa/.bbb/../c./d.dd/..eeee"},
		{"//./aaa///.//./.bbb/..///c.//d.dd///..eeee/..", "/aaa/.bbb/../c./d.dd/..eeee/.."},
		{".//./aaa///.//./.bbb/..///c.//d.dd///..eeee/..", "aaa/.bbb/../c./d.dd/..eeee/.."},
		{"..//./aaa///.//./.bbb/..///c.//d.dd///..eeee/..", "../aaa/.bbb/../c./d.dd/..eeee/.."},
		{foo, foo},
		{"/" + foo, "/" + foo},
		{"a////.//././//./b///././/./c/////././//./" + foo + "//.//////d/e/.//f/", "a/b/c/" + foo + "//.//////d/e/.//f/"},
	}
	for _, tc := range simplify {
		if got := PathSimplify(tc.in); got != tc.out {
			t.Errorf("PathSimplify(%q) = %q, want %q", tc.in, got, tc.out)
		}
	}
	long := strings.Repeat("a", nameMax+1)
	for _, s := range []string{"", "/bar/foo", "/", ".", "..", "bar/foo", "bar/foo/", "bar//", long} {
		if FilenameIsValid(s) {
			t.Errorf("FilenameIsValid(%q) = true", s)
		}
	}
	for _, s := range []string{"foo_bar-333", "o.o", strings.Repeat("a", nameMax)} {
		if !FilenameIsValid(s) {
			t.Errorf("FilenameIsValid(%q) = false", s)
		}
	}
	valid := map[string]bool{
		"": false, "/bar/foo": true, "/bar/foo/": true, "//bar//foo//": true, "/": true, "/////": true,
		"/////.///.////...///..//.": true, ".": true, "..": true, "bar/foo": true, "bar/foo/": true, "bar//": true,
		strings.Repeat("a", PathMax+1): false, "/xxx/" + strings.Repeat("a", PathMax+1) + "/yyy": false,
		"foo_bar-333": true, "o.o": true,
		"/" + strings.Repeat("a/", PathMax/2-1): true, "/" + strings.Repeat("a/", PathMax/2): false,
	}
	for s, want := range valid {
		if got := PathIsValid(s); got != want {
			t.Errorf("PathIsValid(%.40q…) = %v, want %v", s, got, want)
		}
		safe := want && s != ".." && !strings.HasPrefix(s, "../") && !strings.HasSuffix(s, "/..") && !strings.Contains(s, "/../")
		if got := pathIsSafe(s); got != safe {
			t.Errorf("pathIsSafe(%.40q…) = %v, want %v", s, got, safe)
		}
	}
	for s, want := range map[string]bool{"/a/b": true, "/a/../b": false, "/a/./b": false, "./a": false, "a/.": false,
		"/a//b": false, ".": false, "a": true} {
		if got := pathIsNormalized(s); got != want {
			t.Errorf("pathIsNormalized(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"/bin/x y": true, "é": true, "a\"b": false, "a'b": false, `a\b`: false,
		"a\x7f": false, "a\x1f": false, "a\tb": false} {
		if got := StringIsSafe(s); got != want {
			t.Errorf("StringIsSafe(%q) = %v, want %v", s, got, want)
		}
	}
}
