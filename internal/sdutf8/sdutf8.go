// Package sdutf8 is systemd's notion of valid UTF-8 (src/basic/utf8.c),
// which the lexer (a non-comment line must be valid) and the value
// parsers (environment values, \U escapes) share: well-formed UTF-8 in
// shortest form, no surrogates, nothing above U+10FFFF, and no
// noncharacters (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF), which Go's
// utf8.Valid lets through.
package sdutf8

import (
	"strings"
	"unicode/utf8"
)

// Valid is utf8_is_valid().
func Valid(s string) bool {
	i := 0
	// ASCII fast path, eight bytes at a time.
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if x&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		n := RuneLen(s[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// RuneLen is the length of the character utf8_encoded_valid_unichar()
// accepts at the start of s, or 0 when it accepts none there (or s is
// empty).
func RuneLen(s string) int {
	if s == "" {
		return 0
	}
	if s[0] < utf8.RuneSelf {
		return 1
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n <= 1 {
		return 0
	}
	if !UnicharValid(r) {
		return 0
	}
	return n
}

// UnicharValid is unichar_is_valid().
func UnicharValid(r rune) bool {
	switch {
	case r < 0 || r >= 0x110000:
		return false
	case r&^0x7FF == 0xD800:
		return false
	case r >= 0xFDD0 && r <= 0xFDEF:
		return false
	case r&0xFFFE == 0xFFFE:
		return false
	}
	return true
}

// EscapeInvalid is utf8_escape_invalid(): every byte that does not start
// a valid character becomes U+FFFD, as systemd shows such lines in its
// messages.
func EscapeInvalid(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := RuneLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteString("\uFFFD")
		i++
	}
	return b.String()
}
