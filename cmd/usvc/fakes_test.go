package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/usvc/usvc/install"
)

// Fake systemctl, loginctl, journalctl and runuser for script tests. Each
// appends its argv (without the program name) to $WORK/NAME.log and
// answers from files in $WORK, so no test touches a real manager:
//
//	systemctl --version          $WORK/systemctl.version, else systemd 252 (not logged)
//	systemctl ... is-active U... $WORK/systemctl.is-active.U (default "inactive"); exit 3 unless all active
//	systemctl ... --failed       $WORK/systemctl.failed
//	systemctl ... VERB           fails (exit 1, stderr) when $WORK/systemctl.fail.VERB exists, with its text
//	systemctl start user@UID.service   creates the manager's sockets under $WORK/sys/run/user/UID
//	loginctl show-user U -p Linger --value   "yes" when $WORK/sys/var/lib/systemd/linger/U exists (logind
//	                             reads that file), "no" otherwise; fails like logind for a user it does not
//	                             track when $WORK/loginctl.untracked.U exists
//	loginctl enable-linger U     creates that file;
//	                             refuses like polkit when $WORK/loginctl.deny exists
//	loginctl disable-linger U    removes it
//	journalctl ... UNIT          $WORK/journal.UNIT
//	runuser -u U -- CMD...       runs CMD (env, then the fake systemctl)
//
// Inside scripts usvc itself sees $WORK/sys as the machine's / (for /run/user
// and /var/lib/systemd/linger), "tester" (uid 1000) as the caller, uid 1000 as
// its euid unless $USVC_TEST_EUID says otherwise, the accounts of
// $WORK/passwd (a uid or gid of "self" is the uid running the tests, so that
// chown works without root; $VARS in the home are expanded), and a unix socket as answering when the file is
// there and does not say "refused".
func init() {
	scriptCommands["systemctl"] = fakeSystemctl
	scriptCommands["loginctl"] = fakeLoginctl
	scriptCommands["journalctl"] = fakeJournalctl
	scriptCommands["runuser"] = fakeRunuser

	work := os.Getenv("WORK")
	if work == "" {
		return
	}
	sysRoot = filepath.Join(work, "sys")
	geteuid = func() int {
		if n, err := strconv.Atoi(os.Getenv("USVC_TEST_EUID")); err == nil {
			return n
		}
		return 1000
	}
	currentUser = func() (install.Account, error) {
		return install.Account{Name: "tester", UID: 1000, GID: 1000, Group: "tester", Home: os.Getenv("HOME")}, nil
	}
	lookupUser = func(name string) (install.Account, error) {
		if name == "tester" {
			return currentUser()
		}
		b, err := os.ReadFile(filepath.Join(work, "passwd"))
		if err == nil {
			sc := bufio.NewScanner(strings.NewReader(string(b)))
			for sc.Scan() {
				f := strings.Split(sc.Text(), ":")
				if len(f) < 7 || f[0] != name {
					continue
				}
				id := func(s string, self int) int {
					if s == "self" {
						return self
					}
					n, _ := strconv.Atoi(s)
					return n
				}
				return install.Account{Name: name, UID: id(f[2], os.Getuid()), GID: id(f[3], os.Getgid()), Home: os.ExpandEnv(f[5])}, nil
			}
		}
		return install.Account{}, fmt.Errorf("%w: %s", install.ErrNoUser, name)
	}
	dialSocket = func(p string) error {
		b, err := os.ReadFile(p)
		if err != nil {
			return &os.PathError{Op: "dial", Path: p, Err: syscall.ENOENT}
		}
		if strings.TrimSpace(string(b)) == "refused" {
			return &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}
		}
		return nil
	}
}

func fakeWork(name string) string { return filepath.Join(os.Getenv("WORK"), name) }

// fakeLog appends the argv to $WORK/prog.log.
func fakeLog(prog string) {
	f, err := os.OpenFile(fakeWork(prog+".log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(99)
	}
	fmt.Fprintln(f, strings.Join(os.Args[1:], " "))
	f.Close()
}

// fakeRead returns the content of $WORK/name and whether it exists.
func fakeRead(name string) (string, bool) {
	b, err := os.ReadFile(fakeWork(name))
	return string(b), err == nil
}

// verbAndArgs splits argv into the verb and its operands, skipping
// options (and the value of --machine/-M/-p/-n).
func verbAndArgs(args []string) (string, []string) {
	var ops []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--machine" || a == "-M" || a == "-p" || a == "-n" || a == "--property":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			ops = append(ops, a)
		}
	}
	if len(ops) == 0 {
		return "", nil
	}
	return ops[0], ops[1:]
}

func has(args []string, s string) bool {
	for _, a := range args {
		if a == s {
			return true
		}
	}
	return false
}

func fakeSystemctl() {
	args := os.Args[1:]
	if has(args, "--version") {
		if v, ok := fakeRead("systemctl.version"); ok {
			fmt.Print(v)
		} else {
			fmt.Println("systemd 252 (252.39-1~deb12u2)")
		}
		os.Exit(0)
	}
	fakeLog("systemctl")
	verb, ops := verbAndArgs(args)
	if has(args, "--failed") {
		verb = "--failed"
	}
	if msg, ok := fakeRead("systemctl.fail." + verb); ok {
		fmt.Fprint(os.Stderr, msg)
		os.Exit(1)
	}
	switch verb {
	case "is-active":
		code := 0
		for _, u := range ops {
			st, ok := fakeRead("systemctl.is-active." + u)
			st = strings.TrimSpace(st)
			if !ok {
				st = "inactive"
			}
			if st != "active" {
				code = 3
			}
			fmt.Println(st)
		}
		os.Exit(code)
	case "--failed":
		s, _ := fakeRead("systemctl.failed")
		fmt.Print(s)
	case "start":
		for _, u := range ops {
			if uid, ok := strings.CutPrefix(u, "user@"); ok && !has(args, "--user") {
				fakeManagerUp(strings.TrimSuffix(uid, ".service"))
			}
		}
	}
	os.Exit(0)
}

// fakeManagerUp puts a user manager's sockets in place, as starting
// user@UID.service does.
func fakeManagerUp(uid string) {
	rt := filepath.Join(os.Getenv("WORK"), "sys", "run", "user", uid)
	os.MkdirAll(filepath.Join(rt, "systemd"), 0o755)
	os.WriteFile(filepath.Join(rt, "systemd", "private"), []byte("listening\n"), 0o644)
	os.WriteFile(filepath.Join(rt, "bus"), []byte("listening\n"), 0o644)
}

func fakeLoginctl() {
	fakeLog("loginctl")
	args := os.Args[1:]
	verb, ops := verbAndArgs(args)
	user := ""
	if len(ops) > 0 {
		user = ops[0]
	}
	flag := filepath.Join(os.Getenv("WORK"), "sys", "var", "lib", "systemd", "linger", user)
	switch verb {
	case "show-user":
		if _, ok := fakeRead("loginctl.untracked." + user); ok {
			fmt.Fprintf(os.Stderr, "Failed to get user: User ID 1000 is not logged in or lingering\n")
			os.Exit(1)
		}
		if _, err := os.Stat(flag); err == nil {
			fmt.Println("yes")
		} else {
			fmt.Println("no")
		}
	case "enable-linger", "disable-linger":
		if _, ok := fakeRead("loginctl.deny"); ok {
			fmt.Fprintf(os.Stderr, "Could not %s linger: Access denied\n", strings.TrimSuffix(verb, "-linger"))
			os.Exit(1)
		}
		if verb == "enable-linger" {
			os.MkdirAll(filepath.Dir(flag), 0o755)
			os.WriteFile(flag, nil, 0o644)
			os.Remove(fakeWork("loginctl.untracked." + user))
		} else {
			os.Remove(flag)
		}
	default:
		fmt.Fprintf(os.Stderr, "fake loginctl: unknown verb %q\n", verb)
		os.Exit(1)
	}
	os.Exit(0)
}

func fakeJournalctl() {
	fakeLog("journalctl")
	for _, a := range os.Args[1:] {
		for _, p := range []string{"--user-unit=", "_SYSTEMD_USER_UNIT="} {
			if u, ok := strings.CutPrefix(a, p); ok {
				s, _ := fakeRead("journal." + u)
				fmt.Print(s)
				os.Exit(0)
			}
		}
	}
	os.Exit(0)
}

func fakeRunuser() {
	fakeLog("runuser")
	args := os.Args[1:]
	for i, a := range args {
		if a == "--" && i+1 < len(args) {
			cmd := exec.Command(args[i+1], args[i+2:]...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				os.Exit(ee.ExitCode())
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "runuser:", err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
	fmt.Fprintln(os.Stderr, "fake runuser: no -- COMMAND")
	os.Exit(1)
}
