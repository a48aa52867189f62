package install

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/usvc/usvc/unitfile/unitname"
)

// UninstallOptions say how Uninstall works.
type UninstallOptions struct {
	// KeepFile stops and disables the units but leaves their files.
	KeepFile bool
	DryRun   bool
	// Live is the running system; nil (or a Target with a Root) is
	// offline: only files and links change.
	Live *Systemd
}

// Uninstall stops and disables the units and removes what Install put in
// the user's unit directory: the unit file (or the link there, for a
// linked unit), its backup (NAME+BackupSuffix), the *.conf drop-ins in
// NAME.d/ and their backups, and NAME.d/ itself when nothing else is in it
// (other files there are kept and reported). Everything by that name in
// the unit directory is fair game; nothing outside it is touched, and
// units elsewhere in the search path (/usr/lib/systemd/user, ...) are not
// removed: the Result says so.
//
// Live: `systemctl --user disable --now` for the units that have a file,
// `stop` for the ones still running without one, then the leftover links
// are removed as systemctl disable would, the files removed,
// `daemon-reload`, and `reset-failed` for units that had failed. Offline,
// the links are removed directly. A second run finds nothing to do and
// reports the units unchanged.
func Uninstall(ctx context.Context, t *Target, names []string, opt UninstallOptions) (*Result, error) {
	r := newResult(t, opt.DryRun)
	defer r.finish()
	for _, n := range names {
		if strings.ContainsAny(n, "/\\") {
			return r, fmt.Errorf("%q: uninstall takes unit names, not paths: try usvc uninstall %s", n, path.Base(strings.ReplaceAll(n, "\\", "/")))
		}
		if err := CheckUnitName(n); err != nil {
			return r, err
		}
	}
	dir := t.UnitDir()
	type unitFiles struct {
		main    string   // the unit file or link, "" if absent
		files   []string // backups and drop-ins to remove
		dropDir string   // NAME.d, when it exists
		kept    []string // other files in NAME.d
	}
	found := map[string]*unitFiles{}
	for _, n := range names {
		u := r.unit(n)
		uf := &unitFiles{}
		found[n] = uf
		p := path.Join(dir, n)
		if fi, err := t.lstat(p); err == nil {
			if fi.IsDir() {
				return r, fmt.Errorf("%s is a directory, not a unit file: not removed", p)
			}
			uf.main = p
			u.path(p)
		}
		for _, extra := range append([]string{p + BackupSuffix}, t.staleTemps(p)...) {
			if fi, err := t.lstat(extra); err == nil && !fi.IsDir() {
				uf.files = append(uf.files, extra)
			}
		}
		dd := p + ".d"
		if h, err := t.host(dd, false); err == nil {
			if fi, err := os.Lstat(h); err == nil && fi.IsDir() {
				uf.dropDir = dd
				ents, _ := os.ReadDir(h)
				for _, e := range ents {
					name := e.Name()
					conf := strings.HasSuffix(name, ".conf") || strings.HasSuffix(name, ".conf"+BackupSuffix) ||
						(strings.HasPrefix(name, ".") && strings.Contains(name, ".conf.tmp-"))
					if conf && !e.IsDir() {
						uf.files = append(uf.files, path.Join(dd, name))
					} else {
						uf.kept = append(uf.kept, path.Join(dd, name))
					}
				}
			}
		}
		if uf.main == "" {
			for _, sp := range t.SearchPath() {
				if sp == dir {
					continue
				}
				if _, err := t.lstat(path.Join(sp, n)); err == nil {
					r.note(fmt.Sprintf("%s is also in %s, which usvc does not touch: it stays available", n, sp))
					break
				}
			}
		}
	}

	dp, err := t.PlanDisable(names)
	if err != nil {
		return r, err
	}
	r.Notes = append(r.Notes, dp.Notes...)
	// The links go below (systemctl disable, or usvc): read where they
	// point now, report them once they are gone.
	type unlink struct{ unit, path, target string }
	var unlinks []unlink
	for _, l := range dp.Links {
		target, _ := t.readlink(l)
		unlinks = append(unlinks, unlink{linkUnit(t, l, names), l, target})
	}

	live := opt.Live != nil && !t.Offline()
	tr := Unreachable
	if live {
		tr = opt.Live.Transport(ctx)
	}
	failed := map[string]bool{}
	if live && tr != Unreachable {
		s := opt.Live
		// A template has no state of its own: its instances are stopped
		// by a pattern (systemctl disable --now would try to stop the
		// template itself and fail).
		var plain, templates []string
		for _, n := range names {
			if k, _ := unitname.KindOf(n); k == unitname.Template {
				templates = append(templates, n)
			} else {
				plain = append(plain, n)
			}
		}
		var states []string
		if len(plain) > 0 {
			_, out, _ := s.UserCtl(ctx, append([]string{"is-active"}, plain...)...)
			states = strings.Fields(string(out))
		}
		var withFile, running []string
		for i, n := range plain {
			st := ""
			if i < len(states) {
				st = states[i]
			}
			active := st == "active" || st == "activating" || st == "reloading" || st == "deactivating"
			if st == "failed" {
				failed[n] = true
			}
			if found[n].main != "" {
				withFile = append(withFile, n)
				if active {
					r.unit(n).Changed = true
				}
			} else if active {
				running = append(running, n)
				r.unit(n).Changed = true
			}
		}
		run := func(args ...string) error {
			if opt.DryRun {
				argv, _ := s.UserArgv(tr, args...)
				r.act("", Action{Op: OpRun, Argv: argv})
				return nil
			}
			argv, _, err := s.UserCtl(ctx, args...)
			r.act("", Action{Op: OpRun, Argv: argv})
			return err
		}
		if len(withFile) > 0 {
			if err := run(append([]string{"disable", "--now"}, withFile...)...); err != nil {
				return r, err
			}
		}
		var tmplFiles, patterns []string
		for _, n := range templates {
			if found[n].main != "" {
				tmplFiles = append(tmplFiles, n)
			}
			patterns = append(patterns, strings.Replace(n, "@.", "@*.", 1))
		}
		if len(tmplFiles) > 0 {
			if err := run(append([]string{"disable"}, tmplFiles...)...); err != nil {
				return r, err
			}
		}
		if len(patterns) > 0 {
			running = append(running, patterns...)
		}
		if len(running) > 0 {
			if err := run(append([]string{"stop"}, running...)...); err != nil {
				return r, err
			}
		}
	} else if live {
		r.note(fmt.Sprintf("the user manager of %s is not running: nothing to stop; the links are removed directly", t.User.Name))
	}

	// The links systemctl disable removes: on the live system systemctl
	// removed them above and what it left (normally nothing) goes now;
	// offline all of them go now.
	for _, l := range unlinks {
		r.unit(l.unit).path(l.path)
		r.act(l.unit, Action{Op: OpUnlink, Path: l.path, Target: l.target})
	}
	if !opt.DryRun {
		if live && tr != Unreachable {
			if dp, err = t.PlanDisable(names); err != nil {
				return r, err
			}
		}
		gone, err := t.ApplyDisable(dp)
		for _, d := range gone {
			r.act("", Action{Op: OpRmdir, Path: d})
		}
		if err != nil {
			return r, err
		}
	}

	if !opt.KeepFile {
		for _, n := range names {
			uf := found[n]
			u := r.unit(n)
			rm := append([]string{}, uf.files...)
			if uf.main != "" {
				rm = append([]string{uf.main}, rm...)
			}
			for _, p := range rm {
				if !opt.DryRun {
					if err := t.remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
						return r, fmt.Errorf("removing %s: %w", p, unwrapPath(err))
					}
				}
				u.path(p)
				r.act(n, Action{Op: OpRemove, Path: p})
			}
			if uf.dropDir != "" {
				if len(uf.kept) > 0 {
					sort.Strings(uf.kept)
					r.note(fmt.Sprintf("%s kept: it holds files usvc does not manage: %s", uf.dropDir, strings.Join(uf.kept, " ")))
				} else {
					if !opt.DryRun {
						t.removeDir(uf.dropDir)
					}
					r.act(n, Action{Op: OpRmdir, Path: uf.dropDir})
				}
			}
		}
	}
	for _, n := range names {
		u := r.unit(n)
		if !u.Changed && found[n].main == "" {
			r.note(n + ": not installed in " + dir + "; nothing to do")
		}
	}

	if live && tr != Unreachable {
		changed := false
		for _, u := range r.units {
			changed = changed || u.Changed
		}
		s := opt.Live
		run := func(args ...string) error {
			argv, _ := s.UserArgv(tr, args...)
			if !opt.DryRun {
				var err error
				if argv, _, err = s.UserCtl(ctx, args...); err != nil {
					return err
				}
			}
			r.act("", Action{Op: OpRun, Argv: argv})
			return nil
		}
		if changed {
			if err := run("daemon-reload"); err != nil {
				return r, err
			}
		}
		var reset []string
		for _, n := range names {
			if failed[n] {
				reset = append(reset, n)
				r.unit(n).Changed = true
			}
		}
		if len(reset) > 0 {
			if err := run(append([]string{"reset-failed"}, reset...)...); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// linkUnit is the unit a removed link belongs to: the one of names it is
// named after, or whose template it instantiates, or whose file it leads
// to; else the first.
func linkUnit(t *Target, l string, names []string) string {
	base := path.Base(l)
	dest := path.Base(t.resolved(l))
	for _, n := range names {
		if base == n || dest == n {
			return n
		}
	}
	for _, n := range names {
		if tpl, err := unitname.TemplateOf(base); err == nil && (tpl == n || strings.HasPrefix(n, strings.TrimSuffix(tpl, "."+unitname.Type(tpl)))) {
			return n
		}
	}
	return names[0]
}
