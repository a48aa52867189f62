package specifier

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile/unitname"
)

func mapenv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// machine is a fixed set of machine-dependent values.
func machine(e Env) Env {
	e.Hostname = "box.example.org"
	e.MachineID = "3d1219c7c4c5404aaa1f6d2a48adfda4"
	e.BootID = "f08918ff20be43d28567e1b037db53b7"
	e.KernelRelease = "6.1.0-18-amd64"
	e.Architecture = "x86-64"
	e.OS = OSRelease{ID: "debian", VersionID: "12"}
	return e
}

// TestExpandSystem follows the system-manager column of SYNTAX.md §9 for
// web-x@p\x2dq.service.
func TestExpandSystem(t *testing.T) {
	env := machine(NewEnv(System, 252, `web-x@p\x2dq.service`, Account{}, nil))
	env.FragmentPath = "/etc/systemd/system/web-x@.service"
	set := UnitFile.Set(252)
	tests := []struct{ in, want string }{
		{"%n", `web-x@p\x2dq.service`},
		{"%N", `web-x@p\x2dq`},
		{"%p", "web-x"},
		{"%P", "web/x"},
		{"%i", `p\x2dq`},
		{"%I", "p-q"},
		{"%j", "x"},
		{"%J", "x"},
		{"%f", "/p-q"},
		{"%y", "/etc/systemd/system/web-x@.service"},
		{"%Y", "/etc/systemd/system"},
		{"%u %U %g %G", "root 0 root 0"},
		{"%h %s", "/root /bin/bash"},
		{"%t %S %C %L %E", "/run /var/lib /var/cache /var/log /etc"},
		{"%T %V", "/tmp /var/tmp"},
		{"%d", `/run/credentials/web-x@p\x2dq.service`},
		{"%H %l %q", "box.example.org box box"},
		{"%m %b", "3d1219c7c4c5404aaa1f6d2a48adfda4 f08918ff20be43d28567e1b037db53b7"},
		{"%v %a %o %w", "6.1.0-18-amd64 x86-64 debian 12"},
		{"[%W%B%M%A]", "[]"}, // empty os-release fields insert nothing
		{"%%|%-|x%", "%|%-|x%"},
		{"%c%r%R", ""}, // deprecated; nothing known
	}
	for _, tc := range tests {
		got, err := env.Expand(tc.in, set, MaxLine)
		if err != nil || got != tc.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestExpandUser is the user-manager column: v252 puts %S and %L under
// ~/.config.
func TestExpandUser(t *testing.T) {
	acct := Account{Name: "alice", UID: 1000, Group: "staff", GID: 50, Home: "/home/alice", Shell: "/bin/zsh"}
	env := NewEnv(User, 252, "app.service", acct, mapenv(map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}))
	got, err := env.Expand("%u|%U|%g|%G|%h|%s|%t|%S|%C|%L|%E|%d|%T|%V", UnitFile.Set(252), MaxLine)
	want := "alice|1000|staff|50|/home/alice|/bin/zsh|/run/user/1000|/home/alice/.config|/home/alice/.cache|" +
		"/home/alice/.config/log|/home/alice/.config|/run/user/1000/credentials/app.service|/tmp|/var/tmp"
	if err != nil || got != want {
		t.Errorf("user 252:\n got %q, %v\nwant %q", got, err, want)
	}
	env254 := NewEnv(User, 254, "app.service", acct, mapenv(map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}))
	got, _ = env254.Expand("%S|%L|%E", UnitFile.Set(254), MaxLine)
	if want := "/home/alice/.local/state|/home/alice/.local/state/log|/home/alice/.config"; got != want {
		t.Errorf("user 254: %q; want %q", got, want)
	}
}

func TestNewEnv(t *testing.T) {
	acct := Account{Name: "bob", UID: 1001, Group: "bob", GID: 1001, Home: "/home/bob", Shell: "/bin/sh"}
	tests := []struct {
		name string
		m    Manager
		acct Account
		env  map[string]string
		want Env
	}{
		{"pid 1", System, Account{}, nil, Env{
			Manager: System, Unit: "u.service", Home: "/root", Shell: "/bin/bash",
			RuntimeDir: "/run", StateDir: "/var/lib", CacheDir: "/var/cache", LogsDir: "/var/log",
			ConfigDir: "/etc", DataDir: "/usr/share", TmpDir: "/tmp", VarTmpDir: "/var/tmp",
		}},
		{"system, HOME and TMPDIR set", System, Account{}, map[string]string{"HOME": "//home//x/", "SHELL": "/bin/zsh", "TMPDIR": "/scratch"}, Env{
			Manager: System, Unit: "u.service", Home: "/home/x", Shell: "/bin/zsh",
			RuntimeDir: "/run", StateDir: "/var/lib", CacheDir: "/var/cache", LogsDir: "/var/log",
			ConfigDir: "/etc", DataDir: "/usr/share", TmpDir: "/scratch", VarTmpDir: "/scratch",
		}},
		{"user, XDG set", User, acct, map[string]string{
			"XDG_RUNTIME_DIR": "/run/user/1001", "XDG_CONFIG_HOME": "/cfg", "XDG_CACHE_HOME": "/cache",
			"XDG_DATA_HOME": "/data", "XDG_STATE_HOME": "/state", "HOME": "relative", "TMPDIR": "rel", "TEMP": "/a/../b", "TMP": "/t",
		}, Env{
			Manager: User, Unit: "u.service", UserName: "bob", UID: 1001, GroupName: "bob", GID: 1001,
			Home: "/home/bob", Shell: "/bin/sh",
			RuntimeDir: "/run/user/1001", StateDir: "/cfg", CacheDir: "/cache", LogsDir: "/cfg/log",
			ConfigDir: "/cfg", DataDir: "/data", TmpDir: "/t", VarTmpDir: "/t",
		}},
		{"user, relative XDG ignored", User, acct, map[string]string{"XDG_CONFIG_HOME": "cfg", "XDG_RUNTIME_DIR": "run"}, Env{
			Manager: User, Unit: "u.service", UserName: "bob", UID: 1001, GroupName: "bob", GID: 1001,
			Home: "/home/bob", Shell: "/bin/sh",
			StateDir: "/home/bob/.config", CacheDir: "/home/bob/.cache", LogsDir: "/home/bob/.config/log",
			ConfigDir: "/home/bob/.config", DataDir: "/home/bob/.local/share", TmpDir: "/tmp", VarTmpDir: "/var/tmp",
		}},
		{"user with home /", User, Account{Name: "n", UID: 5, Home: "/"}, nil, Env{
			Manager: User, Unit: "u.service", UserName: "n", UID: 5, Home: "/",
			StateDir: "/.config", CacheDir: "/.cache", LogsDir: "/.config/log",
			ConfigDir: "/.config", DataDir: "/.local/share", TmpDir: "/tmp", VarTmpDir: "/var/tmp",
		}},
	}
	for _, tc := range tests {
		got := NewEnv(tc.m, 252, "u.service", tc.acct, mapenv(tc.env))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestExpandNames derives the name specifiers for tricky names, as
// src/core/unit-printf.c does; "!" marks an error.
func TestExpandNames(t *testing.T) {
	const spec = "%n|%N|%p|%P|%i|%I|%j|%J|%f"
	tests := []struct {
		unit string
		want []string // one per specifier of spec
	}{
		{"foo.service", []string{"foo.service", "foo", "foo", "foo", "", "", "foo", "foo", "/foo"}},
		{"a-b-c.service", []string{"a-b-c.service", "a-b-c", "a-b-c", "a/b/c", "", "", "c", "c", "/a/b/c"}},
		// %J of a prefix ending in "-" aborts systemd (ErrAbort)
		{"-.mount", []string{"-.mount", "-", "-", "/", "", "", "", "!", "/"}},
		{"foo-.service", []string{"foo-.service", "foo-", "foo-", "foo/", "", "", "", "!", "!"}},
		{"x@p@q.service", []string{"x@p@q.service", "x@p@q", "x", "x", "p@q", "p@q", "x", "x", "/p@q"}},
		{"a-b@c-d.service", []string{"a-b@c-d.service", "a-b@c-d", "a-b", "a/b", "c-d", "c/d", "b", "b", "/c/d"}},
		{"a@-.service", []string{"a@-.service", "a@-", "a", "a", "-", "/", "a", "a", "/"}},
		{`a@\x2f.service`, []string{`a@\x2f.service`, `a@\x2f`, "a", "a", `\x2f`, "/", "a", "a", "!"}},
		{`a@x\xzz.service`, []string{`a@x\xzz.service`, `a@x\xzz`, "a", "a", `x\xzz`, "!", "a", "a", "!"}},
		{`svc-\x2dx.service`, []string{`svc-\x2dx.service`, `svc-\x2dx`, `svc-\x2dx`, "svc/-x", "", "", `\x2dx`, "-x", "/svc/-x"}},
		{"foo_0123456789abcdef.service", []string{"foo_0123456789abcdef.service", "foo_0123456789abcdef", "foo_0123456789abcdef", "foo_0123456789abcdef", "", "", "foo_0123456789abcdef", "foo_0123456789abcdef", "!"}},
		{`a@b\x00c.service`, []string{`a@b\x00c.service`, `a@b\x00c`, "a", "a", `b\x00c`, "b", "a", "a", "/b"}},
	}
	set := UnitFile.Set(252)
	for _, tc := range tests {
		env := NewEnv(System, 252, tc.unit, Account{}, nil)
		var got []string
		for _, sp := range strings.Split(spec, "|") {
			v, err := env.Expand(sp, set, MaxLine)
			if err != nil {
				v = "!"
			}
			got = append(got, v)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", tc.unit, spec, diff)
		}
	}
}

func TestExpandErrors(t *testing.T) {
	env := NewEnv(System, 252, `a@x\xzz.service`, Account{}, nil)
	set := UnitFile.Set(252)
	tests := []struct {
		in     string
		set    Set
		max    int
		offset int
		letter byte
		err    error
	}{
		{"ok %Z", set, MaxLine, 3, 'Z', ErrInvalidSlot},
		{"%D", set, MaxLine, 0, 'D', ErrInvalidSlot}, // only from v256
		{"%I", set, MaxLine, 0, 'I', unitname.ErrInvalid},
		{"ab%y", set, MaxLine, 2, 'y', ErrNoFragment},
		{"%Y", set, MaxLine, 0, 'Y', ErrNoFragment},
		{"x-%I.service", UnitName.Set(252), MaxName, 2, 'I', ErrInvalidSlot},
		// the first error in the text wins: too long before the bad slot
		{"abcd%Z", set, 3, 3, 0, ErrTooLong},
		{"ab%nZ", set, 5, 2, 'n', nil}, // %n makes it too long at its "%"
	}
	for _, tc := range tests {
		_, err := env.Expand(tc.in, tc.set, tc.max)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Expand(%q) error = %v; want *Error", tc.in, err)
			continue
		}
		want := tc.err
		if want == nil {
			want = ErrTooLong
			tc.letter = 0
		}
		if e.Offset != tc.offset || e.Letter != tc.letter || !errors.Is(err, want) {
			t.Errorf("Expand(%q) error = %v (offset %d, letter %q); want %v at %d, %q", tc.in, err, e.Offset, e.Letter, want, tc.offset, tc.letter)
		}
	}
	abort := NewEnv(User, 252, "app-@x.service", Account{}, nil)
	if _, err := abort.Expand("[%j]%J", set, MaxLine); !errors.Is(err, ErrAbort) {
		t.Errorf("%%J of app-@x.service: error = %v; want ErrAbort", err)
	}
	if got, err := abort.Expand("[%j]", set, MaxLine); got != "[]" || err != nil {
		t.Errorf("%%j of app-@x.service = %q, %v; want []", got, err)
	}
	// exactly max bytes is fine
	if got, err := env.Expand("abc", set, 3); got != "abc" || err != nil {
		t.Errorf("Expand at the limit = %q, %v", got, err)
	}
	if _, err := env.Value('Z', set); !errors.Is(err, ErrInvalidSlot) {
		t.Errorf("Value('Z') error = %v", err)
	}
	if v, err := env.Value('p', set); v != "a" || err != nil {
		t.Errorf("Value('p') = %q, %v", v, err)
	}
}

// TestExpandInstall follows src/shared/install-printf.c: in [Install] a
// template takes DefaultInstance= for %i, %n and %N.
func TestExpandInstall(t *testing.T) {
	set := Install.Set(252)
	tests := []struct {
		unit, def, want string
	}{
		{"foo@.service", "inst", "foo@inst.service|foo@inst|foo|inst|foo"},
		{"foo@.service", "", "foo@.service|foo@|foo||foo"},
		{"foo@bar.service", "inst", "foo@bar.service|foo@bar|foo|bar|foo"},
		// DefaultInstance= is ignored for a plain name
		{"a-b-c.service", "inst", "a-b-c.service|a-b-c|a-b-c||c"},
		{"a-b-c.service", "", "a-b-c.service|a-b-c|a-b-c||c"},
		{`x-y@.socket`, "1", "x-y@1.socket|x-y@1|x-y|1|y"},
	}
	for _, tc := range tests {
		env := NewEnv(User, 252, tc.unit, Account{Name: "u"}, nil)
		env.DefaultInstance = tc.def
		got, err := env.Expand("%n|%N|%p|%i|%j", set, MaxName)
		if err != nil || got != tc.want {
			t.Errorf("%s (DefaultInstance=%s) = %q, %v; want %q", tc.unit, tc.def, got, err, tc.want)
		}
	}
	env := NewEnv(User, 252, "foo@.service", Account{}, nil)
	if _, err := env.Expand("%I", set, MaxName); !errors.Is(err, ErrInvalidSlot) {
		t.Errorf("%%I in [Install]: error = %v; want invalid slot", err)
	}
}
