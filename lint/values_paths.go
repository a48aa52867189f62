package lint

import (
	"strings"

	"github.com/usvc/usvc/unitfile/words"
)

// The path settings. Most go through path_simplify_and_warn()
// (src/shared/parse-helpers.c) with PATH_CHECK_ABSOLUTE: the path must
// be absolute ("KEY= path is not absolute"), then, simplified, valid
// ("path has invalid length") and normalized, without ".." ("path is not
// normalized"). A path starting with "~" is tilde-path's, a relative one
// relative-path's, the others invalid-value's.

// checkOnePath checks path, which is v[at:], as an absolute path. fatal
// says systemd refuses the unit when it is bad.
func checkOnePath(c *vcheck, path string, at int, fatal bool) bool {
	end := at + len(path)
	if !strings.HasPrefix(path, "/") {
		class := classRelative
		reason := show(path) + " is not an absolute path"
		hint := "write the full path, starting with /"
		if c.p.Scope != SystemScope {
			hint += ", or with %h/ for one in the home directory"
		}
		if strings.HasPrefix(path, "~") {
			class = classTilde
			reason = show(path) + " is not an absolute path: systemd does not expand ~ in " + c.key + "="
			hint = "write " + tildeFix(path) + " instead"
		}
		if path == "" {
			reason = "the path is empty"
			class = classValue
		}
		c.add(at, end, class, fatal, reason, hint)
		if class == classTilde && c.exact && (path == "~" || strings.HasPrefix(path, "~/")) {
			c.out[len(c.out)-1].tilde = at + 1
		}
		return false
	}
	s := path
	if needsSimplify(path) {
		s = words.PathSimplify(path)
	}
	if !words.PathIsValid(s) {
		c.add(at, end, classValue, fatal, "the path is too long or has a name longer than 255 bytes", "shorten it")
		return false
	}
	if hasDotDot(s) {
		c.add(at, end, classValue, fatal, show(path)+" has a \"..\" component, which systemd refuses", "write the path without \"..\"")
		return false
	}
	return true
}

// tildeFix is path with a leading "~" or "~/" written with %h.
func tildeFix(path string) string {
	if path == "~" {
		return "%h"
	}
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		return "%h/" + rest
	}
	return "an absolute path, such as %h/..."
}

// needsSimplify reports whether path_simplify() would change path: a
// repeated slash, a "." component or a trailing slash.
func needsSimplify(p string) bool {
	return strings.Contains(p, "//") || strings.Contains(p, "/./") || strings.HasPrefix(p, "./") ||
		strings.HasSuffix(p, "/.") || p == "." || len(p) > 1 && p[len(p)-1] == '/'
}

// hasDotDot reports whether a simplified path has a ".." component.
func hasDotDot(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == '.' && (i == 0 || s[i-1] == '/') && (i+2 == len(s) || s[i+2] == '/') {
			return true
		}
	}
	return false
}

// see src/core/load-fragment.c: config_parse_unit_path_printf() and
// src/shared/conf-parser.c: config_parse_path(); RootDirectory=,
// RootImage= and RootVerity= (ltype true) are fatal.
func checkPathPrintf(c *vcheck) {
	if c.v == "" {
		return
	}
	fatal := c.key == "RootDirectory" || c.key == "RootImage" || c.key == "RootVerity"
	checkOnePath(c, c.v, 0, fatal)
}

func checkAbsolute(c *vcheck) {
	if c.v == "" {
		return
	}
	checkOnePath(c, c.v, 0, false)
}

// see src/core/load-fragment.c: config_parse_working_directory(): "~"
// is the home directory, "-" makes a bad path a warning, and without it
// a bad path is fatal.
func checkWorkingDirectory(c *vcheck) {
	v, at := c.v, 0
	if v == "" {
		return
	}
	optional := strings.HasPrefix(v, "-")
	if optional {
		v, at = v[1:], 1
	}
	if v == "~" {
		return
	}
	if strings.IndexByte(v, '%') >= 0 {
		x, err := words.ExpandSpecifiers(v, specFunc(c, specPath), words.PathMax)
		if err != nil {
			return // invalid-specifier
		}
		if x != v {
			if !strings.HasPrefix(x, "/") && !strings.HasPrefix(v, "~") {
				c.add(at, at+len(v), classRelative, !optional, show(v)+" is not an absolute path", "write the full path, starting with / or a specifier such as %h")
				return
			}
			v = x
			c.exact = false
		}
	}
	checkOnePath(c, v, at, !optional)
}

// see src/core/load-fragment.c: config_parse_pid_file(): a relative path
// is taken below /run (the runtime directory); a path that is not
// normalized then is fatal, since the parser returns the error.
func checkPIDFile(c *vcheck) {
	v := c.v
	if v == "" {
		return
	}
	if strings.HasPrefix(v, "~") {
		c.note(0, len(v), classTilde, "systemd does not expand ~ in PIDFile= and takes "+show(v)+" as a file below /run; write "+tildeFix(v)+" instead")
		return
	}
	p := v
	if !strings.HasPrefix(p, "/") {
		p = "/run/" + p
	}
	s := words.PathSimplify(p)
	if !words.PathIsValid(s) || hasDotDot(s) {
		c.refused(0, len(v), show(v)+" is not a usable path", "write an absolute path without \"..\"")
	}
}

// see src/core/load-fragment.c: config_parse_unit_condition_path(): an
// optional "|" and then "!" before the path.
func checkConditionPath(c *vcheck) {
	v, at := c.v, 0
	if v == "" {
		return
	}
	if strings.HasPrefix(v, "|") {
		v, at = v[1:], at+1
	}
	if strings.HasPrefix(v, "!") {
		v, at = v[1:], at+1
	}
	if x, ok := expandWord(c, v); ok {
		if x != v {
			c.exact = false
		}
		checkOnePath(c, x, at, false)
	}
}

// expandWord resolves the specifiers of one path word with stand-ins;
// false when one is invalid (invalid-specifier).
func expandWord(c *vcheck, w string) (string, bool) {
	if strings.IndexByte(w, '%') < 0 {
		return w, true
	}
	x, err := words.ExpandSpecifiers(w, specFunc(c, specPath), words.PathMax)
	return x, err == nil
}

// checkPathList checks every word of a list of paths split with flags;
// prefixes are the characters that may precede a path.
func checkPathList(c *vcheck, flags words.Flags, prefixes string) {
	if c.v == "" {
		return
	}
	if plainWords(c.v) && strings.IndexAny(c.v, "\"'~") < 0 {
		// Words as written: check them in place, unless one needs a
		// closer look.
		simple := true
		for i, j := nextWord(c.v, 0); i < len(c.v) && simple; i, j = nextWord(c.v, j) {
			w := c.v[i:j]
			for len(w) > 0 && strings.IndexByte(prefixes, w[0]) >= 0 {
				w = w[1:]
			}
			simple = strings.HasPrefix(w, "/") && !needsSimplify(w) && !hasDotDot(w) && len(w) < words.PathMax && !strings.Contains(w, "//")
		}
		if simple {
			return
		}
	}
	ws, err := words.Split(c.v, words.Whitespace, flags)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "quote paths with spaces")
	}
	for _, w := range ws {
		t := w.Text
		skip := 0
		for skip < len(t) && skip < 2 && strings.IndexByte(prefixes, t[skip]) >= 0 {
			skip++
		}
		x, ok := expandWord(c, t[skip:])
		if !ok {
			continue
		}
		// Offsets point into the file only for a word written as it is
		// read: no quotes, escapes or specifiers.
		exact := c.exact && x == t[skip:] && w.End-w.Start == len(t)
		sub := vcheck{p: c.p, e: c.e, sec: c.sec, key: c.key, v: x, raw: x, exact: true, d: c.d}
		checkOnePath(&sub, x, 0, false)
		for _, pr := range sub.out {
			switch {
			case exact:
				pr.start, pr.end = w.Start+skip+pr.start, w.Start+skip+pr.end
				if pr.tilde > 0 {
					pr.tilde += w.Start + skip
				}
			case c.exact:
				pr.start, pr.end, pr.tilde = w.Start, w.End, 0
			default:
				pr.start, pr.end, pr.tilde = 0, len(c.raw), 0
			}
			c.out = append(c.out, pr)
		}
	}
}

// see config_parse_unit_requires_mounts_for() and
// config_parse_unit_path_strv_printf(): quoted words of absolute paths.
func checkPathWords(c *vcheck) { checkPathList(c, words.Unquote, "") }

// see config_parse_namespace_path_strv(): ReadWritePaths= and the like,
// with "-" and "+" prefixes.
func checkNamespacePaths(c *vcheck) { checkPathList(c, words.Unquote, "-+") }

// see src/core/load-fragment.c: config_parse_colon_separated_paths().
func checkColonPaths(c *vcheck) {
	if c.v == "" {
		return
	}
	at := 0
	for _, part := range strings.Split(c.v, ":") {
		if x, ok := expandWord(c, part); ok {
			sub := vcheck{p: c.p, e: c.e, sec: c.sec, key: c.key, v: x, raw: c.raw, exact: x == part, d: c.d}
			checkOnePath(&sub, x, 0, false)
			for _, pr := range sub.out {
				if sub.exact {
					pr.start, pr.end = at+pr.start, at+pr.end
				} else {
					pr.start, pr.end = at, at+len(part)
				}
				c.out = append(c.out, pr)
			}
		}
		at += len(part) + 1
	}
}

// see src/core/load-fragment.c: config_parse_exec_directories():
// StateDirectory= and the like take paths relative to /var/lib (or the
// user's directories), optionally SOURCE:DEST.
func checkExecDirectories(c *vcheck) {
	if c.v == "" {
		return
	}
	if plainWords(c.v) && strings.IndexAny(c.v, "\"'~:/.") < 0 {
		// Plain names: relative, normalized, nothing to find unless one
		// is "private".
		for i, j := nextWord(c.v, 0); i < len(c.v); i, j = nextWord(c.v, j) {
			if c.v[i:j] == "private" {
				c.ignored(i, j, c.key+"= path can't be 'private'", "choose another name")
			}
		}
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.Unquote|words.RetainEscape)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	for _, w := range ws {
		// extract_many_words(":", CUNESCAPE|UNESCAPE_SEPARATORS): the
		// source and an optional destination; repeated ":" count as one.
		parts, err := words.Split(w.Text, ":", words.CUnescape|words.UnescapeSeparators)
		if err != nil {
			c.ignored(w.Start, w.End, show(w.Text)+" has an escape systemd does not know", "write \\\\ for a backslash")
			return
		}
		src, dest := "", ""
		if len(parts) > 0 {
			src = parts[0].Text
		}
		if len(parts) > 1 {
			dest = parts[1].Text
		}
		for i, part := range []string{src, dest} {
			if i == 1 && part == "" {
				continue
			}
			x, ok := expandWord(c, part)
			if !ok {
				break
			}
			if i == 1 && c.key == "ConfigurationDirectory" {
				c.ignored(w.Start, w.End, "ConfigurationDirectory= takes no destination", "remove :"+dest)
				break
			}
			s := words.PathSimplify(x)
			switch {
			case strings.HasPrefix(x, "/"):
				c.ignored(w.Start, w.End, show(part)+" is an absolute path, but "+c.key+"= takes a path relative to its base directory", "write "+strings.TrimLeft(x, "/")+", without the leading /")
			case strings.HasPrefix(x, "~"):
				c.note(w.Start, w.End, classTilde, "systemd does not expand ~ in "+c.key+"= and makes a directory named \"~\" in its base directory; write the path relative to that directory")
			case !words.PathIsValid(s) || hasDotDot(s):
				c.ignored(w.Start, w.End, show(part)+" is not a usable path", "write a relative path without \"..\"")
			case i == 0 && (s == "private" || strings.HasPrefix(s, "private/")):
				c.ignored(w.Start, w.End, c.key+"= path can't be 'private'", "choose another name")
			default:
				continue
			}
			break
		}
	}
}

// see src/core/load-fragment.c: config_parse_socket_listen(): FIFOs,
// special files, message queues and USB function directories are paths;
// the other Listen*= are socket addresses.
func checkListen(c *vcheck) {
	v := c.v
	if v == "" {
		return
	}
	switch c.key {
	case "ListenFIFO", "ListenSpecial", "ListenMessageQueue", "ListenUSBFunction":
		checkOnePath(c, v, 0, false)
	case "ListenNetlink":
		if !netlinkValid(v) {
			c.ignored(0, len(v), show(v)+" is not a netlink address", "write a family and an optional group, such as kobject-uevent 1")
		}
	default:
		if strings.HasPrefix(v, "~") {
			c.add(0, len(v), classTilde, false, show(v)+" is not an address: systemd does not expand ~", "write "+tildeFix(v)+" instead")
			return
		}
		if reason := socketAddressProblem(v); reason != "" {
			c.ignored(0, len(v), show(v)+" is not a socket address: "+reason, "write a port (8080), an address and port (127.0.0.1:8080, [::1]:8080), a path (/run/app.sock) or an abstract name (@app)")
		} else if c.key == "ListenSequentialPacket" && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "@") {
			c.ignored(0, len(v), "sequential packet sockets need a file system or abstract socket", "write a path such as %t/app.sock")
		}
	}
}
