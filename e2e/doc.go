// Package e2e holds usvc's end-to-end tests. They boot a real systemd
// (PID 1, journald, dbus, logind, polkit and user@UID.service) in a
// systemd-nspawn container built from Debian bookworm, put the usvc
// binary alone inside it, and run the tutorial the way a person would: gen
// a unit, install it as a user with linger, log out, reboot, and check that
// the service came back with nobody logged in.
//
// The tests need Linux, root, systemd-nspawn (package systemd-container),
// nsenter and, the first time, mmdebstrap and a Debian mirror to build the
// container's root file system. They skip with a message naming what is
// missing, or fail under CI=true, where everything is installed on purpose.
// They also skip when the kernel or the sandbox refuses the namespaces or
// cgroups that nspawn needs (see probeNspawn): that refusal is a fact of
// the machine, found before any usvc code runs.
//
// The root file system is built once and cached in /var/cache/usvc-e2e
// (or $USVC_E2E_CACHE), keyed by its recipe; each test boots its own copy.
// Run them with:
//
//	sudo go test ./e2e -v -count=1 -timeout 20m
package e2e
