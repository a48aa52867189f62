package specifier

import (
	"bufio"
	"os"
	"os/user"
	"strconv"
	"strings"
)

// FromHost builds the Env that `systemd-analyze verify` (release version)
// would use for unit on this machine, as manager m, run by the current
// user with the current environment: NewEnv with the current account and
// os.Getenv, then the machine's host name, pretty host name
// (/etc/machine-info), machine and boot ID, kernel release, architecture
// and os-release fields. FragmentPath and the cgroup paths stay empty.
// A value that cannot be read stays empty; only a failed lookup of the
// current user is an error.
func FromHost(m Manager, version int, unit string) (Env, error) {
	acct, err := currentAccount()
	if err != nil {
		return Env{}, err
	}
	e := NewEnv(m, version, unit, acct, os.Getenv)
	if os.Getenv("SHELL") == "" && acct.UID == 0 {
		// see src/basic/user-util.c: default_root_shell(): /bin/sh when the
		// build default (/bin/bash) is missing
		if _, err := os.Stat("/bin/bash"); err != nil {
			e.Shell = "/bin/sh"
		}
	}
	e.TmpDir, e.VarTmpDir = hostTmpDir("/tmp"), hostTmpDir("/var/tmp")

	e.Hostname, _ = os.Hostname()
	e.PrettyHostname = envFile("/etc/machine-info")["PRETTY_HOSTNAME"]
	e.MachineID = readID("/etc/machine-id")
	e.BootID = readID("/proc/sys/kernel/random/boot_id")
	e.KernelRelease, e.Architecture = uname()

	osr := envFile("/etc/os-release")
	if osr == nil {
		osr = envFile("/usr/lib/os-release")
	}
	e.OS = OSRelease{
		ID: osr["ID"], VersionID: osr["VERSION_ID"], BuildID: osr["BUILD_ID"],
		VariantID: osr["VARIANT_ID"], ImageID: osr["IMAGE_ID"], ImageVersion: osr["IMAGE_VERSION"],
	}
	return e, nil
}

func currentAccount() (Account, error) {
	u, err := user.Current()
	if err != nil {
		return Account{}, err
	}
	a := Account{Name: u.Username, Home: u.HomeDir}
	if n, err := strconv.ParseUint(u.Uid, 10, 32); err == nil {
		a.UID = uint32(n)
	}
	if n, err := strconv.ParseUint(u.Gid, 10, 32); err == nil {
		a.GID = uint32(n)
	}
	if g, err := user.LookupGroupId(u.Gid); err == nil {
		a.Group = g.Name
	}
	a.Shell = passwdShell(u.Uid)
	return a, nil
}

// passwdShell is the login shell of uid in /etc/passwd; os/user does not
// give it.
func passwdShell(uid string) string {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) >= 7 && fields[2] == uid {
			return fields[6]
		}
	}
	return ""
}

// hostTmpDir is tmp_dir_internal() of src/basic/fs-util.c: the first of
// $TMPDIR, $TEMP, $TMP that is an absolute normalized path of a
// directory, else def.
func hostTmpDir(def string) string {
	for _, n := range []string{"TMPDIR", "TEMP", "TMP"} {
		v, ok := os.LookupEnv(n)
		if !ok || !strings.HasPrefix(v, "/") || !normalized(v) {
			continue
		}
		if fi, err := os.Stat(v); err == nil && fi.IsDir() {
			return v
		}
	}
	return def
}

// readID reads a 128-bit ID file and returns it as systemd prints it: 32
// lower-case hex digits, without dashes.
func readID(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	id := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(string(b)), "-", ""))
	if len(id) != 32 {
		return ""
	}
	for _, c := range id {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return ""
		}
	}
	return id
}

// envFile reads a KEY=value file like os-release(5): quotes are removed
// and backslash escapes inside double quotes resolved. It returns nil when
// the file cannot be read.
func envFile(path string) map[string]string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		m[strings.TrimSpace(k)] = unquote(strings.TrimSpace(v))
	}
	return m
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return v[1 : len(v)-1]
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) {
				i++
			}
			b.WriteByte(v[i])
		}
		return b.String()
	}
	return v
}

// goArchNames maps GOARCH to systemd's names, for systems without uname.
var goArchNames = map[string]string{
	"amd64": "x86-64", "386": "x86", "arm64": "arm64", "arm": "arm",
	"ppc64le": "ppc64-le", "ppc64": "ppc64", "s390x": "s390x", "riscv64": "riscv64",
	"loong64": "loongarch64", "mips64": "mips64", "mips64le": "mips64-le", "mips": "mips", "mipsle": "mips-le",
}
