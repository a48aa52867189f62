package unitname

import "strings"

// Linux limits systemd's path helpers use.
const (
	nameMax = 255  // NAME_MAX: longest path component
	pathMax = 4096 // PATH_MAX, counted with the trailing NUL
)

// skipSlashOrDot skips "/" and "./" at the start of p.
// see src/basic/path-util.c: skip_slash_or_dot()
func skipSlashOrDot(p string) string {
	for p != "" {
		if p[0] == '/' {
			p = p[1:]
			continue
		}
		if strings.HasPrefix(p, "./") {
			p = p[2:]
			continue
		}
		break
	}
	return p
}

// firstComponent returns the first component of p, the rest after it (with
// the slashes and "." components that follow skipped), and the
// component's length; 0 when there is none, -1 when the component is
// longer than NAME_MAX or is ".." and dotdot is false.
// see src/basic/path-util.c: path_find_first_component()
func firstComponent(p string, dotdot bool) (comp, next string, n int) {
	first := skipSlashOrDot(p)
	if first == "" || first == "." {
		return "", "", 0
	}
	end := strings.IndexByte(first, '/')
	if end < 0 {
		end = len(first)
	}
	if end > nameMax {
		return "", p, -1
	}
	if !dotdot && first[:end] == ".." {
		return "", p, -1
	}
	next = skipSlashOrDot(first[end:])
	if next == "." {
		next = ""
	}
	return first[:end], next, end
}

// simplify removes redundant slashes and "." components; ".." stays.
// see src/basic/path-util.c: path_simplify_full() without flags
func simplify(path string) string {
	if path == "" {
		return path
	}
	var b strings.Builder
	p := path
	if path[0] == '/' {
		b.WriteByte('/')
		p = path[1:]
	}
	addSlash := false
	for {
		comp, next, n := firstComponent(p, true)
		if n == 0 {
			break
		}
		if addSlash {
			b.WriteByte('/')
		}
		if n < 0 {
			// systemd refuses to simplify the rest of an invalid path
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(comp)
		p = next
		addSlash = true
	}
	if b.Len() == 0 {
		return "."
	}
	return b.String()
}

// pathValid is path_is_valid_full(): non-empty, no component longer than
// NAME_MAX (nor "..", unless dotdot), shorter than PATH_MAX.
func pathValid(p string, dotdot bool) bool {
	if p == "" {
		return false
	}
	e := p
	for {
		_, next, n := firstComponent(e, dotdot)
		if n < 0 {
			return false
		}
		if len(p)-len(next) >= pathMax {
			return false
		}
		if next == "" {
			return true
		}
		e = next
	}
}

// pathNormalized is path_is_normalized(): valid without "..", and no "//",
// no "." component.
func pathNormalized(p string) bool {
	if !pathValid(p, false) {
		return false
	}
	if p == "." || strings.HasPrefix(p, "./") || strings.HasSuffix(p, "/.") || strings.Contains(p, "/./") {
		return false
	}
	return !strings.Contains(p, "//")
}

// emptyOrRoot is empty_or_root(): "" or a path equal to "/".
func emptyOrRoot(p string) bool {
	if p == "" {
		return true
	}
	if p[0] != '/' {
		return false
	}
	_, _, n := firstComponent(p, true)
	return n == 0
}

// pathStartsWith is path_startswith_full(path, prefix, true): the rest of
// path after the components of prefix, and whether prefix matched.
func pathStartsWith(path, prefix string) (string, bool) {
	if (path != "" && path[0] == '/') != (prefix != "" && prefix[0] == '/') {
		return "", false
	}
	for {
		p, pnext, r := firstComponent(path, true)
		if r < 0 {
			return "", false
		}
		q, qnext, k := firstComponent(prefix, true)
		if k < 0 {
			return "", false
		}
		if k == 0 {
			if r == 0 {
				return "", true
			}
			// the rest starts at the component just read
			return skipSlashOrDot(path), true
		}
		if r != k || p != q {
			return "", false
		}
		path, prefix = pnext, qnext
	}
}

// badPathOffset finds the offset of the first part of path that makes
// path_is_normalized() fail: a ".." or over-long component, "//", or a "."
// component; len(path) when none is found.
func badPathOffset(p string) (int, string) {
	if p == "" {
		return 0, "empty path"
	}
	i := 0
	for i < len(p) {
		if p[i] == '/' {
			if i+1 < len(p) && p[i+1] == '/' {
				return i, "\"//\" in path"
			}
			i++
			continue
		}
		j := strings.IndexByte(p[i:], '/')
		if j < 0 {
			j = len(p) - i
		}
		c := p[i : i+j]
		switch {
		case c == "..":
			return i, "\"..\" in path"
		case c == ".":
			return i, "\".\" component in path"
		case len(c) > nameMax:
			return i, "path component longer than 255 bytes"
		}
		if i+j >= pathMax {
			return pathMax - 1, "path longer than 4095 bytes"
		}
		i += j
	}
	return len(p), "path not normalized"
}
