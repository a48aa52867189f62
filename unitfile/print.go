package unitfile

import (
	"io"
	"iter"
	"strings"
)

// Bytes returns the file's bytes: for a file as parsed, exactly the input;
// after edits, the input with only the edited lines changed.
func (f *File) Bytes() []byte {
	n := 0
	for nd := range f.Nodes() {
		n += len(nd.Raw())
	}
	b := make([]byte, 0, n)
	for nd := range f.Nodes() {
		b = append(b, nd.Raw()...)
	}
	return b
}

// WriteTo writes Bytes to w.
func (f *File) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(f.Bytes())
	return int64(n), err
}

// Nodes yields every node in file order: the preamble, then each section's
// header and body.
func (f *File) Nodes() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for n := range f.seq(&f.pre) {
			if !yield(n) {
				return
			}
		}
		for _, s := range f.Sections {
			if !yield(s.Header) {
				return
			}
			for n := range f.seq(&s.body) {
				if !yield(n) {
					return
				}
			}
		}
	}
}

// Preamble yields the nodes before the first section header.
func (f *File) Preamble() iter.Seq[Node] { return f.seq(&f.pre) }

// Entries yields every entry with its section, in file order, including
// entries in sections systemd ignores and entries after a fatal error
// (see Assignments for only what systemd applies).
func (f *File) Entries() iter.Seq2[*Section, *Entry] {
	return func(yield func(*Section, *Entry) bool) {
		for _, s := range f.Sections {
			if !f.entries(&s.body, func(e *Entry) bool { return yield(s, e) }) {
				return
			}
		}
	}
}

// Assignments yields the entries systemd hands to its per-key parsers:
// those in sections the unit type has, before any fatal error.
func (f *File) Assignments() iter.Seq2[*Section, *Entry] {
	return func(yield func(*Section, *Entry) bool) {
		for s, e := range f.Entries() {
			if !f.Read(e) {
				return
			}
			if s.Ignored {
				continue
			}
			if !yield(s, e) {
				return
			}
		}
	}
}

// Lookup returns the last entry for key in any section called section
// (the value that wins for a single-value setting), or nil.
func (f *File) Lookup(section, key string) *Entry {
	for i := len(f.Sections) - 1; i >= 0; i-- {
		s := f.Sections[i]
		if s.Name() != section {
			continue
		}
		if e := s.Lookup(key); e != nil {
			return e
		}
	}
	return nil
}

// Section returns the last section called name, or nil.
func (f *File) Section(name string) *Section {
	for i := len(f.Sections) - 1; i >= 0; i-- {
		if f.Sections[i].Name() == name {
			return f.Sections[i]
		}
	}
	return nil
}

// Source is the text Parse was given.
func (f *File) Source() string { return f.src.text }

// EOL is the line end new lines get: the one the file's lines end with
// most often ("\n" for a file without line ends).
func (f *File) EOL() string {
	var crlf, lf, cr int
	src := f.src.text
	for i := 0; i < len(src); {
		k := nextEOL(src[i:])
		e := i + k
		if e >= len(src) {
			break
		}
		switch {
		case strings.HasPrefix(src[e:], "\r\n"):
			crlf++
		case src[e] == '\n':
			lf++
		case src[e] == '\r':
			cr++
		}
		i = eolEnd(src, e)
	}
	switch {
	case crlf > 0 && crlf >= lf && crlf >= cr:
		return "\r\n"
	case cr > lf:
		return "\r"
	}
	return "\n"
}
