package catalog

import "iter"

// Specifier is a row of specifiers.tsv: a "%x" specifier, where systemd
// resolves it and what it resolves to. A Specifier is read-only and
// shared by every caller.
type Specifier struct {
	// Char is the letter after "%" ('%' for "%%").
	Char byte
	// Meaning is the short "Meaning" cell of systemd.unit(5)'s table.
	Meaning string
	// UnitFiles reports whether it resolves in ordinary settings
	// (src/core/unit-printf.c: unit_full_printf()).
	UnitFiles bool
	// Deprecated marks %c, %r and %R: NEWS for 233 calls them removed, but
	// the code still resolves them, with a warning.
	Deprecated bool
	// UnitNames reports whether it also resolves where a unit name is
	// expected (dependencies, Slice=: unit_name_printf()).
	UnitNames bool
	// Install reports whether systemctl enable resolves it in [Install]
	// (src/shared/install-printf.c: install_name_printf()).
	Install bool
	// SystemValue and UserValue are what it resolves to in the system
	// manager and in a user manager ("/var/cache", "$XDG_CACHE_HOME"), in
	// the data's words; "same" when it does not depend on the manager.
	SystemValue, UserValue string
	// Since is the first release whose unit-printf.c knows it;
	// InstallSince that of install-printf.c, zero if it never did.
	Since, InstallSince Version
	// Documented reports whether systemd.unit(5) lists it at v261.2.
	Documented bool
	Notes      string
	// UserNotes are the user-manager rows naming this specifier.
	UserNotes []*UserNote
}

// String is the specifier as written ("%h", "%%").
func (s *Specifier) String() string { return "%" + string(s.Char) }

// DiffersForUser reports whether the specifier resolves to something else
// in a user manager than in the system manager (%h, %t, %C, ...).
func (s *Specifier) DiffersForUser() bool {
	return s.UserValue != "same" && s.UserValue != s.SystemValue
}

// LookupSpecifier finds the specifier written "%"+string(c). Letters are
// case-sensitive (%h and %H differ).
func LookupSpecifier(c byte) (*Specifier, bool) {
	if i := specifierIndex[c]; i != 0 {
		return &specifiers[i-1], true
	}
	return nil, false
}

// Specifiers yields every specifier in the order of specifiers.tsv
// ("%%", "%A", "%a", ...).
func Specifiers() iter.Seq[*Specifier] {
	return func(yield func(*Specifier) bool) {
		for i := range specifiers {
			if !yield(&specifiers[i]) {
				return
			}
		}
	}
}
