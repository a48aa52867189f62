package unitfile

import (
	"fmt"

	"github.com/coreos/go-systemd/v22/unit"
)

// Options returns the file's assignments as go-systemd options, in file
// order: what unit.DeserializeOptions gives for the same bytes where
// go-systemd reads as systemd does, and systemd's reading where it does not
// (continuations joined, comment lines inside them skipped, only spaces and
// tabs trimmed). Like go-systemd it includes every section, also ones the
// unit type does not have; unlike it, it stops where systemd stops reading
// (after a fatal error) instead of failing.
func (f *File) Options() []*unit.UnitOption {
	var out []*unit.UnitOption
	for s, e := range f.Entries() {
		if !f.Read(e) {
			break
		}
		out = append(out, &unit.UnitOption{Section: s.Name(), Name: e.Key(), Value: e.Value()})
	}
	return out
}

// UnitSections returns the file as go-systemd sections: one per section
// header systemd reads, in file order, each with its entries.
func (f *File) UnitSections() []*unit.UnitSection {
	var out []*unit.UnitSection
	for _, s := range f.Sections {
		if !f.Read(s.Header) {
			break
		}
		us := &unit.UnitSection{Section: s.Name(), Entries: []*unit.UnitEntry{}}
		for e := range s.Entries() {
			if !f.Read(e) {
				break
			}
			us.Entries = append(us.Entries, &unit.UnitEntry{Name: e.Key(), Value: e.Value()})
		}
		out = append(out, us)
	}
	return out
}

// FromOptions builds a file from go-systemd options, keeping their order:
// a new section header starts whenever the section changes (go-systemd's
// Serialize regroups options by section instead, which reorders
// interleaved sections). Options that systemd could not read back
// unchanged (a value with a newline, leading spaces, a trailing
// backslash...) are refused with an error naming the option.
func FromOptions(filename string, opts []*unit.UnitOption) (*File, error) {
	f, _ := Parse(filename, nil)
	var cur *Section
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("option %d is nil", i)
		}
		if cur == nil || cur.Name() != o.Section {
			var err error
			if cur, err = f.AddSection(o.Section); err != nil {
				return nil, fmt.Errorf("option %d (%s.%s): %w", i, o.Section, o.Name, err)
			}
		}
		if err := f.appendEntry(cur, o.Name, o.Value); err != nil {
			return nil, fmt.Errorf("option %d (%s.%s): %w", i, o.Section, o.Name, err)
		}
	}
	return f, nil
}

// FromSections builds a file from go-systemd sections, in order.
func FromSections(filename string, sections []*unit.UnitSection) (*File, error) {
	f, _ := Parse(filename, nil)
	for i, us := range sections {
		if us == nil {
			return nil, fmt.Errorf("section %d is nil", i)
		}
		s, err := f.AddSection(us.Section)
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", i, err)
		}
		for j, e := range us.Entries {
			if e == nil {
				return nil, fmt.Errorf("section %d (%s), entry %d is nil", i, us.Section, j)
			}
			if err := f.appendEntry(s, e.Name, e.Value); err != nil {
				return nil, fmt.Errorf("section %d (%s), entry %d (%s): %w", i, us.Section, j, e.Name, err)
			}
		}
	}
	return f, nil
}

// appendEntry adds key=value at the end of s.
func (f *File) appendEntry(s *Section, key, value string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := CheckValue(value); err != nil {
		return err
	}
	f.editable()
	f.insert(s, len(*s.body.ed), f.newEntry("", key, value))
	return nil
}
