package words

import "strings"

// nameMax is NAME_MAX, the longest file name.
const nameMax = 255

// StringIsSafe is systemd's string_is_safe() (src/basic/string-util.c): no
// control characters, no quotes, no backslash, no DEL.
func StringIsSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > 0 && c < ' ' || c == '"' || c == '\'' || c == '\\' || c == 0x7f {
			return false
		}
	}
	return true
}

// FilenameIsValid is systemd's filename_is_valid() (src/basic/path-util.c):
// a non-empty name other than "." and "..", without "/", of at most 255
// bytes.
func FilenameIsValid(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.Contains(s, "/") && len(s) <= nameMax
}

// PathIsValid is systemd's path_is_valid(): non-empty, no component longer
// than 255 bytes, shorter than PATH_MAX.
func PathIsValid(s string) bool { return pathIsValidFull(s, true) }

// pathIsSafe is path_is_safe(): PathIsValid without ".." components.
func pathIsSafe(s string) bool { return pathIsValidFull(s, false) }

func pathIsValidFull(s string, acceptDotDot bool) bool {
	// see src/basic/path-util.c: path_is_valid_full()
	if s == "" {
		return false
	}
	for p := 0; ; {
		n, next, _ := findFirstComponent(s, p, acceptDotDot)
		if n < 0 {
			return false
		}
		if next >= PathMax {
			return false
		}
		if next >= len(s) {
			return true
		}
		p = next
	}
}

// skipSlashOrDot skips "/" and "./" from s[i].
func skipSlashOrDot(s string, i int) int {
	for i < len(s) {
		if s[i] == '/' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "./") {
			i += 2
			continue
		}
		break
	}
	return i
}

// findFirstComponent is path_find_first_component() reading s from p: it
// returns the length of the first component (0 when there is none, -1 when
// it is invalid), where the reading goes on, and where the component
// starts.
func findFirstComponent(s string, p int, acceptDotDot bool) (n, next, first int) {
	first = skipSlashOrDot(s, p)
	if first >= len(s) {
		return 0, first, -1
	}
	if s[first:] == "." {
		return 0, first + 1, -1
	}
	endFirst := strings.IndexByte(s[first:], '/')
	if endFirst < 0 {
		endFirst = len(s)
	} else {
		endFirst += first
	}
	n = endFirst - first
	if n > nameMax {
		return -1, p, first
	}
	if !acceptDotDot && s[first:endFirst] == ".." {
		return -1, p, first
	}
	next = skipSlashOrDot(s, endFirst)
	if s[next:] == "." {
		next++
	}
	return n, next, first
}

// PathSimplify is systemd's path_simplify(): it removes repeated and
// trailing slashes and "." components; ".." is kept.
func PathSimplify(s string) string {
	// see src/basic/path-util.c: path_simplify_full()
	if s == "" {
		return s
	}
	var b strings.Builder
	p := 0
	if s[0] == '/' {
		b.WriteByte('/')
		p = 1
	}
	addSlash := false
	for {
		n, next, first := findFirstComponent(s, p, true)
		if n == 0 {
			break
		}
		if addSlash {
			b.WriteByte('/')
		}
		if n < 0 {
			// "If path is invalid, then refuse to simplify remaining part."
			b.WriteString(s[p:])
			return b.String()
		}
		b.WriteString(s[first : first+n])
		addSlash = true
		p = next
	}
	if b.Len() == 0 {
		return "."
	}
	return b.String()
}

// pathIsNormalized is path_is_normalized().
func pathIsNormalized(s string) bool {
	if !pathIsSafe(s) {
		return false
	}
	if s == "." || strings.HasPrefix(s, "./") || strings.HasSuffix(s, "/.") || strings.Contains(s, "/./") {
		return false
	}
	return !strings.Contains(s, "//")
}
