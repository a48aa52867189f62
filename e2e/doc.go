// Package e2e holds usvc's end-to-end tests. They boot a real systemd
// (PID 1, journald, dbus, logind, polkitd and user@UID.service) in a
// systemd-nspawn container built from Debian bookworm, put the usvc binary
// alone inside it, and run the tutorial the way a person would.
//
//   - TestTutorial/linger: as user iman in a real login session, usvc gen
//     the simple-web unit and usvc install --enable --now --linger it; the
//     service answers on port 8080; log out; reboot; it answers again with
//     nobody logged in, and usvc linger status and usvc doctor say so;
//     usvc uninstall leaves nothing behind; root installs for iman with
//     --user-name.
//   - TestTutorial/no-linger: the same without linger: after logout and
//     reboot the service must not run and usvc doctor must exit 1 naming
//     linger; then doctor's fix (usvc linger enable) brings it up. This is
//     what makes the first run mean something: a usvc that forgot linger
//     fails it.
//   - TestBaseline: the same tutorial with systemd's own tools, no usvc:
//     when it fails the machine or the harness is broken, not usvc.
//
// The tests need Linux, root, systemd-nspawn (package systemd-container),
// nsenter and, the first time, mmdebstrap and a Debian mirror (the host's
// apt sources) to build the container's root file system. They skip with
// a message naming what is missing, or fail under CI=true, where everything
// is installed on purpose. They skip even under CI=true when the kernel or
// a sandbox refuses the namespaces or cgroups that nspawn needs (see
// probeNspawn): that refusal is found before any container or usvc code
// runs, so it cannot hide a bug; USVC_E2E_REQUIRE=1 makes it a failure.
//
// The root file system is built once and cached, keyed by its recipe and
// the host's apt sources; each test boots its own copy, from a cgroup of
// its own, and always tears it down: at the end of the test, on SIGINT or
// SIGTERM, and, through the launcher process, when the test binary is
// killed. Run them with:
//
//	sudo go test ./e2e -v -count=1 -timeout 20m
//
// Environment:
//
//	USVC_E2E_CACHE=DIR    where the root file system is cached (default /var/cache/usvc-e2e)
//	USVC_E2E_REBUILD=1    build the root file system again
//	USVC_E2E_USVC=PATH    test this usvc binary instead of building ./cmd/usvc
//	USVC_E2E_KEEP=1       keep each container's root file system (under the cache's runs/)
//	USVC_E2E_REQUIRE=1    fail instead of skipping where nspawn cannot run
package e2e
