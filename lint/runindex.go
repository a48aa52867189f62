package lint

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/words"
)

// The rules that look across the files of a run ask the same questions
// for every file: which files configure unit X, does any file start X,
// does any file alias X. Scanning every file of the run for every file
// made a run quadratic (a directory of 1,000 units spent most of its time
// there), so the run answers from indexes. The index is built before the
// files are linted; the parts few rules need are built on first use,
// once, as files are linted in parallel.

type unitKey struct {
	scope Scope
	unit  string
}

// index is what the run knows about its files.
type index struct {
	byUnit   map[unitKey][]*Source // unit files and drop-ins, in run order
	dropIns  map[Scope]bool        // the scope has drop-ins in the run
	files    map[*unitfile.File]*Source
	unitDirs map[unitKey]int // unit files per (scope, directory)

	startedOnce sync.Once
	startedBy   map[unitKey][]string
	aliasOnce   sync.Once
	aliased     map[unitKey]bool
}

// buildIndex indexes the run's sources; it runs before any rule.
func (r *runState) buildIndex() {
	// Sized for the run at once: grown step by step, a map of a
	// thousand files leaves its smaller tables behind as garbage.
	x := &index{
		byUnit:   make(map[unitKey][]*Source, len(r.sources)),
		dropIns:  map[Scope]bool{},
		files:    make(map[*unitfile.File]*Source, len(r.sources)),
		unitDirs: map[unitKey]int{},
	}
	for _, s := range r.sources {
		k := unitKey{s.Scope, s.Unit}
		x.byUnit[k] = append(x.byUnit[k], s)
		x.files[s.File] = s
		if s.DropIn {
			x.dropIns[s.Scope] = true
		} else {
			x.unitDirs[unitKey{s.Scope, filepath.Dir(s.Path)}]++
		}
	}
	r.index = x
}

func (r *runState) idx() *index { return r.index }

// startersOf returns the units of the run whose trigger settings
// (triggerKeys: Wants=, Requires=, a timer's Unit=, ...) name unit.
func (r *runState) startersOf(scope Scope, unit string) []string {
	x := r.idx()
	x.startedOnce.Do(func() {
		x.startedBy = map[unitKey][]string{}
		for _, s := range r.sources {
			for _, ke := range s.keyed {
				e := ke.e
				if !triggerKeys[ke.sec][ke.key] {
					continue
				}
				for _, w := range words.ParseUnitList(e.Value(), words.Options{}).Items {
					k := unitKey{s.Scope, w.Word.Text}
					x.startedBy[k] = append(x.startedBy[k], s.Unit)
				}
			}
		}
	})
	return x.startedBy[unitKey{scope, unit}]
}

// isAliased reports whether a unit of the run declares name as an
// [Install] Alias=.
func (r *runState) isAliased(scope Scope, name string) bool {
	x := r.idx()
	x.aliasOnce.Do(func() {
		x.aliased = map[unitKey]bool{}
		for _, s := range r.sources {
			for _, ke := range s.keyed {
				e := ke.e
				if ke.sec != "Install" || ke.key != "Alias" {
					continue
				}
				for _, w := range strings.Fields(e.Value()) {
					x.aliased[unitKey{s.Scope, w}] = true
				}
			}
		}
	})
	return x.aliased[unitKey{scope, name}]
}
