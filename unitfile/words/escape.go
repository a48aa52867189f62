package words

import "github.com/usvc/usvc/internal/sdutf8"

// cunescapeOne decodes the escape sequence whose first byte after the
// backslash is s[0]. n is how many bytes of s it reads; eight means r is a
// raw byte to insert as is (\xHH and octal), else r is a code point to
// encode as UTF-8. ok is false for anything systemd refuses.
func cunescapeOne(s string) (n int, r rune, eight, ok bool) {
	// see src/basic/escape.c: cunescape_one(), with accept_nul = false
	if len(s) == 0 {
		return 0, 0, false, false
	}
	switch s[0] {
	case 'a':
		return 1, '\a', false, true
	case 'b':
		return 1, '\b', false, true
	case 'f':
		return 1, '\f', false, true
	case 'n':
		return 1, '\n', false, true
	case 'r':
		return 1, '\r', false, true
	case 't':
		return 1, '\t', false, true
	case 'v':
		return 1, '\v', false, true
	case '\\', '"', '\'':
		return 1, rune(s[0]), false, true
	case 's':
		// An extension of the XDG syntax files.
		return 1, ' ', false, true
	case 'x':
		v, good := hexValue(s, 1, 2)
		if !good || v == 0 {
			return 0, 0, false, false
		}
		return 3, v, true, true
	case 'u':
		// Not checked against the valid range: surrogates pass.
		v, good := hexValue(s, 1, 4)
		if !good || v == 0 {
			return 0, 0, false, false
		}
		return 5, v, false, true
	case 'U':
		v, good := hexValue(s, 1, 8)
		if !good || v == 0 || !unicharIsValid(v) {
			return 0, 0, false, false
		}
		return 9, v, false, true
	case '0', '1', '2', '3', '4', '5', '6', '7':
		if len(s) < 3 || !isOct(s[1]) || !isOct(s[2]) {
			return 0, 0, false, false
		}
		v := rune(s[0]-'0')<<6 | rune(s[1]-'0')<<3 | rune(s[2]-'0')
		if v == 0 || v > 255 {
			return 0, 0, false, false
		}
		return 3, v, true, true
	}
	return 0, 0, false, false
}

// hexValue reads n hex digits of s starting at i.
func hexValue(s string, i, n int) (rune, bool) {
	if len(s) < i+n {
		return 0, false
	}
	var v rune
	for _, c := range []byte(s[i : i+n]) {
		d := unhex(c)
		if d < 0 {
			return 0, false
		}
		v = v<<4 | rune(d)
	}
	return v, true
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isHex(c byte) bool { return unhex(c) >= 0 }
func isOct(c byte) bool { return c >= '0' && c <= '7' }

// encodeUnichar writes g as UTF-8 the way systemd's utf8_encode_unichar()
// does, which, unlike utf8.EncodeRune, encodes surrogates as they are.
// It returns the number of bytes written.
func encodeUnichar(out []byte, g rune) int {
	switch {
	case g < 1<<7:
		out[0] = byte(g)
		return 1
	case g < 1<<11:
		out[0] = 0xc0 | byte(g>>6)&0x1f
		out[1] = 0x80 | byte(g)&0x3f
		return 2
	case g < 1<<16:
		out[0] = 0xe0 | byte(g>>12)&0x0f
		out[1] = 0x80 | byte(g>>6)&0x3f
		out[2] = 0x80 | byte(g)&0x3f
		return 3
	case g < 1<<21:
		out[0] = 0xf0 | byte(g>>18)&0x07
		out[1] = 0x80 | byte(g>>12)&0x3f
		out[2] = 0x80 | byte(g>>6)&0x3f
		out[3] = 0x80 | byte(g)&0x3f
		return 4
	}
	return 0
}

// The UTF-8 rules are systemd's (src/basic/utf8.c), shared with the
// lexer in internal/sdutf8.
func unicharIsValid(r rune) bool { return sdutf8.UnicharValid(r) }
func validRuneLen(s string) int  { return sdutf8.RuneLen(s) }
func validUTF8(s string) bool    { return sdutf8.Valid(s) }
