package lint

import (
	"strings"
)

var memoryMax = &Rule{
	Name:     "memory-max",
	Severity: Info,
	Summary:  "a long-running user service with no MemoryMax= limit",
	Scope:    UserScope,
	Doc: `A user service runs in your login session's cgroup tree: when it leaks or is
fed too much, it can take the memory of everything else you run, and the
kernel's OOM killer may pick your editor or desktop instead of it. A
MemoryMax= limit confines the damage to the service: it is killed (and,
with Restart=, started again) when it goes over.

    [Service]
    MemoryMax=512M

MemoryHigh= throttles a service above it but does not cap it, so it does not
count here. MemoryMax=infinity says on purpose that there is no limit.
MemoryLimit= is MemoryMax='s deprecated predecessor from cgroup v1 (ignored
since systemd 258): a unit with it counts as limited here, and
removed-directive asks for the rename. Limits need the memory controller delegated
to the user manager, which is the default on cgroup v2 systems (any current
distribution).

This is advice, not an error: it is an info finding, which does not fail
"usvc lint" unless --fail-on info is given. It applies to long-running
services (Type= other than oneshot) whose unit file is linted; a MemoryMax= in
a drop-in of the same run counts.`,
	Bad:  "[Service]\nExecStart=/usr/bin/app\n",
	Good: "[Service]\nExecStart=/usr/bin/app\nMemoryMax=512M\n",
	Run:  runMemoryMax,
}

func runMemoryMax(p *Pass) {
	if p.Type != "service" || p.DropIn || p.File.Fatal() != nil {
		return
	}
	if lookupLast(p, "Service", "ExecStart") == "" || lookupLast(p, "Service", "Type") == "oneshot" {
		// No ExecStart= (another rule's problem, and systemd then
		// implies oneshot), or a task that ends.
		return
	}
	if lookupLast(p, "Service", "MemoryMax") != "" || effectiveHas(p, "MemoryMax") {
		return
	}
	if lookupLast(p, "Service", "MemoryLimit") != "" {
		// A limit under its old name: removed-directive says so, with
		// the rename as its fix; one finding for one problem.
		return
	}
	pos, end := startOfUnit(p.File)
	p.Reportf(pos, end, "%s has no MemoryMax=, so a leak can use up the session's memory; add a limit such as MemoryMax=512M to [Service]", p.Unit)
}

// effectiveHas reports whether the loaded search path gives the unit a
// [Service] key in a drop-in this run does not lint (a drop-in of the
// run is read from the run).
func effectiveHas(p *Pass, key string) bool {
	u, ok := p.Effective(p.Unit)
	if !ok {
		return false
	}
	for _, f := range u.DropIns {
		if e := f.Lookup("Service", key); e != nil && strings.TrimSpace(e.Value()) != "" {
			return true
		}
	}
	return false
}
