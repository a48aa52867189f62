//go:build !linux

package readfiles

import "os"

// readFile reads a file. Outside Linux, os.Open wastes at most one fstat
// on a regular file (on the BSDs and macOS), not worth a copy of
// os.ReadFile.
var readFile = os.ReadFile

// reader reads files for one goroutine.
type reader struct{}

func newReader() *reader { return &reader{} }

func (r *reader) read(name string) ([]byte, error) { return readFile(name) }

func (r *reader) readRegular(name string) (string, error) {
	b, err := readFile(name)
	return string(b), err
}

func (r *reader) close() {}
