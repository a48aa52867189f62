package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Runner runs a program: argv, with env added to this process's
// environment, standard input empty (so no tool can wait for a password
// prompt). It returns the standard output; a failure is a *RunError.
type Runner func(ctx context.Context, argv []string, env []string) ([]byte, error)

// RunError is a program that could not be run or exited non-zero.
type RunError struct {
	Argv   []string
	Code   int    // exit status; -1 when it did not run
	Stderr string // what it said, trimmed
	Err    error
}

func (e *RunError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = e.Err.Error()
	}
	return strings.Join(e.Argv, " ") + ": " + msg
}

func (e *RunError) Unwrap() error { return e.Err }

// ExecRunner runs programs with os/exec, finding them in $PATH.
func ExecRunner(ctx context.Context, argv []string, env []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		code := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return out.Bytes(), &RunError{Argv: argv, Code: code, Stderr: errb.String(), Err: err}
	}
	return out.Bytes(), nil
}

// Transport is how systemctl reaches the target user's manager.
type Transport int

// The transports, in the order Systemd prefers them.
const (
	// Direct is `systemctl --user`: the caller is the user, and
	// $XDG_RUNTIME_DIR leads to the manager's private socket.
	Direct Transport = iota
	// Machine is `systemctl --user --machine NAME@` (systemd 248 and
	// later), for root acting for another user. sd-bus runs systemd-run
	// with a PAM session for NAME and bridges to the user's D-Bus
	// (${XDG_RUNTIME_DIR}/bus, from dbus-user-session); see
	// bus_set_address_machine() in src/libsystemd/sd-bus/sd-bus.c.
	Machine
	// Runuser is `runuser -u NAME -- env XDG_RUNTIME_DIR=/run/user/UID
	// systemctl --user`: the caller drops to the user's uid, so the
	// private socket's peer check passes; no user D-Bus needed, but the
	// manager must already run.
	Runuser
	// Unreachable means no manager is running for the user (no session,
	// no linger): nothing can reach it, and the units start only when
	// it does.
	Unreachable
)

func (tr Transport) String() string {
	switch tr {
	case Direct:
		return "systemctl --user"
	case Machine:
		return "systemctl --user --machine USER@"
	case Runuser:
		return "runuser -u USER -- systemctl --user"
	}
	return "unreachable"
}

// Systemd drives the live system for one user through systemctl, loginctl,
// journalctl and runuser.
type Systemd struct {
	// Run runs the programs; nil means ExecRunner.
	Run Runner
	// User is the target user.
	User Account
	// Self says the caller is that user.
	Self bool
	// RuntimeDir is the caller's $XDG_RUNTIME_DIR ("" when unset), used
	// when Self. For another user it is /run/user/UID.
	RuntimeDir string
	// SysRoot is where /run, /var/lib and /usr/lib are looked at: "" (the
	// machine) except in tests.
	SysRoot string

	version int
}

func (s *Systemd) run(ctx context.Context, argv []string, env []string) ([]byte, error) {
	r := s.Run
	if r == nil {
		r = ExecRunner
	}
	return r(ctx, argv, env)
}

// sys is the host path of a system path such as /run/user/1000.
func (s *Systemd) sys(p string) string {
	if s.SysRoot == "" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(s.SysRoot, filepath.FromSlash(p))
}

// DefaultRuntimeDir is /run/user/UID, where pam_systemd puts
// $XDG_RUNTIME_DIR.
func (s *Systemd) DefaultRuntimeDir() string {
	return "/run/user/" + strconv.Itoa(s.User.UID)
}

// runtimeHost is the host path of the user's runtime directory.
func (s *Systemd) runtimeHost() string {
	if s.Self && s.RuntimeDir != "" {
		return s.RuntimeDir
	}
	return s.sys(s.DefaultRuntimeDir())
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// ManagerRunning reports whether the user's manager has its private
// socket ($XDG_RUNTIME_DIR/systemd/private) in place.
func (s *Systemd) ManagerRunning() bool {
	return exists(filepath.Join(s.runtimeHost(), "systemd", "private"))
}

// WaitManager waits until the user's manager has its private socket, at
// most d; it reports whether it has.
func (s *Systemd) WaitManager(ctx context.Context, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for !s.ManagerRunning() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// userBus reports whether the user's D-Bus socket is in place.
func (s *Systemd) userBus() bool {
	return exists(filepath.Join(s.runtimeHost(), "bus"))
}

var versionRE = regexp.MustCompile(`^systemd (\d+)`)

// Version is the systemd release systemctl reports (0 when unknown).
func (s *Systemd) Version(ctx context.Context) int {
	if s.version != 0 {
		return s.version
	}
	out, err := s.run(ctx, []string{"systemctl", "--version"}, nil)
	if err != nil {
		s.version = -1
		return 0
	}
	if m := versionRE.FindSubmatch(out); m != nil {
		s.version, _ = strconv.Atoi(string(m[1]))
	}
	if s.version == 0 {
		s.version = -1
	}
	return max(s.version, 0)
}

// Transport picks how systemctl reaches the user's manager now: Direct
// for the caller; for another user --machine where systemd is 248 or later
// and the user's D-Bus is there, else runuser where the manager's private
// socket is there, else Unreachable.
func (s *Systemd) Transport(ctx context.Context) Transport {
	if s.Self {
		if !s.ManagerRunning() {
			return Unreachable
		}
		return Direct
	}
	if s.userBus() && s.Version(ctx) >= 248 {
		return Machine
	}
	if s.ManagerRunning() {
		return Runuser
	}
	return Unreachable
}

// UserArgv is the command line that runs `systemctl --user ARGS` for the
// user over tr, and the environment it needs.
func (s *Systemd) UserArgv(tr Transport, args ...string) ([]string, []string) {
	switch tr {
	case Machine:
		return append([]string{"systemctl", "--user", "--machine", s.User.Name + "@"}, args...), nil
	case Runuser:
		return append([]string{"runuser", "-u", s.User.Name, "--", "env", "XDG_RUNTIME_DIR=" + s.DefaultRuntimeDir(),
			"systemctl", "--user"}, args...), nil
	}
	var env []string
	if s.Self && s.RuntimeDir == "" {
		// The su/sudo pitfall: no $XDG_RUNTIME_DIR, and systemctl
		// --user fails with "Failed to connect to bus". The manager's
		// directory is known, so say where it is.
		env = []string{"XDG_RUNTIME_DIR=" + s.DefaultRuntimeDir()}
	}
	return append([]string{"systemctl", "--user"}, args...), env
}

// ErrUnreachable is returned when the user's manager cannot be reached.
var ErrUnreachable = errors.New("the user manager is not running")

// UserCtl runs `systemctl --user ARGS` for the user. Over Machine, a
// failure to connect falls back to runuser when the manager's private
// socket is there (a missing user D-Bus breaks only the former).
func (s *Systemd) UserCtl(ctx context.Context, args ...string) ([]string, []byte, error) {
	tr := s.Transport(ctx)
	if tr == Unreachable {
		return nil, nil, fmt.Errorf("%w for %s (no session and no linger)", ErrUnreachable, s.User.Name)
	}
	argv, env := s.UserArgv(tr, args...)
	out, err := s.run(ctx, argv, env)
	var re *RunError
	if tr == Machine && errors.As(err, &re) && strings.Contains(re.Stderr, "connect") && s.ManagerRunning() {
		argv, env = s.UserArgv(Runuser, args...)
		out, err = s.run(ctx, argv, env)
	}
	return argv, out, err
}

// SystemCtl runs `systemctl ARGS` against the system manager.
func (s *Systemd) SystemCtl(ctx context.Context, args ...string) ([]string, []byte, error) {
	argv := append([]string{"systemctl"}, args...)
	out, err := s.run(ctx, argv, nil)
	return argv, out, err
}

// ManagerUnit is the system unit that runs the user's manager.
func (s *Systemd) ManagerUnit() string { return "user@" + strconv.Itoa(s.User.UID) + ".service" }

// Journal returns the last n journal lines of a user unit. The caller's
// own units are `journalctl --user-unit=UNIT`; for another user that
// option would match the caller's uid (add_matches_for_user_unit() uses
// getuid()), so root asks for the user's entries by field:
// _SYSTEMD_USER_UNIT=UNIT _UID=UID, or USER_UNIT=UNIT _UID=UID (the
// manager's messages about it).
func (s *Systemd) Journal(ctx context.Context, unit string, n int) ([]string, []byte, error) {
	argv := []string{"journalctl", "--no-pager", "-n", strconv.Itoa(n)}
	if s.Self {
		argv = append(argv, "--user-unit="+unit)
	} else {
		uid := "_UID=" + strconv.Itoa(s.User.UID)
		argv = append(argv, "_SYSTEMD_USER_UNIT="+unit, uid, "+", "USER_UNIT="+unit, uid)
	}
	out, err := s.run(ctx, argv, nil)
	return argv, out, err
}

// LingerState is what logind and the flag file say about a user's linger.
type LingerState struct {
	User string `json:"user"`
	// Logind is logind's Linger property: "yes", "no", or "unknown" when
	// logind does not track the user (neither logged in nor lingering
	// since logind started) or cannot be asked.
	Logind string `json:"logind"`
	// LogindSays is loginctl's message when Logind is "unknown".
	LogindSays string `json:"logind_says,omitempty"`
	// File is whether /var/lib/systemd/linger/USER exists; Path is it.
	File bool   `json:"file"`
	Path string `json:"path"`
}

// Enabled reports whether the user's manager starts at boot: the flag file
// is what logind reads at startup (manager_enumerate_linger_users()), and
// what its Linger property reports (user_check_linger_file()).
func (l LingerState) Enabled() bool { return l.File }

// Agree reports whether logind and the file say the same. They differ
// when the file was made behind logind's back (an image, or by hand):
// logind then knows only after a reboot, or `loginctl enable-linger`.
func (l LingerState) Agree() bool {
	switch l.Logind {
	case "yes":
		return l.File
	case "no":
		return !l.File
	}
	return !l.File
}

// Linger reads the user's linger state: `loginctl show-user USER -p Linger
// --value` and the flag file.
func (s *Systemd) Linger(ctx context.Context) LingerState {
	st := LingerState{User: s.User.Name, Path: LingerFile(s.User.Name), Logind: "unknown"}
	st.File = exists(s.sys(st.Path))
	out, err := s.run(ctx, []string{"loginctl", "show-user", s.User.Name, "--property=Linger", "--value"}, nil)
	if err != nil {
		var re *RunError
		if errors.As(err, &re) {
			st.LogindSays = strings.TrimSpace(re.Stderr)
		} else {
			st.LogindSays = err.Error()
		}
		return st
	}
	switch v := strings.TrimSpace(string(out)); v {
	case "yes", "no":
		st.Logind = v
	default:
		st.LogindSays = "loginctl answered " + strconv.Quote(v)
	}
	return st
}

// ErrDenied is returned when logind refuses to change linger: polkit said
// no, or is not installed (then only root may).
var ErrDenied = errors.New("not permitted")

// SetLinger runs `loginctl --no-ask-password enable-linger USER` (or
// disable-linger). loginctl is used rather than logind's D-Bus method
// SetUserLinger: no D-Bus dependency, the same call and polkit check
// (loginctl makes exactly that call), and it works under sudo, since it
// talks to the system bus. --no-ask-password keeps it from starting a
// polkit agent; with standard input empty none can prompt, so polkit
// answers at once. Errors wrap ErrDenied or ErrNoUser where loginctl says
// so.
func (s *Systemd) SetLinger(ctx context.Context, on bool) ([]string, error) {
	verb := "disable-linger"
	if on {
		verb = "enable-linger"
	}
	argv := []string{"loginctl", "--no-ask-password", verb, s.User.Name}
	_, err := s.run(ctx, argv, nil)
	if err == nil {
		return argv, nil
	}
	var re *RunError
	if !errors.As(err, &re) {
		return argv, err
	}
	msg := strings.TrimSpace(re.Stderr)
	switch {
	case strings.Contains(msg, "Access denied"), strings.Contains(msg, "Interactive authentication required"),
		strings.Contains(msg, "not authorized"), strings.Contains(msg, "Permission denied"):
		how := "sudo usvc linger " + strings.TrimSuffix(verb, "-linger") + " " + s.User.Name
		return argv, fmt.Errorf("%w to %s linger for %s: logind refused (%s); polkit allows a user to change only their own linger, "+
			"and without polkitd only root may: run %s", ErrDenied, strings.TrimSuffix(verb, "-linger"), s.User.Name, msg, how)
	case strings.Contains(msg, "look up user"):
		return argv, fmt.Errorf("%w: %s (%s)", ErrNoUser, s.User.Name, msg)
	case strings.Contains(msg, "connect to bus"), strings.Contains(msg, "not been booted with systemd"):
		return argv, fmt.Errorf("logind cannot be reached (%s): on a machine without a running systemd, set linger in the image with --root", msg)
	}
	return argv, err
}

// runtimePath is a path in the user's runtime directory, as the user sees it.
func (s *Systemd) runtimePath(elem ...string) string {
	base := s.DefaultRuntimeDir()
	if s.Self && s.RuntimeDir != "" {
		base = filepath.ToSlash(s.RuntimeDir)
	}
	return path.Join(append([]string{base}, elem...)...)
}
