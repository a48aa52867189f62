package specifier

import (
	"errors"
	"fmt"
)

// Kind is what one "%" in a value is.
type Kind uint8

const (
	// Specifier is "%" and a letter of the set: it is resolved.
	Specifier Kind = iota
	// Percent is "%%": a literal "%".
	Percent
	// Kept is "%" and a byte that is not an ASCII letter or digit ("%-",
	// "% "): both bytes are kept as they are.
	Kept
	// Trailing is a "%" at the very end of the value: it is kept.
	Trailing
	// Invalid is "%" and an ASCII letter or digit that the set does not
	// resolve: systemd fails with "Invalid slot" (EBADSLT).
	Invalid
)

func (k Kind) String() string {
	switch k {
	case Specifier:
		return "specifier"
	case Percent:
		return "percent"
	case Kept:
		return "kept"
	case Trailing:
		return "trailing"
	case Invalid:
		return "invalid"
	}
	return "unknown"
}

// Token is one "%" in a value.
type Token struct {
	Offset int  // byte offset of the "%"
	Letter byte // the byte after "%"; 0 for Trailing
	Kind   Kind
}

// End is the offset just after the token: Offset+2, or Offset+1 for
// Trailing.
func (t Token) End() int {
	if t.Kind == Trailing {
		return t.Offset + 1
	}
	return t.Offset + 2
}

// ErrInvalidSlot is systemd's EBADSLT, logged as "Invalid slot": "%" and
// a letter or digit that the context does not resolve. Most settings are
// then ignored as a whole, Exec*= fail the unit, and a dependency list
// drops that word (SYNTAX.md §9).
var ErrInvalidSlot = errors.New("invalid slot")

// ErrTooLong is systemd's ENAMETOOLONG: the resolved value would be
// longer than the caller allows (see MaxLine, MaxPath, MaxName).
var ErrTooLong = errors.New("file name too long")

// ErrNoFragment is systemd's ENOENT for %y and %Y of a unit without a
// fragment file.
var ErrNoFragment = errors.New("no such file or directory")

// ErrAbort marks a value that makes systemd 252 abort instead of
// resolving it: %J of a unit whose prefix ends in "-" ("foo-.service",
// "app-@x.service"). specifier_last_component() returns NULL for the
// empty last component and unit_name_unescape() fails its assert(f), so
// systemd-analyze dies with "Assertion 'f' failed" (still so in v255).
var ErrAbort = errors.New("systemd aborts: assertion failure in unit_name_unescape()")

// Error is a value that cannot be resolved, with the offset of the "%"
// that failed (for ErrTooLong, of the byte that made the result too
// long). Err is ErrInvalidSlot, ErrTooLong, ErrNoFragment, ErrAbort or an
// error of the unitname package (a unit name or escape that does not parse).
type Error struct {
	Offset int
	Letter byte // 0 when the error is not about a specifier
	Err    error
}

func (e *Error) Error() string {
	if e.Letter == 0 {
		return fmt.Sprintf("offset %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("offset %d: %%%c: %v", e.Offset, e.Letter, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// alnum is ALPHANUMERICAL of src/basic/string-util.h: ASCII only.
func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Scan returns every "%" of s, in order, as specifier_printf() reads it
// with set. The error is the first Invalid token, as an *Error wrapping
// ErrInvalidSlot: systemd stops there. The tokens still list them all.
func Scan(s string, set Set) ([]Token, error) {
	var toks []Token
	var first error
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+1 == len(s) {
			toks = append(toks, Token{Offset: i, Kind: Trailing})
			break
		}
		c := s[i+1]
		t := Token{Offset: i, Letter: c}
		switch {
		case c == '%':
			t.Kind = Percent
		case set.Has(c):
			t.Kind = Specifier
		case alnum(c):
			t.Kind = Invalid
			if first == nil {
				first = &Error{Offset: i, Letter: c, Err: ErrInvalidSlot}
			}
		default:
			t.Kind = Kept
		}
		toks = append(toks, t)
		i++
	}
	return toks, first
}

// Escape doubles every "%" so that s resolves to itself
// (specifier_escape()).
func Escape(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			b = append(b, '%')
		}
		b = append(b, s[i])
	}
	return string(b)
}
