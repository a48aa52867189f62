package install

import (
	"strings"
)

// Op names one step of install, uninstall or linger.
type Op string

// The steps.
const (
	OpMkdir      Op = "mkdir"       // a directory was created
	OpCreate     Op = "create"      // a new file was written
	OpReplace    Op = "replace"     // a different file was replaced (after a backup)
	OpBackup     Op = "backup"      // the old content was saved as Target
	OpUnchanged  Op = "unchanged"   // the file is there with this content already
	OpRemoveTemp Op = "remove-temp" // a temporary file of an interrupted write was removed
	OpLink       Op = "link"        // a symlink was created
	OpRelink     Op = "relink"      // a symlink to elsewhere was replaced
	OpLinked     Op = "linked"      // the symlink is there already
	OpUnlink     Op = "unlink"      // a symlink was removed
	OpRemove     Op = "remove"      // a file was removed
	OpRmdir      Op = "rmdir"       // an empty directory was removed
	OpRun        Op = "run"         // a program was run (Argv)
)

// Action is one step taken (or, in a dry run, that would be taken). Paths
// are as seen inside the target (the image under --root).
type Action struct {
	Op     Op       `json:"op"`
	Path   string   `json:"path,omitempty"`
	Target string   `json:"target,omitempty"`
	Argv   []string `json:"argv,omitempty"`
}

// Changes reports whether the step changes the system's files.
func (a Action) Changes() bool {
	switch a.Op {
	case OpUnchanged, OpLinked, OpRun:
		return false
	}
	return true
}

var opWords = map[Op][2]string{
	OpMkdir:      {"created directory", "would create directory"},
	OpCreate:     {"created", "would create"},
	OpReplace:    {"replaced", "would replace"},
	OpBackup:     {"saved the old file as", "would save the old file as"},
	OpUnchanged:  {"unchanged", "unchanged"},
	OpRemoveTemp: {"removed leftover temporary file", "would remove leftover temporary file"},
	OpLink:       {"linked", "would link"},
	OpRelink:     {"relinked", "would relink"},
	OpLinked:     {"already linked", "already linked"},
	OpUnlink:     {"removed link", "would remove link"},
	OpRemove:     {"removed", "would remove"},
	OpRmdir:      {"removed empty directory", "would remove empty directory"},
	OpRun:        {"ran", "would run"},
}

// Text is the step in words, for people: "created /home/...". dry words
// it as what would happen.
func (a Action) Text(dry bool) string {
	w := opWords[a.Op]
	verb := w[0]
	if dry {
		verb = w[1]
	}
	switch {
	case a.Op == OpRun:
		return verb + " " + strings.Join(a.Argv, " ")
	case a.Op == OpBackup:
		return verb + " " + a.Target
	case a.Target != "":
		return verb + " " + a.Path + " -> " + a.Target
	}
	return verb + " " + a.Path
}

// UnitResult is what happened to one unit.
type UnitResult struct {
	Unit string `json:"unit"`
	// Changed is true when a file or link of the unit was created,
	// replaced or removed, or the unit was started or stopped.
	Changed bool `json:"changed"`
	// Paths are the unit's files and links as they are afterwards
	// (install) or were (uninstall), inside the target.
	Paths   []string `json:"paths"`
	Actions []Action `json:"actions"`
}

// Result is what install or uninstall did, in the shape --json prints.
type Result struct {
	DryRun  bool   `json:"dry_run"`
	User    string `json:"user"`
	UnitDir string `json:"unit_dir"`
	Root    string `json:"root,omitempty"`
	// Changed is true when anything changed (any unit, or linger).
	Changed bool         `json:"changed"`
	Units   []UnitResult `json:"units"`
	// Actions are the steps not tied to one unit: daemon-reload,
	// linger, starting the user's manager.
	Actions []Action `json:"actions"`
	// Notes are what the user should know: what systemctl would warn
	// about, what could not be done and why.
	Notes    []string  `json:"notes"`
	Findings []Finding `json:"findings"`

	units []*UnitResult
	steps []Action
}

// Steps are all the actions, of the units and the others, in the order
// they were taken: what text output prints.
func (r *Result) Steps() []Action { return r.steps }

// act records an action of a unit ("" for none).
func (r *Result) act(unit string, as ...Action) {
	for _, a := range as {
		if unit == "" {
			r.Actions = append(r.Actions, a)
		} else {
			r.unit(unit).add(a)
		}
		r.steps = append(r.steps, a)
	}
}

func newResult(t *Target, dry bool) *Result {
	r := &Result{DryRun: dry, User: t.User.Name, UnitDir: t.UnitDir(),
		Units: []UnitResult{}, Actions: []Action{}, Notes: []string{}, Findings: []Finding{}}
	if t.Offline() {
		r.Root = t.Root
	}
	return r
}

// unit returns the result entry of a unit, adding it when new.
func (r *Result) unit(name string) *UnitResult {
	for _, u := range r.units {
		if u.Unit == name {
			return u
		}
	}
	u := &UnitResult{Unit: name, Paths: []string{}, Actions: []Action{}}
	r.units = append(r.units, u)
	return u
}

func (u *UnitResult) add(a Action) {
	u.Actions = append(u.Actions, a)
	if a.Changes() {
		u.Changed = true
	}
}

func (u *UnitResult) path(p string) {
	for _, q := range u.Paths {
		if q == p {
			return
		}
	}
	u.Paths = append(u.Paths, p)
}

func (r *Result) note(s string) { r.Notes = append(r.Notes, s) }

// finish fills Units and sets Changed from the units and the global
// actions.
func (r *Result) finish() {
	r.Units = r.Units[:0]
	for _, u := range r.units {
		r.Units = append(r.Units, *u)
	}
	for _, u := range r.Units {
		if u.Changed {
			r.Changed = true
		}
	}
	for _, a := range r.Actions {
		if a.Changes() {
			r.Changed = true
		}
	}
}
