package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
)

// Settings say how one file is linted. The zero Settings (and a nil
// *Settings) lint a user unit against DefaultVersion with every rule on
// at its default severity and no search path.
type Settings struct {
	// Version is the systemd release to check against; zero means
	// DefaultVersion.
	Version catalog.Version
	// Scope is UserScope or SystemScope; AnyScope means ScopeOf the path,
	// and UserScope where the path says nothing.
	Scope Scope
	// Enabled switches rules on (true) or off (false) by name; rules not
	// in the map are on.
	Enabled map[string]bool
	// Severity overrides rules' severities by name.
	Severity map[string]Severity
	// Units is the search path of the file's manager, or nil.
	Units Units
}

// On reports whether rule r runs.
func (s *Settings) On(r *Rule) bool {
	if s == nil || s.Enabled == nil {
		return true
	}
	on, ok := s.Enabled[r.Name]
	return !ok || on
}

func (s *Settings) severity(name string) (Severity, bool) {
	if s == nil {
		return 0, false
	}
	v, ok := s.Severity[name]
	return v, ok
}

func (s *Settings) units() Units {
	if s == nil {
		return nil
	}
	return s.Units
}

func (s *Settings) version() catalog.Version {
	if s == nil || s.Version.IsZero() {
		return DefaultVersion
	}
	return s.Version
}

// Only is Settings that run the named rules and no other.
func Only(names ...string) *Settings {
	s := &Settings{Enabled: map[string]bool{}}
	for _, r := range All {
		s.Enabled[r.Name] = false
	}
	for _, n := range names {
		s.Enabled[n] = true
	}
	return s
}

// Input is a file to lint.
type Input struct {
	// Path names the file in findings; its name decides the unit type and
	// the unit, and its directories the scope (see ScopeOf).
	Path string
	// Src is the file's content.
	Src []byte
	// Text is the file's content as a string, for a caller that holds it
	// so: when Src is nil, Lint parses Text without copying it.
	Text string
	// Type overrides the unit type the name implies ("service").
	Type string
	// Settings for this file; nil for the defaults.
	Settings *Settings
}

// Content is the input's content: Src, or Text when Src is nil.
func (in *Input) Content() []byte {
	if in.Src == nil {
		return []byte(in.Text)
	}
	return in.Src
}

// Result is what linting one Input found.
type Result struct {
	Input *Input
	// File is the parsed file: after Fix, the fixed file.
	File *unitfile.File
	// Diagnostics are the findings, sorted by position then rule name
	// (whole-file findings first). After Fix, only those that remain.
	Diagnostics []Diagnostic
	// Fixed is the file after Fix applied fixes to it, nil when it did not
	// change (and always nil from Lint).
	Fixed []byte
	// Err is set when the file cannot be parsed at all (over 2 GiB).
	Err error
}

// runState is what the passes of one run share.
type runState struct {
	sources []*Source
	index   *index // see runindex.go
	// unitsMu serialises calls to the settings' Units, which need not be
	// safe for concurrent use.
	unitsMu sync.Mutex
}

// Lint checks the inputs together (rules may look at the other files of
// the run) and returns one Result per input, in order. Files are parsed
// and linted in parallel; the results do not depend on it.
func Lint(inputs []*Input) []*Result {
	results := make([]*Result, len(inputs))
	srcs := parseAll(inputs, results)
	lintAll(srcs, results)
	return results
}

// parallel calls do(i) for every i in [0, n), on up to GOMAXPROCS
// goroutines. Work is handed out in small batches: files differ in size,
// and a fixed split would leave one goroutine with the big ones.
func parallel(n int, do func(i int)) {
	const batch = 16
	workers := min(runtime.GOMAXPROCS(0), (n+batch-1)/batch)
	if workers <= 1 {
		for i := range n {
			do(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(batch)) - batch
				if start >= n {
					return
				}
				for i := start; i < min(start+batch, n); i++ {
					do(i)
				}
			}
		}()
	}
	wg.Wait()
}

func parseAll(inputs []*Input, results []*Result) []*Source {
	srcs := make([]*Source, len(inputs))
	parallel(len(inputs), func(i int) {
		in := inputs[i]
		results[i] = &Result{Input: in}
		src, err := newSource(in)
		if err != nil {
			results[i].Err = err
			return
		}
		srcs[i] = src
		results[i].File = src.File
	})
	return srcs
}

func newSource(in *Input) (*Source, error) {
	typ := in.Type
	if typ == "" {
		typ = unitfile.TypeOf(in.Path)
	}
	var f *unitfile.File
	var err error
	if in.Src == nil && in.Text != "" {
		f, err = unitfile.ParseText(in.Path, typ, in.Text)
	} else {
		f, err = unitfile.ParseType(in.Path, typ, in.Src)
	}
	if err != nil {
		return nil, err
	}
	unit, dropIn := unitOf(in.Path)
	scope := AnyScope
	if in.Settings != nil {
		scope = in.Settings.Scope
	}
	if scope == AnyScope {
		scope = ScopeOf(in.Path)
	}
	if scope == AnyScope {
		scope = UserScope
	}
	return &Source{File: f, Path: in.Path, Unit: unit, DropIn: dropIn, Type: typ, Scope: scope, settings: in.Settings, keyed: buildKeyed(f)}, nil
}

func lintAll(srcs []*Source, results []*Result) {
	run := &runState{}
	for _, s := range srcs {
		if s != nil {
			run.sources = append(run.sources, s)
		}
	}
	if len(run.sources) == 0 {
		return
	}
	run.buildIndex()
	parallel(len(srcs), func(i int) {
		if s := srcs[i]; s != nil {
			results[i].Diagnostics = lintSource(run, s)
		}
	})
}

// lintSource runs the rules on one file and applies its suppressions.
func lintSource(run *runState, s *Source) []Diagnostic {
	if s.File.Masked() {
		// systemd does not parse an empty file: it masks the unit.
		return nil
	}
	// Passes are reused from file to file (they are a few hundred bytes
	// with the caches of their rules, and a directory has many files).
	pass := passPool.Get().(*Pass)
	defer func() {
		vprobs, execs := pass.vprobs[:0], pass.execs[:0]
		clear(vprobs[:cap(vprobs)])
		clear(execs[:cap(execs)])
		*pass = Pass{vprobs: vprobs, execs: execs}
		passPool.Put(pass)
	}()
	var diags []Diagnostic
	*pass = Pass{Source: s, Version: s.settings.version(), run: run, diags: &diags, vprobs: pass.vprobs, execs: pass.execs}
	for _, r := range All {
		if !ran(s, r) {
			continue
		}
		if r.Run != nil {
			pass.rule = r
			r.Run(pass)
		}
	}
	diags = suppress(pass, diags)
	sortDiagnostics(diags)
	return diags
}

var passPool = sync.Pool{New: func() any { return new(Pass) }}

// ran reports whether rule r checks source s: it applies to the file's
// scope and the settings turn it on.
func ran(s *Source, r *Rule) bool { return r.appliesTo(s.Scope) && s.settings.On(r) }

func sortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Offset, b.Pos.Offset),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.End.Offset, b.End.Offset),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// MaxFixRounds bounds how often Fix re-lints after applying fixes.
const MaxFixRounds = 10

// Fix lints the inputs, applies every fix that does not overlap another
// one of the same file, lints again, and repeats until no fix applies
// (at most MaxFixRounds times). The results hold the fixed content and
// the findings that remain. The inputs are not modified.
func Fix(inputs []*Input) []*Result {
	cur := make([]*Input, len(inputs))
	for i, in := range inputs {
		c := *in
		c.Src, c.Text = in.Content(), "" // fixes edit bytes
		cur[i] = &c
	}
	var results []*Result
	for round := 0; ; round++ {
		results = Lint(cur)
		if round == MaxFixRounds {
			break
		}
		changed := false
		for i, r := range results {
			if r.Err != nil {
				continue
			}
			out, n := applyFixes(cur[i].Src, r.Diagnostics)
			if n > 0 && !bytes.Equal(out, cur[i].Src) {
				cur[i].Src = out
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for i, r := range results {
		r.Input = inputs[i]
		if !bytes.Equal(cur[i].Src, inputs[i].Content()) {
			r.Fixed = cur[i].Src
		}
	}
	return results
}

// applyFixes applies the fixes of diags that fit together: a fix whose
// edits overlap an edit already taken is skipped (the next round, after
// re-linting, may take it). Fixes are taken in the order of diags. It
// returns the new content and the number of fixes applied.
func applyFixes(src []byte, diags []Diagnostic) ([]byte, int) {
	var taken []TextEdit
	n := 0
	for _, d := range diags {
		if len(d.Fix) == 0 || !valid(d.Fix, len(src)) {
			continue
		}
		if containsAll(taken, d.Fix) {
			// The same fix, reported twice (two findings on one line
			// that both delete it): already applied.
			continue
		}
		if overlapsAny(taken, d.Fix) {
			continue
		}
		taken = append(taken, d.Fix...)
		n++
	}
	if n == 0 {
		return src, 0
	}
	out, err := ApplyEdits(src, taken)
	if err != nil {
		return src, 0
	}
	return out, n
}

func valid(edits []TextEdit, size int) bool {
	for _, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > size {
			return false
		}
	}
	return true
}

func containsAll(taken, edits []TextEdit) bool {
	for _, e := range edits {
		if !slices.Contains(taken, e) {
			return false
		}
	}
	return true
}

func overlapsAny(taken, edits []TextEdit) bool {
	for _, e := range edits {
		for _, t := range taken {
			if overlap(e, t) {
				return true
			}
		}
	}
	return false
}

// overlap reports whether two edits conflict: their ranges share a byte,
// or they insert at the same place (whose text would go first is
// unclear), or one inserts strictly inside the other's range.
func overlap(a, b TextEdit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start < a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start < b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

// ApplyEdits applies non-overlapping edits to src. Edits at the same
// offset are applied in the order given.
func ApplyEdits(src []byte, edits []TextEdit) ([]byte, error) {
	es := slices.Clone(edits)
	slices.SortStableFunc(es, func(a, b TextEdit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	var out bytes.Buffer
	last := 0
	for _, e := range es {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit %d..%d overlaps another or lies outside the file", e.Start, e.End)
		}
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// normalize sorts a fix's edits and drops empty ones; a fix whose edits
// overlap each other is dropped as a whole.
func normalize(edits []TextEdit) []TextEdit {
	if len(edits) == 0 {
		return nil
	}
	es := slices.DeleteFunc(slices.Clone(edits), func(e TextEdit) bool { return e.Start == e.End && e.New == "" })
	slices.SortStableFunc(es, func(a, b TextEdit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	for i := 1; i < len(es); i++ {
		if es[i].Start < es[i-1].End {
			return nil
		}
	}
	if len(es) == 0 {
		return nil
	}
	return es
}
