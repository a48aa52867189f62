package unitname

import (
	"testing"

	gounit "github.com/coreos/go-systemd/v22/unit"
)

// TestGoSystemdDeviations pins where coreos/go-systemd's unit package
// escapes differently from systemd 252 (SYNTAX.md §18 row 19), which is why
// this package has its own escaping. Each case names the deviation, what
// go-systemd gives, and what systemd gives (and this package). Should
// go-systemd be fixed, the case fails and can go.
func TestGoSystemdDeviations(t *testing.T) {
	type fn func(string) string
	escape := fn(gounit.UnitNameEscape)
	unescape := fn(gounit.UnitNameUnescape)
	pathEscape := fn(gounit.UnitNamePathEscape)
	pathUnescape := fn(gounit.UnitNamePathUnescape)
	const fails = "<error>"
	ours := map[string]func(string) (string, error){
		"escape":        func(s string) (string, error) { return Escape(s), nil },
		"unescape":      Unescape,
		"path escape":   PathEscape,
		"path unescape": PathUnescape,
	}
	theirs := map[string]fn{"escape": escape, "unescape": unescape, "path escape": pathEscape, "path unescape": pathUnescape}

	tests := []struct {
		deviation string
		op        string
		in        string
		goSystemd string
		systemd   string
	}{
		{"bytes < 0x10 get one hex digit (\\x%x)", "escape", "\x01", `\x1`, `\x01`},
		{"bytes < 0x10 get one hex digit, so the result is ambiguous", "escape", "\x01a", `\x1a`, `\x01a`},
		{"NUL gets one hex digit", "escape", "\x00", `\x0`, `\x00`},
		{"bytes >= 0x80 are not unescaped (ParseInt bitSize 8)", "unescape", `\xc3\xa9`, `\xc3\xa9`, "é"},
		{"a sign is accepted as a hex digit (ParseInt)", "unescape", `\x-1`, "\xff", fails},
		{"a plus sign is accepted too", "unescape", `\x+f`, "\x0f", fails},
		{"a bad escape is kept instead of refused", "unescape", `a\xZZ`, `a\xZZ`, fails},
		{"a lone backslash is kept instead of refused", "unescape", `a\`, `a\`, fails},
		{"NUL is kept; systemd's C string ends there", "unescape", `a\x00b`, "a\x00b", "a"},
		{"\".\" components are kept", "path escape", "/foo/./bar", "foo-.-bar", "foo-bar"},
		{"\"..\" is escaped instead of refused", "path escape", "/a/../b", "a-..-b", fails},
		{"a trailing slash is not refused", "path unescape", "foo-", "/foo/", fails},
		{"a leading slash is not refused", "path unescape", "-foo", "/foo", fails},
		{"\"//\" is not refused", "path unescape", "a--b", "/a//b", fails},
		{"empty is \"/\" instead of refused", "path unescape", "", "/", fails},
	}
	for _, tc := range tests {
		if got := theirs[tc.op](tc.in); got != tc.goSystemd {
			t.Errorf("%s: go-systemd %s(%q) = %q; pinned %q (fixed upstream? then drop the case)", tc.deviation, tc.op, tc.in, got, tc.goSystemd)
		}
		got, err := ours[tc.op](tc.in)
		if err != nil {
			got = fails
		}
		if got != tc.systemd {
			t.Errorf("%s: our %s(%q) = %q; systemd gives %q", tc.deviation, tc.op, tc.in, got, tc.systemd)
		}
	}

	// Where go-systemd is right: printable ASCII, UTF-8 and slashes escape
	// and unescape alike.
	agree := []struct{ op, in string }{
		{"escape", "a/b-c"}, {"escape", ".hidden"}, {"escape", "é日"}, {"escape", `a\b c`},
		{"unescape", `a\x2db-c`}, {"unescape", `\x2ehidden`},
		{"path escape", "/foo/bar"}, {"path escape", "//foo//bar//"}, {"path escape", "/"},
		{"path unescape", "foo-bar"}, {"path unescape", "-"},
	}
	for _, tc := range agree {
		want, err := ours[tc.op](tc.in)
		if err != nil {
			t.Fatalf("%s(%q): %v", tc.op, tc.in, err)
		}
		if got := theirs[tc.op](tc.in); got != want {
			t.Errorf("go-systemd %s(%q) = %q; systemd gives %q", tc.op, tc.in, got, want)
		}
	}
}
