package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/usvc/usvc/install"
	"github.com/usvc/usvc/lint"
	"github.com/usvc/usvc/unitfile/catalog"
)

func init() { register("install", newInstallCmd) }

// What the commands that drive systemd learn about the machine. Script
// tests replace them (fakes_test.go) so that no test depends on the
// accounts, /var/lib or /run of the machine it runs on.
var (
	// sysRoot is where /run/user and /var/lib/systemd/linger are looked
	// at on the live system: "" is "/".
	sysRoot     = ""
	geteuid     = os.Geteuid
	currentUser = install.CurrentAccount
	lookupUser  = install.LookupAccount
	dialSocket  = install.DialUnix
)

// targetFlags are --root and --user-name, shared by install, uninstall,
// linger and doctor.
type targetFlags struct {
	root, userName string
}

func (f *targetFlags) register(c *cobra.Command, userName bool) {
	c.Flags().StringVar(&f.root, "root", "", "work on the image (or fake home) under `DIR`, on its files only: no systemd is contacted")
	if userName {
		c.Flags().StringVar(&f.userName, "user-name", "", "act for user `NAME` (root only on the live system; default: $SUDO_USER under sudo, else you)")
	}
}

// resolve picks the target user and, on the live system, the way to reach
// their manager.
func (f *targetFlags) resolve(e *env, anyUser bool) (install.Target, *install.Systemd, error) {
	if f.root != "" {
		fi, err := os.Stat(f.root)
		if err != nil {
			return install.Target{}, nil, fmt.Errorf("--root %s: %w", f.root, unwrapPathError(err))
		}
		if !fi.IsDir() {
			return install.Target{}, nil, fmt.Errorf("--root %s: not a directory", f.root)
		}
		abs, err := filepath.Abs(f.root)
		if err != nil {
			return install.Target{}, nil, err
		}
		f.root = abs
	}
	t, self, err := install.Resolve(install.Who{
		Root: f.root, UserName: f.userName, Getenv: e.getenv, EUID: geteuid(),
		Current: currentUser, Lookup: lookupUser, AnyUser: anyUser,
	})
	if err != nil {
		return t, nil, err
	}
	if t.Offline() {
		return t, nil, nil
	}
	live := &install.Systemd{User: t.User, Self: self, SysRoot: sysRoot}
	if self {
		if rt := e.getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(rt) {
			live.RuntimeDir = rt
		}
	}
	return t, live, nil
}

// lintChecker lints files before install (and installed units, for
// doctor) as user units of the given systemd release (0: lint's default).
func lintChecker(version int) install.Checker {
	return func(files []install.CheckFile) []install.Finding {
		set := &lint.Settings{Scope: lint.UserScope}
		if version > 0 {
			set.Version = catalog.V(uint16(version))
		}
		inputs := make([]*lint.Input, len(files))
		for i, f := range files {
			inputs[i] = &lint.Input{Path: f.Path, Src: f.Src, Settings: set}
		}
		var out []install.Finding
		for _, r := range lint.Lint(inputs) {
			if r.Err != nil {
				out = append(out, install.Finding{File: r.Input.Path, Severity: "error", Message: r.Err.Error()})
				continue
			}
			for _, d := range r.Diagnostics {
				out = append(out, install.Finding{File: d.Path, Line: d.Pos.Line, Col: d.Pos.Col,
					Severity: d.Severity.String(), Message: lint.Printable(d.Message), Rule: d.Rule})
			}
		}
		return out
	}
}

// systemdVersion is the release lint checks against: the live one, or
// lint's default under --root.
func systemdVersion(ctx context.Context, live *install.Systemd) int {
	if live == nil {
		return 0
	}
	return live.Version(ctx)
}

// printErr prints an error, one "usvc: " line per line of it.
func printErr(w io.Writer, err error) {
	for _, l := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, "usvc: "+l)
	}
}

// writeJSON prints v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fail(exitFailure, "writing the output: %v", err)
	}
	return nil
}

// writeResult prints what install or uninstall did, for people; failed
// says the command stopped on an error (which says what was changed).
func writeResult(w io.Writer, r *install.Result, failed bool) {
	for _, a := range r.Steps() {
		fmt.Fprintln(w, a.Text(r.DryRun))
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	switch {
	case r.DryRun:
		fmt.Fprintln(w, "dry run: nothing was changed")
	case !r.Changed && !failed:
		fmt.Fprintln(w, "nothing changed")
	}
}

func newInstallCmd(e *env) *cobra.Command {
	var tf targetFlags
	var opt install.Options
	var asJSON bool
	c := &cobra.Command{
		Use:   "install [--enable] [--now] [--linger] [--force] [--dry-run] FILE|DIR...",
		Short: "Install user units where the user manager reads them, enable and start them, and enable linger",
		Long: `install copies each unit FILE (with the drop-in directory FILE.d/ beside
it, if any) and every unit file in each DIR into the user's unit directory,
$XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user), and then
runs systemctl --user daemon-reload.

The units are linted first; error findings refuse the install (--force
installs anyway and still prints them). Each file is written atomically
(a temporary file in the same directory, synced, renamed; new files get mode
0644). An identical file is left alone and reported unchanged, so a second
run changes nothing and says so. A different file is refused unless
--force, which first saves the old one as NAME.usvc-bak. Names that are not
valid unit names are refused. If a write fails (read-only or full file
system), what was written is taken back.

--enable creates the links of [Install] as systemctl --user enable does
(WantedBy=, RequiredBy=, Alias=, Also=, DefaultInstance=); --now starts the
units (restarting running ones whose files were replaced); --linger enables
linger (loginctl enable-linger), so the user's manager starts at boot and
the services keep running after logout.

As root, --user-name NAME (or $SUDO_USER under sudo) installs for that
user: files go to their home, owned by them, and systemctl reaches their
manager with --machine NAME@ (systemd 248 and later, with the user's D-Bus)
or runuser. If their manager is not running (no session, no linger), the
links are made directly and the units start when it does; --now is then an
error that says what to do.

--root DIR works on an image (or a fake home): everything stays inside DIR,
also through symlinks; the user's home comes from DIR/etc/passwd; the links
are made directly and --linger creates DIR/var/lib/systemd/linger/USER.
No systemd is contacted.

Exit status: 0 done, 1 refused because of error findings, 2 usage, 3 a
failure (nothing was written if the files could not be).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			t, live, err := tf.resolve(e, false)
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			srcs, err := install.Load(args)
			if err != nil {
				printErr(e.stderr, err)
				return silent(exitFailure)
			}
			opt.Live = live
			opt.Check = lintChecker(systemdVersion(ctx, live))
			r, err := install.Install(ctx, &t, srcs, opt)
			// Errors and warnings; lint's suggestions (info) are for
			// usvc lint to show, not for every install.
			for _, f := range r.Findings {
				if f.Severity == "error" || f.Severity == "warning" {
					fmt.Fprintln(e.stderr, f.String())
				}
			}
			if asJSON {
				if jerr := writeJSON(e.stdout, r); jerr != nil {
					return jerr
				}
			} else {
				writeResult(e.stdout, r, err != nil)
			}
			if err != nil {
				printErr(e.stderr, err)
				if errors.Is(err, install.ErrFindings) {
					return silent(exitFindings)
				}
				return silent(exitFailure)
			}
			return nil
		},
	}
	tf.register(c, true)
	c.Flags().BoolVar(&opt.Enable, "enable", false, "enable the units: create the links of their [Install] sections")
	c.Flags().BoolVar(&opt.Now, "now", false, "start the units (restart running ones whose files changed)")
	c.Flags().BoolVar(&opt.Linger, "linger", false, "enable linger for the user, so the units run without a login session and start at boot")
	c.Flags().BoolVar(&opt.Force, "force", false, "install despite error findings; replace different files (keeping NAME.usvc-bak) and conflicting aliases")
	c.Flags().BoolVar(&opt.DryRun, "dry-run", false, "print what would be done and change nothing")
	c.Flags().BoolVar(&asJSON, "json", false, "print what was done as JSON: per unit, changed, paths and actions")
	return c
}
