package value

import (
	"fmt"
	"strings"
)

// Enum checks that value is one of the allowed words, compared exactly:
// systemd's string tables (string_table_lookup()) use streq(), so case
// matters and no whitespace is trimmed. The error names the allowed words.
// Settings that also accept a boolean (parse_boolean(), any case) must list
// those spellings themselves or try ParseBool first.
func Enum(value string, allowed []string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	list := strings.Join(allowed, ", ")
	if len(allowed) == 0 {
		list = "(none)"
	}
	for _, a := range allowed {
		if strings.EqualFold(value, a) {
			return errAll(value, fmt.Sprintf("%q is not allowed, write %q (case matters); allowed: %s", value, a, list))
		}
		if strings.TrimSpace(value) == a {
			return errAll(value, fmt.Sprintf("%q is not allowed: remove the whitespace around %q; allowed: %s", value, a, list))
		}
	}
	if value == "" {
		return errAt(value, 0, 0, "missing value; allowed: "+list)
	}
	return errAll(value, fmt.Sprintf("%s is not allowed; allowed: %s", quoteHead(value), list))
}
