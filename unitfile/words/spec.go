package words

import (
	"errors"
	"fmt"
)

// SpecifierFunc resolves the specifier %c, for a letter or digit c. ok is
// false when c is not in the table of the context (systemd's "Invalid
// slot"). The tables differ by setting (src/core/unit-printf.c:
// unit_name_printf() knows fewer letters than unit_full_printf_full()), so
// the caller passes the one that fits the setting.
type SpecifierFunc func(c byte) (value string, ok bool)

// Specifier is a "%" sequence in a word's text that specifier_printf()
// acts on: "%%" or "%" followed by a letter or digit.
type Specifier struct {
	// Letter is the byte after the "%"; '%' for "%%", which stands for a
	// single "%".
	Letter byte
	// Index is the offset of the "%" in Word.Text.
	Index int
	// Start and End delimit the two bytes in the input. They can cover an
	// escape sequence: "\x25h" is the specifier %h too, because systemd
	// unescapes before it expands.
	Start, End int
}

// Specifiers locates the specifiers in w.Text as
// src/shared/specifier.c: specifier_printf() reads them: "%%", and "%"
// followed by a letter or digit. A "%" followed by anything else, or at the
// end, is kept literally and is not reported.
func (w Word) Specifiers() []Specifier {
	var out []Specifier
	t := w.Text
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 >= len(t) {
			continue
		}
		c := t[i+1]
		if c == '%' || isAlnum(c) {
			s, e := w.Span(i, i+2)
			out = append(out, Specifier{Letter: c, Index: i, Start: s, End: e})
			i++
		} else {
			// "%-" is kept, and the byte after "%" is not looked at again.
			i++
		}
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// SpecifierError is a specifier that cannot be expanded.
type SpecifierError struct {
	// Letter is the unknown specifier, 0 for an over-long result.
	Letter byte
	// Index is the offset of the "%" in the text, -1 for an over-long
	// result.
	Index int
	// Err is ErrInvalidSlot or ErrTooLong.
	Err error
}

func (e *SpecifierError) Error() string {
	if e.Letter != 0 {
		return fmt.Sprintf("%%%c: %v", e.Letter, e.Err)
	}
	return e.Err.Error()
}

func (e *SpecifierError) Unwrap() error { return e.Err }

// The errors specifier_printf() returns, with strerror()'s text, which is
// what systemd's messages print.
var (
	// ErrInvalidSlot is -EBADSLT: "%" and a letter or digit that is not a
	// specifier of the context.
	ErrInvalidSlot = errors.New("Invalid slot")
	// ErrTooLong is -ENAMETOOLONG: the result is longer than the setting
	// allows.
	ErrTooLong = errors.New("File name too long")
)

// Length limits specifier_printf() is called with (src/core/unit-printf.h).
const (
	// LongLineMax is LONG_LINE_MAX, the limit for most values
	// (unit_full_printf()), and one more than the longest physical line.
	LongLineMax = 1 << 20
	// PathMax is PATH_MAX, including the NUL byte; paths expanded by
	// unit_path_printf() may have PathMax-1 bytes.
	PathMax = 4096
	// UnitNameMax is UNIT_NAME_MAX, the limit in unit_name_printf().
	UnitNameMax = 256
	// ArgMax is sysconf(_SC_ARG_MAX) on a Linux system with the default
	// 8 MiB stack limit, the limit for environment assignments
	// (unit_env_printf()). It depends on the stack limit of the running
	// manager; no unit-file line can come near it.
	ArgMax = 2097152
)

// ExpandSpecifiers replaces the specifiers in text as specifier_printf()
// does: "%%" gives "%", "%" and a letter or digit is looked up with f, and
// any other "%", or one at the end, is kept. The result may have at most
// max bytes. A nil f expands nothing and returns text as it is.
func ExpandSpecifiers(text string, f SpecifierFunc, max int) (string, error) {
	// see src/shared/specifier.c: specifier_printf()
	if f == nil {
		return text, nil
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(text) {
			// A stray "%" at the end is kept.
			out = append(out, '%')
			break
		}
		i++
		c = text[i]
		switch {
		case c == '%':
			out = append(out, '%')
		case isAlnum(c):
			v, ok := f(c)
			if !ok {
				return "", &SpecifierError{Letter: c, Index: i - 1, Err: ErrInvalidSlot}
			}
			out = append(out, v...)
		default:
			out = append(out, '%', c)
		}
		if len(out) > max {
			return "", &SpecifierError{Index: -1, Err: ErrTooLong}
		}
	}
	if len(out) > max {
		return "", &SpecifierError{Index: -1, Err: ErrTooLong}
	}
	return string(out), nil
}

// hasSpecifier reports whether text holds a "%" that specifier_printf()
// would act on.
func hasSpecifier(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		if text[i] == '%' {
			if c := text[i+1]; c == '%' || isAlnum(c) {
				return true
			}
			i++
		}
	}
	return false
}
