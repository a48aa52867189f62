package sdutf8

import (
	"testing"
	"unicode/utf8"
)

func TestValid(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"", true},
		{"plain ascii, longer than eight bytes", true},
		{"\x01\x7f control bytes are valid", true},
		{"caf\xc3\xa9", true},
		{"caf\xe9", false},               // Latin-1
		{"\xc0\xaf", false},              // overlong
		{"\xed\xa0\x80", false},          // a surrogate (CESU)
		{"\xef\xbf\xbe", false},          // U+FFFE
		{"\uFDD0", false},                // noncharacter
		{"\U0010FFFD", true},             // the last valid plane-16 character
		{"\xf4\x90\x80\x80", false},      // above U+10FFFF
		{"12345678\xe2\x82", false},      // truncated after the fast path
		{"\xf0\x9f\x98\x80 emoji", true}, // 4 bytes
		{"abcdefgh\xff", false},
	} {
		if got := Valid(c.in); got != c.want {
			t.Errorf("Valid(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestEscapeInvalid(t *testing.T) {
	if got, want := EscapeInvalid("a\xffb\xc3\xa9\xed\xa0\x80"), "a\uFFFDb\u00e9\uFFFD\uFFFD\uFFFD"; got != want {
		t.Errorf("EscapeInvalid = %q, want %q", got, want)
	}
}

// FuzzValid: Valid agrees with Go's utf8.ValidString except on
// noncharacters, which systemd refuses.
func FuzzValid(f *testing.F) {
	f.Add("caf\xc3\xa9")
	f.Add("\xef\xbf\xbf")
	f.Fuzz(func(t *testing.T, s string) {
		nonchar := false
		for _, r := range s {
			if !UnicharValid(r) && r != utf8.RuneError {
				nonchar = true
			}
		}
		if Valid(s) && !utf8.ValidString(s) {
			t.Fatalf("Valid(%q) but Go says invalid", s)
		}
		if utf8.ValidString(s) && !nonchar && !Valid(s) {
			t.Fatalf("Valid(%q) false for well-formed text without noncharacters", s)
		}
		_ = EscapeInvalid(s)
	})
}
