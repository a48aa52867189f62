package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile/catalog"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig("/repo/.usvc.toml", []byte(`# comment
systemd-version = 252
disable = ["all"]
enable = ["inline-comment", "memory-max"]

[severity]
memory-max = "warning"

[scope]
"deploy/system/**" = "system"
"*.user.service" = "user"
"**/*.service" = "system"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:     "/repo/.usvc.toml",
		Version:  catalog.V(252),
		Enable:   []string{"inline-comment", "memory-max"},
		Disable:  []string{"all"},
		Severity: map[string]Severity{"memory-max": Warning},
		Scopes: []ScopePattern{
			{"deploy/system/**", SystemScope},
			{"*.user.service", UserScope},
			{"**/*.service", SystemScope},
		},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("ParseConfig mismatch (-want +got):\n%s", diff)
	}
	s := c.Settings("/repo/x.service")
	for _, r := range All {
		if on := s.On(r); on != (r.Name == "inline-comment" || r.Name == "memory-max") {
			t.Errorf("rule %s on = %v", r.Name, on)
		}
	}
	if s.Version != catalog.V(252) || s.Severity["memory-max"] != Warning {
		t.Errorf("settings: %+v", s)
	}
	for file, want := range map[string]Scope{
		"/repo/deploy/system/a.service":      SystemScope,
		"/repo/deploy/system/x/b.service":    SystemScope,
		"/repo/deploy/a.user.service":        UserScope,
		"/repo/a.user.service":               UserScope,
		"/repo/a.service":                    SystemScope, // ** matches zero segments
		"/repo/a.timer":                      AnyScope,
		"/elsewhere/a.user.service":          UserScope, // base-name patterns apply anywhere
		"/elsewhere/deploy/system/a.service": AnyScope,
	} {
		if got := c.ScopeOf(file); got != want {
			t.Errorf("ScopeOf(%s) = %v, want %v", file, got, want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"systemd-version = 252\nfoo = 1\n", "c.toml:2: unknown key \"foo\": use systemd-version, enable, disable, [severity] or [scope]"},
		{"disable = [\"memory-max\"]\n\n[severity]\ninline-coment = \"error\"\n", "c.toml:4: severity: unknown rule \"inline-coment\"; did you mean inline-comment?"},
		{"[severity]\nmemory-max = \"fatal\"\n", "c.toml:2: severity of memory-max: unknown severity \"fatal\": use error, warning or info"},
		{"enable = [\"nope-nope-nope\"]\n", "c.toml:1: enable: unknown rule \"nope-nope-nope\" (usvc rules lists them)"},
		{"enable = [\"memory-max\"]\ndisable = [\"memory-max\"]\n", "c.toml:1: rule memory-max is both enabled and disabled"},
		{"systemd-version = \"abc\"\n", "c.toml:1: systemd-version: "},
		{"systemd-version = 0\n", "c.toml:1: systemd-version 0 is not a systemd release"},
		{"[scope]\n\"a/*\" = \"both\"\n", "c.toml:2: scope of \"a/*\" must be \"user\" or \"system\""},
		{"[scope]\n\"a/[\" = \"user\"\n", "c.toml:2: bad pattern \"a/[\": syntax error in pattern"},
		{"disable = [\n", "c.toml:1: unexpected EOF"},
		{"[unknown]\nkey = 1\n", "c.toml:1: unknown key \"unknown\""},
	} {
		_, err := ParseConfig("c.toml", []byte(tc.in))
		if err == nil {
			t.Errorf("ParseConfig(%q): no error", tc.in)
			continue
		}
		if got := err.Error(); len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
			t.Errorf("ParseConfig(%q) = %q, want prefix %q", tc.in, got, tc.want)
		}
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	repo := filepath.Join(home, "src", "repo")
	deep := filepath.Join(repo, "deploy", "units")
	must(t, os.MkdirAll(deep, 0o755))
	must(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o755))
	xdg := filepath.Join(home, ".config")
	must(t, os.MkdirAll(filepath.Join(xdg, "usvc"), 0o755))
	env := func(k string) string {
		return map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}[k]
	}
	// Nothing in the repository: the user's config.
	user := filepath.Join(xdg, "usvc", "config.toml")
	if got := FindConfig(deep, env); got != "" {
		t.Errorf("no config anywhere: got %q", got)
	}
	must(t, os.WriteFile(user, nil, 0o644))
	// A .usvc.toml above the repository root is not seen.
	must(t, os.WriteFile(filepath.Join(home, "src", ConfigName), nil, 0o644))
	if got := FindConfig(deep, env); got != user {
		t.Errorf("got %q, want the user's %q", got, user)
	}
	must(t, os.WriteFile(filepath.Join(repo, ConfigName), nil, 0o644))
	if got, want := FindConfig(deep, env), filepath.Join(repo, ConfigName); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	must(t, os.WriteFile(filepath.Join(deep, ConfigName), nil, 0o644))
	if got, want := FindConfig(deep, env), filepath.Join(deep, ConfigName); got != want {
		t.Errorf("nearest wins: got %q, want %q", got, want)
	}
	// Outside a repository the walk stops at the home directory.
	units := filepath.Join(home, ".config", "systemd", "user")
	must(t, os.MkdirAll(units, 0o755))
	must(t, os.WriteFile(filepath.Join(root, ConfigName), nil, 0o644))
	if got := FindConfig(units, env); got != user {
		t.Errorf("got %q, want %q", got, user)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
