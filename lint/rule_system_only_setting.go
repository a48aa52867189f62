package lint

import (
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/value"
)

var systemOnlySetting = &Rule{
	Name:     "system-only-setting",
	Severity: Warning,
	Summary:  "a setting that does not work, or works differently, in a user unit",
	Scope:    UserScope,
	Doc: `The user manager (systemctl --user) runs as you, without privileges, so some
settings of systemd.exec(5) and friends cannot work in a user unit. Which,
and what happens instead, comes from the man pages' "system only" markers and
the user-manager code paths of systemd (user-manager.tsv):

- User=, SupplementaryGroups= (errors): the user manager cannot change users.
  With User= set, systemd calls initgroups() for that user, which needs a
  privilege it lacks, and the service fails with status 216/GROUP, even for
  your own user name (src/core/execute.c: get_supplementary_groups()).
  Remove them: a user service runs as you. Group= works only with your own
  primary group (a warning).
- DynamicUser=yes (an error): the user manager cannot allocate users; systemd
  256 and later refuse to load the unit, older releases fail to start it.
- FailureAction=, SuccessAction=, StartLimitAction=, JobTimeoutAction= with
  reboot, poweroff, halt and the like (an error): the user manager cannot
  reboot the machine, so systemd uses exit-force instead, which stops the
  user manager and all your services.
- ProtectControlGroups=, RemoveIPC=, LogNamespace=, AppArmorProfile=,
  IPAccounting=, WakeSystem= and the other system-only settings (warnings):
  not supported in the user manager.
- Privileged values (warnings): a negative Nice= or OOMScoreAdjust=,
  CPUSchedulingPolicy=fifo or rr, IOSchedulingClass=realtime, a socket on a
  port below 1024, Transparent=, Mark=, BindToDevice=, SocketUser=, and the
  BPF-based IPAddressDeny= family need capabilities the user manager does not
  have: they fail, or are skipped.
- Sandboxing that needs a mount or user namespace (ProtectHome=,
  PrivateTmp=, ReadOnlyPaths=, PrivateNetwork=, CapabilityBoundingSet=, ...):
  the user manager lacks the privileges to set it up, so systemd skips it
  (src/core/execute.c: apply_mount_namespace(), "assuming containerized
  execution") or the service fails to start. PrivateUsers= works in user
  managers from systemd 245 on, and makes them work; from 254 on systemd
  turns it on by itself. So: a warning when the target release is older than
  245, or older than 254 without PrivateUsers=yes.
- Settings that do nothing for a user service (PassEnvironment=: user
  services get the manager's environment anyway) or only in part (the
  per-unit journal rate limits and LogLevelMax=): info.

Settings that only behave differently (WorkingDirectory= defaults to the home
directory, Slice= to app.slice) are not reported. User=%u and Group=%g are
removed by the fix: they name you, and only fail.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\nUser=app\nDynamicUser=yes\n",
	Good: "[Service]\nExecStart=/usr/bin/app\n",
	Fix:  "removes User=%u, User=%U, Group=%g and Group=%G, which name the user the manager runs as",
	Run:  runSystemOnlySetting,
}

// emergencyActionsUser are the values of FailureAction= and friends a
// user manager accepts (src/core/emergency-action.c:
// parse_emergency_action()).
var emergencyActionsUser = map[string]bool{"": true, "none": true, "exit": true, "exit-force": true}

func runSystemOnlySetting(p *Pass) {
	if p.Scope != UserScope {
		return
	}
	privateUsers := -1 // unknown until needed
	for _, ke := range p.keyedEntries(p.File) {
		if ke.d == nil {
			continue
		}
		e := ke.e
		notes := ke.d.UserNotes()
		if len(notes) == 0 {
			continue
		}
		v := e.Value()
		if v == "" {
			continue // a reset
		}
		key := e.Key()
		vpos, vend := e.ValuePos(), e.ValueEnd()
		switch key {
		case "User", "Group":
			d := Diagnostic{Pos: vpos, End: vend}
			if v == "%u" || v == "%U" || v == "%g" || v == "%G" {
				d.Fix = p.DeleteLines(e)
			}
			switch {
			case v == "%g" || v == "%G":
				d.Severity = Info
				d.Message = "Group=" + v + " is the group a user service runs with anyway; remove it"
			case key == "User":
				d.Severity = Error
				d.Message = "a user unit cannot set User=: systemd then calls initgroups(), which needs a privilege the user manager lacks, and the service fails with status 216/GROUP even for your own user; remove it (a user service runs as you)"
			default:
				d.Message = "a user unit can only use your own primary group: any other Group= fails with status 216/GROUP; remove it (a user service runs with your groups)"
			}
			p.Report(d)
			continue
		case "SupplementaryGroups":
			p.Report(Diagnostic{Pos: vpos, End: vend, Severity: Error,
				Message: "setting supplementary groups needs a privilege the user manager lacks, so the service fails with status 216/GROUP; remove SupplementaryGroups= (a user service runs with your groups)"})
			continue
		case "DynamicUser":
			if b, err := value.ParseBool(v); err == nil && b {
				p.Report(Diagnostic{Pos: vpos, End: vend, Severity: Error,
					Message: "the user manager cannot allocate users: systemd 256 and later refuse to load a user unit with DynamicUser=yes, older releases fail to start it; remove it (a user service runs as you)"})
			}
			continue
		}
		for _, n := range notes {
			if d, ok := userNoteFinding(p, e, n, &privateUsers); ok {
				p.Report(d)
				break
			}
		}
	}
}

// userNoteFinding is the finding note n gives for entry e, if any.
func userNoteFinding(p *Pass, e *unitfile.Entry, n *catalog.UserNote, privateUsers *int) (Diagnostic, bool) {
	key, v := e.Key(), e.Value()
	d := Diagnostic{Pos: e.KeyPos(), End: e.KeyEnd()}
	var ref catalog.DirectiveRef
	for _, r := range n.Directives {
		if r.Name == key {
			ref = r
		}
	}
	switch n.Category {
	case catalog.CategorySystemOnly:
		if !settingOn(e) {
			return d, false
		}
		d.Message = key + "= is not supported in a user unit, only in the system manager; remove it, or run the service in the system manager"
	case catalog.CategoryNoEffect:
		d.Severity = Info
		d.Message = key + "= does nothing in a user unit (" + strings.TrimPrefix(n.Effect, "no effect: ") + "); remove it"
	case catalog.CategoryPartlyNoEffect:
		d.Severity = Info
		d.Message = key + "= works only in part in a user unit (" + n.Effect + ")"
	case catalog.CategoryRestrictedValue:
		if !strings.HasSuffix(key, "Action") || emergencyActionsUser[v] {
			return d, false
		}
		d.Pos, d.End = e.ValuePos(), e.ValueEnd()
		d.Severity = Error
		d.Message = "the user manager cannot " + v + " the machine: systemd uses exit-force instead, which stops the user manager and all your services; use exit-force if that is meant, or none"
	case catalog.CategoryNeedsPrivileges:
		if !privilegedValue(ref, e) {
			return d, false
		}
		if len(ref.Values) > 0 || ref.Cond != "" {
			d.Pos, d.End = e.ValuePos(), e.ValueEnd()
		}
		what := key + "=" + v
		if ref.Cond == "" && len(ref.Values) == 0 {
			what = key + "="
		}
		d.Message = what + " needs a privilege the user manager lacks, so in a user unit it fails or is skipped (" + n.Reason + "); remove it, or run the service in the system manager"
	case catalog.CategoryNeedsUserNS, catalog.CategoryNeedsUserNSMountfsd:
		if p.Version.Compare(catalog.V(254)) >= 0 || !settingOn(e) {
			return d, false
		}
		if p.Version.Compare(catalog.V(245)) < 0 {
			// PrivateUsers= works in user managers from 245 on (NEWS).
			d.Message = "in a user unit " + key + "= does not work before systemd 245 (this unit targets " + p.Version.String() + "): the user manager lacks the privileges to set it up, so systemd skips it or the service fails to start; from 245 it works with PrivateUsers=yes, from 254 on its own"
			return d, true
		}
		if *privateUsers < 0 {
			*privateUsers = 0
			if v := lookupLast(p, "Service", "PrivateUsers"); v != "" {
				if b, err := value.ParseBool(v); err == nil && b {
					*privateUsers = 1
				}
			}
		}
		if *privateUsers == 1 {
			return d, false
		}
		d.Message = "in a user unit " + key + "= needs PrivateUsers=yes before systemd 254 (this unit targets " + p.Version.String() + "): without it the user manager lacks the privileges to set it up, so systemd skips it or the service fails to start; add PrivateUsers=yes (it needs unprivileged user namespaces)"
	default:
		return d, false
	}
	return d, true
}

// settingOn reports whether the value of e turns its setting on: a
// boolean that is true, an enum other than its off words, or any other
// non-empty value.
func settingOn(e *unitfile.Entry) bool {
	v := strings.TrimSpace(e.Value())
	if v == "" {
		return false
	}
	if b, err := value.ParseBool(v); err == nil {
		return b
	}
	switch v {
	case "default", "none", "off":
		return false
	}
	return true
}

// privilegedValue reports whether entry e uses the part of a setting
// that needs privileges, per the note's values and condition.
func privilegedValue(ref catalog.DirectiveRef, e *unitfile.Entry) bool {
	v := strings.TrimSpace(e.Value())
	if len(ref.Values) > 0 {
		for _, w := range ref.Values {
			if v == w {
				return true
			}
		}
		return false
	}
	switch ref.Cond {
	case "":
		return settingOn(e)
	case "negative":
		n, err := value.ParseInt(v, 64)
		return err == nil && n < 0
	case "port < 1024":
		port, ok := listenPort(v)
		return ok && port > 0 && port < 1024
	}
	return false // a condition not understood: say nothing
}

// listenPort is the port of a ListenStream=/ListenDatagram= value: "80",
// "0.0.0.0:80", "[::]:80" (src/shared/socket-netlink.c:
// socket_address_parse()). Paths, abstract sockets and other families
// have none.
func listenPort(v string) (int, bool) {
	if v == "" || v[0] == '/' || v[0] == '@' || strings.HasPrefix(v, "vsock:") {
		return 0, false
	}
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		v = v[i+1:]
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, false
	}
	return n, true
}
