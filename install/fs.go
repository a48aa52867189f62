package install

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/internal/atomicfile"
)

// maxFollow is how many symlinks a path may pass through, as
// CHASE_SYMLINKS_MAX in src/basic/chase-symlinks.h.
const maxFollow = 32

// errLoop is ELOOP: too many symlinks.
var errLoop = errors.New("too many levels of symbolic links")

// host turns p, an absolute slash path as seen inside the target, into the
// path of the same file on this machine. On the live system that is p
// itself and the kernel follows links. Under a root every symlink on the
// way is resolved inside the root, as chase_symlinks() does with a root
// (src/basic/chase-symlinks.c): an absolute target starts again at the
// root, ".." stops at the root, a missing component ends the resolution
// and the rest is taken as it is (CHASE_NONEXISTENT). So the result never
// leaves the root. With followLast, a symlink in the last component is
// resolved too; otherwise the result names the link itself.
func (t *Target) host(p string, followLast bool) (string, error) {
	if !t.Offline() {
		return filepath.FromSlash(p), nil
	}
	return chaseRoot(t.Root, p, followLast)
}

// chaseRoot is the resolution of host under root (which may be "/").
func chaseRoot(root, p string, followLast bool) (string, error) {
	root = filepath.Clean(root)
	todo := splitPath(p)
	var done []string
	links := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		if c == ".." {
			// Going up beyond the root stays at the root, as the kernel
			// does at "/".
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			continue
		}
		if len(todo) == 0 && !followLast {
			done = append(done, c)
			break
		}
		h := filepath.Join(root, filepath.Join(done...), c)
		fi, err := os.Lstat(h)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			// Missing (or unreadable): the rest is taken as written;
			// whatever operation follows reports the error.
			done = append(done, c)
			continue
		}
		links++
		if links > maxFollow {
			return "", &fs.PathError{Op: "resolve", Path: p, Err: errLoop}
		}
		target, err := os.Readlink(h)
		if err != nil {
			return "", err
		}
		target = filepath.ToSlash(target)
		if path.IsAbs(target) {
			done = nil
		}
		todo = append(splitPath(target), todo...)
	}
	return filepath.Join(root, filepath.Join(done...)), nil
}

// splitPath splits a slash path into its components, dropping empty ones
// and ".", keeping "..".
func splitPath(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// inside turns a host path back into the path seen inside the target.
func (t *Target) inside(h string) string {
	if !t.Offline() {
		return filepath.ToSlash(h)
	}
	return insideRoot(t.Root, h)
}

func insideRoot(root, h string) string {
	rel, err := filepath.Rel(filepath.Clean(root), h)
	if err != nil || rel == "." {
		return "/"
	}
	return "/" + filepath.ToSlash(rel)
}

// readFile reads p inside the target, following links inside the root.
func (t *Target) readFile(p string) ([]byte, error) {
	h, err := t.host(p, true)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(h)
}

// lstat is os.Lstat of p inside the target (a link in the last component
// is not followed).
func (t *Target) lstat(p string) (fs.FileInfo, error) {
	h, err := t.host(p, false)
	if err != nil {
		return nil, err
	}
	return os.Lstat(h)
}

// stat is os.Stat of p inside the target.
func (t *Target) stat(p string) (fs.FileInfo, error) {
	h, err := t.host(p, true)
	if err != nil {
		return nil, err
	}
	return os.Stat(h)
}

// missingDirs lists the directories mkdirAll(p) would create, outermost
// first, as paths inside the target.
func (t *Target) missingDirs(p string) ([]string, error) {
	h, err := t.host(p, true)
	if err != nil {
		return nil, err
	}
	var missing []string
	for d := h; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return nil, fmt.Errorf("%s: not a directory", t.inside(d))
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append([]string{t.inside(d)}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	return missing, nil
}

// mkdirAll creates directory p inside the target with its missing
// parents (mode 0755, owned by the user when chown), and returns the
// directories it created.
func (t *Target) mkdirAll(p string, chown bool) ([]string, error) {
	missing, err := t.missingDirs(p)
	if err != nil {
		return nil, err
	}
	var made []string
	for _, d := range missing {
		h, err := t.host(d, true)
		if err != nil {
			return made, err
		}
		if err := os.Mkdir(h, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return made, err
		}
		made = append(made, d)
		if chown {
			if err := t.chown(h); err != nil {
				return made, err
			}
		}
	}
	return made, nil
}

// chown gives h to the target user, when Chown asks for it.
func (t *Target) chown(h string) error {
	if !t.Chown || t.User.UID < 0 {
		return nil
	}
	if err := os.Lchown(h, t.User.UID, t.User.GID); err != nil {
		return fmt.Errorf("giving %s to %s: %w", t.inside(h), t.User.Name, err)
	}
	return nil
}

// createFile writes a new file p (which must not exist) atomically, mode
// 0644.
func (t *Target) createFile(p string, data []byte, chown bool) error {
	h, err := t.host(p, false)
	if err != nil {
		return err
	}
	if err := atomicfile.Create(h, data, 0o644); err != nil {
		return err
	}
	if chown {
		return t.chown(h)
	}
	return nil
}

// replaceFile writes p atomically over an existing regular file, which
// keeps its mode.
func (t *Target) replaceFile(p string, data []byte) error {
	h, err := t.host(p, false)
	if err != nil {
		return err
	}
	fi, err := os.Lstat(h)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		// atomicfile follows a link; under a root that could leave it.
		return fmt.Errorf("%s: not a regular file", p)
	}
	return atomicfile.WriteFile(h, data, 0o644)
}

// writeBackup saves data as the backup p, replacing an older backup.
func (t *Target) writeBackup(p string, data []byte, chown bool) error {
	h, err := t.host(p, false)
	if err != nil {
		return err
	}
	if fi, err := os.Lstat(h); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: exists and is not a regular file", p)
	}
	if err := atomicfile.WriteFile(h, data, 0o644); err != nil {
		return err
	}
	if chown {
		return t.chown(h)
	}
	return nil
}

// symlink makes p a symlink to target. With replace an existing link is
// swapped atomically (a temporary link renamed over it, as systemd's
// symlink_atomic()); without, an existing p is an error.
func (t *Target) symlink(target, p string, replace bool) error {
	h, err := t.host(p, false)
	if err != nil {
		return err
	}
	if !replace {
		if err := os.Symlink(filepath.FromSlash(target), h); err != nil {
			return err
		}
		return t.chown(h)
	}
	tmp := filepath.Join(filepath.Dir(h), "."+filepath.Base(h)+".tmp-link")
	os.Remove(tmp)
	if err := os.Symlink(filepath.FromSlash(target), tmp); err != nil {
		return err
	}
	if err := t.chown(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, h); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// readlink reads the link p inside the target.
func (t *Target) readlink(p string) (string, error) {
	h, err := t.host(p, false)
	if err != nil {
		return "", err
	}
	s, err := os.Readlink(h)
	return filepath.ToSlash(s), err
}

// remove deletes the file or link p (not a directory).
func (t *Target) remove(p string) error {
	h, err := t.host(p, false)
	if err != nil {
		return err
	}
	return os.Remove(h)
}

// rmdirParents removes dir and its parents while they are empty, stopping
// at stop (which stays), as rmdir_parents() does after systemctl disable
// removes a link. It returns the directories removed.
func (t *Target) rmdirParents(dir, stop string) []string {
	var gone []string
	for d := dir; d != stop && strings.HasPrefix(d, stop+"/"); d = path.Dir(d) {
		h, err := t.host(d, false)
		if err != nil {
			break
		}
		// rmdir(): a link to a directory is not removed (ENOTDIR).
		if fi, err := os.Lstat(h); err != nil || !fi.IsDir() {
			break
		}
		if err := os.Remove(h); err != nil {
			break
		}
		gone = append(gone, d)
	}
	return gone
}

// staleTemps lists temporary files an interrupted write of p left behind
// (".NAME.tmp-*", atomicfile's naming); the unit's next install removes
// them. systemd ignores them meanwhile: hidden, and no unit suffix.
func (t *Target) staleTemps(p string) []string {
	h, err := t.host(path.Dir(p), true)
	if err != nil {
		return nil
	}
	ents, err := os.ReadDir(h)
	if err != nil {
		return nil
	}
	prefix := "." + path.Base(p) + ".tmp-"
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			out = append(out, path.Join(path.Dir(p), e.Name()))
		}
	}
	return out
}
