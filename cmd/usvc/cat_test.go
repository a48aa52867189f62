package main

import (
	"strings"
	"testing"
)

// TestCatLines pins how cat splits lines: like systemctl's read_line().
func TestCatLines(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"a", "a\n"},
		{"a\n", "a\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb", "a\nb\n"},
		{"a\x00b\n", "a\nb\n"},
		{"\n\n", "\n\n"},
		{"a\n\rb", "a\nb\n"},
		{"a\r\n\r\nb", "a\n\nb\n"},
		{"a\r\x00b", "a\nb\n"},
		{"a\x00\nb", "a\n\nb\n"},
	}
	for _, c := range cases {
		var b strings.Builder
		catLines(&b, []byte(c.in))
		if b.String() != c.want {
			t.Errorf("catLines(%q) = %q, want %q", c.in, b.String(), c.want)
		}
	}
}
