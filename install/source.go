package install

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/usvc/usvc/unitfile/unitname"
)

// Source is one unit to install: its file and the drop-ins beside it.
type Source struct {
	// Name is the unit name, the file's base name ("web.service").
	Name string
	// Path is where the unit was read from.
	Path string
	Data []byte
	// DropIns are the *.conf files of NAME.d/ beside the unit, in name
	// order.
	DropIns []DropIn
}

// DropIn is one drop-in file of a unit.
type DropIn struct {
	Name string // "override.conf"
	Path string // where it was read from
	Data []byte
}

// ErrBadName is wrapped by errors for names that are not valid unit or
// drop-in names, or that would leave the unit directory.
var ErrBadName = errors.New("not a valid name")

// Load reads the units named on the command line. A file is one unit,
// with the drop-in directory NAME.d/ beside it when there is one. A
// directory contributes every unit file in it (files whose names are
// valid unit names; other files are skipped) with their drop-in
// directories. A name systemd would not load is an error that wraps
// ErrBadName, so nothing is installed under a name systemd ignores.
func Load(args []string) ([]Source, error) {
	var out []Source
	seen := map[string]string{}
	add := func(s Source) error {
		if prev, ok := seen[s.Name]; ok {
			return fmt.Errorf("%s: unit %s is also given as %s", s.Path, s.Name, prev)
		}
		seen[s.Name] = s.Path
		out = append(out, s)
		return nil
	}
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrapPath(err))
		}
		if !fi.IsDir() {
			s, err := loadUnit(a)
			if err != nil {
				return nil, err
			}
			if err := add(s); err != nil {
				return nil, err
			}
			continue
		}
		ents, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrapPath(err))
		}
		n := 0
		for _, e := range ents {
			if e.IsDir() || unitname.Check(e.Name()) != nil {
				continue
			}
			s, err := loadUnit(filepath.Join(a, e.Name()))
			if err != nil {
				return nil, err
			}
			if err := add(s); err != nil {
				return nil, err
			}
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: no unit files in this directory", a)
		}
	}
	return out, nil
}

func loadUnit(p string) (Source, error) {
	name := filepath.Base(p)
	if err := CheckUnitName(name); err != nil {
		return Source{}, fmt.Errorf("%s: %w", p, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", p, unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return Source{}, fmt.Errorf("%s: not a regular file", p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", p, unwrapPath(err))
	}
	s := Source{Name: name, Path: p, Data: b}
	d := p + ".d"
	ents, err := os.ReadDir(d)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", d, unwrapPath(err))
	}
	for _, e := range ents {
		dp := filepath.Join(d, e.Name())
		if !strings.HasSuffix(e.Name(), ".conf") {
			continue // systemd reads only *.conf from a drop-in directory
		}
		if err := CheckDropInName(e.Name()); err != nil {
			return Source{}, fmt.Errorf("%s: %w", dp, err)
		}
		fi, err := os.Stat(dp)
		if err != nil || !fi.Mode().IsRegular() {
			return Source{}, fmt.Errorf("%s: not a regular file", dp)
		}
		db, err := os.ReadFile(dp)
		if err != nil {
			return Source{}, fmt.Errorf("%s: %w", dp, unwrapPath(err))
		}
		s.DropIns = append(s.DropIns, DropIn{Name: e.Name(), Path: dp, Data: db})
	}
	sort.Slice(s.DropIns, func(i, j int) bool { return s.DropIns[i].Name < s.DropIns[j].Name })
	return s, nil
}

// CheckUnitName accepts a name that systemd would load from a unit
// directory and that stays in that directory: unit_name_is_valid(name,
// UNIT_NAME_ANY), which allows no "/" (src/basic/unit-name.c).
func CheckUnitName(name string) error {
	if err := unitname.Check(name); err != nil {
		return fmt.Errorf("%q is %w for a unit: %v", name, ErrBadName, err)
	}
	return nil
}

// CheckDropInName accepts the name of a drop-in file: "*.conf", a plain
// file name (no "/", not hidden, as conf_files_list() skips hidden
// files).
func CheckDropInName(name string) error {
	switch {
	case !strings.HasSuffix(name, ".conf") || name == ".conf":
		return fmt.Errorf("%q is %w for a drop-in: it must end in .conf", name, ErrBadName)
	case strings.ContainsAny(name, "/\\\x00") || strings.HasPrefix(name, "."):
		return fmt.Errorf("%q is %w for a drop-in: a plain, visible file name is needed", name, ErrBadName)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
