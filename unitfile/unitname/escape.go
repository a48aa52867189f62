package unitname

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

const lowerHex = "0123456789abcdef"

func appendEscaped(b []byte, c byte) []byte {
	// always two lower-case hex digits; see src/basic/unit-name.c: do_escape_char()
	return append(b, '\\', 'x', lowerHex[c>>4], lowerHex[c&15])
}

// Escape turns any string into text that is valid inside a unit name, as
// `systemd-escape` does (unit_name_escape()): "/" becomes "-"; "-", "\",
// a leading "." and every byte outside [A-Za-z0-9:_.] become "\xHH" with
// two lower-case hex digits. Bytes of a UTF-8 sequence are escaped one by
// one. A NUL byte, which systemd can never be given, is escaped as \x00.
func Escape(s string) string {
	b := make([]byte, 0, len(s)+8)
	i := 0
	if s != "" && s[0] == '.' {
		// no unit name with a leading "." (e.g. for the /.dotdir mount point)
		b = appendEscaped(b, '.')
		i = 1
	}
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '/':
			b = append(b, '-')
		case c == '-' || c == '\\' || !validChar(c):
			b = appendEscaped(b, c)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// Unescape reverses Escape, as `systemd-escape --unescape`
// (unit_name_unescape()): "-" becomes "/", "\xHH" (either case) becomes
// the byte. A "\" not followed by "x" and two hex digits is an error at
// its offset. Other bytes, "@" and "." included, are copied. Like
// systemd, whose result is a C string, the result ends before the first
// "\x00".
func Unescape(s string) (string, error) {
	out, _, err := unescape(s)
	return out, err
}

// unescape also returns, for each output byte, the offset of the input
// that produced it.
func unescape(s string) (string, []int, error) {
	b := make([]byte, 0, len(s))
	src := make([]int, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '-':
			b = append(b, '/')
			src = append(src, i)
		case '\\':
			if i+1 >= len(s) || s[i+1] != 'x' {
				return "", nil, invalid("unescape", s, i, `"\" not followed by "x"`)
			}
			if i+3 >= len(s) || unhex(s[i+2]) < 0 || unhex(s[i+3]) < 0 {
				return "", nil, invalid("unescape", s, i, `"\x" not followed by two hex digits`)
			}
			b = append(b, byte(unhex(s[i+2])<<4|unhex(s[i+3])))
			src = append(src, i)
			i += 3
		default:
			b = append(b, c)
			src = append(src, i)
		}
	}
	for j, c := range b {
		if c == 0 {
			return string(b[:j]), src[:j], nil
		}
	}
	return string(b), src, nil
}

// PathEscape turns a file system path into text for a unit name, as
// `systemd-escape --path` (unit_name_path_escape()): the path is
// simplified (duplicate slashes and "." components dropped), "/" and ""
// become "-", leading and trailing slashes are dropped, and the rest is
// escaped with Escape. A path with a ".." component, a component longer
// than 255 bytes or 4096 bytes or more is refused. A relative path is
// accepted, as systemd does.
func PathEscape(path string) (string, error) {
	p := simplify(path)
	if emptyOrRoot(p) {
		return "-", nil
	}
	if !pathNormalized(p) {
		off, reason := badPathOffset(path)
		if off > len(path) {
			off = len(path)
		}
		return "", invalid("path escape", path, off, reason)
	}
	return Escape(strings.TrimLeft(strings.TrimRight(p, "/"), "/")), nil
}

// PathUnescape reverses PathEscape, as `systemd-escape --path --unescape`
// (unit_name_path_unescape()): "-" is "/", anything else is unescaped and
// gets a leading "/". The result must be a normalized absolute path, so
// "foo-" (trailing slash), "-foo" (leading slash), "a--b" ("//") and ""
// are refused.
func PathUnescape(s string) (string, error) {
	const fn = "path unescape"
	if s == "" {
		return "", invalid(fn, s, 0, "empty")
	}
	if s == "-" {
		return "/", nil
	}
	w, src, err := unescape(s)
	if err != nil {
		e := err.(*Error)
		e.Func = fn
		return "", e
	}
	if strings.HasPrefix(w, "/") {
		return "", invalid(fn, s, src[0], "unescapes to a path with a leading \"/\"")
	}
	if strings.HasSuffix(w, "/") {
		return "", invalid(fn, s, src[len(w)-1], "unescapes to a path with a trailing \"/\"")
	}
	p := "/" + w
	if !pathNormalized(p) {
		off, reason := badPathOffset(p)
		// p has one extra leading byte; map its offset back into s
		o := len(s)
		if off-1 >= 0 && off-1 < len(src) {
			o = src[off-1]
		} else if off == 0 && len(src) > 0 {
			o = src[0]
		}
		return "", invalid(fn, s, o, "unescapes to a path that is not normalized: "+reason)
	}
	return p, nil
}

// ToPath is the path a plain unit name stands for, as %f of a unit
// without instance (unit_name_to_path()): PathUnescape of the prefix. A
// hashed name (see IsHashed) gives ErrTooLong.
func ToPath(name string) (string, error) {
	prefix, err := Prefix(name)
	if err != nil {
		return "", err
	}
	if IsHashed(name) {
		return "", &Error{Func: "to path", Input: name, Offset: strings.LastIndexByte(name, '.') - hashLen,
			Reason: "name is hashed; the path it came from is lost", Err: ErrTooLong}
	}
	return PathUnescape(prefix)
}

const hashLen = 16 // UNIT_NAME_HASH_LENGTH_CHARS

// longNameHashKey is LONG_UNIT_NAME_HASH_KEY of src/basic/unit-name.c.
var longNameHashKey = [16]byte{0xec, 0xf2, 0x37, 0xfb, 0x58, 0x32, 0x4a, 0x32, 0x84, 0x9f, 0x06, 0x9b, 0x0d, 0x21, 0xeb, 0x9a}

// IsHashed reports whether name is a plain name that FromPath shortened:
// "_" and 16 lower-case hex digits before the suffix
// (unit_name_is_hashed()).
func IsHashed(name string) bool {
	if !Valid(name, Plain) {
		return false
	}
	s := strings.LastIndexByte(name, '.')
	if s < hashLen+1 {
		return false
	}
	if name[s-hashLen-1] != '_' {
		return false
	}
	for _, c := range []byte(name[s-hashLen : s]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// hashLong shortens a name of Max bytes or more the way
// unit_name_hash_long() does: a prefix, "_", and the SipHash-2-4 of the
// whole name as 16 hex digits of its little-endian bytes, then the
// suffix; 255 bytes in all. The hash covers the name's bytes and a
// NUL, as siphash24_string() does.
func hashLong(name string) (string, error) {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 || !IsType(name[dot+1:]) {
		return "", invalid("hash", name, len(name), "no unit type suffix")
	}
	var h [8]byte
	// siphash24_string() hashes the terminating NUL too
	binary.LittleEndian.PutUint64(h[:], sipHash24(longNameHashKey, append([]byte(name), 0)))
	n := Max - 1 - len(name[dot+1:]) - hashLen - 2
	return name[:n] + "_" + hex.EncodeToString(h[:]) + name[dot:], nil
}

func suffixValid(suffix string) bool {
	return strings.HasPrefix(suffix, ".") && IsType(suffix[1:])
}

// FromPath builds the unit name for a path with the given suffix
// (".mount"): PathEscape(path)+suffix, hashed down to 255 bytes when it
// would be longer (unit_name_from_path()). This is how mount, swap,
// automount and device units are named.
func FromPath(path, suffix string) (string, error) {
	if !suffixValid(suffix) {
		return "", invalid("from path", suffix, 0, "not a unit type suffix")
	}
	p, err := PathEscape(path)
	if err != nil {
		return "", err
	}
	s := p + suffix
	if len(s) >= Max {
		if s, err = hashLong(s); err != nil {
			return "", err
		}
	}
	if k, err := parse(s); err != nil {
		return "", err
	} else if k != Plain {
		return "", invalid("from path", s, strings.IndexByte(s, '@'), "result is not a plain unit name")
	}
	return s, nil
}

// FromPathInstance builds prefix@ESCAPED-PATH.suffix
// (unit_name_from_path_instance()), as `systemd-escape --path
// --template=prefix@.suffix`. A result of Max bytes or more is ErrTooLong;
// it is not hashed.
func FromPathInstance(prefix, path, suffix string) (string, error) {
	const fn = "from path instance"
	if !PrefixValid(prefix) {
		return "", invalid(fn, prefix, 0, "not a valid prefix")
	}
	if !suffixValid(suffix) {
		return "", invalid(fn, suffix, 0, "not a unit type suffix")
	}
	p, err := PathEscape(path)
	if err != nil {
		return "", err
	}
	s := prefix + "@" + p + suffix
	if len(s) >= Max {
		return "", &Error{Func: fn, Input: s, Offset: Max - 1, Reason: "longer than 255 bytes", Err: ErrTooLong}
	}
	if !Valid(s, Instance) {
		return "", invalid(fn, s, 0, "result is not a unit instance name")
	}
	return s, nil
}

// isDevicePath is is_device_path(): a path under /dev/ or /sys/ with
// something after the prefix.
func isDevicePath(p string) bool {
	for _, prefix := range []string{"/dev/", "/sys/"} {
		if rest, ok := pathStartsWith(p, prefix); ok {
			return rest != ""
		}
	}
	return false
}

// Mangle turns what a user typed into a unit name, as `systemctl` and
// `systemd-escape --mangle` do (unit_name_mangle_with_suffix()):
//
//   - a valid name is returned unchanged (changed is false);
//   - with glob, a glob of name characters ("foo-*.service") is returned
//     unchanged;
//   - a path under /dev/ or /sys/ becomes a .device name, another absolute
//     path a .mount name (FromPath);
//   - otherwise "/" becomes "-", bytes not valid in a name (and with glob,
//     not "[]!-*?") become "\xHH", and suffix (".service") is added when
//     the result has no valid type.
//
// An empty name, an invalid suffix or a result that is not a valid name
// (without glob) is an error.
func Mangle(name, suffix string, glob bool) (mangled string, changed bool, err error) {
	const fn = "mangle"
	if name == "" {
		return "", false, invalid(fn, name, 0, "empty")
	}
	if !suffixValid(suffix) {
		return "", false, invalid(fn, suffix, 0, "not a unit type suffix")
	}
	if Valid(name, Any) {
		return name, false, nil
	}
	isGlob := strings.ContainsAny(name, "*?[")
	if glob && isGlob && inGlobCharset(name) {
		return name, false, nil
	}
	if isDevicePath(name) {
		if s, err := FromPath(name, ".device"); err == nil {
			return s, true, nil
		}
	}
	if name[0] == '/' {
		if s, err := FromPath(name, ".mount"); err == nil {
			return s, true, nil
		}
	}
	b := make([]byte, 0, len(name)+len(suffix))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '/':
			b = append(b, '-')
		case c == '@' || validChar(c) || glob && strings.IndexByte("[]!-*?", c) >= 0:
			b = append(b, c)
		default:
			b = appendEscaped(b, c)
		}
	}
	s := string(b)
	// no suffix for a glob, so that "foo.*" stays a glob
	if (!glob || !strings.ContainsAny(s, "*?[")) && Type(s) == "" {
		s += suffix
	}
	if !glob {
		if err := Check(s); err != nil {
			e := err.(*Error)
			e.Func = fn
			return "", false, e
		}
	}
	return s, true, nil
}

func inGlobCharset(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '@' && !validChar(c) && strings.IndexByte("[]!-*?", c) < 0 {
			return false
		}
	}
	return true
}

// EscapeInstance is `systemd-escape --template=T [--path] S`: S escaped
// (as a path with path) and put into the template T as its instance.
func EscapeInstance(template, s string, path bool) (string, error) {
	if !Valid(template, Template) {
		return "", invalid("escape instance", template, 0, "not a template name")
	}
	e := Escape(s)
	if path {
		var err error
		if e, err = PathEscape(s); err != nil {
			return "", err
		}
	}
	return ReplaceInstance(template, e)
}

// UnescapeInstance is `systemd-escape --unescape --instance [--path] NAME`,
// or with template non-empty `--template=TEMPLATE`: the instance of NAME,
// unescaped (as a path with path). NAME must have an instance, and belong
// to template when it is given.
func UnescapeInstance(name, template string, path bool) (string, error) {
	const fn = "unescape instance"
	inst, _, err := InstanceOf(name)
	if err != nil {
		return "", err
	}
	if inst == "" {
		return "", invalid(fn, name, len(name), "no instance")
	}
	t, err := TemplateOf(name)
	if err != nil {
		return "", err
	}
	if template != "" && t != template {
		return "", invalid(fn, name, 0, fmt.Sprintf("template %s does not match %s", t, template))
	}
	if path {
		return PathUnescape(inst)
	}
	return Unescape(inst)
}
