package words

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxQuotedLen is the longest value QuoteExec and QuoteEnvironment
// return: a physical line may have LongLineMax-1 bytes, and this leaves
// room for the longest key and "=".
const MaxQuotedLen = LongLineMax - 64

// QuoteError says why an argv or assignment cannot be written so that
// systemd reads it back unchanged.
type QuoteError struct {
	// Arg is the index of the offending argument, -1 for the whole argv
	// (or for QuoteEnvironment's name), 1 for QuoteEnvironment's value.
	Arg    int
	Reason string
}

func (e *QuoteError) Error() string {
	if e.Arg < 0 {
		return "cannot quote: " + e.Reason
	}
	return fmt.Sprintf("cannot quote argument %d: %s", e.Arg, e.Reason)
}

// QuoteExec returns an ExecStart= value (or any Exec*= value) that
// systemd 252 reads back as a command whose argv, after the run-time "$"
// expansion, is exactly argv, and whose path is argv[0] (path_simplify'd,
// which names the same file).
//
// Every "%" is written "%%" and every "$" "$$", so that neither specifiers
// nor environment variables are expanded. Arguments with spaces, quotes,
// backslashes, control characters, non-ASCII characters, the lone ";" and
// the empty argument are double-quoted, with C escapes for backslash,
// double quote, control characters (so that no value can end the line and
// add keys), C1 controls, U+2028/U+2029 and bytes that are not valid UTF-8.
// When argv[0] holds a "$" the value uses the "@" prefix, since the path
// is not "$"-expanded but argv[0] is.
//
// It refuses what systemd cannot express: an empty argv, a NUL byte, and an
// argv[0] that is not a usable path: empty, with quotes, backslashes or
// control characters (string_is_safe()), ending in "/", neither absolute
// nor a valid file name, or a relative name that starts with a prefix
// character ("-@:+!") or is ";". It also refuses values longer than
// MaxQuotedLen.
func QuoteExec(argv []string) (string, error) {
	if len(argv) == 0 {
		return "", &QuoteError{Arg: -1, Reason: "empty argv"}
	}
	for i, a := range argv {
		if strings.IndexByte(a, 0) >= 0 {
			return "", &QuoteError{Arg: i, Reason: "NUL byte"}
		}
	}
	p := argv[0]
	switch {
	case p == "":
		return "", &QuoteError{Arg: 0, Reason: "empty path"}
	case !StringIsSafe(p):
		return "", &QuoteError{Arg: 0, Reason: "path has quotes, backslashes or control characters"}
	case strings.HasSuffix(p, "/"):
		return "", &QuoteError{Arg: 0, Reason: "path ends in /"}
	case strings.HasPrefix(p, "/") && !PathIsValid(p):
		return "", &QuoteError{Arg: 0, Reason: "path too long"}
	case !strings.HasPrefix(p, "/") && !FilenameIsValid(p):
		return "", &QuoteError{Arg: 0, Reason: "neither an absolute path nor a valid file name"}
	case strings.IndexByte("-@:+!", p[0]) >= 0:
		return "", &QuoteError{Arg: 0, Reason: "file name starts with a prefix character"}
	case p == ";":
		return "", &QuoteError{Arg: 0, Reason: `";" separates commands`}
	}
	var b strings.Builder
	if strings.IndexByte(p, '$') >= 0 {
		b.WriteByte('@')
		b.WriteString(quoteWord(p, false))
		b.WriteByte(' ')
	}
	for i, a := range argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		if len(a)+strings.Count(a, "$") > LongLineMax {
			// unit_full_printf() refuses longer results.
			return "", &QuoteError{Arg: i, Reason: "argument too long"}
		}
		b.WriteString(quoteWord(a, true))
	}
	if b.Len() > MaxQuotedLen {
		return "", &QuoteError{Arg: -1, Reason: "command line too long"}
	}
	return b.String(), nil
}

// QuoteEnvironment returns one Environment= word that systemd 252 reads
// back as the assignment name=value, with the same escaping rules as
// QuoteExec ("$" is not special in Environment=). Several results can be
// joined with spaces on one line.
//
// It refuses a name that is not EnvNameIsValid, and a value that systemd
// would refuse (EnvValueIsValid: not UTF-8 by systemd's rules, or with a
// NUL byte), as well as results longer than MaxQuotedLen.
func QuoteEnvironment(name, value string) (string, error) {
	if !EnvNameIsValid(name) {
		return "", &QuoteError{Arg: -1, Reason: fmt.Sprintf("invalid environment variable name %q", name)}
	}
	if !EnvValueIsValid(value) {
		return "", &QuoteError{Arg: 1, Reason: "value is not valid UTF-8 or has a NUL byte"}
	}
	q := quoteWord(name+"="+value, false)
	if len(q) > MaxQuotedLen {
		return "", &QuoteError{Arg: -1, Reason: "assignment too long"}
	}
	return q, nil
}

// quoteWord writes s as one word that extract_first_word() with
// EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE followed by specifier_printf() (and,
// with dollar, replace_env()) reads back as s.
func quoteWord(s string, dollar bool) string {
	var b strings.Builder
	bare := s != "" && s != ";"
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '%':
				b.WriteString("%%")
			case c == '$' && dollar:
				b.WriteString("$$")
			case c == '\\':
				b.WriteString(`\\`)
				bare = false
			case c == '"':
				b.WriteString(`\"`)
				bare = false
			case c == '\'' || c == ' ':
				b.WriteByte(c)
				bare = false
			case c < ' ' || c == 0x7f:
				b.WriteString(cEscape(c))
				bare = false
			default:
				b.WriteByte(c)
			}
			continue
		}
		bare = false
		n := validRuneLen(s[i:])
		if n == 0 {
			// Not UTF-8 for systemd: the file could not hold it, \x can.
			fmt.Fprintf(&b, `\x%02x`, c)
			i++
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if bare {
		return b.String()
	}
	return `"` + b.String() + `"`
}

// cEscape is the C escape for a control byte.
func cEscape(c byte) string {
	switch c {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	return fmt.Sprintf(`\x%02x`, c)
}
