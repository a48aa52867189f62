package value

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// span is the part of an *Error that table tests pin: where the bad part
// of the input is.
type span struct{ Offset, Len int }

// checkErr checks that err is an *Error inside in whose message follows
// the project's style, and returns its span (nil for a nil err).
func checkErr(t testing.TB, in string, err error) *span {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T %v is not an *Error", in, err, err)
	}
	if e.Offset < 0 || e.Len < 0 || e.Offset+e.Len > len(in) {
		t.Fatalf("%q: error span %d+%d is outside the input (%d bytes)", in, e.Offset, e.Len, len(in))
	}
	if msgProblem(e.Msg) != "" {
		t.Errorf("%q: message %q: %s", in, e.Msg, msgProblem(e.Msg))
	}
	return &span{e.Offset, e.Len}
}

// msgProblem says what is wrong with an error message's style, or "".
func msgProblem(msg string) string {
	r, _ := utf8.DecodeRuneInString(msg)
	switch {
	case msg == "":
		return "empty message"
	case unicode.IsUpper(r):
		return "starts with an upper-case letter"
	case strings.HasSuffix(msg, "."):
		return "ends with a period"
	}
	return ""
}

func TestMsgProblem(t *testing.T) {
	for msg, want := range map[string]bool{"bad value": true, "Bad value": false, "bad value.": false, "": false, "\"X\" is bad": true} {
		if got := msgProblem(msg) == ""; got != want {
			t.Errorf("msgProblem(%q) == \"\" is %v, want %v", msg, got, want)
		}
	}
}
