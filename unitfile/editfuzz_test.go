package unitfile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// entryList is every entry of f as "section|key|value", in file order.
func entryList(f *File) []string {
	var out []string
	for s, e := range f.Entries() {
		out = append(out, s.Name()+"|"+e.Key()+"|"+e.Value())
	}
	return out
}

// FuzzEdit applies one edit, chosen by op, to the entry or node at index
// at of a parsed file, and checks what the edit promises: the edited
// entry has its new value (or is gone), no other entry changes, and the
// bytes the file prints read back as the same entries as the edited tree
// holds. (It found the five edit bugs that TestEdits now pins, from a
// stripped BOM to line ends that merge.)
func FuzzEdit(f *testing.F) {
	for _, tc := range syntaxCases {
		if len(tc.in) < 4096 {
			f.Add(tc.in, uint8(0), uint8(1))
			f.Add(tc.in, uint8(1), uint8(0))
		}
	}
	td, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(), "testdata", "*"))
	for i, p := range td {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b), uint8(i%4), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, in string, op, at uint8) {
		pf, err := Parse("fuzz.service", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		before := entryList(pf)
		var entries []*Entry
		for _, e := range pf.Entries() {
			entries = append(entries, e)
		}
		nodes := slices.Collect(pf.Nodes())
		want := slices.Clone(before)
		switch op % 4 {
		case 0: // SetValue
			if len(entries) == 0 {
				return
			}
			k := int(at) % len(entries)
			old, v := entries[k].Value(), "v"+fmt.Sprint(at)
			if err := pf.SetValue(entries[k], v); err != nil {
				t.Fatalf("SetValue: %v", err)
			}
			want[k] = want[k][:len(want[k])-len(old)] + v
			if got := entries[k].Value(); got != v {
				t.Fatalf("after SetValue the entry's value is %q", got)
			}
		case 1: // Delete
			if len(entries) == 0 {
				return
			}
			k := int(at) % len(entries)
			if err := pf.Delete(entries[k]); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			want = slices.Delete(want, k, k+1)
		case 2: // InsertComment
			if len(nodes) == 0 {
				return
			}
			if _, err := pf.InsertComment(nodes[int(at)%len(nodes)], "fuzz"); err != nil {
				t.Fatalf("InsertComment: %v", err)
			}
		case 3: // Add to the last section, or a new one
			name := "Service"
			if n := len(pf.Sections); n > 0 && pf.Sections[n-1].Header.OK() {
				name = pf.Sections[n-1].Name()
			}
			if _, err := pf.Add(name, "X-Fuzz", "a"); err != nil {
				if checkSectionName(name) != nil {
					return
				}
				t.Fatalf("Add: %v", err)
			}
			want = nil // where the entry lands depends on the section's layout
		}
		// The tree after the edit is the tree of the bytes it prints.
		out := string(pf.Bytes())
		if got := entryList(pf); want != nil && !slices.Equal(got, want) {
			t.Fatalf("entries after the edit:\n got %q\nwant %q", got, want)
		}
		again, err := Parse("fuzz.service", []byte(out))
		if err != nil {
			t.Fatal(err)
		}
		if got, reread := entryList(pf), entryList(again); !slices.Equal(got, reread) {
			t.Fatalf("the edited tree has entries\n %q\nits bytes read back as\n %q", got, reread)
		}
	})
}
