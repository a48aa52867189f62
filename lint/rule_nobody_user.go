package lint

var nobodyUser = &Rule{
	Name:     "nobody-user",
	Severity: Warning,
	Summary:  "a service that runs as the user nobody, which is shared and unsafe",
	Doc: `The user nobody (and group nogroup) is the kernel's overflow ID: files of
unmapped users on NFS and in user namespaces belong to it, and every service
that "drops privileges to nobody" runs as the same user. A process running as
nobody can read and signal the others and write what they own, so one
compromised service compromises them all. systemd warns "Special user nobody
configured, this is not safe!" each time it loads such a unit.

Use DynamicUser=yes, which gives the service a user of its own for as long as
it runs, or create a dedicated system user for it (a sysusers.d file).`,
	Bad:   "[Service]\nExecStart=/usr/sbin/appd\nUser=nobody\n",
	Good:  "[Service]\nExecStart=/usr/sbin/appd\nDynamicUser=yes\n",
	Scope: SystemScope,
	Run:   runNobodyUser,
}

// see src/core/load-fragment.c: config_parse_user_group_compat(): the
// notice is for keys containing "User" (User=, SocketUser=) set to
// NOBODY_USER_NAME.
func runNobodyUser(p *Pass) {
	for _, ke := range p.keyedEntries(p.File) {
		e := ke.e
		if ke.val != "nobody" || (ke.key != "User" && ke.key != "SocketUser") {
			continue
		}
		switch ke.sec {
		case "Service", "Socket", "Mount", "Swap":
			p.Reportf(e.ValuePos(), e.ValueEnd(), "the user nobody is shared by everything that runs or is stored as nobody, so this is not safe; use DynamicUser=yes or a dedicated system user")
		}
	}
}
