package specifier

import "strings"

// The few path rules of src/basic/path-util.c that NewEnv needs. (The
// unitname package has its own copy for escaping; both are small.)

const (
	nameMax = 255  // NAME_MAX
	pathMax = 4096 // PATH_MAX, with the trailing NUL
)

// components splits p at slashes, dropping empty and "." components.
func components(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// validPath is path_is_valid(): non-empty, components of at most NAME_MAX
// bytes, shorter than PATH_MAX.
func validPath(p string) bool {
	if p == "" || len(strings.TrimRight(p, "/")) >= pathMax {
		return false
	}
	for _, c := range components(p) {
		if len(c) > nameMax {
			return false
		}
	}
	return true
}

// normalized is path_is_normalized(): valid, no "..", no "//", no "."
// component.
func normalized(p string) bool {
	if !validPath(p) {
		return false
	}
	for _, c := range components(p) {
		if c == ".." {
			return false
		}
	}
	if p == "." || strings.HasPrefix(p, "./") || strings.HasSuffix(p, "/.") || strings.Contains(p, "/./") {
		return false
	}
	return !strings.Contains(p, "//")
}

// simplify is path_simplify() for a valid path: no duplicate or trailing
// slashes, no "." components; ".." stays.
func simplify(p string) string {
	if p == "" {
		return p
	}
	s := strings.Join(components(p), "/")
	if p[0] == '/' {
		return "/" + s
	}
	if s == "" {
		return "."
	}
	return s
}

// pathJoin is path_join() of two parts: one "/" between them.
func pathJoin(a, b string) string {
	switch {
	case a == "":
		return b
	case strings.HasSuffix(a, "/") || strings.HasPrefix(b, "/"):
		return a + b
	}
	return a + "/" + b
}

// dir is path_extract_directory() of a canonical absolute path.
func dir(p string) string {
	p = strings.TrimRight(p, "/")
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}
