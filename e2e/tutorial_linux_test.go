//go:build linux

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The tutorial's service: python's web server on port 8080, serving a
// directory of the user's, with a page whose text proves that it is that
// directory (WorkingDirectory= and %h resolved as they should be).
const (
	unitName = "simple-web.service"
	port     = "8080"
	page     = "served by simple-web from /home/iman/www"
)

var (
	home     = "/home/" + userName
	unitDir  = home + "/.config/systemd/user"
	unitPath = unitDir + "/" + unitName
	wantLink = unitDir + "/default.target.wants/" + unitName
	userMgr  = fmt.Sprintf("user@%d.service", userUID)
)

// TestTutorial does what the tutorial tells a person to do, with the usvc
// binary alone inside a booted systemd, twice: with linger, the service
// must come back after a reboot with nobody logged in; without it, it must
// not, and usvc doctor must say why. The second half is what makes the
// first mean something: a usvc that forgot linger would fail it.
func TestTutorial(t *testing.T) {
	t.Parallel()
	requirements(t) // skip before building anything
	usvc := buildUsvc(t)
	t.Run("linger", func(t *testing.T) {
		t.Parallel()
		tutorial(t, usvc, true)
	})
	t.Run("no-linger", func(t *testing.T) {
		t.Parallel()
		tutorial(t, usvc, false)
	})
}

func tutorial(t *testing.T, usvc string, linger bool) {
	name := "usvc-linger"
	if !linger {
		name = "usvc-nolinger"
	}
	m := Boot(t, name, Bind{Host: usvc, Container: "/usr/local/bin/usvc"})
	m.Check("usvc runs inside the container, alone (a static binary)", okRun(m.Root("usvc", "version")))

	// 1. As the user, in a real login session: gen the unit into a work
	// directory, then install it from there (install copies it into
	// ~/.config/systemd/user, reloads, enables, starts, and with --linger
	// enables linger through logind and polkit).
	r := m.Login(`set -e
mkdir -p ~/www ~/src
echo '` + page + `' > ~/www/index.html
cd ~/src
usvc gen service simple-web --description 'Simple Python web server' --working-directory ` + home + `/www -o . -- python3 -m http.server ` + port + `
cat ` + unitName)
	m.Check("usvc gen service simple-web -o . writes the unit", func() string {
		for _, want := range []string{"\nExecStart=/usr/bin/python3 -m http.server " + port + "\n",
			"\nWorkingDirectory=%h/www\n", "\nWantedBy=default.target\n"} {
			if r.Code != 0 || !strings.Contains(r.Out, want) {
				return fmt.Sprintf("want exit 0 and a unit with %q:\n%s", strings.TrimSpace(want), r)
			}
		}
		return ""
	}())
	t.Logf("the unit usvc gen wrote:\n%s", indent(r.Out))

	install := "usvc install --enable --now --linger " + unitName
	if !linger {
		install = "usvc install --enable --now " + unitName
	}
	r = m.Login(`cd ~/src && ` + install + ` && echo "session=${XDG_SESSION_ID:-none}" &&
for i in $(seq 1 100); do curl -fsS http://localhost:` + port + `/ 2>/dev/null && exit 0; sleep 0.1; done
echo "no answer on port ` + port + `"; systemctl --user status ` + unitName + ` --no-pager; exit 1`)
	m.Check(install+" in a login session, and the service answers on port "+port, func() string {
		if r.Code != 0 || !strings.Contains(r.Out, page) || strings.Contains(r.Out, "session=none") {
			return r.String()
		}
		return ""
	}())
	t.Logf("what it said:\n%s", indent(r.Out))
	m.Check("the unit is in ~/.config/systemd/user, the user's, mode 644", expectOut(m.Root("stat", "-c", "%U %a", unitPath), userName+" 644"))
	m.Check("enabled: default.target.wants links it", expectOut(m.Root("readlink", wantLink), unitPath))
	m.Check("systemctl --user is-enabled says enabled", expectOut(m.User("systemctl", "--user", "is-enabled", unitName), "enabled"))
	if linger {
		m.Check("linger is on in logind", expectOut(m.Root("loginctl", "show-user", userName, "-p", "Linger", "--value"), "yes"))
		m.Check("linger file /var/lib/systemd/linger/"+userName, okRun(m.Root("test", "-e", "/var/lib/systemd/linger/"+userName)))

		r = m.Login(`cd ~/src && usvc install --enable --now --linger --json ` + unitName)
		m.Check("a second install changes nothing and says so (--json: changed false)", func() string {
			var res struct {
				Changed *bool `json:"changed"`
				Units   []struct {
					Unit    string `json:"unit"`
					Changed bool   `json:"changed"`
				} `json:"units"`
			}
			if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &res) != nil || res.Changed == nil || *res.Changed ||
				len(res.Units) != 1 || res.Units[0].Unit != unitName || res.Units[0].Changed {
				return "want exit 0 and JSON with changed false for the one unit:\n" + r.String()
			}
			return ""
		}())
	} else {
		m.Check("linger is off: no /var/lib/systemd/linger/"+userName, failsRun(m.Root("test", "-e", "/var/lib/systemd/linger/"+userName)))
		// A user may change only their own linger (polkit's default for
		// set-user-linger is auth_admin): usvc must say so, not hang on a
		// password prompt.
		r = m.Login(`usvc linger enable root`)
		m.Check("usvc linger enable root, as "+userName+": refused by logind, exit 3, says what to run instead", func() string {
			if r.Code != 3 || !strings.Contains(r.Out, "sudo usvc linger enable root") {
				return "want exit 3 and the command to run instead:\n" + r.String()
			}
			return ""
		}())
		t.Logf("what it said:\n%s", indent(r.Out))
	}

	// 2. Log out: the session script ended, so logind closes the session.
	m.Eventually("no login session left after logout", 20*time.Second, noSessions(m))
	if linger {
		m.Check("the service still runs after logout", expectOut(m.User("systemctl", "--user", "is-active", unitName), "active"))
	} else {
		// logind stops the user manager UserStopDelaySec= (10 s) after its
		// last session: the tutorial's pitfall, seen before any reboot.
		m.Eventually("without linger, logout stops the user manager and the service", 40*time.Second,
			unitState(m, userMgr, "inactive"))
	}

	// 3. Reboot; nobody logs in.
	m.Reboot()
	if linger {
		m.Eventually(userMgr+" started at boot with nobody logged in", 30*time.Second, unitState(m, userMgr, "active"))
		m.Eventually("simple-web.service came back after the reboot", 30*time.Second, func() string {
			return expectOut(m.User("systemctl", "--user", "is-active", unitName), "active")
		})
		m.Eventually("it answers on port "+port+" after the reboot", 20*time.Second, curlPage(m))
	} else {
		// The system is running: no job is queued, so logind has already
		// started every lingering user it would start.
		m.Check("no job is queued", expectOut(m.Root("systemctl", "list-jobs", "--no-legend"), ""))
		m.Check("logind knows no user: none lingers, none is logged in", expectOut(m.Root("loginctl", "list-users", "--no-legend"), ""))
		m.Check(userMgr+" was not started at boot", unitState(m, userMgr, "inactive")())
		m.Check("nothing answers on port "+port, failsRun(m.Root("curl", "-sS", "-o", "/dev/null", "http://localhost:"+port+"/")))
	}
	m.Check("nobody is logged in", noSessions(m)())

	// usvc reads the same state, as the user without a session (what cron
	// or an admin's runuser sees).
	r = m.User("usvc", "linger", "status", "--json", userName)
	m.Check(fmt.Sprintf("usvc linger status %s says linger is %s", userName, onOff(linger)), lingerSays(r, linger))
	text := m.User("usvc", "doctor", unitName)
	t.Logf("usvc doctor %s says:\n%s", unitName, indent(text.Out))
	r = m.User("usvc", "doctor", "--json", unitName)
	if linger {
		m.Check("usvc doctor: linger on, user manager running, service enabled and active, nothing failed, exit 0",
			doctorSays(r, text, 0, []check{
				{Name: "linger", Status: "ok"},
				{Name: "manager", Status: "ok"},
				{Name: "unit", Unit: unitName, Status: "ok", Message: unitName + " is enabled"},
				{Name: "unit", Unit: unitName, Status: "ok", Message: unitName + " is active"},
				{Name: "failed", Status: "ok"},
			}))
	} else {
		m.Check("usvc doctor: linger off with the command that fixes it, no user manager, exit 1",
			doctorSays(r, text, 1, []check{
				{Name: "linger", Status: "fail", Fix: "sudo usvc linger enable " + userName},
				{Name: "manager", Status: "fail"},
				{Name: "unit", Unit: unitName, Status: "ok", Message: unitName + " is enabled"},
			}))
		m.Check("usvc linger status and usvc doctor opened no session and started nothing", func() string {
			if why := noSessions(m)(); why != "" {
				return why
			}
			return unitState(m, userMgr, "inactive")()
		}())

		// doctor's fix, run as it says (as root): linger alone brings the
		// manager and the enabled service up, no reboot or login needed.
		m.Check("the fix doctor gave, usvc linger enable "+userName+" as root, exits 0", okRun(m.Root("usvc", "linger", "enable", userName)))
		m.Eventually(userMgr+" started by linger", 30*time.Second, unitState(m, userMgr, "active"))
		m.Eventually("the enabled service started with it and answers on port "+port, 30*time.Second, curlPage(m))
		m.Check("usvc doctor now exits 0", okRun(m.User("usvc", "doctor", unitName)))
		return
	}

	// 4. Uninstall leaves nothing behind.
	r = m.User("usvc", "uninstall", unitName)
	m.Check("usvc uninstall "+unitName+" exits 0", okRun(r))
	t.Logf("what it said:\n%s", indent(r.Out))
	m.Check("the unit file is gone", failsRun(m.Root("test", "-e", unitPath)))
	m.Check("the default.target.wants link is gone", failsRun(m.Root("test", "-L", wantLink)))
	m.Check("nothing named simple-web is left under ~/.config/systemd/user",
		expectOut(m.Root("find", unitDir, "-name", "simple-web*"), ""))
	m.Check("the user manager no longer knows the unit", func() string {
		r := m.User("systemctl", "--user", "show", "-p", "LoadState", "-p", "ActiveState", unitName)
		if r.Code == 0 && strings.Contains(r.Out, "LoadState=not-found") && strings.Contains(r.Out, "ActiveState=inactive") {
			return ""
		}
		return "want LoadState=not-found and ActiveState=inactive:\n" + r.String()
	}())
	m.Check("no python web server is left running", failsRun(m.Root("pgrep", "-u", userName, "-f", "http.server")))
	m.Check("nothing answers on port "+port, failsRun(m.Root("curl", "-sS", "-o", "/dev/null", "http://localhost:"+port+"/")))

	// 5. An admin does it for the user: root installs with --user-name,
	// the file is the user's, and usvc reaches the user's manager from
	// root (systemctl --user --machine iman@ on systemd 252).
	r = m.Root("usvc", "install", "--user-name", userName, "--enable", "--now", home+"/src/"+unitName)
	m.Check("as root, usvc install --user-name "+userName+" --enable --now exits 0", okRun(r))
	t.Logf("what it said:\n%s", indent(r.Out))
	m.Check("the unit is the user's, mode 644", expectOut(m.Root("stat", "-c", "%U %a", unitPath), userName+" 644"))
	m.Eventually("the service runs in the user's manager and answers on port "+port, 20*time.Second, func() string {
		if why := expectOut(m.User("systemctl", "--user", "is-active", unitName), "active"); why != "" {
			return why
		}
		return curlPage(m)()
	})
	r = m.Root("usvc", "uninstall", "--user-name", userName, unitName)
	m.Check("as root, usvc uninstall --user-name "+userName+" exits 0 and leaves nothing", func() string {
		if r.Code != 0 {
			return r.String()
		}
		if why := expectOut(m.Root("find", unitDir, "-name", "simple-web*"), ""); why != "" {
			return why
		}
		return failsRun(m.Root("curl", "-sS", "-o", "/dev/null", "http://localhost:"+port+"/"))
	}())
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// okRun wants exit 0.
func okRun(r Result) string {
	if r.Code == 0 {
		return ""
	}
	return "want exit 0:\n" + r.String()
}

// failsRun wants a non-zero exit (and not a harness failure).
func failsRun(r Result) string {
	if r.Code > 0 {
		return ""
	}
	return "want a non-zero exit:\n" + r.String()
}

func curlPage(m *Machine) func() string {
	return func() string {
		r := m.Root("curl", "-fsS", "http://localhost:"+port+"/")
		if r.Code == 0 && strings.Contains(r.Out, page) {
			return ""
		}
		return r.String()
	}
}

// lingerSays checks usvc linger status --json: linger on means exit 0,
// the flag file there and logind agreeing; off means exit 1 and neither.
func lingerSays(r Result, on bool) string {
	var st struct {
		User    string `json:"user"`
		Enabled bool   `json:"enabled"`
		Logind  string `json:"logind"`
		File    bool   `json:"file"`
		Agree   bool   `json:"agree"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &st); err != nil {
		return fmt.Sprintf("want JSON on stdout (%v):\n%s", err, r)
	}
	wantCode, ok := 0, st.User == userName && st.Enabled && st.File && st.Logind == "yes" && st.Agree
	if !on {
		wantCode, ok = 1, st.User == userName && !st.Enabled && !st.File && st.Logind != "yes"
	}
	if r.Code != wantCode || !ok {
		return fmt.Sprintf("want exit %d and linger %s in logind and the flag file:\n%s", wantCode, onOff(on), r)
	}
	return ""
}

// check is one entry of usvc doctor --json; in a wanted check an empty
// field matches anything, and Message and Fix match as substrings.
type check struct {
	Name    string `json:"check"`
	Unit    string `json:"unit"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// doctorSays checks usvc doctor's exit code, in text and JSON, and that
// each wanted check is among those it reports. With exit 0 no check may
// fail.
func doctorSays(r, text Result, code int, want []check) string {
	var got []check
	if err := json.Unmarshal([]byte(r.Stdout), &got); err != nil {
		return fmt.Sprintf("want a JSON array of checks on stdout (%v):\n%s", err, r)
	}
	if r.Code != code || text.Code != code {
		return fmt.Sprintf("want exit %d, with and without --json:\n%s\n%s", code, r, text)
	}
	var miss []string
	for _, w := range want {
		found := false
		for _, g := range got {
			if g.Name == w.Name && (w.Unit == "" || g.Unit == w.Unit) && g.Status == w.Status &&
				strings.Contains(g.Message, w.Message) && strings.Contains(g.Fix, w.Fix) {
				found = true
			}
		}
		if !found {
			miss = append(miss, fmt.Sprintf("%+v", w))
		}
	}
	if code == 0 {
		for _, g := range got {
			if g.Status == "fail" {
				miss = append(miss, fmt.Sprintf("no failed check, but: %+v", g))
			}
		}
	}
	if miss != nil {
		return fmt.Sprintf("want checks %s among:\n%s", strings.Join(miss, "; "), r)
	}
	return ""
}
