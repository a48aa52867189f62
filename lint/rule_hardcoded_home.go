package lint

import (
	"strings"
)

var hardcodedHome = &Rule{
	Name:     "hardcoded-home",
	Severity: Info,
	Summary:  "a /home/NAME path in a user unit where %h would do",
	Scope:    UserScope,
	Doc: `A user unit runs for whoever's user manager loads it. A path written as
/home/alice/... works for alice only: copied to another account, installed
in /etc/systemd/user for every user, or on a system whose homes live in
/var/home (Fedora Silverblue) or /srv/home, it points at the wrong place or
nowhere.

%h is the home directory of the user the manager runs for, and systemd
resolves it in Exec*= lines, Environment=, WorkingDirectory=, the path
settings (ReadWritePaths=, EnvironmentFile=, StandardOutput=file:, PIDFile=,
conditions, .path and .socket paths) and Description=:

    WorkingDirectory=%h/app
    ExecStart=%h/.local/bin/app --config %h/.config/app.toml

(WorkingDirectory= also takes "~" for the home directory itself.) Settings
that do not resolve specifiers are not checked. This is advice for portable
units, an info finding, and there is no automatic fix: a path into another
user's home (a shared directory) is sometimes meant.`,
	Bad:  "[Service]\nWorkingDirectory=/home/alice/app\nExecStart=/home/alice/.local/bin/app\n",
	Good: "[Service]\nWorkingDirectory=%h/app\nExecStart=%h/.local/bin/app\n",
	Run:  runHardcodedHome,
}

// printfParsers are the parsers (catalog.Directive.Parser) that resolve
// % specifiers in paths: they call unit_full_printf() or
// unit_path_printf() in src/core/load-fragment.c (v252; newer names
// included).
var printfParsers = map[string]bool{
	"config_parse_bind_paths":               true,
	"config_parse_colon_separated_paths":    true,
	"config_parse_environ":                  true,
	"config_parse_exec":                     true,
	"config_parse_exec_input":               true,
	"config_parse_exec_output":              true,
	"config_parse_extension_images":         true,
	"config_parse_mount_images":             true,
	"config_parse_namespace_path_strv":      true,
	"config_parse_path_spec":                true,
	"config_parse_pid_file":                 true,
	"config_parse_socket_listen":            true,
	"config_parse_temporary_filesystems":    true,
	"config_parse_unit_condition_path":      true,
	"config_parse_unit_env_file":            true,
	"config_parse_unit_path_printf":         true,
	"config_parse_unit_path_strv_printf":    true,
	"config_parse_unit_requires_mounts_for": true,
	"config_parse_unit_mounts_for":          true,
	"config_parse_unit_string_printf":       true,
	"config_parse_unit_strv_printf":         true,
	"config_parse_working_directory":        true,
}

func runHardcodedHome(p *Pass) {
	if p.Scope != UserScope {
		return
	}
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if ke.d == nil || !printfParsers[ke.d.Parser()] {
			continue
		}
		v := e.Value()
		if !strings.Contains(v, "/home/") {
			continue
		}
		for from := 0; ; {
			i := strings.Index(v[from:], "/home/")
			if i < 0 {
				break
			}
			i += from
			from = i + len("/home/")
			if i > 0 && !strings.ContainsRune(" \t\"'=:-@+!|", rune(v[i-1])) {
				continue
			}
			j := from
			for j < len(v) && isNameByte(v[j]) {
				j++
			}
			if j == from || (j < len(v) && !strings.ContainsRune("/ \t\"':", rune(v[j]))) {
				continue
			}
			pos, end := e.SpanAt(i, j)
			// No fix: /home/NAME may be another user's home on purpose
			// (a shared directory), which %h would change.
			p.Report(Diagnostic{
				Pos: pos, End: end,
				Message: v[i:j] + " is one user's home directory; if it is meant to be the home of whoever runs the unit, write %h",
			})
			from = j
		}
	}
}

// isNameByte reports whether c may be part of a user name as systemd
// allows them (src/basic/user-util.c: valid_user_group_name(), relaxed).
func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}
