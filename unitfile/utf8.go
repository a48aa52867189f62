package unitfile

import "unicode/utf8"

// validUTF8 reports whether systemd's utf8_is_valid() accepts s
// (src/basic/utf8.c): well-formed UTF-8 in shortest form, no surrogates,
// nothing above U+10FFFF, and no noncharacters (U+FDD0..U+FDEF, U+xxFFFE,
// U+xxFFFF), which Go's utf8.Valid lets through. SYNTAX.md §5.2.
func validUTF8(s string) bool {
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
		n := validRuneLen(s[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// validRuneLen is the length of the character systemd accepts at the
// start of s, or 0 if it accepts none there.
func validRuneLen(s string) int {
	if s[0] < utf8.RuneSelf {
		return 1
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n <= 1 {
		return 0
	}
	if !unicharIsValid(r) {
		return 0
	}
	return n
}

// unicharIsValid is systemd's unichar_is_valid().
func unicharIsValid(r rune) bool {
	switch {
	case r >= 0x110000:
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
