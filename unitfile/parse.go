package unitfile

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
)

// LongLineMax is systemd's LONG_LINE_MAX (src/basic/fileio.h): a physical
// line must be shorter, and a joined continuation no longer.
const LongLineMax = 1 << 20

const bom = "\xEF\xBB\xBF"

// File is a parsed unit file or drop-in.
type File struct {
	// Name is the file name given to Parse.
	Name string
	// Type is the unit type the name implies ("service", ...), or "".
	Type string
	// Sections in file order; a name may repeat, as systemd allows.
	Sections []*Section
	// Diagnostics are the syntax problems, in file order.
	Diagnostics []Diagnostic

	src source // the nodes' bytes are slices of src.text; src.x.stop is where systemd stops reading
	// nodes holds every parsed node in file order, headers included, and
	// kinds their types. The preamble and each section's body are ranges
	// of it, not lists of their own: a node costs 17 bytes.
	nodes []slot
	kinds []uint8
	pre   nodeList
	// secs and sbuf hold the sections of files of up to three (all but
	// one file in the Debian corpus), and kbuf the kinds of files of up
	// to 24 nodes (most), so that they cost no allocation of their own.
	secs [3]*Section
	sbuf [3]Section
	kbuf [24]uint8
}

// Parse reads src as systemd 252 reads a unit file called filename. The
// name decides the unit type, and so which sections are known; for "-" or
// a name without a unit suffix every section is accepted. Parse copies
// src; the caller may reuse it.
func Parse(filename string, src []byte) (*File, error) {
	return ParseType(filename, TypeOf(filename), src)
}

// ParseType is Parse with the unit type given ("service", ...; "" for
// none) instead of taken from the name, for stdin or a renamed file.
func ParseType(filename, typ string, src []byte) (*File, error) {
	if len(src) > math.MaxInt32-1 {
		return nil, tooBig(filename, len(src))
	}
	return parse(filename, typ, string(src)), nil
}

// ParseText is ParseType for a source already held in a string. Strings
// do not change, so the File keeps src itself where ParseType copies its
// bytes: a program that reads files into strings spares a copy of each.
func ParseText(filename, typ, src string) (*File, error) {
	if len(src) > math.MaxInt32-1 {
		return nil, tooBig(filename, len(src))
	}
	return parse(filename, typ, src), nil
}

func tooBig(filename string, n int) error {
	return fmt.Errorf("%s: %d bytes: unitfile cannot hold files of 2 GiB or more", filename, n)
}

func parse(filename, typ, src string) *File {
	f := &File{Name: filename, Type: typ, src: source{text: src}}
	f.Sections = f.secs[:0]
	p := parser{f: f, src: src, s: &f.src, own: typeSection(typ)}
	// Every file counts its lines by kind first, so that its node list
	// is allocated once. A small file (nearly all) keeps what the count
	// found about each line and reads the lines from that; a big file
	// finds its lines again, so as not to hold a record for each.
	p.big = len(src) > bigFile
	p.run()
	return f
}

// bigFile is the size above which a file's lines are found twice rather
// than recorded.
const bigFile = 256 << 10

// kinds counts the nodes a file makes, from its physical lines.
type kinds struct {
	nodes, headers int

	blank bool // the line before was a blank one that made or joined a Blank node
	cont  bool // the line before continues onto this one
}

// Line kinds, as the first byte that is not a space or tab says.
const (
	kindEntry = iota
	kindBlank
	kindHeader
	kindComment
	kindBad // not a first-pass kind: a node systemd does not read
)

// lineKind is the kind of the physical line text and the offset of its
// first byte that is not a space or tab.
func lineKind(text string) (kind uint8, ind int) {
	for ind < len(text) && (text[ind] == ' ' || text[ind] == '\t') {
		ind++
	}
	switch {
	case ind == len(text):
		return kindBlank, ind
	case text[ind] == '[':
		return kindHeader, ind
	case text[ind] == '#' || text[ind] == ';':
		return kindComment, ind
	}
	return kindEntry, ind
}

// count adds the physical line text, of kind kind, to the count. A line
// that a continuation joins to the line before makes no node; a comment
// line inside a continuation neither makes one nor ends it; a run of
// blank lines is one node. The count is exact but for a few rare lines
// (a byte order mark before a blank, a line too long to read), and the
// node list grows should a file make more nodes than it says.
func (k *kinds) count(text string, kind uint8) {
	joined := k.cont
	if kind == kindComment {
		if !joined {
			k.nodes++
			k.blank = false
		}
		return
	}
	k.cont = len(text) > 0 && text[len(text)-1] == '\\' && continues(text)
	if !joined && (kind != kindBlank || !k.blank) {
		k.nodes++
		if kind == kindHeader {
			k.headers++
		}
	}
	// A blank line that ends a continuation is part of that node: a
	// blank line after it starts a node of its own.
	k.blank = kind == kindBlank && !joined
}

var recPool = sync.Pool{New: func() any { return new([]lineRec) }}

// lineRec is a physical line found by the first pass over a small file:
// 16 bytes, for the records of most files fit in 1 KiB on the stack.
type lineRec struct {
	start, e, next int32
	ascii          bool
	kind           uint8
}

// Masked reports whether the file is empty, which systemd treats as
// masking the unit (it does not parse it at all).
func (f *File) Masked() bool { return len(f.src.text) == 0 }

// Fatal returns the first diagnostic at which systemd stops reading the
// file, or nil when systemd reads all of it.
func (f *File) Fatal() *Diagnostic {
	for i := range f.Diagnostics {
		if f.Diagnostics[i].Fatal {
			return &f.Diagnostics[i]
		}
	}
	return nil
}

// Read reports whether systemd reads node n: it does not read what comes
// after a fatal error. Nodes added by edits count as read.
func (f *File) Read(n Node) bool {
	l := n.node()
	x := f.src.x
	return x == nil || x.stop < 0 || l.made() || l.off < x.stop
}

// parser holds the state of systemd's config_parse() loop.
type parser struct {
	f   *File
	src string
	s   *source // the nodes' source: &f.src
	own string  // the unit type's own section ("Service"), "" for every section

	line    int32 // physical line number, as config_parse() counts
	bomSeen bool
	cur     *Section // nil before the first header

	// The continuation being collected, if any.
	pending bool
	pStart  pos32 // start of its first physical line
	pBOM    int32 // index of the line whose BOM was stripped, or -1
	pLen    int   // length of the joined text so far
	pASCII  bool  // every piece so far is ASCII

	big bool  // see parse
	est kinds // node counts, to size the node list

	sections  []Section
	nSections int

	sawFatal bool
	dropped  int // diagnostics beyond maxDiagnostics
}

// eol kinds, as src/basic/fileio.c: categorize_eol().
const (
	eolZero = 1 << iota
	eolTen
	eolThirteen
)

func categorize(c byte) int {
	switch c {
	case '\n':
		return eolTen
	case '\r':
		return eolThirteen
	case 0:
		return eolZero
	}
	return 0
}

// nextEOL is the index of the first '\n', '\r' or NUL in s, or len(s).
// It tests eight bytes at a time for any byte below 0x0E and looks closer
// only then. (Searching for each of the three bytes with strings.IndexByte
// would rescan the rest of the file on every line of a file with no '\n'.)
func nextEOL(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i : i+8])
		if (x-0x0E0E0E0E0E0E0E0E)&^x&0x8080808080808080 == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if c := s[j]; c <= '\r' && (c == '\n' || c == '\r' || c == 0) {
				return j
			}
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c <= '\r' && (c == '\n' || c == '\r' || c == 0) {
			return i
		}
	}
	return len(s)
}

// load64 reads the eight bytes of b as a little-endian word. Slicing b
// to eight bytes first spares a bounds check on each byte.
func load64(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// scanLine is nextEOL that also reports whether the bytes before the line
// end are all ASCII, so that the UTF-8 check can be skipped for them: one
// pass over the line instead of two. Eight bytes at a time, it flags the
// bytes below 0x0E; the lowest flag is always a real one (a flag above it
// may come from the borrow), and each is checked, so a tab costs a look.
func scanLine(s string) (int, bool) {
	const high = 0x8080808080808080
	var acc uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i : i+8])
		for m := (x - 0x0E0E0E0E0E0E0E0E) &^ x & high; m != 0; m &= m - 1 {
			k := bits.TrailingZeros64(m) >> 3
			if c := s[i+k]; c == '\n' || c == '\r' || c == 0 {
				acc |= x & (1<<(8*k) - 1) // the bytes before the line end
				return i + k, acc&high == 0
			}
		}
		acc |= x
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c <= '\r' && (c == '\n' || c == '\r' || c == 0) {
			return i, acc&high == 0
		}
		acc |= uint64(c)
	}
	return len(s), acc&high == 0
}

// eolEnd is the end of the line end that starts at s[e] (e itself when
// s[e:] is empty). As in read_line_full(), a line end is a run of EOL
// bytes, each kind at most once, with nothing after a NUL.
func eolEnd(s string, e int) int {
	if e >= len(s) {
		return e
	}
	if s[e] == '\n' && (e+1 == len(s) || s[e+1] != '\r' && s[e+1] != 0) {
		return e + 1 // the common case: "\n" alone
	}
	return eolRun(s, e)
}

// eolRun is eolEnd without its fast path, for a non-empty s[e:]:
// read_line_full()'s rule that a line end is a run of EOL bytes, each
// kind at most once, nothing after a NUL.
func eolRun(s string, e int) int {
	prev := categorize(s[e])
	j := e + 1
	for j < len(s) {
		k := categorize(s[j])
		if prev&eolZero != 0 || k == 0 || prev&k != 0 {
			break
		}
		prev |= k
		j++
	}
	return j
}

func (p *parser) run() {
	src := p.src
	n := len(src)
	if !p.big {
		// Find the lines first and count them by kind, so that the node
		// list is allocated once; then read the lines found.
		var buf [64]lineRec
		recs := buf[:0]
		var pooled *[]lineRec
		for off := 0; off < n; {
			k, ascii := scanLine(src[off:])
			e := off + k
			j := eolEnd(src, e)
			kind, _ := lineKind(src[off:e])
			p.est.count(src[off:e], kind)
			var r *lineRec
			switch {
			case pooled != nil:
				*pooled = append(*pooled, lineRec{})
				r = &(*pooled)[len(*pooled)-1]
			case len(recs) < cap(recs):
				recs = recs[:len(recs)+1]
				r = &recs[len(recs)-1]
			default:
				// A longer file borrows a list kept from one Parse to
				// the next instead of growing a new one.
				pooled = recPool.Get().(*[]lineRec)
				*pooled = append(append((*pooled)[:0], recs...), lineRec{})
				r = &(*pooled)[len(*pooled)-1]
			}
			// The record is written field by field where it is kept: a
			// record built on the stack and copied in was read back with
			// wider loads than the stores that wrote it, which stalled
			// the processor on every line.
			r.start, r.e, r.next, r.ascii, r.kind = int32(off), int32(e), int32(j), ascii, kind
			off = j
		}
		if pooled != nil {
			recs = *pooled
		}

		p.alloc()
		for i := range recs {
			p.line++
			if !p.fastLine(&recs[i]) {
				r := &recs[i]
				p.physical(int(r.start), int(r.e), int(r.next), r.ascii)
			}
		}
		if pooled != nil {
			*pooled = (*pooled)[:0]
			recPool.Put(pooled)
		}
	} else {
		for off := 0; off < n; {
			k, _ := scanLine(src[off:])
			e := off + k
			kind, _ := lineKind(src[off:e])
			p.est.count(src[off:e], kind)
			off = eolEnd(src, e)
		}
		p.alloc()
		for off := 0; off < n; {
			k, ascii := scanLine(src[off:])
			e := off + k
			j := eolEnd(src, e)
			p.line++
			p.physical(off, e, j, ascii)
			off = j
		}
	}
	if p.pending {
		// config_parse(): the continuation at EOF is parsed as line+1.
		p.finishPending(n, p.line+1)
	}
	p.flush()
	p.finish()
	if p.dropped > 0 {
		p.f.Diagnostics = append(p.f.Diagnostics, Diagnostic{
			Severity: Info, Code: CodeTooMany,
			Message: fmt.Sprintf("%d more problems in this file are not listed", p.dropped),
		})
	}
}

// at is the position of offset off on the current physical line, which
// starts at lineStart.
func (p *parser) at(off, lineStart int) pos32 {
	return pos32{int32(off), p.line, int32(off-lineStart) + 1}
}

// physical handles one physical line: text src[start:e], line end up to
// next. It mirrors the body of config_parse()'s loop.
func (p *parser) physical(start, e, next int, ascii bool) {
	src := p.src
	content := src[start:e]
	if len(content) >= LongLineMax {
		// read_line() returns -ENOBUFS before it reaches the line end.
		p.tooLong(start, e, next, CodeLineTooLong, len(content))
		return
	}
	// Comments are recognised on the raw line, before the BOM is
	// stripped and before continuations are joined.
	if isCommentLine(content) {
		if p.pending {
			return // part of the continuation; its bytes join that node
		}
		p.addNode(kindComment, int32(start), int32(next))
		return
	}
	t := start
	if !p.bomSeen && strings.HasPrefix(content, bom) {
		t += len(bom)
		p.bomSeen = true
		if p.pending {
			p.pBOM = p.line - p.pStart.line
		}
	}
	piece := src[t:e]
	if p.pending && p.pLen+len(piece) > LongLineMax {
		p.tooLong(start, e, next, CodeContinuationTooLong, p.pLen+len(piece))
		return
	}
	// An odd run of trailing backslashes continues the line. The scan in
	// config_parse() covers the whole joined text, but every earlier piece
	// ends in the space that replaced its backslash, so counting this
	// piece's trailing run gives the same answer.
	if continues(piece) {
		if !p.pending {
			p.pending = true
			p.pStart = p.at(start, start)
			p.pBOM = -1
			if t > start {
				p.pBOM = 0
			}
			p.pLen = 0
			p.pASCII = true
		}
		p.pASCII = p.pASCII && ascii
		p.pLen += len(piece) // the backslash becomes a space
		return
	}
	if p.pending {
		p.pLen += len(piece)
		p.pASCII = p.pASCII && ascii
		p.finishPending(next, p.line)
		return
	}
	if t > start {
		p.s.extra().bomOff = int32(start)
	}
	p.logicalLine(p.lines(start, next), piece, ascii && t == start, p.line, p.line)
}

// fastLine reads the commonest lines without physical's general path:
// an ASCII assignment or section header on one line, and a comment or
// blank line, outside a continuation. It reports false, having done
// nothing, for any other line. (The ASCII test rules out a byte order
// mark, which no blank or comment line starts with either.)
func (p *parser) fastLine(r *lineRec) bool {
	if p.pending || int(r.e-r.start) >= LongLineMax {
		return false
	}
	src := p.src
	switch r.kind {
	case kindComment:
		p.addNode(kindComment, r.start, r.next)
		return true
	case kindBlank:
		// Only spaces and tabs: no trailing backslash continues it.
		p.blank(lines{src: p.s, off: r.start, end: r.next})
		return true
	case kindHeader:
		content := src[r.start:r.e]
		if !r.ascii || content[len(content)-1] == '\\' && continues(content) {
			return false
		}
		tl := lines{src: p.s, off: r.start, end: r.next}
		p.header(tl, content, leftTrim(content), rightTrim(content), p.line, p.line)
		return true
	case kindEntry:
		if !r.ascii || p.cur == nil {
			return false
		}
		content := src[r.start:r.e]
		if content[len(content)-1] == '\\' && continues(content) {
			return false
		}
		if eq := strings.IndexByte(content[leftTrim(content):], '='); eq <= 0 {
			return false
		}
		p.addNode(kindEntry, r.start, r.next)
		return true
	}
	return false
}

// finishPending turns the collected continuation into a node whose raw
// bytes end at next, numbered sline.
func (p *parser) finishPending(next int, sline int32) {
	raw := p.src[p.pStart.off:next]
	// Join the pieces in one allocation of the known size: walk the
	// node's physical lines again, as buildPieces does.
	var b strings.Builder
	b.Grow(p.pLen)
	for k, o := int32(0), 0; o < len(raw); k++ {
		e := o + nextEOL(raw[o:])
		content := raw[o:e]
		o = eolEnd(raw, e)
		if k > 0 && isCommentLine(content) {
			continue
		}
		if k == p.pBOM {
			content = content[len(bom):]
		}
		if continues(content) {
			b.WriteString(content[:len(content)-1])
			b.WriteByte(' ')
		} else {
			b.WriteString(content)
		}
	}
	text := b.String()
	tl := p.lines(int(p.pStart.off), next)
	p.addJoin(&joined{text: text, off: tl.off, line: p.pStart.line, sline: sline, bomLine: p.pBOM})
	p.pending = false
	p.logicalLine(tl, text, p.pASCII, p.pStart.line, sline)
}

// tooLong records a line systemd cannot read (-ENOBUFS). A continuation
// in progress becomes part of it.
func (p *parser) tooLong(start, e, next int, code Code, n int) {
	l, line := p.lines(start, next), p.line
	if p.pending {
		l, line = p.lines(int(p.pStart.off), next), p.pStart.line
		p.pending = false
	}
	p.addJoin(&joined{off: l.off, line: line, sline: p.line, bomLine: -1})
	p.addBad(l, code)
	p.diag(pos32{l.off, line, 1}, p.at(e, start), p.line, Error, code, true, &l, func() string {
		if code == CodeLineTooLong {
			return fmt.Sprintf("line is %d bytes long; systemd reads lines of at most %d bytes and refuses to load the file", n, LongLineMax-1)
		}
		return fmt.Sprintf("continued line is %d bytes long; systemd joins at most %d bytes and refuses to load the file", n, LongLineMax)
	})
}

// isSpace is systemd's WHITESPACE minus the line-end bytes, which cannot
// occur inside a line.
func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// logicalLine is parse_line(): text is the logical line, untrimmed.
// ascii says the text is all ASCII, so the UTF-8 check can be skipped.
// The node starts on line line; systemd gives it line sline.
func (p *parser) logicalLine(tl lines, text string, ascii bool, line, sline int32) {
	ls, le := 0, len(text)
	for ls < le && isSpace(text[ls]) {
		ls++
	}
	for le > ls && isSpace(text[le-1]) {
		le--
	}
	if ls == le {
		p.blank(tl)
		return
	}
	t := text[ls:le]
	bad := func(code Code, sev Severity, fatal bool, msg func() string) {
		b := p.addBad(tl, code)
		if msg != nil {
			p.diag(b.posIn(ls, line), b.endIn(ls, le, line), sline, sev, code, fatal, &b.lines, msg)
		}
	}
	if !ascii && !validUTF8(t) {
		bad(CodeInvalidUTF8, Error, true, func() string {
			return "String is not UTF-8 clean, ignoring assignment: " + quote(escapeInvalidUTF8(t))
		})
		return
	}
	if t[0] == '[' {
		p.header(tl, text, ls, le, line, sline)
		return
	}
	if p.cur == nil {
		bad(CodeOutsideSection, Warning, false, func() string { return "Assignment outside of section. Ignoring." })
		return
	}
	eq := strings.IndexByte(t, '=')
	if eq <= 0 {
		code, msg := CodeMissingEquals, "Missing '=', ignoring line."
		if eq == 0 {
			code, msg = CodeMissingKey, "Missing key name before '=', ignoring line."
		}
		if p.cur.Ignored {
			bad(code, Warning, false, nil) // silent in a section systemd skips
		} else {
			bad(code, Warning, false, func() string { return msg })
		}
		return
	}
	// The entry finds its key and value again when asked (Entry.split).
	p.addNode(kindEntry, tl.off, tl.end)
}

// header handles a logical line that starts with '['; line and sline
// are as for logicalLine.
func (p *parser) header(tl lines, text string, ls, le int, line, sline int32) {
	t := text[ls:le]
	p.flush()
	h := (*Header)(p.addNode(kindHeader, tl.off, tl.end))
	nEnd := nameEnd(text, ls, le)
	name := text[ls+1 : nEnd]
	ok := headerOK(t, name)
	var s *Section
	if n := len(p.f.Sections); n < len(p.f.sbuf) {
		s = &p.f.sbuf[n]
	} else {
		s = next(&p.sections, &p.nSections, func() int { return chunk(p.est.headers-len(p.f.sbuf), p.nSections) })
	}
	// s.Header is set by finish: the node list may still move.
	s.f = p.f
	s.body.first = int32(len(p.f.nodes))
	if !ok || p.own != "" && name != "Unit" && name != "Install" && name != p.own {
		s.Ignored = true // as SectionKnown says
	}
	p.f.Sections = append(p.f.Sections, s)
	p.cur = s
	if !ok {
		code, msg := CodeInvalidHeader, "Invalid section header '"
		if t[len(t)-1] == ']' {
			code, msg = CodeBadHeaderChars, "Bad characters in section header '"
		}
		p.diag(h.posIn(ls, line), h.endIn(ls, le, line), sline, Error, code, true, &h.lines, func() string { return msg + quote(t) + "'" })
		return
	}
	if s.Ignored && !strings.HasPrefix(name, "X-") {
		p.diag(h.posIn(ls+1, line), h.endIn(ls+1, nEnd, line), sline, Warning, CodeUnknownSection, false, &h.lines,
			func() string { return "Unknown section '" + quote(name) + "'. Ignoring." })
	}
}

// stringIsSafe is systemd's string_is_safe(): no control bytes 0x01-0x1F,
// no DEL, no quotes, no backslash. Bytes >= 0x80 pass.
func stringIsSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c == 0x7f || c == '"' || c == '\'' || c == '\\' {
			return false
		}
	}
	return true
}

// blank adds blank lines, merging them into a preceding blank run.
func (p *parser) blank(l lines) {
	f := p.f
	if k := len(f.nodes) - 1; k >= 0 && f.kinds[k] == kindBlank && f.nodes[k].end == l.off {
		f.nodes[k].end = l.end
		return
	}
	p.addNode(kindBlank, l.off, l.end)
}

// lines is a parsed node's lines: src[start:next].
func (p *parser) lines(start, next int) lines {
	return lines{src: p.s, off: int32(start), end: int32(next)}
}

// addJoin keeps the logical text of a node of several physical lines.
// Nodes come in file order, so the list stays sorted by offset.
func (p *parser) addJoin(j *joined) {
	x := p.s.extra()
	x.joins = append(x.joins, j)
}

// alloc makes the node list, of the size the count of lines says.
func (p *parser) alloc() {
	n := p.est.nodes
	p.f.nodes = make([]slot, 0, n)
	if n <= len(p.f.kbuf) {
		p.f.kinds = p.f.kbuf[:0]
	} else {
		p.f.kinds = make([]uint8, 0, n)
	}
}

// addNode appends a node of kind k, src[start:end], to the file's list.
// The list is sized to hold every node, but a pointer into it is good only
// until the next node: should a file make more nodes than its lines
// were counted as, the list moves.
func (p *parser) addNode(k uint8, start, end int32) *slot {
	f := p.f
	f.nodes = append(f.nodes, slot{lines{src: p.s, off: start, end: end}})
	f.kinds = append(f.kinds, k)
	return &f.nodes[len(f.nodes)-1]
}

// addBad appends a line systemd does not read and records why.
func (p *parser) addBad(l lines, code Code) *BadLine {
	x := p.s.extra()
	x.bad = append(x.bad, badLine{off: l.off, reason: indexOf(code)})
	return (*BadLine)(p.addNode(kindBad, l.off, l.end))
}

// flush closes the node list of the section being read (the preamble
// before the first header): it ends where the file's list does now.
func (p *parser) flush() {
	l := &p.f.pre
	if n := len(p.f.Sections); n > 0 {
		l = &p.f.Sections[n-1].body
	}
	l.n = int32(len(p.f.nodes)) - l.first
}

// finish points each section at its header, now that the node list
// stays where it is.
func (p *parser) finish() {
	for _, s := range p.f.Sections {
		s.Header = (*Header)(&p.f.nodes[s.body.first-1])
	}
}

// Sections beyond a file's third are allocated in chunks rather than one
// by one. A chunk holds sections of one file only; its size grows with
// the file.

// chunk sizes the next chunk: the first from the estimate for the file
// (est), later ones from how many came so far.
func chunk(est, done int) int {
	n := done/2 + 2
	if done == 0 && est > 0 {
		n = est
	}
	if n > 1024 {
		n = 1024
	}
	return n
}

// next returns the next unused element of a chunk, starting a new chunk
// of size() elements when it is full. Elements handed out stay where
// they are: a chunk is never grown, only replaced.
func next[T any](chunk *[]T, count *int, size func() int) *T {
	if len(*chunk) == cap(*chunk) {
		*chunk = make([]T, 0, size())
	}
	*count++
	*chunk = (*chunk)[:len(*chunk)+1]
	return &(*chunk)[len(*chunk)-1]
}

func (p *parser) diag(pos, end pos32, line int32, sev Severity, code Code, fatal bool, at *lines, msg func() string) {
	if fatal && !p.sawFatal {
		p.sawFatal = true
		p.s.extra().stop = at.off
	}
	if len(p.f.Diagnostics) >= maxDiagnostics {
		p.dropped++ // the message is not even built
		return
	}
	p.f.Diagnostics = append(p.f.Diagnostics, Diagnostic{
		Pos: pos.pos(), End: end.pos(), Line: int(line),
		Severity: sev, Code: code, Message: msg(), Fatal: fatal,
	})
}
