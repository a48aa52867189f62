package install

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/usvc/usvc/unitfile/unitname"
)

// DisablePlan is what disabling a set of units removes.
type DisablePlan struct {
	// Links are the symlinks removed, in the order systemctl removes
	// them.
	Links []string
	// Also are the units disabled because an Also= named them.
	Also  []string
	Notes []string
}

// PlanDisable works out which links `systemctl --user disable` removes for
// names, in the user's unit directory (do_unit_file_disable() in
// src/shared/install.c at v252): each unit, and the units its Also= names,
// is marked; a link in the directory (at any depth) goes when its name is
// marked, or its name's template is, or the file it finally points to has
// a marked path or name; a removed link's own path is then marked too, so
// links to it go as well. A masked unit is left alone. Nothing is changed;
// ApplyDisable removes the links.
func (t *Target) PlanDisable(names []string) (*DisablePlan, error) {
	plan := &DisablePlan{}
	e := t.newEnabler(nil, false)
	for _, n := range names {
		if err := CheckUnitName(n); err != nil {
			return nil, err
		}
		e.add(n, false)
	}
	marked := map[string]bool{}
	for k := 0; k < len(e.queue); k++ {
		i := e.queue[k]
		if err := e.search(i); err != nil {
			plan.Notes = append(plan.Notes, err.Error())
		} else if i.masked {
			plan.Notes = append(plan.Notes, "unit "+i.name+" is masked; left alone")
			continue
		} else if !i.notFound {
			// Loading queues the Also= units (install_context_mark_for_removal()).
			if err := e.load(i); err != nil {
				plan.Notes = append(plan.Notes, err.Error())
			}
		}
		if i.aux {
			plan.Also = append(plan.Also, i.name)
		}
		marked[i.name] = true
	}
	links := t.listLinks(t.UnitDir())
	gone := map[string]bool{}
	for again := true; again; {
		again = false
		for _, l := range links {
			if gone[l] {
				continue
			}
			name := path.Base(l)
			found := marked[name]
			if !found {
				if tpl, err := unitname.TemplateOf(name); err == nil {
					found = marked[tpl]
				}
			}
			if !found {
				dest := t.resolved(l)
				found = marked[dest] || marked[path.Base(dest)]
			}
			if !found {
				continue
			}
			gone[l] = true
			plan.Links = append(plan.Links, l)
			if !marked[l] {
				marked[l] = true
				again = true
			}
		}
	}
	return plan, nil
}

// listLinks lists the symlinks with unit names under dir (inside the
// target), descending into real directories only, as
// remove_marked_symlinks_fd() does.
func (t *Target) listLinks(dir string) []string {
	h, err := t.host(dir, true)
	if err != nil {
		return nil
	}
	var out []string
	var walk func(h, p string)
	walk = func(h, p string) {
		ents, err := os.ReadDir(h)
		if err != nil {
			return
		}
		for _, e := range ents {
			switch {
			case e.IsDir():
				walk(filepath.Join(h, e.Name()), path.Join(p, e.Name()))
			case e.Type()&fs.ModeSymlink != 0 && unitname.Check(e.Name()) == nil:
				out = append(out, path.Join(p, e.Name()))
			}
		}
	}
	walk(h, dir)
	sort.Strings(out)
	return out
}

// ApplyDisable removes the links of the plan and then the directories
// left empty, up to the unit directory (rmdir_parents()). It returns the
// directories removed.
func (t *Target) ApplyDisable(p *DisablePlan) ([]string, error) {
	var dirs []string
	for _, l := range p.Links {
		if err := t.remove(l); err != nil && !os.IsNotExist(err) {
			return dirs, err
		}
		dirs = append(dirs, t.rmdirParents(path.Dir(l), t.UnitDir())...)
	}
	return dirs, nil
}
