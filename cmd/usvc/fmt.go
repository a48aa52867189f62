package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/internal/atomicfile"
	"github.com/usvc/usvc/unitfile"
)

func init() { register("fmt", newFmtCmd) }

// fmtFlags are the flags of 'usvc fmt', as gofmt has them.
type fmtFlags struct {
	list, write, diff, check bool
}

func newFmtCmd(e *env) *cobra.Command {
	var fl fmtFlags
	c := &cobra.Command{
		Use:   "fmt [-l] [-w] [-d] [--check] PATH...",
		Short: "Lay out unit files one canonical way, without changing what systemd reads",
		Long: `fmt does for unit files what gofmt does for Go: one layout, so that diffs
show meaning, not spacing. It never changes a section, key or value as
systemd reads them, never reorders lines, and keeps every comment where it
is. The layout:

  Key=value      no blanks around '=' or before the key
  [Section]      no blanks around the header; one blank line before it
                 (above the comment lines directly over it), none after it
  # comment      at the first column
  blank lines    one at most in a row, none at the start or end
  line ends      the file's most common one (CRLF stays CRLF), and a
                 final one; no trailing blanks (but one after a value
                 that ends in a backslash, or the line would continue)

Continuation lines keep their indentation, which systemd keeps in the
value. Lines systemd rejects keep their bytes.

Without flags, fmt prints the formatted files. A PATH may be a unit file,
a drop-in, "-" for standard input, or a directory, searched recursively
for unit files (.service .socket .timer .path .mount .automount .swap
.target .slice .scope .device) and drop-ins (NAME.d/*.conf); symbolic
links found there are skipped, not followed.

Files that are not unit files, or that systemd refuses to load (invalid
UTF-8, a bad section header, a line over 1 MiB), are left as they are,
with a message. Read-only files are not rewritten by -w, even by root.

Exit status: 0 when all went well, 1 when -l, -d or --check found a file
to change, 2 on usage errors, 3 when a file could not be read, written or
formatted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fl.write && slices.Contains(args, "-") {
				return usageError{fmt.Errorf("cannot use -w with standard input (-)")}
			}
			r := &fmtRun{e: e, fl: fl}
			for _, a := range args {
				r.arg(a)
			}
			switch {
			case r.failed:
				return silent(exitFailure)
			case r.changed && (fl.list || fl.diff || fl.check):
				return silent(exitFindings)
			}
			return nil
		},
	}
	c.Flags().BoolVarP(&fl.list, "list", "l", false, "list the files whose layout differs")
	c.Flags().BoolVarP(&fl.write, "write", "w", false, "rewrite the files that differ, in place")
	c.Flags().BoolVarP(&fl.diff, "diff", "d", false, "print a unified diff of what would change")
	c.Flags().BoolVar(&fl.check, "check", false, "print no formatted text; exit 1 when any file would change")
	return c
}

// fmtRun is one 'usvc fmt' invocation.
type fmtRun struct {
	e       *env
	fl      fmtFlags
	changed bool // a file's layout differs
	failed  bool // a file could not be read, written or formatted
}

func (r *fmtRun) errorf(format string, args ...any) {
	fmt.Fprintf(r.e.stderr, "usvc: "+format+"\n", args...)
	r.failed = true
}

// arg handles one PATH from the command line.
func (r *fmtRun) arg(path string) {
	if path == "-" {
		r.file("-")
		return
	}
	lfi, err := os.Lstat(path)
	if err != nil {
		r.errorf("%s: %v", path, unwrapPathError(err))
		return
	}
	fi := lfi
	if lfi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(path); err != nil {
			fi = lfi // a dangling link: readInput says what is wrong
		}
	}
	if !fi.IsDir() {
		r.file(path)
		return
	}
	root := path
	if lfi.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not follow a link at its root; with a trailing
		// separator the root is the directory itself.
		root += string(filepath.Separator)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			r.errorf("%s: %v", p, unwrapPathError(err))
			return nil // a directory that cannot be read is skipped
		}
		// Only regular files: links in a unit directory are .wants/
		// entries, aliases and masks (links to /dev/null), whose targets
		// are formatted where they are, if at all.
		if d.Type().IsRegular() && isUnitPath(p) {
			r.file(p)
		}
		return nil
	})
	if err != nil {
		r.errorf("%s: %v", path, err)
	}
}

// unitSuffixes are the file name suffixes of the unit types systemd 252
// loads from files.
var unitSuffixes = []string{".service", ".socket", ".timer", ".path", ".mount", ".automount", ".swap", ".target", ".slice", ".scope", ".device"}

// isUnitPath reports whether a file found in a directory walk is one fmt
// formats: a unit file by its suffix, or a drop-in NAME.d/*.conf whose
// NAME is a unit (so /etc/sysctl.d/*.conf is left alone).
func isUnitPath(p string) bool {
	ext := filepath.Ext(p)
	if ext == ".conf" {
		return nameValid(p)
	}
	return slices.Contains(unitSuffixes, ext)
}

// file formats one file ("-": standard input).
func (r *fmtRun) file(path string) {
	in, err := readInput(r.e, path, "")
	if err != nil {
		r.errorf("%v", err)
		return
	}
	name := path
	if path == "-" {
		name = "<stdin>"
	}
	if in.masked {
		// An empty file, or a link to /dev/null, masks the unit: there
		// is no layout to change, and writing a line end would unmask it.
		return
	}
	out, ok := r.format(name, in.src)
	if !ok {
		return
	}
	same := bytes.Equal(out, in.src)
	if !same {
		r.changed = true
	}
	if !r.fl.list && !r.fl.write && !r.fl.diff && !r.fl.check {
		r.e.stdout.Write(out)
		return
	}
	if same {
		return
	}
	if r.fl.list {
		fmt.Fprintln(r.e.stdout, name)
	}
	if r.fl.diff {
		r.e.stdout.Write(unifiedDiff(name, in.src, out))
	}
	if r.fl.check && !r.fl.list && !r.fl.diff {
		fmt.Fprintf(r.e.stderr, "usvc: %s: not formatted; run usvc fmt -w on it\n", name)
	}
	if r.fl.write {
		r.write(path, out)
	}
}

// format returns the formatted text, or reports why the file is left as
// it is.
func (r *fmtRun) format(name string, src []byte) ([]byte, bool) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		// systemd reads a NUL as a line end, but no editor writes one:
		// this is binary data, and "formatting" it would only mangle it.
		r.errorf("%s: not a unit file: it holds NUL bytes (the first at offset %d); left unchanged", name, i)
		return nil, false
	}
	f, err := unitfile.Parse(name, src)
	if err != nil {
		r.errorf("%v", err)
		return nil, false
	}
	if d := f.Fatal(); d != nil {
		r.errorf("%s:%d:%d: systemd refuses to load this file: %s; fix that first (usvc parse %s shows it), the file is left unchanged",
			name, d.Pos.Line, d.Pos.Col, printable(d.Message), name)
		return nil, false
	}
	if len(f.Sections) == 0 {
		for n := range f.Preamble() {
			if b, ok := n.(*unitfile.BadLine); ok {
				r.errorf("%s:%d: not a unit file: no [Section] header, and this line is not a comment; left unchanged", name, b.Pos().Line)
				return nil, false
			}
		}
	}
	return unitfile.Format(f), true
}

// write replaces path with out, atomically and keeping its mode.
func (r *fmtRun) write(path string, out []byte) {
	fi, err := os.Stat(path)
	if err != nil {
		r.errorf("%s: cannot write: %v", path, unwrapPathError(err))
		return
	}
	if fi.Mode().Perm()&0o222 == 0 {
		// A file nobody may write is read-only on purpose (a package's
		// file, a generated one): root could rewrite it, but fmt does not.
		r.errorf("%s: read-only file (mode %04o), left unchanged; make it writable to format it in place", path, fi.Mode().Perm())
		return
	}
	if err := atomicfile.WriteFile(path, out, fi.Mode().Perm()); err != nil {
		r.errorf("%s: cannot write: %v", path, unwrapPathError(err))
	}
}
