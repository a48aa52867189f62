// Package atomicfile writes files so that a reader, or a crash, sees
// either the old file or the new one, never a part: the data goes to a
// temporary file in the same directory, is synced, and is renamed over the
// target.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// ErrExist is returned by Create when the target already exists.
var ErrExist = fs.ErrExist

// beforeRename, when set (by tests), runs after the temporary file is
// written and synced and before it is renamed; an error aborts the write.
var beforeRename func(tmp string) error

// WriteFile replaces path with data, atomically. perm is the mode of a new
// file; an existing file keeps its mode. A symlink at path is followed:
// the file it points to is replaced, the link stays.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, false)
}

// Create writes data to path atomically, but only if nothing is there
// yet; otherwise it returns an error that wraps ErrExist and leaves what is
// there alone.
func Create(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, true)
}

func write(path string, data []byte, perm fs.FileMode, excl bool) (err error) {
	if t, err := filepath.EvalSymlinks(path); err == nil {
		path = t
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if fi, err := os.Stat(path); err == nil {
		if excl {
			return &fs.PathError{Op: "create", Path: path, Err: ErrExist}
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		perm = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		if err = beforeRename(tmp.Name()); err != nil {
			return err
		}
	}
	if excl {
		// A hard link fails if the target exists, so no file that
		// appeared meanwhile is overwritten.
		if err = os.Link(tmp.Name(), path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return &fs.PathError{Op: "create", Path: path, Err: ErrExist}
			}
			// No hard links here (some filesystems): check, then rename.
			if _, serr := os.Lstat(path); serr == nil {
				return &fs.PathError{Op: "create", Path: path, Err: ErrExist}
			}
			if err = os.Rename(tmp.Name(), path); err != nil {
				return err
			}
		} else {
			os.Remove(tmp.Name())
		}
	} else if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where the platform allows it.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// SetTestHook makes every write call f after its temporary file is
// written and synced, before the rename; an error from f aborts that
// write. It is for fault tests in other packages (pausing a child process
// there and killing it, or injecting a failure); it returns a function
// that removes the hook. Not for use outside tests.
func SetTestHook(f func(tmp string) error) (restore func()) {
	old := beforeRename
	beforeRename = f
	return func() { beforeRename = old }
}
