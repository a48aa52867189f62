package catalog

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in      string
		want    Version
		wantErr *VersionError
	}{
		{"252", V(252), nil},
		{"v252", V(252), nil},
		{"252.5", Version{Major: 252, Point: 5}, nil},
		{"v252.31", Version{Major: 252, Point: 31}, nil},
		{"1", V(1), nil},
		{"65535.65535", Version{Major: 65535, Point: 65535}, nil},
		{"0252", V(252), nil},
		{"", Version{}, &VersionError{"", 0, "want a major release number"}},
		{"v", Version{}, &VersionError{"v", 1, "want a major release number"}},
		{"V252", Version{}, &VersionError{"V252", 0, "want a major release number"}},
		{"0", Version{}, &VersionError{"0", 0, "major release 0 does not exist"}},
		{"v0.1", Version{}, &VersionError{"v0.1", 1, "major release 0 does not exist"}},
		{"252.", Version{}, &VersionError{"252.", 4, "want a point release number"}},
		{"252.5.1", Version{}, &VersionError{"252.5.1", 5, `unexpected '.' after the point release`}},
		{"252~rc1", Version{}, &VersionError{"252~rc1", 3, `unexpected '~' after the major release`}},
		{"65536", Version{}, &VersionError{"65536", 0, "major release out of range"}},
		{"252.99999", Version{}, &VersionError{"252.99999", 4, "point release out of range"}},
		{"<=219", Version{}, &VersionError{"<=219", 0, "want a major release number"}},
		{"yes", Version{}, &VersionError{"yes", 0, "want a major release number"}},
		{" 252", Version{}, &VersionError{" 252", 0, "want a major release number"}},
		{"252 ", Version{}, &VersionError{"252 ", 3, `unexpected ' ' after the major release`}},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		var verr *VersionError
		if err != nil && !errors.As(err, &verr) {
			t.Errorf("ParseVersion(%q) error %T, want *VersionError", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.wantErr, verr); diff != "" {
			t.Errorf("ParseVersion(%q) error mismatch (-want +got):\n%s", tt.in, diff)
		}
		if got != tt.want {
			t.Errorf("ParseVersion(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	if got, want := (&VersionError{"252~rc1", 3, "x"}).Error(), `bad systemd version "252~rc1" at byte 3: x`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestVersionString(t *testing.T) {
	tests := []struct {
		v    Version
		want string
	}{
		{Version{}, ""},
		{V(252), "252"},
		{Version{Major: 252, Point: 5}, "252.5"},
		{Version{Major: 219, OrEarlier: true}, "<=219"},
		{Version{Unknown: true}, "yes"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	ordered := []Version{V(219), {Major: 219, Point: 1}, V(246), {Major: 246, Point: 3}, {Major: 246, Point: 10}, V(247), V(252)}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
			}
		}
	}
	// The flags do not take part.
	if got := (Version{Major: 219, OrEarlier: true}).Compare(V(219)); got != 0 {
		t.Errorf("<=219 vs 219: %d, want 0", got)
	}
}

// FuzzParseVersion checks that ParseVersion never panics, that an error's
// offset lies within the input, and that what it accepts prints back to a
// string it parses to the same Version.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"252", "v252", "252.5", "v252.31", "0", "", "v", "65535.65535",
		"65536", "252.", "252.5.1", "<=219", "yes", "252~rc1", "00000000000000000000001", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			var verr *VersionError
			if !errors.As(err, &verr) {
				t.Fatalf("ParseVersion(%q): error %T, want *VersionError", s, err)
			}
			if verr.Offset < 0 || verr.Offset > len(s) || verr.Text != s {
				t.Fatalf("ParseVersion(%q): bad error %+v", s, verr)
			}
			_ = err.Error()
			return
		}
		if v.Major == 0 || v.OrEarlier || v.Unknown {
			t.Fatalf("ParseVersion(%q) = %#v: not a release", s, v)
		}
		back, err := ParseVersion(v.String())
		if err != nil || back != v {
			t.Fatalf("ParseVersion(%q) = %v, but its String %q parses to %v, %v", s, v, v.String(), back, err)
		}
	})
}
