//go:build linux

package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The container's root file system. Everything that shapes it is in
// recipe, and the cache key is a hash of recipe and of the host's apt
// sources, so a change of either builds a new one.
const (
	suite    = "bookworm"
	userName = "iman"
	userUID  = 1000
)

// packages are the container's packages beyond minbase: systemd as PID 1,
// the system and session buses, logind through pam_systemd, polkitd (so
// that logind's default policy for org.freedesktop.login1.set-self-linger,
// allow_any=yes, is what decides whether a user may enable their own
// linger: without polkitd logind refuses every unprivileged caller, see
// src/shared/bus-polkit.c: bus_verify_polkit_async()), su for a real
// login, python3 for the tutorial's web server, curl to reach it, and
// iproute2/procps for diagnostics.
var packages = []string{
	"systemd", "systemd-sysv", "dbus", "dbus-user-session", "libpam-systemd", "polkitd",
	"python3", "curl", "iproute2", "procps", "login", "passwd",
}

// recipeVersion changes whenever the build steps below change meaning.
const recipeVersion = "1"

func recipe() []string {
	return []string{
		"mmdebstrap", "--variant=minbase", "--include=" + strings.Join(packages, ","),
		// Documentation and translations are a fifth of the tree, which
		// every test copies.
		"--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
		"--dpkgopt=path-exclude=/usr/share/info/*", "--dpkgopt=path-exclude=/usr/share/locale/*",
		// The user the tutorial runs as, with a home and a login shell.
		`--customize-hook=chroot "$1" useradd -m -s /bin/bash -u ` + strconv.Itoa(userUID) + " " + userName,
		// Every boot gets its own machine id (written per run, see newRunDir).
		`--customize-hook=: > "$1/etc/machine-id"`,
		`--customize-hook=echo usvc-e2e > "$1/etc/hostname"`,
		suite,
	}
}

// cacheDir is where the pristine root file systems live, outside the
// repository so that a machine that keeps it saves the build.
func cacheDir() string {
	if d := os.Getenv("USVC_E2E_CACHE"); d != "" {
		return d
	}
	return "/var/cache/usvc-e2e"
}

// aptSources is the host's own apt sources file: the container uses the
// same mirrors as the host, so no mirror name is written here.
func aptSources() (string, error) {
	for _, p := range []string{"/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"} {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 0 {
			return p, nil
		}
	}
	return "", errors.New("no apt sources file (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list): mmdebstrap needs a Debian mirror")
}

// pristineRootfs returns the cached root file system, building it first
// when it is missing. Callers copy it (newRunDir) and never boot it.
// It holds the cache lock, which newRunDir takes too, so a build and a
// copy never overlap across processes.
func pristineRootfs(t *testing.T) string {
	t.Helper()
	sources, err := aptSources()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(sources)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", recipeVersion, strings.Join(recipe(), "\x00"))
	h.Write(src)
	key := hex.EncodeToString(h.Sum(nil))[:16]
	dir := filepath.Join(cacheDir(), "rootfs-"+suite+"-"+key)

	unlock := lockCache(t)
	defer unlock()
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil && os.Getenv("USVC_E2E_REBUILD") != "1" {
		t.Logf("rootfs: cached %s", dir)
		return dir
	}
	if _, err := exec.LookPath("mmdebstrap"); err != nil {
		missing(t, "mmdebstrap (package mmdebstrap), needed once to build the container's root file system")
	}
	start := time.Now()
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	logPath := dir + ".build.log"
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	args := append(recipe(), tmp, sources)
	t.Logf("rootfs: building with %s (1-4 minutes)", strings.Join(args, " "))
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	err = cmd.Run()
	logf.Close()
	if err != nil {
		os.RemoveAll(tmp)
		t.Fatalf("mmdebstrap failed: %v\nlast lines of %s:\n%s", err, logPath, tail(readFile(logPath), 30))
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("rootfs: built %s in %.0fs", dir, time.Since(start).Seconds())
	// Root file systems of older recipes are dead weight (about 270 MB each).
	old, _ := filepath.Glob(filepath.Join(cacheDir(), "rootfs-*"))
	for _, o := range old {
		if o != dir && o != logPath {
			os.RemoveAll(o)
		}
	}
	return dir
}

// lockCache takes the cache's exclusive lock (flock, so it dies with the
// process) and returns its release.
func lockCache(t *testing.T) func() {
	t.Helper()
	if err := os.MkdirAll(cacheDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(cacheDir(), "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatal(err)
	}
	return func() { f.Close() }
}

// runDir names the root file system that one container boots and
// reboots from. Run directories are named after the test process, so one
// left by a killed run is recognised and removed by the next.
func runDir(t *testing.T, name string) string {
	t.Helper()
	runs := filepath.Join(cacheDir(), "runs")
	if err := os.MkdirAll(runs, 0o755); err != nil {
		t.Fatal(err)
	}
	removeStale(runs)
	return filepath.Join(runs, fmt.Sprintf("%d-%s", os.Getpid(), name))
}

// copyRootfs copies the pristine root file system to dir and gives it a
// machine id of its own, which stays the same across its reboot (the
// user's journal is keyed by it).
func (m *Machine) copyRootfs(pristine string) {
	t, dir := m.t, m.dir
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	unlock := lockCache(t)
	start := time.Now()
	cp := exec.Command("cp", "-a", "--reflink=auto", pristine, dir)
	// Dies with us: an interrupted run must not leave a copy growing.
	cp.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	cp.Stdout, cp.Stderr = &out, &out
	err := cp.Start()
	if err == nil {
		// teardown, from the signal handler, kills it and waits for
		// copied to be closed before it removes dir.
		copied := make(chan struct{})
		m.mu.Lock()
		m.cp, m.copied = cp, copied
		m.mu.Unlock()
		err = cp.Wait()
		close(copied)
	}
	unlock()
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("copy the root file system: %v\n%s", err, out.String())
	}
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "etc", "machine-id"), []byte(hex.EncodeToString(id[:])+"\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	t.Logf("rootfs: copied to %s in %.1fs", dir, time.Since(start).Seconds())
}

// removeStale removes the entries of dir named "PID-..." whose process is
// gone: what a killed test run could not clean up.
func removeStale(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if pid, ok := ownerPID(e.Name()); ok && !alive(pid) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// ownerPID reads the PID that starts a name like "1234-usvc-linger" or
// "usvc-e2e-1234-usvc-linger".
func ownerPID(name string) (int, bool) {
	name = strings.TrimPrefix(name, cgroupPrefix)
	i := strings.IndexByte(name, '-')
	if i <= 0 {
		return 0, false
	}
	pid, err := strconv.Atoi(name[:i])
	return pid, err == nil && pid > 0
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// indent prefixes every line of s, for output nested under a check.
func indent(s string) string {
	var b bytes.Buffer
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("    | ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
