package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/unitfile/load"
)

func init() { register("cat", newCatCmd) }

func newCatCmd(e *env) *cobra.Command {
	var asJSON, user, system bool
	var root string
	c := &cobra.Command{
		Use:   "cat [--json] [--user|--system] [--root DIR] UNIT|FILE...",
		Short: "Show a unit's files as systemd finds them: the unit file, then its drop-ins",
		Long: `cat finds each UNIT in the unit search path of the user manager (or, with
--system, of the system manager) as systemd 252 does (aliases, masks,
templates and instances, drop-in directories of the name, the template,
the prefixes and the type) and prints its unit file and then its drop-ins
in the order systemd applies them, each headed by "# PATH", like
'systemctl --user cat'.

An argument with a "/" is a FILE: its directory is searched first, as
'systemd-analyze verify' does. --root DIR reads everything inside DIR (an
image, a fake home): the search path, which follows $HOME, the XDG_*
variables and $SYSTEMD_UNIT_PATH, is taken inside DIR, links too, and a
FILE is a path inside DIR.

--json prints an array with one object per argument: "unit", "status"
("ok", "error", "masked", "badname" or "not-found"), "files" (the unit
file, then the drop-ins, each as 'usvc parse --json' shows a file), and
"merged": the assignments in force after the drop-ins, each with the file
and line that set it.

Exit status: 0 when every unit was found, 2 on usage errors, 3 when a unit
cannot be found or read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if user && system {
				return usageError{errors.New("--user and --system cannot be used together")}
			}
			for _, a := range args {
				if root != "" && isFileArg(a) && !strings.HasPrefix(filepath.ToSlash(a), "/") {
					return usageError{fmt.Errorf("%s: with --root, give a FILE as its absolute path inside the root", a)}
				}
			}
			scope := load.User
			if system {
				scope = load.System
			}
			env := load.HostEnv()
			// An empty XDG variable counts as unset here, as the XDG spec
			// says (systemd 252 would join "" + "/systemd/user").
			env.LookupEnv = func(k string) (string, bool) {
				v := e.getenv(k)
				return v, v != ""
			}
			dirs, err := load.SearchPath(scope, env)
			if err != nil {
				return fail(exitFailure, "the unit search path: %v; set HOME", err)
			}
			l, err := load.NewLoader(root, dirs)
			if err != nil {
				return fail(exitFailure, "--root: %v", unwrapPathError(err))
			}
			defer l.Close()

			var results []catResult
			failed := false
			for i, arg := range args {
				u, err := catLoad(l, arg, root != "")
				r := catResultOf(l, arg, u, err)
				results = append(results, r)
				if r.Status == "badname" || r.Status == "not-found" || catUnreadable(u) {
					failed = true
				}
				if !asJSON {
					catText(e, l, arg, u, err, i == 0)
				}
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(results); err != nil {
					return fail(exitFailure, "writing the output: %v", err)
				}
			}
			if failed {
				return silent(exitFailure)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print a JSON array, one object per unit")
	c.Flags().BoolVar(&user, "user", false, "the user manager's units (the default)")
	c.Flags().BoolVar(&system, "system", false, "the system manager's units")
	c.Flags().StringVar(&root, "root", "", "read the units inside `DIR` (an image or a fake home)")
	return c
}

// catLoad loads a unit name, or a file when the argument has a slash.
func catLoad(l *load.Loader, arg string, rooted bool) (*load.Unit, error) {
	if !isFileArg(arg) {
		return l.Load(arg)
	}
	p := filepath.ToSlash(arg)
	if !rooted {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		p = filepath.ToSlash(abs)
	}
	if _, err := os.Lstat(l.HostPath(p)); err != nil {
		return nil, fmt.Errorf("%s: %w", arg, unwrapPathError(err))
	}
	return l.LoadFile(p)
}

// isFileArg reports whether an argument names a file rather than a unit.
func isFileArg(arg string) bool {
	return strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, filepath.Separator)
}

// catUnreadable reports a unit whose files exist but cannot be read. A
// drop-in that is a dangling link does not count: systemd skips it
// without a word.
func catUnreadable(u *load.Unit) bool {
	if u == nil {
		return false
	}
	if u.Fragment != nil && u.Fragment.Err != nil {
		return true
	}
	for _, d := range u.DropIns {
		if d.Err != nil && !errors.Is(d.Err, fs.ErrNotExist) {
			return true
		}
	}
	return u.State == load.Error && u.Fragment == nil // aliases in a circle
}

type catResult struct {
	Unit   string        `json:"unit"`
	Status string        `json:"status"`
	Files  []parseResult `json:"files"`
	Merged []catEntry    `json:"merged"`
}

// catEntry is one assignment in force, with where it was set.
type catEntry struct {
	Section string `json:"section"`
	Key     string `json:"key"`
	Value   string `json:"value"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
}

func catResultOf(l *load.Loader, arg string, u *load.Unit, err error) catResult {
	r := catResult{Unit: arg, Files: []parseResult{}, Merged: []catEntry{}}
	if err != nil {
		r.Status = "not-found"
		if errors.Is(err, load.ErrBadName) {
			r.Status = "badname"
		}
		return r
	}
	r.Unit = u.ID
	switch u.State {
	case load.Loaded:
		r.Status = "ok"
	case load.NotFound:
		r.Status = "not-found"
	case load.Masked:
		r.Status = "masked"
	default:
		r.Status = "error"
	}
	files := u.DropIns
	if u.Fragment != nil {
		files = append([]*load.File{u.Fragment}, files...)
	}
	for _, f := range files {
		r.Files = append(r.Files, fileResult(l.HostPath(f.Path), f.Parsed, f.Err, f.Masked, true))
	}
	if u.State == load.Loaded {
		for _, a := range u.Effective() {
			r.Merged = append(r.Merged, catEntry{
				Section: a.SectionName(), Key: a.Key(), Value: a.Value(), File: l.HostPath(a.File.Path),
				Line: a.Entry.Pos().Line, EndLine: a.Entry.End().Line,
			})
		}
	}
	return r
}

// catText prints a unit as `systemctl cat` does: "# PATH" and the lines
// of each file, a blank line between files and between units.
func catText(e *env, l *load.Loader, arg string, u *load.Unit, err error, first bool) {
	if err != nil {
		fmt.Fprintln(e.stderr, "usvc: "+err.Error())
		return
	}
	if u.State == load.Masked {
		fmt.Fprintf(e.stdout, "# Unit %s is masked.\n", u.ID)
		return
	}
	if u.Fragment == nil && len(u.DropIns) == 0 {
		if u.Err != nil {
			fmt.Fprintf(e.stderr, "usvc: %s: %v\n", arg, u.Err)
		} else {
			fmt.Fprintf(e.stderr, "usvc: %s: no unit file of this name in the search path\n", arg)
		}
		return
	}
	if !first {
		fmt.Fprintln(e.stdout)
	}
	files := u.DropIns
	if u.Fragment != nil {
		files = append([]*load.File{u.Fragment}, files...)
	} else {
		fmt.Fprintf(e.stderr, "usvc: %s: no unit file of this name in the search path, only drop-ins\n", arg)
	}
	for i, f := range files {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		host := l.HostPath(f.Path)
		fmt.Fprintf(e.stdout, "# %s\n", host)
		switch {
		case f.Err != nil && errors.Is(f.Err, fs.ErrNotExist) && f.DropIn:
			fmt.Fprintf(e.stderr, "usvc: %s: a link to a missing file; systemd skips it\n", host)
		case f.Err != nil:
			fmt.Fprintf(e.stderr, "usvc: %s: %v\n", host, unwrapPathError(f.Err))
		case f.Parsed != nil:
			catLines(e.stdout, f.Parsed.Bytes())
		}
	}
}

// catLines prints src line by line, each ended by "\n", splitting lines
// as systemctl's read_line() does (src/basic/fileio.c:
// read_line_full()): "\n", "\r" and NUL end a line, and a run of line
// end bytes counts once as long as no kind repeats and no NUL came
// before ("\r\n" and "\n\r" are one line end, "\n\n" two).
func catLines(w io.Writer, src []byte) {
	kind := func(c byte) int {
		switch c {
		case '\n':
			return 1
		case '\r':
			return 2
		case 0:
			return 4
		}
		return 0
	}
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		seen := kind(src[i])
		if seen == 0 {
			b.WriteByte(src[i])
			continue
		}
		b.WriteByte('\n')
		for seen&4 == 0 && i+1 < len(src) {
			k := kind(src[i+1])
			if k == 0 || k&seen != 0 {
				break
			}
			seen |= k
			i++
		}
	}
	if len(src) > 0 && !strings.HasSuffix(b.String(), "\n") {
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}
