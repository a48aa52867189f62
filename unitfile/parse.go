package unitfile

import (
	"fmt"
	"math"
	"strings"
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
	// Preamble holds the nodes before the first section header.
	Preamble []Node
	// Sections in file order; a name may repeat, as systemd allows.
	Sections []*Section
	// Diagnostics are the syntax problems, in file order.
	Diagnostics []Diagnostic

	src  string
	stop int32 // offset of the node where systemd stops reading; len(src) if it reads all
	eol  string
	// dropped counts diagnostics beyond maxDiagnostics.
	dropped int
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
		return nil, fmt.Errorf("%s: %d bytes: unitfile cannot hold files of 2 GiB or more", filename, len(src))
	}
	f := &File{Name: filename, Type: typ, src: string(src)}
	p := parser{f: f, src: f.src}
	p.run()
	return f, nil
}

// Masked reports whether the file is empty, which systemd treats as
// masking the unit (it does not parse it at all).
func (f *File) Masked() bool { return len(f.src) == 0 }

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
	return l.start.line == 0 || l.start.off < f.stop
}

// parser holds the state of systemd's config_parse() loop.
type parser struct {
	f   *File
	src string

	line    int32 // physical line number, as config_parse() counts
	bomSeen bool
	cur     *Section // nil before the first header

	// The continuation being collected, if any.
	pending bool
	pStart  pos32 // start of its first physical line
	pPieces []piece
	pLen    int // length of the joined text so far
	pBuf    []byte

	sawFatal     bool
	crlf, lf, cr int
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
func nextEOL(s string) int {
	n := strings.IndexByte(s, '\n')
	if n < 0 {
		n = len(s)
	}
	if i := strings.IndexByte(s[:n], '\r'); i >= 0 {
		n = i
	}
	if i := strings.IndexByte(s[:n], 0); i >= 0 {
		n = i
	}
	return n
}

func (p *parser) run() {
	src := p.src
	n := len(src)
	p.f.stop = int32(n)
	off := 0
	for off < n {
		start := off
		e := start + nextEOL(src[start:])
		// read_line_full(): a line end is a run of EOL bytes, each kind at
		// most once, and nothing after a NUL.
		j := e
		if j < n {
			prev := categorize(src[j])
			j++
			for j < n {
				k := categorize(src[j])
				if prev&eolZero != 0 || k == 0 || prev&k != 0 {
					break
				}
				prev |= k
				j++
			}
			p.countEOL(src[e:j])
		}
		p.line++
		p.physical(start, e, j)
		off = j
	}
	if p.pending {
		// config_parse(): the continuation at EOF is parsed as line+1.
		p.finishPending(int32(n), p.line+1, p.endOfPending(n))
	}
	switch {
	case p.crlf > 0 && p.crlf >= p.lf && p.crlf >= p.cr:
		p.f.eol = "\r\n"
	case p.cr > p.lf:
		p.f.eol = "\r"
	default:
		p.f.eol = "\n"
	}
	if p.f.dropped > 0 {
		p.f.Diagnostics = append(p.f.Diagnostics, Diagnostic{
			Severity: Info, Code: CodeTooMany,
			Message: fmt.Sprintf("%d more problems in this file are not listed", p.f.dropped),
		})
	}
}

func (p *parser) countEOL(s string) {
	switch {
	case strings.HasPrefix(s, "\r\n"):
		p.crlf++
	case s[0] == '\n':
		p.lf++
	case s[0] == '\r':
		p.cr++
	}
}

// at is the position of offset off on the current physical line, which
// starts at lineStart.
func (p *parser) at(off, lineStart int) pos32 {
	return pos32{int32(off), p.line, int32(off-lineStart) + 1}
}

// physical handles one physical line: text src[start:e], line end up to
// next. It mirrors the body of config_parse()'s loop.
func (p *parser) physical(start, e, next int) {
	src := p.src
	content := src[start:e]
	if len(content) >= LongLineMax {
		// read_line() returns -ENOBUFS before it reaches the line end.
		p.tooLong(start, e, next, CodeLineTooLong,
			fmt.Sprintf("line is %d bytes long; systemd reads lines of at most %d bytes and refuses to load the file", len(content), LongLineMax-1))
		return
	}
	// Comments are recognised on the raw line, before the BOM is
	// stripped and before continuations are joined.
	ws := 0
	for ws < len(content) && (content[ws] == ' ' || content[ws] == '\t') {
		ws++
	}
	if ws < len(content) && (content[ws] == '#' || content[ws] == ';') {
		if p.pending {
			return // part of the continuation; its bytes join that node
		}
		c := &Comment{lines: lines{raw: src[start:next], start: p.at(start, start), end: p.at(e, start)}, tOff: int32(ws)}
		p.add(c)
		return
	}
	t := start
	if !p.bomSeen && strings.HasPrefix(content, bom) {
		t += len(bom)
		p.bomSeen = true
	}
	piece := src[t:e]
	if p.pending && p.pLen+len(piece) > LongLineMax {
		p.tooLong(start, e, next, CodeContinuationTooLong,
			fmt.Sprintf("continued line is %d bytes long; systemd joins at most %d bytes and refuses to load the file", p.pLen+len(piece), LongLineMax))
		return
	}
	// An odd run of trailing backslashes continues the line. The scan in
	// config_parse() covers the whole joined text, but every earlier piece
	// ends in the space that replaced its backslash, so counting this
	// piece's trailing run gives the same answer.
	bs := 0
	for i := len(piece) - 1; i >= 0 && piece[i] == '\\'; i-- {
		bs++
	}
	if bs%2 == 1 {
		if !p.pending {
			p.pending = true
			p.pStart = p.at(start, start)
			p.pPieces = p.pPieces[:0]
			p.pLen = 0
			p.pBuf = p.pBuf[:0]
		}
		p.appendPiece(piece[:len(piece)-1]+" ", p.at(t, start))
		return
	}
	if p.pending {
		p.appendPiece(piece, p.at(t, start))
		p.finishPending(int32(next), p.line, p.at(e, start))
		return
	}
	g := logical{at: p.at(t, start), sline: p.line}
	p.logicalLine(lines{raw: src[start:next], start: p.at(start, start), end: p.at(e, start)}, g, piece)
}

// appendPiece adds a piece to the continuation being collected.
func (p *parser) appendPiece(s string, at pos32) {
	p.pPieces = append(p.pPieces, piece{log: int32(p.pLen), at: at})
	p.pBuf = append(p.pBuf, s...)
	p.pLen += len(s)
}

// endOfPending is the end position for a continuation that runs into the
// end of the file.
func (p *parser) endOfPending(n int) pos32 {
	last := p.pPieces[len(p.pPieces)-1]
	// The last piece ends with the replaced backslash; its source end is
	// one byte past that backslash.
	return last.at.add(p.pLen - int(last.log))
}

// finishPending turns the collected continuation into a node ending at
// next, numbered sline.
func (p *parser) finishPending(next int32, sline int32, end pos32) {
	text := string(p.pBuf)
	pieces := make([]piece, len(p.pPieces))
	copy(pieces, p.pPieces)
	g := logical{at: pieces[0].at, sline: sline, cont: &joined{text: text, pieces: pieces}}
	l := lines{raw: p.src[p.pStart.off:next], start: p.pStart, end: end}
	p.pending = false
	p.logicalLine(l, g, text)
}

// tooLong records a line systemd cannot read (-ENOBUFS). A continuation
// in progress becomes part of it.
func (p *parser) tooLong(start, e, next int, code Code, msg string) {
	l := lines{raw: p.src[start:next], start: p.at(start, start), end: p.at(e, start)}
	if p.pending {
		l.raw = p.src[p.pStart.off:next]
		l.start = p.pStart
		p.pending = false
	}
	b := &BadLine{lines: l, logical: logical{at: l.start, sline: p.line}, text: l.raw[:0], reason: code}
	p.add(b)
	p.diag(l.start, l.end, p.line, Error, code, msg, true, &b.lines)
}

// isSpace is systemd's WHITESPACE minus the line-end bytes, which cannot
// occur inside a line.
func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// logicalLine is parse_line(): text is the logical line, untrimmed.
func (p *parser) logicalLine(l lines, g logical, text string) {
	ls, le := 0, len(text)
	for ls < le && isSpace(text[ls]) {
		ls++
	}
	for le > ls && isSpace(text[le-1]) {
		le--
	}
	if ls == le {
		p.blank(l)
		return
	}
	t := text[ls:le]
	startPos, endPos := g.posAt(ls), g.endAt(ls, le)
	if !validUTF8(t) {
		b := &BadLine{lines: l, logical: g, text: text, tOff: int32(ls), tEnd: int32(le), reason: CodeInvalidUTF8}
		p.add(b)
		p.diag(startPos, endPos, g.sline, Error, CodeInvalidUTF8,
			"String is not UTF-8 clean, ignoring assignment: "+quote(escapeInvalidUTF8(t)), true, &b.lines)
		return
	}
	if t[0] == '[' {
		p.header(l, g, text, ls, le)
		return
	}
	ignored := p.cur != nil && p.cur.Ignored
	if p.cur == nil {
		b := &BadLine{lines: l, logical: g, text: text, tOff: int32(ls), tEnd: int32(le), reason: CodeOutsideSection}
		p.add(b)
		p.diag(startPos, endPos, g.sline, Warning, CodeOutsideSection, "Assignment outside of section. Ignoring.", false, &b.lines)
		return
	}
	eq := strings.IndexByte(t, '=')
	if eq <= 0 {
		code, msg := CodeMissingEquals, "Missing '=', ignoring line."
		if eq == 0 {
			code, msg = CodeMissingKey, "Missing key name before '=', ignoring line."
		}
		b := &BadLine{lines: l, logical: g, text: text, tOff: int32(ls), tEnd: int32(le), reason: code}
		p.add(b)
		if !ignored {
			p.diag(startPos, endPos, g.sline, Warning, code, msg, false, &b.lines)
		}
		return
	}
	kEnd := ls + eq
	for kEnd > ls && isSpace(text[kEnd-1]) {
		kEnd--
	}
	vOff := ls + eq + 1
	for vOff < le && isSpace(text[vOff]) {
		vOff++
	}
	p.add(&Entry{lines: l, logical: g, text: text, kOff: int32(ls), kEnd: int32(kEnd), vOff: int32(vOff), vEnd: int32(le)})
}

// header handles a logical line that starts with '['.
func (p *parser) header(l lines, g logical, text string, ls, le int) {
	t := text[ls:le]
	h := &Header{lines: l, logical: g, text: text}
	var code Code
	var msg string
	if t[len(t)-1] != ']' {
		code, msg = CodeInvalidHeader, "Invalid section header '"+quote(t)+"'"
		// Guess the name for editors: up to the last ']', if any.
		end := strings.LastIndexByte(t, ']')
		if end < 1 {
			end = len(t)
		}
		h.nOff, h.nEnd = int32(ls+1), int32(ls+end)
	} else {
		h.nOff, h.nEnd = int32(ls+1), int32(le-1)
		if !stringIsSafe(t[1 : len(t)-1]) {
			code, msg = CodeBadHeaderChars, "Bad characters in section header '"+quote(t)+"'"
		}
	}
	h.ok = code == ""
	s := &Section{Header: h}
	name := h.Name()
	if !h.ok || !SectionKnown(p.f.Type, name) {
		s.Ignored = true
	}
	p.f.Sections = append(p.f.Sections, s)
	p.cur = s
	if !h.ok {
		p.diag(g.posAt(ls), g.endAt(ls, le), g.sline, Error, code, msg, true, &h.lines)
		return
	}
	if s.Ignored && !strings.HasPrefix(name, "X-") {
		p.diag(g.posAt(int(h.nOff)), g.endAt(int(h.nOff), int(h.nEnd)), g.sline, Warning, CodeUnknownSection,
			"Unknown section '"+quote(name)+"'. Ignoring.", false, &h.lines)
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
	nl := l.end.line - l.start.line + 1
	body := p.body()
	if k := len(*body); k > 0 {
		if b, ok := (*body)[k-1].(*Blank); ok && int(b.start.off)+len(b.raw) == int(l.start.off) {
			b.raw = p.src[b.start.off : int(l.start.off)+len(l.raw)]
			b.end = l.end
			b.n += nl
			return
		}
	}
	p.add(&Blank{lines: l, n: nl})
}

func (p *parser) body() *[]Node {
	if p.cur == nil {
		return &p.f.Preamble
	}
	return &p.cur.Body
}

func (p *parser) add(n Node) {
	b := p.body()
	*b = append(*b, n)
}

func (p *parser) diag(pos, end pos32, line int32, sev Severity, code Code, msg string, fatal bool, at *lines) {
	if fatal && !p.sawFatal {
		p.sawFatal = true
		p.f.stop = at.start.off
	}
	if len(p.f.Diagnostics) >= maxDiagnostics {
		p.f.dropped++
		return
	}
	p.f.Diagnostics = append(p.f.Diagnostics, Diagnostic{
		Pos: pos.pos(), End: end.pos(), Line: int(line),
		Severity: sev, Code: code, Message: msg, Fatal: fatal,
	})
}
