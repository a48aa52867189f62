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
	return l.line == 0 || l.off < f.stop
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
	pBOM    int32 // index of the line whose BOM was stripped, or -1
	pLen    int   // length of the joined text so far

	// scratch collects the nodes of the section being read, so that each
	// body gets a slice of exactly its size.
	scratch []Node

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
// (Searching for each byte with strings.IndexByte would rescan the rest of
// the file on every line of a file with no '\n'.)
func nextEOL(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= '\r' && (c == '\n' || c == '\r' || c == 0) {
			return i
		}
	}
	return len(s)
}

// eolEnd is the end of the line end that starts at s[e] (e itself when
// s[e:] is empty). As in read_line_full(), a line end is a run of EOL
// bytes, each kind at most once, with nothing after a NUL.
func eolEnd(s string, e int) int {
	if e >= len(s) {
		return e
	}
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
	p.f.stop = int32(n)
	off := 0
	for off < n {
		start := off
		e := start + nextEOL(src[start:])
		j := eolEnd(src, e)
		if j > e {
			p.countEOL(src[e:j])
		}
		p.line++
		p.physical(start, e, j)
		off = j
	}
	if p.pending {
		// config_parse(): the continuation at EOF is parsed as line+1.
		p.finishPending(n, p.line+1)
	}
	p.flush()
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
		p.tooLong(start, e, next, CodeLineTooLong, len(content))
		return
	}
	// Comments are recognised on the raw line, before the BOM is
	// stripped and before continuations are joined.
	if isCommentLine(content) {
		if p.pending {
			return // part of the continuation; its bytes join that node
		}
		ws := 0
		for content[ws] == ' ' || content[ws] == '\t' {
			ws++
		}
		p.add(&Comment{lines: lines{raw: src[start:next], off: int32(start), line: p.line}, tOff: int32(ws)})
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
		}
		p.pLen += len(piece) // the backslash becomes a space
		return
	}
	if p.pending {
		p.pLen += len(piece)
		p.finishPending(next, p.line)
		return
	}
	tl := textLines{lines: lines{raw: src[start:next], off: int32(start), line: p.line}, tOff: int32(t - start)}
	p.logicalLine(tl, piece)
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
	tl := textLines{
		lines: lines{raw: raw, off: p.pStart.off, line: p.pStart.line},
		cont:  &joined{text: text, sline: sline, bomLine: p.pBOM},
	}
	p.pending = false
	p.logicalLine(tl, text)
}

// tooLong records a line systemd cannot read (-ENOBUFS). A continuation
// in progress becomes part of it.
func (p *parser) tooLong(start, e, next int, code Code, n int) {
	l := lines{raw: p.src[start:next], off: int32(start), line: p.line}
	if p.pending {
		l = lines{raw: p.src[p.pStart.off:next], off: p.pStart.off, line: p.pStart.line}
		p.pending = false
	}
	b := &BadLine{textLines: textLines{lines: l, cont: &joined{sline: p.line, bomLine: -1}}, reason: indexOf(code)}
	p.add(b)
	p.diag(pos32{l.off, l.line, 1}, p.at(e, start), p.line, Error, code, true, &b.lines, func() string {
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
func (p *parser) logicalLine(tl textLines, text string) {
	ls, le := 0, len(text)
	for ls < le && isSpace(text[ls]) {
		ls++
	}
	for le > ls && isSpace(text[le-1]) {
		le--
	}
	if ls == le {
		p.blank(tl.lines)
		return
	}
	t := text[ls:le]
	sline := tl.sysLine()
	bad := func(code Code, sev Severity, fatal bool, msg func() string) {
		b := &BadLine{textLines: tl, reason: indexOf(code)}
		p.add(b)
		if msg != nil {
			p.diag(b.posAt(ls), b.endAt(ls, le), sline, sev, code, fatal, &b.lines, msg)
		}
	}
	if !validUTF8(t) {
		bad(CodeInvalidUTF8, Error, true, func() string {
			return "String is not UTF-8 clean, ignoring assignment: " + quote(escapeInvalidUTF8(t))
		})
		return
	}
	if t[0] == '[' {
		p.header(tl, text, ls, le)
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
	kEnd := ls + eq
	for kEnd > ls && isSpace(text[kEnd-1]) {
		kEnd--
	}
	vOff := ls + eq + 1
	for vOff < le && isSpace(text[vOff]) {
		vOff++
	}
	p.add(&Entry{textLines: tl, kEnd: int32(kEnd), vOff: int32(vOff)})
}

// header handles a logical line that starts with '['.
func (p *parser) header(tl textLines, text string, ls, le int) {
	t := text[ls:le]
	h := &Header{textLines: tl}
	var code Code
	var msg string
	if t[len(t)-1] != ']' {
		code, msg = CodeInvalidHeader, "Invalid section header '"
		// Guess the name for editors: up to the last ']', if any.
		end := strings.LastIndexByte(t, ']')
		if end < 1 {
			end = len(t)
		}
		h.nEnd = int32(ls + end)
	} else {
		h.nEnd = int32(le - 1)
		if !stringIsSafe(t[1 : len(t)-1]) {
			code, msg = CodeBadHeaderChars, "Bad characters in section header '"
		}
	}
	h.ok = code == ""
	s := &Section{Header: h}
	name := h.Name()
	if !h.ok || !SectionKnown(p.f.Type, name) {
		s.Ignored = true
	}
	p.flush()
	p.f.Sections = append(p.f.Sections, s)
	p.cur = s
	if !h.ok {
		p.diag(h.posAt(ls), h.endAt(ls, le), tl.sysLine(), Error, code, true, &h.lines, func() string { return msg + quote(t) + "'" })
		return
	}
	if s.Ignored && !strings.HasPrefix(name, "X-") {
		p.diag(h.posAt(ls+1), h.endAt(ls+1, int(h.nEnd)), tl.sysLine(), Warning, CodeUnknownSection, false, &h.lines,
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
	nl := int32(1)
	if l.raw != "" {
		nl = l.end().line - l.line + 1
	}
	body := p.body()
	if k := len(*body); k > 0 {
		if b, ok := (*body)[k-1].(*Blank); ok && int(b.off)+len(b.raw) == int(l.off) {
			b.raw = p.src[b.off : int(l.off)+len(l.raw)]
			b.n += nl
			return
		}
	}
	p.add(&Blank{lines: l, n: nl})
}

func (p *parser) body() *[]Node { return &p.scratch }

func (p *parser) add(n Node) { p.scratch = append(p.scratch, n) }

// flush gives the nodes collected so far to the section they belong to
// (the preamble before the first header).
func (p *parser) flush() {
	var nodes []Node
	if len(p.scratch) > 0 {
		nodes = make([]Node, len(p.scratch))
		copy(nodes, p.scratch)
		clear(p.scratch)
		p.scratch = p.scratch[:0]
	}
	if p.cur == nil {
		p.f.Preamble = nodes
	} else {
		p.cur.Body = nodes
	}
}

func (p *parser) diag(pos, end pos32, line int32, sev Severity, code Code, fatal bool, at *lines, msg func() string) {
	if fatal && !p.sawFatal {
		p.sawFatal = true
		p.f.stop = at.off
	}
	if len(p.f.Diagnostics) >= maxDiagnostics {
		p.f.dropped++ // the message is not even built
		return
	}
	p.f.Diagnostics = append(p.f.Diagnostics, Diagnostic{
		Pos: pos.pos(), End: end.pos(), Line: int(line),
		Severity: sev, Code: code, Message: msg(), Fatal: fatal,
	})
}
