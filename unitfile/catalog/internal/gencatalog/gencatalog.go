// Package gencatalog turns the TSV files in unitfile/catalog/data into the
// Go tables of unitfile/catalog (zz_catalog.go). It is a library so that
// the catalog's tests can run it in memory and compare its output with
// the committed file; internal/cmd/gencatalog is the go:generate entry
// point.
//
// It checks every cell against the words the catalog knows and fails on
// anything else, so a data update that brings a new kind, section or
// category cannot slip through as a wrong number.
package gencatalog

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Files are the data files Generate reads, relative to its fs.FS.
var Files = []string{"directives.tsv", "user-manager.tsv", "specifiers.tsv"}

// OutputFile is the name of the generated file in the catalog package.
const OutputFile = "zz_catalog.go"

// The word lists below give each enum of package catalog its numbers:
// index i is the constant whose String() is the word. They are repeated
// here, not imported, so the generator still builds when zz_catalog.go is
// broken; the catalog's round-trip test fails if the two disagree.
var (
	sectionWords = []string{"", "Unit", "Install", "Service", "Socket", "Timer", "Path", "Mount",
		"Automount", "Swap", "Slice", "Scope", "Target", "Device", "*"}
	unitTypeWords = []string{"", "service", "socket", "device", "mount", "automount", "swap", "target",
		"path", "timer", "slice", "scope"}
	kindWords = []string{"", "bool", "string", "specifier-string", "string-list", "path", "path-list",
		"exec-command", "timespan", "calendar", "bytes", "percent", "int", "mode",
		"signal", "user", "group", "unit", "unit-list", "url-list", "env", "enum",
		"enum-list", "cpu-set", "exit-status-list", "socket-address", "other"}
	listWords     = []string{"no", "reset", "append"}
	statusWords   = []string{"current", "deprecated", "ignored", "removed"}
	featureWords  = []string{"", "HAVE_SECCOMP", "HAVE_PAM", "HAVE_SELINUX", "HAVE_APPARMOR", "ENABLE_SMACK"}
	categoryWords = []string{"", "system-only", "needs-userns", "needs-userns+mountfsd", "mount-options-restricted",
		"refused", "no-effect", "partly-no-effect", "restricted-value", "needs-privileges",
		"different-default", "different-meaning", "different-path", "different-value",
		"different-bus", "depends-on-delegation", "not-visible", "user-target", "user-unit",
		"system-only-target"}
)

var (
	directiveHeader = []string{"section", "directive", "unit_types", "sections", "kind", "values", "list",
		"since", "backported", "deprecated", "removed", "status", "replacement", "man", "man_since",
		"systemd_type", "parser", "build_feature", "notes"}
	userHeader      = []string{"setting", "sections", "category", "user_manager", "reason", "source"}
	specifierHeader = []string{"specifier", "meaning", "unit_files", "unit_names", "install_section",
		"system_value", "user_value", "since", "install_since", "documented", "notes"}
)

// cellError locates a bad cell: file, 1-based line and column name.
type cellError struct {
	file   string
	line   int
	column string
	msg    string
}

func (e *cellError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.file, e.line, e.column, e.msg)
}

type row struct {
	line  int
	cells map[string]string
}

func readTSV(fsys fs.FS, name string, header []string) ([]row, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	text := string(b)
	if !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("%s: no final newline", name)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if got := strings.Join(lines[0:1], ""); got != strings.Join(header, "\t") {
		return nil, fmt.Errorf("%s:1: header is %q, want %q", name, got, strings.Join(header, "\t"))
	}
	var rows []row
	for i, l := range lines[1:] {
		fields := strings.Split(l, "\t")
		if len(fields) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d cells, want %d", name, i+2, len(fields), len(header))
		}
		r := row{line: i + 2, cells: make(map[string]string, len(header))}
		for j, h := range header {
			r.cells[h] = fields[j]
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// version is catalog.Version without the package.
type version struct {
	major, point       int
	orEarlier, unknown bool
}

func (v version) String() string {
	switch {
	case v.unknown:
		return "yes"
	case v == version{}:
		return ""
	}
	s := strconv.Itoa(v.major)
	if v.point != 0 {
		s += "." + strconv.Itoa(v.point)
	}
	if v.orEarlier {
		s = "<=" + s
	}
	return s
}

func (v version) literal() string {
	var parts []string
	if v.major != 0 {
		parts = append(parts, fmt.Sprintf("Major: %d", v.major))
	}
	if v.point != 0 {
		parts = append(parts, fmt.Sprintf("Point: %d", v.point))
	}
	if v.orEarlier {
		parts = append(parts, "OrEarlier: true")
	}
	if v.unknown {
		parts = append(parts, "Unknown: true")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

var versionRE = regexp.MustCompile(`^(<=)?([1-9][0-9]{0,4})(?:\.([1-9][0-9]{0,4}))?$`)

// parseVersion reads a version cell: "", "yes" (only where yesOK), "<=N",
// "N" or "N.M". The result prints back to the same cell.
func parseVersion(cell string, yesOK bool) (version, error) {
	switch {
	case cell == "":
		return version{}, nil
	case cell == "yes" && yesOK:
		return version{unknown: true}, nil
	}
	m := versionRE.FindStringSubmatch(cell)
	if m == nil {
		return version{}, fmt.Errorf("not a version: %q", cell)
	}
	v := version{orEarlier: m[1] != ""}
	v.major, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.point, _ = strconv.Atoi(m[3])
	}
	if v.major > 0xffff || v.point > 0xffff {
		return version{}, fmt.Errorf("version out of range: %q", cell)
	}
	return v, nil
}

// word finds cell in words and returns its index.
func word(words []string, cell string) (int, error) {
	if i := slices.Index(words, cell); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("unknown word %q", cell)
}

// parseSet reads a comma-separated set of words into a bit mask with bit
// i for words[i]. The cell must list them in words order, so that the
// catalog prints it back unchanged.
func parseSet(words []string, cell string) (uint16, error) {
	if cell == "" {
		return 0, nil
	}
	var mask uint16
	last := 0
	for _, w := range strings.Split(cell, ",") {
		i, err := word(words, w)
		if err != nil || i == 0 {
			return 0, fmt.Errorf("unknown word %q in %q", w, cell)
		}
		if i <= last {
			return 0, fmt.Errorf("%q is not in canonical order or repeats a word", cell)
		}
		last = i
		mask |= 1 << i
	}
	return mask, nil
}

// interner numbers distinct values in order of first use; 0 is reserved
// for the empty value.
type interner struct {
	index map[string]int
	list  []string
}

func newInterner() *interner { return &interner{index: map[string]int{"": 0}, list: []string{""}} }

func (n *interner) id(s string) int {
	if i, ok := n.index[s]; ok {
		return i
	}
	n.index[s] = len(n.list)
	n.list = append(n.list, s)
	return len(n.list) - 1
}

type directive struct {
	line                     int
	name                     string
	section                  int
	types, sections          uint16
	kind, list, status, feat int
	values, backported       int
	since, deprecated        int
	removed, manSince        int
	replacement, man         int
	systemdType, parser      int
	notes                    int
	userNotes                []int // indexes into notes
}

type key struct {
	section int
	name    string
}

// Ref is a directive named by a user-manager setting cell, before globs
// are expanded.
type Ref struct {
	Name   string
	Glob   bool // Name is a prefix standing for every name that has it
	Values []string
	Cond   string
}

var (
	tokenRE     = regexp.MustCompile(`[A-Z][A-Za-z0-9]*[=*]`)
	parenGlobRE = regexp.MustCompile(`\(([A-Z][A-Za-z0-9]*\*)\)`)
	sinceRE     = regexp.MustCompile(`\(since (<=)?([0-9]+)\)`)
)

// ParseSetting splits a user-manager setting cell that names directives
// into one Ref per name or glob, by the rules documented on
// catalog.UserNote.
func ParseSetting(cell string) ([]Ref, error) {
	// The space keeps "X(Y*)" from gluing into one word.
	cell = parenGlobRE.ReplaceAllString(cell, " $1")
	var out []Ref
	for _, clause := range strings.Split(cell, ";") {
		var locs [][]int
		for _, loc := range tokenRE.FindAllStringIndex(clause, -1) {
			// A name starts a word: "CPUSchedulingPolicy=fifo|rr" has one.
			if loc[0] == 0 || strings.IndexByte(" /(", clause[loc[0]-1]) >= 0 {
				locs = append(locs, loc)
			}
		}
		if len(locs) == 0 {
			return nil, fmt.Errorf("no directive in %q", clause)
		}
		if lead := strings.TrimSpace(clause[:locs[0][0]]); lead != "" {
			return nil, fmt.Errorf("text %q before the first directive in %q", lead, clause)
		}
		refs := make([]Ref, len(locs))
		join := make([]bool, len(locs))
		for i, loc := range locs {
			tok := clause[loc[0]:loc[1]]
			r := Ref{Name: tok[:len(tok)-1], Glob: strings.HasSuffix(tok, "*")}
			end := len(clause)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			text := clause[loc[1]:end]
			if !r.Glob && text != "" && text[0] != ' ' && text[0] != '/' {
				// Glued to "=": the values the row is about.
				for _, v := range strings.FieldsFunc(text, func(c rune) bool { return c == '|' || c == '/' }) {
					if v = strings.TrimSpace(v); v != "" {
						r.Values = append(r.Values, v)
					}
				}
			} else {
				switch t := strings.TrimSpace(text); t {
				case "":
				case "/", "..":
					join[i] = true
				default:
					if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
						t = t[1 : len(t)-1]
					}
					r.Cond = t
				}
			}
			refs[i] = r
		}
		// "A=/B= cond": the condition belongs to every name of the run.
		for i := len(refs) - 2; i >= 0; i-- {
			if join[i] && refs[i].Cond == "" {
				refs[i].Cond = refs[i+1].Cond
			}
		}
		out = append(out, refs...)
	}
	return out, nil
}

type noteRef struct {
	name   string
	values []string
	cond   string
}

type note struct {
	line                   int
	setting                string
	refs                   []noteRef
	specifiers             []byte
	unit                   string
	since                  version
	sections               uint16
	category               int
	effect, reason, source string
}

type specifier struct {
	char                   byte
	meaning                string
	unitFiles, deprecated  bool
	unitNames, install     bool
	systemValue, userValue string
	since, installSince    version
	documented             bool
	notes                  string
	userNotes              []int
}

type catalog struct {
	dirs      []*directive
	byKey     map[key]*directive
	nameSecs  map[string]uint16
	strs      *interner
	values    *interner // "|"-joined value sets
	backports *interner // backported cells
	versions  []version
	versionID map[version]int
	notes     []*note
	specs     []*specifier
}

func (c *catalog) version(v version) int {
	if i, ok := c.versionID[v]; ok {
		return i
	}
	c.versionID[v] = len(c.versions)
	c.versions = append(c.versions, v)
	return len(c.versions) - 1
}

// Generate reads the data files from fsys and returns the gofmt'd source
// of zz_catalog.go.
func Generate(fsys fs.FS) ([]byte, error) {
	c := &catalog{
		byKey:     map[key]*directive{},
		nameSecs:  map[string]uint16{},
		strs:      newInterner(),
		values:    newInterner(),
		backports: newInterner(),
		versions:  []version{{}},
		versionID: map[version]int{{}: 0},
	}
	if err := c.readDirectives(fsys); err != nil {
		return nil, err
	}
	if err := c.readSpecifiers(fsys); err != nil {
		return nil, err
	}
	if err := c.readUserNotes(fsys); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	src := c.emit()
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("formatting generated code: %v", err)
	}
	return out, nil
}

func (c *catalog) readDirectives(fsys fs.FS) error {
	const file = "directives.tsv"
	rows, err := readTSV(fsys, file, directiveHeader)
	if err != nil {
		return err
	}
	for _, r := range rows {
		d := &directive{line: r.line, name: r.cells["directive"]}
		fail := func(col string, err error) error {
			return &cellError{file, r.line, col, err.Error()}
		}
		if d.section, err = word(sectionWords, r.cells["section"]); err != nil || d.section == 0 {
			return fail("section", fmt.Errorf("unknown section %q", r.cells["section"]))
		}
		if d.name == "" {
			return fail("directive", fmt.Errorf("empty"))
		}
		if d.types, err = parseSet(unitTypeWords, r.cells["unit_types"]); err != nil {
			return fail("unit_types", err)
		}
		if d.sections, err = parseSet(sectionWords, r.cells["sections"]); err != nil {
			return fail("sections", err)
		}
		if d.kind, err = word(kindWords, r.cells["kind"]); err != nil || d.kind == 0 {
			return fail("kind", fmt.Errorf("unknown kind %q", r.cells["kind"]))
		}
		if v := r.cells["values"]; v != "" {
			for _, w := range strings.Split(v, "|") {
				if w == "" {
					return fail("values", fmt.Errorf("empty word in %q", v))
				}
			}
		}
		d.values = c.values.id(r.cells["values"])
		if d.list, err = word(listWords, r.cells["list"]); err != nil {
			return fail("list", err)
		}
		if d.status, err = word(statusWords, r.cells["status"]); err != nil {
			return fail("status", err)
		}
		if d.feat, err = word(featureWords, r.cells["build_feature"]); err != nil {
			return fail("build_feature", err)
		}
		for _, col := range []struct {
			name  string
			yesOK bool
			dst   *int
		}{
			{"since", false, &d.since},
			{"deprecated", true, &d.deprecated},
			{"removed", false, &d.removed},
			{"man_since", false, &d.manSince},
		} {
			v, err := parseVersion(r.cells[col.name], col.yesOK)
			if err != nil {
				return fail(col.name, err)
			}
			*col.dst = c.version(v)
		}
		if c.versions[d.since] == (version{}) {
			return fail("since", fmt.Errorf("empty"))
		}
		if bp := r.cells["backported"]; bp != "" {
			for _, p := range strings.Split(bp, ",") {
				v, err := parseVersion(p, false)
				if err != nil || v.point == 0 || v.orEarlier {
					return fail("backported", fmt.Errorf("not a point release: %q", p))
				}
			}
		}
		d.backported = c.backports.id(r.cells["backported"])
		// Removed is the removal release of a removed key and the
		// ignored-from release of an ignored one; any other status has none.
		removedSet := c.versions[d.removed] != (version{})
		if hasRemoval := d.status == 2 || d.status == 3; removedSet != hasRemoval {
			return fail("removed", fmt.Errorf("%q with status %q", r.cells["removed"], r.cells["status"]))
		}
		d.replacement = c.strs.id(r.cells["replacement"])
		d.man = c.strs.id(r.cells["man"])
		d.systemdType = c.strs.id(r.cells["systemd_type"])
		d.parser = c.strs.id(r.cells["parser"])
		d.notes = c.strs.id(r.cells["notes"])
		k := key{d.section, d.name}
		if _, dup := c.byKey[k]; dup {
			return fail("directive", fmt.Errorf("[%s] %s repeated", sectionWords[d.section], d.name))
		}
		c.byKey[k] = d
		if old, seen := c.nameSecs[d.name]; seen && old != d.sections {
			return fail("sections", fmt.Errorf("%s lists other sections than on an earlier row", d.name))
		}
		c.nameSecs[d.name] = d.sections
		c.dirs = append(c.dirs, d)
	}
	slices.SortFunc(c.dirs, func(a, b *directive) int {
		return cmp.Or(cmp.Compare(a.section, b.section), strings.Compare(a.name, b.name))
	})
	return nil
}

func (c *catalog) readSpecifiers(fsys fs.FS) error {
	const file = "specifiers.tsv"
	rows, err := readTSV(fsys, file, specifierHeader)
	if err != nil {
		return err
	}
	seen := map[byte]bool{}
	for _, r := range rows {
		fail := func(col string, err error) error {
			return &cellError{file, r.line, col, err.Error()}
		}
		yesNo := func(col string) (bool, error) {
			switch r.cells[col] {
			case "yes":
				return true, nil
			case "no":
				return false, nil
			}
			return false, fail(col, fmt.Errorf("want yes or no, have %q", r.cells[col]))
		}
		s := &specifier{
			meaning:     r.cells["meaning"],
			systemValue: r.cells["system_value"],
			userValue:   r.cells["user_value"],
			notes:       r.cells["notes"],
		}
		spec := r.cells["specifier"]
		if len(spec) != 2 || spec[0] != '%' || spec[1] < '!' || spec[1] > '~' {
			return fail("specifier", fmt.Errorf("not %%x: %q", spec))
		}
		s.char = spec[1]
		if seen[s.char] {
			return fail("specifier", fmt.Errorf("%s repeated", spec))
		}
		seen[s.char] = true
		switch r.cells["unit_files"] {
		case "yes":
			s.unitFiles = true
		case "deprecated":
			s.unitFiles, s.deprecated = true, true
		case "no":
		default:
			return fail("unit_files", fmt.Errorf("want yes, no or deprecated, have %q", r.cells["unit_files"]))
		}
		if s.unitNames, err = yesNo("unit_names"); err != nil {
			return err
		}
		if s.install, err = yesNo("install_section"); err != nil {
			return err
		}
		if s.documented, err = yesNo("documented"); err != nil {
			return err
		}
		if s.systemValue == "" || s.userValue == "" {
			return fail("system_value", fmt.Errorf("empty value"))
		}
		if s.since, err = parseVersion(r.cells["since"], false); err != nil || s.since == (version{}) {
			return fail("since", fmt.Errorf("bad version %q", r.cells["since"]))
		}
		if s.installSince, err = parseVersion(r.cells["install_since"], false); err != nil {
			return fail("install_since", err)
		}
		c.specs = append(c.specs, s)
	}
	return nil
}

func (c *catalog) readUserNotes(fsys fs.FS) error {
	const file = "user-manager.tsv"
	rows, err := readTSV(fsys, file, userHeader)
	if err != nil {
		return err
	}
	units := map[string]bool{}
	for _, r := range rows {
		fail := func(col string, err error) error {
			return &cellError{file, r.line, col, err.Error()}
		}
		n := &note{
			line:    r.line,
			setting: r.cells["setting"],
			effect:  r.cells["user_manager"],
			reason:  r.cells["reason"],
			source:  r.cells["source"],
		}
		if n.category, err = word(categoryWords, r.cells["category"]); err != nil || n.category == 0 {
			return fail("category", fmt.Errorf("unknown category %q", r.cells["category"]))
		}
		idx := len(c.notes)
		unitRow := n.category == 17 || n.category == 18 || n.category == 19
		switch secs := r.cells["sections"]; {
		case secs == "":
			if !unitRow {
				return fail("sections", fmt.Errorf("empty for a %s row", categoryWords[n.category]))
			}
			if strings.ContainsAny(n.setting, " =%") || !strings.Contains(n.setting, ".") {
				return fail("setting", fmt.Errorf("not a unit name: %q", n.setting))
			}
			if units[n.setting] {
				return fail("setting", fmt.Errorf("%s repeated", n.setting))
			}
			units[n.setting] = true
			n.unit = n.setting
			if n.category != 19 {
				m := sinceRE.FindStringSubmatch(n.effect)
				if m == nil {
					return fail("user_manager", fmt.Errorf("no \"(since N)\""))
				}
				if n.since, err = parseVersion(m[1]+m[2], false); err != nil {
					return fail("user_manager", err)
				}
			}
		case unitRow:
			return fail("sections", fmt.Errorf("%q for a unit row", secs))
		case secs == "any":
			n.sections = uint16(1<<12 - 2) // [Unit] to [Scope]: catalog.AllSections
			for _, f := range strings.Fields(n.setting) {
				if len(f) != 2 || f[0] != '%' || !slices.ContainsFunc(c.specs, func(s *specifier) bool { return s.char == f[1] }) {
					return fail("setting", fmt.Errorf("want known specifiers for sections \"any\", have %q", f))
				}
				n.specifiers = append(n.specifiers, f[1])
			}
			for _, s := range c.specs {
				if slices.Contains(n.specifiers, s.char) {
					s.userNotes = append(s.userNotes, idx)
				}
			}
		default:
			if n.sections, err = parseSet(sectionWords, secs); err != nil {
				return fail("sections", err)
			}
			refs, err := ParseSetting(n.setting)
			if err != nil {
				return fail("setting", err)
			}
			if n.refs, err = c.expand(refs, n.sections); err != nil {
				return fail("setting", err)
			}
			for _, ref := range n.refs {
				for s := 1; s < len(sectionWords); s++ {
					if n.sections&(1<<s) == 0 {
						continue
					}
					d, ok := c.byKey[key{s, ref.name}]
					if !ok {
						return fail("setting", fmt.Errorf("[%s] %s= is not in directives.tsv", sectionWords[s], ref.name))
					}
					d.userNotes = append(d.userNotes, idx)
				}
			}
		}
		c.notes = append(c.notes, n)
	}
	return nil
}

// expand replaces globs by the names they stand for: those with the prefix
// that every section of the row accepts at the newest release. A name
// named twice keeps its first mention, which must agree with the others.
func (c *catalog) expand(refs []Ref, sections uint16) ([]noteRef, error) {
	var out []noteRef
	add := func(r noteRef) error {
		for _, o := range out {
			if o.name == r.name {
				if o.cond != r.cond || !slices.Equal(o.values, r.values) {
					return fmt.Errorf("%s= named twice with different conditions", r.name)
				}
				return nil
			}
		}
		out = append(out, r)
		return nil
	}
	for _, r := range refs {
		if !r.Glob {
			if err := add(noteRef{r.Name, r.Values, r.Cond}); err != nil {
				return nil, err
			}
			continue
		}
		var names []string
		for name, secs := range c.nameSecs {
			if strings.HasPrefix(name, r.Name) && secs&sections == sections {
				names = append(names, name)
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%s* matches no directive", r.Name)
		}
		slices.Sort(names)
		for _, name := range names {
			if err := add(noteRef{name, nil, r.Cond}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (c *catalog) emit() []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by gencatalog from data/*.tsv; DO NOT EDIT.\n\n")
	p("package catalog\n\n")

	// directives, with the user-note references flattened in table order.
	var refs []int
	var spans [15][2]int
	p("// directives holds directives.tsv sorted by section, then name. The columns\n")
	p("// are the fields of Directive: name, section, kind, list, status, feature,\n")
	p("// values, backported, since, deprecated, removed, manSince, types, sections,\n")
	p("// replacement, man, systemdType, parser, notes, userNotes, nUserNotes.\n")
	p("var directives = [...]Directive{\n")
	for i, d := range c.dirs {
		if i == 0 || c.dirs[i-1].section != d.section {
			p("// [%s]\n", sectionWords[d.section])
			spans[d.section][0] = i
		}
		spans[d.section][1] = i + 1
		p("{%q, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %#x, %#x, %d, %d, %d, %d, %d, %d, %d},\n",
			d.name, d.section, d.kind, d.list, d.status, d.feat,
			d.values, d.backported, d.since, d.deprecated, d.removed, d.manSince,
			d.types, d.sections, d.replacement, d.man, d.systemdType, d.parser, d.notes,
			len(refs), len(d.userNotes))
		refs = append(refs, d.userNotes...)
	}
	p("}\n\n")

	p("// sectionSpan[s] is the range of section s in directives.\n")
	p("var sectionSpan = [numSections]span{\n")
	for s, sp := range spans {
		p("{%d, %d}, // %s\n", sp[0], sp[1], sectionWords[s])
	}
	p("}\n\n")

	p("// names are the distinct directive names in byte order, with the\n")
	p("// sections that accept them at the newest release.\n")
	p("var names = [...]nameInfo{\n")
	var all []string
	for name := range c.nameSecs {
		all = append(all, name)
	}
	slices.Sort(all)
	for _, name := range all {
		p("{%q, %#x},\n", name, c.nameSecs[name])
	}
	p("}\n\n")

	p("// strs are the distinct text cells of directives.tsv; 0 is empty.\n")
	p("var strs = [...]string{\n")
	for i, s := range c.strs.list {
		p("%q, // %d\n", s, i)
	}
	p("}\n\n")

	p("// versions are the distinct version cells; 0 is empty.\n")
	p("var versions = [...]Version{\n")
	for i, v := range c.versions {
		p("%s, // %d: %q\n", v.literal(), i, v.String())
	}
	p("}\n\n")

	p("// backportSets are the distinct backported cells; 0 is empty.\n")
	p("var backportSets = [...][]Version{\n")
	for i, cell := range c.backports.list {
		if cell == "" {
			p("nil, // %d\n", i)
			continue
		}
		var lits []string
		for _, part := range strings.Split(cell, ",") {
			v, _ := parseVersion(part, false)
			lits = append(lits, v.literal())
		}
		p("{%s}, // %d\n", strings.Join(lits, ", "), i)
	}
	p("}\n\n")

	p("// valueSets are the distinct values cells; 0 is empty.\n")
	p("var valueSets = [...][]string{\n")
	for i, cell := range c.values.list {
		if cell == "" {
			p("nil, // %d\n", i)
			continue
		}
		p("{%s}, // %d\n", quoteAll(strings.Split(cell, "|")), i)
	}
	p("}\n\n")

	p("// userNotes holds user-manager.tsv in file order.\n")
	p("var userNotes = [...]UserNote{\n")
	for i, n := range c.notes {
		p("{ // %d\n", i)
		p("Setting: %q,\n", n.setting)
		if len(n.refs) > 0 {
			p("Directives: []DirectiveRef{\n")
			for _, r := range n.refs {
				p("{Name: %q", r.name)
				if len(r.values) > 0 {
					p(", Values: []string{%s}", quoteAll(r.values))
				}
				if r.cond != "" {
					p(", Cond: %q", r.cond)
				}
				p("},\n")
			}
			p("},\n")
		}
		if len(n.specifiers) > 0 {
			p("Specifiers: []byte(%q),\n", string(n.specifiers))
		}
		if n.unit != "" {
			p("Unit: %q,\n", n.unit)
		}
		if n.since != (version{}) {
			p("Since: Version%s,\n", n.since.literal())
		}
		if n.sections != 0 {
			p("Sections: %#x,\n", n.sections)
		}
		p("Category: %d, // %s\n", n.category, categoryWords[n.category])
		p("Effect: %q,\nReason: %q,\nSource: %q,\n", n.effect, n.reason, n.source)
		p("},\n")
	}
	p("}\n\n")

	p("// userNoteRefs are the user notes of each directive, in directives order;\n")
	p("// Directive.userNotes is the start of its run.\n")
	p("var userNoteRefs = [...]*UserNote{\n")
	for _, i := range refs {
		p("&userNotes[%d],\n", i)
	}
	p("}\n\n")

	var units []int
	for i, n := range c.notes {
		if n.unit != "" {
			units = append(units, i)
		}
	}
	slices.SortFunc(units, func(a, b int) int { return strings.Compare(c.notes[a].unit, c.notes[b].unit) })
	p("// userUnits indexes the unit rows of userNotes by unit name.\n")
	p("var userUnits = [...]uint8{\n")
	for _, i := range units {
		p("%d, // %s\n", i, c.notes[i].unit)
	}
	p("}\n\n")

	p("// specifiers holds specifiers.tsv in file order.\n")
	p("var specifiers = [...]Specifier{\n")
	for _, s := range c.specs {
		p("{Char: %q, Meaning: %q", s.char, s.meaning)
		for _, f := range []struct {
			name string
			on   bool
		}{{"UnitFiles", s.unitFiles}, {"Deprecated", s.deprecated}, {"UnitNames", s.unitNames}, {"Install", s.install}} {
			if f.on {
				p(", %s: true", f.name)
			}
		}
		p(", SystemValue: %q, UserValue: %q, Since: Version%s", s.systemValue, s.userValue, s.since.literal())
		if s.installSince != (version{}) {
			p(", InstallSince: Version%s", s.installSince.literal())
		}
		if s.documented {
			p(", Documented: true")
		}
		if s.notes != "" {
			p(", Notes: %q", s.notes)
		}
		if len(s.userNotes) > 0 {
			var ptrs []string
			for _, i := range s.userNotes {
				ptrs = append(ptrs, fmt.Sprintf("&userNotes[%d]", i))
			}
			p(", UserNotes: []*UserNote{%s}", strings.Join(ptrs, ", "))
		}
		p("},\n")
	}
	p("}\n\n")

	p("// specifierIndex maps a specifier letter to 1 + its index in specifiers.\n")
	p("var specifierIndex = [256]uint8{")
	for i, s := range c.specs {
		p("%q: %d, ", s.char, i+1)
	}
	p("}\n")
	return b.Bytes()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// check enforces the limits of the catalog's compact encoding: uint8
// indexes for value sets, backport sets, versions, per-directive note
// counts and unit rows, uint16 for strings and note references.
func (c *catalog) check() error {
	refs := 0
	for _, d := range c.dirs {
		if len(d.userNotes) > 0xff {
			return fmt.Errorf("[%s] %s has %d user notes, more than 255", sectionWords[d.section], d.name, len(d.userNotes))
		}
		refs += len(d.userNotes)
	}
	for _, l := range []struct {
		what     string
		n, limit int
	}{
		{"value sets", len(c.values.list), 0x100},
		{"backported cells", len(c.backports.list), 0x100},
		{"versions", len(c.versions), 0x100},
		{"user-manager rows", len(c.notes), 0x100},
		{"strings", len(c.strs.list), 0x10000},
		{"user-note references", refs, 0x10000},
		{"directives", len(c.dirs), 0x10000},
	} {
		if l.n > l.limit {
			return fmt.Errorf("%d %s, more than the encoding's %d", l.n, l.what, l.limit)
		}
	}
	return nil
}
