package words

import (
	"fmt"
	"iter"
	"strings"
)

// Flags selects how a Splitter reads words. They are systemd's
// ExtractFlags (src/basic/extract-word.h), with the same meaning; with no
// flags at all a backslash is dropped and the byte after it kept.
type Flags uint16

// The flags, in systemd's order.
const (
	// Relax allows an unbalanced quote and drops a trailing backslash
	// (EXTRACT_RELAX).
	Relax Flags = 1 << iota
	// CUnescape decodes C escape sequences (EXTRACT_CUNESCAPE); an unknown
	// one is an error unless UnescapeRelax is set.
	CUnescape
	// UnescapeRelax keeps unknown escape sequences and a trailing backslash
	// verbatim (EXTRACT_UNESCAPE_RELAX).
	UnescapeRelax
	// UnescapeSeparators makes "\" + separator or "\\" stand for the
	// character itself (EXTRACT_UNESCAPE_SEPARATORS).
	UnescapeSeparators
	// KeepQuote makes quotes group separators but keeps the quote
	// characters (EXTRACT_KEEP_QUOTE).
	KeepQuote
	// Unquote makes quotes group separators and removes them
	// (EXTRACT_UNQUOTE).
	Unquote
	// DontCoalesceSeparators makes each separator end a word, so that two
	// in a row give an empty word (EXTRACT_DONT_COALESCE_SEPARATORS).
	DontCoalesceSeparators
	// RetainEscape makes the backslash an ordinary character
	// (EXTRACT_RETAIN_ESCAPE).
	RetainEscape
	// RetainSeparators leaves the separator after a word unread
	// (EXTRACT_RETAIN_SEPARATORS).
	RetainSeparators
)

// Whitespace is systemd's WHITESPACE, the default separators.
const Whitespace = " \t\n\r"

// span is a range of input offsets, [start, end).
type span struct{ start, end int32 }

// Word is one word a Splitter found.
type Word struct {
	// Text is the word after unquoting and unescaping, before specifier
	// expansion. It can hold any byte but NUL, including bytes that are not
	// UTF-8 (from \xHH and octal escapes).
	Text string
	// Start and End delimit the word's raw text in the input,
	// input[Start:End], quotes and backslashes included.
	Start, End int
	// UnknownEscapes holds the offsets of the backslashes that
	// UnescapeRelax kept verbatim because they do not start a valid escape
	// sequence (systemd warns "Ignoring unknown escape sequences" for
	// Exec*= lines).
	UnknownEscapes []int
	// src[i] is the range of input that produced Text[i], unless ident.
	src []span
	// ident: Text is the input from Start+shift byte for byte, so Text[i]
	// came from Start+shift+i and src is not kept. Most words are plain or
	// wholly quoted (shift 1): this spares a Splitter two allocations per
	// byte of growth for them.
	ident bool
	shift int32
}

// Span gives the input range that produced Text[i:j]. For an empty range it
// gives the position of Text[i] (the word's end when i == len(Text)) twice.
// Like slicing, it panics unless 0 <= i <= j <= len(Text).
func (w Word) Span(i, j int) (start, end int) {
	n := len(w.src)
	if w.ident {
		n = len(w.Text)
	}
	if i < 0 || j > n || i > j {
		panic(fmt.Sprintf("words: Span(%d, %d) out of range for %d bytes", i, j, n))
	}
	if w.ident {
		if i == j && i == n {
			return w.End, w.End
		}
		at := w.Start + int(w.shift)
		return at + i, at + j
	}
	if i == j {
		if i < len(w.src) {
			s := int(w.src[i].start)
			return s, s
		}
		return w.End, w.End
	}
	return int(w.src[i].start), int(w.src[j-1].end)
}

// Slice returns the part of w that produced Text[i:j], as a Word of its own
// whose Start and End cover only that part.
func (w Word) Slice(i, j int) Word {
	s, e := w.Span(i, j)
	v := Word{Text: w.Text[i:j], Start: s, End: e, ident: w.ident}
	if !w.ident {
		v.src = w.src[i:j:j]
	}
	for _, u := range w.UnknownEscapes {
		if u >= s && u < e {
			v.UnknownEscapes = append(v.UnknownEscapes, u)
		}
	}
	return v
}

// ErrorKind says why a Splitter refused a word.
type ErrorKind uint8

// The reasons extract_first_word() returns -EINVAL.
const (
	// ErrUnbalancedQuote: a quote is opened and never closed.
	ErrUnbalancedQuote ErrorKind = iota + 1
	// ErrBadEscape: a backslash starts no valid escape sequence.
	ErrBadEscape
	// ErrTrailingBackslash: the input ends with a backslash (inside quotes,
	// or without UnescapeRelax or Relax).
	ErrTrailingBackslash
)

func (k ErrorKind) String() string {
	switch k {
	case ErrUnbalancedQuote:
		return "unbalanced quote"
	case ErrBadEscape:
		return "invalid escape sequence"
	case ErrTrailingBackslash:
		return "trailing backslash"
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// SyntaxError is a word systemd refuses to read.
type SyntaxError struct {
	Kind ErrorKind
	// Offset and End delimit the bad part of the input: the opening quote
	// up to the end of the input for an unbalanced quote, the backslash and
	// the bytes it fails to escape for a bad escape, the backslash for a
	// trailing backslash.
	Offset, End int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at offset %d", e.Kind, e.Offset)
}

// Splitter reads words one at a time from a string, as repeated calls of
// extract_first_word() on the same pointer do.
type Splitter struct {
	s     string
	pos   int // systemd's *p; -1 once systemd has set *p = NULL
	seps  string
	flags Flags
}

// NewSplitter returns a Splitter over s. seps holds the separator bytes;
// "" means Whitespace, as NULL does in systemd.
func NewSplitter(s, seps string, flags Flags) *Splitter {
	if seps == "" {
		seps = Whitespace
	}
	return &Splitter{s: cstring(s), seps: seps, flags: flags}
}

// cstring cuts s at its first NUL byte: systemd sees no further.
func cstring(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// Pos is the offset where the next call of Next starts reading, which is
// where systemd's pointer stands; after an error it is where systemd
// stopped. It is -1 once systemd would have set the pointer to NULL
// (the input is used up).
func (sp *Splitter) Pos() int { return sp.pos }

// Rest is the unread input, "" once the input is used up.
func (sp *Splitter) Rest() string {
	if sp.pos < 0 {
		return ""
	}
	return sp.s[sp.pos:]
}

// Done reports whether the input is used up: Next would return no word.
// It is systemd's isempty(p).
func (sp *Splitter) Done() bool { return sp.pos < 0 || sp.pos >= len(sp.s) }

// skip moves the read position forward by n bytes, as config_parse_exec()
// does when it handles ";" and "\;" itself.
func (sp *Splitter) skip(n int) {
	if sp.pos >= 0 {
		sp.pos += n
	}
}

// skipWhitespace skips Whitespace bytes, as strspn(p, WHITESPACE).
func (sp *Splitter) skipWhitespace() {
	for sp.pos >= 0 && sp.pos < len(sp.s) && strings.IndexByte(Whitespace, sp.s[sp.pos]) >= 0 {
		sp.pos++
	}
}

// Next returns the next word. ok is false when there is none left. On error
// no word is returned and the Splitter stays where systemd's pointer would
// be.
func (sp *Splitter) Next() (w Word, ok bool, err error) {
	// see src/basic/extract-word.c: extract_first_word()
	if sp.pos < 0 {
		return Word{}, false, nil
	}
	s, f := sp.s, sp.flags
	isSep := func(c byte) bool { return strings.IndexByte(sp.seps, c) >= 0 }
	var (
		buf       []byte
		src       []span
		unknown   []int
		started   bool // systemd's s != NULL: a word is being returned
		quote     byte
		quoteAt   int
		backslash bool
		bsAt      int
		i         = sp.pos
		start     = -1
		end       int
	)
	// While the bytes added are a run of the input (from base), the word
	// is kept as a slice of it (verbatim): plain words, and quoted ones
	// whose quote opens them; the first byte that breaks the run (after a
	// quote inside, or an escape) copies the word into buf and src.
	verbatim, n, base := true, 0, 0 // base is set by the word's first byte
	add := func(c byte, from, to int) {
		if verbatim {
			if to == from+1 && s[from] == c && (n == 0 || from == base+n) {
				if n == 0 {
					base = from
				}
				n++
				return
			}
			verbatim = false
			buf = append(buf, s[base:base+n]...)
			for k := base; k < base+n; k++ {
				src = append(src, span{int32(k), int32(k + 1)})
			}
		}
		buf = append(buf, c)
		src = append(src, span{int32(from), int32(to)})
	}
	word := func() Word {
		if verbatim {
			if n == 0 {
				base = start
			}
			return Word{Text: s[base : base+n], Start: start, End: end, UnknownEscapes: unknown, ident: true, shift: int32(base - start)}
		}
		return Word{Text: string(buf), Start: start, End: end, UnknownEscapes: unknown, src: src}
	}

	if f&DontCoalesceSeparators != 0 {
		started = true
		start = i
	}
	// Skip leading separators.
	for ; ; i++ {
		if i >= len(s) {
			sp.pos = -1
			if !started {
				return Word{}, false, nil
			}
			end = i
			return word(), true, nil
		}
		if isSep(s[i]) {
			if f&DontCoalesceSeparators != 0 {
				end = i
				if f&RetainSeparators == 0 {
					i++
				}
				sp.pos = i
				return word(), true, nil
			}
			continue
		}
		started = true
		start = i
		break
	}

	for {
		switch {
		case backslash:
			if i >= len(s) {
				end = i
				if f&UnescapeRelax != 0 && (quote == 0 || f&Relax != 0) {
					// An unquoted trailing backslash is kept with
					// UnescapeRelax.
					add('\\', bsAt, bsAt+1)
					sp.pos = -1
					return word(), true, nil
				}
				if f&Relax != 0 {
					sp.pos = -1
					return word(), true, nil
				}
				sp.pos = i
				return Word{}, false, &SyntaxError{Kind: ErrTrailingBackslash, Offset: bsAt, End: bsAt + 1}
			}
			c := s[i]
			if f&(CUnescape|UnescapeSeparators) != 0 {
				var n int
				var r rune
				var eight, valid bool
				if f&CUnescape != 0 {
					n, r, eight, valid = cunescapeOne(s[i:])
				}
				switch {
				case valid:
					i += n - 1
					if eight {
						add(byte(r), bsAt, i+1)
					} else {
						var tmp [4]byte
						for _, b := range tmp[:encodeUnichar(tmp[:], r)] {
							add(b, bsAt, i+1)
						}
					}
				case f&UnescapeSeparators != 0 && (isSep(c) || c == '\\'):
					add(c, bsAt, i+1)
				case f&UnescapeRelax != 0:
					add('\\', bsAt, bsAt+1)
					add(c, i, i+1)
					unknown = append(unknown, bsAt)
				default:
					sp.pos = i
					return Word{}, false, &SyntaxError{Kind: ErrBadEscape, Offset: bsAt, End: badEscapeEnd(s, i)}
				}
			} else {
				add(c, bsAt, i+1)
			}
			backslash = false
			i++

		case quote != 0:
			for {
				if i >= len(s) {
					end = i
					if f&Relax != 0 {
						sp.pos = -1
						return word(), true, nil
					}
					sp.pos = i
					return Word{}, false, &SyntaxError{Kind: ErrUnbalancedQuote, Offset: quoteAt, End: len(s)}
				}
				c := s[i]
				if c == quote {
					quote = 0
					if f&Unquote != 0 {
						i++
						break
					}
				} else if c == '\\' && f&RetainEscape == 0 {
					backslash, bsAt = true, i
					i++
					break
				}
				add(c, i, i+1)
				i++
				if quote == 0 {
					break
				}
			}

		default:
			for {
				if i >= len(s) {
					end = i
					sp.pos = -1
					return word(), true, nil
				}
				c := s[i]
				if (c == '\'' || c == '"') && f&(KeepQuote|Unquote) != 0 {
					quote, quoteAt = c, i
					if f&Unquote != 0 {
						i++
						break
					}
				} else if c == '\\' && f&RetainEscape == 0 {
					backslash, bsAt = true, i
					i++
					break
				} else if isSep(c) {
					end = i
					if f&DontCoalesceSeparators != 0 {
						if f&RetainSeparators == 0 {
							i++
						}
						sp.pos = i
						return word(), true, nil
					}
					if f&RetainSeparators == 0 {
						// Skip the separators that follow.
						for {
							if i >= len(s) {
								sp.pos = -1
								return word(), true, nil
							}
							if !isSep(s[i]) {
								break
							}
							i++
						}
					}
					sp.pos = i
					return word(), true, nil
				}
				add(c, i, i+1)
				i++
				if quote != 0 {
					break
				}
			}
		}
	}
}

// badEscapeEnd is where the bad escape sequence whose first byte after the
// backslash is s[i] ends, for error spans: the letter, plus the digits
// that \x, \u, \U and octal escapes would have read.
func badEscapeEnd(s string, i int) int {
	j := i + 1
	if s[i] >= 0x80 {
		// A multi-byte character after the backslash belongs to the span
		// whole.
		for j < len(s) && s[j]&0xC0 == 0x80 {
			j++
		}
		return j
	}
	want := 0
	switch c := s[i]; {
	case c == 'x':
		want = 2
	case c == 'u':
		want = 4
	case c == 'U':
		want = 8
	case c >= '0' && c <= '7':
		want = 2
	}
	for j < len(s) && j <= i+want && isHex(s[j]) {
		j++
	}
	return j
}

// Split returns all words of s. On error it returns the words read before
// the bad one, and the error.
func Split(s, seps string, flags Flags) ([]Word, error) {
	sp := NewSplitter(s, seps, flags)
	var out []Word
	for {
		w, ok, err := sp.Next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, w)
	}
}

// Words iterates over the words of s. On error it yields a zero Word with
// the error and stops.
func Words(s, seps string, flags Flags) iter.Seq2[Word, error] {
	return func(yield func(Word, error) bool) {
		sp := NewSplitter(s, seps, flags)
		for {
			w, ok, err := sp.Next()
			if err != nil {
				yield(Word{}, err)
				return
			}
			if !ok || !yield(w, nil) {
				return
			}
		}
	}
}

// Texts returns the Text of each word.
func Texts(ws []Word) []string {
	if ws == nil {
		return nil
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}
