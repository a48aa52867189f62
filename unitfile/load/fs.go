package load

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// chaseMax is CHASE_SYMLINKS_MAX of src/basic/chase-symlinks.h: more
// symlinks than this in one path is ELOOP.
const chaseMax = 32

// errLoop is ELOOP: too many levels of symbolic links.
var errLoop = errors.New("too many levels of symbolic links")

// errNotDir is ENOTDIR: a component that is not a directory has more
// components after it.
var errNotDir = errors.New("not a directory")

// image reads the files of the machine whose units are loaded: the host,
// or a directory tree standing for one (an image, a fake home). Its paths
// are absolute and slash-separated, paths inside that machine. Symlinks are
// resolved the way systemd's chase_symlinks() does with a root directory:
// an absolute target starts again at the root and ".." stops at it, so no
// path read ever leaves the root.
type image struct {
	// root is the host directory of the image, "" for the host itself.
	root string
	// r confines every access to root when there is one, also against a
	// symlink swapped in between the resolution and the read.
	r *os.Root
}

func openImage(root string) (*image, error) {
	if root == "" {
		return &image{}, nil
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	return &image{root: root, r: r}, nil
}

// host is p as a path on this machine.
func (im *image) host(p string) string {
	if im.root == "" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(im.root, filepath.FromSlash(p))
}

// rel is p for os.Root: relative to the root.
func rel(p string) string {
	p = strings.TrimLeft(p, "/")
	if p == "" {
		return "."
	}
	return filepath.FromSlash(p)
}

func (im *image) lstat(p string) (fs.FileInfo, error) {
	if im.r != nil {
		return im.r.Lstat(rel(p))
	}
	return os.Lstat(im.host(p))
}

func (im *image) readlink(p string) (string, error) {
	if im.r != nil {
		return im.r.Readlink(rel(p))
	}
	return os.Readlink(im.host(p))
}

// open opens a path that chase has resolved (no symlink in it).
func (im *image) open(p string) (*os.File, error) {
	if im.r != nil {
		return im.r.Open(rel(p))
	}
	return os.Open(im.host(p))
}

func (im *image) readDir(p string) ([]fs.DirEntry, error) {
	f, err := im.open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// chase resolves every symlink in p inside the image and returns the path
// it leads to, like chase_symlinks(p, root, flags). With noFollow the last
// component is not followed (CHASE_NOFOLLOW); with nonexistent a missing
// component ends the resolution and the rest is appended as it is
// (CHASE_NONEXISTENT). p must be absolute.
func (im *image) chase(p string, noFollow, nonexistent bool) (string, error) {
	done := "/"
	todo := p
	follows := 0
	for {
		todo = strings.TrimLeft(todo, "/")
		if todo == "" {
			return done, nil
		}
		c, rest, _ := strings.Cut(todo, "/")
		todo = rest
		last := strings.Trim(rest, "/") == ""
		switch c {
		case ".":
			continue
		case "..":
			// at the root, ".." stays at the root
			done = path.Dir(done)
			continue
		}
		next := path.Join(done, c)
		if last && noFollow {
			return next, nil
		}
		fi, err := im.lstat(next)
		if err != nil {
			if nonexistent && errors.Is(err, fs.ErrNotExist) {
				return path.Join(next, todo), nil
			}
			return "", &fs.PathError{Op: "chase", Path: next, Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			follows++
			if follows > chaseMax {
				return "", &fs.PathError{Op: "chase", Path: p, Err: errLoop}
			}
			t, err := im.readlink(next)
			if err != nil {
				return "", &fs.PathError{Op: "chase", Path: next, Err: unwrapPath(err)}
			}
			t = filepath.ToSlash(t)
			if path.IsAbs(t) {
				done = "/"
			}
			todo = t + "/" + todo
			continue
		}
		if !last && !fi.IsDir() {
			return "", &fs.PathError{Op: "chase", Path: next, Err: errNotDir}
		}
		done = next
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// devNull is the path systemd's masks point to.
const devNull = "/dev/null"

// content is what reading one file gave.
type content struct {
	src []byte
	// null: an empty regular file, a character device, or a link to
	// /dev/null: systemd's null_or_empty().
	null bool
}

// maxRead bounds what is read of one file: unitfile.Parse refuses more
// than 2 GiB anyway.
const maxRead = 2<<30 + 1

// read reads the file at p, following symlinks inside the image. A link
// whose target is /dev/null is a mask whether or not the image has a
// /dev/null (systemd's install code treats it so under --root); a
// character device is one too and is not read.
func (im *image) read(p string) (content, error) {
	p, err := im.chase(p, true, false)
	if err != nil {
		return content{}, err
	}
	for n := 0; ; n++ {
		fi, err := im.lstat(p)
		if err != nil {
			return content{}, &fs.PathError{Op: "open", Path: p, Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return im.readFile(p, fi)
		}
		if n >= chaseMax {
			return content{}, &fs.PathError{Op: "open", Path: p, Err: errLoop}
		}
		t, err := im.readlink(p)
		if err != nil {
			return content{}, &fs.PathError{Op: "open", Path: p, Err: unwrapPath(err)}
		}
		t = filepath.ToSlash(t)
		if !path.IsAbs(t) {
			t = path.Join(path.Dir(p), t)
		}
		if p, err = im.chase(t, true, true); err != nil {
			return content{}, err
		}
		if p == devNull {
			return content{null: true}, nil
		}
	}
}

// readFile reads p, which is no symlink.
func (im *image) readFile(p string, fi fs.FileInfo) (content, error) {
	switch m := fi.Mode(); {
	case m&fs.ModeCharDevice != 0:
		return content{null: true}, nil
	case m.IsDir():
		return content{}, &fs.PathError{Op: "read", Path: p, Err: syscall.EISDIR}
	case !m.IsRegular():
		// A FIFO would block systemd as well; refuse instead of hanging.
		return content{}, &fs.PathError{Op: "open", Path: p, Err: errors.New("not a regular file")}
	}
	if fi.Size() == 0 {
		return content{null: true}, nil
	}
	f, err := im.open(p)
	if err != nil {
		return content{}, &fs.PathError{Op: "open", Path: p, Err: unwrapPath(err)}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRead))
	if err != nil {
		return content{}, &fs.PathError{Op: "read", Path: p, Err: unwrapPath(err)}
	}
	return content{src: b, null: len(b) == 0}, nil
}
