package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/usvc/usvc/unitfile/unitname"
)

// BackupSuffix is added to the name of a file that Install replaces (with
// Force) to keep its old content: "web.service.usvc-bak". systemd ignores
// such a file: "service.usvc-bak" is no unit type, and a drop-in must end
// in ".conf". The suffix says who made it; Uninstall removes it with the
// unit. Only the most recent old content is kept.
const BackupSuffix = ".usvc-bak"

// Options say what Install does besides copying the files.
type Options struct {
	// Enable creates the links of [Install] (systemctl --user enable).
	Enable bool
	// Now starts the units; units that were running and whose files were
	// replaced are restarted, so they run what was installed.
	Now bool
	// Linger enables linger for the user, so the manager starts at boot.
	Linger bool
	// Force installs despite error findings (still reported), replaces
	// different files (keeping a backup) and conflicting alias links.
	Force bool
	// DryRun changes nothing and reports what would be done.
	DryRun bool
	// Check lints the files first; nil means ParseCheck.
	Check Checker
	// Live is the running system; nil (or a Target with a Root) means
	// offline: links and the linger file are made directly and no
	// program is run.
	Live *Systemd
}

// ErrFindings is returned when the units have error findings and Force is
// not set: nothing was installed.
var ErrFindings = errors.New("refused: the units have errors")

// ErrConflict matches (errors.Is) the error for a destination that exists
// and differs, or is not a regular file: nothing was installed.
var ErrConflict = errors.New("destination exists")

// conflict is a destination in the way; it says what to do.
type conflict struct{ msg string }

func (c *conflict) Error() string        { return c.msg }
func (c *conflict) Is(target error) bool { return target == ErrConflict }

func conflictf(format string, args ...any) error { return &conflict{fmt.Sprintf(format, args...)} }

// fileWrite is one file Install puts in place.
type fileWrite struct {
	unit  string
	src   string // where it comes from, for messages
	path  string // inside the target
	data  []byte
	state fileState
	old   []byte
}

type fileState int

const (
	fileAbsent fileState = iota
	fileSame
	fileDiffers
)

// undo is a step that reverts one change, run when a later step fails.
type undo []func()

func (u *undo) push(f func()) { *u = append(*u, f) }

func (u undo) run() {
	for i := len(u) - 1; i >= 0; i-- {
		u[i]()
	}
}

// Install copies the units and their drop-ins into the user's unit
// directory and, as Options ask, enables them, enables linger, reloads the
// manager and starts them.
//
// Order and guarantees:
//   - the files are checked first; error findings refuse everything
//     (ErrFindings) unless Force;
//   - every destination is looked at before anything is written: a
//     different file (without Force), a symlink or a directory in the way
//     refuses everything (ErrConflict);
//   - each file is written atomically (temporary file in the same
//     directory, sync, rename; mode 0644 for new files, an existing file
//     keeps its mode); an identical file is left alone and reported
//     unchanged; with Force a different file is first saved as
//     NAME+BackupSuffix;
//   - if a write fails (a read-only or full file system), the files,
//     backups, directories and links written so far are taken back, so
//     the unit directory is as it was;
//   - then linger, `systemctl --user daemon-reload`, and enable/start. On
//     the live system these go through Live; when the user's manager is
//     not running, the links are made directly (it reads them when it
//     starts) and Now is an error that says what to do.
//
// The Result says what was done per unit, also when an error is returned.
func Install(ctx context.Context, t *Target, srcs []Source, opt Options) (*Result, error) {
	r := newResult(t, opt.DryRun)
	defer r.finish()
	if len(srcs) == 0 {
		return r, errors.New("no units to install")
	}
	check := opt.Check
	if check == nil {
		check = ParseCheck
	}
	var files []CheckFile
	for _, s := range srcs {
		files = append(files, CheckFile{Path: s.Path, Src: s.Data})
		for _, d := range s.DropIns {
			files = append(files, CheckFile{Path: d.Path, Src: d.Data})
		}
	}
	r.Findings = append(r.Findings, check(files)...)
	nerr := 0
	for _, f := range r.Findings {
		if f.Error() {
			nerr++
		}
	}
	if nerr > 0 {
		if !opt.Force {
			return r, fmt.Errorf("%w (%d): fix them, or install anyway with --force", ErrFindings, nerr)
		}
		r.note(fmt.Sprintf("installing despite %d error finding(s), as --force asks", nerr))
	}

	// Look at every destination before writing anything.
	dir := t.UnitDir()
	var writes []*fileWrite
	var conflicts []error
	seenBlocker := map[string]bool{}
	plan := func(unit, src, p string, data []byte) {
		w := &fileWrite{unit: unit, src: src, path: p, data: data}
		fi, err := t.lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			w.state = fileAbsent
		case errors.Is(err, syscall.ENOTDIR):
			// Something on the way is a file: name it, once.
			if b := t.blocker(p); b != "" {
				msg := fmt.Sprintf("%s is not a directory, so %s cannot be written", b, p)
				if !seenBlocker[b] {
					seenBlocker[b] = true
					conflicts = append(conflicts, conflictf("%s", msg))
				}
				return
			}
			conflicts = append(conflicts, fmt.Errorf("%s: %w", p, unwrapPath(err)))
			return
		case err != nil:
			conflicts = append(conflicts, fmt.Errorf("%s: %w", p, unwrapPath(err)))
			return
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := t.readlink(p)
			conflicts = append(conflicts, conflictf("%s is a symlink (to %s): usvc replaces only regular files; remove the link first", p, target))
			return
		case !fi.Mode().IsRegular():
			conflicts = append(conflicts, conflictf("%s exists and is not a regular file", p))
			return
		default:
			old, err := t.readFile(p)
			if err != nil {
				conflicts = append(conflicts, fmt.Errorf("%s: %w", p, unwrapPath(err)))
				return
			}
			w.old = old
			if bytes.Equal(old, data) {
				w.state = fileSame
			} else {
				w.state = fileDiffers
				if !opt.Force {
					conflicts = append(conflicts, conflictf("%s exists and differs from %s: use --force to replace it (the old file is kept as %s)",
						p, src, path.Base(p)+BackupSuffix))
					return
				}
			}
		}
		writes = append(writes, w)
	}
	for _, s := range srcs {
		r.unit(s.Name)
		plan(s.Name, s.Path, path.Join(dir, s.Name), s.Data)
		for _, d := range s.DropIns {
			plan(s.Name, d.Path, path.Join(dir, s.Name+".d", d.Name), d.Data)
		}
	}
	if len(conflicts) > 0 {
		return r, errors.Join(conflicts...)
	}

	var undo undo
	replaced := map[string]bool{}
	mkdirs := map[string]bool{} // directories reported made (or to be made, in a dry run)
	for _, w := range writes {
		if err := t.write(r, w, opt.DryRun, &undo, mkdirs); err != nil {
			undo.run()
			return r, fmt.Errorf("writing %s: %w; nothing was changed", w.path, unwrapPath(err))
		}
		if w.state == fileDiffers {
			replaced[w.unit] = true
		}
	}

	names := make([]string, len(srcs))
	for i, s := range srcs {
		names[i] = s.Name
	}
	live := opt.Live != nil && !t.Offline()

	var overlay map[string][]byte // in a dry run, the files as they would be
	if opt.DryRun {
		overlay = map[string][]byte{}
		for _, w := range writes {
			overlay[w.path] = w.data
		}
	}
	if opt.Enable {
		ep, err := t.PlanEnable(names, overlay, opt.Force)
		if err != nil {
			undo.run()
			return r, fmt.Errorf("cannot enable: %w", err)
		}
		r.Notes = append(r.Notes, ep.Notes...)
		if len(ep.Errors) > 0 {
			undo.run()
			return r, fmt.Errorf("cannot enable: %w; nothing was changed", errors.Join(ep.Errors...))
		}
		for _, l := range ep.Links {
			u := r.unit(l.Unit)
			if l.State == LinkCreate {
				dirs, _ := t.missingDirs(path.Dir(l.Path))
				for _, d := range dirs {
					if !mkdirs[d] {
						mkdirs[d] = true
						r.act(l.Unit, Action{Op: OpMkdir, Path: d})
					}
				}
			}
			u.path(l.Path)
			op := map[LinkState]Op{LinkCreate: OpLink, LinkReplace: OpRelink, LinkPresent: OpLinked}[l.State]
			r.act(l.Unit, Action{Op: op, Path: l.Path, Target: l.Target})
		}
		// The links are made here also on the live system, where
		// systemctl enable then finds them in place: the same links
		// either way (the differential tests pin that), owned by the
		// user, and in place even when the manager is not running.
		if !opt.DryRun {
			if _, err := t.apply(ep, &undo); err != nil {
				undo.run()
				return r, fmt.Errorf("enabling: %w; nothing was changed", err)
			}
		}
	}

	// Linger after the files (a failure here leaves them installed, and
	// says so) and before the manager is asked anything: for another
	// user it brings the manager up.
	if opt.Linger {
		if err := lingerOn(ctx, t, r, opt); err != nil {
			return r, err
		}
	}

	if !live {
		if opt.Now {
			r.note("--now: under --root nothing is started; the units start when the user's manager does")
		}
		return r, nil
	}
	defInst := map[string]string{}
	for _, n := range names {
		if k, _ := unitname.KindOf(n); k == unitname.Template {
			defInst[n] = t.defaultInstance(n, overlay)
		}
	}
	return r, liveSteps(ctx, opt.Live, r, names, defInst, replaced, opt)
}

// write puts one file in place and records the actions.
func (t *Target) write(r *Result, w *fileWrite, dry bool, u *undo, mkdirs map[string]bool) error {
	ur := r.unit(w.unit)
	ur.path(w.path)
	for _, tmp := range append(t.staleTemps(w.path), t.staleTemps(w.path+BackupSuffix)...) {
		if !dry {
			if err := t.remove(tmp); err != nil {
				return err
			}
		}
		r.act(w.unit, Action{Op: OpRemoveTemp, Path: tmp})
	}
	switch w.state {
	case fileSame:
		r.act(w.unit, Action{Op: OpUnchanged, Path: w.path})
	case fileAbsent:
		var dirs []string
		var err error
		if dry {
			dirs, err = t.missingDirs(path.Dir(w.path))
		} else {
			dirs, err = t.mkdirAll(path.Dir(w.path), true)
		}
		for _, d := range dirs {
			if !mkdirs[d] {
				mkdirs[d] = true
				r.act(w.unit, Action{Op: OpMkdir, Path: d})
			}
			if !dry {
				u.push(func() { t.removeDir(d) })
			}
		}
		if err != nil {
			return err
		}
		if !dry {
			if err := t.createFile(w.path, w.data, true); err != nil {
				return err
			}
			u.push(func() { t.remove(w.path) })
		}
		r.act(w.unit, Action{Op: OpCreate, Path: w.path})
	case fileDiffers:
		backup := w.path + BackupSuffix
		if !dry {
			oldBackup, hadBackup := t.readFile(backup)
			if err := t.writeBackup(backup, w.old, true); err != nil {
				return err
			}
			u.push(func() {
				if hadBackup == nil {
					t.replaceFile(backup, oldBackup)
				} else {
					t.remove(backup)
				}
			})
		}
		r.act(w.unit, Action{Op: OpBackup, Path: w.path, Target: backup})
		if !dry {
			if err := t.replaceFile(w.path, w.data); err != nil {
				return err
			}
			u.push(func() { t.replaceFile(w.path, w.old) })
		}
		r.act(w.unit, Action{Op: OpReplace, Path: w.path})
	}
	return nil
}

// removeDir removes an empty directory inside the target.
func (t *Target) removeDir(p string) {
	if h, err := t.host(p, false); err == nil {
		removeEmpty(h)
	}
}

// lingerOn makes sure linger is on for the user: the flag file under a
// root, loginctl on the live system; for another user whose manager is
// not running yet, `systemctl start user@UID.service` waits until it is.
func lingerOn(ctx context.Context, t *Target, r *Result, opt Options) error {
	if t.Offline() || opt.Live == nil {
		acts, err := t.SetLingerFile(true, opt.DryRun)
		r.act("", acts...)
		return err
	}
	s := opt.Live
	st := s.Linger(ctx)
	if st.Enabled() && st.Logind == "yes" {
		r.act("", Action{Op: OpUnchanged, Path: st.Path})
	} else {
		argv := []string{"loginctl", "--no-ask-password", "enable-linger", s.User.Name}
		if !opt.DryRun {
			var err error
			if argv, err = s.SetLinger(ctx, true); err != nil {
				return err
			}
		}
		r.act("", Action{Op: OpRun, Argv: argv}, Action{Op: OpCreate, Path: st.Path})
	}
	if s.ManagerRunning() || opt.DryRun && s.Self {
		return nil
	}
	if s.Self {
		// logind starts the manager without waiting for it, and only
		// root may start user@UID.service to wait: give it a moment.
		if !s.WaitManager(ctx, managerWait) {
			r.note(fmt.Sprintf("linger is on, but the user manager of %s did not come up within %v", s.User.Name, managerWait))
		}
		return nil
	}
	// A start job on the system manager returns once the manager is up.
	argv := []string{"systemctl", "start", s.ManagerUnit()}
	if !opt.DryRun {
		if _, _, err := s.SystemCtl(ctx, "start", s.ManagerUnit()); err != nil {
			return fmt.Errorf("starting the user manager of %s: %w", s.User.Name, err)
		}
	}
	r.act("", Action{Op: OpRun, Argv: argv})
	return nil
}

// managerWait bounds the wait for a manager that logind starts after
// enable-linger (it is up in well under a second on a running system).
const managerWait = 15 * time.Second

// liveSteps reloads the user's manager and enables/starts the units.
func liveSteps(ctx context.Context, s *Systemd, r *Result, names []string, defInst map[string]string, replaced map[string]bool, opt Options) error {
	tr := s.Transport(ctx)
	if tr == Unreachable && opt.DryRun && opt.Linger {
		// Linger would bring the manager up: show what would follow.
		tr = Direct
		if !s.Self {
			tr = Runuser
			if s.Version(ctx) >= 248 {
				tr = Machine
			}
		}
	}
	if tr == Unreachable {
		msg := fmt.Sprintf("the user manager of %s is not running (no login session, no linger): the units are installed", s.User.Name)
		if opt.Enable {
			msg += " and enabled (their links are in place)"
		}
		msg += fmt.Sprintf("; they start when %s logs in", s.User.Name)
		if !opt.Linger {
			msg += fmt.Sprintf(", or at boot after: usvc linger enable %s", s.User.Name)
		}
		r.note(msg)
		if opt.Now {
			return fmt.Errorf("cannot start %s now: %w for %s; log in as %s, or enable linger (usvc install --linger, or usvc linger enable %s) and run again",
				strings.Join(names, " "), ErrUnreachable, s.User.Name, s.User.Name, s.User.Name)
		}
		return nil
	}
	if s.Self && s.RuntimeDir == "" {
		r.note(fmt.Sprintf("XDG_RUNTIME_DIR is not set (su or sudo without a login session?): using %s", s.DefaultRuntimeDir()))
	}
	run := func(args ...string) ([]byte, error) {
		argv, _ := s.UserArgv(tr, args...)
		if opt.DryRun {
			r.act("", Action{Op: OpRun, Argv: argv})
			return nil, nil
		}
		argv, out, err := s.UserCtl(ctx, args...)
		r.act("", Action{Op: OpRun, Argv: argv})
		return out, err
	}
	if _, err := run("daemon-reload"); err != nil {
		return err
	}
	if !opt.Now {
		if opt.Enable {
			_, err := run(append([]string{"enable"}, names...)...)
			return err
		}
		return nil
	}
	// What --now starts: a unit itself, or for a template its
	// DefaultInstance= (systemctl enable --now would try to start the
	// template and fail: "missing the instance name").
	var plain, templates, instances []string
	startOf := map[string]string{}
	for _, n := range names {
		if k, _ := unitname.KindOf(n); k != unitname.Template {
			plain = append(plain, n)
			startOf[n] = n
			continue
		}
		templates = append(templates, n)
		inst := defInst[n]
		if inst == "" {
			r.note(fmt.Sprintf("%s is a template without DefaultInstance=: nothing to start; start an instance with: systemctl --user start %s",
				n, strings.Replace(n, "@.", "@NAME.", 1)))
			continue
		}
		instances = append(instances, inst)
		startOf[n] = inst
	}
	start := append(append([]string{}, plain...), instances...)
	// Which units are running decides what starting them changes, and
	// which replaced ones need a restart to run the new files.
	var states []string
	if len(start) > 0 {
		_, out, _ := s.UserCtl(ctx, append([]string{"is-active"}, start...)...)
		states = strings.Fields(string(out))
	}
	state := map[string]string{}
	for i, u := range start {
		if i < len(states) {
			state[u] = states[i]
		}
	}
	var restart []string
	for _, n := range names {
		u, ok := startOf[n]
		if !ok {
			continue
		}
		switch st := state[u]; {
		case st != "active" && st != "reloading" && st != "activating":
			r.unit(n).Changed = true
		case replaced[n]:
			restart = append(restart, u)
			r.unit(n).Changed = true
		}
	}
	if len(restart) > 0 {
		if _, err := run(append([]string{"try-restart"}, restart...)...); err != nil {
			return err
		}
	}
	if opt.Enable && len(plain) > 0 {
		if _, err := run(append([]string{"enable", "--now"}, plain...)...); err != nil {
			return err
		}
	} else if len(plain) > 0 {
		if _, err := run(append([]string{"start"}, plain...)...); err != nil {
			return err
		}
	}
	if opt.Enable && len(templates) > 0 {
		if _, err := run(append([]string{"enable"}, templates...)...); err != nil {
			return err
		}
	}
	if len(instances) > 0 {
		if _, err := run(append([]string{"start"}, instances...)...); err != nil {
			return err
		}
	}
	return nil
}

// blocker is the first component of p, inside the target, that exists
// and is not a directory.
func (t *Target) blocker(p string) string {
	parts := splitPath(p)
	for i := 1; i < len(parts); i++ {
		d := "/" + strings.Join(parts[:i], "/")
		fi, err := t.stat(d)
		if err != nil {
			return ""
		}
		if !fi.IsDir() {
			return d
		}
	}
	return ""
}

// defaultInstance is the instance `systemctl enable` uses for a template:
// NAME@DEFAULT.TYPE from its DefaultInstance= (with drop-ins), or "".
func (t *Target) defaultInstance(template string, overlay map[string][]byte) string {
	e := t.newEnabler(overlay, false)
	i := e.add(template, false)
	if e.search(i) != nil || i.notFound || i.masked || e.load(i) != nil || i.cfg.defaultInstance == "" {
		return ""
	}
	n, err := unitname.ReplaceInstance(template, i.cfg.defaultInstance)
	if err != nil {
		return ""
	}
	return n
}
