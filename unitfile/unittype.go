package unitfile

import (
	"path/filepath"
	"strings"
)

// unitTypes are the unit types systemd 252 knows, with the section each
// adds to [Unit] and [Install] (the .sections string of each vtable in
// src/core/<type>.c).
var unitTypes = map[string]string{
	"service":   "Service",
	"socket":    "Socket",
	"target":    "Target",
	"device":    "Device",
	"mount":     "Mount",
	"automount": "Automount",
	"swap":      "Swap",
	"timer":     "Timer",
	"path":      "Path",
	"slice":     "Slice",
	"scope":     "Scope",
}

// TypeOf is the unit type systemd gives a file of this name ("service",
// "timer", ...): the suffix of a unit file, or for a drop-in (NAME.d/*.conf)
// the suffix of its directory ("foo.service.d", or a type-level "service.d").
// It is "" when the name says nothing systemd knows.
func TypeOf(filename string) string {
	base := filepath.Base(filename)
	if strings.HasSuffix(base, ".conf") {
		dir := filepath.Base(filepath.Dir(filename))
		if d, ok := strings.CutSuffix(dir, ".d"); ok {
			if _, known := unitTypes[d]; known {
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
	if _, ok := unitTypes[name[i+1:]]; ok {
		return name[i+1:]
	}
	return ""
}

// SectionKnown reports whether systemd reads section name in a unit of
// type typ: [Unit], [Install] and the type's own section. For an unknown
// type every section is known, as systemd does when it parses with no
// section list.
func SectionKnown(typ, name string) bool {
	own, ok := unitTypes[typ]
	if !ok {
		return true
	}
	return name == "Unit" || name == "Install" || name == own
}

// TypeSection is the section a unit type adds ("Service" for "service"),
// or "" for an unknown type.
func TypeSection(typ string) string { return unitTypes[typ] }
