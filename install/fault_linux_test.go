package install

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// freeBytes is the space left on the file system of dir.
func freeBytes(t *testing.T, dir string) int {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int(st.Bavail) * int(st.Bsize)
}

// TestChownForAnotherUser: root installing for another user leaves every
// file, directory and link it made in the user's home owned by the user,
// and the linger flag root's, as logind makes it.
func TestChownForAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("skipped: only root can give files to another user")
	}
	root, src := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(root, "home", "iman"), 0o755)
	tg := faultTarget(root)
	tg.User.UID, tg.User.GID, tg.Chown = 4242, 4243, true
	if _, err := Install(context.Background(), tg, faultSources(t, src, 0), Options{Enable: true, Linger: true}); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(filepath.Join(root, "home", "iman", ".config"), func(p string, d fs.DirEntry, err error) error {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if st.Uid != 4242 || st.Gid != 4243 {
			t.Errorf("%s is owned by %d:%d, want 4242:4243", p, st.Uid, st.Gid)
		}
		n++
		return nil
	})
	if n < 7 { // .config systemd user web.service web.service.d env.conf default.target.wants link
		t.Errorf("only %d paths checked", n)
	}
	fi, err := os.Stat(filepath.Join(root, "var", "lib", "systemd", "linger", "iman"))
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 {
		t.Errorf("the linger flag is owned by %d, want root", st.Uid)
	}
}
