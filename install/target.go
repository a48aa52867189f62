package install

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Account is the user whose unit directory and user manager install works
// on, as the passwd database (of the image, under a root) has it.
type Account struct {
	Name  string
	UID   int    // -1 when unknown (no passwd entry in an image, Windows)
	GID   int    // -1 when unknown
	Group string // the primary group's name, when known (%g)
	// Home is the home directory as an absolute slash path, inside the
	// root when there is one.
	Home string
}

// Target is where units go: one user's unit directory, on the live system
// or in an image.
type Target struct {
	// Root is a directory holding an image, a chroot or a fake home; every
	// path is resolved inside it and nothing outside it is touched. Empty
	// (or "/", as systemctl --root=/ means no root) is the live system.
	Root string
	// User is the account whose units these are.
	User Account
	// ConfigHome is the user's $XDG_CONFIG_HOME when it applies (the
	// calling user on the live system, and only when it is absolute, as
	// the XDG spec asks); empty means Home/.config.
	ConfigHome string
	// Chown makes every file, directory and link created in the user's
	// tree owned by User.UID and User.GID: root installing for another
	// user. The linger flag file stays root's, as logind makes it.
	Chown bool
}

// Offline reports whether t is an image under a root rather than the live
// system: then no systemd is contacted.
func (t *Target) Offline() bool {
	return t.Root != "" && filepath.Clean(t.Root) != string(filepath.Separator)
}

// UnitDir is the user's unit directory, inside the root: where
// `systemctl --user enable` writes (the persistent config directory of
// src/basic/path-lookup.c: $XDG_CONFIG_HOME/systemd/user, default
// ~/.config/systemd/user).
func (t *Target) UnitDir() string {
	return path.Join(t.configHome(), "systemd", "user")
}

func (t *Target) configHome() string {
	if t.ConfigHome != "" {
		return t.ConfigHome
	}
	return path.Join(t.User.Home, ".config")
}

// SearchPath is the user manager's unit search path, highest precedence
// first, as far as it matters offline (systemd.unit(5), "User Unit Search
// Path", and user_dirs() in src/basic/path-lookup.c at v252): the
// persistent directories only, since the runtime and generator ones live
// under /run and $XDG_RUNTIME_DIR and are empty until the manager runs.
func (t *Target) SearchPath() []string {
	home := t.User.Home
	return []string{
		path.Join(t.configHome(), "systemd", "user.control"),
		t.UnitDir(),
		"/etc/xdg/systemd/user",
		"/etc/systemd/user",
		path.Join(home, ".local", "share", "systemd", "user"),
		"/usr/local/share/systemd/user",
		"/usr/share/systemd/user",
		"/usr/local/lib/systemd/user",
		"/usr/lib/systemd/user",
	}
}

// LingerFile is the flag file logind reads to start the user's manager at
// boot: /var/lib/systemd/linger/NAME (src/login/logind-dbus.c:
// method_set_user_linger()).
func (t *Target) LingerFile() string { return LingerFile(t.User.Name) }

// LingerFile is /var/lib/systemd/linger/NAME for a user name.
func LingerFile(name string) string { return path.Join("/var/lib/systemd/linger", name) }

// Who is what Resolve needs to know about the caller to pick the target
// user: the command line, the environment and the accounts.
type Who struct {
	// Root is --root: an image directory, or "" for the live system.
	Root string
	// UserName is --user-name: whose units, when not the caller's.
	UserName string
	// Getenv reads the caller's environment (HOME, XDG_CONFIG_HOME,
	// SUDO_USER).
	Getenv func(string) string
	// EUID is the caller's effective uid (-1 where there is none).
	EUID int
	// Current is the calling user.
	Current func() (Account, error)
	// Lookup finds a user of the live system by name.
	Lookup func(name string) (Account, error)
	// AnyUser lets the caller name another user without being root (for
	// reading their state; changing it is then up to logind's polkit
	// check).
	AnyUser bool
}

// ErrNotRoot is returned when acting for another user without being root.
var ErrNotRoot = errors.New("acting for another user needs root")

// ErrNoUser is returned when the named user does not exist.
var ErrNoUser = errors.New("no such user")

// Resolve picks the target user and unit directory the way usvc's commands
// do:
//
//   - under a root, the user is --user-name, else $SUDO_USER when root,
//     else the caller's name; the home comes from the image's /etc/passwd
//     (or /usr/lib/passwd), else /home/NAME (/root for root); the caller's
//     XDG variables are ignored, they describe the host;
//   - live, --user-name naming someone else, or $SUDO_USER under sudo,
//     makes root act for that user: home from the passwd database, files
//     chowned to them; anyone but root gets ErrNotRoot;
//   - otherwise it is the caller, with $HOME and $XDG_CONFIG_HOME as
//     systemctl --user reads them (src/basic/user-util.c: get_home_dir()).
//
// The second result says whether the target is the caller (so that
// systemctl --user reaches its manager directly).
func Resolve(w Who) (Target, bool, error) {
	getenv := w.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	cur, err := w.Current()
	if err != nil {
		return Target{}, false, fmt.Errorf("looking up the current user: %w", err)
	}
	name := w.UserName
	if name == "" && w.EUID == 0 {
		if s := getenv("SUDO_USER"); s != "" && s != "root" {
			name = s
		}
	}
	t := Target{Root: w.Root}
	if t.Offline() {
		if name == "" {
			name = cur.Name
		}
		if !userNameSafe(name) {
			return Target{}, false, fmt.Errorf("%q: not a user name usvc can use", name)
		}
		acct, ok, err := imageAccount(w.Root, name)
		if err != nil {
			return Target{}, false, err
		}
		if !ok {
			acct = Account{Name: name, UID: -1, GID: -1, Home: "/home/" + name}
			if name == "root" {
				acct.Home = "/root"
			}
		}
		t.User = acct
		// Only root can give files away, and only to a uid the image
		// knows: the host's uid for the name may differ.
		t.Chown = w.EUID == 0 && ok && acct.UID >= 0
		return t, name == cur.Name, nil
	}
	if name != "" && name != cur.Name {
		if w.EUID != 0 && !w.AnyUser {
			return Target{}, false, fmt.Errorf("%w: run it as root (sudo) to act for %s", ErrNotRoot, name)
		}
		acct, err := w.Lookup(name)
		if err != nil {
			return Target{}, false, err
		}
		if !path.IsAbs(acct.Home) {
			return Target{}, false, fmt.Errorf("user %s has no absolute home directory (%q)", name, acct.Home)
		}
		t.User = acct
		t.Chown = w.EUID == 0 && acct.UID >= 0
		return t, false, nil
	}
	t.User = cur
	if h := getenv("HOME"); absClean(h) {
		t.User.Home = path.Clean(filepath.ToSlash(h))
	}
	if c := getenv("XDG_CONFIG_HOME"); absClean(c) {
		t.ConfigHome = path.Clean(filepath.ToSlash(c))
	}
	if t.User.Home == "" {
		return Target{}, false, errors.New("no home directory: set HOME")
	}
	return t, true, nil
}

// absClean is systemd's test for $HOME and the XDG variables: an
// absolute, normalized path (no "." or ".." component, no "//"); anything
// else is ignored.
func absClean(p string) bool {
	if !filepath.IsAbs(p) {
		return false
	}
	s := filepath.ToSlash(p)
	for _, c := range strings.Split(s, "/") {
		if c == "." || c == ".." {
			return false
		}
	}
	return !strings.Contains(s, "//")
}

// userNameSafe reports whether name can be a file name in
// /var/lib/systemd/linger as it is: logind writes cescape(name), which
// changes nothing for the names useradd accepts; usvc refuses the rest
// rather than guess.
func userNameSafe(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > 256 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || c == '/' || c == '\\' || c == '"' || c == '\'' || c == ':' {
			return false
		}
	}
	return true
}

// CurrentAccount is the calling user, from the passwd database.
func CurrentAccount() (Account, error) {
	u, err := user.Current()
	if err != nil {
		return Account{}, err
	}
	return fromUser(u), nil
}

// LookupAccount finds a user of the live system by name.
func LookupAccount(name string) (Account, error) {
	if !userNameSafe(name) {
		return Account{}, fmt.Errorf("%w: %q", ErrNoUser, name)
	}
	u, err := user.Lookup(name)
	if err != nil {
		var unk user.UnknownUserError
		if errors.As(err, &unk) {
			return Account{}, fmt.Errorf("%w: %s", ErrNoUser, name)
		}
		return Account{}, err
	}
	return fromUser(u), nil
}

func fromUser(u *user.User) Account {
	a := Account{Name: u.Username, UID: -1, GID: -1, Home: filepath.ToSlash(u.HomeDir)}
	if n, err := strconv.Atoi(u.Uid); err == nil {
		a.UID = n
	}
	if n, err := strconv.Atoi(u.Gid); err == nil {
		a.GID = n
		if g, err := user.LookupGroupId(u.Gid); err == nil {
			a.Group = g.Name
		}
	}
	return a
}

// imageAccount reads NAME from the image's passwd and group files.
// Fedora-style images keep system users in /usr/lib/passwd (nss-altfiles).
func imageAccount(root, name string) (Account, bool, error) {
	t := &Target{Root: root}
	for _, f := range []string{"/etc/passwd", "/usr/lib/passwd"} {
		b, err := t.readFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return Account{}, false, err
		}
		if a, ok := parsePasswd(b, name); ok {
			for _, g := range []string{"/etc/group", "/usr/lib/group"} {
				if gb, err := t.readFile(g); err == nil {
					if n, ok := groupName(gb, a.GID); ok {
						a.Group = n
						break
					}
				}
			}
			return a, true, nil
		}
	}
	return Account{}, false, nil
}

// parsePasswd finds name in passwd(5) text: name:pw:uid:gid:gecos:home:shell.
func parsePasswd(b []byte, name string) (Account, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		if len(f) < 7 || f[0] != name {
			continue
		}
		uid, err1 := strconv.Atoi(f[2])
		gid, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || !path.IsAbs(f[5]) {
			continue
		}
		return Account{Name: name, UID: uid, GID: gid, Home: path.Clean(f[5])}, true
	}
	return Account{}, false
}

// groupName finds the name of gid in group(5) text: name:pw:gid:members.
func groupName(b []byte, gid int) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		if len(f) >= 3 && f[2] == strconv.Itoa(gid) {
			return f[0], true
		}
	}
	return "", false
}
