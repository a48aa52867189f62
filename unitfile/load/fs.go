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
//
// Metadata (lstat, readlink) is read once per path and kept: an image is
// a snapshot for the life of its Loader, which makes resolving the same
// directories for hundreds of units cheap.
type image struct {
	// root is the host directory of the image, "" for the host itself.
	root string
	// r confines the reads of directories and files to root when there
	// is one, also against a symlink swapped in after the resolution.
	r *os.Root

	stats map[string]statResult
	links map[string]linkResult
	// dirs holds the directories opened under r, so that a file in one
	// costs one openat, not a walk from the root.
	dirs map[string]dirResult
}

type dirResult struct {
	r   *os.Root
	err error
}

type statResult struct {
	fi  fs.FileInfo
	err error
}

type linkResult struct {
	target string
	err    error
}

func openImage(root string) (*image, error) {
	im := &image{stats: map[string]statResult{}, links: map[string]linkResult{}, dirs: map[string]dirResult{}}
	if root == "" {
		return im, nil
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	im.root, im.r = root, r
	return im, nil
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

// lstat and readlink take paths whose directories chase has resolved, so
// the host path stays inside the root without os.Root's walk (whose cost
// grows with the depth of the path); the contents are read through
// os.Root.
func (im *image) lstat(p string) (fs.FileInfo, error) {
	if r, ok := im.stats[p]; ok {
		return r.fi, r.err
	}
	fi, err := os.Lstat(im.host(p))
	im.stats[p] = statResult{fi, err}
	return fi, err
}

func (im *image) readlink(p string) (string, error) {
	if r, ok := im.links[p]; ok {
		return r.target, r.err
	}
	t, err := os.Readlink(im.host(p))
	im.links[p] = linkResult{t, err}
	return t, err
}

// dirRoot is directory p (resolved) opened under the root.
func (im *image) dirRoot(p string) (*os.Root, error) {
	if d, ok := im.dirs[p]; ok {
		return d.r, d.err
	}
	r, err := im.r.OpenRoot(rel(p))
	im.dirs[p] = dirResult{r, err}
	return r, err
}

// open opens a path that chase has resolved (no symlink in it).
func (im *image) open(p string) (*os.File, error) {
	if im.r == nil {
		return os.Open(im.host(p))
	}
	d, err := im.dirRoot(path.Dir(p))
	if err != nil {
		return nil, err
	}
	return d.Open(path.Base(p))
}

// close releases the directories and the root.
func (im *image) close() error {
	for _, d := range im.dirs {
		if d.r != nil {
			d.r.Close()
		}
	}
	im.dirs = map[string]dirResult{}
	if im.r != nil {
		return im.r.Close()
	}
	return nil
}

func (im *image) readDir(p string) ([]fs.DirEntry, error) {
	var f *os.File
	var err error
	if im.r == nil {
		f, err = os.Open(im.host(p))
	} else if d, derr := im.dirRoot(p); derr != nil {
		err = derr
	} else {
		f, err = d.Open(".")
	}
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

// resolve follows p to the file it stands for inside the image and
// returns that file's path and metadata; a link whose target is
// /dev/null gives devNull and no metadata, whether or not the image has
// a /dev/null (systemd's install code treats such a link as a mask under
// --root too).
func (im *image) resolve(p string) (string, fs.FileInfo, error) {
	p, err := im.chase(p, true, false)
	if err != nil {
		return "", nil, err
	}
	for n := 0; ; n++ {
		fi, err := im.lstat(p)
		if err != nil {
			return "", nil, &fs.PathError{Op: "open", Path: p, Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, fi, nil
		}
		if n >= chaseMax {
			return "", nil, &fs.PathError{Op: "open", Path: p, Err: errLoop}
		}
		t, err := im.readlink(p)
		if err != nil {
			return "", nil, &fs.PathError{Op: "open", Path: p, Err: unwrapPath(err)}
		}
		t = filepath.ToSlash(t)
		if !path.IsAbs(t) {
			t = path.Join(path.Dir(p), t)
		}
		if p, err = im.chase(t, true, true); err != nil {
			return "", nil, err
		}
		if p == devNull {
			return p, nil, nil
		}
	}
}

// null is null_or_empty_path(): whether p is a mask (an empty regular
// file, a character device, a link to /dev/null). An unreadable p counts
// as one, as the callers in systemd treat an error.
func (im *image) null(p string) bool {
	p, fi, err := im.resolve(p)
	if err != nil || fi == nil {
		return true
	}
	m := fi.Mode()
	return m&fs.ModeCharDevice != 0 || (m.IsRegular() && fi.Size() == 0)
}

// read reads the file at p, following symlinks inside the image. A mask
// (see null) is not read.
func (im *image) read(p string) (content, error) {
	p, fi, err := im.resolve(p)
	if err != nil {
		return content{}, err
	}
	if fi == nil {
		return content{null: true}, nil
	}
	return im.readFile(p, fi)
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
