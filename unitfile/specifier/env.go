package specifier

import (
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile/unitname"
)

// Output limits of systemd's printf callers: the result may have at most
// this many bytes, or it is ErrTooLong.
const (
	MaxLine = 1 << 20  // LONG_LINE_MAX: unit_full_printf(), most settings
	MaxPath = 4096 - 1 // PATH_MAX-1: unit_path_printf(), path settings
	MaxName = 256      // UNIT_NAME_MAX: unit_name_printf(), install_name_printf()
)

// Manager is the service manager a unit runs under.
type Manager uint8

const (
	// System is the system manager, PID 1 (`systemctl`).
	System Manager = iota
	// User is a per-user manager, user@UID.service (`systemctl --user`).
	User
)

func (m Manager) String() string {
	if m == User {
		return "user"
	}
	return "system"
}

// OSRelease holds the os-release(5) fields that specifiers show.
type OSRelease struct {
	ID           string // %o
	VersionID    string // %w
	BuildID      string // %B
	VariantID    string // %W
	ImageID      string // %M
	ImageVersion string // %A
}

// Env is everything a specifier can resolve to, for one unit in one
// manager. Expand never looks anywhere else. An empty field inserts
// nothing, as systemd does for an empty value. NewEnv fills the fields
// that follow from the manager and its environment, FromHost also the
// machine's.
type Env struct {
	Manager Manager

	// Unit is the unit's full name, with instance: "getty@tty1.service".
	// %n %N %p %P %i %I %j %J %f %d derive from it.
	Unit string
	// FragmentPath is the canonical (symlink-free) path of the unit file,
	// for %y and %Y; empty when the unit has no file (ErrNoFragment).
	FragmentPath string
	// DefaultInstance is the unit's DefaultInstance= after its own
	// specifiers are resolved. Only the Install context uses it, and only
	// when Unit is a template, as `systemctl enable` does.
	DefaultInstance string

	// UserName, UID, GroupName and GID are %u %U %g %G in a user manager:
	// the manager's own user. In the system manager they are ignored:
	// there %u %U %g %G are always root, 0, root, 0.
	UserName  string
	UID       uint32
	GroupName string
	GID       uint32

	Home  string // %h
	Shell string // %s

	RuntimeDir string // %t; %d is RuntimeDir/credentials/Unit
	StateDir   string // %S
	CacheDir   string // %C
	LogsDir    string // %L
	ConfigDir  string // %E
	DataDir    string // %D (v256 and later)
	TmpDir     string // %T
	VarTmpDir  string // %V

	Hostname       string // %H; %l is it up to the first "."
	PrettyHostname string // %q; when empty, %q is %l
	MachineID      string // %m, 32 hex digits
	BootID         string // %b, 32 hex digits
	KernelRelease  string // %v
	Architecture   string // %a, in systemd's names: "x86-64", "arm64", ...
	OS             OSRelease

	// The deprecated cgroup specifiers: %c the unit's cgroup, %r its
	// slice's, %R the manager's cgroup root.
	CgroupPath, SliceCgroupPath, CgroupRoot string
}

// Account is the user a manager runs as, as the passwd and group
// databases have it.
type Account struct {
	Name  string
	UID   uint32
	Group string
	GID   uint32
	Home  string
	Shell string
}

// NewEnv fills an Env for unit the way a manager of systemd release
// version fills its specifiers, with getenv standing for the manager's
// environment (nil for none, as for PID 1) and acct for the user the
// manager runs as (the zero Account is root). Machine-dependent fields
// (%H %m %b %v %a %o ...), FragmentPath and the cgroup paths stay empty.
//
// The system manager uses /run, /var/lib, /var/cache, /var/log, /etc and
// /usr/share. A user manager uses $XDG_RUNTIME_DIR, $XDG_CONFIG_HOME
// (default ~/.config), $XDG_CACHE_HOME (~/.cache) and $XDG_DATA_HOME
// (~/.local/share). Before v254 a user manager's %S is the config
// directory and %L is its "log" subdirectory (src/core/manager.c:
// manager_setup_prefix()); from v254 they are $XDG_STATE_HOME
// (~/.local/state) and its "log".
//
// %h and %s take $HOME and $SHELL first, then /root and the default root
// shell (/bin/bash, Debian's and upstream's build default) for uid 0,
// then the account (src/basic/user-util.c: get_home_dir(), get_shell()).
// %T and %V take the first of $TMPDIR, $TEMP, $TMP that is an absolute
// normalized path; whether it is a directory is not checked here.
func NewEnv(m Manager, version int, unit string, acct Account, getenv func(string) string) Env {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	e := Env{Manager: m, Unit: unit}
	if m == User {
		e.UserName, e.UID, e.GroupName, e.GID = acct.Name, acct.UID, acct.Group, acct.GID
	}
	e.Home = userPath(getenv("HOME"), acct.UID, "/root", acct.Home)
	e.Shell = userPath(getenv("SHELL"), acct.UID, "/bin/bash", acct.Shell)

	if m == System {
		e.RuntimeDir = "/run"
		e.StateDir = "/var/lib"
		e.CacheDir = "/var/cache"
		e.LogsDir = "/var/log"
		e.ConfigDir = "/etc"
		e.DataDir = "/usr/share"
	} else {
		// see src/libsystemd/sd-path/sd-path.c: from_home_dir(), from_environment()
		fromHome := func(env, suffix string) string {
			if v := getenv(env); strings.HasPrefix(v, "/") {
				return v
			}
			return pathJoin(e.Home, suffix)
		}
		if v := getenv("XDG_RUNTIME_DIR"); strings.HasPrefix(v, "/") {
			e.RuntimeDir = v
		}
		e.ConfigDir = fromHome("XDG_CONFIG_HOME", ".config")
		e.CacheDir = fromHome("XDG_CACHE_HOME", ".cache")
		e.DataDir = fromHome("XDG_DATA_HOME", ".local/share")
		e.StateDir = e.ConfigDir
		if version >= 254 {
			e.StateDir = fromHome("XDG_STATE_HOME", ".local/state")
		}
		e.LogsDir = pathJoin(e.StateDir, "log")
	}

	e.TmpDir, e.VarTmpDir = "/tmp", "/var/tmp"
	// see src/basic/fs-util.c: getenv_tmp_dir()
	for _, n := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v := getenv(n); strings.HasPrefix(v, "/") && normalized(v) {
			e.TmpDir, e.VarTmpDir = v, v
			break
		}
	}
	return e
}

// userPath is the lookup of get_home_dir() and get_shell(): the
// environment's value if it is an absolute path, else a fixed value for
// root, else the account's.
func userPath(env string, uid uint32, root, account string) string {
	if strings.HasPrefix(env, "/") && validPath(env) {
		return simplify(env)
	}
	if uid == 0 {
		return root
	}
	return simplify(account)
}

// Expand resolves every specifier of s that set knows, as
// specifier_printf() does with the table of set's context: "%%" gives
// "%", "%" with a byte that is no ASCII letter or digit and a final "%"
// are kept, and any other letter is ErrInvalidSlot. The result may have
// at most max bytes (MaxLine, MaxPath, MaxName). Errors are *Error and
// come in the order systemd meets them.
func (e *Env) Expand(s string, set Set, max int) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		start := i
		c := s[i]
		switch {
		case c != '%':
			b.WriteByte(c)
		case i+1 == len(s):
			// see src/shared/specifier.c: "If string ended with a stray %, also end with %"
			b.WriteByte('%')
		default:
			i++
			l := s[i]
			switch {
			case l == '%':
				b.WriteByte('%')
			case set.Has(l):
				v, err := e.value(l, set.ctx)
				if err != nil {
					return "", &Error{Offset: i - 1, Letter: l, Err: err}
				}
				b.WriteString(v)
			case alnum(l):
				return "", &Error{Offset: i - 1, Letter: l, Err: ErrInvalidSlot}
			default:
				b.WriteByte('%')
				b.WriteByte(l)
			}
		}
		if b.Len() > max {
			return "", &Error{Offset: start, Err: ErrTooLong}
		}
	}
	return b.String(), nil
}

// Value resolves one specifier, %letter, as set's context does.
func (e *Env) Value(letter byte, set Set) (string, error) {
	if letter == '%' {
		return "%", nil
	}
	if !set.Has(letter) {
		return "", ErrInvalidSlot
	}
	return e.value(letter, set.ctx)
}

func (e *Env) value(l byte, ctx Context) (string, error) {
	if ctx == Install {
		switch l {
		case 'i', 'j', 'n', 'N', 'p':
			return e.installName(l)
		}
	}
	switch l {
	case 'n':
		return e.Unit, nil
	case 'N':
		return unitname.PrefixAndInstance(e.Unit)
	case 'p':
		return unitname.Prefix(e.Unit)
	case 'P':
		p, err := unitname.Prefix(e.Unit)
		if err != nil {
			return "", err
		}
		return unitname.Unescape(p)
	case 'i':
		return e.instance(), nil
	case 'I':
		return unitname.Unescape(e.instance())
	case 'j', 'J':
		// see src/core/unit-printf.c: specifier_last_component()
		p, err := unitname.Prefix(e.Unit)
		if err != nil {
			return "", err
		}
		if d := strings.LastIndexByte(p, '-'); d >= 0 {
			p = p[d+1:]
			if p == "" && l == 'J' {
				// an empty last component comes back as NULL, and
				// unit_name_unescape(NULL) fails assert(f)
				return "", ErrAbort
			}
		}
		if l == 'J' {
			return unitname.Unescape(p)
		}
		return p, nil
	case 'f':
		// see src/core/unit-printf.c: specifier_filename()
		if i := e.instance(); i != "" {
			return unitname.PathUnescape(i)
		}
		return unitname.ToPath(e.Unit)
	case 'y':
		if e.FragmentPath == "" {
			return "", ErrNoFragment
		}
		return e.FragmentPath, nil
	case 'Y':
		if e.FragmentPath == "" {
			return "", ErrNoFragment
		}
		return dir(e.FragmentPath), nil
	case 'c':
		return e.CgroupPath, nil
	case 'r':
		return e.SliceCgroupPath, nil
	case 'R':
		return e.CgroupRoot, nil
	case 'C':
		return e.CacheDir, nil
	case 'd':
		// see src/core/unit-printf.c: specifier_credentials_dir()
		return e.RuntimeDir + "/credentials/" + e.Unit, nil
	case 'D':
		return e.DataDir, nil
	case 'E':
		return e.ConfigDir, nil
	case 'L':
		return e.LogsDir, nil
	case 'S':
		return e.StateDir, nil
	case 't':
		return e.RuntimeDir, nil
	case 'h':
		return e.Home, nil
	case 's':
		return e.Shell, nil
	case 'T':
		return e.TmpDir, nil
	case 'V':
		return e.VarTmpDir, nil
	case 'a':
		return e.Architecture, nil
	case 'A':
		return e.OS.ImageVersion, nil
	case 'b':
		return e.BootID, nil
	case 'B':
		return e.OS.BuildID, nil
	case 'H':
		return e.Hostname, nil
	case 'l':
		return e.shortHostname(), nil
	case 'q':
		if e.PrettyHostname != "" {
			return e.PrettyHostname, nil
		}
		return e.shortHostname(), nil
	case 'm':
		return e.MachineID, nil
	case 'M':
		return e.OS.ImageID, nil
	case 'o':
		return e.OS.ID, nil
	case 'v':
		return e.KernelRelease, nil
	case 'w':
		return e.OS.VersionID, nil
	case 'W':
		return e.OS.VariantID, nil
	case 'g', 'G', 'u', 'U':
		// see src/shared/specifier.c: specifier_user_name() and the others:
		// uid and gid 0 in the system manager, getuid()/getgid() in a user one
		if e.Manager == System {
			if l == 'G' || l == 'U' {
				return "0", nil
			}
			return "root", nil
		}
		switch l {
		case 'g':
			return e.GroupName, nil
		case 'G':
			return strconv.FormatUint(uint64(e.GID), 10), nil
		case 'u':
			return e.UserName, nil
		default:
			return strconv.FormatUint(uint64(e.UID), 10), nil
		}
	}
	return "", ErrInvalidSlot
}

// instance is u->instance: empty for a plain name (and for a template,
// which is never a loaded unit).
func (e *Env) instance() string {
	i, _, err := unitname.InstanceOf(e.Unit)
	if err != nil {
		return ""
	}
	return i
}

func (e *Env) shortHostname() string {
	h := e.Hostname
	if i := strings.IndexByte(h, '.'); i >= 0 {
		h = h[:i]
	}
	return h
}

// installName resolves %i %j %n %N %p as install_name_printf() does: the
// name may be a template, and then DefaultInstance= fills in.
// see src/shared/install-printf.c
func (e *Env) installName(l byte) (string, error) {
	def := e.DefaultInstance
	if !unitname.Valid(e.Unit, unitname.Template) {
		// see src/shared/install.c: config_parse_default_instance(): ignored
		// for an instance, "only makes sense for template units" otherwise
		def = ""
	}
	switch l {
	case 'i':
		i, _, err := unitname.InstanceOf(e.Unit)
		if err != nil {
			return "", err
		}
		if i == "" {
			i = def
		}
		return i, nil
	case 'j':
		p, err := unitname.Prefix(e.Unit)
		if err != nil {
			return "", err
		}
		if d := strings.LastIndexByte(p, '-'); d >= 0 {
			p = p[d+1:]
		}
		return p, nil
	case 'n':
		if def != "" {
			return unitname.ReplaceInstance(e.Unit, def)
		}
		return e.Unit, nil
	case 'N':
		p, err := unitname.PrefixAndInstance(e.Unit)
		if err != nil {
			return "", err
		}
		if strings.HasSuffix(p, "@") && def != "" {
			p += def
		}
		return p, nil
	default: // 'p'
		return unitname.Prefix(e.Unit)
	}
}
