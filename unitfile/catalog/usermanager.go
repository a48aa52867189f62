package catalog

import (
	"iter"
	"strings"
)

// UserNote is a row of user-manager.tsv: a setting, a group of settings,
// a set of specifiers or a unit that behaves differently in the per-user
// manager (systemctl --user) than in the system manager.
//
// The Setting cell of some rows names several directives
// ("FailureAction= SuccessAction= StartLimitAction= JobTimeoutAction=",
// "CPU*/Memory*/IO*/Tasks*/AllowedCPUs= (resource control)"). The
// generator splits such cells into Directives, one DirectiveRef per name,
// by these rules:
//
//   - a name is a word "Name=" or a glob "Prefix*" (also inside
//     parentheses, "(Limit*)"); ";", "/", ".." and spaces separate them;
//   - text glued to "=" is a list of values ("Type=dbus",
//     "CPUSchedulingPolicy=fifo|rr", "WantedBy=multi-user.target /
//     graphical.target"), split at "|" and "/";
//   - other text after a name is a condition, without its parentheses
//     ("Nice= (negative)", "ListenDatagram= port < 1024"); names joined by
//     "/" or ".." share the condition of the last one
//     ("After=/Wants=/Requires=/BindsTo= on system units");
//   - a glob stands for every name with that prefix that all of the row's
//     Sections accept at the newest release ("CPU*" in Service to Scope is
//     CPUAccounting=, CPUQuota=, ..., but not the [Service]-only
//     CPUAffinity=), so "LimitCPU= .. LimitRTTIME= (Limit*)" becomes all
//     sixteen Limit*= keys.
//
// A UserNote is read-only and shared by every caller.
type UserNote struct {
	// Setting is the cell as written: "X=", a group of directives, the
	// specifiers ("%h %u ..."), or a unit name.
	Setting string
	// Directives are the directives the row names, in the order of the
	// cell, each once; nil for specifier and unit rows.
	Directives []DirectiveRef
	// Specifiers are the specifier letters the row names ('h' for %h);
	// nil for other rows.
	Specifiers []byte
	// Unit is the unit the row names ("network-online.target", or a
	// template such as "capsule@.target"); "" for other rows.
	Unit string
	// Since is, for CategoryUserTarget and CategoryUserUnit rows, the first
	// release shipping the unit for the user manager.
	Since Version
	// Sections are the sections the setting belongs to; AllSections for
	// the data's "any"; empty for unit rows.
	Sections SectionSet
	Category Category
	// Effect says what happens under systemctl --user (the data's
	// user_manager column), Reason why, and Source where that is written
	// (a man page, markup or a src/... function).
	Effect, Reason, Source string
}

// DirectiveRef is one directive named by a UserNote.
type DirectiveRef struct {
	Name string // without "="
	// Values, when set, are the only values the note concerns
	// (CPUSchedulingPolicy= fifo and rr).
	Values []string
	// Cond is any other restriction, in the data's words ("negative",
	// "port < 1024", "on system units", "automount/mount/swap"), or "".
	Cond string
}

// UserNotesFor are the user-manager notes about key name in section: those
// of Lookup(section, name), or nil for a key the catalogue does not know.
// It does not allocate.
func UserNotesFor(section, name string) []*UserNote {
	d, ok := Lookup(section, name)
	if !ok {
		return nil
	}
	return d.UserNotes()
}

// UserUnit finds the row about a unit name: a target or unit shipped for
// the user manager (CategoryUserTarget, CategoryUserUnit), or a system
// target the user manager does not have (CategorySystemOnlyTarget, such
// as network-online.target or multi-user.target). An instance
// ("blockdev@sda.target") finds its template's row ("blockdev@.target").
// A unit the data does not list returns false: most units are neither.
func UserUnit(name string) (*UserNote, bool) {
	if n, ok := userUnit(name); ok {
		return n, true
	}
	// Fall back from an instance to its template, as systemd loads
	// foo@bar.service from foo@.service.
	at := strings.IndexByte(name, '@')
	dot := strings.LastIndexByte(name, '.')
	if at < 0 || dot < at+1 || dot == at+1 {
		return nil, false
	}
	return userUnit(name[:at+1] + name[dot:])
}

func userUnit(name string) (*UserNote, bool) {
	lo, hi := 0, len(userUnits)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if userNotes[userUnits[m]].Unit < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(userUnits) && userNotes[userUnits[lo]].Unit == name {
		return &userNotes[userUnits[lo]], true
	}
	return nil, false
}

// UserNotes yields every row of user-manager.tsv in file order.
func UserNotes() iter.Seq[*UserNote] {
	return func(yield func(*UserNote) bool) {
		for i := range userNotes {
			if !yield(&userNotes[i]) {
				return
			}
		}
	}
}
