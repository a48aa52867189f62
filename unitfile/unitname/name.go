// Package unitname knows systemd's unit names the way systemd 252 does:
// which names are valid, how a name splits into prefix, instance and type,
// how templates are instantiated, which drop-in directories a name reads,
// and how strings and paths are escaped into names (systemd-escape).
//
// Every function mirrors one function of src/basic/unit-name.c at v252 and
// says which. A function that systemd would fail with EINVAL or
// ENAMETOOLONG returns an *Error that wraps ErrInvalid or ErrTooLong and
// names the byte offset of the bad part.
package unitname

import (
	"errors"
	"fmt"
	"strings"
)

// Max is systemd's UNIT_NAME_MAX. A valid unit name is shorter: at most
// Max-1 = 255 bytes (src/basic/unit-name.h).
const Max = 256

// Types are the 11 unit types of systemd 252, in the order of its
// unit_type_table (src/basic/unit-def.c). The type of a name is the text
// after its last ".".
var Types = []string{
	"service", "socket", "target", "device", "mount", "automount",
	"swap", "timer", "path", "slice", "scope",
}

// IsType reports whether t is one of Types ("service", not ".service").
func IsType(t string) bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// Kind is the shape of a unit name, as systemd's UnitNameFlags. Kinds
// combine with | where a function accepts several.
type Kind uint8

const (
	// Plain is a name without "@": "foo.service".
	Plain Kind = 1 << iota
	// Instance is "prefix@instance.type" with a non-empty instance.
	Instance
	// Template is "prefix@.type": the "@" is directly before the suffix.
	Template
	// Any accepts every valid name.
	Any = Plain | Instance | Template
)

func (k Kind) String() string {
	var parts []string
	for _, x := range []struct {
		k Kind
		s string
	}{{Plain, "plain"}, {Instance, "instance"}, {Template, "template"}} {
		if k&x.k != 0 {
			parts = append(parts, x.s)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// ErrInvalid is what systemd reports as EINVAL: the input is not a valid
// name, prefix, instance, escape or path for the operation.
var ErrInvalid = errors.New("invalid argument")

// ErrTooLong is what systemd reports as ENAMETOOLONG: a hashed (shortened)
// name that cannot be turned back into a path, or a name that would reach
// Max bytes.
var ErrTooLong = errors.New("name too long")

// Error says why an input was refused and where. Offset is the byte offset
// in Input of the bad part (len(Input) when something is missing at the
// end). Err is ErrInvalid or ErrTooLong, so errors.Is works.
type Error struct {
	Func   string // the operation, e.g. "unescape"
	Input  string
	Offset int
	Reason string // lower case, no final period
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %q: offset %d: %s", e.Func, e.Input, e.Offset, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

func invalid(fn, in string, off int, reason string) *Error {
	return &Error{Func: fn, Input: in, Offset: off, Reason: reason, Err: ErrInvalid}
}

// validChar is VALID_CHARS of src/basic/unit-name.c: the bytes a prefix may
// hold. An instance may also hold "@".
func validChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == ':' || c == '-' || c == '_' || c == '.' || c == '\\'
}

// Check says why name is not a valid unit name of any kind, or returns nil.
// Its verdict is exactly unit_name_is_valid(name, UNIT_NAME_ANY); the
// error adds the reason and offset.
func Check(name string) error {
	_, err := parse(name)
	return err
}

// Valid reports whether name is a valid unit name of one of the kinds, as
// unit_name_is_valid() (src/basic/unit-name.c).
func Valid(name string, kinds Kind) bool {
	k, err := parse(name)
	return err == nil && k&kinds != 0
}

// KindOf is the kind of a valid name, or 0 with the reason it is invalid.
func KindOf(name string) (Kind, error) { return parse(name) }

// parse follows unit_name_is_valid() step by step, so the first reason it
// gives is the first test systemd fails.
func parse(n string) (Kind, error) {
	const fn = "unit name"
	if n == "" {
		return 0, invalid(fn, n, 0, "empty")
	}
	if len(n) >= Max {
		return 0, invalid(fn, n, Max-1, fmt.Sprintf("%d bytes; a unit name has at most %d", len(n), Max-1))
	}
	e := strings.LastIndexByte(n, '.')
	if e < 0 {
		return 0, invalid(fn, n, len(n), "no type suffix")
	}
	if e == 0 {
		return 0, invalid(fn, n, 0, "name before the type suffix is empty")
	}
	if !IsType(n[e+1:]) {
		return 0, invalid(fn, n, e+1, fmt.Sprintf("unknown unit type %q", n[e+1:]))
	}
	at := -1
	for i := 0; i < e; i++ {
		c := n[i]
		if c == '@' {
			if at < 0 {
				at = i
			}
			continue
		}
		if !validChar(c) {
			return 0, invalid(fn, n, i, fmt.Sprintf("byte %q not allowed in a unit name", c))
		}
	}
	switch {
	case at == 0:
		return 0, invalid(fn, n, 0, "empty prefix before \"@\"")
	case at < 0:
		return Plain, nil
	case e > at+1:
		return Instance, nil
	default:
		return Template, nil
	}
}

// PrefixValid reports whether p can be the prefix of a name (the part
// before "@" or before the suffix): non-empty, VALID_CHARS only, no "@"
// (unit_prefix_is_valid()).
func PrefixValid(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		if !validChar(p[i]) {
			return false
		}
	}
	return true
}

// InstanceValid reports whether i can be an instance: non-empty,
// VALID_CHARS or "@" (unit_instance_is_valid()). The length is checked
// only when a whole name is built.
func InstanceValid(i string) bool {
	if i == "" {
		return false
	}
	for j := 0; j < len(i); j++ {
		if i[j] != '@' && !validChar(i[j]) {
			return false
		}
	}
	return true
}

// Type is the unit type of a valid name ("service"), or "" when the name
// is invalid (unit_name_to_type()).
func Type(name string) string {
	if _, err := parse(name); err != nil {
		return ""
	}
	return name[strings.LastIndexByte(name, '.')+1:]
}

// Prefix is the part before the first "@", or before the suffix when there
// is no "@": "web-x" for both "web-x@a.service" and "web-x.service". It is
// %p (unit_name_to_prefix()).
func Prefix(name string) (string, error) {
	if _, err := parse(name); err != nil {
		return "", err
	}
	if i := strings.IndexByte(name, '@'); i >= 0 {
		return name[:i], nil
	}
	return name[:strings.LastIndexByte(name, '.')], nil
}

// InstanceOf is everything after the first "@" and before the last ".",
// and the kind of the name: ("", Plain) for a plain name, ("", Template)
// for a template, ("a@b", Instance) for "x@a@b.service"
// (unit_name_to_instance()).
func InstanceOf(name string) (string, Kind, error) {
	k, err := parse(name)
	if err != nil {
		return "", 0, err
	}
	if k == Plain {
		return "", Plain, nil
	}
	at := strings.IndexByte(name, '@')
	return name[at+1 : strings.LastIndexByte(name, '.')], k, nil
}

// PrefixAndInstance is the name without its type suffix: "web@a" for
// "web@a.service". It is %N (unit_name_to_prefix_and_instance()).
func PrefixAndInstance(name string) (string, error) {
	if _, err := parse(name); err != nil {
		return "", err
	}
	return name[:strings.LastIndexByte(name, '.')], nil
}

// TemplateOf is the template an instance or template name belongs to:
// "getty@.service" for "getty@tty1.service" (unit_name_template()).
func TemplateOf(name string) (string, error) {
	k, err := parse(name)
	if err != nil {
		return "", err
	}
	if k == Plain {
		return "", invalid("template", name, len(name), "not an instance or template name")
	}
	at := strings.IndexByte(name, '@')
	return name[:at+1] + name[strings.LastIndexByte(name, '.'):], nil
}

// ReplaceInstance puts instance into the template or instance name:
// ("getty@.service", "tty1") gives "getty@tty1.service"
// (unit_name_replace_instance()). The instance is not escaped here.
func ReplaceInstance(name, instance string) (string, error) {
	const fn = "replace instance"
	k, err := parse(name)
	if err != nil {
		return "", err
	}
	if k == Plain {
		return "", invalid(fn, name, len(name), "not an instance or template name")
	}
	if !InstanceValid(instance) {
		return "", invalid(fn, instance, badInstanceOffset(instance), "not a valid instance")
	}
	at := strings.IndexByte(name, '@')
	s := name[:at+1] + instance + name[strings.LastIndexByte(name, '.'):]
	if len(s) >= Max {
		return "", invalid(fn, s, Max-1, "result is too long for a unit name")
	}
	return s, nil
}

func badInstanceOffset(i string) int {
	for j := 0; j < len(i); j++ {
		if i[j] != '@' && !validChar(i[j]) {
			return j
		}
	}
	return 0
}

// Build joins prefix, optional instance and type ("service") into a name,
// refusing parts that are invalid or a result of Max bytes or more
// (unit_name_build_from_type()).
func Build(prefix, instance, typ string) (string, error) {
	const fn = "build"
	if !PrefixValid(prefix) {
		off := 0
		for j := 0; j < len(prefix); j++ {
			if !validChar(prefix[j]) {
				off = j
				break
			}
		}
		return "", invalid(fn, prefix, off, "not a valid prefix")
	}
	if !IsType(typ) {
		return "", invalid(fn, typ, 0, "unknown unit type")
	}
	s := prefix + "." + typ
	want := Plain
	if instance != "" {
		if !InstanceValid(instance) {
			return "", invalid(fn, instance, badInstanceOffset(instance), "not a valid instance")
		}
		s = prefix + "@" + instance + "." + typ
		want = Instance
	}
	if !Valid(s, want) {
		return "", invalid(fn, s, Max-1, "result is too long for a unit name")
	}
	return s, nil
}

// ChangeSuffix replaces the type suffix of name with suffix (".socket"),
// as unit_name_change_suffix().
func ChangeSuffix(name, suffix string) (string, error) {
	if _, err := parse(name); err != nil {
		return "", err
	}
	if !strings.HasPrefix(suffix, ".") || !IsType(suffix[1:]) {
		return "", invalid("change suffix", suffix, 0, "not a unit type suffix")
	}
	s := name[:strings.LastIndexByte(name, '.')] + suffix
	if _, err := parse(s); err != nil {
		return "", err
	}
	return s, nil
}
