package gen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/specifier"
	"github.com/usvc/usvc/unitfile/words"
)

// key is one (section, key) pair of a unit file.
type key struct{ Section, Key string }

// randCase is a random Service call and what systemd must read from the
// unit, computed here without gen's help.
type randCase struct {
	opts Options
	// refuse is set when gen must refuse the options (a NUL byte, a control
	// character where systemd does not unescape, ...).
	refuse string
	argv   []string // ExecStart as systemd must run it: argv[0] resolved
	keys   []key    // every (section, key) the file must hold, in order
	desc   string   // Description= after specifier expansion, "" for none
	wd     string   // WorkingDirectory= after specifier expansion
	env    []EnvVar
}

// pieces are what random arguments and values are made of: the
// characters the issue names (spaces, quotes, backslashes, $, ;, %,
// unicode, tabs, newlines) and what systemd reads specially.
var pieces = []string{
	"", "a", "Z9", " ", "  ", "b c", `"`, `'`, `\`, `\\`, `\;`, ";", "$", "$HOME", "${HOME}", "$$", "${", "}",
	"%", "%%", "%n", "%h", "%i", "%-", "\t", "\n", "\r", "\r\n", "\x01", "\x1b", "\x7f", "é", "日本", "\U0001F4A9",
	"\u0085", "\u2028", "#", "=", "-", "@", ":", "+", "!", "/", "//", ".", "..", "x=y", "\\x41", "\\n", "'a b'",
	`"a b"`, "[Service]", "\nUser=root", "\n[Install]\nWantedBy=x", "\\\n", "~", "*",
}

// homePieces are pieces that start with the home directory, or look as if.
func homePieces(home string) []string {
	return []string{home, home + "/", home + "/x y", home + "x", home + "/$X", home + "/%n", home + "/a\nb",
		"--conf=" + home + "/f", "-o=" + home, "--x=" + home + "y", "x=" + home, "~/x"}
}

func randomArg(r *rand.Rand, home string) string {
	if r.IntN(6) == 0 {
		hp := homePieces(home)
		return hp[r.IntN(len(hp))] + randomPlain(r, 2)
	}
	return randomPlain(r, 5)
}

func randomPlain(r *rand.Rand, n int) string {
	var b strings.Builder
	for n = r.IntN(n + 1); n > 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// argv0s are commands: resolvable names, absolute paths, paths under the
// home directory. With verify set, only commands the systemd-analyze test
// can make exist: system binaries and paths under its home.
func argv0s(home string, verify bool) []string {
	a := []string{"true", "echo", "/usr/bin/env", "/bin/echo", home + "/bin/app", home + "/my app/run", home + "/bin/ünï"}
	if !verify {
		a = append(a, "/opt/$x/run", "/p%h", "/usr//bin/env", "/ü/ß", "/a b/c", "/x/%n", home+"/$d/x")
	}
	return a
}

var envNames = []string{"A", "B_2", "PATH", "_x", "LANG"}

// randomCase builds random options for unit i and works out what systemd
// must read from the unit gen makes of them.
func randomCase(r *rand.Rand, i int, home string, verify bool) randCase {
	var c randCase
	o := &c.opts
	o.Name = fmt.Sprintf("r%05d", i)
	o.Home = home
	o.LookPath = fakeLookPath
	a0 := argv0s(home, verify)
	o.ExecStart = []string{a0[r.IntN(len(a0))]}
	for n := r.IntN(6); n > 0; n-- {
		a := randomArg(r, home)
		if tildeAt(a) > 0 {
			c.refuse = "a ~ inside an argument"
		}
		o.ExecStart = append(o.ExecStart, a)
	}
	if !verify && r.IntN(40) == 0 {
		o.ExecStart = append(o.ExecStart, "nul\x00byte")
		c.refuse = "NUL byte"
	}
	c.argv = slices.Clone(o.ExecStart)
	if p, err := fakeLookPath(c.argv[0]); err == nil {
		c.argv[0] = p
	}
	if verify && r.IntN(8) == 0 {
		// A bare name that systemd looks up in its own PATH.
		o.NoResolve = true
		o.ExecStart[0] = "echo"
		c.argv[0] = "echo"
	}

	c.keys = nil
	if r.IntN(2) == 0 {
		o.Description = randomPlain(r, 4)
		d := strings.Trim(o.Description, " \t")
		switch {
		case strings.ContainsFunc(d, func(r rune) bool { return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }):
			c.refuse = "control character"
		case unitfile.CheckValue(d) != nil:
			c.refuse = "Description"
		case d != "":
			c.desc = d
			c.keys = append(c.keys, key{"Unit", "Description"})
		}
	}
	c.keys = append(c.keys, key{"Service", "Type"}, key{"Service", "ExecStart"})
	switch r.IntN(10) {
	case 0:
		o.WorkingDirectory = "~"
		c.wd = "~"
	case 1, 2:
		hp := []string{home, home + "/w d", home + "/%n", "/srv/50%", "/tmp/é", "/a//b/", home + "/x\ny"}
		o.WorkingDirectory = hp[r.IntN(len(hp))]
		if strings.Contains(o.WorkingDirectory, "\n") {
			c.refuse = "WorkingDirectory has a control character"
		}
		c.wd = words.PathSimplify(o.WorkingDirectory)
	}
	if c.wd != "" {
		c.keys = append(c.keys, key{"Service", "WorkingDirectory"})
	}
	for n := r.IntN(4); n > 0; n-- {
		v := EnvVar{envNames[r.IntN(len(envNames))], randomPlain(r, 4)}
		at := tildeAt(v.Value)
		if !words.EnvValueIsValid(v.Value) || varAt(v.Value) != "" || at >= 0 && strings.HasPrefix(v.Value[at:], "~/") {
			c.refuse = "Environment"
		}
		o.Environment = append(o.Environment, v)
		c.env = append(c.env, v)
		c.keys = append(c.keys, key{"Service", "Environment"})
	}
	o.Type = []ServiceType{TypeDefault, TypeSimple, TypeExec, TypeNotify, TypeOneshot}[r.IntN(5)]
	o.Restart = RestartPolicy(r.IntN(int(RestartAlways) + 1))
	newer := r.IntN(2) == 0
	if newer {
		o.Systemd = catalog.V(252)
	}
	switch {
	case o.Type == TypeOneshot && (o.Restart == RestartAlways || o.Restart == RestartOnSuccess):
		c.refuse = "oneshot"
	case o.Type == TypeOneshot && o.Restart != RestartDefault && o.Restart != RestartNo && !newer:
		c.refuse = "oneshot Restart= before 244"
	case o.Type == TypeExec && !newer:
		c.refuse = "Type=exec before 240"
	}
	restarts := o.Restart != RestartNo && (o.Restart != RestartDefault || o.Type != TypeOneshot)
	if o.Restart != RestartDefault || o.Type != TypeOneshot {
		c.keys = append(c.keys, key{"Service", "Restart"})
	}
	if restarts {
		c.keys = append(c.keys, key{"Service", "RestartSec"})
	}
	c.keys = append(c.keys, key{"Service", "MemoryMax"}, key{"Install", "WantedBy"})
	return c
}

// userEnv is the specifier environment of a user manager of systemd 252
// whose user has this home, for unit name.
func userEnv(name, home string) (specifier.Env, words.SpecifierFunc) {
	acct := specifier.Account{Name: "alice", UID: 1000, Group: "alice", GID: 1000, Home: home, Shell: "/bin/sh"}
	env := specifier.NewEnv(specifier.User, 252, name, acct, func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	})
	env.Hostname, env.MachineID = "host", "0123456789abcdef0123456789abcdef"
	set := specifier.UnitFile.Set(252)
	return env, func(c byte) (string, bool) {
		v, err := env.Value(c, set)
		return v, err == nil
	}
}

// checkCase runs Service on c and checks the unit against c, reading it as
// systemd does: unitfile.Parse for the file, words.ParseExec and
// specifier expansion for ExecStart, then the run-time "$" expansion.
func checkCase(t *testing.T, c randCase) *unitfile.File {
	t.Helper()
	f, err := Service(c.opts)
	if c.refuse != "" {
		if err == nil {
			t.Errorf("Service(%#v) succeeded, want a refusal (%s):\n%s", c.opts, c.refuse, f.Bytes())
		} else if errors.Is(err, ErrInternal) {
			t.Errorf("Service(%#v): %v", c.opts, err)
		}
		return nil
	}
	if err != nil {
		t.Errorf("Service(%#v): %v", c.opts, err)
		return nil
	}
	name := c.opts.Name + ".service"
	pf, err := unitfile.Parse(name, f.Bytes())
	if err != nil || len(pf.Diagnostics) != 0 {
		t.Errorf("%s: parse: %v %v\n%s", name, err, pf.Diagnostics, f.Bytes())
		return nil
	}
	var keys []key
	for s, e := range pf.Entries() {
		keys = append(keys, key{s.Name(), e.Key()})
	}
	if diff := cmp.Diff(c.keys, keys); diff != "" {
		t.Errorf("%s: keys differ (-want +got):\n%s\n%s", name, diff, f.Bytes())
	}
	env, spec := userEnv(name, c.opts.Home)
	set := specifier.UnitFile.Set(252)

	ex := pf.Lookup("Service", "ExecStart")
	x := words.ParseExec(ex.Value(), words.Options{Specifier: spec})
	if len(x.Diagnostics) != 0 || len(x.Commands) != 1 {
		t.Errorf("%s: ExecStart=%s: %d commands, %v", name, ex.Value(), len(x.Commands), x.Diagnostics)
		return nil
	}
	if got := words.ExpandArgv(x.Commands[0].Argv, nil); !slices.Equal(got, c.argv) {
		t.Errorf("%s: ExecStart=%s runs %q, want %q", name, ex.Value(), got, c.argv)
	}
	if p := x.Commands[0].Path; p != words.PathSimplify(c.argv[0]) {
		t.Errorf("%s: ExecStart=%s runs path %q, want %q", name, ex.Value(), p, c.argv[0])
	}

	if c.desc != "" {
		v := pf.Lookup("Unit", "Description").Value()
		if got, err := env.Expand(v, set, specifier.MaxLine); err != nil || got != c.desc {
			t.Errorf("%s: Description=%s reads as %q (%v), want %q", name, v, got, err, c.desc)
		}
	}
	if c.wd != "" {
		v := pf.Lookup("Service", "WorkingDirectory").Value()
		got := v
		if v != "~" {
			got, err = env.Expand(v, set, specifier.MaxPath)
		}
		if err != nil || got != c.wd {
			t.Errorf("%s: WorkingDirectory=%s reads as %q (%v), want %q", name, v, got, err, c.wd)
		}
	}
	var gotEnv []EnvVar
	for s, e := range pf.Entries() {
		if s.Name() == "Service" && e.Key() == "Environment" {
			pe := words.ParseEnvironment(e.Value(), words.Options{Specifier: spec})
			if len(pe.Diagnostics) != 0 {
				t.Errorf("%s: Environment=%s: %v", name, e.Value(), pe.Diagnostics)
			}
			for _, a := range pe.Assignments {
				gotEnv = append(gotEnv, EnvVar{a.Name, a.Value})
			}
		}
	}
	if diff := cmp.Diff(c.env, gotEnv); diff != "" {
		t.Errorf("%s: environment differs (-want +got):\n%s", name, diff)
	}
	return f
}

// propertyCases is how many random units the property test checks.
const propertyCases = 20000

// TestServiceProperty: for random argv (and descriptions, environments,
// working directories), the unit gen writes reads back, as systemd reads
// it, as exactly what was asked for, with nothing but the intended keys;
// and gen refuses exactly the options systemd cannot be given.
func TestServiceProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 252))
	made, refused, homeArgs := 0, 0, 0
	for i := range propertyCases {
		c := randomCase(r, i, testHome, false)
		if f := checkCase(t, c); f != nil {
			made++
			if v := f.Lookup("Service", "ExecStart").Value(); strings.Contains(strings.ReplaceAll(v, "%%", ""), "%h") {
				homeArgs++
			}
		} else if c.refuse != "" {
			refused++
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("%d random units: %d generated and read back exactly (%d with %%h in ExecStart), %d refused as they must be",
		propertyCases, made, homeArgs, refused)
	if made < propertyCases/3 || refused < propertyCases/20 || homeArgs < propertyCases/20 {
		t.Errorf("the generator is off: %d made, %d refused, %d with %%h", made, refused, homeArgs)
	}
}

// TestHomeSpecifier pins the %h design: systemd expands specifiers in each
// word after unquoting, so %h is written outside the quotes and works in
// any word, while a literal "%h" is written "%%h".
func TestHomeSpecifier(t *testing.T) {
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{testHome + "/bin/app"}, "%h/bin/app"},
		{[]string{testHome + "/my app/run", "x"}, `%h"/my app/run" x`},
		{[]string{"/bin/echo", testHome}, "/bin/echo %h"},
		{[]string{"/bin/echo", testHome + "/"}, "/bin/echo %h/"},
		{[]string{"/bin/echo", testHome + "/a b"}, `/bin/echo %h"/a b"`},
		{[]string{"/bin/echo", testHome + "/%h"}, "/bin/echo %h/%%h"},
		{[]string{"/bin/echo", testHome + "/$X"}, "/bin/echo %h/$$X"},
		{[]string{"/bin/echo", testHome + "/a\nb"}, `/bin/echo %h"/a\nb"`},
		{[]string{"/bin/echo", "--conf=" + testHome + "/c"}, "/bin/echo --conf=%h/c"},
		{[]string{"/bin/echo", "--conf=" + testHome}, "/bin/echo --conf=%h"},
		{[]string{"/bin/echo", "--a b=" + testHome}, `/bin/echo "--a b="%h`},
		{[]string{"/bin/echo", "x=" + testHome}, "/bin/echo x=" + testHome}, // not an option: left alone
		{[]string{"/bin/echo", testHome + "x"}, "/bin/echo " + testHome + "x"},
		{[]string{"/bin/echo", "%h"}, "/bin/echo %%h"},
		{[]string{testHome + "/$d/x"}, "@" + testHome + "/$d/x " + testHome + "/$$d/x"}, // "@": no %h in the path
	}
	for _, tc := range tests {
		got, err := execValue(tc.argv, testHome)
		if err != nil {
			t.Errorf("execValue(%q): %v", tc.argv, err)
			continue
		}
		if got != tc.want {
			t.Errorf("execValue(%q) = %s, want %s", tc.argv, got, tc.want)
		}
		if err := checkExec(got, tc.argv, testHome); err != nil {
			t.Error(err)
		}
	}
	// A home that %h cannot stand for is written out.
	for _, home := range []string{"", "/", "relative", "/home/a$b", "/home/a%b", "/home/x/", "/home/../x", "/home/it's"} {
		if usableHome(home) {
			t.Errorf("usableHome(%q) = true", home)
		}
		argv := []string{"/bin/echo", home + "/f"}
		got, err := execValue(argv, home)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ReplaceAll(got, "%%", ""), "%h") {
			t.Errorf("execValue(%q, home %q) = %s uses %%h", argv, home, got)
		}
	}
}

// TestPathValue pins WorkingDirectory= and EnvironmentFile= writing.
func TestPathValue(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{testHome, "%h", ""},
		{testHome + "/web content", "%h/web content", ""},
		{testHome + "//a/", "%h/a", ""},
		{"/srv/50%", "/srv/50%%", ""},
		{"/srv/%h", "/srv/%%h", ""},
		{testHome + "x/y", testHome + "x/y", ""},
		{"/tmp/é", "/tmp/é", ""},
		{"rel", "", "not an absolute path"},
		{"/a/./b", "", `"." or ".." component`},
		{"/a\tb", "", "control character"},
		{"/a\u0085b", "", "control character"},
		{"/a\xffb", "", "not valid UTF-8"},
		{"/a\\", "", "WorkingDirectory"},
		{"/a ", "", "WorkingDirectory"},
		{"/" + strings.Repeat("a", 300), "", "too long"},
	}
	for _, tc := range tests {
		got, err := pathValue("WorkingDirectory", tc.in, testHome)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("pathValue(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("pathValue(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestControlChar(t *testing.T) {
	for s, want := range map[string]int{"abc": -1, "a\tb": 1, "é\x7f": 2, "x\u0085": 1, "\u2028": -1, "日本\x00": 6} {
		if got := controlChar(s); got != want {
			t.Errorf("controlChar(%q) = %d, want %d", s, got, want)
		}
	}
	if !utf8.ValidString("\u2028") {
		t.Fatal("bad test")
	}
}
