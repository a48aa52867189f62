package install

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/atomicfile"
)

const (
	oldUnit = "[Service]\nExecStart=/usr/bin/old\n"
	newUnit = "[Service]\nExecStart=/usr/bin/new --with --a --longer --command --line\n\n[Install]\nWantedBy=default.target\n"
	oldConf = "[Service]\nEnvironment=A=old\n"
	newConf = "[Service]\nEnvironment=A=new\n"
)

// faultTarget is the image the fault tests write into.
func faultTarget(root string) *Target {
	return &Target{Root: root, User: Account{Name: "iman", UID: -1, GID: -1, Home: "/home/iman"}}
}

// faultSources writes web.service (with a drop-in) and, if big > 0, a
// big.service of that many bytes, to be installed.
func faultSources(t *testing.T, dir string, big int) []Source {
	t.Helper()
	os.MkdirAll(filepath.Join(dir, "web.service.d"), 0o755)
	os.WriteFile(filepath.Join(dir, "web.service"), []byte(newUnit), 0o644)
	os.WriteFile(filepath.Join(dir, "web.service.d", "env.conf"), []byte(newConf), 0o644)
	args := []string{filepath.Join(dir, "web.service")}
	if big > 0 {
		body := "[Service]\nExecStart=/usr/bin/big\n# " + strings.Repeat("x", big) + "\n"
		os.WriteFile(filepath.Join(dir, "big.service"), []byte(body), 0o644)
		args = append(args, filepath.Join(dir, "big.service"))
	}
	srcs, err := Load(args)
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

// seedOld puts the old unit and drop-in in the image's unit directory.
func seedOld(t *testing.T, root string) string {
	t.Helper()
	ud := filepath.Join(root, "home", "iman", ".config", "systemd", "user")
	if err := os.MkdirAll(filepath.Join(ud, "web.service.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ud, "web.service"), []byte(oldUnit), 0o644)
	os.WriteFile(filepath.Join(ud, "web.service.d", "env.conf"), []byte(oldConf), 0o644)
	return ud
}

// tree lists every path under dir with its content (files) or target
// (links), to compare a directory before and after.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, rel+" -> "+target)
		case d.IsDir():
			out = append(out, rel+"/")
		default:
			b, _ := os.ReadFile(p)
			out = append(out, rel+": "+string(b))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// TestKillDuringWrite runs an install in a child process, stops it between
// writing a temporary file and renaming it, and kills it with SIGKILL: each
// unit file is then the old one or the new one, never a part; the next
// install removes the leftover temporary file and completes.
func TestKillDuringWrite(t *testing.T) {
	if root := os.Getenv("USVC_KILL_ROOT"); root != "" {
		// The child: pause at the rename of the second file written
		// (the drop-in), so the first (the unit) is already renamed.
		n := 0
		atomicfile.SetTestHook(func(tmp string) error {
			n++
			if n == 4 { // 1: unit backup, 2: unit, 3: drop-in backup, 4: drop-in
				os.Stdout.WriteString("paused " + tmp + "\n")
				select {}
			}
			return nil
		})
		srcs := faultSources(t, os.Getenv("USVC_KILL_SRC"), 0)
		Install(context.Background(), faultTarget(root), srcs, Options{Force: true, Enable: true})
		t.Fatal("the child was not killed")
	}
	root, src := t.TempDir(), t.TempDir()
	ud := seedOld(t, root)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringWrite$")
	cmd.Env = append(os.Environ(), "USVC_KILL_ROOT="+root, "USVC_KILL_SRC="+src)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "paused ") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the child did not pause: %q %v", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	unit, _ := os.ReadFile(filepath.Join(ud, "web.service"))
	conf, _ := os.ReadFile(filepath.Join(ud, "web.service.d", "env.conf"))
	if string(unit) != newUnit {
		t.Errorf("web.service after the kill = %q, want the new file (it was renamed before the pause)", unit)
	}
	if string(conf) != oldConf {
		t.Errorf("env.conf after the kill = %q, want the old file (killed before its rename)", conf)
	}
	// The temporary file of the killed write is still there, hidden,
	// with no unit suffix: systemd ignores it.
	tmp := filepath.Base(strings.TrimSpace(strings.TrimPrefix(line, "paused ")))
	if _, err := os.Stat(filepath.Join(ud, "web.service.d", tmp)); err != nil || !strings.HasPrefix(tmp, ".") {
		t.Errorf("want the killed write's hidden temporary file %s: %v", tmp, err)
	}

	// The next install finishes the job and cleans up.
	srcs := faultSources(t, src, 0)
	r, err := Install(context.Background(), faultTarget(root), srcs, Options{Force: true, Enable: true})
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, a := range r.Units[0].Actions {
		ops = append(ops, string(a.Op))
	}
	if !strings.Contains(strings.Join(ops, " "), string(OpRemoveTemp)) {
		t.Errorf("the second install did not remove the leftover temporary file: %v", ops)
	}
	conf, _ = os.ReadFile(filepath.Join(ud, "web.service.d", "env.conf"))
	if string(conf) != newConf {
		t.Errorf("env.conf after the second install = %q", conf)
	}
	for _, e := range tree(t, ud) {
		if strings.Contains(e, ".tmp-") {
			t.Errorf("temporary file left: %s", e)
		}
	}
}

// TestFailedWriteTakesBackEverything injects a failure into the last write
// of an install: the files, backups, directories written before it are
// taken back, so the image is as it was.
func TestFailedWriteTakesBackEverything(t *testing.T) {
	root, src := t.TempDir(), t.TempDir()
	seedOld(t, root)
	before := tree(t, root)
	n, failed := 0, false
	restore := atomicfile.SetTestHook(func(tmp string) error {
		n++
		if n == 5 { // the last file: big.service (after web.service, its drop-in and their backups)
			failed = strings.Contains(tmp, "big.service")
			return errors.New("injected failure")
		}
		return nil
	})
	defer restore()
	_, err := Install(context.Background(), faultTarget(root), faultSources(t, src, 10), Options{Force: true, Enable: true})
	if err == nil || !strings.Contains(err.Error(), "injected failure; nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	if !failed {
		t.Fatalf("the fifth write was not big.service")
	}
	if after := tree(t, root); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("the image changed:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}

// TestFileWhereDirectoryShouldBe: ~/.config is a file; install fails with
// a clear error and writes nothing (root cannot bypass this one).
func TestFileWhereDirectoryShouldBe(t *testing.T) {
	root, src := t.TempDir(), t.TempDir()
	home := filepath.Join(root, "home", "iman")
	os.MkdirAll(home, 0o755)
	os.WriteFile(filepath.Join(home, ".config"), []byte("not a directory"), 0o644)
	before := tree(t, root)
	_, err := Install(context.Background(), faultTarget(root), faultSources(t, src, 0), Options{Enable: true})
	if err == nil || err.Error() != "/home/iman/.config is not a directory, so /home/iman/.config/systemd/user/web.service cannot be written" {
		t.Fatalf("err = %v", err)
	}
	if after := tree(t, root); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("the image changed:\n%s", strings.Join(after, "\n"))
	}
}

// TestReadOnlyDirectory: the unit directory cannot be written. As a user,
// its mode says so; root ignores modes, so root gets a read-only bind
// mount in a private mount namespace instead (the host's mounts are not
// touched).
func TestReadOnlyDirectory(t *testing.T) {
	if ud := os.Getenv("USVC_RO_DIR"); ud != "" {
		readOnlyCheck(t, os.Getenv("USVC_RO_ROOT"), ud, os.Getenv("USVC_RO_SRC"))
		return
	}
	if runtime.GOOS == "windows" {
		t.Skip("skipped: directory modes do not make a directory read-only on Windows")
	}
	root, src := t.TempDir(), t.TempDir()
	ud := seedOld(t, root)
	if os.Geteuid() != 0 {
		os.Chmod(ud, 0o555)
		defer os.Chmod(ud, 0o755)
		readOnlyCheck(t, root, ud, src)
		return
	}
	inNamespace(t, "TestReadOnlyDirectory",
		`mount --bind "$USVC_RO_DIR" "$USVC_RO_DIR" && mount -o remount,bind,ro "$USVC_RO_DIR"`,
		"USVC_RO_DIR="+ud, "USVC_RO_ROOT="+root, "USVC_RO_SRC="+src)
}

func readOnlyCheck(t *testing.T, root, ud, src string) {
	before := tree(t, root)
	_, err := Install(context.Background(), faultTarget(root), faultSources(t, src, 10), Options{Force: true, Enable: true})
	if err == nil || !(strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "read-only file system")) {
		t.Fatalf("err = %v, want permission denied or read-only file system", err)
	}
	if !strings.HasSuffix(err.Error(), "nothing was changed") {
		t.Errorf("err = %v, want it to say nothing was changed", err)
	}
	if after := tree(t, root); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("the image changed:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}

// TestFullFileSystem: the unit directory is on a tmpfs with room for the
// first unit but not the second. Install fails with ENOSPC and takes back
// the first, so the directory is as it was. Mounting a small tmpfs needs
// root; it is done in a private mount namespace.
func TestFullFileSystem(t *testing.T) {
	if root := os.Getenv("USVC_FULL_ROOT"); root != "" {
		fullCheck(t, root, os.Getenv("USVC_FULL_SRC"))
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("skipped: needs a Linux tmpfs")
	}
	root, src := t.TempDir(), t.TempDir()
	inNamespace(t, "TestFullFileSystem", `mount -t tmpfs -o size=128k,mode=0755 usvc-test "$USVC_FULL_ROOT"`,
		"USVC_FULL_ROOT="+root, "USVC_FULL_SRC="+src)
}

func fullCheck(t *testing.T, root, src string) {
	seedOld(t, root)
	// Fill the file system up to three pages: enough for the first
	// unit's backup and temporary file, not for the 20 KB second unit.
	free := freeBytes(t, root)
	filler := filepath.Join(root, "filler")
	if err := os.WriteFile(filler, make([]byte, free-3*4096), 0o644); err != nil {
		t.Fatalf("filling the tmpfs: %v", err)
	}
	before := tree(t, root)
	_, err := Install(context.Background(), faultTarget(root), faultSources(t, src, 20000), Options{Force: true, Enable: true})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("err = %v, want no space left on device", err)
	}
	if !strings.Contains(err.Error(), "big.service") || !strings.HasSuffix(err.Error(), "nothing was changed") {
		t.Errorf("err = %v, want it to name big.service and say nothing was changed", err)
	}
	if after := tree(t, root); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("the directory changed:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}

// inNamespace runs this test binary's test name again, as root, in a
// private mount namespace (unshare -m) after the shell commands setup:
// mounts made there vanish with the process and never reach the host.
// It skips when that is not possible here.
func inNamespace(t *testing.T, name, setup string, env ...string) {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("skipped: needs root on Linux to mount in a private mount namespace")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("skipped: unshare (util-linux) not found")
	}
	probe := exec.Command(unshare, "-m", "--propagation", "private", "true")
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot make a private mount namespace here: %v %s", err, out)
	}
	script := setup + ` || exit 42; exec "$0" -test.run='^` + name + `$' -test.v`
	cmd := exec.Command(unshare, "-m", "--propagation", "private", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 42 {
		t.Skipf("skipped: the mount was not permitted here:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("in the mount namespace: %v\n%s", err, out)
	}
	t.Logf("in the mount namespace:\n%s", out)
}
