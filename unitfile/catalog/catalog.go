package catalog

import (
	"iter"
	"sync"
)

// Directive is what the catalogue knows about one key in one section: a row
// of directives.tsv. The same name in another section is another
// Directive (MemoryMax= in [Service] and in [Slice] differ in unit types).
//
// A Directive is read-only; the methods return data shared by every
// caller, which must not be modified.
type Directive struct {
	// The fields are small indexes into the tables of zz_catalog.go, so
	// the table stays compact and is laid out by the compiler, with no
	// work at init.
	name        string
	section     Section
	kind        Kind
	list        ListMode
	status      Status
	feature     Feature
	values      uint8 // valueSets
	backported  uint8 // backportSets
	since       uint8 // versions
	deprecated  uint8 // versions
	removed     uint8 // versions
	manSince    uint8 // versions
	types       UnitTypeSet
	sections    SectionSet
	replacement uint16 // strs
	man         uint16 // strs
	systemdType uint16 // strs
	parser      uint16 // strs
	notes       uint16 // strs
	userNotes   uint16 // first in userNoteRefs
	nUserNotes  uint8
}

// Name is the key without "=" ("ExecStart"); ".include" for the file-level
// include.
func (d *Directive) Name() string { return d.name }

// Section is the section this entry describes.
func (d *Directive) Section() Section { return d.section }

// String names the key the way a message does: "[Service] ExecStart=".
func (d *Directive) String() string { return "[" + d.section.String() + "] " + d.name + "=" }

// UnitTypes are the unit types whose files accept the key. [Unit] keys are
// accepted by all types; [Install] keys by all but scope, with Alias=
// narrowed to the types that may have aliases and DefaultInstance= to
// those that may be templates (src/basic/unit-file.c:
// unit_type_may_alias(), unit_type_may_template()); the other sections
// only by their own type.
func (d *Directive) UnitTypes() UnitTypeSet { return d.types }

// AcceptedBy reports whether a unit of type t accepts the key.
func (d *Directive) AcceptedBy(t UnitType) bool { return d.types.Has(t) }

// Sections are all the sections that accept the same name at the newest
// release the data covers, for hints such as "valid in [Service], not in
// [Unit]". It is empty for a removed key.
func (d *Directive) Sections() SectionSet { return d.sections }

// Kind is the syntax of the value.
func (d *Directive) Kind() Kind { return d.kind }

// Values are the allowed words of a KindEnum or KindEnumList key when
// there are 24 or fewer; "yes" and "no" are among them when systemd also
// accepts a boolean. Some words take a suffix ("file:PATH"); Notes says
// so. Nil for other kinds, for Personality= and BPFDelegate*=, and for
// ignored and removed keys.
func (d *Directive) Values() []string { return valueSets[d.values] }

// List says whether assignments accumulate and whether "X=" resets them.
func (d *Directive) List() ListMode { return d.list }

// Since is the first release whose unit-file parser accepts the key.
// Since.OrEarlier marks keys already present at v219, where the data starts.
func (d *Directive) Since() Version { return versions[d.since] }

// Backported are point releases of stable branches older than Since that
// already accept the key (252.5 for [Scope] OOMPolicy=, since 253).
func (d *Directive) Backported() []Version { return backportSets[d.backported] }

// Deprecated is the release from which the key is deprecated, or zero.
// Deprecated.Unknown means deprecated before v219 or in an unknown release.
func (d *Directive) Deprecated() Version { return versions[d.deprecated] }

// Removed is, for an ignored key, the release from which it is accepted
// with a warning but has no effect; for a removed key, the first release
// that no longer knows it. Zero otherwise.
func (d *Directive) Removed() Version { return versions[d.removed] }

// Status is the key's state at the newest release the data covers
// (v261.2). StatusIn gives it at another release.
func (d *Directive) Status() Status { return d.status }

// Replacement is what to use instead of a deprecated, ignored or removed
// key, in the data's words ("MemoryMax=", "[Unit] FailureAction=",
// "ExecStart= \"+\" prefix"), or "".
func (d *Directive) Replacement() string { return strs[d.replacement] }

// Man is the page documenting the key ("systemd.exec(5)"): the newest page
// that ever did, so removed keys name their last one. "" if none did.
func (d *Directive) Man() string { return strs[d.man] }

// ManSince is the man page's "Added in version" note, given only when
// the entry documents this key alone.
func (d *Directive) ManSince() Version { return versions[d.manSince] }

// SystemdType is systemd's own label for the value type, as printed by
// systemd --dump-configuration-items ("PATH [ARGUMENT [...]]"); "OTHER"
// when systemd has none.
func (d *Directive) SystemdType() string { return strs[d.systemdType] }

// Parser is the C function that parses the value
// ("config_parse_exec"): the last working one for ignored and removed keys.
func (d *Directive) Parser() string { return strs[d.parser] }

// BuildFeature is the compile-time feature the key needs, or FeatureNone.
func (d *Directive) BuildFeature() Feature { return d.feature }

// Notes are short syntax hints and history remarks ("SOFT[:HARD] or
// infinity", "undocumented since 231"), or "".
func (d *Directive) Notes() string { return strs[d.notes] }

// UserNotes are the rows of user-manager.tsv that concern this key in
// this section: how it behaves under systemctl --user.
func (d *Directive) UserNotes() []*UserNote {
	return userNoteRefs[d.userNotes : d.userNotes+uint16(d.nUserNotes) : d.userNotes+uint16(d.nUserNotes)]
}

// added reports whether release r's parser has the key, ignoring removal.
func (d *Directive) added(r Version) bool {
	if versions[d.since].reachedBy(r) {
		return true
	}
	// A stable branch may have taken the key in a point release before
	// the major release that introduced it (252.5 for OOMPolicy=).
	for _, b := range backportSets[d.backported] {
		if r.Major == b.Major && r.Point >= b.Point {
			return true
		}
	}
	return false
}

// StatusIn is the key's state at release r (a major release such as V(252)
// or a point release): StatusAbsent before Since (and any backport),
// StatusRemoved or StatusIgnored from Removed on, StatusDeprecated from
// Deprecated on, StatusCurrent otherwise. Keys marked "<=219" count as
// present in every release, and "yes" deprecations as deprecated in every
// release, because the data does not go further back.
func (d *Directive) StatusIn(r Version) Status {
	if !d.added(r) {
		return StatusAbsent
	}
	if (d.status == StatusRemoved || d.status == StatusIgnored) && versions[d.removed].reachedBy(r) {
		return d.status
	}
	if versions[d.deprecated].reachedBy(r) {
		return StatusDeprecated
	}
	return StatusCurrent
}

// KnownIn reports whether release r's parser accepts the key without an
// "Unknown key" warning, whether or not it still has an effect.
func (d *Directive) KnownIn(r Version) bool { return d.StatusIn(r).Known() }

// Lookup finds the key name in section, both case-sensitive as systemd
// reads them (the gperf table in src/core/load-fragment-gperf.gperf.in has
// no %ignore-case). The key is found whatever its status, so a caller can
// report deprecated, ignored and removed keys; "X-" keys, which systemd
// ignores, are never found. Lookup does not allocate.
func Lookup(section, name string) (*Directive, bool) {
	s, ok := ParseSection(section)
	if !ok {
		return nil, false
	}
	return lookup(s, name)
}

func lookup(s Section, name string) (*Directive, bool) {
	if i, ok := byName()[s][name]; ok {
		return &directives[i], true
	}
	return nil, false
}

// byName indexes directives by section and name. The linter looks up
// every key of every file, several times: a hash lookup costs a third of
// a binary search over a section's names. It is built on first use, so
// programs that never look a key up pay nothing.
var byName = sync.OnceValue(func() *[numSections]map[string]int32 {
	var m [numSections]map[string]int32
	for s, sp := range sectionSpan {
		m[s] = make(map[string]int32, sp.hi-sp.lo)
		for i := sp.lo; i < sp.hi; i++ {
			m[s][directives[i].name] = int32(i)
		}
	}
	return &m
})

// LookupType is Lookup for a unit of type unitType ("service", as
// unitfile.TypeOf returns it): it finds the key only if that type accepts
// it, so [Install] Alias= is not found for a .mount and [Service] keys are
// not found for a .socket. It returns false for an unknown type; Lookup
// then tells an unknown key from one the type does not accept.
func LookupType(unitType, section, name string) (*Directive, bool) {
	t, ok := ParseUnitType(unitType)
	if !ok {
		return nil, false
	}
	d, ok := Lookup(section, name)
	if !ok || !d.types.Has(t) {
		return nil, false
	}
	return d, true
}

// Directives yields every entry of the catalogue, section by section in
// Section order, names in byte order within a section.
func Directives() iter.Seq[*Directive] {
	return func(yield func(*Directive) bool) {
		for i := range directives {
			if !yield(&directives[i]) {
				return
			}
		}
	}
}

// SectionsOf is the set of sections that accept name at the newest release
// the data covers, for "key in the wrong section" hints ("User" gives
// Service, Socket, Mount and Swap; "WantedBy" gives Install). It is empty for names no section
// accepts now. It does not allocate.
func SectionsOf(name string) SectionSet {
	lo, hi := 0, len(names)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if names[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(names) && names[lo].name == name {
		return names[lo].sections
	}
	return 0
}

// span is the half-open range [lo, hi) of a section's entries in directives.
type span struct{ lo, hi uint16 }

// nameInfo is a distinct directive name with the sections that accept it.
type nameInfo struct {
	name     string
	sections SectionSet
}
