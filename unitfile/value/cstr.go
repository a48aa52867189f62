package value

import (
	"math"
	"strings"
)

// This file reproduces the few C library and systemd string helpers the
// parsers are built on, with glibc's behaviour (Debian 12, glibc 2.36, C
// locale), because their corner cases decide what systemd accepts.

// isWhitespace reports whether c is in systemd's WHITESPACE set
// (src/basic/string-util.h: " \t\n\r").
func isWhitespace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// isCSpace is isspace() in the C locale, which strtol() and friends skip:
// WHITESPACE plus vertical tab and form feed.
func isCSpace(c byte) bool {
	return isWhitespace(c) || c == '\v' || c == '\f'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipWhitespace is p += strspn(p, WHITESPACE).
func skipWhitespace(s string, i int) int {
	for i < len(s) && isWhitespace(s[i]) {
		i++
	}
	return i
}

// skipDigits is p += strspn(p, DIGITS).
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// cNumber is what one call of glibc's strtol family reports.
type cNumber struct {
	mag      uint64 // magnitude, saturated at MaxUint64 on overflow
	neg      bool   // a '-' sign was read
	end      int    // endptr as an index; the start index when nothing was converted
	overflow bool   // the magnitude does not fit in 64 bits (errno = ERANGE)
}

// cStrto scans s[i:] like glibc's strtoul()/strtol() with the given base
// (0, 2, 8, 10 or 16): leading isspace(), one optional sign, a "0x" prefix
// for base 0 and 16, a leading "0" meaning octal for base 0. When no digit
// follows, end is i, except after "0x", where glibc leaves end on the 'x'.
func cStrto(s string, i, base int) cNumber {
	start := i
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	var n cNumber
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		n.neg = s[i] == '-'
		i++
	}
	hexPrefix := false
	if i < len(s) && s[i] == '0' {
		if (base == 0 || base == 16) && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') {
			i += 2
			base = 16
			hexPrefix = true
		} else if base == 0 {
			base = 8
		}
	} else if base == 0 {
		base = 10
	}
	digits := i
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		if n.mag > (math.MaxUint64-uint64(d))/uint64(base) {
			n.overflow = true
			n.mag = math.MaxUint64
			continue
		}
		if !n.overflow {
			n.mag = n.mag*uint64(base) + uint64(d)
		}
	}
	if i == digits {
		n.mag, n.neg, n.overflow = 0, false, false
		if hexPrefix {
			n.end = digits - 1
		} else {
			n.end = start
		}
		return n
	}
	n.end = i
	return n
}

// digitValue is the value of c as a digit in bases up to 36, or 99.
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// strtoull is glibc's strtoull(): a '-' sign negates modulo 2^64, and
// erange is errno == ERANGE.
func strtoull(s string, i, base int) (v uint64, end int, erange bool) {
	n := cStrto(s, i, base)
	if n.overflow {
		return math.MaxUint64, n.end, true
	}
	if n.neg {
		return -n.mag, n.end, false
	}
	return n.mag, n.end, false
}

// strtoll is glibc's strtoll() (and strtol() on 64-bit Linux).
func strtoll(s string, i, base int) (v int64, end int, erange bool) {
	n := cStrto(s, i, base)
	switch {
	case n.neg && (n.overflow || n.mag > 1<<63):
		return math.MinInt64, n.end, true
	case !n.neg && (n.overflow || n.mag > math.MaxInt64):
		return math.MaxInt64, n.end, true
	case n.neg:
		return -int64(n.mag), n.end, false
	}
	return int64(n.mag), n.end, false
}

// mangleBase is systemd's mangle_base() (src/basic/parse-util.c): with no
// explicit base, a Python-style "0b" or "0o" prefix selects base 2 or 8.
// It returns the new index and base.
func mangleBase(s string, i, base int) (int, int) {
	if base != 0 {
		return i, base
	}
	if strings.HasPrefix(s[i:], "0b") || strings.HasPrefix(s[i:], "0B") {
		return i + 2, 2
	}
	if strings.HasPrefix(s[i:], "0o") || strings.HasPrefix(s[i:], "0O") {
		return i + 2, 8
	}
	return i, base
}

// hasPrefixFold is systemd's startswith_no_case(): ASCII case-insensitive.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

// hasSuffixFold is systemd's endswith_no_case().
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && asciiEqualFold(s[len(s)-len(suffix):], suffix)
}

// asciiEqualFold is strcasecmp() == 0 in the C locale: only ASCII letters
// fold.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// wordEnd returns the index of the first systemd WHITESPACE byte at or
// after i, or len(s): the end of the word an error points at.
func wordEnd(s string, i int) int {
	for i < len(s) && !isWhitespace(s[i]) {
		i++
	}
	return i
}
