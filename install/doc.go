// Package install puts systemd unit files where a user manager reads them
// and enables them, the way `systemctl --user enable` and `loginctl
// enable-linger` do, so that a user service starts at boot and keeps
// running after logout.
//
// It has two halves:
//
//   - An offline engine that works on files only, on any OS: it resolves
//     the user's unit directory ($XDG_CONFIG_HOME/systemd/user, default
//     ~/.config/systemd/user), copies units and their drop-ins there
//     atomically, creates exactly the symlinks `systemctl --user enable`
//     creates from [Install] (WantedBy=, RequiredBy=, Alias=, Also=,
//     DefaultInstance=; src/shared/install.c at v252), removes them again
//     the way `systemctl disable` does, and writes the linger flag file
//     /var/lib/systemd/linger/USER. With a Target.Root every path is
//     resolved inside that directory, symlinks included, as systemd's
//     chase_symlinks() does with a root: nothing is read or written
//     outside it.
//
//   - A live half (Systemd) that runs systemctl, loginctl, journalctl and
//     runuser for the target user: daemon-reload, enable, start, linger,
//     and the checks of Doctor.
//
// The live half shells out rather than speaking D-Bus: no dependency, the
// exact semantics and messages users know from the tools, the same polkit
// path for linger (loginctl calls logind's SetUserLinger), and it works
// under sudo, where the session bus of another user is out of reach (see
// Systemd for how another user's manager is reached).
package install
