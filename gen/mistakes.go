package gen

import (
	"fmt"
	"path"
	"strings"

	"github.com/usvc/usvc/unitfile/words"
)

// Values that gen could write exactly but that are almost surely not what
// the user means, because a shell would have expanded them and systemd
// does not: a "~" inside an argument or an environment value, a $VAR in
// an environment value. gen refuses them and says what to write instead,
// rather than write a unit that quietly passes the literal text on. The
// rules are those of lint's tilde-path and unexpanded-variable, so that
// what gen writes lints clean.

// shells are the programs that read shell syntax, and expand "~",
// themselves: their arguments are not checked.
var shells = map[string]bool{
	"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true,
	"ash": true, "fish": true, "busybox": true, "csh": true, "tcsh": true,
}

// builtins are shell builtins that people write as the program, with what
// to do instead; systemd runs no shell, so they are not programs.
var builtins = map[string]string{
	"cd":     "use --working-directory",
	"export": "use --env",
	"source": "use --env-file",
	".":      "use --env-file",
	"ulimit": "use --set Service.LimitNOFILE=... and the other Limit*= settings",
	"umask":  "use --set Service.UMask=...",
	"exec":   "leave it out: systemd runs the program in place of itself anyway",
	"eval":   "run the line with /bin/sh -c '...'",
	"set":    "run the line with /bin/sh -c '...'",
	"alias":  "run the line with /bin/sh -c '...'",
}

// tildeAt is where a "~" that a shell would take for the home directory
// starts in s: at the start, or after "=" or ":" ("--config=~/x",
// "PATH=~/bin:~/.local/bin"), followed by "/", ":" or the end. -1 when
// there is none.
func tildeAt(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '~' || (i > 0 && s[i-1] != '=' && s[i-1] != ':') {
			continue
		}
		if i+1 == len(s) || s[i+1] == '/' || s[i+1] == ':' {
			return i
		}
	}
	return -1
}

// varAt finds a variable reference in s as a shell would write one:
// ${NAME} with a valid name, or $NAME with an upper-case name of two
// characters or more (so that a "$" in a password or a prompt does not
// count). "$$" is skipped: it is how Exec*= lines write a "$". It returns
// the reference, or "".
func varAt(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '$' {
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '{' {
			if end := strings.IndexByte(s[i+2:], '}'); end >= 0 && words.EnvNameIsValid(s[i+2:i+2+end]) {
				return s[i : i+3+end]
			}
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] == '_' || j > i+1 && s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if j-i-1 >= 2 && (j == len(s) || s[j] < 'a' || s[j] > 'z') {
			return s[i:j]
		}
	}
	return ""
}

// checkCommand refuses a command line that only a shell would run as
// meant: a shell builtin or a variable assignment as the program, or a
// "~" inside an argument (a whole "~/path" argument is the user's choice:
// a shell would have expanded it had it not been quoted).
func checkCommand(argv []string) error {
	p := argv[0]
	if how, ok := builtins[path.Base(p)]; ok {
		return fmt.Errorf("%s is a shell builtin, not a program, and systemd runs no shell: %s", path.Base(p), how)
	}
	if eq := strings.IndexByte(p, '='); eq > 0 && !strings.Contains(p, "/") && words.EnvNameIsValid(p[:eq]) {
		return fmt.Errorf("%s is a variable assignment, which systemd would take for the program to run: use --env %s", p, p)
	}
	if shells[path.Base(p)] {
		return nil
	}
	for i, a := range argv[1:] {
		if at := tildeAt(a); at > 0 {
			return fmt.Errorf("argument %d %q: systemd runs no shell, so the program would get a literal %q; write the path out (a shell expands $HOME/... for you, and gen writes your home as %%h)",
				i+1, a, a[at:])
		}
	}
	return nil
}

// checkEnvValue refuses an environment value with a "~/" or a $VAR that
// a shell would expand: Environment= takes the text as written.
func checkEnvValue(name, v string) error {
	if ref := varAt(v); ref != "" {
		return fmt.Errorf("Environment %s: systemd does not expand %s in Environment=, the service would get the text as written; write the value out (let your shell expand it)", name, ref)
	}
	if at := tildeAt(v); at >= 0 && strings.HasPrefix(v[at:], "~/") {
		// A lone "~" (or "~:") is too often a value of its own to count.
		return fmt.Errorf("Environment %s: systemd does not expand ~, the service would get a literal %q; write the path out (let your shell expand it)", name, v[at:])
	}
	return nil
}
