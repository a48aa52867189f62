package catalog

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readTSV reads a data file as a header and rows of cells.
func readTSV(t *testing.T, name string) (header []string, rows [][]string) {
	t.Helper()
	b, err := os.ReadFile("data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for _, l := range lines[1:] {
		rows = append(rows, strings.Split(l, "\t"))
	}
	return strings.Split(lines[0], "\t"), rows
}

func joinVersions(vs []Version) string {
	var s []string
	for _, v := range vs {
		s = append(s, v.String())
	}
	return strings.Join(s, ",")
}

// directiveCells prints d back as a row of directives.tsv.
func directiveCells(d *Directive) []string {
	return []string{
		d.Section().String(),
		d.Name(),
		d.UnitTypes().String(),
		d.Sections().String(),
		d.Kind().String(),
		strings.Join(d.Values(), "|"),
		d.List().String(),
		d.Since().String(),
		joinVersions(d.Backported()),
		d.Deprecated().String(),
		d.Removed().String(),
		d.Status().String(),
		d.Replacement(),
		d.Man(),
		d.ManSince().String(),
		d.SystemdType(),
		d.Parser(),
		d.BuildFeature().String(),
		d.Notes(),
	}
}

// TestEveryDirectiveRow finds every row of directives.tsv with Lookup and
// prints the Directive back into the row's exact cells, which checks the
// generator's numbering of every enum against the package's String
// methods, and every version, set and string table.
func TestEveryDirectiveRow(t *testing.T) {
	_, rows := readTSV(t, "directives.tsv")
	seen := map[*Directive]bool{}
	for _, row := range rows {
		d, ok := Lookup(row[0], row[1])
		if !ok {
			t.Errorf("Lookup(%q, %q) not found", row[0], row[1])
			continue
		}
		seen[d] = true
		if cells := directiveCells(d); !slices.Equal(row, cells) {
			diff := cmp.Diff(row, cells)
			t.Errorf("[%s] %s: row mismatch (-tsv +api):\n%s", row[0], row[1], diff)
		}
		// Every type that accepts it finds it through LookupType too.
		for ut := range d.UnitTypes().All() {
			if got, ok := LookupType(ut.String(), row[0], row[1]); !ok || got != d {
				t.Errorf("LookupType(%q, %q, %q) = %v, %v; want the Lookup result", ut, row[0], row[1], got, ok)
			}
		}
	}
	n := 0
	for d := range Directives() {
		n++
		if !seen[d] {
			t.Errorf("Directives() yields %v, which is no row of directives.tsv", d)
		}
	}
	if n != len(rows) || len(seen) != len(rows) {
		t.Errorf("Directives() yields %d, Lookup found %d distinct, the file has %d rows", n, len(seen), len(rows))
	}
}

// userNoteCells prints n back as a row of user-manager.tsv.
func userNoteCells(n *UserNote) []string {
	secs := n.Sections.String()
	if n.Sections == AllSections {
		secs = "any"
	}
	return []string{n.Setting, secs, n.Category.String(), n.Effect, n.Reason, n.Source}
}

// TestEveryUserNoteRow walks UserNotes in file order against the rows and
// checks that each row is found by the lookup that fits it: every
// directive it names in every section it names, its unit, or its
// specifiers.
func TestEveryUserNoteRow(t *testing.T) {
	_, rows := readTSV(t, "user-manager.tsv")
	var notes []*UserNote
	for n := range UserNotes() {
		notes = append(notes, n)
	}
	if len(notes) != len(rows) {
		t.Fatalf("UserNotes() yields %d notes, the file has %d rows", len(notes), len(rows))
	}
	for i, n := range notes {
		if cells := userNoteCells(n); !slices.Equal(rows[i], cells) {
			diff := cmp.Diff(rows[i], cells)
			t.Errorf("row %d mismatch (-tsv +api):\n%s", i+2, diff)
		}
		kinds := 0
		if len(n.Directives) > 0 {
			kinds++
			for s := range n.Sections.All() {
				for _, ref := range n.Directives {
					if !slices.Contains(UserNotesFor(s.String(), ref.Name), n) {
						t.Errorf("row %d (%q): UserNotesFor(%q, %q) misses it", i+2, n.Setting, s, ref.Name)
					}
				}
			}
		}
		if n.Unit != "" {
			kinds++
			if got, ok := UserUnit(n.Unit); !ok || got != n {
				t.Errorf("row %d: UserUnit(%q) = %v, %v; want the row", i+2, n.Unit, got, ok)
			}
		}
		if len(n.Specifiers) > 0 {
			kinds++
			for _, c := range n.Specifiers {
				s, ok := LookupSpecifier(c)
				if !ok || !slices.Contains(s.UserNotes, n) {
					t.Errorf("row %d: LookupSpecifier(%q).UserNotes misses it", i+2, c)
				}
			}
		}
		if kinds != 1 {
			t.Errorf("row %d (%q) names %d kinds of thing (directives, unit, specifiers), want exactly 1", i+2, n.Setting, kinds)
		}
	}
	// And the reverse: a directive's notes all name it in its section.
	for d := range Directives() {
		for _, n := range d.UserNotes() {
			if !n.Sections.Has(d.Section()) || !slices.ContainsFunc(n.Directives, func(r DirectiveRef) bool { return r.Name == d.Name() }) {
				t.Errorf("%v has note %q, which does not name it", d, n.Setting)
			}
		}
	}
}

func boolCell(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// specifierCells prints s back as a row of specifiers.tsv.
func specifierCells(s *Specifier) []string {
	unitFiles := boolCell(s.UnitFiles)
	if s.Deprecated {
		unitFiles = "deprecated"
	}
	return []string{
		s.String(), s.Meaning, unitFiles, boolCell(s.UnitNames), boolCell(s.Install),
		s.SystemValue, s.UserValue, s.Since.String(), s.InstallSince.String(),
		boolCell(s.Documented), s.Notes,
	}
}

func TestEverySpecifierRow(t *testing.T) {
	_, rows := readTSV(t, "specifiers.tsv")
	i := 0
	for s := range Specifiers() {
		if i >= len(rows) {
			t.Fatalf("Specifiers() yields more than the %d rows", len(rows))
		}
		if cells := specifierCells(s); !slices.Equal(rows[i], cells) {
			diff := cmp.Diff(rows[i], cells)
			t.Errorf("row %d mismatch (-tsv +api):\n%s", i+2, diff)
		}
		if got, ok := LookupSpecifier(rows[i][0][1]); !ok || got != s {
			t.Errorf("LookupSpecifier(%q) = %v, %v; want the row", rows[i][0][1], got, ok)
		}
		i++
	}
	if i != len(rows) {
		t.Errorf("Specifiers() yields %d, the file has %d rows", i, len(rows))
	}
}
