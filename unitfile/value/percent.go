package value

import (
	"fmt"
	"strings"
)

// The symbols systemd's percent parsers know.
const (
	permilleSign  = "‰" // U+2030 PER MILLE SIGN
	permyriadSign = "‱" // U+2031 PER TEN THOUSAND SIGN
)

// parseWhole is parse_parts_value_whole() (src/basic/percent-util.c): an
// integer for safe_atoi() directly followed by symbol.
func parseWhole(s, symbol string) (int, error) {
	if !strings.HasSuffix(s, symbol) {
		return 0, missingSymbol(s, symbol)
	}
	n := s[:len(s)-len(symbol)]
	v, err := ParseInt(n, 32)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, errAt(s, 0, len(n), "negative value not allowed")
	}
	return int(v), nil
}

// parseWithDecimals is parse_parts_value_with_tenths_place() (places 1)
// and parse_parts_value_with_hundredths_place() (places 2): like
// parseWhole, but a '.' may be followed by 1..places digits, and the result
// is scaled by 10^places.
func parseWithDecimals(s, symbol string, places int) (int, error) {
	if !strings.HasSuffix(s, symbol) {
		return 0, missingSymbol(s, symbol)
	}
	pc := len(s) - len(symbol)
	q, n := 0, pc
	if dot := strings.IndexByte(s[:pc], '.'); dot >= 0 {
		frac := s[dot+1 : pc]
		if len(frac) == 0 || len(frac) > places {
			return 0, errAt(s, dot, pc, fmt.Sprintf("expected 1 to %d digits after the decimal point", places))
		}
		for k := 0; k < places; k++ {
			q *= 10
			if k < len(frac) {
				if !isDigit(frac[k]) {
					return 0, errAt(s, dot+1+k, dot+2+k, fmt.Sprintf("%q is not a digit", frac[k]))
				}
				q += int(frac[k] - '0')
			}
		}
		n = dot
	}
	v, err := ParseInt(s[:n], 32)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, errAt(s, 0, n, "negative value not allowed")
	}
	scale := 10
	if places == 2 {
		scale = 100
	}
	if v > int64((1<<31-1)-q)/int64(scale) {
		return 0, errAt(s, 0, pc, "value too large")
	}
	return int(v)*scale + q, nil
}

func missingSymbol(s, symbol string) error {
	if s == "" {
		return errAt(s, 0, 0, "missing value")
	}
	return errAt(s, len(s), len(s), "missing "+symbol+" at the end")
}

// ParsePercentUnbounded reads "N%" as parse_percent_unbounded() does: N is
// an integer for ParseInt (so " 5%", "+5%" and "0x10%" are accepted) and
// must not be negative.
func ParsePercentUnbounded(s string) (int, error) {
	return parseWhole(s, "%")
}

// ParsePercent is parse_percent(): ParsePercentUnbounded limited to 100.
func ParsePercent(s string) (int, error) {
	v, err := ParsePercentUnbounded(s)
	if err == nil && v > 100 {
		return 0, errAt(s, 0, len(s), fmt.Sprintf("%d%% is more than 100%%", v))
	}
	return v, err
}

// ParsePermilleUnbounded reads a value in thousandths as
// parse_permille_unbounded() does: "N‰", or "N%" / "N.D%" with at most one
// decimal.
func ParsePermilleUnbounded(s string) (int, error) {
	if strings.HasSuffix(s, permilleSign) {
		return parseWhole(s, permilleSign)
	}
	return parseWithDecimals(s, "%", 1)
}

// ParsePermille is parse_permille(): ParsePermilleUnbounded limited to
// 1000 (100%).
func ParsePermille(s string) (int, error) {
	v, err := ParsePermilleUnbounded(s)
	if err == nil && v > 1000 {
		return 0, errAt(s, 0, len(s), "more than 100%")
	}
	return v, err
}

// ParsePermyriadUnbounded reads a value in ten-thousandths as
// parse_permyriad_unbounded() does: "N‱", "N‰" / "N.D‰", or "N%" /
// "N.D%" / "N.DD%".
func ParsePermyriadUnbounded(s string) (int, error) {
	if strings.HasSuffix(s, permyriadSign) {
		return parseWhole(s, permyriadSign)
	}
	if strings.HasSuffix(s, permilleSign) {
		return parseWithDecimals(s, permilleSign, 1)
	}
	return parseWithDecimals(s, "%", 2)
}

// ParsePermyriad is parse_permyriad(): ParsePermyriadUnbounded limited to
// 10000 (100%).
func ParsePermyriad(s string) (int, error) {
	v, err := ParsePermyriadUnbounded(s)
	if err == nil && v > 10000 {
		return 0, errAt(s, 0, len(s), "more than 100%")
	}
	return v, err
}

// ParseCPUQuota reads CPUQuota= as config_parse_cpu_quota()
// (src/core/load-fragment.c) does and returns it in ten-thousandths of one
// CPU: "20%" is 2000, "150%" is 15000 (no upper bound). The empty
// assignment, which removes the quota, gives 0; any other value must be
// above 0%.
func ParseCPUQuota(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	v, err := ParsePermyriadUnbounded(s)
	if err != nil {
		return 0, err
	}
	if v <= 0 {
		return 0, errAll(s, "the quota must be more than 0%")
	}
	return v, nil
}
