package readfiles

import (
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
)

// atFDCWD is Linux's AT_FDCWD (include/uapi/linux/fcntl.h), which
// package syscall does not export: openat(2) then opens relative to the
// working directory, as open(2) does.
const atFDCWD = -100

// reader reads files for one goroutine. It keeps the directory of the
// last file open and opens the next file of that directory relative to
// it: the kernel then looks up one name, not every component of the
// path (files come grouped by directory from a walk). It opens files
// with the system calls rather than os.Open, which on Linux tries to
// register every descriptor with epoll (which refuses regular files) and
// sets and clears O_NONBLOCK around that: five system calls of ten spent
// for nothing.
type reader struct {
	dir   string
	dirfd int
	buf   []byte // the first read of each file lands here
}

func newReader() *reader { return &reader{dirfd: -1} }

// readRegular reads a file known to be a regular file (see ReadRegular).
func (r *reader) readRegular(name string) (string, error) {
	if r.buf == nil {
		r.buf = make([]byte, 64<<10)
	}
	dirfd, rel := r.at(name)
	return readRegularAt(dirfd, rel, name, r.buf)
}

// at is where to open name from: the directory kept open (opened first
// when name is in another one) and name's base, or the working
// directory and name itself.
func (r *reader) at(name string) (dirfd int, rel string) {
	dir, base := filepath.Split(name)
	if dir == "" || base == "" {
		return atFDCWD, name
	}
	if dir != r.dir {
		r.close()
		fd, err := openRetry(atFDCWD, dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
		if err != nil {
			// Let the open of the file itself say what is wrong.
			return atFDCWD, name
		}
		r.dir, r.dirfd = dir, fd
	}
	return r.dirfd, base
}

func (r *reader) close() {
	if r.dirfd >= 0 {
		syscall.Close(r.dirfd)
	}
	r.dir, r.dirfd = "", -1
}

func openRetry(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := syscall.Openat(dirfd, name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readRegularAt reads the regular file rel, relative to the directory
// dirfd (name is the path for errors), with one read into buf when it
// fits: a read of a regular file returns less than asked only at its end
// (read(2)), so neither fstat nor a read that sees the end is needed.
// The content is copied out once, at its exact size, into the string
// returned. Like os.ReadFile, a read error returns what was read before
// it.
func readRegularAt(dirfd int, rel, name string, buf []byte) (string, error) {
	fd, err := openRetry(dirfd, rel, syscall.O_RDONLY|syscall.O_CLOEXEC)
	if err != nil {
		return "", &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var b strings.Builder
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return b.String(), &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if b.Len() == 0 && n < len(buf) {
			b.Grow(n)
		}
		b.Write(buf[:n])
		if n < len(buf) {
			return b.String(), nil
		}
	}
}
