package lint

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile"
)

func TestIsRedirection(t *testing.T) {
	for _, c := range []struct {
		word string
		want bool
	}{
		{">", true}, {">>", true}, {"2>", true}, {"2>&1", true}, {">&2", true},
		{"&>", true}, {"&>/dev/null", true}, {">/tmp/x", true}, {"<", true},
		{"<in.txt", true}, {"10>x", true},
		{"<placeholder>", false}, {"2", false}, {"", false}, {"a>b", false},
		{"--level=>3", false}, {"-", false}, {"&", false},
	} {
		if got := isRedirection(c.word); got != c.want {
			t.Errorf("isRedirection(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func TestSubstitution(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want int
	}{
		{"$(date)", 0}, {"--at=$(date", 5}, {"`hostname`", 0}, {`"$(date)"`, 1},
		{`'$(date)'`, -1}, {`'print ` + "`ls`" + `'`, -1}, {`\$(date)`, -1},
		{"$HOME", -1}, {"${HOME}", -1}, {"plain", -1}, {"$", -1},
	} {
		if got := substitution(c.raw); got != c.want {
			t.Errorf("substitution(%q) = %d, want %d", c.raw, got, c.want)
		}
	}
}

func TestVarAt(t *testing.T) {
	type res struct {
		Name string
		End  int
	}
	for _, c := range []struct {
		text string
		want res
	}{
		{"$HOME/bin", res{"HOME", 5}},
		{"${XDG_CONFIG_HOME}/app", res{"XDG_CONFIG_HOME", 18}},
		{"${lower_ok}", res{"lower_ok", 11}},
		{"$PATH", res{"PATH", 5}},
		{"$A", res{}},      // one letter: not how variables are named
		{"$5", res{}},      // positional, not a variable
		{"$Path", res{}},   // mixed case
		{"$HOMEx", res{}},  // lower case after: a different name
		{"${1BAD}", res{}}, // not a valid name
		{"${OPEN", res{}},  // not closed
		{"$", res{}},
		{"$PATH2", res{"PATH2", 6}},
	} {
		name, end := varAt(c.text, 0)
		if name == "" {
			end = 0
		}
		if diff := cmp.Diff(c.want, res{name, end}); diff != "" {
			t.Errorf("varAt(%q) mismatch (-want +got):\n%s", c.text, diff)
		}
	}
}

func TestListenPort(t *testing.T) {
	type res struct {
		Port int
		OK   bool
	}
	for _, c := range []struct {
		v    string
		want res
	}{
		{"80", res{80, true}}, {"0.0.0.0:8080", res{8080, true}}, {"[::]:443", res{443, true}},
		{"127.0.0.1:22", res{22, true}}, {"/run/app.sock", res{}}, {"@abstract", res{}},
		{"vsock:2:1234", res{}}, {"%t/app.sock", res{}}, {"", res{}},
	} {
		p, ok := listenPort(c.v)
		if !ok {
			p = 0
		}
		if diff := cmp.Diff(c.want, res{p, ok}); diff != "" {
			t.Errorf("listenPort(%q) mismatch (-want +got):\n%s", c.v, diff)
		}
	}
}

func TestMayHaveShellSyntax(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"/usr/bin/app --serve", false},
		{"/usr/bin/app --opt=value", false},
		{"/usr/bin/app > log", true},
		{"/usr/bin/a | b", true},
		{"cd /srv", true},
		{"-cd /srv", true},
		{"FOO=bar /usr/bin/app", true},
		{"/usr/bin/app ~/x", true},
		{"/usr/bin/app $(date)", true},
		{"/usr/bin/app $HOME", false},
	} {
		if got := mayHaveShellSyntax(c.v); got != c.want {
			t.Errorf("mayHaveShellSyntax(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

// fakeUnits is a search path that knows one unit, with drop-ins.
type fakeUnits struct{ unit *Unit }

func (u fakeUnits) Exists(name string) Answer {
	if name == u.unit.Name {
		return Yes
	}
	return No
}

func (u fakeUnits) Effective(name string) (*Unit, bool) {
	if name == u.unit.Name {
		return u.unit, true
	}
	return nil, false
}

// TestInstalledDropIn checks what the service rules make of a drop-in
// that only the search path knows: multiple-execstart names it on the
// unit file, and when the drop-in is linted too, the finding is
// drop-in-execstart's, on the drop-in.
func TestInstalledDropIn(t *testing.T) {
	unitSrc := []byte("[Service]\nExecStart=/usr/bin/app\n")
	dropSrc := []byte("[Service]\nExecStart=/usr/bin/app --verbose\n")
	drop, err := unitfile.Parse("/home/u/.config/systemd/user/app.service.d/override.conf", dropSrc)
	if err != nil {
		t.Fatal(err)
	}
	frag, err := unitfile.Parse("/home/u/.config/systemd/user/app.service", unitSrc)
	if err != nil {
		t.Fatal(err)
	}
	units := fakeUnits{&Unit{Name: "app.service", File: frag, DropIns: []*unitfile.File{drop}}}
	settings := func() *Settings {
		s := Only(serviceVerifyRules...)
		s.Units = units
		return s
	}
	got := func(res []*Result) []string {
		var out []string
		for _, r := range res {
			for _, d := range r.Diagnostics {
				out = append(out, d.String())
			}
		}
		return out
	}

	alone := Lint([]*Input{{Path: "app.service", Src: unitSrc, Settings: settings()}})
	want := []string{
		`app.service:2:1: error: the installed drop-in /home/u/.config/systemd/user/app.service.d/override.conf adds ExecStart= commands to this one without clearing it first, so systemd refuses to load app.service; put an empty "ExecStart=" line above the drop-in's ExecStart= [multiple-execstart]`,
	}
	if diff := cmp.Diff(want, got(alone)); diff != "" {
		t.Errorf("unit file alone (-want +got):\n%s", diff)
	}

	both := Lint([]*Input{
		{Path: "app.service", Src: unitSrc, Settings: settings()},
		{Path: "app.service.d/override.conf", Src: dropSrc, Settings: settings()},
	})
	want = []string{
		`app.service.d/override.conf:2:1: error: this ExecStart= adds a second command to app.service (its first is in app.service), so systemd refuses to load it; put an empty "ExecStart=" line above to replace the command [drop-in-execstart]`,
	}
	if diff := cmp.Diff(want, got(both)); diff != "" {
		t.Errorf("unit file and drop-in (-want +got):\n%s", diff)
	}

	// A drop-in of the search path that clears the command first is fine.
	reset, err := unitfile.Parse("/home/u/.config/systemd/user/app.service.d/override.conf", []byte("[Service]\nExecStart=\nExecStart=/usr/bin/app --verbose\n"))
	if err != nil {
		t.Fatal(err)
	}
	units.unit.DropIns = []*unitfile.File{reset}
	if g := got(Lint([]*Input{{Path: "app.service", Src: unitSrc, Settings: settings()}})); len(g) != 0 {
		t.Errorf("a drop-in that resets ExecStart= gives findings: %q", g)
	}
}
