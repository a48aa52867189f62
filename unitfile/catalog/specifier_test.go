package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLookupSpecifier(t *testing.T) {
	ignoreNotes := cmpopts.IgnoreFields(Specifier{}, "UserNotes")
	tests := []struct {
		c    byte
		want *Specifier
	}{
		{'h', &Specifier{
			Char: 'h', Meaning: "User home directory", UnitFiles: true,
			SystemValue: "/root (or $HOME)", UserValue: "home of the manager's user",
			Since: Version{Major: 219, OrEarlier: true}, Documented: true,
		}},
		{'%', &Specifier{
			Char: '%', Meaning: "Single percent sign", UnitFiles: true, UnitNames: true, Install: true,
			SystemValue: "same", UserValue: "same", Since: Version{Major: 219, OrEarlier: true},
			InstallSince: Version{Major: 219, OrEarlier: true}, Documented: true,
		}},
		{'C', &Specifier{
			Char: 'C', Meaning: "Cache directory root", UnitFiles: true,
			SystemValue: "/var/cache", UserValue: "$XDG_CACHE_HOME", Since: V(236), Documented: true,
		}},
		{'l', &Specifier{
			Char: 'l', Meaning: "Short host name", UnitFiles: true, UnitNames: true, Install: true,
			SystemValue: "same", UserValue: "same", Since: V(246), InstallSince: V(247), Documented: true,
		}},
		// Deprecated: still resolved, with a warning.
		{'c', &Specifier{
			Char: 'c', Meaning: "Unit cgroup path (deprecated)", UnitFiles: true, Deprecated: true,
			SystemValue: "same", UserValue: "same", Since: Version{Major: 219, OrEarlier: true},
			Notes: "NEWS 233 says removed; code still resolves it with a warning (bad_specifier)",
		}},
		{'x', nil},
		{'K', nil},
		{0, nil},
		{0xff, nil},
	}
	for _, tt := range tests {
		got, ok := LookupSpecifier(tt.c)
		if ok != (tt.want != nil) {
			t.Errorf("LookupSpecifier(%q) found=%v, want %v", tt.c, ok, tt.want != nil)
			continue
		}
		if diff := cmp.Diff(tt.want, got, ignoreNotes); diff != "" {
			t.Errorf("LookupSpecifier(%q) mismatch (-want +got):\n%s", tt.c, diff)
		}
	}
}

func TestSpecifierUser(t *testing.T) {
	var differ, noted []string
	for s := range Specifiers() {
		if s.DiffersForUser() {
			differ = append(differ, s.String())
		}
		if len(s.UserNotes) > 0 {
			noted = append(noted, s.String())
		}
	}
	// %d is $CREDENTIALS_DIRECTORY in both managers.
	wantDiffer := []string{"%C", "%D", "%E", "%G", "%g", "%h", "%L", "%S", "%s", "%t", "%U", "%u"}
	if diff := cmp.Diff(wantDiffer, differ); diff != "" {
		t.Errorf("DiffersForUser mismatch (-want +got):\n%s", diff)
	}
	// The user-manager row "%h %u %U %g %G %s %t %S %C %L %E %D" names
	// exactly the specifiers whose values differ.
	if diff := cmp.Diff(wantDiffer, noted); diff != "" {
		t.Errorf("specifiers with user notes mismatch (-want +got):\n%s", diff)
	}
	h, _ := LookupSpecifier('h')
	if len(h.UserNotes) != 1 || h.UserNotes[0].Category != CategoryDifferentValue {
		t.Errorf("%%h user notes = %v, want the different-value row", briefs(h.UserNotes))
	}
}
