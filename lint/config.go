package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/usvc/usvc/unitfile/catalog"
)

// ConfigName is the name of the configuration file FindConfig looks for.
const ConfigName = ".usvc.toml"

// Config is a .usvc.toml file:
//
//	systemd-version = 252          # or "252.5"; default DefaultVersion
//	disable = ["memory-max"]       # rule names, or "all"
//	enable = ["inline-comment"]    # rule names, or "all"; after disable
//	[severity]
//	missing-wantedby = "error"     # error, warning or info
//	[scope]                        # path pattern = "user" or "system"
//	"deploy/system/**" = "system"  # relative to the file's directory;
//	"*.user.service" = "user"      # a pattern without "/" matches base names
//
// Unknown keys, rule names and values are errors that name the file and
// the line.
type Config struct {
	// Path is the file the configuration came from.
	Path string
	// Version is systemd-version, zero when not set.
	Version catalog.Version
	// Enable and Disable are the rule lists, checked.
	Enable, Disable []string
	// Severity overrides rules' severities.
	Severity map[string]Severity
	// Scopes are the [scope] patterns in file order; the first that
	// matches a path decides.
	Scopes []ScopePattern
}

// ScopePattern gives the files that match Pattern a scope.
type ScopePattern struct {
	Pattern string
	Scope   Scope
}

// ConfigError is a mistake in a configuration file.
type ConfigError struct {
	Path string
	Line int // 0 when unknown
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

type configFile struct {
	SystemdVersion any               `toml:"systemd-version"`
	Enable         []string          `toml:"enable"`
	Disable        []string          `toml:"disable"`
	Severity       map[string]string `toml:"severity"`
	Scope          map[string]string `toml:"scope"`
}

// LoadConfig reads and checks a configuration file.
func LoadConfig(name string) (*Config, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return ParseConfig(name, b)
}

// ParseConfig checks the configuration data of the file name.
func ParseConfig(name string, data []byte) (*Config, error) {
	var raw configFile
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ConfigError{Path: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, &ConfigError{Path: name, Line: keyLine(data, nil), Msg: err.Error()}
	}
	bad := func(key []string, format string, args ...any) error {
		return &ConfigError{Path: name, Line: keyLine(data, key), Msg: fmt.Sprintf(format, args...)}
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, bad(u[0], "unknown key %q: use systemd-version, enable, disable, [severity] or [scope]", u[0].String())
	}
	c := &Config{Path: name, Severity: map[string]Severity{}}
	switch v := raw.SystemdVersion.(type) {
	case nil:
	case int64:
		if v < 1 || v > 65535 {
			return nil, bad([]string{"systemd-version"}, "systemd-version %d is not a systemd release", v)
		}
		c.Version = catalog.V(uint16(v))
	case string:
		ver, err := catalog.ParseVersion(v)
		if err != nil {
			return nil, bad([]string{"systemd-version"}, "systemd-version: %v", err)
		}
		c.Version = ver
	default:
		return nil, bad([]string{"systemd-version"}, "systemd-version must be a number such as 252")
	}
	for _, list := range []struct {
		key   string
		names []string
		dst   *[]string
	}{{"enable", raw.Enable, &c.Enable}, {"disable", raw.Disable, &c.Disable}} {
		for _, n := range list.names {
			if err := checkRuleName(n, true); err != nil {
				return nil, bad([]string{list.key}, "%s: %v", list.key, err)
			}
		}
		*list.dst = list.names
	}
	for _, n := range c.Enable {
		if n != "all" && contains(c.Disable, n) {
			return nil, bad([]string{"enable"}, "rule %s is both enabled and disabled", n)
		}
	}
	for rule, sev := range raw.Severity {
		if err := checkRuleName(rule, false); err != nil {
			return nil, bad([]string{"severity", rule}, "severity: %v", err)
		}
		s, err := ParseSeverity(sev)
		if err != nil {
			return nil, bad([]string{"severity", rule}, "severity of %s: %v", rule, err)
		}
		c.Severity[rule] = s
	}
	// [scope] in file order: Keys lists keys in the order they appear.
	for _, k := range md.Keys() {
		if len(k) != 2 || k[0] != "scope" {
			continue
		}
		var s Scope
		switch raw.Scope[k[1]] {
		case "user":
			s = UserScope
		case "system":
			s = SystemScope
		default:
			return nil, bad(k, "scope of %q must be \"user\" or \"system\"", k[1])
		}
		if _, err := path.Match(k[1], ""); err != nil {
			return nil, bad(k, "bad pattern %q: %v", k[1], err)
		}
		c.Scopes = append(c.Scopes, ScopePattern{Pattern: k[1], Scope: s})
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkRuleName(n string, allowAll bool) error {
	if allowAll && n == "all" {
		return nil
	}
	if _, ok := Lookup(n); ok {
		return nil
	}
	if s := Suggest(n); s != "" {
		return fmt.Errorf("unknown rule %q; did you mean %s?", n, s)
	}
	return fmt.Errorf("unknown rule %q (usvc rules lists them)", n)
}

// keyLine finds the line that defines key (a path of TOML keys) in data,
// for messages; 0 when it cannot tell. It understands [table] headers,
// bare, quoted and dotted keys: what a .usvc.toml holds.
func keyLine(data []byte, key []string) int {
	if len(key) == 0 {
		return 0
	}
	var table []string
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[[") {
			table = splitKey(strings.Trim(l, "[] \t"))
			if equalKeys(table, key) {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok || strings.HasPrefix(l, "#") {
			continue
		}
		full := append(append([]string{}, table...), splitKey(strings.TrimSpace(k))...)
		if len(full) >= len(key) && equalKeys(full[:len(key)], key) {
			return i + 1
		}
	}
	return 0
}

func equalKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// splitKey splits a dotted TOML key, unquoting its parts.
func splitKey(k string) []string {
	var out []string
	for k != "" {
		k = strings.TrimSpace(k)
		var part string
		if k != "" && (k[0] == '"' || k[0] == '\'') {
			end := strings.IndexByte(k[1:], k[0])
			if end < 0 {
				return append(out, k)
			}
			part = k[1 : end+1]
			if k[0] == '"' {
				if u, err := strconv.Unquote(k[:end+2]); err == nil {
					part = u
				}
			}
			k = strings.TrimSpace(k[end+2:])
		} else {
			dot := strings.IndexByte(k, '.')
			if dot < 0 {
				dot = len(k)
			}
			part = strings.TrimSpace(k[:dot])
			k = k[dot:]
		}
		out = append(out, part)
		k = strings.TrimPrefix(strings.TrimSpace(k), ".")
	}
	return out
}

// FindConfig finds the configuration for files in dir: the first
// .usvc.toml in dir and its parents, up to the repository root (a
// directory with .git), the home directory or the file system root;
// else $XDG_CONFIG_HOME/usvc/config.toml (~/.config/usvc/config.toml).
// It returns "" when there is none. getenv reads the environment.
func FindConfig(dir string, getenv func(string) string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	home := getenv("HOME")
	for {
		p := filepath.Join(dir, ConfigName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		if home != "" && dir == filepath.Clean(home) {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	cfgHome := getenv("XDG_CONFIG_HOME")
	if cfgHome == "" || !filepath.IsAbs(cfgHome) {
		if home == "" {
			return ""
		}
		cfgHome = filepath.Join(home, ".config")
	}
	p := filepath.Join(cfgHome, "usvc", "config.toml")
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		return p
	}
	return ""
}

// ScopeOf is the scope the [scope] patterns give a file, AnyScope when
// none matches. Patterns are relative to the configuration file's
// directory; "*" and "?" stay within a path segment, "**" matches any
// number of segments, and a pattern without "/" matches the base name.
func (c *Config) ScopeOf(file string) Scope {
	if c == nil || len(c.Scopes) == 0 {
		return AnyScope
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return AnyScope
	}
	dir, err := filepath.Abs(filepath.Dir(c.Path))
	if err != nil {
		return AnyScope
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = "" // outside: only base-name patterns apply
	}
	rel = filepath.ToSlash(rel)
	base := filepath.Base(abs)
	for _, sp := range c.Scopes {
		if !strings.Contains(sp.Pattern, "/") {
			if ok, _ := path.Match(sp.Pattern, base); ok {
				return sp.Scope
			}
			continue
		}
		if rel != "" && matchSegments(strings.Split(strings.TrimPrefix(sp.Pattern, "/"), "/"), strings.Split(rel, "/")) {
			return sp.Scope
		}
	}
	return AnyScope
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// Settings are the settings the configuration gives a file. A nil
// Config gives the defaults.
func (c *Config) Settings(file string) *Settings {
	s := &Settings{Enabled: map[string]bool{}, Severity: map[string]Severity{}}
	if c == nil {
		return s
	}
	s.Version = c.Version
	s.Scope = c.ScopeOf(file)
	// Checked by ParseConfig: cannot fail.
	_ = s.Switch(c.Disable, false)
	_ = s.Switch(c.Enable, true)
	for k, v := range c.Severity {
		s.Severity[k] = v
	}
	return s
}

// Switch turns the named rules on or off; "all" names every rule. An
// unknown name is an error that suggests the closest rule.
func (s *Settings) Switch(names []string, on bool) error {
	for _, n := range names {
		if err := checkRuleName(n, true); err != nil {
			return err
		}
	}
	if s.Enabled == nil {
		s.Enabled = map[string]bool{}
	}
	for _, n := range names {
		if n == "all" {
			for _, r := range All {
				s.Enabled[r.Name] = on
			}
			continue
		}
		s.Enabled[n] = on
	}
	return nil
}
