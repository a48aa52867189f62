package unitfile

import (
	"iter"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
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

// pos32 is Pos as the parser handles it.
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

// lines is what every node has: where its raw bytes are. Nodes are kept
// small (a file of short lines must not cost many times its size), so
// everything that can be worked out from the raw bytes is: an entry finds
// its '=' again when asked for its key, and a node its line number in a
// table of line starts that its source makes when first asked.
type lines struct {
	src *source // holds the raw bytes
	off int32   // offset of the node's first byte in the file
	end int32   // offset just after its last byte, as src holds it
}

// source is the text that nodes are slices of: a parsed file's, or the
// text an edit gave one node.
type source struct {
	text   string
	x      *sourceExtra            // nil for most files
	starts atomic.Pointer[[]int32] // offsets of lines 1, 1+lineStride, ..., made on first use
}

// sourceExtra is what only some sources need.
type sourceExtra struct {
	// own marks the source of one node that an edit made or changed.
	// Its text starts at offset base in the file and the node at line
	// line; line 0 is a node an edit made, which has no position.
	own        bool
	base, line int32
	bomOff     int32     // offset of the one-line node whose BOM systemd stripped, or -1
	stop       int32     // a parsed file's: offset of the node where systemd stops reading, or -1
	joins      []*joined // nodes of several physical lines, by offset
	bad        []badLine // why systemd does not read each BadLine, by offset
}

// extra returns s.x, made on first use.
func (s *source) extra() *sourceExtra {
	if s.x == nil {
		s.x = &sourceExtra{bomOff: -1, stop: -1}
	}
	return s.x
}

// lineStride is how many lines apart the line starts are that a source
// keeps. A table of every line start would take 4 bytes a line, 4× the
// size of a file of line ends (ten million NULs are ten million lines);
// keeping every eighth bounds it by half the file's size, and a node's
// line is counted from the nearest kept start before it (at most seven
// lines on).
const lineStride = 8

// lineAt is the line of the physical line that starts at or before off.
func (s *source) lineAt(off int32) int32 {
	st := s.starts.Load()
	if st == nil {
		// Count the lines first: growing the table as it fills would
		// allocate five times its size on the way.
		n := 0
		for o := 0; ; n++ {
			o = eolEnd(s.text, o+nextEOL(s.text[o:]))
			if o >= len(s.text) {
				break
			}
		}
		b := make([]int32, 0, n/lineStride+1)
		for o, k := 0, 0; ; k++ {
			if k%lineStride == 0 {
				b = append(b, int32(o))
			}
			o = eolEnd(s.text, o+nextEOL(s.text[o:]))
			if o >= len(s.text) {
				break
			}
		}
		s.starts.Store(&b) // another goroutine may store an equal table
		st = &b
	}
	k := sort.Search(len(*st), func(k int) bool { return (*st)[k] > off }) - 1
	line, o := int32(k*lineStride+1), int((*st)[k])
	for {
		next := eolEnd(s.text, o+nextEOL(s.text[o:]))
		if next > int(off) || next >= len(s.text) {
			return line
		}
		o, line = next, line+1
	}
}

// raw is the node's bytes.
func (l *lines) raw() string {
	s := l.src
	if s.x == nil {
		return s.text[l.off:l.end]
	}
	b := s.x.base
	return s.text[l.off-b : l.end-b]
}

// setRaw gives the node new bytes. A parsed node keeps its position, its
// logical text if it spans several lines and the BOM it had stripped.
func (l *lines) setRaw(raw string) {
	x := &sourceExtra{own: true, base: l.off, line: l.lineNo(), bomOff: -1, stop: -1}
	if old := l.src.x; old != nil {
		x.bomOff, x.joins = old.bomOff, old.joins
	}
	l.src = &source{text: raw, x: x}
	l.end = l.off + int32(len(raw))
}

// newLines is the lines of a node an edit made.
func newLines(raw string) lines {
	return lines{src: &source{text: raw, x: &sourceExtra{own: true, bomOff: -1, stop: -1}}, end: int32(len(raw))}
}

// made reports whether an edit made the node: it has no position.
func (l *lines) made() bool {
	x := l.src.x
	return x != nil && x.own && x.line == 0
}

// lineNo is the line of the node's first byte; 0 for a node an edit made.
func (l *lines) lineNo() int32 {
	x := l.src.x
	if x == nil {
		return l.src.lineAt(l.off)
	}
	if x.own {
		return x.line
	}
	if c := l.cont(); c != nil {
		return c.line
	}
	return l.src.lineAt(l.off)
}

// cont is the logical text of a node of several physical lines (or of a
// line too long to read), or nil.
func (l *lines) cont() *joined {
	x := l.src.x
	if x == nil || len(x.joins) == 0 {
		return nil
	}
	js := x.joins
	k := sort.Search(len(js), func(k int) bool { return js[k].off >= l.off })
	if k < len(js) && js[k].off == l.off {
		return js[k]
	}
	return nil
}

// tOff is where the logical text of a one-line node starts in its raw
// bytes: 3 after a stripped BOM, else 0.
func (l *lines) tOff() int32 {
	if x := l.src.x; x != nil && x.bomOff == l.off && l.cont() == nil {
		return int32(len(bom))
	}
	return 0
}

// Pos is the position of the node's first byte: nodes start at the start
// of a line.
func (l *lines) Pos() Pos {
	if l.made() {
		return Pos{}
	}
	return Pos{int(l.off), int(l.lineNo()), 1}
}

// End is the position just after the text of the node's last physical
// line, before its line end.
func (l *lines) End() Pos { return l.end32().pos() }

func (l *lines) end32() pos32 {
	if l.made() {
		return pos32{}
	}
	line := l.lineNo()
	raw := l.raw()
	for o, k := 0, int32(0); ; k++ {
		e := o + nextEOL(raw[o:])
		next := eolEnd(raw, e)
		if next >= len(raw) {
			return pos32{l.off + int32(e), line + k, int32(e-o) + 1}
		}
		o = next
	}
}

func (l *lines) Raw() string  { return l.raw() }
func (l *lines) node() *lines { return l }

// joined is the logical text of a node that spans several physical lines.
type joined struct {
	text    string
	off     int32 // the node's offset
	line    int32 // the node's first line
	sline   int32 // the line number systemd gives it
	bomLine int32 // index (in the node) of the physical line whose BOM was stripped, or -1
	pieces  atomic.Pointer[[]piece]
}

// piece is a run of the logical text that is contiguous in the source.
type piece struct {
	log int32 // offset in the logical text
	at  pos32 // where it starts in the source
}

// text is the logical line, untrimmed.
func (t *lines) text() string {
	if c := t.cont(); c != nil {
		return c.text
	}
	// One physical line: its line end is the only line-end bytes in raw.
	return trimEOL(t.raw())[t.tOff():]
}

// bounds are the offsets of the trimmed logical line in text().
func (t *lines) bounds() (int, int) {
	s := t.text()
	return leftTrim(s), rightTrim(s)
}

// leftTrim is the offset of s's first byte that is not a space or tab.
func leftTrim(s string) int {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// rightTrim is the offset just after s's last byte that is not a space or
// tab (0 when there is none).
func rightTrim(s string) int {
	i := len(s)
	for i > 0 && isSpace(s[i-1]) {
		i--
	}
	return i
}

// sysLine is the line number systemd gives the logical line in its
// messages: the last physical line of a continued line (one past the end
// of the file when the file ends inside the continuation).
func (t *lines) sysLine() int32 {
	if c := t.cont(); c != nil {
		return c.sline
	}
	return t.lineNo()
}

// posAt maps offset i of the logical text back to the source. For a
// continued line the map is built on first use, so that parsing does not
// pay for positions nobody asks for.
func (t *lines) posAt(i int) pos32 { return t.posIn(i, -1) }

// posIn is posAt for a caller that knows the line the node starts on (the
// parser); line -1 looks it up.
func (t *lines) posIn(i int, line int32) pos32 {
	c := t.cont()
	if c == nil {
		if line < 0 {
			if t.made() {
				return pos32{}
			}
			line = t.lineNo()
		}
		to := t.tOff()
		return pos32{t.off + to + int32(i), line, 1 + to + int32(i)}
	}
	if t.made() {
		return pos32{}
	}
	ps := c.pieces.Load()
	if ps == nil {
		built := t.buildPieces(c)
		c.pieces.Store(&built)
		ps = &built
	}
	k := sort.Search(len(*ps), func(k int) bool { return int((*ps)[k].log) > i }) - 1
	if k < 0 {
		k = 0
	}
	p := (*ps)[k]
	return p.at.add(i - int(p.log))
}

// buildPieces walks the node's physical lines as config_parse() did:
// comment lines inside the continuation are skipped, a stripped BOM is
// not part of the text, every other line adds its text (the space that
// replaced a trailing backslash stands where the backslash was).
func (t *lines) buildPieces(c *joined) []piece {
	raw := t.raw()
	// Count the lines first: growing the list as it fills would allocate
	// five times its size, which for a continuation of 100,000 short
	// lines is 30 times the file's.
	n := 0
	for o := 0; o < len(raw); n++ {
		o = eolEnd(raw, o+nextEOL(raw[o:]))
	}
	ps := make([]piece, 0, max(n, 1))
	var log int32
	for k, o := int32(0), 0; o < len(raw); k++ {
		e := o + nextEOL(raw[o:])
		next := eolEnd(raw, e)
		content := raw[o:e]
		if k > 0 && isCommentLine(content) {
			o = next
			continue
		}
		ts := 0
		if k == c.bomLine {
			ts = len(bom)
		}
		ps = append(ps, piece{log: log, at: pos32{t.off + int32(o+ts), c.line + k, int32(ts) + 1}})
		log += int32(len(content) - ts)
		o = next
	}
	if len(ps) == 0 {
		ps = append(ps, piece{at: pos32{t.off, c.line, 1}})
	}
	return ps
}

// isCommentLine reports whether systemd drops the physical line as a
// comment: its first byte that is not a space or tab is '#' or ';'.
func isCommentLine(content string) bool {
	i := 0
	for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
		i++
	}
	return i < len(content) && (content[i] == '#' || content[i] == ';')
}

// endAt is the exclusive end position of text[i:j], which stays on the
// line of its last byte even when the next byte starts another line.
func (t *lines) endAt(i, j int) pos32 { return t.endIn(i, j, -1) }

// endIn is endAt with the node's line known, as posIn.
func (t *lines) endIn(i, j int, line int32) pos32 {
	if j <= i {
		return t.posIn(i, line)
	}
	return t.posIn(j-1, line).add(1)
}

// Entry is an assignment, Key=Value, as systemd reads it. It may span
// several physical lines (continuations, and the comment lines systemd
// skips inside them).
type Entry struct {
	lines
}

// split finds the parts of the logical line t: the trimmed line is
// t[ls:le], the key ends at kEnd and the value starts at vOff. The
// parser made the node only for a line with a key before an '='.
func (e *Entry) split() (t string, ls, kEnd, vOff, le int) {
	t = e.text()
	ls, le = leftTrim(t), rightTrim(t)
	eq := ls + strings.IndexByte(t[ls:], '=')
	kEnd = eq
	for kEnd > ls && isSpace(t[kEnd-1]) {
		kEnd--
	}
	vOff = eq + 1
	for vOff < le && isSpace(t[vOff]) {
		vOff++
	}
	return t, ls, kEnd, vOff, le
}

// Key is the key, trimmed of spaces and tabs.
func (e *Entry) Key() string {
	t, ls, kEnd, _, _ := e.split()
	return t[ls:kEnd]
}

// Value is the logical value systemd hands to the key's parser:
// continuations joined (each trailing backslash becomes one space),
// comment lines inside the continuation skipped, spaces and tabs trimmed
// at both ends. Nothing is unquoted or unescaped, and "# text" after a
// value is part of it.
func (e *Entry) Value() string {
	t, _, _, vOff, le := e.split()
	if le > vOff {
		return t[vOff:le]
	}
	return ""
}

// KeyValue is Key and Value from one reading of the line, for a caller
// that wants both.
func (e *Entry) KeyValue() (key, value string) {
	t, ls, kEnd, vOff, le := e.split()
	if le > vOff {
		value = t[vOff:le]
	}
	return t[ls:kEnd], value
}

// KeyPos is the position of the key's first byte.
func (e *Entry) KeyPos() Pos {
	ls, _ := e.bounds()
	return e.posAt(ls).pos()
}

// KeyEnd is the position just after the key.
func (e *Entry) KeyEnd() Pos {
	_, ls, kEnd, _, _ := e.split()
	return e.endAt(ls, kEnd).pos()
}

// ValuePos is the position of the value's first byte (for an empty
// value, where it would be).
func (e *Entry) ValuePos() Pos {
	_, _, _, vOff, _ := e.split()
	return e.posAt(vOff).pos()
}

// ValueEnd is the position just after the value's last byte.
func (e *Entry) ValueEnd() Pos {
	_, _, _, vOff, le := e.split()
	return e.endAt(vOff, le).pos()
}

// PosAt is the source position of byte i of Value. For the space that
// replaced a continuation backslash it is the backslash. i == len(Value)
// gives ValueEnd.
func (e *Entry) PosAt(i int) Pos {
	_, _, _, vOff, le := e.split()
	if i >= le-vOff {
		return e.endAt(vOff, le).pos()
	}
	return e.posAt(vOff + i).pos()
}

// SpanAt is the source span of Value[i:j].
func (e *Entry) SpanAt(i, j int) (Pos, Pos) {
	_, _, _, vOff, le := e.split()
	if j > le-vOff {
		j = le - vOff
	}
	return e.posAt(vOff + i).pos(), e.endAt(vOff+i, vOff+j).pos()
}

// Continued reports whether the entry spans several physical lines.
func (e *Entry) Continued() bool { return e.cont() != nil }

// Line is the line number systemd gives the entry in its messages: the
// last physical line of a continued entry (one past the end of the file
// when the file ends inside the continuation).
func (e *Entry) Line() int { return int(e.sysLine()) }

// Header is a section header line, [Name].
type Header struct {
	lines
}

// name finds the name in the logical line t: t[ls+1:nEnd]. It ends
// before the closing ']' or, in a header without one at the end, before
// the last ']' there is (the end of the line if none).
func (h *Header) name() (t string, ls, nEnd int) {
	t = h.text()
	ls = leftTrim(t)
	return t, ls, nameEnd(t, ls, rightTrim(t))
}

// nameEnd is where the name ends in the header line t, trimmed to
// t[ls:le].
func nameEnd(t string, ls, le int) int {
	if t[le-1] == ']' {
		return le - 1
	}
	end := strings.LastIndexByte(t[ls:le], ']')
	if end < 1 {
		end = le - ls
	}
	return ls + end
}

// Name is the section name: everything between the first and the last
// byte of the trimmed line, spaces included. For a header systemd refuses
// (OK false) it is a best guess, for tools that edit the file.
func (h *Header) Name() string {
	t, ls, nEnd := h.name()
	return t[ls+1 : nEnd]
}

// NamePos is the position of the name's first byte.
func (h *Header) NamePos() Pos {
	ls, _ := h.bounds()
	return h.posAt(ls + 1).pos()
}

// NameEnd is the position just after the name.
func (h *Header) NameEnd() Pos {
	_, ls, nEnd := h.name()
	return h.endAt(ls+1, nEnd).pos()
}

// OK reports whether systemd accepts the header; when it does not, it
// stops reading the file there.
func (h *Header) OK() bool {
	t, ls, nEnd := h.name()
	return headerOK(t[ls:rightTrim(t)], t[ls+1:nEnd])
}

// headerOK is what systemd asks of a trimmed header line t with the name
// name: that it ends in ']' and the name has no unsafe bytes.
func headerOK(t, name string) bool { return t[len(t)-1] == ']' && stringIsSafe(name) }

// Line is the line number systemd gives the header in its messages.
func (h *Header) Line() int { return int(h.sysLine()) }

// Comment is a comment line: its first non-blank byte is '#' or ';'.
// Comment lines inside a continuation are not Comment nodes; they belong
// to the entry, which systemd reads across them.
type Comment struct {
	lines
}

// Text is the comment from its '#' or ';' to the end of the line.
func (c *Comment) Text() string {
	t := trimEOL(c.raw())
	return t[leftTrim(t):]
}

// Blank is a run of one or more lines holding only spaces and tabs.
type Blank struct {
	lines
}

// Lines is the number of physical lines in the run.
func (b *Blank) Lines() int {
	n := 0
	raw := b.raw()
	for o := 0; o < len(raw); n++ {
		o = eolEnd(raw, o+nextEOL(raw[o:]))
	}
	return max(n, 1)
}

// BadLine is a line systemd does not read as a header or an assignment:
// text before the first section, a line without '=' or without a key, a
// line with invalid UTF-8, a line over systemd's length limit. The
// diagnostic that explains it is in File.Diagnostics (none for lines in
// sections systemd ignores silently).
type BadLine struct {
	lines
}

// badLine records why systemd does not read the BadLine at off.
type badLine struct {
	off    int32
	reason codeIndex
}

// Text is the logical line, trimmed.
func (b *BadLine) Text() string {
	ls, le := b.bounds()
	return b.text()[ls:le]
}

// TextPos is the position of the trimmed text's first byte.
func (b *BadLine) TextPos() Pos {
	ls, _ := b.bounds()
	return b.posAt(ls).pos()
}

// Line is the line number systemd gives the line in its messages.
func (b *BadLine) Line() int { return int(b.sysLine()) }

// Reason says why systemd does not read the line.
func (b *BadLine) Reason() Code {
	bad := b.src.x.bad
	k := sort.Search(len(bad), func(k int) bool { return bad[k].off >= b.off })
	return codes[bad[k].reason]
}

// Section is a section header and the nodes up to the next header.
type Section struct {
	Header *Header
	// Ignored is true when systemd skips the whole section: its name is
	// not one the unit type has (X- sections included), or its header is
	// refused.
	Ignored bool

	f    *File
	body nodeList
}

// Name is the section's name.
func (s *Section) Name() string { return s.Header.Name() }

// Body yields the nodes after the header, up to the next header.
func (s *Section) Body() iter.Seq[Node] { return s.f.seq(&s.body) }

// Entries yields the section's entries in order.
func (s *Section) Entries() iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) { s.f.entries(&s.body, yield) }
}

// slot is the shape every node has: a struct holding lines alone. A
// pointer to a slot converts to a pointer to any node type (and the
// conversions stop compiling if one of them changes shape), so one list
// of slots holds a whole file.
type slot struct{ lines }

// nodeList is the preamble or a section's body.
type nodeList struct {
	first, n int32   // as parsed: File.nodes[first : first+n]
	ed       *[]Node // once the file is edited: the nodes themselves
}

// node is the parsed node i as the type its kind says.
func (f *File) node(i int32) Node {
	l := &f.nodes[i]
	switch f.kinds[i] {
	case kindEntry:
		return (*Entry)(l)
	case kindComment:
		return (*Comment)(l)
	case kindBlank:
		return (*Blank)(l)
	case kindHeader:
		return (*Header)(l)
	}
	return (*BadLine)(l)
}

// seq yields the nodes of l.
func (f *File) seq(l *nodeList) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		if l.ed != nil {
			for _, n := range *l.ed {
				if !yield(n) {
					return
				}
			}
			return
		}
		for i := l.first; i < l.first+l.n; i++ {
			if !yield(f.node(i)) {
				return
			}
		}
	}
}

// entries calls yield with each entry of l until it returns false, and
// reports whether it never did.
func (f *File) entries(l *nodeList, yield func(*Entry) bool) bool {
	if l.ed != nil {
		for _, n := range *l.ed {
			if e, ok := n.(*Entry); ok && !yield(e) {
				return false
			}
		}
		return true
	}
	for i := l.first; i < l.first+l.n; i++ {
		if f.kinds[i] == kindEntry && !yield((*Entry)(&f.nodes[i])) {
			return false
		}
	}
	return true
}

// Lookup returns the entry for key that systemd would see last in this
// section (the one that wins for a single-value setting), or nil.
func (s *Section) Lookup(key string) *Entry {
	var last *Entry
	s.f.entries(&s.body, func(e *Entry) bool {
		if e.Key() == key {
			last = e
		}
		return true
	})
	return last
}
