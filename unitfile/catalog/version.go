package catalog

import (
	"cmp"
	"fmt"
	"strconv"
)

// Version is a systemd release: Major 252, or the point release 252.5
// (Major 252, Point 5). The zero Version means "none": the data cell was
// empty.
//
// Two flags carry the data's conventions for releases it cannot name. At
// most one is set, and only in values taken from the data:
//
//   - OrEarlier marks a "<=N" cell: the key was already there at N, the
//     oldest release the data covers (219), and may be older.
//   - Unknown marks a "yes" cell of the deprecated column: deprecated
//     before v219 or in a release nobody recorded. Major is then 0.
type Version struct {
	Major, Point uint16
	OrEarlier    bool
	Unknown      bool
}

// V is the major release n (V(252) is systemd 252).
func V(n uint16) Version { return Version{Major: n} }

// IsZero reports whether v is the empty "none" version.
func (v Version) IsZero() bool { return v == Version{} }

// String is the data file's form: "252", "252.5", "<=219", "yes", or "" for
// the zero Version.
func (v Version) String() string {
	switch {
	case v.Unknown:
		return "yes"
	case v.IsZero():
		return ""
	}
	s := strconv.Itoa(int(v.Major))
	if v.Point != 0 {
		s += "." + strconv.Itoa(int(v.Point))
	}
	if v.OrEarlier {
		s = "<=" + s
	}
	return s
}

// Compare orders versions by Major, then Point, ignoring the flags: -1 if
// v is older than w, 0 if the same release, +1 if newer.
func (v Version) Compare(w Version) int {
	if c := cmp.Compare(v.Major, w.Major); c != 0 {
		return c
	}
	return cmp.Compare(v.Point, w.Point)
}

// reachedBy reports whether release r is at or after the event v marks
// (an addition, deprecation or removal). An OrEarlier or Unknown event
// happened no later than the oldest release the data covers, so every
// release counts as having reached it: the data cannot say otherwise.
func (v Version) reachedBy(r Version) bool {
	if v.IsZero() {
		return false
	}
	if v.OrEarlier || v.Unknown {
		return true
	}
	return r.Compare(v) >= 0
}

// VersionError reports text that is not a systemd release number.
type VersionError struct {
	Text   string // the input
	Offset int    // byte offset of the bad part
	Reason string
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("bad systemd version %q at byte %d: %s", e.Text, e.Offset, e.Reason)
}

// ParseVersion reads a release number as a --systemd-version flag or a
// git tag spells it: "252", "252.5", "v252" or "v252.5". Both parts are
// decimal and at most 65535; the major part is not 0. It does not accept
// the data's "<=N" and "yes" forms, which are not releases.
func ParseVersion(s string) (Version, error) {
	i := 0
	if i < len(s) && s[i] == 'v' {
		i++
	}
	start := i
	major, i, err := parseVersionPart(s, i, "major")
	if err != nil {
		return Version{}, err
	}
	if major == 0 {
		return Version{}, &VersionError{s, start, "major release 0 does not exist"}
	}
	v := Version{Major: major}
	if i == len(s) {
		return v, nil
	}
	if s[i] != '.' {
		return Version{}, &VersionError{s, i, fmt.Sprintf("unexpected %q after the major release", s[i])}
	}
	v.Point, i, err = parseVersionPart(s, i+1, "point")
	if err != nil {
		return Version{}, err
	}
	if i != len(s) {
		return Version{}, &VersionError{s, i, fmt.Sprintf("unexpected %q after the point release", s[i])}
	}
	return v, nil
}

func parseVersionPart(s string, i int, what string) (uint16, int, error) {
	start := i
	n := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		if n > 0xffff {
			return 0, i, &VersionError{s, start, what + " release out of range"}
		}
		i++
	}
	if i == start {
		return 0, i, &VersionError{s, i, "want a " + what + " release number"}
	}
	return uint16(n), i, nil
}
