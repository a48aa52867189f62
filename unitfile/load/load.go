package load

import (
	"errors"
	"fmt"
	"path"
	"sort"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/unitname"
)

// Loader finds and reads units the way systemd 252's manager does, in one
// search path inside one root. It reads each search directory once and
// keeps what it found, so that loading many units is cheap; make a new
// Loader to see files that changed since. A Loader is not safe for
// concurrent use.
type Loader struct {
	root string
	dirs []string
	// Cwd is the manager's working directory inside the root, "" for "/":
	// systemd judges a relative link named like a drop-in directory
	// against it (see linkIsDir).
	Cwd string

	im       *image
	listings map[string]*listing
	maps     map[string]*nameMap
}

// NewLoader makes a Loader for the search path dirs (paths inside root,
// highest priority first; see SearchPath). root is a directory standing
// for the machine, "" or "/" for this one: every path, also a symlink's
// absolute target, is resolved inside it and nothing outside it is read.
func NewLoader(root string, dirs []string) (*Loader, error) {
	if root == "/" {
		root = ""
	}
	im, err := openImage(root)
	if err != nil {
		return nil, err
	}
	return &Loader{
		root: root, dirs: append([]string(nil), dirs...),
		im: im, listings: map[string]*listing{}, maps: map[string]*nameMap{},
	}, nil
}

// Close releases the root directory.
func (l *Loader) Close() error {
	return l.im.close()
}

// Root is the root directory given to NewLoader ("" for this machine).
func (l *Loader) Root() string { return l.root }

// Dirs is the search path, highest priority first.
func (l *Loader) Dirs() []string { return append([]string(nil), l.dirs...) }

// HostPath is p, a path inside the root, as a path on this machine.
func (l *Loader) HostPath(p string) string { return l.im.host(p) }

func (l *Loader) cwd() string {
	if l.Cwd == "" {
		return "/"
	}
	return l.Cwd
}

// State is a unit's load state, as systemctl shows it.
type State uint8

const (
	// Loaded: the fragment was read; the drop-ins are applied.
	Loaded State = iota + 1
	// NotFound: no fragment in the search path (drop-ins may exist).
	NotFound
	// Masked: the fragment is empty or a link to /dev/null.
	Masked
	// BadSetting: the fragment has a setting systemd refuses (a fatal
	// error of a per-key parser, such as a relative ExecStart= path).
	BadSetting
	// Error: the fragment cannot be read, has a fatal syntax error, or
	// aliases lead in a circle.
	Error
)

// String is systemd's word for the state ("not-found", "bad-setting").
func (s State) String() string {
	switch s {
	case Loaded:
		return "loaded"
	case NotFound:
		return "not-found"
	case Masked:
		return "masked"
	case BadSetting:
		return "bad-setting"
	case Error:
		return "error"
	}
	return "stub"
}

// File is one file of a unit: its fragment or one drop-in.
type File struct {
	// Path is the file's path inside the root, as systemd names it: for
	// the fragment, the search directory and the name (a link's own path,
	// also for a linked unit file); for a drop-in, the directory with
	// symlinks resolved and the file name ("DropIn Path:").
	Path string
	// DropIn is set for drop-ins.
	DropIn bool
	// Masked: the file is empty, a character device or a link to
	// /dev/null. A masked fragment masks the unit and is not parsed; a
	// masked drop-in is read as empty, so it hides lower drop-ins of its
	// name.
	Masked bool
	// Parsed is the file as systemd parses it, with the unit's type; nil
	// when the file is masked or could not be read.
	Parsed *unitfile.File
	// Err is why the file could not be read. systemd skips a drop-in that
	// is a dangling link without a word, and one it cannot read with a
	// message; either way it still takes its name from lower drop-ins.
	Err error
}

// Unit is a unit as systemd loads it: its fragment and drop-ins, found in
// the search path and parsed.
type Unit struct {
	// Name is the name asked for.
	Name string
	// ID is the unit's name in the manager: the fragment's name, with the
	// instance put in for a template; Name when there is no fragment.
	ID string
	// Names are ID and the aliases (links in the search path that lead to
	// the fragment), sorted.
	Names []string
	// Type is the unit type ("service", ...).
	Type string
	// State is the load state.
	State State
	// Err says why State is Error.
	Err error
	// Fragment is the unit file, nil when none was found.
	Fragment *File
	// DropIns are the drop-ins in the order systemd applies them. They
	// are listed also when the unit is not found or masked (systemctl cat
	// shows them), but applied only when it is Loaded.
	DropIns []*File

	// dirs is the search path the unit was loaded with.
	dirs []string
	// merged caches Assignments, effective Effective.
	merged    []Assignment
	mergeDone bool
	effective []Assignment
	effDone   bool
}

// ErrBadName wraps the reason a name given to Load is no valid unit name.
var ErrBadName = errors.New("not a valid unit name")

// Load loads the unit called name: it finds the fragment (following
// aliases; an instance uses the template's file unless a file has the
// instance's own name), reads it, then finds and reads the drop-ins. A
// template name (foo@.service) is loaded as the template itself.
//
// The only error is one wrapping ErrBadName; everything else that goes
// wrong is in the Unit (State, Err, File.Err), as systemd records it.
func (l *Loader) Load(name string) (*Unit, error) {
	if err := unitname.Check(name); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrBadName, err)
	}
	return l.load(name, l.dirs), nil
}

// LoadFile loads the unit file at p (a path inside the root) as
// `systemd-analyze verify` does: p's directory goes first in the search
// path, and the unit named like the file is loaded, so files next to it
// (drop-ins, the template of an instance) are found too. For a template
// file the template itself is loaded; verify would load the instance
// "i" instead.
func (l *Loader) LoadFile(p string) (*Unit, error) {
	if !path.IsAbs(p) {
		return nil, fmt.Errorf("%s: the path must be absolute", p)
	}
	p = path.Clean(p)
	name := path.Base(p)
	if err := unitname.Check(name); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", p, ErrBadName, err)
	}
	dirs := uniq(append([]string{path.Dir(p)}, l.dirs...))
	return l.load(name, dirs), nil
}

func (l *Loader) load(name string, dirs []string) *Unit {
	m := l.nameMapFor(dirs)
	u := &Unit{Name: name, ID: name, Type: typeOf(name), dirs: dirs}
	fragment, names, err := l.findFragment(m, name)
	if err != nil {
		u.State, u.Err = Error, fmt.Errorf("cannot load unit %s: %w", name, err)
		u.Names = []string{name}
	} else {
		u.Names = names
	}
	if fragment != "" {
		id := path.Base(fragment)
		if unitname.Valid(id, unitname.Template) {
			if inst, kind, _ := unitname.InstanceOf(name); kind == unitname.Instance {
				if i, err := unitname.ReplaceInstance(id, inst); err == nil {
					id = i
				}
			}
		}
		// merge_by_names() makes the fragment's name the id when it is
		// one of the unit's names
		if contains(u.Names, id) {
			u.ID = id
		}
		u.Fragment = l.readFile(fragment, u.Type, false)
		switch f := u.Fragment; {
		case f.Err != nil:
			u.State, u.Err = Error, f.Err
		case f.Masked:
			u.State = Masked
		default:
			u.State = Loaded
		}
	} else if u.State == 0 {
		u.State = NotFound
	}
	if len(u.Names) == 0 {
		// a template loaded as itself has no name of its own in systemd
		u.Names = []string{u.ID}
	}
	var aliases []string
	for _, n := range u.Names {
		if n != u.ID {
			aliases = append(aliases, n)
		}
	}
	sort.Strings(aliases)
	for _, p := range l.dropInFiles(l.dropInDirs(m, u.ID, aliases)) {
		u.DropIns = append(u.DropIns, l.readFile(p, u.Type, true))
	}
	if u.State == Loaded {
		// A fatal error in the fragment fails the unit; the drop-ins are
		// then not applied (unit_load_fragment() returns early).
		u.merge()
	}
	return u
}

// readFile reads and parses one file of the unit.
func (l *Loader) readFile(p, typ string, dropIn bool) *File {
	f := &File{Path: p, DropIn: dropIn}
	c, err := l.im.read(p)
	if err != nil {
		f.Err = err
		return f
	}
	if c.null {
		f.Masked = true
		return f
	}
	pf, err := unitfile.ParseType(p, typ, c.src)
	if err != nil {
		f.Err = err
		return f
	}
	f.Parsed = pf
	return f
}
