// Package specifier knows systemd's "%" specifiers: which letters exist,
// since which release, in which kind of setting each resolves, and what it
// resolves to for the system manager and for a user manager.
//
// Scan finds the specifiers in a value the way src/shared/specifier.c:
// specifier_printf() walks it. Env.Expand resolves them like systemd 252's
// unit_full_printf(), unit_name_printf() and install_name_printf(), from
// an Env that the caller fills; nothing here reads the host except
// FromHost, which builds an Env for this machine.
package specifier

// Oldest is the oldest release the facts go back to: a Since of Oldest
// means "in v219 or earlier".
const Oldest = 219

// Spec is one specifier: its letter and the facts of systemd.unit(5) and
// src/core/unit-printf.c, src/shared/install-printf.c across releases
// (the same facts as systemd-data/specifiers.tsv).
type Spec struct {
	Letter  byte   // 'n' for %n; '%' for %%
	Meaning string // the short "Meaning" of systemd.unit(5)
	// Since is the first release whose unit files resolve it (Oldest:
	// v219 or earlier).
	Since int
	// InstallSince is the first release whose `systemctl enable` resolves
	// it in [Install] (install_name_printf()); 0 if it never does.
	InstallSince int
	// UnitNames is true when it also resolves where a unit name is
	// expected: dependency lists, Slice=, ... (unit_name_printf()).
	UnitNames bool
	// Deprecated is true for %c %r %R: NEWS 233 calls them removed, but
	// they still resolve, with a warning.
	Deprecated bool
	// Documented is true when systemd.unit(5) lists it (the deprecated
	// cgroup specifiers are not listed).
	Documented bool
	// System and User paraphrase its value in the system manager and in
	// a user manager of the newest release; "same" when it does not
	// depend on the manager. For v252, whose user %S and %L differ, see
	// NewEnv.
	System, User string
}

var table = []Spec{
	{'%', "Single percent sign", 219, 219, true, false, true, "same", "same"},
	{'A', "Operating system image version", 249, 249, true, false, true, "same", "same"},
	{'a', "Architecture", 246, 246, true, false, true, "same", "same"},
	{'B', "Operating system build ID", 246, 246, true, false, true, "same", "same"},
	{'b', "Boot ID", 219, 219, true, false, true, "same", "same"},
	{'C', "Cache directory root", 236, 0, false, false, true, "/var/cache", "$XDG_CACHE_HOME"},
	{'c', "Unit cgroup path (deprecated)", 219, 0, false, true, false, "same", "same"},
	{'D', "Shared data directory", 256, 0, false, false, true, "/usr/share", "$XDG_DATA_HOME"},
	{'d', "Credentials directory", 251, 0, false, false, true, "$CREDENTIALS_DIRECTORY", "$CREDENTIALS_DIRECTORY"},
	{'E', "Configuration directory root", 239, 0, false, false, true, "/etc", "$XDG_CONFIG_HOME"},
	{'f', "Unescaped filename", 219, 0, false, false, true, "same", "same"},
	{'G', "User GID", 240, 240, true, false, true, "0", "manager's GID"},
	{'g', "User group", 240, 240, true, false, true, "root", "manager's group name"},
	{'H', "Host name", 219, 219, true, false, true, "same", "same"},
	{'h', "User home directory", 219, 0, false, false, true, "/root (or $HOME)", "home of the manager's user"},
	{'I', "Unescaped instance name", 219, 0, false, false, true, "same", "same"},
	{'i', "Instance name", 219, 219, true, false, true, "same", "same"},
	{'J', "Unescaped final component of the prefix", 239, 0, false, false, true, "same", "same"},
	{'j', "Final component of the prefix", 239, 239, true, false, true, "same", "same"},
	{'L', "Log directory root", 236, 0, false, false, true, "/var/log", "$XDG_STATE_HOME/log"},
	{'l', "Short host name", 246, 247, true, false, true, "same", "same"},
	{'M', "Operating system image identifier", 249, 249, true, false, true, "same", "same"},
	{'m', "Machine ID", 219, 219, true, false, true, "same", "same"},
	{'N', "Full unit name without type suffix", 219, 219, true, false, true, "same", "same"},
	{'n', "Full unit name", 219, 219, true, false, true, "same", "same"},
	{'o', "Operating system ID", 246, 246, true, false, true, "same", "same"},
	{'P', "Unescaped prefix name", 219, 0, false, false, true, "same", "same"},
	{'p', "Prefix name", 219, 219, true, false, true, "same", "same"},
	{'q', "Pretty host name", 251, 251, true, false, true, "same", "same"},
	{'R', "Cgroup root (deprecated)", 219, 0, false, true, false, "same", "same"},
	{'r', "Slice cgroup path (deprecated)", 219, 0, false, true, false, "same", "same"},
	{'S', "State directory root", 236, 0, false, false, true, "/var/lib", "$XDG_STATE_HOME"},
	{'s', "User shell", 219, 0, false, false, true, "$SHELL or build default root shell (/bin/sh)", "manager's user shell"},
	{'T', "Directory for temporary files", 239, 0, false, false, true, "/tmp or $TMPDIR", "/tmp or $TMPDIR"},
	{'t', "Runtime directory root", 219, 0, false, false, true, "/run", "$XDG_RUNTIME_DIR"},
	{'U', "User UID", 219, 219, true, false, true, "0", "manager's UID"},
	{'u', "User name", 219, 219, true, false, true, "root", "manager's user name"},
	{'V', "Directory for larger and persistent temporary files", 239, 0, false, false, true, "/var/tmp or $TMPDIR", "/var/tmp or $TMPDIR"},
	{'v', "Kernel release", 219, 219, true, false, true, "same", "same"},
	{'W', "Operating system variant ID", 246, 246, true, false, true, "same", "same"},
	{'w', "Operating system version ID", 246, 246, true, false, true, "same", "same"},
	{'Y', "The directory of the fragment", 251, 0, false, false, true, "same", "same"},
	{'y', "The path to the fragment", 251, 0, false, false, true, "same", "same"},
}

// All returns every specifier, "%%" first, then by letter as in
// systemd.unit(5) (A a B b ...). The slice is a copy.
func All() []Spec {
	return append([]Spec(nil), table...)
}

// Lookup returns the specifier for letter ('n' for %n).
func Lookup(letter byte) (Spec, bool) {
	for _, s := range table {
		if s.Letter == letter {
			return s, true
		}
	}
	return Spec{}, false
}

// Context is the kind of printf call that resolves a value. Each accepts
// a different set of letters.
type Context uint8

const (
	// UnitFile is unit_full_printf() and its variants: most settings of
	// a unit file (Description=, Exec*=, Environment=, paths, ...).
	UnitFile Context = iota
	// UnitName is unit_name_printf(): where a unit name is expected
	// (After=, Wants=, Slice=, ...). Only specifiers that are safe in a
	// unit name resolve: %i %j %n %N %p, the machine ones, %g %G %u %U.
	// So Wants=x-%I.service is "Invalid slot" and that word is ignored.
	UnitName
	// Install is install_name_printf(): [Install] Alias=, WantedBy=,
	// Also=, ... when `systemctl enable` runs. The same letters as
	// UnitName, but %i, %n and %N take DefaultInstance= into account.
	Install
)

func (c Context) String() string {
	switch c {
	case UnitFile:
		return "unit file"
	case UnitName:
		return "unit name"
	case Install:
		return "install"
	}
	return "unknown context"
}

// Set returns the letters that context c of systemd release version
// resolves. "%%" is in every set.
func (c Context) Set(version int) Set {
	s := Set{ctx: c, version: version}
	for _, sp := range table {
		ok := false
		switch c {
		case UnitFile:
			ok = sp.Since <= version
		case UnitName:
			ok = sp.UnitNames && sp.Since <= version
		case Install:
			ok = sp.InstallSince != 0 && sp.InstallSince <= version
		}
		if ok {
			s.bits[sp.Letter>>6] |= 1 << (sp.Letter & 63)
		}
	}
	return s
}

// Set is the set of specifier letters one printf call of one systemd
// release resolves. Build it with Context.Set.
type Set struct {
	ctx     Context
	version int
	bits    [2]uint64
}

// Context is the context the set was built for.
func (s Set) Context() Context { return s.ctx }

// Version is the systemd release the set was built for.
func (s Set) Version() int { return s.version }

// Has reports whether %letter resolves ('%' for "%%").
func (s Set) Has(letter byte) bool {
	return letter < 128 && s.bits[letter>>6]&(1<<(letter&63)) != 0
}

// Letters are the letters of the set in byte order, "%" first.
func (s Set) Letters() string {
	var b []byte
	for c := 0; c < 128; c++ {
		if s.Has(byte(c)) {
			b = append(b, byte(c))
		}
	}
	return string(b)
}
