package unitfile

import (
	"errors"
	"fmt"
	"iter"
	"strings"
)

// The edit methods change the tree in place. They touch only the lines
// they change: every other byte of the file stays as it was. Nodes they
// create have no position (Pos().IsValid() is false), and positions of
// parsed nodes are those of the original input; parse Bytes() again for
// fresh ones.

// checkKey refuses keys that would not read back as the same key.
func checkKey(key string) error {
	switch {
	case key == "":
		return errors.New("empty key")
	case strings.ContainsAny(key, "=\n\r\x00"):
		return fmt.Errorf("key %q: a key cannot hold '=' or a line end", key)
	case isSpace(key[0]) || isSpace(key[len(key)-1]):
		return fmt.Errorf("key %q: systemd trims spaces and tabs around a key", key)
	case key[0] == '[' || key[0] == '#' || key[0] == ';':
		return fmt.Errorf("key %q: a line starting with %q is not an assignment", key, key[0])
	case strings.HasPrefix(key, bom):
		return fmt.Errorf("key %q: systemd may strip a leading byte-order mark", key)
	case !validUTF8(key):
		return fmt.Errorf("key %q: not UTF-8 that systemd accepts", key)
	}
	return nil
}

// CheckValue reports whether value can be written as a single-line value
// that systemd reads back unchanged: no line ends, no leading or trailing
// space or tab (systemd trims them), no odd run of trailing backslashes
// (it would continue onto the next line), valid UTF-8.
func CheckValue(value string) error {
	switch {
	case strings.ContainsAny(value, "\n\r\x00"):
		return fmt.Errorf("value %q: a value cannot hold a line end (newline, CR or NUL); escape it where the setting unescapes", value)
	case value != "" && (isSpace(value[0]) || isSpace(value[len(value)-1])):
		return fmt.Errorf("value %q: systemd trims spaces and tabs at both ends of a value", value)
	case continues(value):
		return fmt.Errorf("value %q: a value ending in an odd number of backslashes continues onto the next line", value)
	case !validUTF8(value):
		return fmt.Errorf("value %q: not UTF-8 that systemd accepts", value)
	}
	return nil
}

// continues reports whether text ends in an odd run of backslashes.
func continues(text string) bool {
	n := 0
	for i := len(text) - 1; i >= 0 && text[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// trimEOL cuts the line-end bytes off the end of raw.
func trimEOL(raw string) string {
	i := len(raw)
	for i > 0 && (raw[i-1] == '\n' || raw[i-1] == '\r' || raw[i-1] == 0) {
		i--
	}
	return raw[:i]
}

func checkSectionName(name string) error {
	switch {
	case name == "":
		return errors.New("empty section name")
	case !stringIsSafe(name):
		return fmt.Errorf("section name %q: systemd refuses control characters, quotes and backslashes in section names", name)
	case !validUTF8(name):
		return fmt.Errorf("section name %q: not UTF-8 that systemd accepts", name)
	}
	return nil
}

// newEntry builds an entry that is not from the source: indent, key=value
// and a line end. It has no position.
func (f *File) newEntry(indent, key, value string) *Entry {
	e := &Entry{}
	e.lines = newLines(indent + key + "=" + value + f.EOL())
	return e
}

// SetValue replaces the value of e, keeping the key, the spacing around
// '=' and what follows the value on its line. A continued entry is
// rewritten on one line; the comment lines inside it stay, above it.
func (f *File) SetValue(e *Entry, value string) error {
	if err := CheckValue(value); err != nil {
		return err
	}
	c, i := f.find(e)
	if c == nil {
		return errors.New("SetValue: the entry is not in this file")
	}
	if e.cont() == nil {
		// One physical line: splice the value into the raw text.
		_, _, _, vOff, le := e.split()
		to, raw := int(e.tOff()), e.raw()
		e.setRaw(raw[:to+vOff] + value + raw[to+le:])
		return nil
	}
	comments := f.innerComments(e)
	raw := e.raw()
	indent := leadingSpace(raw)
	stripped := e.strippedBOM()
	if stripped {
		// The one line keeps the BOM systemd stripped from the entry (see
		// Delete), before the indentation, where systemd strips it.
		indent = bom + leadingSpace(e.text())
	}
	eol := lineEnd(raw, f.EOL())
	*e = *f.newEntry(indent, e.Key(), value)
	nr := e.raw()
	e.lines = newLines(nr[:len(nr)-len(f.EOL())] + eol)
	if stripped {
		e.src.x.bomOff = e.off
	}
	if len(comments) > 0 {
		for _, n := range comments {
			f.terminate(n) // the last line of the file may have no line end
		}
		*c = append((*c)[:i], append(comments, (*c)[i:]...)...)
	}
	return nil
}

// innerComments returns the comment lines inside a continued entry, as
// Comment nodes.
func (f *File) innerComments(e *Entry) []Node {
	var out []Node
	raw := e.raw()
	for raw != "" {
		j := eolEnd(raw, nextEOL(raw))
		line := raw[:j]
		raw = raw[j:]
		t := strings.TrimLeft(trimEOL(line), " \t")
		if t != "" && (t[0] == '#' || t[0] == ';') {
			out = append(out, &Comment{lines: newLines(line)})
		}
	}
	return out
}

func leadingSpace(s string) string {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return s[:i]
}

// lineEnd is the line end raw's last line has, or def when it has none.
func lineEnd(raw, def string) string {
	t := trimEOL(raw)
	if len(t) < len(raw) {
		return raw[len(t):]
	}
	return def
}

// editable makes the preamble and every body a list of its own, which
// the edit methods change; a parsed file's lists are ranges of its nodes.
func (f *File) editable() {
	for l := range f.lists() {
		if l.ed == nil {
			ns := make([]Node, 0, l.n)
			for n := range f.seq(l) {
				ns = append(ns, n)
			}
			l.ed = &ns
		}
	}
}

// lists yields the preamble and the sections' bodies.
func (f *File) lists() iter.Seq[*nodeList] {
	return func(yield func(*nodeList) bool) {
		if !yield(&f.pre) {
			return
		}
		for _, s := range f.Sections {
			if !yield(&s.body) {
				return
			}
		}
	}
}

// find returns the node list holding n and n's index in it.
func (f *File) find(n Node) (*[]Node, int) {
	f.editable()
	for l := range f.lists() {
		for i, m := range *l.ed {
			if m == n {
				return l.ed, i
			}
		}
	}
	return nil, -1
}

// Set gives key the value in the last section called section: the last
// entry for key (the one systemd applies last) gets the value, or a new
// entry is added when there is none. The section is added when missing.
func (f *File) Set(section, key, value string) (*Entry, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if s := f.Section(section); s != nil {
		if e := s.Lookup(key); e != nil {
			return e, f.SetValue(e, value)
		}
	}
	return f.Add(section, key, value)
}

// Add appends key=value to the last section called section, after its
// last entry (comments and blank lines that follow stay after the new
// entry). The section is added at the end of the file when missing.
func (f *File) Add(section, key, value string) (*Entry, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := CheckValue(value); err != nil {
		return nil, err
	}
	s := f.Section(section)
	if s == nil {
		var err error
		if s, err = f.AddSection(section); err != nil {
			return nil, err
		}
	}
	f.editable()
	at := 0 // after the header
	for i, n := range *s.body.ed {
		if _, ok := n.(*Entry); ok {
			at = i + 1
		}
	}
	e := f.newEntry(leadingIndent(s, at), key, value)
	f.insert(s, at, e)
	return e, nil
}

// leadingIndent is the indentation of the entry before position at in
// s's body, so that an added entry lines up with its neighbours.
func leadingIndent(s *Section, at int) string {
	if at > 0 {
		if e, ok := (*s.body.ed)[at-1].(*Entry); ok {
			return leadingSpace(e.raw())
		}
	}
	return ""
}

// insert puts n at index i of s's body (i == 0: right after the header),
// making sure the line before it ends and does not continue into n.
func (f *File) insert(s *Section, i int, n Node) {
	f.editable()
	body := s.body.ed
	var prev Node = s.Header
	if i > 0 {
		prev = (*body)[i-1]
	}
	f.terminate(prev)
	*body = append(*body, nil)
	copy((*body)[i+1:], (*body)[i:])
	(*body)[i] = n
}

// terminate makes sure the node ends with a line end and does not
// continue onto the next line: a node at the end of a file without a
// final newline gets one, and one that ends mid-continuation (a trailing
// backslash at the end of the file) gets an empty line, which ends a
// continuation without changing the value.
func (f *File) terminate(n Node) {
	l := n.node()
	if raw := l.raw(); len(trimEOL(raw)) == len(raw) {
		l.setRaw(raw + f.EOL())
	}
	if _, ok := n.(*Comment); ok {
		return // comments never continue
	}
	if raw := l.raw(); open(raw) {
		l.setRaw(raw + emptyLine(raw, f.EOL()))
	}
}

// open reports whether the logical line in raw is still open at its
// end: its last physical line that is not a comment line (systemd skips
// those inside a continuation) ends in an odd run of backslashes.
func open(raw string) bool {
	var last string
	for o, k := 0, 0; o < len(raw); k++ {
		e := o + nextEOL(raw[o:])
		if k == 0 || !isCommentLine(raw[o:e]) {
			last = raw[o:e]
		}
		o = eolEnd(raw, e)
	}
	return continues(last)
}

// emptyLine is the line end that, after raw (which ends in a line end),
// makes an empty line: eol, unless raw's line end would take it in as one
// line end ("\r" then "\n" is CRLF, "\n" then "\r" is one too, as in
// read_line()); then raw's own line end, which no line end takes in twice.
func emptyLine(raw, eol string) string {
	t := len(trimEOL(raw))
	if eolEnd(raw+eol, t) == len(raw) {
		return eol
	}
	return raw[t:]
}

// Delete removes e from the file. Comment lines inside a continued entry
// stay, as comment lines.
func (f *File) Delete(e *Entry) error {
	c, i := f.find(e)
	if c == nil {
		return errors.New("Delete: the entry is not in this file")
	}
	var keep []Node
	if e.strippedBOM() {
		// systemd strips the BOM of the first line that starts with one;
		// without this line it would strip a later line's, and read that
		// line differently. A line of the BOM alone keeps it here.
		keep = append(keep, &Blank{lines: newLines(bom + lineEnd(e.raw(), f.EOL()))})
	}
	if e.cont() != nil {
		keep = append(keep, f.innerComments(e)...)
	}
	*c = append((*c)[:i], append(keep, (*c)[i+1:]...)...)
	return nil
}

// strippedBOM reports whether systemd stripped a byte order mark from one
// of the node's physical lines.
func (l *lines) strippedBOM() bool {
	if c := l.cont(); c != nil {
		return c.bomLine >= 0
	}
	return l.tOff() == int32(len(bom))
}

// AddSection appends a section header [name] at the end of the file,
// after a blank line.
func (f *File) AddSection(name string) (*Section, error) {
	if err := checkSectionName(name); err != nil {
		return nil, err
	}
	// A blank line separates the new section from what comes before,
	// unless there is one already.
	f.editable()
	list := f.pre.ed
	if k := len(f.Sections); k > 0 {
		list = f.Sections[k-1].body.ed
	}
	var last Node
	if k := len(*list); k > 0 {
		last = (*list)[k-1]
	} else if k := len(f.Sections); k > 0 {
		last = f.Sections[k-1].Header
	}
	if last != nil {
		f.terminate(last)
		if _, blank := last.(*Blank); !blank {
			*list = append(*list, &Blank{lines: newLines(f.EOL())})
		}
	}
	text := "[" + name + "]"
	h := &Header{}
	h.lines = newLines(text + f.EOL())
	s := &Section{Header: h, Ignored: !SectionKnown(f.Type, name), f: f, body: nodeList{ed: new([]Node)}}
	f.Sections = append(f.Sections, s)
	return s, nil
}

// InsertComment puts a comment line "# text" above node n, indented like
// n. n may be a section header or any node in the file.
func (f *File) InsertComment(n Node, text string) (*Comment, error) {
	if strings.ContainsAny(text, "\n\r\x00") {
		return nil, fmt.Errorf("comment %q: a comment cannot hold a line end", text)
	}
	indent := ""
	if n.Pos().IsValid() {
		indent = leadingSpace(n.Raw())
	}
	body := "# " + text
	if text == "" {
		body = "#"
	}
	c := &Comment{lines: newLines(indent + body + f.EOL())}
	if h, ok := n.(*Header); ok {
		for si, s := range f.Sections {
			if s.Header != h {
				continue
			}
			// The comment goes at the end of what precedes the header.
			f.editable()
			list := f.pre.ed
			if si > 0 {
				list = f.Sections[si-1].body.ed
			}
			if k := len(*list); k > 0 {
				f.terminate((*list)[k-1])
			} else if si > 0 {
				f.terminate(f.Sections[si-1].Header)
			}
			*list = append(*list, c)
			return c, nil
		}
		return nil, errors.New("InsertComment: the header is not in this file")
	}
	list, i := f.find(n)
	if list == nil {
		return nil, errors.New("InsertComment: the node is not in this file")
	}
	*list = append(*list, nil)
	copy((*list)[i+1:], (*list)[i:])
	(*list)[i] = c
	return c, nil
}
