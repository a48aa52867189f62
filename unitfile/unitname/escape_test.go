package unitname

import (
	"errors"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc:_.XYZ09", "abc:_.XYZ09"},
		{"a/b", "a-b"},
		{"/a/b/", "-a-b-"}, // plain escaping keeps every slash
		{"a-b", `a\x2db`},
		{`a\b`, `a\x5cb`},
		{".hidden", `\x2ehidden`},
		{"..", `\x2e.`},
		{"a.b", "a.b"},
		{"a b", `a\x20b`},
		{"\x01", `\x01`}, // always two digits
		{"\x7f\x1f", `\x7f\x1f`},
		{"é", `\xc3\xa9`},
		{"a@b", `a\x40b`},
		{"%i", `\x25i`},
		{"\x00", `\x00`},
	}
	for _, tc := range tests {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct {
		in, want string
		offset   int // of the error, -1 if none
	}{
		{"", "", -1},
		{"a-b", "a/b", -1},
		{`a\x2db`, "a-b", -1},
		{`\x2D\x2d`, "--", -1}, // either case of hex digit
		{`\xc3\xa9`, "é", -1},  // bytes >= 0x80 too
		{`\xff`, "\xff", -1},   // not UTF-8, still a byte
		{`\x01`, "\x01", -1},
		{"a@b.c", "a@b.c", -1},
		{`a\x00b`, "a", -1}, // systemd's result is a C string
		{`\x`, "", 0},
		{`ab\x4`, "", 2},
		{`\x4g`, "", 0},
		{`\X41`, "", 0},
		{`a\`, "", 1},
		{`a\\x41`, "", 1},
		{`\x-1`, "", 0},
		{`\x+f`, "", 0},
	}
	for _, tc := range tests {
		got, err := Unescape(tc.in)
		if tc.offset < 0 {
			if err != nil || got != tc.want {
				t.Errorf("Unescape(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Offset != tc.offset || !errors.Is(err, ErrInvalid) {
			t.Errorf("Unescape(%q) error = %v; want ErrInvalid at offset %d", tc.in, err, tc.offset)
		}
	}
}

func TestPathEscape(t *testing.T) {
	tests := []struct {
		in, want string
		offset   int // of the error, -1 if none
	}{
		{"/", "-", -1},
		{"", "-", -1},
		{"//", "-", -1},
		{"/./", "-", -1},
		{"/foo", "foo", -1},
		{"/foo/bar", "foo-bar", -1},
		{"//foo///bar//", "foo-bar", -1},
		{"/foo/./bar/.", "foo-bar", -1},
		{"foo/bar", "foo-bar", -1}, // relative paths are accepted
		{"./foo", "foo", -1},
		{"/foo-bar", `foo\x2dbar`, -1},
		{"/.dot/x", `\x2edot-x`, -1},
		{"/a b/é", `a\x20b-\xc3\xa9`, -1},
		{"/home/user/my dir", `home-user-my\x20dir`, -1},
		{".", "", 0},
		{"/foo/../bar", "", 5},
		{"..", "", 0},
		{"/" + strings.Repeat("x", 256), "", 1},
		{"/" + strings.Repeat("x", 255), strings.Repeat("x", 255), -1},
	}
	for _, tc := range tests {
		got, err := PathEscape(tc.in)
		if tc.offset < 0 {
			if err != nil || got != tc.want {
				t.Errorf("PathEscape(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Offset != tc.offset {
			t.Errorf("PathEscape(%q) = %q, %v; want error at offset %d", tc.in, got, err, tc.offset)
		}
	}
}

func TestPathUnescape(t *testing.T) {
	tests := []struct {
		in, want string
		offset   int
	}{
		{"-", "/", -1},
		{"foo", "/foo", -1},
		{"foo-bar", "/foo/bar", -1},
		{`foo\x2dbar`, "/foo-bar", -1},
		{`\x2edot`, "/.dot", -1},
		{"", "", 0},
		{"-foo", "", 0},      // leading slash
		{"foo-", "", 3},      // trailing slash
		{`foo\x2f`, "", 3},   // trailing slash from an escape
		{"a--b", "", 1},      // "//"
		{"a-.-b", "", 2},     // "." component
		{"a-..-b", "", 2},    // ".." component
		{`a\xzz`, "", 1},     // bad escape
		{".", "", 0},         // "/." is not normalized
		{`a\x00b`, "/a", -1}, // C string
	}
	for _, tc := range tests {
		got, err := PathUnescape(tc.in)
		if tc.offset < 0 {
			if err != nil || got != tc.want {
				t.Errorf("PathUnescape(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Offset != tc.offset {
			t.Errorf("PathUnescape(%q) = %q, %v; want error at offset %d", tc.in, got, err, tc.offset)
		}
	}
}

func TestToPathAndHash(t *testing.T) {
	tests := []struct {
		name, want string
		err        error
	}{
		{"-.mount", "/", nil},
		{"home-user.mount", "/home/user", nil},
		{`dev-disk-by\x2dlabel-x.device`, "/dev/disk/by-label/x", nil},
		{"foo@bar.service", "/foo", nil}, // the prefix, not the instance
		{"foo-.service", "", ErrInvalid},
		{"foo_0123456789abcdef.mount", "", ErrTooLong},
		{"foo_0123456789ABCDEF.mount", "/foo_0123456789ABCDEF", nil}, // upper case is not a hash
		{"foo", "", ErrInvalid},
	}
	for _, tc := range tests {
		got, err := ToPath(tc.name)
		if got != tc.want || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
			t.Errorf("ToPath(%q) = %q, %v; want %q, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

func TestFromPath(t *testing.T) {
	long := "/dev/disk/by-id/" + strings.Repeat("x", 250)
	got, err := FromPath(long, ".device")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != Max-1 || !IsHashed(got) || !strings.HasSuffix(got, ".device") {
		t.Errorf("FromPath(long) = %q (%d bytes); want a hashed 255-byte name", got, len(got))
	}
	escaped, _ := PathEscape(long)
	if !strings.HasPrefix(got, escaped[:Max-1-len("device")-hashLen-2]+"_") {
		t.Errorf("FromPath(long) = %q does not start with the escaped path", got)
	}
	if got, err := FromPath("/home", ".mount"); got != "home.mount" || err != nil {
		t.Errorf("FromPath(/home) = %q, %v", got, err)
	}
	if _, err := FromPath("/home", "mount"); err == nil {
		t.Error("FromPath with suffix without dot gave no error")
	}
	if _, err := FromPath("/a/../b", ".mount"); err == nil {
		t.Error("FromPath(/a/../b) gave no error")
	}
	if got, err := FromPathInstance("systemd-fsck", "/dev/sda1", ".service"); got != "systemd-fsck@dev-sda1.service" || err != nil {
		t.Errorf("FromPathInstance = %q, %v", got, err)
	}
	if _, err := FromPathInstance("p", "/"+strings.Repeat("x", 250), ".service"); !errors.Is(err, ErrTooLong) {
		t.Errorf("FromPathInstance(long) error = %v; want ErrTooLong", err)
	}
}

// SipHash-2-4 test vector from the reference implementation (key
// 00..0f; message 00..0e, and the empty message).
func TestSipHash24(t *testing.T) {
	var key [16]byte
	for i := range key {
		key[i] = byte(i)
	}
	msg := make([]byte, 15)
	for i := range msg {
		msg[i] = byte(i)
	}
	if got, want := sipHash24(key, msg), uint64(0xa129ca6149be45e5); got != want {
		t.Errorf("sipHash24 = %#x; want %#x", got, want)
	}
	if got, want := sipHash24(key, nil), uint64(0x726fdb47dd0e0e31); got != want {
		t.Errorf("sipHash24(empty) = %#x; want %#x", got, want)
	}
}

func TestMangle(t *testing.T) {
	tests := []struct {
		in      string
		glob    bool
		want    string
		changed bool
		err     bool
	}{
		{"foo.service", false, "foo.service", false, false},
		{"foo", false, "foo.service", true, false},
		{"foo@bar", false, "foo@bar.service", true, false},
		{"/dev/sda", false, "dev-sda.device", true, false},
		{"/sys/class/net/eth0", false, "sys-class-net-eth0.device", true, false},
		{"/dev", false, "dev.mount", true, false},
		{"/home/user", false, "home-user.mount", true, false},
		{"/", false, "-.mount", true, false},
		{"a b", false, `a\x20b.service`, true, false},
		{"a/b", false, "a-b.service", true, false},
		{"foo*", false, `foo\x2a.service`, true, false},
		{"foo*", true, "foo*", false, false},
		{"foo.*", true, "foo.*", false, false},
		{"fo o*", true, `fo\x20o*`, true, false},
		{"@bar.service", false, "", false, true},
		{"", false, "", false, true},
		{"/a/../b", false, `-a-..-b.service`, true, false}, // not a normalized path: plain mangling
	}
	for _, tc := range tests {
		got, changed, err := Mangle(tc.in, ".service", tc.glob)
		if got != tc.want || changed != tc.changed || (err != nil) != tc.err {
			t.Errorf("Mangle(%q, glob=%v) = %q, %v, %v; want %q, %v, err %v", tc.in, tc.glob, got, changed, err, tc.want, tc.changed, tc.err)
		}
	}
}

func TestInstanceHelpers(t *testing.T) {
	if got, err := EscapeInstance("foo@.service", "/a b", false); got != `foo@-a\x20b.service` || err != nil {
		t.Errorf("EscapeInstance = %q, %v", got, err)
	}
	if got, err := EscapeInstance("foo@.service", "/a b", true); got != `foo@a\x20b.service` || err != nil {
		t.Errorf("EscapeInstance path = %q, %v", got, err)
	}
	if _, err := EscapeInstance("foo.service", "x", false); err == nil {
		t.Error("EscapeInstance with a plain name gave no error")
	}
	if _, err := EscapeInstance("foo@.service", "", false); err == nil {
		t.Error("EscapeInstance with an empty instance gave no error")
	}
	if got, err := UnescapeInstance(`foo@a\x20b-c.service`, "", false); got != "a b/c" || err != nil {
		t.Errorf("UnescapeInstance = %q, %v", got, err)
	}
	if got, err := UnescapeInstance(`foo@a-c.service`, "foo@.service", true); got != "/a/c" || err != nil {
		t.Errorf("UnescapeInstance path = %q, %v", got, err)
	}
	if _, err := UnescapeInstance(`foo@a.service`, "bar@.service", false); err == nil {
		t.Error("UnescapeInstance with another template gave no error")
	}
	if _, err := UnescapeInstance(`foo@.service`, "", false); err == nil {
		t.Error("UnescapeInstance of a template gave no error")
	}
}
