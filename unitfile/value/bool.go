package value

import "fmt"

// trueWords and falseWords are the words parse_boolean() knows, compared
// without regard to ASCII case.
var (
	trueWords  = []string{"1", "yes", "y", "true", "t", "on"}
	falseWords = []string{"0", "no", "n", "false", "f", "off"}
)

// ParseBool reports the boolean s names, as systemd's parse_boolean()
// (src/basic/parse-util.c) and so config_parse_bool() read it: 1, yes, y,
// true, t, on and 0, no, n, false, f, off, in any ASCII case. Nothing else
// is accepted: no surrounding whitespace, no empty string.
func ParseBool(s string) (bool, error) {
	// see src/basic/parse-util.c: parse_boolean(), STRCASE_IN_SET
	for _, w := range trueWords {
		if asciiEqualFold(s, w) {
			return true, nil
		}
	}
	for _, w := range falseWords {
		if asciiEqualFold(s, w) {
			return false, nil
		}
	}
	if s == "" {
		return false, errAt(s, 0, 0, "missing boolean: use yes or no")
	}
	return false, errAll(s, fmt.Sprintf("%q is not a boolean: use yes or no", s))
}

// Tristate is a boolean setting that may also be unset.
type Tristate int

// The values of a Tristate.
const (
	Unset Tristate = -1
	False Tristate = 0
	True  Tristate = 1
)

// ParseTristate reads a setting parsed by config_parse_tristate()
// (src/shared/conf-parser.c): the empty string means Unset, anything else
// must be a boolean for ParseBool.
func ParseTristate(s string) (Tristate, error) {
	if s == "" {
		return Unset, nil
	}
	b, err := ParseBool(s)
	if err != nil {
		return Unset, err
	}
	if b {
		return True, nil
	}
	return False, nil
}
