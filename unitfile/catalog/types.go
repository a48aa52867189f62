package catalog

import (
	"iter"
	"math/bits"
	"strings"
)

// Section is a section of a unit file: [Unit], [Install], or the section a
// unit type adds ([Service], [Socket], ...). The zero Section is no section.
//
// [Target] and [Device] are sections systemd reads (target.c and device.c
// list them in their vtable's .sections) but that hold no keys. SectionFile
// ("*") stands for the file level, where the removed ".include" lived.
type Section uint8

// The sections, in the order of the data's "sections" column.
const (
	SectionUnit Section = 1 + iota
	SectionInstall
	SectionService
	SectionSocket
	SectionTimer
	SectionPath
	SectionMount
	SectionAutomount
	SectionSwap
	SectionSlice
	SectionScope
	SectionTarget
	SectionDevice
	SectionFile
	numSections = iota + 1
)

var sectionNames = [numSections]string{
	"", "Unit", "Install", "Service", "Socket", "Timer", "Path", "Mount",
	"Automount", "Swap", "Slice", "Scope", "Target", "Device", "*",
}

// String is the section's name as written between brackets ("Service"),
// "*" for SectionFile, and "" for the zero Section.
func (s Section) String() string {
	if int(s) < len(sectionNames) {
		return sectionNames[s]
	}
	return ""
}

// ParseSection returns the Section written name. Names are case-sensitive,
// as systemd compares them (src/shared/conf-parser.c: nulstr_contains()).
func ParseSection(name string) (Section, bool) {
	// A switch, not a map: no allocation and no init-time work.
	switch name {
	case "Unit":
		return SectionUnit, true
	case "Install":
		return SectionInstall, true
	case "Service":
		return SectionService, true
	case "Socket":
		return SectionSocket, true
	case "Timer":
		return SectionTimer, true
	case "Path":
		return SectionPath, true
	case "Mount":
		return SectionMount, true
	case "Automount":
		return SectionAutomount, true
	case "Swap":
		return SectionSwap, true
	case "Slice":
		return SectionSlice, true
	case "Scope":
		return SectionScope, true
	case "Target":
		return SectionTarget, true
	case "Device":
		return SectionDevice, true
	case "*":
		return SectionFile, true
	}
	return 0, false
}

// Directives yields the keys of the section in byte order of their names,
// whatever their status.
func (s Section) Directives() iter.Seq[*Directive] {
	return func(yield func(*Directive) bool) {
		if s == 0 || int(s) >= len(sectionSpan) {
			return
		}
		sp := sectionSpan[s]
		for i := sp.lo; i < sp.hi; i++ {
			if !yield(&directives[i]) {
				return
			}
		}
	}
}

// SectionSet is a set of sections.
type SectionSet uint16

// AllSections is every section that holds keys ([Unit] to [Scope]). The
// user-manager data's "any" stands for it.
const AllSections SectionSet = 1<<SectionUnit | 1<<SectionInstall | 1<<SectionService |
	1<<SectionSocket | 1<<SectionTimer | 1<<SectionPath | 1<<SectionMount | 1<<SectionAutomount |
	1<<SectionSwap | 1<<SectionSlice | 1<<SectionScope

// SectionSetOf is the set holding the given sections.
func SectionSetOf(ss ...Section) SectionSet {
	var set SectionSet
	for _, s := range ss {
		set |= 1 << s
	}
	return set
}

// Has reports whether s is in the set.
func (set SectionSet) Has(s Section) bool { return s != 0 && s < numSections && set&(1<<s) != 0 }

// Len is the number of sections in the set.
func (set SectionSet) Len() int { return bits.OnesCount16(uint16(set)) }

// All yields the sections of the set in Section order.
func (set SectionSet) All() iter.Seq[Section] {
	return func(yield func(Section) bool) {
		for s := Section(1); s < numSections; s++ {
			if set.Has(s) && !yield(s) {
				return
			}
		}
	}
}

// String lists the sections comma-separated in Section order
// ("Service,Socket"), the form of the data files.
func (set SectionSet) String() string {
	var b strings.Builder
	for s := range set.All() {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s.String())
	}
	return b.String()
}

// UnitType is a kind of unit, named by the unit file's suffix. The zero
// UnitType is none. The order is that of the data's "unit_types" column.
type UnitType uint8

// The unit types systemd knows.
const (
	TypeService UnitType = 1 + iota
	TypeSocket
	TypeDevice
	TypeMount
	TypeAutomount
	TypeSwap
	TypeTarget
	TypePath
	TypeTimer
	TypeSlice
	TypeScope
	numUnitTypes = iota + 1
)

var unitTypeNames = [numUnitTypes]string{
	"", "service", "socket", "device", "mount", "automount", "swap", "target",
	"path", "timer", "slice", "scope",
}

var unitTypeSections = [numUnitTypes]Section{
	0, SectionService, SectionSocket, SectionDevice, SectionMount, SectionAutomount,
	SectionSwap, SectionTarget, SectionPath, SectionTimer, SectionSlice, SectionScope,
}

// String is the unit file suffix without the dot ("service"), or "".
func (t UnitType) String() string {
	if int(t) < len(unitTypeNames) {
		return unitTypeNames[t]
	}
	return ""
}

// Section is the section the type adds to [Unit] and [Install]
// (SectionService for TypeService, SectionTarget for TypeTarget).
func (t UnitType) Section() Section {
	if int(t) < len(unitTypeSections) {
		return unitTypeSections[t]
	}
	return 0
}

// ParseUnitType returns the UnitType of a suffix without the dot
// ("service"), as unitfile.TypeOf returns it.
func ParseUnitType(name string) (UnitType, bool) {
	for t := UnitType(1); t < numUnitTypes; t++ {
		if unitTypeNames[t] == name {
			return t, true
		}
	}
	return 0, false
}

// UnitTypeSet is a set of unit types.
type UnitTypeSet uint16

// AllUnitTypes holds every unit type.
const AllUnitTypes UnitTypeSet = 1<<numUnitTypes - 2

// UnitTypeSetOf is the set holding the given types.
func UnitTypeSetOf(ts ...UnitType) UnitTypeSet {
	var set UnitTypeSet
	for _, t := range ts {
		set |= 1 << t
	}
	return set
}

// Has reports whether t is in the set.
func (set UnitTypeSet) Has(t UnitType) bool {
	return t != 0 && t < numUnitTypes && set&(1<<t) != 0
}

// All yields the types of the set in UnitType order.
func (set UnitTypeSet) All() iter.Seq[UnitType] {
	return func(yield func(UnitType) bool) {
		for t := UnitType(1); t < numUnitTypes; t++ {
			if set.Has(t) && !yield(t) {
				return
			}
		}
	}
}

// String lists the types comma-separated in UnitType order
// ("service,socket"), the form of the data files.
func (set UnitTypeSet) String() string {
	var b strings.Builder
	for t := range set.All() {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.String())
	}
	return b.String()
}

// Kind is the syntax of a directive's value. The zero Kind is unknown.
type Kind uint8

// The value kinds of directives.tsv. The comments give the data's word.
const (
	KindBool            Kind = 1 + iota // bool
	KindString                          // string
	KindSpecifierString                 // specifier-string: % specifiers are resolved
	KindStringList                      // string-list
	KindPath                            // path
	KindPathList                        // path-list
	KindExecCommand                     // exec-command
	KindTimespan                        // timespan
	KindCalendar                        // calendar
	KindBytes                           // bytes: K/M/G…; memory settings also take N% and infinity
	KindPercent                         // percent
	KindInt                             // int
	KindMode                            // mode: octal
	KindSignal                          // signal
	KindUser                            // user
	KindGroup                           // group
	KindUnit                            // unit
	KindUnitList                        // unit-list
	KindURLList                         // url-list
	KindEnv                             // env: VAR=value list
	KindEnum                            // enum: one of Directive.Values
	KindEnumList                        // enum-list: words of Directive.Values
	KindCPUSet                          // cpu-set
	KindExitStatusList                  // exit-status-list
	KindSocketAddress                   // socket-address
	KindOther                           // other: structured syntax (device rules, credentials, BPF, …)
	numKinds            = iota + 1
)

var kindNames = [numKinds]string{
	"", "bool", "string", "specifier-string", "string-list", "path", "path-list",
	"exec-command", "timespan", "calendar", "bytes", "percent", "int", "mode",
	"signal", "user", "group", "unit", "unit-list", "url-list", "env", "enum",
	"enum-list", "cpu-set", "exit-status-list", "socket-address", "other",
}

// String is the data file's word for the kind ("exec-command").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// ListMode says what repeated assignments of a directive do.
type ListMode uint8

const (
	// ListNo: a later assignment overrides the earlier one.
	ListNo ListMode = iota
	// ListReset: assignments accumulate, and an empty assignment ("X=")
	// clears what came before.
	ListReset
	// ListAppend: assignments accumulate and cannot be cleared; an empty
	// assignment does not reset (dependencies, Also=, Sockets=,
	// RequiresMountsFor=).
	ListAppend
	numListModes
)

var listModeNames = [numListModes]string{"no", "reset", "append"}

// String is the data file's word ("no", "reset", "append").
func (m ListMode) String() string {
	if int(m) < len(listModeNames) {
		return listModeNames[m]
	}
	return ""
}

// IsList reports whether repeated assignments accumulate.
func (m ListMode) IsList() bool { return m == ListReset || m == ListAppend }

// Status is how systemd treats a directive: at the newest release the data
// covers (Directive.Status) or at a given release (Directive.StatusIn).
type Status uint8

const (
	// StatusCurrent: the key works.
	StatusCurrent Status = iota
	// StatusDeprecated: the key still works; Directive.Replacement says what
	// to use instead.
	StatusDeprecated
	// StatusIgnored: the key is accepted with a warning and has no effect.
	StatusIgnored
	// StatusRemoved: the parser no longer knows the key ("Unknown key"
	// warning).
	StatusRemoved
	// StatusAbsent: the release predates the key, so its parser does not
	// know it ("Unknown key" warning). Only StatusIn returns it.
	StatusAbsent
	numStatuses
)

var statusNames = [numStatuses]string{"current", "deprecated", "ignored", "removed", "absent"}

// String is the data file's word ("current", ...); "absent" for StatusAbsent.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return ""
}

// Known reports whether the parser accepts the key without an "Unknown
// key" warning: current, deprecated or ignored.
func (s Status) Known() bool { return s <= StatusIgnored }

// Feature is a compile-time feature of systemd that a directive depends
// on. Without it, systemd accepts the key with a "not supported" warning.
type Feature uint8

const (
	FeatureNone     Feature = iota // no feature needed
	FeatureSeccomp                 // HAVE_SECCOMP
	FeaturePAM                     // HAVE_PAM
	FeatureSELinux                 // HAVE_SELINUX
	FeatureAppArmor                // HAVE_APPARMOR
	FeatureSmack                   // ENABLE_SMACK
	numFeatures
)

var featureNames = [numFeatures]string{"", "HAVE_SECCOMP", "HAVE_PAM", "HAVE_SELINUX", "HAVE_APPARMOR", "ENABLE_SMACK"}

// String is systemd's build macro ("HAVE_SECCOMP"), or "" for FeatureNone.
func (f Feature) String() string {
	if int(f) < len(featureNames) {
		return featureNames[f]
	}
	return ""
}

// Category says how a setting or unit behaves in the per-user manager
// (systemctl --user). The zero Category is none.
type Category uint8

const (
	CategorySystemOnly             Category = 1 + iota // system-only: not supported
	CategoryNeedsUserNS                                // needs-userns: PrivateUsers= implied, needs unprivileged user namespaces
	CategoryNeedsUserNSMountfsd                        // needs-userns+mountfsd: also needs systemd-mountfsd
	CategoryMountOptionsRestricted                     // mount-options-restricted: mount options refused unless polkit allows them
	CategoryRefused                                    // refused: the unit won't load
	CategoryNoEffect                                   // no-effect: accepted, does nothing
	CategoryPartlyNoEffect                             // partly-no-effect: only part of it works
	CategoryRestrictedValue                            // restricted-value: only some values work
	CategoryNeedsPrivileges                            // needs-privileges: needs a capability the user manager lacks
	CategoryDifferentDefault                           // different-default
	CategoryDifferentMeaning                           // different-meaning
	CategoryDifferentPath                              // different-path
	CategoryDifferentValue                             // different-value
	CategoryDifferentBus                               // different-bus
	CategoryDependsOnDelegation                        // depends-on-delegation: depends on the controllers delegated to user@.service
	CategoryNotVisible                                 // not-visible: refers to system units, which the user manager does not have
	CategoryUserTarget                                 // user-target: a target shipped for the user manager
	CategoryUserUnit                                   // user-unit: another unit shipped for the user manager
	CategorySystemOnlyTarget                           // system-only-target: a system target with no user counterpart
	numCategories
)

var categoryNames = [numCategories]string{
	"", "system-only", "needs-userns", "needs-userns+mountfsd", "mount-options-restricted",
	"refused", "no-effect", "partly-no-effect", "restricted-value", "needs-privileges",
	"different-default", "different-meaning", "different-path", "different-value",
	"different-bus", "depends-on-delegation", "not-visible", "user-target", "user-unit",
	"system-only-target",
}

// String is the data file's word ("system-only").
func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return ""
}
