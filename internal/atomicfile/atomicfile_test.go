package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteFileReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.service")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "new" {
		t.Errorf("content %q", b)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old 0600 kept", fi.Mode().Perm())
	}
	assertNoTemp(t, dir)
}

func TestCreateRefusesToClobber(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.service")
	if err := Create(p, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Create(p, []byte("two"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Create: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Errorf("content %q, want the first kept", b)
	}
	assertNoTemp(t, dir)
}

func TestFailedWriteLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.service")
	os.WriteFile(p, []byte("old"), 0o644)
	beforeRename = func(string) error { return errors.New("injected crash") }
	defer func() { beforeRename = nil }()
	if err := WriteFile(p, []byte("new"), 0o644); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content %q, want the old file", b)
	}
	assertNoTemp(t, dir)
}

func TestReadOnlyDirectory(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("skipped: root (or Windows) can write to a read-only directory")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "a.service")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := WriteFile(p, []byte("new"), 0o644); err == nil {
		t.Fatal("no error writing into a read-only directory")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content %q", b)
	}
}

func TestSymlinkIsFollowed(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipped: symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "real.service")
	link := filepath.Join(dir, "link.service")
	os.WriteFile(real, []byte("old"), 0o644)
	os.Symlink("real.service", link)
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("target content %q", b)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if len(e.Name()) > 0 && e.Name()[0] == '.' {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
