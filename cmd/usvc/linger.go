package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/install"
)

func init() { register("linger", newLingerCmd) }

func newLingerCmd(e *env) *cobra.Command {
	var tf targetFlags
	var asJSON, dry bool
	c := &cobra.Command{
		Use:   "linger enable|disable|status [USER]",
		Short: "Turn linger on or off for a user, or show it: their services then run without a login and start at boot",
		Long: `linger makes logind start USER's manager at boot and keep it running
without a login session, so their user services start at boot and survive
logout. USER defaults to $SUDO_USER under sudo, else you.

enable and disable run loginctl --no-ask-password enable-linger USER (or
disable-linger): loginctl rather than logind's D-Bus method SetUserLinger,
because it makes exactly that call with no D-Bus library, goes through the
same polkit check, and works under sudo. It never prompts: polkit lets a
user change their own linger, and without polkitd only root may; a refusal
says so and how to run it as root. Nothing is changed when linger is
already as asked.

status reads both logind (loginctl show-user USER -p Linger) and the flag
file /var/lib/systemd/linger/USER, and says when they disagree (a file made
behind logind's back takes effect at the next boot).

--root DIR works on the flag file in an image only.

Exit status: enable/disable 0 done, 3 failure (not permitted, no such user);
status 0 when linger is on (and logind agrees), 1 when it is off or they
disagree, 3 failure. 2 usage.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			op := install.LingerOp(args[0])
			switch op {
			case install.LingerEnable, install.LingerDisable, install.LingerStatus:
			default:
				return usageError{fmt.Errorf("unknown action %q: use enable, disable or status", args[0])}
			}
			if len(args) == 2 {
				tf.userName = args[1]
			}
			t, live, err := tf.resolve(e, true)
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			res, err := install.Linger(ctx, &t, op, dry, live)
			if asJSON {
				if jerr := writeJSON(e.stdout, res); jerr != nil {
					return jerr
				}
			} else {
				writeLinger(e.stdout, res)
			}
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			if op == install.LingerStatus && !(res.Enabled && res.Agree) {
				return silent(exitFindings)
			}
			return nil
		},
	}
	tf.register(c, false)
	c.Flags().BoolVar(&dry, "dry-run", false, "print what would be done and change nothing")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func writeLinger(w io.Writer, r *install.LingerResult) {
	for _, a := range r.Actions {
		if a.Op != install.OpUnchanged {
			fmt.Fprintln(w, a.Text(r.DryRun))
		}
	}
	state := "disabled"
	if r.Enabled {
		state = "enabled"
	}
	file := "missing"
	if r.File {
		file = "present"
	}
	if r.Logind != "" {
		fmt.Fprintf(w, "linger: %s for %s (logind: %s; %s: %s)\n", state, r.User, r.Logind, r.Path, file)
	} else {
		fmt.Fprintf(w, "linger: %s for %s (%s: %s)\n", state, r.User, r.Path, file)
	}
	if r.LogindSays != "" {
		fmt.Fprintln(w, "logind: "+r.LogindSays)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	switch {
	case r.DryRun:
		fmt.Fprintln(w, "dry run: nothing was changed")
	case r.Op != install.LingerStatus && !r.Changed:
		fmt.Fprintln(w, "nothing changed")
	}
}
