//go:build linux

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBaseline proves the container and this harness without usvc: a real
// login session, linger from logind, a user unit, logout and a reboot,
// with systemd's own tools. When it fails, the machine or the harness is
// broken; when it passes and TestTutorial fails, usvc is.
func TestBaseline(t *testing.T) {
	t.Parallel()
	m := Boot(t, "usvc-baseline")
	for _, u := range []string{"systemd-logind.service", "dbus.service"} {
		m.Check(u+" is active", expectOut(m.Root("systemctl", "is-active", u), "active"))
	}

	r := m.Login(`echo "session=${XDG_SESSION_ID:-none} runtime=$XDG_RUNTIME_DIR"; loginctl enable-linger; systemctl --user is-system-running --wait`)
	m.Check("a real login session (su - via PAM) with XDG_RUNTIME_DIR, and the user may enable their own linger", func() string {
		if r.Code != 0 || !strings.Contains(r.Out, "runtime=/run/user/1000") || strings.Contains(r.Out, "session=none") {
			return r.String()
		}
		return ""
	}())
	m.Eventually("no login session left after logout", 20*time.Second, noSessions(m))
	m.Check("linger is on in logind", expectOut(m.Root("loginctl", "show-user", userName, "-p", "Linger", "--value"), "yes"))

	m.Reboot()
	m.Eventually(fmt.Sprintf("user@%d.service runs after the reboot with nobody logged in", userUID), 30*time.Second,
		unitState(m, fmt.Sprintf("user@%d.service", userUID), "active"))
	m.Check("nobody is logged in", noSessions(m)())
	m.Check("the user manager answers without a session (runuser + XDG_RUNTIME_DIR)",
		expectOut(m.User("systemctl", "--user", "is-system-running", "--wait"), "running"))
	m.Check("runuser opened no session", noSessions(m)())
}

// expectOut returns "" when r succeeded and printed want (trimmed), and
// r's account otherwise.
func expectOut(r Result, want string) string {
	if r.Code == 0 && strings.TrimSpace(r.Out) == want {
		return ""
	}
	return fmt.Sprintf("want output %q and exit 0, got:\n%s", want, r)
}

func noSessions(m *Machine) func() string {
	return func() string {
		r := m.Root("loginctl", "list-sessions", "--no-legend")
		if r.Code == 0 && strings.TrimSpace(r.Out) == "" {
			return ""
		}
		return "sessions:\n" + r.String()
	}
}

// unitState checks a system unit's active state.
func unitState(m *Machine, unit, want string) func() string {
	return func() string {
		r := m.Root("systemctl", "is-active", unit)
		if strings.TrimSpace(r.Out) == want {
			return ""
		}
		return r.String()
	}
}
