package install

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeRunner answers programs from a table keyed by the joined argv and
// records the calls.
type fakeRunner struct {
	answers map[string]fakeAnswer
	calls   []string
}

type fakeAnswer struct {
	out, stderr string
	code        int
}

func (f *fakeRunner) run(_ context.Context, argv []string, env []string) ([]byte, error) {
	key := strings.Join(argv, " ")
	f.calls = append(f.calls, strings.TrimSpace(strings.Join(env, " ")+" "+key))
	a, ok := f.answers[key]
	if !ok {
		return nil, nil
	}
	if a.code != 0 {
		return []byte(a.out), &RunError{Argv: argv, Code: a.code, Stderr: a.stderr, Err: errors.New("exit status")}
	}
	return []byte(a.out), nil
}

// sysTree makes a fake machine root with the user's runtime directory
// holding the named sockets (plain files: Transport only looks).
func sysTree(t *testing.T, uid string, sockets ...string) string {
	t.Helper()
	root := t.TempDir()
	rt := filepath.Join(root, "run", "user", uid)
	for _, s := range sockets {
		os.MkdirAll(filepath.Dir(filepath.Join(rt, s)), 0o755)
		os.WriteFile(filepath.Join(rt, s), nil, 0o644)
	}
	return root
}

func TestTransport(t *testing.T) {
	iman := Account{Name: "iman", UID: 1000, GID: 1000, Home: "/home/iman"}
	tests := []struct {
		name    string
		self    bool
		version string
		sockets []string
		want    Transport
		argv    string
	}{
		{"self, manager running", true, "systemd 252 (252.39)", []string{"systemd/private"}, Direct, "XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload"},
		{"self, no manager", true, "systemd 252", nil, Unreachable, ""},
		{"other, 252 with user bus", false, "systemd 252 (252.39-1~deb12u2)", []string{"systemd/private", "bus"}, Machine, "systemctl --user --machine iman@ daemon-reload"},
		{"other, 248 is the first with USER@", false, "systemd 248", []string{"systemd/private", "bus"}, Machine, "systemctl --user --machine iman@ daemon-reload"},
		{"other, 247 has no USER@", false, "systemd 247 (247.3)", []string{"systemd/private", "bus"}, Runuser, "runuser -u iman -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload"},
		{"other, no user D-Bus", false, "systemd 252", []string{"systemd/private"}, Runuser, "runuser -u iman -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload"},
		{"other, no manager", false, "systemd 252", nil, Unreachable, ""},
		{"other, no systemctl", false, "", []string{"systemd/private", "bus"}, Runuser, "runuser -u iman -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeRunner{answers: map[string]fakeAnswer{}}
			if tc.version != "" {
				f.answers["systemctl --version"] = fakeAnswer{out: tc.version + "\n+PAM +AUDIT\n"}
			} else {
				f.answers["systemctl --version"] = fakeAnswer{code: -1, stderr: "not found"}
			}
			s := &Systemd{Run: f.run, User: iman, Self: tc.self, SysRoot: sysTree(t, "1000", tc.sockets...)}
			if got := s.Transport(context.Background()); got != tc.want {
				t.Fatalf("Transport = %v, want %v", got, tc.want)
			}
			argv, _, err := s.UserCtl(context.Background(), "daemon-reload")
			if tc.want == Unreachable {
				if !errors.Is(err, ErrUnreachable) {
					t.Errorf("UserCtl err = %v, want ErrUnreachable", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_ = argv
			if last := f.calls[len(f.calls)-1]; last != tc.argv {
				t.Errorf("ran %q, want %q", last, tc.argv)
			}
		})
	}
}

// TestMachineFallsBackToRunuser: --machine needs the user's D-Bus through
// a PAM session; when it cannot connect but the manager's socket is
// there, runuser does it.
func TestMachineFallsBackToRunuser(t *testing.T) {
	f := &fakeRunner{answers: map[string]fakeAnswer{
		"systemctl --version":                            {out: "systemd 252\n"},
		"systemctl --user --machine iman@ daemon-reload": {code: 1, stderr: "Failed to connect to bus: Transport endpoint is not connected\n"},
	}}
	s := &Systemd{Run: f.run, User: Account{Name: "iman", UID: 1000}, SysRoot: sysTree(t, "1000", "systemd/private", "bus")}
	if _, _, err := s.UserCtl(context.Background(), "daemon-reload"); err != nil {
		t.Fatal(err)
	}
	want := []string{"systemctl --version", "systemctl --user --machine iman@ daemon-reload",
		"runuser -u iman -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload"}
	if diff := cmp.Diff(want, f.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestLingerState(t *testing.T) {
	tests := []struct {
		name      string
		answer    fakeAnswer
		file      bool
		want      LingerState
		enabled   bool
		agree     bool
		lingerArg string
	}{
		{"on", fakeAnswer{out: "yes\n"}, true, LingerState{Logind: "yes", File: true}, true, true, ""},
		{"off", fakeAnswer{out: "no\n"}, false, LingerState{Logind: "no"}, false, true, ""},
		{"untracked user, no file", fakeAnswer{code: 1, stderr: "Failed to get user: User ID 1000 is not logged in or lingering\n"}, false,
			LingerState{Logind: "unknown", LogindSays: "Failed to get user: User ID 1000 is not logged in or lingering"}, false, true, ""},
		{"file made behind logind's back", fakeAnswer{code: 1, stderr: "Failed to get user: User ID 1000 is not logged in or lingering\n"}, true,
			LingerState{Logind: "unknown", LogindSays: "Failed to get user: User ID 1000 is not logged in or lingering", File: true}, true, false, ""},
		{"odd answer", fakeAnswer{out: "maybe\n"}, false, LingerState{Logind: "unknown", LogindSays: `loginctl answered "maybe"`}, false, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if tc.file {
				os.MkdirAll(filepath.Join(root, "var/lib/systemd/linger"), 0o755)
				os.WriteFile(filepath.Join(root, "var/lib/systemd/linger/iman"), nil, 0o644)
			}
			f := &fakeRunner{answers: map[string]fakeAnswer{"loginctl show-user iman --property=Linger --value": tc.answer}}
			s := &Systemd{Run: f.run, User: Account{Name: "iman", UID: 1000}, SysRoot: root}
			got := s.Linger(context.Background())
			tc.want.User, tc.want.Path = "iman", "/var/lib/systemd/linger/iman"
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
			if got.Enabled() != tc.enabled || got.Agree() != tc.agree {
				t.Errorf("Enabled=%v Agree=%v, want %v %v", got.Enabled(), got.Agree(), tc.enabled, tc.agree)
			}
		})
	}
}

func TestSetLingerErrors(t *testing.T) {
	tests := []struct {
		stderr string
		want   error
		text   string
	}{
		{"Could not enable linger: Access denied\n", ErrDenied, "run sudo usvc linger enable iman"},
		{"Could not enable linger: Interactive authentication required.\n", ErrDenied, "without polkitd only root may"},
		{"Failed to look up user iman: No such process\n", ErrNoUser, "no such user"},
		{"Failed to connect to bus: No such file or directory\n", nil, "set linger in the image with --root"},
	}
	for _, tc := range tests {
		f := &fakeRunner{answers: map[string]fakeAnswer{"loginctl --no-ask-password enable-linger iman": {code: 1, stderr: tc.stderr}}}
		s := &Systemd{Run: f.run, User: Account{Name: "iman", UID: 1000}}
		_, err := s.SetLinger(context.Background(), true)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("stderr %q: err = %v, want %v containing %q", tc.stderr, err, tc.want, tc.text)
		}
	}
}

func TestJournalArgv(t *testing.T) {
	f := &fakeRunner{}
	self := &Systemd{Run: f.run, User: Account{Name: "iman", UID: 1000}, Self: true}
	other := &Systemd{Run: f.run, User: Account{Name: "iman", UID: 1000}}
	self.Journal(context.Background(), "web.service", 10)
	other.Journal(context.Background(), "web.service", 5)
	want := []string{
		"journalctl --no-pager -n 10 --user-unit=web.service",
		"journalctl --no-pager -n 5 _SYSTEMD_USER_UNIT=web.service _UID=1000 + USER_UNIT=web.service _UID=1000",
	}
	if diff := cmp.Diff(want, f.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// TestDialUnix dials a real socket: one that listens answers, a socket
// file nobody listens on is refused, a missing one does not exist.
func TestDialUnix(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipped: unix sockets")
	}
	dir, err := os.MkdirTemp("", "usvc-sock") // short: sun_path is 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	live := filepath.Join(dir, "live")
	l, err := net.Listen("unix", live)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	stale := filepath.Join(dir, "stale")
	l2, err := net.Listen("unix", stale)
	if err != nil {
		t.Fatal(err)
	}
	l2.(*net.UnixListener).SetUnlinkOnClose(false)
	l2.Close()
	if err := DialUnix(live); err != nil {
		t.Errorf("listening socket: %v", err)
	}
	if err := DialUnix(stale); err == nil || !strings.Contains(unwrapNet(err).Error(), "connection refused") {
		t.Errorf("stale socket: %v, want connection refused", err)
	}
	if err := DialUnix(filepath.Join(dir, "none")); err == nil || !strings.Contains(unwrapNet(err).Error(), "no such file") {
		t.Errorf("missing socket: %v", err)
	}
}
