package load

import (
	"errors"
	"os"
	"os/exec"
	"path"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/testenv"
)

// envOf makes an Env from "KEY=value" strings; a key absent from vars is
// unset.
func envOf(home, cwd string, vars ...string) Env {
	m := map[string]string{}
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return Env{
		LookupEnv: func(k string) (string, bool) { v, ok := m[k]; return v, ok },
		Home:      home,
		Cwd:       cwd,
	}
}

// pathCases are environments whose search path is pinned below and
// compared with systemd-analyze in TestSearchPathOracle.
var pathCases = []struct {
	name string
	vars []string
	user []string // want for --user; nil: see the oracle only
}{
	{
		name: "defaults with runtime dir",
		vars: []string{"HOME=/h", "XDG_RUNTIME_DIR=/run/user/1000"},
		user: []string{
			"/h/.config/systemd/user.control", "/run/user/1000/systemd/user.control",
			"/run/user/1000/systemd/transient", "/run/user/1000/systemd/generator.early",
			"/h/.config/systemd/user", "/etc/xdg/systemd/user", "/etc/systemd/user",
			"/run/user/1000/systemd/user", "/run/systemd/user", "/run/user/1000/systemd/generator",
			"/h/.local/share/systemd/user", "/usr/local/share/systemd/user", "/usr/share/systemd/user",
			"/usr/local/lib/systemd/user", "/usr/lib/systemd/user", "/run/user/1000/systemd/generator.late",
		},
	},
	{
		name: "no runtime dir drops its directories",
		vars: []string{"HOME=/h"},
		user: []string{
			"/h/.config/systemd/user.control", "/h/.config/systemd/user", "/etc/xdg/systemd/user",
			"/etc/systemd/user", "/run/systemd/user", "/h/.local/share/systemd/user",
			"/usr/local/share/systemd/user", "/usr/share/systemd/user", "/usr/local/lib/systemd/user",
			"/usr/lib/systemd/user",
		},
	},
	{
		name: "XDG homes",
		vars: []string{"HOME=/h", "XDG_CONFIG_HOME=/cfg", "XDG_DATA_HOME=/data/", "XDG_RUNTIME_DIR=/r"},
		user: []string{
			"/cfg/systemd/user.control", "/r/systemd/user.control", "/r/systemd/transient",
			"/r/systemd/generator.early", "/cfg/systemd/user", "/etc/xdg/systemd/user", "/etc/systemd/user",
			"/r/systemd/user", "/run/systemd/user", "/r/systemd/generator", "/data/systemd/user",
			"/usr/local/share/systemd/user", "/usr/share/systemd/user", "/usr/local/lib/systemd/user",
			"/usr/lib/systemd/user", "/r/systemd/generator.late",
		},
	},
	{
		// An empty variable is not an unset one: "" + "/systemd/user".
		name: "empty XDG_CONFIG_HOME and XDG_RUNTIME_DIR",
		vars: []string{"HOME=/h", "XDG_CONFIG_HOME=", "XDG_RUNTIME_DIR="},
		user: []string{
			"/systemd/user.control", "/systemd/transient", "/systemd/generator.early", "/systemd/user",
			"/etc/xdg/systemd/user", "/etc/systemd/user", "/run/systemd/user", "/systemd/generator",
			"/h/.local/share/systemd/user", "/usr/local/share/systemd/user", "/usr/share/systemd/user",
			"/usr/local/lib/systemd/user", "/usr/lib/systemd/user", "/systemd/generator.late",
		},
	},
	{
		// Relative values are made absolute against the current directory.
		name: "relative XDG values",
		vars: []string{"HOME=/h", "XDG_CONFIG_HOME=rel/x", "XDG_DATA_HOME=./d", "XDG_RUNTIME_DIR=r"},
		user: []string{
			"/cwd/rel/x/systemd/user.control", "/cwd/r/systemd/user.control", "/cwd/r/systemd/transient",
			"/cwd/r/systemd/generator.early", "/cwd/rel/x/systemd/user", "/etc/xdg/systemd/user",
			"/etc/systemd/user", "/cwd/r/systemd/user", "/run/systemd/user", "/cwd/r/systemd/generator",
			"/cwd/d/systemd/user", "/usr/local/share/systemd/user", "/usr/share/systemd/user",
			"/usr/local/lib/systemd/user", "/usr/lib/systemd/user", "/cwd/r/systemd/generator.late",
		},
	},
	{
		// Empty XDG_*_DIRS give no directories; the built-in data
		// directories then come in user_data_unit_paths order.
		name: "empty XDG dirs",
		vars: []string{"HOME=/h", "XDG_CONFIG_DIRS=", "XDG_DATA_DIRS="},
		user: []string{
			"/h/.config/systemd/user.control", "/h/.config/systemd/user", "/etc/systemd/user",
			"/run/systemd/user", "/h/.local/share/systemd/user", "/usr/local/lib/systemd/user",
			"/usr/local/share/systemd/user", "/usr/lib/systemd/user", "/usr/share/systemd/user",
		},
	},
	{
		// Empty components are dropped; "\" and quotes are ordinary bytes.
		name: "XDG dirs with odd components",
		vars: []string{"HOME=/h", `XDG_CONFIG_DIRS=:/a::/b/:`, `XDG_DATA_DIRS=/x\:y:"/q r"`},
		user: []string{
			"/h/.config/systemd/user.control", "/h/.config/systemd/user", "/a/systemd/user",
			"/b/systemd/user", "/etc/systemd/user", "/run/systemd/user", "/h/.local/share/systemd/user",
			`/x\/systemd/user`, "/cwd/y/systemd/user", `/cwd/"/q r"/systemd/user`,
			"/usr/local/lib/systemd/user", "/usr/local/share/systemd/user", "/usr/lib/systemd/user",
			"/usr/share/systemd/user",
		},
	},
	{
		name: "XDG dirs reordering the built-ins",
		vars: []string{"HOME=/h", "XDG_DATA_DIRS=/usr/share:/usr/lib", "XDG_CONFIG_DIRS=/etc:/etc/xdg"},
		user: []string{
			"/h/.config/systemd/user.control", "/h/.config/systemd/user", "/etc/systemd/user",
			"/etc/xdg/systemd/user", "/run/systemd/user", "/h/.local/share/systemd/user",
			"/usr/share/systemd/user", "/usr/lib/systemd/user", "/usr/local/lib/systemd/user",
			"/usr/local/share/systemd/user",
		},
	},
	{
		name: "double slashes simplified",
		vars: []string{"HOME=/h/", "XDG_CONFIG_HOME=//c//d/"},
		user: []string{
			"/c/d/systemd/user.control", "/c/d/systemd/user", "/etc/xdg/systemd/user", "/etc/systemd/user",
			"/run/systemd/user", "/h/.local/share/systemd/user", "/usr/local/share/systemd/user",
			"/usr/share/systemd/user", "/usr/local/lib/systemd/user", "/usr/lib/systemd/user",
		},
	},
	{
		// get_home_dir() ignores a relative $HOME.
		name: "relative HOME falls back to the user database",
		vars: []string{"HOME=rel"},
	},
	{name: "no HOME", vars: nil},
	{name: "SYSTEMD_UNIT_PATH replaces", vars: []string{"HOME=/h", "SYSTEMD_UNIT_PATH=/a:/b"}, user: []string{"/a", "/b"}},
	{
		name: "SYSTEMD_UNIT_PATH with trailing colon appends the defaults",
		vars: []string{"HOME=/h", "SYSTEMD_UNIT_PATH=/a:rel:/h/.config/systemd/user:"},
		user: []string{
			"/a", "/cwd/rel", "/h/.config/systemd/user", "/h/.config/systemd/user.control",
			"/etc/xdg/systemd/user", "/etc/systemd/user", "/run/systemd/user", "/h/.local/share/systemd/user",
			"/usr/local/share/systemd/user", "/usr/share/systemd/user", "/usr/local/lib/systemd/user",
			"/usr/lib/systemd/user",
		},
	},
	{name: "empty SYSTEMD_UNIT_PATH is no directory at all", vars: []string{"HOME=/h", "SYSTEMD_UNIT_PATH="}, user: []string{}},
	{name: "SYSTEMD_UNIT_PATH colon only", vars: []string{"HOME=/h", "SYSTEMD_UNIT_PATH=:", "XDG_RUNTIME_DIR=/r"}},
}

func TestSearchPathUser(t *testing.T) {
	for _, c := range pathCases {
		if c.user == nil {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			got, err := SearchPath(User, envOf("/root", "/cwd", c.vars...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.user, got); diff != "" {
				t.Errorf("SearchPath(User) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchPathSystem(t *testing.T) {
	got, err := SearchPath(System, envOf("", "/", "HOME=/h", "XDG_CONFIG_HOME=/x"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/etc/systemd/system.control", "/run/systemd/system.control", "/run/systemd/transient",
		"/run/systemd/generator.early", "/etc/systemd/system", "/etc/systemd/system.attached",
		"/run/systemd/system", "/run/systemd/system.attached", "/run/systemd/generator",
		"/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
		"/run/systemd/generator.late",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SearchPath(System) mismatch (-want +got):\n%s", diff)
	}
	got, _ = SearchPath(System, envOf("", "/w", "SYSTEMD_UNIT_PATH=x:/etc/systemd/system:"))
	// The given entries come first; a default already given is not repeated.
	want2 := append([]string{"/w/x", "/etc/systemd/system"}, want[:4]...)
	want2 = append(want2, want[5:]...)
	if diff := cmp.Diff(want2, got); diff != "" {
		t.Errorf("SearchPath(System) with SYSTEMD_UNIT_PATH mismatch (-want +got):\n%s", diff)
	}
}

func TestSearchPathHome(t *testing.T) {
	// No usable $HOME and no Home: the user scope cannot be computed.
	if _, err := SearchPath(User, envOf("", "/", "HOME=rel")); !errors.Is(err, ErrNoHome) {
		t.Errorf("relative HOME without Env.Home: err = %v, want ErrNoHome", err)
	}
	// Not needed when both XDG homes are given, or for the system.
	if _, err := SearchPath(User, envOf("", "/", "XDG_CONFIG_HOME=/c", "XDG_DATA_HOME=/d")); err != nil {
		t.Errorf("XDG homes without HOME: %v", err)
	}
	if _, err := SearchPath(System, Env{}); err != nil {
		t.Errorf("system with empty Env: %v", err)
	}
	got, _ := SearchPath(User, envOf("/home/u", "/", "HOME="))
	if got[0] != "/home/u/.config/systemd/user.control" {
		t.Errorf("empty HOME: first dir %q, want the Env.Home one", got[0])
	}
}

// TestSearchPathOracle compares SearchPath with `systemd-analyze
// [--user] unit-paths` run in the same environment.
func TestSearchPathOracle(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: systemd-analyze runs on Linux only")
	}
	analyze := testenv.LookPath(t, "systemd-analyze")
	home := HostEnv().Home
	cwd := t.TempDir()
	agree := 0
	for _, scope := range []Scope{User, System} {
		for _, c := range pathCases {
			args := []string{"unit-paths"}
			if scope == User {
				args = []string{"--user", "unit-paths"}
			}
			cmd := exec.Command(analyze, args...)
			cmd.Dir = cwd
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "SYSTEMD_LOG_LEVEL=err"}, c.vars...)
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("%s %s: systemd-analyze: %v", scope, c.name, err)
				continue
			}
			want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(out) == 0 {
				want = []string{}
			}
			got, err := SearchPath(scope, envOf(home, cwd, c.vars...))
			if err != nil {
				t.Errorf("%s %s: %v", scope, c.name, err)
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s %s: SearchPath differs from systemd-analyze (-systemd +ours):\n%s", scope, c.name, diff)
				continue
			}
			agree++
		}
	}
	t.Logf("search path: %d of %d environments agree with systemd-analyze", agree, 2*len(pathCases))
}

func FuzzSearchPath(f *testing.F) {
	f.Add("/h", "/a:b::c/:", "", "rel", "/x:", "/r", true)
	f.Add("", "", "", "", ":", "", false)
	f.Add("//h//", `"/q r":\x`, "/..", "../x", "", "./r", true)
	f.Fuzz(func(t *testing.T, home, configDirs, dataDirs, configHome, unitPath, runtime string, user bool) {
		vars := []string{"HOME=" + home, "XDG_CONFIG_DIRS=" + configDirs, "XDG_DATA_DIRS=" + dataDirs,
			"XDG_CONFIG_HOME=" + configHome, "XDG_RUNTIME_DIR=" + runtime}
		if unitPath != "" {
			vars = append(vars, "SYSTEMD_UNIT_PATH="+unitPath)
		}
		scope := System
		if user {
			scope = User
		}
		got, err := SearchPath(scope, envOf("/root", "/cwd", vars...))
		if err != nil {
			t.Fatal(err) // Env.Home is valid, so there is always a home
		}
		seen := map[string]bool{}
		for _, p := range got {
			if !path.IsAbs(p) {
				t.Errorf("relative entry %q", p)
			}
			if seen[p] {
				t.Errorf("duplicate entry %q", p)
			}
			seen[p] = true
		}
		// The defaults are there when asked for, whatever else is.
		if unitPath == "" || strings.HasSuffix(unitPath, ":") {
			defaults := systemDirs
			if user {
				defaults = userDataDirs
			}
			for _, d := range defaults {
				if !seen[d] {
					t.Errorf("default %q missing from %q", d, got)
				}
			}
		} else if unitPath != ":" && len(got) > len(splitColon(unitPath)) {
			t.Errorf("SYSTEMD_UNIT_PATH=%q gave %d entries: %q", unitPath, len(got), got)
		}
	})
}
