package lint

import (
	"path/filepath"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/words"
)

// The rules that look across the files of a run ask the same questions
// for every file: which files configure unit X, does any file start X,
// does any file alias X. Scanning every file of the run for every file
// made a run quadratic (a directory of 1,000 units spent most of its time
// there), so the run answers from indexes built once, the first time a
// rule asks. A run is linted by one goroutine, so no locking.

type unitKey struct {
	scope Scope
	unit  string
}

// index is what the run knows about its files, built on first use.
type index struct {
	byUnit    map[unitKey][]*Source // unit files and drop-ins, in run order
	dropIns   map[Scope]bool        // the scope has drop-ins in the run
	files     map[*unitfile.File]bool
	unitDirs  map[unitKey]int // unit files per (scope, directory)
	startedBy map[unitKey][]string
	aliased   map[unitKey]bool
}

func (r *runState) idx() *index {
	if r.index != nil {
		return r.index
	}
	x := &index{
		byUnit:   map[unitKey][]*Source{},
		dropIns:  map[Scope]bool{},
		files:    map[*unitfile.File]bool{},
		unitDirs: map[unitKey]int{},
	}
	for _, s := range r.sources {
		k := unitKey{s.Scope, s.Unit}
		x.byUnit[k] = append(x.byUnit[k], s)
		x.files[s.File] = true
		if s.DropIn {
			x.dropIns[s.Scope] = true
		} else {
			x.unitDirs[unitKey{s.Scope, filepath.Dir(s.Path)}]++
		}
	}
	r.index = x
	return x
}

// startersOf returns the units of the run whose trigger settings
// (triggerKeys: Wants=, Requires=, a timer's Unit=, ...) name unit.
func (r *runState) startersOf(scope Scope, unit string) []string {
	x := r.idx()
	if x.startedBy == nil {
		x.startedBy = map[unitKey][]string{}
		for _, s := range r.sources {
			for sec, e := range s.File.Assignments() {
				if !triggerKeys[sec.Name()][e.Key()] {
					continue
				}
				for _, w := range words.ParseUnitList(e.Value(), words.Options{}).Items {
					k := unitKey{s.Scope, w.Word.Text}
					x.startedBy[k] = append(x.startedBy[k], s.Unit)
				}
			}
		}
	}
	return x.startedBy[unitKey{scope, unit}]
}

// isAliased reports whether a unit of the run declares name as an
// [Install] Alias=.
func (r *runState) isAliased(scope Scope, name string) bool {
	x := r.idx()
	if x.aliased == nil {
		x.aliased = map[unitKey]bool{}
		for _, s := range r.sources {
			for secName, e := range assignments(s.File) {
				if secName != "Install" || e.Key() != "Alias" {
					continue
				}
				for _, w := range strings.Fields(e.Value()) {
					x.aliased[unitKey{s.Scope, w}] = true
				}
			}
		}
	}
	return x.aliased[unitKey{scope, name}]
}
