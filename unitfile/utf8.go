package unitfile

import "github.com/usvc/usvc/internal/sdutf8"

// validUTF8 reports whether systemd's utf8_is_valid() accepts s; Go's
// utf8.Valid lets noncharacters through, systemd does not. SYNTAX.md §5.2.
func validUTF8(s string) bool { return sdutf8.Valid(s) }

// escapeInvalidUTF8 renders s as systemd's utf8_escape_invalid() does:
// every byte that does not start a valid character becomes U+FFFD.
func escapeInvalidUTF8(s string) string { return sdutf8.EscapeInvalid(s) }
