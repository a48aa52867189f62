package value

// Error is a value systemd 252 rejects. Offset and Len are the byte span of
// the bad part inside the string given to the parser; Len is 0 when
// something is missing at Offset (for example at the end of the input).
// Msg starts lower case, has no final period and says what is wrong.
type Error struct {
	Offset int
	Len    int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// errAt builds an *Error for s[off:end], clamped to the input so that a
// span never leaves it.
func errAt(s string, off, end int, msg string) *Error {
	if off < 0 {
		off = 0
	}
	if off > len(s) {
		off = len(s)
	}
	if end < off {
		end = off
	}
	if end > len(s) {
		end = len(s)
	}
	return &Error{Offset: off, Len: end - off, Msg: msg}
}

// errAll marks the whole input as bad.
func errAll(s, msg string) *Error { return &Error{Offset: 0, Len: len(s), Msg: msg} }
