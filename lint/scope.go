package lint

import (
	"path/filepath"
	"strings"
)

// ScopeOf is the scope a file's location implies: SystemScope under a
// system unit directory (a "systemd/system" or "systemd/system.control"
// directory: /etc/systemd/system, /usr/lib/systemd/system,
// lib/systemd/system in a package tree, /run/systemd/system, ...),
// UserScope under a user unit directory ("systemd/user" or
// "systemd/user.control": ~/.config/systemd/user, /usr/lib/systemd/user,
// ...), AnyScope elsewhere. The innermost such directory decides. The
// path is made absolute first, so "." inside ~/.config/systemd/user is a
// user path.
func ScopeOf(path string) Scope {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i := len(parts) - 2; i > 0; i-- { // directories only
		if parts[i-1] != "systemd" {
			continue
		}
		switch parts[i] {
		case "system", "system.control":
			return SystemScope
		case "user", "user.control":
			return UserScope
		}
	}
	return AnyScope
}
