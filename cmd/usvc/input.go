package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/unitfile/unitname"
)

// input is one file named on the command line, read.
type input struct {
	name   string // as given ("-" for stdin, unless --stdin-filename names it)
	src    []byte
	masked bool // an empty file, or a link to /dev/null: systemd does not parse it
}

// readInput reads a file named on the command line; "-" reads stdin. The
// error names the file and says what is wrong, for exit code 3.
func readInput(e *env, name, stdinName string) (*input, error) {
	if name == "-" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		n := "-"
		if stdinName != "" {
			n = stdinName
		}
		return &input{name: n, src: b, masked: len(b) == 0}, nil
	}
	masked := false
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if t, err := os.Readlink(name); err == nil && t == "/dev/null" {
			masked = true
		}
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPathError(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a unit file", name)
	}
	if fi.Mode()&fs.ModeCharDevice != 0 {
		// systemd's null_or_empty(): a character device masks the unit.
		return &input{name: name, masked: true}, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPathError(err))
	}
	return &input{name: name, src: b, masked: masked || len(b) == 0}, nil
}

// unwrapPathError drops the "open NAME:" that *fs.PathError adds, since the
// caller names the file itself.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// nameValid reports whether systemd would load a file of this name: a
// valid unit name, or a drop-in (NAME.d/*.conf) for a valid unit name, a
// type (service.d) or a prefix (foo-.service.d).
func nameValid(path string) bool {
	base := filepath.Base(path)
	if strings.HasSuffix(base, ".conf") {
		dir := strings.TrimSuffix(filepath.Base(filepath.Dir(path)), ".d")
		if dir == filepath.Base(filepath.Dir(path)) {
			return false
		}
		return unitname.IsType(dir) || unitname.Check(dir) == nil
	}
	return unitname.Check(base) == nil
}
