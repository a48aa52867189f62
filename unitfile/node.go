package unitfile

import (
	"iter"
	"strconv"
)

// Pos is a place in a unit file. Offset is 0-based; Line and Col are
// 1-based and Col counts bytes. Lines are counted as systemd counts them:
// "\n", "\r", "\0" and their combinations each end a line, and comment lines
// count. The zero Pos means "no position".
type Pos struct{ Offset, Line, Col int }

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as line:col.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// pos32 is Pos as stored in the tree, to keep nodes small. Parse refuses
// inputs that do not fit.
type pos32 struct{ off, line, col int32 }

func (p pos32) pos() Pos { return Pos{int(p.off), int(p.line), int(p.col)} }

// add moves n bytes to the right on the same line.
func (p pos32) add(n int) pos32 { return pos32{p.off + int32(n), p.line, p.col + int32(n)} }

// Node is one part of the syntax tree: a run of whole physical lines,
// line ends included. The concrete types are *Entry, *Header, *Comment,
// *Blank and *BadLine.
type Node interface {
	// Pos is the position of the node's first byte.
	Pos() Pos
	// End is the position just after the node's text on its last line,
	// before the line end.
	End() Pos
	// Raw is the node's bytes exactly as they stand in the file, line
	// ends included.
	Raw() string
	node() *lines
}

// lines is what every node has: its raw bytes and where they are.
type lines struct {
	raw   string
	start pos32 // raw[0]
	end   pos32 // end of the text on the last line
}

func (l *lines) Pos() Pos       { return l.start.pos() }
func (l *lines) End() Pos       { return l.end.pos() }
func (l *lines) Raw() string    { return l.raw }
func (l *lines) node() *lines   { return l }
func (l *lines) firstLine() int { return int(l.start.line) }

// logical is a logical line as systemd's lexer sees it: the physical
// lines joined at continuations, before trimming. Offsets into text map
// back to the source through the pieces.
type logical struct {
	at    pos32 // source position of text[0]
	sline int32 // the line number systemd gives this logical line
	cont  *joined
}

// joined holds a logical line that spans several physical lines.
type joined struct {
	text   string
	pieces []piece // pieces[0].log == 0
}

// piece is a run of the logical text that is contiguous in the source.
type piece struct {
	log int32 // offset in the logical text
	at  pos32 // where it starts in the source
}

// posAt maps offset i of the logical text back to the source.
func (g *logical) posAt(i int) pos32 {
	if g.cont == nil {
		return g.at.add(i)
	}
	ps := g.cont.pieces
	k := len(ps) - 1
	for k > 0 && int(ps[k].log) > i {
		k--
	}
	return ps[k].at.add(i - int(ps[k].log))
}

// endAt is the exclusive end position of text[i:j], which stays on the
// line of its last byte even when the next byte starts another line.
func (g *logical) endAt(i, j int) pos32 {
	if j <= i {
		return g.posAt(i)
	}
	return g.posAt(j - 1).add(1)
}

// Entry is an assignment, Key=Value, as systemd reads it. It may span
// several physical lines (continuations, and the comment lines systemd
// skips inside them).
type Entry struct {
	lines
	logical
	text       string // the logical line, untrimmed
	kOff, kEnd int32
	vOff, vEnd int32
}

// Key is the key, trimmed of spaces and tabs.
func (e *Entry) Key() string { return e.text[e.kOff:e.kEnd] }

// Value is the logical value systemd hands to the key's parser:
// continuations joined (each trailing backslash becomes one space),
// comment lines inside the continuation skipped, spaces and tabs trimmed
// at both ends. Nothing is unquoted or unescaped, and "# text" after a
// value is part of it.
func (e *Entry) Value() string { return e.text[e.vOff:e.vEnd] }

// KeyPos is the position of the key's first byte.
func (e *Entry) KeyPos() Pos { return e.posAt(int(e.kOff)).pos() }

// KeyEnd is the position just after the key.
func (e *Entry) KeyEnd() Pos { return e.endAt(int(e.kOff), int(e.kEnd)).pos() }

// ValuePos is the position of the value's first byte (for an empty
// value, where it would be).
func (e *Entry) ValuePos() Pos { return e.posAt(int(e.vOff)).pos() }

// ValueEnd is the position just after the value's last byte.
func (e *Entry) ValueEnd() Pos { return e.endAt(int(e.vOff), int(e.vEnd)).pos() }

// PosAt is the source position of byte i of Value. For the space that
// replaced a continuation backslash it is the backslash. i == len(Value)
// gives ValueEnd.
func (e *Entry) PosAt(i int) Pos {
	if i >= int(e.vEnd-e.vOff) {
		return e.ValueEnd()
	}
	return e.posAt(int(e.vOff) + i).pos()
}

// SpanAt is the source span of Value[i:j].
func (e *Entry) SpanAt(i, j int) (Pos, Pos) {
	if j > int(e.vEnd-e.vOff) {
		j = int(e.vEnd - e.vOff)
	}
	return e.posAt(int(e.vOff) + i).pos(), e.endAt(int(e.vOff)+i, int(e.vOff)+j).pos()
}

// Continued reports whether the entry spans several physical lines.
func (e *Entry) Continued() bool { return e.cont != nil }

// Line is the line number systemd gives the entry in its messages: the
// last physical line of a continued entry (one past the end of the file
// when the file ends inside the continuation).
func (e *Entry) Line() int { return int(e.sline) }

// Header is a section header line, [Name].
type Header struct {
	lines
	logical
	text       string
	nOff, nEnd int32
	ok         bool
}

// Name is the section name: everything between the first and the last
// byte of the trimmed line, spaces included. For a header systemd refuses
// (OK false) it is a best guess, for tools that edit the file.
func (h *Header) Name() string { return h.text[h.nOff:h.nEnd] }

// NamePos is the position of the name's first byte.
func (h *Header) NamePos() Pos { return h.posAt(int(h.nOff)).pos() }

// NameEnd is the position just after the name.
func (h *Header) NameEnd() Pos { return h.endAt(int(h.nOff), int(h.nEnd)).pos() }

// OK reports whether systemd accepts the header; when it does not, it
// stops reading the file there.
func (h *Header) OK() bool { return h.ok }

// Comment is a comment line: its first non-blank byte is '#' or ';'.
// Comment lines inside a continuation are not Comment nodes; they belong
// to the entry, which systemd reads across them.
type Comment struct {
	lines
	tOff int32
}

// Text is the comment from its '#' or ';' to the end of the line.
func (c *Comment) Text() string { return c.raw[c.tOff : c.end.off-c.start.off] }

// Blank is a run of one or more lines holding only spaces and tabs.
type Blank struct {
	lines
	n int32
}

// Lines is the number of physical lines in the run.
func (b *Blank) Lines() int { return int(b.n) }

// BadLine is a line systemd does not read as a header or an assignment:
// text before the first section, a line without '=' or without a key, a
// line with invalid UTF-8, a line over systemd's length limit. The
// diagnostic that explains it is in File.Diagnostics (none for lines in
// sections systemd ignores silently).
type BadLine struct {
	lines
	logical
	text       string
	tOff, tEnd int32
	reason     Code
}

// Text is the logical line, trimmed.
func (b *BadLine) Text() string { return b.text[b.tOff:b.tEnd] }

// TextPos is the position of the trimmed text's first byte.
func (b *BadLine) TextPos() Pos { return b.posAt(int(b.tOff)).pos() }

// Reason says why systemd does not read the line.
func (b *BadLine) Reason() Code { return b.reason }

// Section is a section header and the nodes up to the next header.
type Section struct {
	Header *Header
	Body   []Node
	// Ignored is true when systemd skips the whole section: its name is
	// not one the unit type has (X- sections included), or its header is
	// refused.
	Ignored bool
}

// Name is the section's name.
func (s *Section) Name() string { return s.Header.Name() }

// Entries yields the section's entries in order.
func (s *Section) Entries() iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) {
		for _, n := range s.Body {
			if e, ok := n.(*Entry); ok && !yield(e) {
				return
			}
		}
	}
}

// Lookup returns the entry for key that systemd would see last in this
// section (the one that wins for a single-value setting), or nil.
func (s *Section) Lookup(key string) *Entry {
	for i := len(s.Body) - 1; i >= 0; i-- {
		if e, ok := s.Body[i].(*Entry); ok && e.Key() == key {
			return e
		}
	}
	return nil
}
