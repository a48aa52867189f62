// Package gen builds systemd user units from typed options: a service
// that runs a command, or a timer and the oneshot service it starts.
//
// The result is a *unitfile.File, so a caller can edit it before printing
// it with Bytes. What gen writes is right by construction for the per-user
// manager (systemctl --user) of the systemd release it is written for (see
// Options.Systemd) and every later one:
//
//   - the command is written so that systemd's own splitting (quotes, C
//     escapes, specifiers, the run-time "$" expansion) gives back exactly
//     the argv given; paths under the user's home are written with %h;
//   - a value can never add a key or a section: a newline or other control
//     character is escaped where systemd unescapes it (Exec*= arguments,
//     Environment=) and refused where it does not (Description=, paths);
//   - dependencies and install targets are checked against the units the
//     user manager has: a system-only unit (network-online.target,
//     multi-user.target, ...) is refused with what to do instead;
//   - extra settings (Options.Set) are checked against the directive
//     catalogue: unknown keys (with a "did you mean"), keys in the wrong
//     section, deprecated keys, settings the user manager does not support.
//
// Before returning, gen parses its own output again and checks that it
// holds exactly the intended keys and that every command reads back as
// given; a failure there is a bug in gen, reported as an error.
//
// Defaults, chosen for a small long-running user service:
//
//   - Type=simple, written out: Type=exec would report a command that
//     cannot be executed as a failed start, but it needs systemd 240, and
//     gen has already checked that the command exists;
//   - Restart=on-failure with RestartSec=5s: a crash loop never reaches the
//     default start limit (5 starts in 10s), so the service keeps being
//     retried;
//   - MemoryMax=50% (see DefaultMemoryMax);
//   - WantedBy=default.target.
//
// Units are written for Options.Systemd, by default DefaultSystemd (239,
// the oldest release lint checks against by default): every key gen writes
// by itself exists there, and keys given in Options.Set are checked
// against it.
//
// gen writes exactly what it is given, with two kinds of exceptions that
// it refuses instead, saying what to write: what systemd cannot express
// (a NUL byte, a control character in a setting it does not unescape, a
// oneshot service with Restart=always), and what a shell would have
// expanded but systemd passes on as text, which is almost never meant (a
// "~" inside an argument or an environment value, $VAR in an environment
// value, a shell builtin as the program).
package gen
