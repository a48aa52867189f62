package unitfile

import (
	"fmt"
	"strings"
)

// Format returns f in usvc's canonical layout, the unit-file counterpart
// of gofmt. Only layout changes: every section, key and value systemd 252
// reads, and every diagnostic it gives (save line numbers), stay the same,
// in the same order, and every comment stays on its side of the lines
// around it. The layout:
//
//   - Assignments read Key=value: the blanks before the key and around the
//     first '=' go, when the key and the '=' are on the entry's first line.
//   - Headers read [Name], with nothing before or after the brackets.
//   - Comment lines start at the first column, except inside a
//     continuation, where they keep their indentation to line up with it;
//     the blanks after their text go.
//   - No line ends in spaces or tabs, with one exception: a value that ends
//     in an odd run of backslashes keeps one space after it, because without
//     it the line would continue onto the next (SYNTAX.md §4).
//   - Blank lines: none at the start or end of the file, none right after a
//     header, and a run of them becomes one. A header has exactly one blank
//     line before it unless it starts the file. Comment lines directly
//     above a header (no blank line between) belong to the header: the
//     blank line goes above them, and they stay directly above it.
//   - Every line ends with f.EOL(), the file's most common line end, and
//     the file ends with one.
//   - Continued lines stay continued, and their lines are not joined,
//     split or reindented: systemd keeps the indentation of a continuation
//     line, and the blanks before its backslash, in the value (SYNTAX.md §4,
//     "Indentation of the following lines is kept inside the value"). Only
//     the blanks before the key and around '=' on the first line, the
//     blanks after the text of the last line, and those after comment
//     lines inside the continuation go. A blank line that ends a
//     continuation stays, except at the end of the file.
//   - A byte-order mark stays on its line. A line that begins with a BOM
//     systemd does not strip (only the first one is stripped) keeps the
//     blanks before it, so that it does not become the stripped one.
//   - Lines systemd rejects (*BadLine) keep their bytes; only their line
//     ends change.
//   - Nothing is reordered; no comment is dropped.
//
// A file systemd refuses to load (f.Fatal() is not nil) is returned as it
// is, like gofmt leaves a file that does not parse: what comes after the
// fatal line means nothing to systemd, and layout that mixes formatted
// and unformatted line ends would not be stable. FormatBytes reports such
// a file as a *FormatError. An empty file (which masks a unit) stays empty,
// and a file of blank lines becomes a single line end, not an empty file.
func Format(f *File) []byte {
	if f.Masked() {
		return []byte{}
	}
	if f.Fatal() != nil {
		return f.Bytes()
	}
	var nodes []Node
	for n := range f.Nodes() {
		nodes = append(nodes, n)
	}
	// The comment lines directly above a header form a block with it: the
	// blank line that separates sections goes above the block.
	blockStart := make([]bool, len(nodes))
	for i := range nodes {
		if _, ok := nodes[i].(*Header); !ok {
			continue
		}
		j := i
		for j > 0 {
			if _, ok := nodes[j-1].(*Comment); !ok {
				break
			}
			j--
		}
		blockStart[j] = true
	}

	w := &formatter{}
	for i, n := range nodes {
		if b, ok := n.(*Blank); ok {
			// A run of blank lines is dropped (it becomes at most one blank
			// line), except a blank logical line that has comment lines
			// inside it or the BOM systemd strips.
			for _, g := range blankGroups(b.raw()) {
				if g.droppable {
					w.pending = true
					continue
				}
				w.separate(false)
				w.opaqueBlank(g.lines)
				w.afterHeader = false
			}
			continue
		}
		w.separate(blockStart[i])
		switch n := n.(type) {
		case *Entry:
			w.entry(n)
		case *Header:
			w.header(n)
		case *Comment:
			w.emit(trimBlanksRight(n.Text()))
		case *BadLine:
			// Kept byte for byte, but for the line ends: a line end kept as
			// it is could merge with a normalized one after it ("\r" then
			// "\n" is a single line end) and swallow a line.
			for _, l := range physicalLines(n.Raw()) {
				w.emit(l)
			}
		}
		_, w.afterHeader = n.(*Header)
	}
	eol := f.EOL()
	if k := len(w.lines); k > 1 && w.lines[k-1] == "" {
		// An empty line that ends a continuation at the end of the file
		// can go: a continuation that runs into the end of the file is
		// read up to there all the same (SYNTAX.md §4).
		w.lines = w.lines[:k-1]
	}
	if len(w.lines) == 0 {
		// A file of blank lines must not become empty: that would mask the
		// unit.
		return []byte(eol)
	}
	size := 0
	for _, l := range w.lines {
		size += len(l) + len(eol)
	}
	out := make([]byte, 0, size)
	for _, l := range w.lines {
		out = append(out, l...)
		out = append(out, eol...)
	}
	return out
}

// FormatError is what FormatBytes returns for a file systemd refuses to
// load, which Format leaves as it is.
type FormatError struct {
	Name       string
	Diagnostic Diagnostic
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s:%v: systemd refuses to load this file: %s", e.Name, e.Diagnostic.Pos, e.Diagnostic.Message)
}

// FormatBytes parses src as a file called name and returns it in the
// canonical layout (see Format). A file systemd refuses to load (a fatal
// syntax error, such as invalid UTF-8 or a bad section header) gives a
// *FormatError and no output.
func FormatBytes(name string, src []byte) ([]byte, error) {
	f, err := Parse(name, src)
	if err != nil {
		return nil, err
	}
	if d := f.Fatal(); d != nil {
		return nil, &FormatError{Name: name, Diagnostic: *d}
	}
	return Format(f), nil
}

// formatter collects the output lines, without their line ends.
type formatter struct {
	lines       []string
	pending     bool // blank lines were skipped since the last line
	afterHeader bool // the last node written is a header
}

func (w *formatter) emit(line string) { w.lines = append(w.lines, line) }

// separate writes the blank line that goes before the next node, if any:
// one for skipped blank lines, or, before a header and its comments, one
// in any case; never at the start of the file or right after a header,
// and never a second one.
func (w *formatter) separate(header bool) {
	need := header || (w.pending && !w.afterHeader)
	w.pending = false
	if !need || len(w.lines) == 0 || w.lines[len(w.lines)-1] == "" {
		return
	}
	if len(w.lines) == 1 && w.lines[0] == bom {
		return // a line that holds only the BOM is the start of the file
	}
	w.emit("")
}

// entry writes an assignment.
func (w *formatter) entry(e *Entry) {
	ls := physicalLines(e.raw())
	if len(ls) == 0 {
		return
	}
	prefix, body := splitBOM(&e.lines, ls[0])
	text, start, kEnd, vOff, end := e.split()
	eq := start + strings.IndexByte(text[start:], '=')
	// The first piece of text is body, its trailing backslash turned into
	// a space when the entry is continued.
	firstLen := len(body)
	if e.cont() != nil {
		firstLen-- // the space that replaced the backslash is no text
	}
	var first string
	switch {
	case eq >= firstLen:
		// The key or the '=' is on a later line ("Docu\" + "mentation=x"):
		// only the indentation of the first line can go.
		first = prefix + keepIndent(prefix, body, strings.TrimLeft(body, " \t"))
	default:
		key := text[start:kEnd]
		first = prefix + keepIndent(prefix, body, key) + "="
		switch {
		case e.cont() == nil:
			v := text[vOff:end]
			if continues(v) {
				v += " " // see Format: the blank keeps the line from continuing
			}
			first += v
		case vOff < firstLen:
			first += body[vOff:] // the value starts here; it ends in the backslash
		default:
			first += `\` // the value starts on a later line
		}
	}
	w.emit(first)
	w.rest(ls[1:])
}

// header writes a section header.
func (w *formatter) header(h *Header) {
	ls := physicalLines(h.raw())
	if len(ls) == 0 {
		return
	}
	prefix, body := splitBOM(&h.lines, ls[0])
	if h.cont() == nil {
		start, end := h.bounds()
		w.emit(prefix + h.text()[start:end])
		return
	}
	// A header split by continuations ("[X-Ven\" + "dor]") stays split.
	w.emit(prefix + keepIndent(prefix, body, strings.TrimLeft(body, " \t")))
	w.rest(ls[1:])
}

// opaqueBlank writes a blank logical line that cannot simply go: one with
// comment lines inside a continuation, or the line whose BOM systemd
// strips (dropping it would let systemd strip a later line's BOM).
func (w *formatter) opaqueBlank(ls []string) {
	for k, l := range ls {
		switch {
		case k > 0 && isCommentLine(l):
			w.emit(trimBlanksRight(l))
		case continues(l):
			w.emit(l)
		default:
			w.emit(trimTrailing(l))
		}
	}
}

// rest writes the lines after the first of a continued node: comment lines
// lose their trailing blanks, continuation lines stay as they are (their
// indentation is part of the value), and the last line loses the blanks
// after its text.
func (w *formatter) rest(ls []string) {
	for _, l := range ls {
		switch {
		case isCommentLine(l):
			w.emit(trimBlanksRight(l))
		case continues(l):
			w.emit(l)
		default:
			w.emit(trimTrailing(l))
		}
	}
}

// blankGroup is one blank logical line of a Blank node: its physical
// lines, and whether it may be dropped.
type blankGroup struct {
	lines     []string
	droppable bool
}

// blankGroups splits a Blank node, which may hold several blank logical
// lines, into them, as config_parse() reads them: a logical line runs
// until a line that does not continue, and comment lines inside it are
// skipped. (A comment line cannot start one: it would be a Comment node.)
// A logical line may be dropped unless it holds a comment line or starts
// with the BOM systemd strips: every physical line of a blank logical
// line that starts with a BOM had it stripped, or the line would not be
// blank.
func blankGroups(raw string) []blankGroup {
	var out []blankGroup
	var cur blankGroup
	cur.droppable = true
	for _, l := range physicalLines(raw) {
		inside := len(cur.lines) > 0
		cur.lines = append(cur.lines, l)
		switch {
		case inside && isCommentLine(l):
			cur.droppable = false
			continue
		case strings.HasPrefix(l, bom):
			cur.droppable = false
		}
		if continues(l) {
			continue
		}
		out = append(out, cur)
		cur = blankGroup{droppable: true}
	}
	if len(cur.lines) > 0 {
		out = append(out, cur) // a continuation that runs into the end of the file
	}
	return out
}

// splitBOM splits the first physical line of a node into the BOM systemd
// strips from it, if any, and the rest.
func splitBOM(t *lines, line string) (prefix, body string) {
	stripped := false
	if c := t.cont(); c != nil {
		stripped = c.bomLine == 0
	} else {
		stripped = t.tOff() == int32(len(bom))
	}
	if stripped {
		return bom, line[len(bom):]
	}
	return "", line
}

// keepIndent returns the indentation of body that must stay before text:
// none, unless text starts with a BOM that systemd keeps. Without the
// indentation such a line would start with the BOM, and systemd strips
// the BOM of the first line that starts with one if it has stripped none
// before.
func keepIndent(prefix, body, text string) string {
	if prefix == "" && strings.HasPrefix(text, bom) {
		return body[:len(body)-len(strings.TrimLeft(body, " \t"))] + text
	}
	return text
}

// physicalLines splits raw into lines as systemd's read_line() does,
// without their line ends.
func physicalLines(raw string) []string {
	var out []string
	for o := 0; o < len(raw); {
		e := o + nextEOL(raw[o:])
		out = append(out, raw[o:e])
		o = eolEnd(raw, e)
	}
	return out
}

// trimBlanksRight removes trailing spaces and tabs: systemd's WHITESPACE
// within a line. Other bytes (\v, \f, NBSP) are text to systemd.
func trimBlanksRight(s string) string { return strings.TrimRight(s, " \t") }

// trimTrailing removes the blanks after the text of the last line of a
// logical line, keeping one space when the text ends in an odd run of
// backslashes, which would otherwise continue the line.
func trimTrailing(s string) string {
	t := trimBlanksRight(s)
	if continues(t) {
		return t + " "
	}
	return t
}
