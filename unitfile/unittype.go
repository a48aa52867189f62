package unitfile

import (
	"os"
	"path/filepath"
	"strings"
)

// TypeOf is the unit type systemd gives a file of this name ("service",
// "timer", ...): the suffix of a unit file, or for a drop-in (NAME.d/*.conf)
// the suffix of its directory ("foo.service.d", or a type-level "service.d").
// It is "" when the name says nothing systemd knows.
func TypeOf(filename string) string {
	if n := len(filename); n > 0 && !os.IsPathSeparator(filename[n-1]) && !strings.HasSuffix(filename, ".conf") {
		// A unit file: only what follows the last '.' counts, and a
		// separator in it makes it no type, so the base name need not be
		// cut out first (Parse asks for every file).
		return typeSuffix(filename)
	}
	base := filepath.Base(filename)
	if strings.HasSuffix(base, ".conf") {
		dir := filepath.Base(filepath.Dir(filename))
		if d, ok := strings.CutSuffix(dir, ".d"); ok {
			if typeSection(d) != "" {
				return d
			}
			return typeSuffix(d)
		}
		return ""
	}
	return typeSuffix(base)
}

func typeSuffix(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	if typeSection(name[i+1:]) != "" {
		return name[i+1:]
	}
	return ""
}

// typeSection is the section a unit type adds to [Unit] and [Install]
// (the .sections string of each vtable in src/core/<type>.c), or "" for
// what is no unit type. A switch, not a map: it runs for every file and
// every section header, where a map lookup showed in the profile.
func typeSection(typ string) string {
	switch typ {
	case "service":
		return "Service"
	case "socket":
		return "Socket"
	case "target":
		return "Target"
	case "device":
		return "Device"
	case "mount":
		return "Mount"
	case "automount":
		return "Automount"
	case "swap":
		return "Swap"
	case "timer":
		return "Timer"
	case "path":
		return "Path"
	case "slice":
		return "Slice"
	case "scope":
		return "Scope"
	}
	return ""
}

// SectionKnown reports whether systemd reads section name in a unit of
// type typ: [Unit], [Install] and the type's own section. For an unknown
// type every section is known, as systemd does when it parses with no
// section list.
func SectionKnown(typ, name string) bool {
	own := typeSection(typ)
	if own == "" {
		return true
	}
	return name == "Unit" || name == "Install" || name == own
}

// TypeSection is the section a unit type adds ("Service" for "service"),
// or "" for an unknown type.
func TypeSection(typ string) string { return typeSection(typ) }
