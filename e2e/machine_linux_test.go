//go:build linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/usvc/usvc/internal/testenv"
)

// joinCgroupEnv, when set, turns the test binary into the launcher of
// systemd-nspawn (see launch); its value lists the cgroups to join,
// separated by filepath.ListSeparator.
const joinCgroupEnv = "USVC_E2E_JOIN_CGROUPS"

// cgroupPrefix names the private cgroups, followed by "PID-MACHINE".
const cgroupPrefix = "usvc-e2e-"

func TestMain(m *testing.M) {
	if dirs := os.Getenv(joinCgroupEnv); dirs != "" {
		launch(filepath.SplitList(dirs), os.Args[1:])
	}
	go stopAllOnSignal()
	os.Exit(m.Run())
}

// launch is the launcher's whole life. It moves itself into the private
// cgroups (writing a PID to cgroup.procs moves all its threads), so that
// nspawn, its child, creates the container's cgroups there and nowhere
// else; then it stays with nspawn and exits with nspawn's exit code (133
// for a reboot).
//
// It exists to stop nspawn the one way that cannot orphan the container,
// whatever happens to the test process. On SIGTERM (from teardown, or from
// the kernel when the test process dies: Pdeathsig) it sends nspawn
// SIGTERM, which nspawn passes to the container as a halt request, and
// again 10 s later if nspawn still runs: a second SIGTERM makes nspawn
// SIGKILL the container's init itself and exit (src/nspawn/nspawn.c:
// on_orderly_shutdown(), then "kill(*pid, SIGKILL)"). The second one is
// needed: a halt request sent while the container's systemd is starting
// is lost. SIGKILL of nspawn would leave the container running.
func launch(dirs, argv []string) {
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			fmt.Fprintf(os.Stderr, "e2e launcher: join cgroup %s: %v\n", d, err)
			os.Exit(126)
		}
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, joinCgroupEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e launcher: %v\n", err)
		os.Exit(127)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	var again <-chan time.Time
	for {
		select {
		case <-done:
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				os.Exit(128 + int(ws.Signal()))
			}
			os.Exit(ws.ExitStatus())
		case <-sigs:
			cmd.Process.Signal(syscall.SIGTERM)
			if again == nil {
				again = time.After(10 * time.Second)
			}
		case <-again:
			cmd.Process.Signal(syscall.SIGTERM)
		}
	}
}

// live holds every machine not yet torn down, so that an interrupted run
// (Ctrl-C, SIGTERM from a CI timeout) still stops them: the testing
// package runs no Cleanup then.
var live sync.Map // *Machine -> struct{}

func stopAllOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	s := <-c
	fmt.Fprintf(os.Stderr, "e2e: %v: stopping the containers\n", s)
	var wg sync.WaitGroup
	live.Range(func(k, _ any) bool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := k.(*Machine).teardown(); err != nil {
				fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
			}
		}()
		return true
	})
	wg.Wait()
	os.Exit(2)
}

// missing skips because a prerequisite is absent, or fails under CI=true.
func missing(t *testing.T, what string) {
	t.Helper()
	testenv.Missing(t, what)
}

// requirements checks what every container needs before anything is
// built or started, and returns the cgroup hierarchies to use.
func requirements(t *testing.T) []string {
	t.Helper()
	if os.Geteuid() != 0 {
		const why = "the e2e tests boot a systemd-nspawn container, which needs root"
		if os.Getenv("CI") == "true" {
			t.Fatal(why + ", and CI=true: .ci/run runs as root, so something is wrong")
		}
		t.Skip("skipped: " + why + ": run them with sudo")
	}
	for _, p := range []string{"systemd-nspawn", "nsenter", "cp"} {
		if _, err := exec.LookPath(p); err != nil {
			missing(t, p+" (systemd-nspawn: package systemd-container; nsenter: util-linux)")
		}
	}
	hier, err := cgroupHierarchies()
	if err != nil {
		cannotRun(t, err.Error())
	}
	if err := probeNspawn(hier); err != nil {
		cannotRun(t, err.Error())
	}
	return hier
}

// cannotRun skips, even under CI=true, because the kernel or the sandbox
// around this process refuses what nspawn needs. That is decided by
// probeNspawn from the kernel's own answers before any usvc code or
// container runs, so it cannot hide a bug in usvc or in this harness.
// USVC_E2E_REQUIRE=1 turns it into a failure, for machines known to run
// nspawn.
func cannotRun(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("USVC_E2E_REQUIRE") == "1" {
		t.Fatalf("this machine cannot run systemd-nspawn, and USVC_E2E_REQUIRE=1: %s", why)
	}
	t.Skipf("skipped: this machine cannot run systemd-nspawn: %s", why)
}

// cgroupHierarchies finds where nspawn's cgroups go: the cgroup2 root on a
// unified host; both cgroup2 (unified/) and the name=systemd hierarchy on
// a hybrid host (nspawn uses both); the name=systemd one on a legacy host.
func cgroupHierarchies() ([]string, error) {
	const cgroup2Magic = 0x63677270
	var st syscall.Statfs_t
	if err := syscall.Statfs("/sys/fs/cgroup", &st); err != nil {
		return nil, fmt.Errorf("no /sys/fs/cgroup: %v", err)
	}
	if st.Type == cgroup2Magic {
		return []string{"/sys/fs/cgroup"}, nil
	}
	isDir := func(p string) bool { fi, err := os.Stat(p); return err == nil && fi.IsDir() }
	switch {
	case isDir("/sys/fs/cgroup/unified") && isDir("/sys/fs/cgroup/systemd"):
		return []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup/systemd"}, nil
	case isDir("/sys/fs/cgroup/systemd"):
		return []string{"/sys/fs/cgroup/systemd"}, nil
	}
	return nil, errors.New("neither a cgroup2 /sys/fs/cgroup nor a name=systemd hierarchy at /sys/fs/cgroup/systemd")
}

// probeNspawn asks the kernel for what nspawn needs, without nspawn: a
// child in new mount, PID, UTS, IPC and network namespaces (as nspawn
// --private-network creates), and a cgroup of our own in each hierarchy.
// An EPERM, EACCES, EROFS or EINVAL here comes from the kernel or from a
// sandbox's seccomp/LSM/read-only mounts, not from anything under test.
var probes atomic.Int64 // tests probe in parallel: each its own cgroup

func probeNspawn(hier []string) error {
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
		syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC | syscall.CLONE_NEWNET}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the kernel refuses new mount/PID/UTS/IPC/network namespaces: %v", err)
	}
	for _, h := range hier {
		d := filepath.Join(h, fmt.Sprintf("%s%d-probe%d", cgroupPrefix, os.Getpid(), probes.Add(1)))
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("cannot create a cgroup in %s: %v", h, err)
		}
		if err := syscall.Rmdir(d); err != nil {
			return fmt.Errorf("cannot remove the probe cgroup %s: %v", d, err)
		}
	}
	return nil
}

// Machine is one booted container. Its methods run commands inside it
// with nsenter; every command has a time limit, so a hung container fails
// the test instead of hanging it.
type Machine struct {
	t      *testing.T
	name   string
	dir    string   // the root file system it boots, a copy
	binds  []string // --bind-ro= arguments
	cgs    []string // private cgroups, one per hierarchy
	logDir string
	ctx    context.Context // ends a little before the test binary's deadline

	mu     sync.Mutex
	cmd    *exec.Cmd     // the launcher of the running systemd-nspawn
	exited chan struct{} // closed when cmd has been waited for
	code   int           // its exit code, once exited is closed
	leader int           // the container's PID 1, as seen from the host
	boots  int
	cp     *exec.Cmd     // the copy of the root file system, while it runs
	closed bool          // set by teardown: no more boots
	copied chan struct{} // closed when cp has been waited for

	once    sync.Once
	downErr error
}

// Bind is a host file bind-mounted read-only into the container.
type Bind struct{ Host, Container string }

// Boot builds (or takes from the cache) the root file system, copies it,
// boots it, and waits until systemd reports the system running. The
// container is stopped and removed when the test ends, passed or not.
func Boot(t *testing.T, name string, binds ...Bind) *Machine {
	t.Helper()
	hier := requirements(t)
	pristine := pristineRootfs(t)
	removeStaleCgroups(hier)
	m := &Machine{t: t, name: name, logDir: t.TempDir(), ctx: context.Background()}
	if d, ok := t.Deadline(); ok {
		// Leave time for teardown: the testing package's timeout panics
		// without running Cleanup.
		ctx, cancel := context.WithDeadline(context.Background(), d.Add(-90*time.Second))
		t.Cleanup(cancel)
		m.ctx = ctx
	}
	for _, b := range binds {
		m.binds = append(m.binds, "--bind-ro="+b.Host+":"+b.Container)
	}
	for _, h := range hier {
		d := filepath.Join(h, fmt.Sprintf("%s%d-%s", cgroupPrefix, os.Getpid(), name))
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			t.Fatalf("create private cgroup: %v", err)
		}
		m.cgs = append(m.cgs, d)
	}
	m.dir = runDir(t, name)
	live.Store(m, struct{}{})
	t.Cleanup(func() {
		if err := m.teardown(); err != nil {
			t.Error(err)
		}
	})
	m.copyRootfs(pristine)
	m.boot()
	return m
}

// removeStaleCgroups removes the private cgroups of test processes that
// are gone (killed before their teardown), and what still runs in them.
func removeStaleCgroups(hier []string) {
	for _, h := range hier {
		ents, _ := os.ReadDir(h)
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), cgroupPrefix) {
				continue
			}
			if pid, ok := ownerPID(e.Name()); ok && !alive(pid) {
				// A container whose test process was killed at boot
				// can outlive it: it is ours, and nothing else is here.
				killCgroups([]string{filepath.Join(h, e.Name())})
				rmdirTree(filepath.Join(h, e.Name()))
			}
		}
	}
}

// rmdirTree removes a cgroup and its children, deepest first (cgroupfs
// refuses anything but rmdir of an empty cgroup).
func rmdirTree(root string) error {
	var dirs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	var first error
	for _, d := range dirs {
		if err := syscall.Rmdir(d); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = fmt.Errorf("remove cgroup %s: %v (processes left: %s)", d, err, strings.TrimSpace(readFile(filepath.Join(d, "cgroup.procs"))))
		}
	}
	return first
}

// boot starts systemd-nspawn on m.dir and waits for the system to run.
func (m *Machine) boot() {
	t := m.t
	t.Helper()
	m.mu.Lock()
	m.boots++
	n := m.boots
	m.mu.Unlock()
	console := filepath.Join(m.logDir, fmt.Sprintf("console-boot%d.log", n))
	logf, err := os.Create(console)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	nspawn, _ := exec.LookPath("systemd-nspawn")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// --register=no --keep-unit: there is no systemd or machined on the
	// host to register with (without them: "Failed to open system bus").
	// --private-network: the container has its own loopback, so its port
	// 8080 is its own. --console=pipe: the console goes to our log file.
	args := append([]string{nspawn, "--quiet", "-D", m.dir, "-M", m.name, "--boot", "--register=no",
		"--keep-unit", "--private-network", "--console=pipe"}, m.binds...)
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), joinCgroupEnv+"="+strings.Join(m.cgs, string(filepath.ListSeparator)),
		// A cgroup2 hierarchy inside the container, as on a Debian 12
		// machine (and a cgroup v1 one makes every shutdown hang 2 min).
		"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Our own process group: a Ctrl-C at the terminal reaches us, not
		// nspawn (which would pass SIGINT on as ctrl-alt-del, a reboot).
		Setpgid: true,
		// If this process dies without teardown (SIGKILL, the testing
		// package's timeout panic), the launcher gets SIGTERM and stops
		// the container.
		Pdeathsig: syscall.SIGTERM,
	}
	start := time.Now()
	exited := make(chan struct{})
	// Start under the lock that teardown takes to read m.cmd, so that
	// teardown either sees this launcher or has already forbidden it.
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		t.Fatalf("boot %d: the container was torn down (interrupted)", n)
	}
	if err := cmd.Start(); err != nil {
		m.mu.Unlock()
		t.Fatalf("start systemd-nspawn: %v", err)
	}
	m.cmd, m.exited, m.leader = cmd, exited, 0
	m.mu.Unlock()
	go func() {
		cmd.Wait()
		m.mu.Lock()
		m.code = cmd.ProcessState.ExitCode()
		m.mu.Unlock()
		close(exited)
	}()

	deadline := time.Now().Add(90 * time.Second)
	var state string
	for {
		select {
		case <-exited:
			t.Fatalf("boot %d: systemd-nspawn exited with %d before the system ran\nconsole:\n%s", n, m.exitCode(), indent(tail(readFile(console), 30)))
		default:
		}
		if m.leader == 0 {
			if l := findLeader(cmd.Process.Pid); l != 0 {
				m.mu.Lock()
				m.leader = l
				m.mu.Unlock()
			}
		}
		if m.leader != 0 {
			state = strings.TrimSpace(m.run(5*time.Second, []string{"systemctl", "is-system-running"}).Out)
			if state == "running" || state == "degraded" {
				break
			}
		}
		if time.Now().After(deadline) || m.ctx.Err() != nil {
			m.Fatalf("boot %d: the system is %q after %.0fs\nconsole:\n%s", n, state, time.Since(start).Seconds(), indent(tail(readFile(console), 30)))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if state != "running" {
		m.Fatalf("boot %d: the system is %q, not running:\n%s", n, state, indent(m.Root("systemctl", "--failed", "--no-pager").Out))
	}
	t.Logf("ok: boot %d: systemd is PID 1 of %s and reached 'running' in %.1fs", n, m.name, time.Since(start).Seconds())
}

// findLeader returns the container's PID 1, the child of nspawn that runs
// systemd (nspawn being the launcher's child), or 0 while there is none.
func findLeader(launcher int) int {
	for _, n := range children(launcher) {
		for _, k := range children(n) {
			if strings.TrimSpace(readFile(fmt.Sprintf("/proc/%d/comm", k))) == "systemd" {
				return k
			}
		}
	}
	return 0
}

// children lists a process's children. The kernel lists them per thread,
// and the launcher, a Go program, forks from any of its threads.
func children(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, t := range tasks {
		for _, f := range strings.Fields(readFile(t)) {
			if k, err := strconv.Atoi(f); err == nil {
				out = append(out, k)
			}
		}
	}
	return out
}

func (m *Machine) exitCode() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.code
}

// Result is what a command inside the container did.
type Result struct {
	Cmd    string
	Out    string // stdout and stderr, interleaved
	Stdout string
	Code   int // exit code; -1 when it could not run or timed out
}

// both collects what is written to it in its own buffer and in a shared
// one, which stdout and stderr write to from two goroutines.
type both struct {
	own    bytes.Buffer
	shared *lockedBuffer
}

func (b *both) Write(p []byte) (int, error) {
	b.own.Write(p)
	return b.shared.Write(p)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (r Result) String() string {
	return fmt.Sprintf("$ %s\n%s[exit %d]", r.Cmd, indent(r.Out), r.Code)
}

// containerEnv is the environment of commands run in the container: the
// host's (CI=true, GOPATH, ...) must not leak in.
var containerEnv = []string{
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root", "LANG=C.UTF-8", "TERM=dumb", "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=",
}

// run runs argv in all of the container's namespaces, as root.
func (m *Machine) run(limit time.Duration, argv []string) Result {
	m.mu.Lock()
	leader := m.leader
	m.mu.Unlock()
	r := Result{Cmd: shellQuote(argv)}
	if leader == 0 {
		r.Out, r.Code = "the container is not running", -1
		return r
	}
	ctx, cancel := context.WithTimeout(m.ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "nsenter", append([]string{"-t", strconv.Itoa(leader), "-a", "-r", "-w", "--"}, argv...)...)
	cmd.Env = containerEnv
	cmd.WaitDelay = 5 * time.Second
	var combined lockedBuffer
	stdout, stderr := &both{shared: &combined}, &both{shared: &combined}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	r.Out, r.Stdout = combined.b.String(), stdout.own.String()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.Out += fmt.Sprintf("\n(killed after %v: %v)", limit, ctx.Err())
		r.Code = -1
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		r.Out += "\n" + err.Error()
		r.Code = -1
	}
	return r
}

// Root runs a command in the container as root.
func (m *Machine) Root(argv ...string) Result { return m.run(60*time.Second, argv) }

// Login runs a shell script as the user inside a real login session, as
// ssh would give one: su - goes through PAM and pam_systemd, so logind
// registers a session, starts user@UID.service and sets XDG_RUNTIME_DIR.
// systemd-run puts it in a unit of the container's systemd (a process
// entered by nsenter alone is not in the container's cgroup tree, which
// logind needs), and --wait --pipe pass its output and exit status back.
// The session ends when the script does: that is the logout.
func (m *Machine) Login(script string) Result {
	return m.run(120*time.Second, []string{"systemd-run", "--quiet", "--wait", "--pipe", "--collect",
		"--service-type=exec", "su", "-", userName, "-c", script})
}

// User runs a command as the user without a session (runuser's PAM stack
// has no pam_systemd), with the XDG_RUNTIME_DIR that a session would
// set, so systemctl --user reaches a lingering user manager: what cron or
// an admin's runuser sees, and proof that nobody needs to be logged in.
func (m *Machine) User(argv ...string) Result {
	return m.run(60*time.Second, append([]string{"runuser", "-u", userName, "--", "env",
		fmt.Sprintf("XDG_RUNTIME_DIR=/run/user/%d", userUID)}, argv...))
}

// Eventually retries cond every 200 ms until it returns "" (success) or
// limit passes, then fails the test with cond's last complaint. It bounds
// the wait for asynchronous state (a unit starting, a session closing);
// it asserts nothing about speed.
func (m *Machine) Eventually(desc string, limit time.Duration, cond func() string) {
	m.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		why := cond()
		if why == "" {
			m.t.Logf("ok: %s", desc)
			return
		}
		if time.Now().After(deadline) || m.ctx.Err() != nil {
			m.Fatalf("%s: still not so after %v:\n%s", desc, limit, why)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Check fails the test, with diagnostics, unless why is "".
func (m *Machine) Check(desc, why string) {
	m.t.Helper()
	if why != "" {
		m.Fatalf("%s:\n%s", desc, why)
	}
	m.t.Logf("ok: %s", desc)
}

// Fatalf fails the test after logging what the container's journal says
// about the user, the user manager and logind, its last lines overall,
// its failed units and its sessions: what explains most failures here.
func (m *Machine) Fatalf(format string, args ...any) {
	m.t.Helper()
	m.t.Errorf(format, args...)
	m.diagnose()
	m.t.FailNow()
}

func (m *Machine) diagnose() {
	m.mu.Lock()
	up := m.leader != 0 && m.exited != nil
	m.mu.Unlock()
	if !up {
		return
	}
	select {
	case <-m.exited:
		return
	default:
	}
	var b strings.Builder
	b.WriteString("--- diagnostics from the container " + m.name + " ---\n")
	for _, argv := range [][]string{
		{"journalctl", "--no-pager", "-q", "-o", "short-monotonic", "-n", "40",
			fmt.Sprintf("_UID=%d", userUID), "+", fmt.Sprintf("UNIT=user@%d.service", userUID),
			"+", fmt.Sprintf("_SYSTEMD_UNIT=user@%d.service", userUID), "+", "_SYSTEMD_UNIT=systemd-logind.service"},
		{"journalctl", "--no-pager", "-q", "-o", "short-monotonic", "-b", "-n", "25"},
		{"systemctl", "--failed", "--no-pager", "--no-legend"},
		{"loginctl", "list-sessions", "--no-legend"},
		{"loginctl", "list-users", "--no-legend"},
	} {
		b.WriteString(m.run(15*time.Second, argv).String())
		b.WriteByte('\n')
	}
	m.t.Log(b.String())
}

// Reboot reboots the container as a person would (systemctl reboot),
// checks that nspawn reports it (exit code 133), boots the same root file
// system again and waits for it to run.
func (m *Machine) Reboot() {
	m.t.Helper()
	m.mu.Lock()
	exited := m.exited
	m.mu.Unlock()
	r := m.Root("systemctl", "reboot")
	select {
	case <-exited:
	case <-time.After(60 * time.Second):
		m.Fatalf("reboot: systemd-nspawn still running 60s after %s", r)
	}
	if c := m.exitCode(); c != 133 {
		m.t.Fatalf("reboot: systemd-nspawn exited with %d, not 133 (reboot requested)\nconsole:\n%s", c,
			indent(tail(readFile(filepath.Join(m.logDir, fmt.Sprintf("console-boot%d.log", m.boots))), 30)))
	}
	m.t.Logf("ok: the container rebooted (systemd-nspawn exit code 133)")
	m.boot()
}

// teardown stops the container and removes its cgroups and root file
// system. It runs once, from Cleanup or from the signal handler, and
// after it no boot starts. Stopping goes from gentle to sure, and never
// kills nspawn with SIGKILL, which would orphan a running container:
//  1. systemctl poweroff inside, retried while the container is starting
//     (60 s: a loaded machine with commands in flight can take 15 s);
//  2. SIGTERM to the launcher, which SIGTERMs nspawn twice (see launch);
//  3. SIGKILL of whatever is still in our private cgroups, which holds
//     nothing but this container.
func (m *Machine) teardown() error {
	m.once.Do(func() {
		defer live.Delete(m)
		var errs []error
		m.mu.Lock()
		m.closed = true
		cmd, exited, cp, copied := m.cmd, m.exited, m.cp, m.copied
		m.mu.Unlock()
		if cp != nil {
			cp.Process.Kill()
			<-copied
		}
		if cmd != nil {
			stopped := func(d time.Duration) bool {
				// Look before waiting: a select on both would pick at
				// random when the timer is ready too.
				select {
				case <-exited:
					return true
				default:
				}
				select {
				case <-exited:
					return true
				case <-time.After(d):
					return false
				}
			}
			asked := false
			for i := 0; i < 60 && !stopped(0); i++ {
				// Asked again every 5 s: a poweroff asked while the
				// container is still starting can be lost.
				if l := findLeader(cmd.Process.Pid); l != 0 && (!asked || i%5 == 0) {
					// A fresh context: m.ctx may have ended already.
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					c := exec.CommandContext(ctx, "nsenter", "-t", strconv.Itoa(l), "-a", "-r", "-w", "--",
						"systemctl", "poweroff", "--no-block")
					c.Env = containerEnv
					asked = c.Run() == nil
					cancel()
				}
				stopped(time.Second)
			}
			if !stopped(0) {
				errs = append(errs, fmt.Errorf("container %s: no poweroff in 60s, terminating it", m.name))
				cmd.Process.Signal(syscall.SIGTERM) // the launcher: see launch
				stopped(20 * time.Second)
			}
		}
		if err := killCgroups(m.cgs); err != nil {
			errs = append(errs, fmt.Errorf("container %s: %v", m.name, err))
		}
		for _, cg := range m.cgs {
			if err := rmdirTree(cg); err != nil {
				errs = append(errs, err)
			}
		}
		// nspawn leaves an empty directory here when /run is no tmpfs.
		syscall.Rmdir("/run/systemd/nspawn/propagate/" + m.name)
		if m.dir != "" && os.Getenv("USVC_E2E_KEEP") != "1" {
			if err := os.RemoveAll(m.dir); err != nil {
				errs = append(errs, err)
			}
		}
		m.downErr = errors.Join(errs...)
	})
	return m.downErr
}

// killCgroups SIGKILLs every process left in the cgroup trees (ours
// alone: what our nspawn started) until they are empty, and says which
// it had to kill; it is not an error when they are empty already.
func killCgroups(roots []string) error {
	var killed []string
	for try := 0; try < 50; try++ {
		var pids []int
		for _, root := range roots {
			filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					for _, f := range strings.Fields(readFile(filepath.Join(p, "cgroup.procs"))) {
						if pid, err := strconv.Atoi(f); err == nil {
							pids = append(pids, pid)
						}
					}
				}
				return nil
			})
		}
		if len(pids) == 0 {
			if killed != nil {
				return fmt.Errorf("killed processes left in its cgroups: %s", strings.Join(killed, ", "))
			}
			return nil
		}
		for _, pid := range pids {
			if try == 0 {
				killed = append(killed, fmt.Sprintf("%d (%s)", pid, strings.TrimSpace(readFile(fmt.Sprintf("/proc/%d/comm", pid)))))
			}
			syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("processes still in its cgroups after SIGKILL: %s", strings.Join(killed, ", "))
}

// shellQuote renders argv for messages, quoting what a shell would need.
func shellQuote(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:@%+,", r))
		}) < 0 {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
