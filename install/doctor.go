package install

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/usvc/usvc/unitfile/unitname"
)

// Status grades one check of Doctor.
type Status string

// The statuses, from good to bad.
const (
	StatusOK   Status = "ok"
	StatusInfo Status = "info" // a fact, not a problem
	StatusWarn Status = "warn" // works now, but something is off
	StatusFail Status = "fail" // broken: services will not run as intended
)

// Check is one thing Doctor looked at.
type Check struct {
	// Name is what was checked: "systemd", "linger", "manager",
	// "runtime-dir", "manager-socket", "user-bus", "unit", "failed".
	Name   string `json:"check"`
	Unit   string `json:"unit,omitempty"`
	Status Status `json:"status"`
	// Message says what was found, Fix the command that repairs it.
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
	// Detail holds findings or journal lines.
	Detail []string `json:"detail,omitempty"`
}

// DoctorOptions say what Doctor looks at.
type DoctorOptions struct {
	// Units to look at; none means every unit file in the user's unit
	// directory.
	Units []string
	// Check lints the installed units; nil means ParseCheck.
	Check Checker
	// Live is the running system; nil (or a Target with a Root) checks
	// only the files.
	Live *Systemd
	// AsRoot says the caller is root (the fixes then need no sudo).
	AsRoot bool
	// Dial checks that a unix socket answers; nil dials it.
	Dial func(path string) error
	// JournalLines is how many journal lines to show for a failed unit
	// (default 10).
	JournalLines int
}

// DialUnix connects to a unix socket and hangs up: it answers, or the
// error says why not (ECONNREFUSED for a socket nobody listens on).
func DialUnix(p string) error {
	c, err := net.DialTimeout("unix", p, 2*time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

// Failed reports whether any check failed.
func Failed(checks []Check) bool {
	for _, c := range checks {
		if c.Status == StatusFail {
			return true
		}
	}
	return false
}

// Doctor checks what makes a user service start at boot and keep running:
// linger, the user's manager (user@UID.service), the runtime directory and
// the sockets systemctl --user needs (the "Failed to connect to bus"
// pitfall of su and sudo), the installed units (lint findings, missing
// enablement links, not running), and the units that failed, with the last
// lines of their journal. Each problem comes with the command that fixes
// it. Under a root only the files are checked.
func Doctor(ctx context.Context, t *Target, opt DoctorOptions) []Check {
	d := &doctor{t: t, opt: opt, ctx: ctx}
	if d.opt.Check == nil {
		d.opt.Check = ParseCheck
	}
	if d.opt.Dial == nil {
		d.opt.Dial = DialUnix
	}
	if d.opt.JournalLines == 0 {
		d.opt.JournalLines = 10
	}
	live := opt.Live != nil && !t.Offline()
	if live {
		d.systemd()
		d.linger()
		d.manager()
		d.runtime()
	} else {
		d.lingerFile()
	}
	d.units(live)
	if live {
		d.failed()
	}
	return d.checks
}

type doctor struct {
	t      *Target
	opt    DoctorOptions
	ctx    context.Context
	checks []Check
}

// lingerOn reports whether the linger check passed.
func (d *doctor) lingerOn() bool {
	for _, c := range d.checks {
		if c.Name == "linger" {
			return c.Status == StatusOK
		}
	}
	return false
}

func (d *doctor) add(c Check) { d.checks = append(d.checks, c) }

// sudo prefixes a command that needs root, unless the caller is root.
func (d *doctor) sudo(cmd string) string {
	if d.opt.AsRoot {
		return cmd
	}
	return "sudo " + cmd
}

// userctl is the systemctl --user command line for the user, as a person
// would type it.
func (d *doctor) userctl(args ...string) string {
	s := d.opt.Live
	if s == nil || s.Self {
		return strings.Join(append([]string{"systemctl", "--user"}, args...), " ")
	}
	return d.sudo(strings.Join(append([]string{"systemctl", "--user", "--machine", s.User.Name + "@"}, args...), " "))
}

func (d *doctor) systemd() {
	v := d.opt.Live.Version(d.ctx)
	if v == 0 {
		d.add(Check{Name: "systemd", Status: StatusFail, Message: "systemctl does not run here: is this a systemd machine?"})
		return
	}
	d.add(Check{Name: "systemd", Status: StatusInfo, Message: fmt.Sprintf("systemd %d", v)})
}

func (d *doctor) linger() {
	s := d.opt.Live
	st := s.Linger(d.ctx)
	name := s.User.Name
	switch {
	case st.File && st.Logind == "yes":
		d.add(Check{Name: "linger", Status: StatusOK,
			Message: fmt.Sprintf("on for %s (logind and %s agree): the manager starts at boot and stays after logout", name, st.Path)})
	case st.File:
		d.add(Check{Name: "linger", Status: StatusWarn, Fix: d.lingerFix(),
			Message: fmt.Sprintf("%s exists, but logind does not report linger for %s (%s): it takes effect at the next boot", st.Path, name, orUnknown(st.LogindSays))})
	default:
		d.add(Check{Name: "linger", Status: StatusFail, Fix: d.lingerFix(),
			Message: fmt.Sprintf("off for %s: user services stop at logout and do not start at boot", name)})
	}
}

// lingerFix is the command that turns linger on: a user may turn on their
// own through polkit (set-self-linger), others need root.
func (d *doctor) lingerFix() string {
	s := d.opt.Live
	if s.Self && !d.opt.AsRoot {
		return "usvc linger enable  (where polkit refuses: sudo usvc linger enable " + s.User.Name + ")"
	}
	return d.sudo("usvc linger enable " + s.User.Name)
}

func orUnknown(s string) string {
	if s == "" {
		return "logind says no"
	}
	return s
}

func (d *doctor) lingerFile() {
	p := d.t.LingerFile()
	if _, err := d.t.lstat(p); err == nil {
		d.add(Check{Name: "linger", Status: StatusOK, Message: fmt.Sprintf("%s exists: the manager of %s starts at boot", p, d.t.User.Name)})
		return
	}
	d.add(Check{Name: "linger", Status: StatusFail, Fix: "usvc linger enable --root " + d.t.Root + " " + d.t.User.Name,
		Message: fmt.Sprintf("%s is missing: the services of %s will not start at boot", p, d.t.User.Name)})
}

func (d *doctor) manager() {
	s := d.opt.Live
	unit := s.ManagerUnit()
	_, out, _ := s.SystemCtl(d.ctx, "is-active", unit)
	state := strings.TrimSpace(string(out))
	if state == "active" {
		d.add(Check{Name: "manager", Status: StatusOK, Message: unit + " is active"})
		return
	}
	if state == "" {
		state = "unknown"
	}
	fix := d.sudo("systemctl start " + unit)
	if !d.lingerOn() {
		fix = d.lingerFix()
	}
	d.add(Check{Name: "manager", Status: StatusFail, Fix: fix,
		Message: fmt.Sprintf("%s is %s: %s has no running manager (no login session, and no linger or not yet applied), so no user service runs", unit, state, s.User.Name)})
}

func (d *doctor) runtime() {
	s := d.opt.Live
	want := s.DefaultRuntimeDir()
	rt := s.runtimeHost()
	if fi, err := os.Stat(rt); err != nil || !fi.IsDir() {
		msg := fmt.Sprintf("%s does not exist: logind makes it for a login session or linger, and systemctl --user needs it", s.runtimePath())
		if s.Self && s.RuntimeDir == "" {
			msg += " (and XDG_RUNTIME_DIR is not set: su or sudo without a login session?)"
		}
		fix := d.lingerFix()
		if d.lingerOn() {
			fix = d.sudo("systemctl start " + s.ManagerUnit())
		}
		d.add(Check{Name: "runtime-dir", Status: StatusFail, Fix: fix, Message: msg})
		return
	}
	switch {
	case !s.Self:
		d.add(Check{Name: "runtime-dir", Status: StatusInfo,
			Message: fmt.Sprintf("%s exists; checking %s from another account: plain systemctl --user here reaches this account's manager or fails with \"Failed to connect to bus\"; use systemctl --user --machine %s@ or usvc --user-name %s",
				s.runtimePath(), s.User.Name, s.User.Name, s.User.Name)})
	case s.RuntimeDir == "":
		d.add(Check{Name: "runtime-dir", Status: StatusFail, Fix: "export XDG_RUNTIME_DIR=" + want,
			Message: "XDG_RUNTIME_DIR is not set (su or sudo without a login session?): systemctl --user fails with \"Failed to connect to bus\"; log in properly (ssh, machinectl shell " + s.User.Name + "@) or set it"})
	case filepath.ToSlash(filepath.Clean(s.RuntimeDir)) != want:
		d.add(Check{Name: "runtime-dir", Status: StatusWarn, Fix: "export XDG_RUNTIME_DIR=" + want,
			Message: fmt.Sprintf("XDG_RUNTIME_DIR is %s, not %s where logind puts the manager's sockets", s.RuntimeDir, want)})
	default:
		d.add(Check{Name: "runtime-dir", Status: StatusOK, Message: "XDG_RUNTIME_DIR=" + s.RuntimeDir + " exists"})
	}
	priv := filepath.Join(rt, "systemd", "private")
	if err := d.opt.Dial(priv); err != nil {
		d.add(Check{Name: "manager-socket", Status: StatusFail, Fix: d.sudo("systemctl restart " + s.ManagerUnit()),
			Message: fmt.Sprintf("%s does not answer (%v): systemctl --user cannot reach the manager", s.runtimePath("systemd", "private"), unwrapNet(err))})
	} else {
		d.add(Check{Name: "manager-socket", Status: StatusOK, Message: s.runtimePath("systemd", "private") + " answers"})
	}
	bus := filepath.Join(rt, "bus")
	if err := d.opt.Dial(bus); err != nil {
		d.add(Check{Name: "user-bus", Status: StatusWarn, Fix: d.sudo("apt-get install dbus-user-session") + "  (or your distribution's user D-Bus package)",
			Message: fmt.Sprintf("%s does not answer (%v): no user D-Bus; systemctl --user works, but systemctl --user --machine %s@ and programs that use the session bus do not", s.runtimePath("bus"), unwrapNet(err), s.User.Name)})
	} else {
		d.add(Check{Name: "user-bus", Status: StatusOK, Message: s.runtimePath("bus") + " answers"})
	}
}

func unwrapNet(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		err = oe.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return unwrapPath(err)
}

// installedUnits lists the unit files (and links) in the unit directory.
func (d *doctor) installedUnits() []string {
	h, err := d.t.host(d.t.UnitDir(), true)
	if err != nil {
		return nil
	}
	ents, err := os.ReadDir(h)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && unitname.Check(e.Name()) == nil {
			if e.Type()&fs.ModeSymlink != 0 {
				// An alias or enablement link, not a unit of its own.
				if fi, err := os.Stat(filepath.Join(h, e.Name())); err == nil && fi.Mode().IsRegular() {
					if target, err := os.Readlink(filepath.Join(h, e.Name())); err == nil && path.Dir(filepath.ToSlash(target)) == d.t.UnitDir() {
						continue
					}
				}
			}
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func (d *doctor) units(live bool) {
	names := d.opt.Units
	if len(names) == 0 {
		names = d.installedUnits()
		if len(names) == 0 {
			d.add(Check{Name: "unit", Status: StatusInfo, Message: "no units in " + d.t.UnitDir()})
			return
		}
	}
	var states []string
	if live && d.opt.Live.Transport(d.ctx) != Unreachable {
		_, out, _ := d.opt.Live.UserCtl(d.ctx, append([]string{"is-active"}, names...)...)
		states = strings.Fields(string(out))
	}
	for i, n := range names {
		if err := CheckUnitName(n); err != nil {
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Message: err.Error()})
			continue
		}
		p := path.Join(d.t.UnitDir(), n)
		src, err := d.t.readFile(p)
		if err != nil {
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Fix: "usvc install " + n,
				Message: fmt.Sprintf("%s: %v: not installed", p, unwrapPath(err))})
			continue
		}
		files := []CheckFile{{Path: p, Src: src}}
		if h, err := d.t.host(p+".d", true); err == nil {
			if ents, err := os.ReadDir(h); err == nil {
				for _, e := range ents {
					if strings.HasSuffix(e.Name(), ".conf") && !strings.HasPrefix(e.Name(), ".") {
						dp := path.Join(p+".d", e.Name())
						if b, err := d.t.readFile(dp); err == nil {
							files = append(files, CheckFile{Path: dp, Src: b})
						}
					}
				}
			}
		}
		var errs, warns []string
		for _, f := range d.opt.Check(files) {
			switch f.Severity {
			case "error":
				errs = append(errs, f.String())
			case "warning":
				warns = append(warns, f.String())
			}
		}
		switch {
		case len(errs) > 0:
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Detail: append(errs, warns...), Fix: "usvc lint --fix " + p,
				Message: fmt.Sprintf("%s has %d error(s)", p, len(errs))})
		case len(warns) > 0:
			d.add(Check{Name: "unit", Unit: n, Status: StatusWarn, Detail: warns, Message: fmt.Sprintf("%s has %d warning(s)", p, len(warns))})
		default:
			d.add(Check{Name: "unit", Unit: n, Status: StatusOK, Message: p + ": no lint errors or warnings"})
		}
		// Enablement: are the links of [Install] there?
		ep, err := d.t.PlanEnable([]string{n}, nil, false)
		enabled := false
		switch {
		case err != nil:
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Message: "cannot be enabled: " + err.Error()})
		case len(ep.Errors) > 0:
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Message: "cannot be enabled: " + errors.Join(ep.Errors...).Error()})
		case len(ep.Links) == 0:
			d.add(Check{Name: "unit", Unit: n, Status: StatusInfo, Message: n + " has no [Install] section: it starts only when something pulls it in"})
		case ep.Changed():
			var miss []string
			for _, l := range ep.Links {
				if l.State != LinkPresent {
					miss = append(miss, l.Path)
				}
			}
			d.add(Check{Name: "unit", Unit: n, Status: StatusFail, Detail: miss, Fix: d.userctl("enable", n),
				Message: n + " is not enabled: it will not start at boot or login (missing links below)"})
		default:
			enabled = true
			d.add(Check{Name: "unit", Unit: n, Status: StatusOK, Message: n + " is enabled"})
		}
		if i < len(states) && enabled {
			switch st := states[i]; st {
			case "active", "reloading", "activating":
				d.add(Check{Name: "unit", Unit: n, Status: StatusOK, Message: n + " is " + st})
			case "failed":
				// reported with its journal by failed()
			default:
				d.add(Check{Name: "unit", Unit: n, Status: StatusWarn, Fix: d.userctl("start", n),
					Message: n + " is enabled but " + st})
			}
		}
	}
}

func (d *doctor) failed() {
	s := d.opt.Live
	if s.Transport(d.ctx) == Unreachable {
		d.add(Check{Name: "failed", Status: StatusInfo, Message: "the user manager is not reachable: failed units not checked"})
		return
	}
	_, out, err := s.UserCtl(d.ctx, "--failed", "--plain", "--no-legend")
	if err != nil {
		d.add(Check{Name: "failed", Status: StatusWarn, Message: "cannot list failed units: " + err.Error()})
		return
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		unit := strings.TrimPrefix(f[0], "●")
		if unit == "" && len(f) > 1 {
			unit = f[1]
		}
		n++
		_, jout, _ := s.Journal(d.ctx, unit, d.opt.JournalLines)
		var lines []string
		for _, l := range strings.Split(strings.TrimRight(string(jout), "\n"), "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
		d.add(Check{Name: "failed", Unit: unit, Status: StatusFail, Detail: lines,
			Fix:     "read the log above, fix the unit, then: " + d.userctl("restart", unit),
			Message: unit + " has failed"})
	}
	if n == 0 {
		d.add(Check{Name: "failed", Status: StatusOK, Message: "no failed units"})
	}
}
