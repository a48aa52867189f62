package install

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolve(t *testing.T) {
	img := t.TempDir()
	os.MkdirAll(filepath.Join(img, "etc"), 0o755)
	os.WriteFile(filepath.Join(img, "etc", "passwd"), []byte("root:x:0:0:root:/root:/bin/bash\niman:x:1000:1001::/var/home/iman:/bin/sh\n"), 0o644)
	os.WriteFile(filepath.Join(img, "etc", "group"), []byte("root:x:0:\nstaff:x:1001:iman\n"), 0o644)
	me := Account{Name: "me", UID: 1500, GID: 1500, Home: "/home/me-from-passwd"}
	accounts := map[string]Account{
		"me":   me,
		"iman": {Name: "iman", UID: 1000, GID: 1000, Home: "/home/iman"},
	}
	who := func(root, name string, euid int, env map[string]string) Who {
		return Who{
			Root: root, UserName: name, EUID: euid,
			Getenv:  func(k string) string { return env[k] },
			Current: func() (Account, error) { return me, nil },
			Lookup: func(n string) (Account, error) {
				if a, ok := accounts[n]; ok {
					return a, nil
				}
				return Account{}, ErrNoUser
			},
		}
	}
	tests := []struct {
		name     string
		w        Who
		want     Target
		wantSelf bool
		wantErr  error
	}{
		{"caller with HOME and XDG_CONFIG_HOME", who("", "", 1500, map[string]string{"HOME": "/h/me", "XDG_CONFIG_HOME": "/cfg"}),
			Target{User: Account{Name: "me", UID: 1500, GID: 1500, Home: "/h/me"}, ConfigHome: "/cfg"}, true, nil},
		{"relative XDG_CONFIG_HOME is ignored", who("", "", 1500, map[string]string{"HOME": "/h/me", "XDG_CONFIG_HOME": "cfg"}),
			Target{User: Account{Name: "me", UID: 1500, GID: 1500, Home: "/h/me"}}, true, nil},
		{"unnormalized HOME is ignored", who("", "", 1500, map[string]string{"HOME": "/h/../me"}),
			Target{User: me}, true, nil},
		{"root under sudo acts for SUDO_USER, home from passwd, chown", who("", "", 0, map[string]string{"SUDO_USER": "iman", "HOME": "/root", "XDG_CONFIG_HOME": "/root/.config"}),
			Target{User: accounts["iman"], Chown: true}, false, nil},
		{"SUDO_USER=root is the caller", who("", "", 0, map[string]string{"SUDO_USER": "root", "HOME": "/h/me"}),
			Target{User: Account{Name: "me", UID: 1500, GID: 1500, Home: "/h/me"}}, true, nil},
		{"--user-name as root", who("", "iman", 0, nil), Target{User: accounts["iman"], Chown: true}, false, nil},
		{"--user-name naming oneself is the caller", who("", "me", 1500, map[string]string{"HOME": "/h/me"}),
			Target{User: Account{Name: "me", UID: 1500, GID: 1500, Home: "/h/me"}}, true, nil},
		{"--user-name without root", who("", "iman", 1500, nil), Target{}, false, ErrNotRoot},
		{"--user-name unknown", who("", "nosuch", 0, nil), Target{}, false, ErrNoUser},
		{"image: home and ids from its passwd, group from its group", who(img, "iman", 1500, map[string]string{"XDG_CONFIG_HOME": "/cfg"}),
			Target{Root: img, User: Account{Name: "iman", UID: 1000, GID: 1001, Group: "staff", Home: "/var/home/iman"}}, false, nil},
		{"image as root: chown to the image's ids", who(img, "iman", 0, nil),
			Target{Root: img, User: Account{Name: "iman", UID: 1000, GID: 1001, Group: "staff", Home: "/var/home/iman"}, Chown: true}, false, nil},
		{"image: unknown user gets /home/NAME, no chown", who(img, "joe", 0, nil),
			Target{Root: img, User: Account{Name: "joe", UID: -1, GID: -1, Home: "/home/joe"}}, false, nil},
		{"image: no --user-name is the caller's name", who(img, "", 1500, nil),
			Target{Root: img, User: Account{Name: "me", UID: -1, GID: -1, Home: "/home/me"}}, true, nil},
		{"image: SUDO_USER", who(img, "", 0, map[string]string{"SUDO_USER": "iman"}),
			Target{Root: img, User: Account{Name: "iman", UID: 1000, GID: 1001, Group: "staff", Home: "/var/home/iman"}, Chown: true}, false, nil},
		{"image: a name that cannot be a file name", who(img, "../x", 0, nil), Target{}, false, errors.New("not a user name")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, self, err := Resolve(tc.w)
			if tc.wantErr != nil {
				if err == nil || !(errors.Is(err, tc.wantErr) || strings.Contains(err.Error(), tc.wantErr.Error())) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("target (-want +got):\n%s", diff)
			}
			if self != tc.wantSelf {
				t.Errorf("self = %v, want %v", self, tc.wantSelf)
			}
		})
	}
}

func TestUnitDirAndSearchPath(t *testing.T) {
	tg := &Target{User: Account{Home: "/home/iman"}}
	if got := tg.UnitDir(); got != "/home/iman/.config/systemd/user" {
		t.Errorf("UnitDir = %s", got)
	}
	tg.ConfigHome = "/cfg"
	if got := tg.UnitDir(); got != "/cfg/systemd/user" {
		t.Errorf("UnitDir with XDG_CONFIG_HOME = %s", got)
	}
	want := []string{"/cfg/systemd/user.control", "/cfg/systemd/user", "/etc/xdg/systemd/user", "/etc/systemd/user",
		"/home/iman/.local/share/systemd/user", "/usr/local/share/systemd/user", "/usr/share/systemd/user",
		"/usr/local/lib/systemd/user", "/usr/lib/systemd/user"}
	if diff := cmp.Diff(want, tg.SearchPath()); diff != "" {
		t.Errorf("SearchPath (-want +got):\n%s", diff)
	}
	for _, r := range []string{"", "/", string(filepath.Separator)} {
		if (&Target{Root: r}).Offline() {
			t.Errorf("Root %q is offline, want the live system (systemctl --root=/ is no root)", r)
		}
	}
}

// TestHostStaysInRoot resolves paths through symlinks in an image: the
// result never leaves the root.
func TestHostStaysInRoot(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipped: symlinks need privileges on Windows")
	}
	root := t.TempDir()
	mk := func(p string) { os.MkdirAll(filepath.Join(root, p), 0o755) }
	ln := func(target, p string) { os.Symlink(target, filepath.Join(root, p)) }
	mk("home/iman")
	mk("var/home/joe")
	mk("srv")
	ln("../var/home", "home/joe-parent") // relative
	ln("/var/home/joe", "home/joe")      // absolute: inside the image
	ln("../../../../../etc", "srv/up")   // climbs out: stops at the root
	ln("/srv/chain1", "srv/chain0")      // a chain
	ln("chain2", "srv/chain1")           //
	ln("/home/joe", "srv/chain2")        // ... ending in another link
	ln("loop", "srv/loop")               // a loop
	ln("/nonexistent/x", "srv/dangling") // dangling
	tg := &Target{Root: root}
	tests := []struct {
		in         string
		followLast bool
		want       string // inside the root
		err        bool
	}{
		{"/home/iman/.config", true, "/home/iman/.config", false},
		{"/home/joe/.config/systemd", true, "/var/home/joe/.config/systemd", false},
		{"/home/joe-parent/joe", true, "/var/home/joe", false},
		{"/srv/up/passwd", true, "/etc/passwd", false},
		{"/../../etc", true, "/etc", false},
		{"/srv/chain0/x", true, "/var/home/joe/x", false},
		{"/srv/chain0", false, "/srv/chain0", false},
		{"/srv/dangling", true, "/nonexistent/x", false},
		{"/srv/loop/x", true, "", true},
	}
	for _, tc := range tests {
		h, err := tg.host(tc.in, tc.followLast)
		if tc.err {
			if err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
				t.Errorf("host(%q) = %q, %v; want a loop error", tc.in, h, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("host(%q): %v", tc.in, err)
			continue
		}
		if got := tg.inside(h); got != tc.want {
			t.Errorf("host(%q, %v) = %q inside the root, want %q", tc.in, tc.followLast, got, tc.want)
		}
		if !strings.HasPrefix(h, filepath.Clean(root)) {
			t.Errorf("host(%q) = %q: outside the root %q", tc.in, h, root)
		}
	}
}

func TestParsePasswd(t *testing.T) {
	b := []byte("# comment\nbad line\nx:x:nan:1::/h:/bin/sh\nrel:x:5:5::home:/bin/sh\niman:x:1000:100:Iman:/home/iman/:/bin/bash\n")
	a, ok := parsePasswd(b, "iman")
	if !ok || a != (Account{Name: "iman", UID: 1000, GID: 100, Home: "/home/iman"}) {
		t.Errorf("iman = %+v %v", a, ok)
	}
	for _, n := range []string{"x", "rel", "bad line", "nobody"} {
		if _, ok := parsePasswd(b, n); ok {
			t.Errorf("%q found, want refused", n)
		}
	}
}

func TestCheckNames(t *testing.T) {
	for _, n := range []string{"web.service", "t@.service", "t@x.timer", "a-b\\x2dc.socket"} {
		if err := CheckUnitName(n); err != nil {
			t.Errorf("CheckUnitName(%q) = %v", n, err)
		}
	}
	for _, n := range []string{"", "web", "../web.service", "a/b.service", ".service", "web.service~", "web.conf", "x y.service"} {
		if err := CheckUnitName(n); !errors.Is(err, ErrBadName) {
			t.Errorf("CheckUnitName(%q) = %v, want ErrBadName", n, err)
		}
	}
	for _, n := range []string{"override.conf", "10-x.conf"} {
		if err := CheckDropInName(n); err != nil {
			t.Errorf("CheckDropInName(%q) = %v", n, err)
		}
	}
	for _, n := range []string{".conf", ".hidden.conf", "x.txt", "a/b.conf", "..conf"} {
		if err := CheckDropInName(n); !errors.Is(err, ErrBadName) {
			t.Errorf("CheckDropInName(%q) = %v, want ErrBadName", n, err)
		}
	}
}
