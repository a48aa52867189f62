package value

import (
	"fmt"
	"math"
)

// ParseUint reads an unsigned integer as systemd's safe_atou family does
// (src/basic/parse-util.c): safe_atou8() for bitSize 8, safe_atou16() for
// 16, safe_atou() for 32 (config_parse_unsigned) and safe_atou64() for 64.
//
// That is, as glibc's strtoul() with base 0 after systemd's own prefixes:
// leading whitespace is skipped (trailing is not), a '+' is allowed, "0x"
// means hexadecimal, "0b" binary, "0o" and a plain leading "0" octal, so
// "010" is 8 and "08" is refused. A '-' is refused unless the number is
// zero ("-0" is 0). Other bit sizes are refused.
func ParseUint(s string, bitSize int) (uint64, error) {
	var max uint64
	switch bitSize {
	case 8, 16, 32, 64:
		max = math.MaxUint64 >> (64 - bitSize)
	default:
		return 0, errAll(s, fmt.Sprintf("unsupported integer size %d", bitSize))
	}
	// see src/basic/parse-util.c: safe_atou_full(), safe_atollu_full()
	i := skipWhitespace(s, 0)
	i, base := mangleBase(s, i, 0)
	v, end, erange := strtoull(s, i, base)
	if erange {
		return 0, errAt(s, i, end, fmt.Sprintf("number out of range: at most %d", max))
	}
	if err := checkNumberEnd(s, i, end, base); err != nil {
		return 0, err
	}
	// strtoul() accepts "-5" as 2^64-5; systemd refuses that unless it is
	// "-0". A sign behind \v or \f slips through, as in C.
	if v != 0 && s[i] == '-' {
		return 0, errAt(s, i, end, "negative number not allowed")
	}
	if v > max {
		return 0, errAt(s, i, end, fmt.Sprintf("number out of range: at most %d", max))
	}
	return v, nil
}

// ParseInt reads a signed integer as safe_atoi() (bitSize 32,
// config_parse_int), safe_atoi16() (16) or safe_atolli() (64,
// config_parse_long) do: the rules of ParseUint, with a '-' sign allowed.
// bitSize 8 uses safe_atoi() and then the int8 range.
func ParseInt(s string, bitSize int) (int64, error) {
	var min, max int64
	switch bitSize {
	case 8, 16, 32, 64:
		max = math.MaxInt64 >> (64 - bitSize)
		min = -max - 1
	default:
		return 0, errAll(s, fmt.Sprintf("unsupported integer size %d", bitSize))
	}
	// see src/basic/parse-util.c: safe_atoi(), safe_atoi16(), safe_atolli()
	i := skipWhitespace(s, 0)
	i, base := mangleBase(s, i, 0)
	v, end, erange := strtoll(s, i, base)
	if erange {
		return 0, errAt(s, i, end, fmt.Sprintf("number out of range %d..%d", min, max))
	}
	if err := checkNumberEnd(s, i, end, base); err != nil {
		return 0, err
	}
	if v < min || v > max {
		return 0, errAt(s, i, end, fmt.Sprintf("number out of range %d..%d", min, max))
	}
	return v, nil
}

// ParseIntRange is ParseInt followed by a check that the number lies in
// min..max, the way parse_nice() (-20..19), parse_oom_score_adjust()
// (-1000..1000) or config_parse_exec_cpu_sched_prio() (0..99) check it.
func ParseIntRange(s string, bitSize int, min, max int64) (int64, error) {
	v, err := ParseInt(s, bitSize)
	if err != nil {
		return 0, err
	}
	if v < min || v > max {
		i := skipWhitespace(s, 0)
		return 0, errAt(s, i, len(s), fmt.Sprintf("%d is out of range %d..%d", v, min, max))
	}
	return v, nil
}

// ParseUintRange is ParseUint followed by a check that the number lies in
// min..max.
func ParseUintRange(s string, bitSize int, min, max uint64) (uint64, error) {
	v, err := ParseUint(s, bitSize)
	if err != nil {
		return 0, err
	}
	if v < min || v > max {
		i := skipWhitespace(s, 0)
		return 0, errAt(s, i, len(s), fmt.Sprintf("%d is out of range %d..%d", v, min, max))
	}
	return v, nil
}

// checkNumberEnd reports what systemd's "x == s || *x != 0" test refuses:
// no number at all, or text after it. i is where strtol() started.
func checkNumberEnd(s string, i, end, base int) error {
	if end == i {
		if i == len(s) {
			if i == 0 {
				return errAt(s, 0, 0, "missing number")
			}
			return errAt(s, i, i, "missing number after "+quoteHead(s[:i]))
		}
		if c := s[i]; isDigit(c) && (base == 2 || base == 8) {
			return errAt(s, i, i+1, digitMsg(base, c))
		}
		return errAt(s, i, wordEnd(s, i), fmt.Sprintf("%s is not a number", quoteHead(s[i:wordEnd(s, i)])))
	}
	if end == len(s) {
		return nil
	}
	c := s[end]
	j := i
	for j < end && (isCSpace(s[j]) || s[j] == '+' || s[j] == '-') {
		j++
	}
	octal := base == 8 || (base == 0 && s[j] == '0' && (j+1 >= len(s) || (s[j+1] != 'x' && s[j+1] != 'X')))
	switch {
	case octal && isDigit(c):
		// strtol() with base 0 reads a leading 0 as octal
		return errAt(s, end, end+1, digitMsg(8, c))
	case base == 2 && isDigit(c):
		return errAt(s, end, end+1, digitMsg(2, c))
	case isWhitespace(c) || c == '\v' || c == '\f':
		return errAt(s, end, len(s), "unexpected whitespace after number")
	}
	return errAt(s, end, len(s), fmt.Sprintf("unexpected %s after number", quoteHead(s[end:])))
}

// quoteHead quotes s for a message, shortened to its first 32 bytes.
func quoteHead(s string) string {
	if len(s) > 32 {
		return fmt.Sprintf("%q…", s[:32])
	}
	return fmt.Sprintf("%q", s)
}

// digitMsg explains a decimal digit that is too large for base 2 or 8.
func digitMsg(base int, c byte) string {
	if base == 2 {
		return fmt.Sprintf("a number starting with 0b is binary, and %c is not a binary digit", c)
	}
	return fmt.Sprintf("a number starting with 0 or 0o is octal, and %c is not an octal digit", c)
}
