package install

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
)

// removeEmpty removes h if it is an empty directory (not a link to one;
// os.Remove refuses a full one).
func removeEmpty(h string) {
	if fi, err := os.Lstat(h); err == nil && fi.IsDir() {
		os.Remove(h)
	}
}

// SetLingerFile creates (on) or removes the linger flag file
// /var/lib/systemd/linger/USER inside the target, as logind's
// SetUserLinger does: the directory 0755 and the empty file 0644, both
// root's. It reports the steps; an existing file (or a missing one, for
// off) is reported unchanged.
func (t *Target) SetLingerFile(on, dry bool) ([]Action, error) {
	p := t.LingerFile()
	_, err := t.lstat(p)
	present := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var acts []Action
	switch {
	case on && present, !on && !present:
		return []Action{{Op: OpUnchanged, Path: p}}, nil
	case on:
		var dirs []string
		if dry {
			dirs, err = t.missingDirs(path.Dir(p))
		} else {
			dirs, err = t.mkdirAll(path.Dir(p), false)
		}
		for _, d := range dirs {
			acts = append(acts, Action{Op: OpMkdir, Path: d})
		}
		if err != nil {
			return acts, err
		}
		if !dry {
			if err := t.createFile(p, nil, false); err != nil {
				return acts, err
			}
		}
		return append(acts, Action{Op: OpCreate, Path: p}), nil
	default:
		if !dry {
			if err := t.remove(p); err != nil {
				return nil, err
			}
		}
		return []Action{{Op: OpRemove, Path: p}}, nil
	}
}

// LingerOp is what `usvc linger` is asked to do.
type LingerOp string

// The linger operations.
const (
	LingerEnable  LingerOp = "enable"
	LingerDisable LingerOp = "disable"
	LingerStatus  LingerOp = "status"
)

// LingerResult is what Linger did and found, in the shape --json prints.
type LingerResult struct {
	User    string   `json:"user"`
	Op      LingerOp `json:"op"`
	DryRun  bool     `json:"dry_run"`
	Changed bool     `json:"changed"`
	// Enabled is whether the user's manager starts at boot afterwards.
	Enabled bool `json:"enabled"`
	// Logind is logind's Linger property ("yes", "no", "unknown"); empty
	// offline.
	Logind     string `json:"logind,omitempty"`
	LogindSays string `json:"logind_says,omitempty"`
	// File is whether the flag file exists; Path is it.
	File bool   `json:"file"`
	Path string `json:"path"`
	// Agree is false when logind and the file disagree.
	Agree   bool     `json:"agree"`
	Actions []Action `json:"actions"`
	Notes   []string `json:"notes"`
}

// Linger enables, disables or reads the user's linger. Under a root it
// works on the flag file only. On the live system it asks logind
// (loginctl show-user -p Linger) and looks at the flag file, and changes
// it with loginctl (see Systemd.SetLinger); a change that is already in
// place is not made again.
func Linger(ctx context.Context, t *Target, op LingerOp, dry bool, live *Systemd) (*LingerResult, error) {
	res := &LingerResult{User: t.User.Name, Op: op, DryRun: dry, Path: t.LingerFile(), Actions: []Action{}, Notes: []string{}}
	if t.Offline() || live == nil {
		if op != LingerStatus {
			acts, err := t.SetLingerFile(op == LingerEnable, dry)
			res.Actions = append(res.Actions, acts...)
			for _, a := range acts {
				if a.Changes() {
					res.Changed = true
				}
			}
			if err != nil {
				return res, err
			}
		}
		_, err := t.lstat(res.Path)
		res.File = err == nil || (dry && op == LingerEnable)
		if dry && op == LingerDisable {
			res.File = false
		}
		res.Enabled, res.Agree = res.File, true
		return res, nil
	}
	st := live.Linger(ctx)
	if op != LingerStatus {
		on := op == LingerEnable
		if (on && st.File && st.Logind == "yes") || (!on && !st.File && st.Logind != "yes") {
			res.Actions = append(res.Actions, Action{Op: OpUnchanged, Path: st.Path})
		} else {
			verb := "disable-linger"
			if on {
				verb = "enable-linger"
			}
			argv := []string{"loginctl", "--no-ask-password", verb, t.User.Name}
			if !dry {
				var err error
				if argv, err = live.SetLinger(ctx, on); err != nil {
					res.fill(st)
					return res, err
				}
			}
			res.Changed = true
			res.Actions = append(res.Actions, Action{Op: OpRun, Argv: argv})
			if dry {
				st.File, st.Logind = on, map[bool]string{true: "yes", false: "no"}[on]
			} else {
				st = live.Linger(ctx)
				if st.File != on {
					res.fill(st)
					return res, fmt.Errorf("loginctl %s succeeded, but %s is %s", verb, st.Path, map[bool]string{true: "still there", false: "missing"}[st.File])
				}
			}
		}
	}
	res.fill(st)
	return res, nil
}

func (res *LingerResult) fill(st LingerState) {
	res.Logind, res.LogindSays, res.File, res.Path = st.Logind, st.LogindSays, st.File, st.Path
	res.Enabled, res.Agree = st.Enabled(), st.Agree()
	if res.Agree {
		return
	}
	switch {
	case st.File:
		res.Notes = append(res.Notes, fmt.Sprintf("%s exists, but logind does not report linger for %s (the file was made behind its back: "+
			"in an image, or by hand): it takes effect at the next boot, or now with: usvc linger enable %s", st.Path, res.User, res.User))
	default:
		res.Notes = append(res.Notes, fmt.Sprintf("logind reports linger for %s, but %s is missing: logind reads that file, so something "+
			"else is wrong here; run: usvc linger enable %s", res.User, st.Path, res.User))
	}
}
