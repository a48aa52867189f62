package lint

import (
	"net/netip"
	"strings"

	"github.com/usvc/usvc/unitfile/value"
)

// systemd 252's string tables, as its *_from_string() functions read
// them. The catalogue lists the allowed words of the newest release;
// these are the words 252 knows, so that a word added later (Type=
// notify-reload, 253) is reported for a unit that must work on 252 and
// older. Each names the table it copies.

var (
	// src/core/service.c: service_type_table
	enumServiceType = &enumSpec{words: []string{"simple", "forking", "oneshot", "dbus", "notify", "idle", "exec"}, fallback: -1, what: "a service type"}
	// src/core/service.c: service_restart_table
	enumRestart = &enumSpec{words: []string{"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"}, fallback: -1, what: "a Restart= policy"}
	// src/basic/unit-def.c: notify_access_table
	enumNotifyAccess = &enumSpec{words: []string{"none", "main", "exec", "all"}, fallback: -1, what: "a NotifyAccess= value"}
	// src/core/namespace.c: protect_home_table (with booleans)
	enumProtectHome = &enumSpec{words: []string{"read-only", "tmpfs"}, boolean: true, fallback: -1, what: "a ProtectHome= value"}
	// src/core/namespace.c: protect_system_table (with booleans)
	enumProtectSystem = &enumSpec{words: []string{"full", "strict"}, boolean: true, fallback: -1, what: "a ProtectSystem= value"}
	// src/core/execute.c: exec_keyring_mode_table
	enumKeyringMode = &enumSpec{words: []string{"inherit", "private", "shared"}, fallback: -1, what: "a keyring mode"}
	// src/core/namespace.c: protect_proc_table
	enumProtectProc = &enumSpec{words: []string{"default", "noaccess", "invisible", "ptraceable"}, fallback: -1, what: "a ProtectProc= value"}
	// src/core/namespace.c: proc_subset_table
	enumProcSubset = &enumSpec{words: []string{"all", "pid"}, fallback: -1, what: "a ProcSubset= value"}
	// src/core/execute.c: exec_utmp_mode_table
	enumUtmpMode = &enumSpec{words: []string{"init", "login", "user"}, fallback: -1, what: "a utmp mode"}
	// src/core/job.c: job_mode_table
	enumJobMode = &enumSpec{words: []string{"fail", "replace", "replace-irreversibly", "isolate", "flush", "ignore-dependencies", "ignore-requirements", "triggering"}, fallback: -1, what: "a job mode"}
	// src/core/unit.c: collect_mode_table
	enumCollectMode = &enumSpec{words: []string{"inactive", "inactive-or-failed"}, fallback: -1, what: "a garbage collection mode"}
	// src/core/cgroup.c: cgroup_device_policy_table
	enumDevicePolicy = &enumSpec{words: []string{"auto", "closed", "strict"}, fallback: -1, what: "a device policy"}
	// src/core/execute.c: exec_preserve_mode_table (with booleans)
	enumPreserveMode = &enumSpec{words: []string{"restart"}, boolean: true, fallback: -1, what: "a preserve mode"}
	// src/core/service.c: service_exit_type_table
	enumExitType = &enumSpec{words: []string{"main", "cgroup"}, fallback: -1, what: "an ExitType= value"}
	// src/core/service.c: service_timeout_failure_mode_table
	enumTimeoutFailureMode = &enumSpec{words: []string{"terminate", "abort", "kill"}, fallback: -1, what: "a timeout failure mode"}
	// src/core/manager.c: oom_policy_table
	enumOOMPolicy = &enumSpec{words: []string{"continue", "stop", "kill"}, fallback: -1, what: "an OOM policy"}
	// src/basic/cgroup-util.c: managed_oom_preference_table
	enumManagedOOMPreference = &enumSpec{words: []string{"none", "avoid", "omit"}, fallback: -1, what: "a ManagedOOMPreference= value"}
	// src/basic/cgroup-util.c: managed_oom_mode_table
	enumManagedOOMMode = &enumSpec{words: []string{"auto", "kill"}, fallback: -1, what: "a managed OOM mode"}
	// src/core/kill.c: kill_mode_table; config_parse_kill_mode() takes ""
	enumKillMode = &enumSpec{words: []string{"control-group", "process", "mixed", "none"}, fallback: -1, empty: true, what: "a kill mode"}
	// src/basic/ioprio-util.c: ioprio_class_table, numbers up to
	// IOPRIO_N_CLASSES (8)
	enumIOClass = &enumSpec{words: []string{"none", "realtime", "best-effort", "idle"}, fallback: 8, empty: true, what: "an IO scheduling class"}
	// src/basic/process-util.c: sched_policy_table, any number
	enumSchedPolicy = &enumSpec{words: []string{"other", "batch", "idle", "fifo", "rr"}, fallback: 1<<31 - 1, empty: true, what: "a CPU scheduling policy"}
	// src/shared/numa-util.c: mpol_table; "" is the default
	enumNUMAPolicy = &enumSpec{words: []string{"default", "preferred", "bind", "interleave", "local"}, fallback: -1, empty: true, what: "a NUMA policy"}
	// src/basic/socket-util.c: socket_address_bind_ipv6_only_table, or a
	// boolean (socket_address_bind_ipv6_only_or_bool_from_string())
	enumBindIPv6Only = &enumSpec{words: []string{"default", "both", "ipv6-only"}, boolean: true, fallback: -1, what: "a BindIPv6Only= value"}
	// src/basic/socket-util.c: ip_tos_table, numbers up to 0xff
	enumIPTOS = &enumSpec{words: []string{"low-delay", "throughput", "reliability", "low-cost"}, fallback: 0xff, empty: true, what: "an IP type of service"}
	// src/core/socket.c: socket_timestamping_from_string_harder()
	enumTimestamping = &enumSpec{words: []string{"off", "us", "ns", "usec", "µs", "μs", "nsec"}, boolean: true, fallback: -1, what: "a timestamping precision"}
	// src/basic/syslog-util.c: log_level_table, numbers up to 7
	enumLogLevel = &enumSpec{words: []string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}, fallback: 7, what: "a log level"}
	// src/basic/syslog-util.c: log_facility_unshifted_table, numbers up to 127
	enumLogFacility = &enumSpec{words: []string{"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"}, fallback: 127, what: "a syslog facility"}
	// src/core/execute.c: exec_output_table (file:, append:, truncate: and
	// fd: are handled before)
	enumExecOutput = &enumSpec{words: []string{"inherit", "null", "tty", "kmsg", "kmsg+console", "journal", "journal+console", "socket", "fd"}, fallback: -1, what: "an output"}
	// src/core/execute.c: exec_input_table
	enumExecInput = &enumSpec{words: []string{"null", "tty", "tty-force", "tty-fail", "socket", "fd", "data"}, fallback: -1, what: "an input"}
)

// emergencyActions is src/core/emergency-action.c: emergency_action_table.
var emergencyActions = []string{"none", "reboot", "reboot-force", "reboot-immediate", "poweroff", "poweroff-force", "poweroff-immediate", "exit", "exit-force"}

// signalNames is src/basic/signal-util.c: static_signal_table (x86-64).
var signalNames = []string{"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"}

// exitStatusNames are the names of src/shared/exit-status.c:
// exit_status_mappings.
var exitStatusNames = []string{"SUCCESS", "FAILURE", "CHDIR", "NICE", "FDS", "EXEC", "MEMORY", "LIMITS", "OOM_ADJUST", "SIGNAL_MASK", "STDIN", "STDOUT", "CHROOT", "IOPRIO", "TIMERSLACK", "SECUREBITS", "SETSCHEDULER", "CPUAFFINITY", "GROUP", "USER", "CAPABILITIES", "CGROUP", "SETSID", "CONFIRM", "STDERR", "PAM", "NETWORK", "NAMESPACE", "NO_NEW_PRIVILEGES", "SECCOMP", "SELINUX_CONTEXT", "PERSONALITY", "APPARMOR", "ADDRESS_FAMILIES", "RUNTIME_DIRECTORY", "CHOWN", "SMACK_PROCESS_LABEL", "KEYRING", "STATE_DIRECTORY", "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY", "NUMA_POLICY", "CREDENTIALS", "BPF", "EXCEPTION", "INVALIDARGUMENT", "NOTIMPLEMENTED", "NOPERMISSION", "NOTINSTALLED", "NOTCONFIGURED", "NOTRUNNING", "USAGE", "DATAERR", "NOINPUT", "NOUSER", "NOHOST", "UNAVAILABLE", "SOFTWARE", "OSERR", "OSFILE", "CANTCREAT", "IOERR", "TEMPFAIL", "PROTOCOL", "NOPERM", "CONFIG"}

// cgroupControllers is src/basic/cgroup-util.c: cgroup_controller_table.
var cgroupControllers = []string{"cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids", "bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind", "bpf-restrict-network-interfaces"}

// netlinkFamilies is src/basic/socket-util.c: netlink_family_table.
var netlinkFamilies = []string{"route", "firewall", "inet-diag", "nflog", "xfrm", "selinux", "iscsi", "audit", "fib-lookup", "connector", "netfilter", "ip6-fw", "dnrtmsg", "kobject-uevent", "generic", "scsitransport", "ecryptfs", "rdma"}

// see src/shared/socket-netlink.c: socket_address_parse_netlink().
func netlinkValid(s string) bool {
	fam, group, _ := strings.Cut(strings.TrimLeft(s, " \t"), " ")
	if !contains(netlinkFamilies, fam) {
		if _, err := value.ParseUint(fam, 32); err != nil {
			return false
		}
	}
	group = strings.TrimSpace(group)
	if group == "" {
		return true
	}
	_, err := value.ParseUint(group, 32)
	return err == nil
}

// portValid is parse_ip_port() (src/basic/parse-util.c).
func portValid(s string) (ok, looksLikePort bool) {
	if s == "" || s[0] == ' ' || s[0] == '\t' {
		return false, false
	}
	n, err := value.ParseUint(s, 16)
	if err != nil {
		// A number too large for a port is still a port for
		// socket_address_parse(), which then fails (ERANGE).
		if _, err64 := value.ParseUint(s, 64); err64 == nil {
			return false, true
		}
		return false, false
	}
	return n != 0, n != 0
}

// socketAddressProblem says why socket_address_parse()
// (src/shared/socket-netlink.c) refuses s, or "" when it does not.
func socketAddressProblem(s string) string {
	switch {
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "@"):
		// sockaddr_un_set_path(): sun_path holds 108 bytes with the NUL.
		if len(s) > 107 {
			return "the path is longer than 107 bytes"
		}
		return ""
	case strings.HasPrefix(s, "vsock:"):
		cid, port, ok := strings.Cut(s[len("vsock:"):], ":")
		if !ok {
			return "vsock addresses are vsock:CID:PORT"
		}
		if _, err := value.ParseUint(port, 32); err != nil {
			return "the port is not a number"
		}
		if cid != "" {
			if _, err := value.ParseUint(cid, 32); err != nil {
				return "the CID is not a number"
			}
		}
		return ""
	}
	if ok, port := portValid(s); ok {
		return ""
	} else if port {
		return "the port is out of range"
	}
	// in_addr_port_ifindex_name_from_string_auto(): ADDRESS[%IFNAME]:PORT
	// with IPv6 in brackets, an optional #SERVERNAME.
	host, port := "", ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "the IPv6 address has no closing ]"
		}
		host, port = s[1:end], s[end+1:]
		if !strings.HasPrefix(port, ":") {
			return "there is no port"
		}
		port = port[1:]
		if i := strings.IndexByte(host, '%'); i >= 0 {
			host = host[:i]
		}
		if a, err := netip.ParseAddr(host); err != nil || !a.Is6() {
			return "the address is not an IPv6 address"
		}
	} else {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			return "there is no port"
		}
		host, port = s[:i], s[i+1:]
		if j := strings.IndexByte(host, '%'); j >= 0 {
			host = host[:j]
		}
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is4() {
			if err == nil && a.Is6() {
				return "an IPv6 address with a port goes in brackets: [" + host + "]:" + port
			}
			return "the address is not an IP address"
		}
	}
	if j := strings.IndexByte(port, '#'); j >= 0 {
		port = port[:j]
	}
	if ok, _ := portValid(port); !ok {
		return "the port is not a number from 1 to 65535"
	}
	return ""
}
