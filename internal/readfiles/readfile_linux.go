package readfiles

import (
	"io/fs"
	"slices"
	"syscall"
)

// readFile is os.ReadFile without the poller: for every file it opens,
// os.Open on Linux tries to register the descriptor with epoll (which
// refuses regular files) and sets and clears O_NONBLOCK around that, five
// system calls of ten spent for nothing. Reading a directory of units
// sequentially this way takes about two thirds of the time. The content and
// the errors (an *fs.PathError with op "open" or "read") are those of
// os.ReadFile; like it, a read error returns what was read before it.
// The read blocks its thread: this is for regular files, not pipes.
func readFile(name string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
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
