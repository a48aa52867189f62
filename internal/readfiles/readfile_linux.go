package readfiles

import (
	"io/fs"
	"path/filepath"
	"slices"
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
// path (files come grouped by directory from a walk).
type reader struct {
	dir   string
	dirfd int
	buf   []byte // for ReadRegular: the first read of each file lands here
}

func newReader() *reader { return &reader{dirfd: -1} }

func (r *reader) read(name string) ([]byte, error) { return r.readWith(name, readFileAt) }

// readRegular reads a file known to be a regular file (see ReadRegular).
func (r *reader) readRegular(name string) (string, error) {
	if r.buf == nil {
		r.buf = make([]byte, 64<<10)
	}
	var s string
	_, err := r.readWith(name, func(dirfd int, rel, name string) ([]byte, error) {
		var err error
		s, err = readRegularAt(dirfd, rel, name, r.buf)
		return nil, err
	})
	return s, err
}

// readWith opens name's directory if it is not the one kept open, and
// reads name relative to it with readAt.
func (r *reader) readWith(name string, readAt func(dirfd int, rel, name string) ([]byte, error)) ([]byte, error) {
	dir, base := filepath.Split(name)
	if dir == "" || base == "" {
		return readAt(atFDCWD, name, name)
	}
	if dir != r.dir {
		r.close()
		fd, err := openRetry(atFDCWD, dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
		if err != nil {
			// Let the open of the file itself say what is wrong.
			return readAt(atFDCWD, name, name)
		}
		r.dir, r.dirfd = dir, fd
	}
	return readAt(r.dirfd, base, name)
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

// readFile reads one file, as os.ReadFile does (see readFileAt).
func readFile(name string) ([]byte, error) {
	return readFileAt(atFDCWD, name, name)
}

// readFileAt is os.ReadFile without the poller: for every file it opens,
// os.Open on Linux tries to register the descriptor with epoll (which
// refuses regular files) and sets and clears O_NONBLOCK around that, five
// system calls of ten spent for nothing. Reading a directory of units
// sequentially this way takes about two thirds of the time. The content and
// the errors (an *fs.PathError with op "open" or "read") are those of
// os.ReadFile; like it, a read error returns what was read before it.
// The read blocks its thread: this is for regular files, not pipes.
// readRegularAt reads a regular file with one read into buf when it
// fits: a read of a regular file returns less than asked only at its end
// (read(2)), so neither fstat nor a read that sees the end is needed.
// The content is copied out once, at its exact size, into the string
// returned.
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

// readFileAt opens rel relative to the directory dirfd (AT_FDCWD: the
// working directory); name is the path for errors.
func readFileAt(dirfd int, rel, name string) ([]byte, error) {
	fd, err := openRetry(dirfd, rel, syscall.O_RDONLY|syscall.O_CLOEXEC)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)

	// Sized as os.ReadFile sizes it (see readFileContents in
	// os/file.go): the size fstat gives plus one byte for the read that
	// sees the end, at least 512 bytes, since /proc files claim size 0.
	var st syscall.Stat_t
	var statSize int64
	regular := false
	if syscall.Fstat(fd, &st) == nil {
		statSize = st.Size
		regular = st.Mode&syscall.S_IFMT == syscall.S_IFREG
	}
	zeroSize := statSize == 0
	var size int
	if int64(int(statSize)) == statSize {
		size = int(statSize)
	}
	size++
	const minBuf = 512
	if size < minBuf {
		size = minBuf
	}
	data := make([]byte, 0, size)
	for {
		// Linux reads at most 0x7ffff000 bytes at once; os caps reads
		// at 1 GiB.
		buf := data[len(data):cap(data)]
		if len(buf) > 1<<30 {
			buf = buf[:1<<30]
		}
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return data, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if regular && !zeroSize && n < len(buf) {
			// A read of a regular file returns less than asked only at
			// its end (read(2)): the read os.ReadFile makes to see 0
			// bytes is one system call per file spared. A file that
			// grows meanwhile is read as it was at that read.
			return data, nil
		}
		if capRemain := cap(data) - len(data); capRemain == 0 || (zeroSize && capRemain < minBuf) {
			data = slices.Grow(data, minBuf)
		}
	}
}
