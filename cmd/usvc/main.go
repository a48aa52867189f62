// Command usvc lints, formats, generates and installs systemd unit files,
// with user services (systemctl --user, loginctl enable-linger) in mind.
//
// Exit codes: 0 clean, 1 findings (or fmt -l/-d/--check found changes),
// 2 usage error, 3 failure (a file could not be read or written).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"

	"github.com/spf13/cobra"
)

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// gcPercent is the collector's target for the process. usvc runs for
// milliseconds, and with Go's default (100) a lint of a directory of a
// thousand units spent a fifth of its wall time in collections that a
// short-lived process does not need: at 400 the first collection waits
// for 16 MB of heap, and a big run still collects in proportion to what
// it keeps (peak memory on 1,172 units: 14 MB).
const gcPercent = 400

// tuneGC sets gcPercent unless the user set GOGC, which wins.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// Exit codes, as every command uses them.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitFailure  = 3
)

// exitError carries an exit code out of a command. A command that has
// already said what went wrong returns one with an empty message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// fail makes an error that exits with code and prints msg.
func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// silent is an error that only sets the exit code: the command has
// already printed what there is to say.
func silent(code int) error { return &exitError{code: code} }

// usageError marks errors in the command line itself.
type usageError struct{ error }

// env is what a command may touch of the outside world, so that tests
// can give it fakes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// commands lists the constructors of the subcommands; each file adds its
// own in an init function, so adding a command touches no shared line.
var commands = map[string]func(*env) *cobra.Command{}

func register(name string, f func(*env) *cobra.Command) { commands[name] = f }

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "usvc",
		Short: "Lint, format, generate and install systemd unit files, for user services",
		Long: `usvc checks systemd unit files the way systemd reads them, with the
mistakes that break user services (systemctl --user, loginctl
enable-linger) in mind, and generates and installs units that work.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.CompletionOptions.HiddenDefaultCmd = true
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n](e)
		if c.Args != nil {
			args := c.Args
			c.Args = func(cmd *cobra.Command, a []string) error {
				if err := args(cmd, a); err != nil {
					return usageError{err}
				}
				return nil
			}
		}
		root.AddCommand(c)
	}
	return root
}

// run is main without the process: it takes the arguments and streams and
// returns the exit code, so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := newRoot(e)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "usvc: "+ee.msg)
		}
		return ee.code
	}
	// Anything else comes from cobra (an unknown command, a bad flag) or
	// from an argument check: the command line is wrong.
	fmt.Fprintln(stderr, "usvc: "+err.Error())
	fmt.Fprintln(stderr, "Run 'usvc --help' for usage.")
	return exitUsage
}
