package load

import (
	"errors"
	"path"
	"strings"

	"github.com/usvc/usvc/unitfile/words"
)

// Scope says which service manager's units are meant: a per-user manager
// (systemctl --user) or the system manager. The zero Scope is User, since
// usvc is about user services.
type Scope uint8

const (
	// User is a per-user manager, user@UID.service.
	User Scope = iota
	// System is the system manager, PID 1.
	System
)

// String is "user" or "system".
func (s Scope) String() string {
	if s == System {
		return "system"
	}
	return "user"
}

// Env is what the search path depends on besides the scope: the
// environment of the manager (or of systemctl, which computes the same
// list) and the two facts systemd looks up when the environment says
// nothing. The search path code never reads the process environment
// itself; use HostEnv for that.
type Env struct {
	// LookupEnv returns an environment variable and whether it is set,
	// like os.LookupEnv. systemd tells an unset variable from an empty
	// one: XDG_CONFIG_HOME="" is the directory "/systemd/user", an unset
	// one is ~/.config. nil means an empty environment.
	LookupEnv func(key string) (string, bool)
	// Home is the user's home directory from the user database: "/root"
	// for uid 0, else the passwd entry. It is used when $HOME is unset,
	// relative or invalid (src/basic/user-util.c: get_home_dir()).
	Home string
	// Cwd is the current directory: systemd makes relative XDG_* and
	// $SYSTEMD_UNIT_PATH entries absolute against it
	// (path_make_absolute_cwd()). "" means "/".
	Cwd string
}

func (e Env) lookup(key string) (string, bool) {
	if e.LookupEnv == nil {
		return "", false
	}
	return e.LookupEnv(key)
}

// ErrNoHome means the user scope needs a home directory (for
// ~/.config/systemd/user) and neither $HOME nor Env.Home gives a valid
// absolute one.
var ErrNoHome = errors.New("no home directory: $HOME is not an absolute path and none was given")

// SearchPath is the unit search path of a manager of the given scope,
// highest priority first, exactly as `systemd-analyze [--user] unit-paths`
// of systemd 252 on Debian 12 prints it (src/basic/path-lookup.c:
// lookup_paths_init()). The paths are inside the machine the units belong
// to; a Loader with a Root reads them under that root.
//
// $SYSTEMD_UNIT_PATH replaces the list; a trailing ":" appends the
// defaults. For the user scope the list follows XDG_CONFIG_HOME,
// XDG_CONFIG_DIRS, XDG_DATA_HOME, XDG_DATA_DIRS and XDG_RUNTIME_DIR; the
// directories under $XDG_RUNTIME_DIR (control, transient, generators) are
// left out when it is unset, as systemd does.
//
// The error is ErrNoHome, for the user scope only.
func SearchPath(scope Scope, env Env) ([]string, error) {
	var paths []string
	appendDefaults := true
	if v, ok := env.lookup("SYSTEMD_UNIT_PATH"); ok {
		// see get_paths_from_environ(): a trailing ":" asks for the
		// defaults after the given entries; otherwise they replace them.
		v, appendDefaults = strings.CutSuffix(v, ":")
		paths = absolutes(splitColon(v), env)
	}
	if appendDefaults {
		var defaults []string
		if scope == System {
			defaults = systemDirs
		} else {
			d, err := userDirs(env)
			if err != nil {
				return nil, err
			}
			defaults = d
		}
		paths = append(paths, defaults...)
	}
	return uniq(paths), nil
}

// systemDirs is the system manager's default list on Debian 12, whose
// systemd 252 is built with rootprefix=/ (SYSTEM_DATA_UNIT_DIR is
// /lib/systemd/system, and it comes before /usr/lib/systemd/system) and
// without split-usr, as `systemd-analyze unit-paths` prints it.
var systemDirs = []string{
	"/etc/systemd/system.control",
	"/run/systemd/system.control",
	"/run/systemd/transient",
	"/run/systemd/generator.early",
	"/etc/systemd/system",
	"/etc/systemd/system.attached",
	"/run/systemd/system",
	"/run/systemd/system.attached",
	"/run/systemd/generator",
	"/usr/local/lib/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/run/systemd/generator.late",
}

// userDataDirs and userConfigDirs are user_data_unit_paths and
// user_config_unit_paths of path-lookup.c, with Debian's USER_DATA_UNIT_DIR
// (/usr/lib/systemd/user) and USER_CONFIG_UNIT_DIR (/etc/systemd/user).
var (
	userDataDirs = []string{
		"/usr/local/lib/systemd/user",
		"/usr/local/share/systemd/user",
		"/usr/lib/systemd/user",
		"/usr/share/systemd/user",
	}
	userConfigDir = "/etc/systemd/user"
)

// userDirs is src/basic/path-lookup.c: user_dirs() with the directories
// lookup_paths_init() hands it.
func userDirs(env Env) ([]string, error) {
	runtime, haveRuntime := env.lookup("XDG_RUNTIME_DIR")
	rt := func(suffix string) string {
		if !haveRuntime {
			return ""
		}
		return join(runtime, suffix)
	}
	configHome, err := xdgHome(env, "XDG_CONFIG_HOME", "/.config")
	if err != nil {
		return nil, err
	}
	dataHome, err := xdgHome(env, "XDG_DATA_HOME", "/.local/share")
	if err != nil {
		return nil, err
	}
	configDirs := []string{"/etc/xdg"}
	if v, ok := env.lookup("XDG_CONFIG_DIRS"); ok {
		configDirs = splitColon(v)
	}
	dataDirs := []string{"/usr/local/share", "/usr/share"}
	if v, ok := env.lookup("XDG_DATA_DIRS"); ok {
		dataDirs = splitColon(v)
	}

	var res []string
	add := func(p ...string) {
		for _, s := range p {
			if s != "" { // strv_extend() skips NULL
				res = append(res, s)
			}
		}
	}
	add(join(configHome, "/systemd/user.control"), rt("/systemd/user.control"))
	add(rt("/systemd/transient"), rt("/systemd/generator.early"))
	add(join(configHome, "/systemd/user"))
	for _, d := range configDirs {
		// strv_extend_strv_concat(): plain concatenation, simplified below
		add(d + "/systemd/user")
	}
	add(userConfigDir, userConfigDir) // global_persistent_config, then user_config_unit_paths
	add(rt("/systemd/user"), "/run/systemd/user", rt("/systemd/generator"))
	add(join(dataHome, "/systemd/user"))
	for _, d := range dataDirs {
		add(d + "/systemd/user")
	}
	add(userDataDirs...)
	add(rt("/systemd/generator.late"))
	return absolutes(res, env), nil
}

// xdgHome is xdg_user_config_dir() / xdg_user_data_dir() without the
// suffix: $VAR when set (even empty), else the home directory and the
// default.
func xdgHome(env Env, key, def string) (string, error) {
	if v, ok := env.lookup(key); ok {
		return v, nil
	}
	h, err := homeDir(env)
	if err != nil {
		return "", err
	}
	return h + def, nil
}

// homeDir is src/basic/user-util.c: get_home_dir(): $HOME when it is a
// valid absolute path, else the user database's.
func homeDir(env Env) (string, error) {
	if h, ok := env.lookup("HOME"); ok && words.PathIsValid(h) && path.IsAbs(h) {
		return words.PathSimplify(h), nil
	}
	if env.Home == "" || !words.PathIsValid(env.Home) || !path.IsAbs(env.Home) {
		return "", ErrNoHome
	}
	return words.PathSimplify(env.Home), nil
}

// join is systemd's path_join() for two parts: exactly one "/" between
// them, and an empty first part adds nothing.
func join(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	switch {
	case strings.HasSuffix(a, "/") && strings.HasPrefix(b, "/"):
		return a + b[1:]
	case strings.HasSuffix(a, "/") || strings.HasPrefix(b, "/"):
		return a + b
	}
	return a + "/" + b
}

// splitColon is strv_split(s, ":") (EXTRACT_RETAIN_ESCAPE): split at every
// ":", dropping empty parts; quotes and backslashes are ordinary bytes.
func splitColon(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ':' })
}

// absolutes is path_strv_make_absolute_cwd(): each entry made absolute
// against the current directory, then path_simplify()'d.
func absolutes(l []string, env Env) []string {
	cwd := env.Cwd
	if cwd == "" {
		cwd = "/"
	}
	out := make([]string, 0, len(l))
	for _, p := range l {
		if !path.IsAbs(p) {
			p = join(cwd, p)
		}
		out = append(out, words.PathSimplify(p))
	}
	return out
}

// uniq is strv_uniq(): the first of equal strings stays.
func uniq(l []string) []string {
	seen := make(map[string]bool, len(l))
	out := l[:0:0]
	for _, p := range l {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
