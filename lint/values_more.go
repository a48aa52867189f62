package lint

import (
	"encoding/base64"
	"net/netip"
	"strings"

	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// The sandboxing, resource-control and socket settings with a syntax of
// their own. Each follows its config_parse_*() in systemd 252's
// src/core/load-fragment.c.

func init() {
	for name, pi := range map[string]*parserInfo{
		"config_parse_unit_cpu_set":                {check: checkCPUSet, spec: specFull},
		"config_parse_allowed_cpuset":              {check: checkCPUSet, spec: specFull},
		"config_parse_exec_cpu_affinity":           {check: checkCPUAffinity, spec: specFull},
		"config_parse_numa_mask":                   {check: checkNUMAMask},
		"config_parse_in_addr_prefixes":            {check: checkAddressPrefixes},
		"config_parse_io_limit":                    {check: checkDeviceValue(ioLimitValid, "an IO limit", "write a device and a limit, such as /dev/sda 10M"), spec: specWords},
		"config_parse_blockio_bandwidth":           {check: checkDeviceValue(ioLimitValid, "a bandwidth", "write a device and a limit, such as /dev/sda 10M"), spec: specWords},
		"config_parse_io_device_weight":            {check: checkDeviceValue(weightValid(1, 10000), "an IO weight", "write a device and a weight from 1 to 10000, such as /dev/sda 200"), spec: specWords},
		"config_parse_blockio_device_weight":       {check: checkDeviceValue(weightValid(10, 1000), "a block IO weight", "write a device and a weight from 10 to 1000, such as /dev/sda 200"), spec: specWords},
		"config_parse_io_device_latency":           {check: checkDeviceValue(secValid, "a latency", "write a device and a time span, such as /dev/sda 25ms"), spec: specWords},
		"config_parse_device_allow":                {check: checkDeviceAllow, spec: specWords},
		"config_parse_bind_paths":                  {check: checkBindPaths, spec: specWords, paths: true},
		"config_parse_temporary_filesystems":       {check: checkTemporaryFilesystems, spec: specWords, paths: true},
		"config_parse_ip_filter_bpf_progs":         {check: checkAbsolute, spec: specPath, paths: true},
		"config_parse_bpf_foreign_program":         {check: checkBPFProgram, spec: specWords, paths: true},
		"config_parse_cgroup_socket_bind":          {check: checkSocketBind},
		"config_parse_disable_controllers":         {check: checkDisableControllers},
		"config_parse_set_credential":              {check: checkSetCredential, spec: specWords},
		"config_parse_load_credential":             {check: checkLoadCredential, spec: specWords},
		"config_parse_address_families":            {check: checkAddressFamilies},
		"config_parse_namespace_flags":             {check: checkNamespaces},
		"config_parse_restrict_namespaces":         {check: checkNamespaces},
		"config_parse_syscall_archs":               {check: checkSyscallArchs},
		"config_parse_syscall_errno":               {check: checkSyscallErrno},
		"config_parse_exec_mount_propagation_flag": {check: checkMountPropagation},
		"config_parse_exec_mount_flags":            {check: checkMountPropagation},
		"config_parse_personality":                 {check: checkPersonality},
		"config_parse_exec_coredump_filter":        {check: checkCoredumpFilter},
		"config_parse_exec_input_data":             {check: checkBase64("StandardInputData=")},
		"config_parse_exec_input_text":             {check: checkInputText, spec: specFull},
		"config_parse_socket_protocol":             {check: checkSocketProtocol},
		"config_parse_socket_bindtodevice":         {check: checkBindToDevice},
		"config_parse_restrict_network_interfaces": {check: checkNetworkInterfaces},
		"config_parse_restrict_filesystems":        {check: checkRestrictFilesystems},
		"config_parse_exec_root_hash":              {check: checkRootHash},
		"config_parse_exec_root_hash_sig":          {check: checkRootHashSig},
		"config_parse_exec_selinux_context":        {spec: specFull, fatalSpec: true},
		"config_parse_exec_apparmor_profile":       {spec: specFull, fatalSpec: true},
		"config_parse_exec_smack_process_label":    {spec: specFull, fatalSpec: true},
	} {
		parsers[name] = pi
	}
}

// parseRange is parse_range() (src/basic/parse-util.c): "N" or "N-M".
func parseRange(s string) (lo, hi uint64, ok bool) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err := value.ParseUint(a, 32)
	if err != nil || a == "" {
		return 0, 0, false
	}
	if !isRange {
		return lo, lo, true
	}
	hi, err = value.ParseUint(b, 32)
	return lo, hi, err == nil && b != ""
}

// see src/shared/cpu-set-util.c: parse_cpu_set_full(): words separated by
// blanks or commas, each a CPU or a range of CPUs below 8192.
func checkCPUSet(c *vcheck) {
	for _, w := range splitAny(c.v, " \t\n\r,") {
		lo, hi, ok := parseRange(w.text)
		switch {
		case !ok:
			c.ignored(w.start, w.end, show(w.text)+" is not a CPU index or range", "write CPU numbers and ranges, such as 0-3 8")
			return
		case lo <= hi && hi >= 8192:
			c.ignored(w.start, w.end, show(w.text)+" names a CPU above 8191", "write CPU numbers below 8192")
			return
		}
	}
}

func checkCPUAffinity(c *vcheck) {
	if c.v != "numa" {
		checkCPUSet(c)
	}
}

func checkNUMAMask(c *vcheck) {
	if c.v != "all" {
		checkCPUSet(c)
	}
}

// span is a word of a value and where it is.
type span struct {
	text       string
	start, end int
}

// splitAny splits s at any of seps, dropping empty words.
func splitAny(s, seps string) []span {
	var out []span
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || strings.IndexByte(seps, s[i]) >= 0 {
			if start >= 0 {
				out = append(out, span{s[start:i], start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// see src/shared/in-addr-prefix-util.c: config_parse_in_addr_prefixes().
func checkAddressPrefixes(c *vcheck) {
	for _, w := range splitAny(c.v, words.Whitespace) {
		switch w.text {
		case "any", "localhost", "link-local", "multicast":
			continue
		}
		if strings.HasPrefix(w.text, "localhost.") || strings.HasSuffix(w.text, ".localhost") || w.text == "localhost.localdomain" {
			continue // is_localhost()
		}
		if _, err := netip.ParsePrefix(w.text); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(w.text); err == nil && !strings.Contains(w.text, "%") {
			continue
		}
		c.dropped(w.start, w.end, show(w.text)+" is not an IP address or prefix", "write an address such as 10.0.0.1, a prefix such as 192.168.0.0/16, or any, localhost, link-local or multicast")
	}
}

// deviceAndValue splits "DEVICE VALUE" as extract_first_word(UNQUOTE)
// does: the device word, and the rest.
func deviceAndValue(v string) (device, rest string, restAt int, ok bool) {
	sp := words.NewSplitter(v, words.Whitespace, words.Unquote)
	w, more, err := sp.Next()
	if err != nil || !more {
		return "", "", 0, false
	}
	at := w.End
	for at < len(v) && strings.IndexByte(words.Whitespace, v[at]) >= 0 {
		at++
	}
	return w.Text, v[at:], at, true
}

// checkDeviceValue checks "DEVICE VALUE" settings (IOReadBandwidthMax=,
// IODeviceWeight=, ...): a device path (not checked for being absolute,
// only normalized), and a value valid tells about.
func checkDeviceValue(valid func(string) bool, what, hint string) func(*vcheck) {
	return func(c *vcheck) {
		if c.v == "" {
			return
		}
		device, rest, at, ok := deviceAndValue(c.v)
		if !ok {
			c.ignored(0, len(c.v), show(c.v)+" cannot be split into a device and a value", hint)
			return
		}
		if rest == "" {
			c.ignored(0, len(c.v), show(c.v)+" has no value after the device", hint)
			return
		}
		if x, ok := expandWord(c, device); !ok {
			return
		} else if s := words.PathSimplify(x); strings.HasPrefix(x, "/") && (!words.PathIsValid(s) || hasDotDot(s)) {
			c.ignored(0, len(device), show(device)+" is not a usable path", "write the device path without \"..\"")
			return
		}
		if !valid(rest) {
			c.ignored(at, len(c.v), show(rest)+" is not "+what, hint)
		}
	}
}

func ioLimitValid(s string) bool {
	if s == "infinity" {
		return true
	}
	n, err := value.ParseSizeSI(s)
	return err == nil && n > 0
}

func weightValid(min, max uint64) func(string) bool {
	return func(s string) bool {
		_, err := value.ParseUintRange(s, 64, min, max)
		return err == nil
	}
}

func secValid(s string) bool {
	_, err := value.ParseSec(s)
	return err == nil
}

// see config_parse_device_allow(): a device node path (or block-NAME,
// char-NAME) and optional rights from "rwm".
func checkDeviceAllow(c *vcheck) {
	if c.v == "" {
		return
	}
	device, rest, at, ok := deviceAndValue(c.v)
	if !ok {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into a device and rights", "write a device and rights, such as /dev/fuse rw")
		return
	}
	x, ok := expandWord(c, device)
	if !ok {
		return
	}
	if !strings.HasPrefix(x, "block-") && !strings.HasPrefix(x, "char-") {
		s := words.PathSimplify(x)
		if !(strings.HasPrefix(s, "/dev/") || strings.HasPrefix(s, "/run/systemd/inaccessible/")) || strings.HasSuffix(x, "/") || hasDotDot(s) || !words.PathIsValid(s) {
			c.ignored(0, len(device), show(device)+" is not a device node path", "write a path below /dev, or block-NAME or char-NAME")
			return
		}
	}
	if strings.Trim(rest, "rwm") != "" {
		c.ignored(at, len(c.v), show(rest)+" are not device rights", "write some of r, w and m")
	}
}

// see config_parse_bind_paths(): [-]SOURCE[:DEST[:OPTIONS]] words, both
// paths absolute, options rbind or norbind.
func checkBindPaths(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "quote paths with spaces")
		return
	}
	for _, w := range ws {
		exact := w.End-w.Start == len(w.Text)
		parts := strings.SplitN(w.Text, ":", 3)
		off := 0
		for i, part := range parts {
			if i == 2 {
				if part != "" && part != "rbind" && part != "norbind" {
					c.dropped(w.Start, w.End, show(part)+" is not a bind mount option", "use rbind or norbind")
				}
				break
			}
			p, skip := part, 0
			if i == 0 && strings.HasPrefix(p, "-") {
				p, skip = p[1:], 1
			}
			if i == 1 && p == "" {
				c.dropped(w.Start, w.End, "nothing follows the ':' in "+show(w.Text), "write SOURCE:DEST")
				break
			}
			x, ok := expandWord(c, p)
			if !ok {
				break
			}
			sub := vcheck{p: c.p, e: c.e, sec: c.sec, key: c.key, v: x, raw: x, exact: true, d: c.d}
			if !checkOnePath(&sub, x, 0, false) {
				for _, pr := range sub.out {
					if exact && x == p {
						pr.start, pr.end = w.Start+off+skip+pr.start, w.Start+off+skip+pr.end
						if pr.tilde > 0 {
							pr.tilde += w.Start + off + skip
						}
					} else {
						pr.start, pr.end, pr.tilde = w.Start, w.End, 0
					}
					c.out = append(c.out, pr)
				}
				break
			}
			off += len(part) + 1
		}
	}
}

// see config_parse_temporary_filesystems(): PATH[:OPTIONS] words.
func checkTemporaryFilesystems(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "quote paths with spaces")
		return
	}
	for _, w := range ws {
		p, _, _ := strings.Cut(w.Text, ":")
		x, ok := expandWord(c, p)
		if !ok {
			continue
		}
		sub := vcheck{p: c.p, e: c.e, sec: c.sec, key: c.key, v: x, raw: x, exact: true, d: c.d}
		checkOnePath(&sub, x, 0, false)
		for _, pr := range sub.out {
			if w.End-w.Start == len(w.Text) && x == p {
				pr.start, pr.end = w.Start+pr.start, w.Start+pr.end
				if pr.tilde > 0 {
					pr.tilde += w.Start
				}
			} else {
				pr.start, pr.end, pr.tilde = w.Start, w.End, 0
			}
			c.out = append(c.out, pr)
		}
	}
}

// bpfAttachTypes is src/shared/bpf-program.c: bpf_cgroup_attach_type_table.
var bpfAttachTypes = []string{"ingress", "egress", "sock_create", "sock_ops", "device", "bind4", "bind6", "connect4", "connect6", "post_bind4", "post_bind6", "sendmsg4", "sendmsg6", "sysctl", "recvmsg4", "recvmsg6", "getsockopt", "setsockopt"}

// see config_parse_bpf_foreign_program(): TYPE:PATH.
func checkBPFProgram(c *vcheck) {
	if c.v == "" {
		return
	}
	typ, path, ok := strings.Cut(c.v, ":")
	if !ok || path == "" {
		c.ignored(0, len(c.v), show(c.v)+" is not TYPE:PATH", "write an attach type and a program path, such as egress:/sys/fs/bpf/prog")
		return
	}
	if !contains(bpfAttachTypes, typ) {
		c.ignored(0, len(typ), show(typ)+" is not a BPF attach type", "use "+orList(bpfAttachTypes))
		return
	}
	if x, ok := expandWord(c, path); ok {
		checkOnePath(c, x, len(typ)+1, false)
	}
}

// see src/shared/parse-helpers.c: parse_socket_bind_item():
// [FAMILY:][PROTOCOL:]PORTS, or "any".
func checkSocketBind(c *vcheck) {
	if c.v == "" {
		return
	}
	if !socketBindComplete(strings.Split(c.v, ":")) {
		c.ignored(0, len(c.v), show(c.v)+" is not a socket bind rule", "write [ipv4|ipv6:][tcp|udp:]PORT[-PORT], or any")
	}
}

// socketBindComplete replays parse_socket_bind_item(): tokens are tried
// in order against the family, protocol and ports parsers, each parser
// used at most once, and every token must be used.
func socketBindComplete(parts []string) bool {
	step := 0
	for _, t := range parts {
		if t == "" {
			return false
		}
		matched := false
		for step < 3 {
			switch step {
			case 0:
				matched = t == "ipv4" || t == "ipv6"
			case 1:
				matched = t == "tcp" || t == "udp"
			case 2:
				matched = t == "any" || portRangeValid(t)
			}
			step++
			if matched {
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}

// portRangeValid is parse_ip_port_range(): PORT or PORT-PORT, 1..65535.
func portRangeValid(s string) bool {
	lo, hi, ok := parseRange(s)
	return ok && lo >= 1 && hi <= 65535 && lo <= hi
}

// see config_parse_disable_controllers(): at least one known controller
// (unknown words are skipped).
func checkDisableControllers(c *vcheck) {
	if c.v == "" {
		return
	}
	for _, w := range splitAny(c.v, words.Whitespace) {
		if contains(cgroupControllers, w.text) {
			return
		}
	}
	c.ignored(0, len(c.v), show(c.v)+" names no cgroup controller", "use controllers such as cpu io memory pids")
}

// credentialNameValid is credential_name_valid() (src/shared/creds-util.c).
func credentialNameValid(s string) bool { return words.FilenameIsValid(s) && fdnameValid(s) }

// see config_parse_set_credential(): ID:DATA, with C escapes in DATA, or
// Base64 for SetCredentialEncrypted=.
func checkSetCredential(c *vcheck) {
	if c.v == "" {
		return
	}
	id, data, ok := strings.Cut(c.v, ":")
	if !ok || data == "" {
		c.ignored(0, len(c.v), show(c.v)+" is not ID:DATA", "write a credential name, a colon and the data")
		return
	}
	if x, judge := expandShaped(c, id); judge && !credentialNameValid(x) {
		c.ignored(0, len(id), show(id)+" is not a credential name", "use a file name without ':'")
		return
	}
	if c.key == "SetCredentialEncrypted" {
		if !base64Valid(data) {
			c.ignored(len(id)+1, len(c.v), "the encrypted credential data is not Base64", "paste the output of systemd-creds encrypt")
		}
		return
	}
	if _, err := words.Split("\""+strings.ReplaceAll(data, "\"", "\\\"")+"\"", "", words.Unquote|words.CUnescape); err != nil {
		c.ignored(len(id)+1, len(c.v), show(data)+" has an escape systemd does not know", "write \\\\ for a backslash")
	}
}

// see config_parse_load_credential(): ID[:PATH|ID].
func checkLoadCredential(c *vcheck) {
	if c.v == "" {
		return
	}
	id, src, _ := strings.Cut(c.v, ":")
	if x, judge := expandShaped(c, id); judge && !credentialNameValid(x) {
		c.ignored(0, len(id), show(id)+" is not a credential name", "use a file name without ':'")
		return
	}
	if src == "" || strings.IndexByte(src, '%') >= 0 {
		return
	}
	if strings.HasPrefix(src, "/") {
		if s := words.PathSimplify(src); hasDotDot(s) || !words.PathIsValid(s) || src != s && strings.Contains(src, "//") {
			c.ignored(len(id)+1, len(c.v), show(src)+" is not a normalized path", "write the path without \"..\" and repeated slashes")
		}
		return
	}
	if !credentialNameValid(src) {
		c.ignored(len(id)+1, len(c.v), show(src)+" is neither an absolute path nor a credential name", "write an absolute path, or the name of a credential passed to the service manager")
	}
}

// base64Valid is unbase64mem(): Base64 with blanks allowed between.
func base64Valid(s string) bool {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	// unbase64mem() wants whole groups of four, padded.
	_, err := base64.StdEncoding.DecodeString(s)
	return err == nil
}

func checkBase64(what string) func(*vcheck) {
	return func(c *vcheck) {
		if c.v != "" && !base64Valid(c.v) {
			c.ignored(0, len(c.v), "the value is not Base64", "encode the data with base64, or use StandardInputText=")
		}
	}
}

// see config_parse_exec_input_text(): C escapes.
func checkInputText(c *vcheck) {
	if c.v == "" {
		return
	}
	if _, err := words.Split("\""+strings.ReplaceAll(c.v, "\"", "\\\"")+"\"", "", words.Unquote|words.CUnescape); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" has an escape systemd does not know", "write \\\\ for a backslash")
	}
}

// addressFamilies are the AF_* names systemd 252 was built with
// (src/basic/generate-af-list.sh over Debian 12's sys/socket.h).
var addressFamilies = []string{"AF_LOCAL", "AF_UNIX", "AF_FILE", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE", "AF_DEC", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_ROUTE", "AF_PACKET", "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG", "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP"}

// see config_parse_address_families(): none, or [~]AF_... words.
func checkAddressFamilies(c *vcheck) {
	v, at := c.v, 0
	if v == "" || v == "none" {
		return
	}
	if strings.HasPrefix(v, "~") {
		v, at = v[1:], 1
	}
	c.wordsIn(v, at, addressFamilies, "an address family", "use names such as AF_UNIX AF_INET AF_INET6")
}

// namespaceNames is src/basic/namespace-util.c: namespace_info.
var namespaceNames = []string{"cgroup", "ipc", "net", "mnt", "pid", "user", "uts", "time"}

// see config_parse_restrict_namespaces(): a boolean, or [~]NAMES.
func checkNamespaces(c *vcheck) {
	v := c.v
	if v == "" {
		return
	}
	if _, err := value.ParseBool(v); err == nil {
		return
	}
	v = strings.TrimPrefix(v, "~")
	for _, w := range splitAny(v, words.Whitespace) {
		if !contains(namespaceNames, w.text) {
			c.ignored(0, len(c.v), show(w.text)+" is not a namespace type", "use yes, no, or names from "+orList(namespaceNames))
			return
		}
	}
}

// seccompArchs is src/shared/seccomp-util.c: seccomp_arch_from_string().
var seccompArchs = []string{"native", "x86", "x86-64", "x32", "arm", "arm64", "mips", "mips64", "mips64-n32", "mips-le", "mips64-le", "mips64-le-n32", "parisc", "parisc64", "ppc", "ppc64", "ppc64-le", "riscv64", "s390", "s390x"}

func checkSyscallArchs(c *vcheck) {
	if c.v == "" {
		return
	}
	c.wordsIn(c.v, 0, seccompArchs, "a system call architecture", "use native, or names such as x86-64 x86 arm64")
}

// errnoNames are the errno names of Linux (src/basic/generate-errno-list.sh).
var errnoNames = []string{"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "EWOULDBLOCK", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "EDEADLOCK", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON", "ENOTSUP"}

// see config_parse_syscall_errno(): kill, an errno name, or 1..4095.
func checkSyscallErrno(c *vcheck) {
	if c.v == "" || c.v == "kill" || contains(errnoNames, c.v) {
		return
	}
	if _, err := value.ParseIntRange(c.v, 32, 1, 4095); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not an error number", "use a name such as EPERM, or kill")
	}
}

func checkMountPropagation(c *vcheck) {
	switch c.v {
	case "", "shared", "slave", "private":
		return
	}
	c.ignored(0, len(c.v), show(c.v)+" is not a mount propagation mode", "use shared, slave or private")
}

// architectures is src/basic/architecture.c: architecture_table. Which
// of them the host accepts as a personality depends on its own
// architecture; every name is taken as valid.
var architectures = []string{"x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le", "ia64", "parisc", "parisc64", "s390", "s390x", "sparc", "sparc64", "mips", "mips-le", "mips64", "mips64-le", "alpha", "arm", "arm-be", "arm64", "arm64-be", "sh", "sh64", "m68k", "tilegx", "cris", "nios2", "riscv32", "riscv64", "arc", "arc-be", "loongarch64"}

func checkPersonality(c *vcheck) {
	if c.v != "" && !contains(architectures, c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a personality", "use an architecture name such as x86-64 or x86")
	}
}

// see src/shared/coredump-util.c: coredump_filter_mask_from_string():
// words (read with no flags: a backslash is dropped), each a name, or a
// hexadecimal mask for safe_atoux64().
func checkCoredumpFilter(c *vcheck) {
	names := []string{"private-anonymous", "shared-anonymous", "private-file-backed", "shared-file-backed", "elf-headers", "private-huge", "shared-huge", "private-dax", "shared-dax", "default", "all"}
	ws, err := words.Split(c.v, words.Whitespace, 0)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	for _, w := range ws {
		if contains(names, w.Text) || hexValid(w.Text) {
			continue
		}
		c.ignored(w.Start, w.End, show(w.Text)+" is not a core dump filter", "use names such as private-anonymous shared-anonymous, or a hexadecimal mask")
		return
	}
}

// hexValid is safe_atoux64(): strtoull() in base 16 after blanks, with an
// optional sign ("-" only for zero) and 0x prefix.
func hexValid(s string) bool {
	s = strings.TrimLeft(s, " \t\n\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if s == "" || len(s) > 16 {
		return false
	}
	zero := true
	for i := 0; i < len(s); i++ {
		ch := s[i] | 0x20
		if !(s[i] >= '0' && s[i] <= '9' || ch >= 'a' && ch <= 'f') {
			return false
		}
		zero = zero && s[i] == '0'
	}
	return !neg || zero
}

// see src/core/load-fragment.c: parse_socket_protocol(): udplite or sctp.
func checkSocketProtocol(c *vcheck) {
	switch strings.ToLower(c.v) {
	case "udplite", "sctp", "136", "132":
		return
	}
	c.ignored(0, len(c.v), show(c.v)+" is not a socket protocol systemd supports", "use udplite or sctp")
}

// ifnameValid is ifname_valid() (src/basic/socket-util.c).
func ifnameValid(s string) bool {
	if s == "" || len(s) >= 16 || s == "." || s == ".." || s == "all" || s == "default" {
		return false
	}
	// A valid interface index (parse_ifindex(): safe_atoi(), so also
	// "0x10") is refused.
	if n, err := value.ParseInt(s, 32); err == nil && n > 0 {
		return false
	}
	numeric := true
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 127 || ch <= 32 || ch == ':' || ch == '/' || ch == '%' {
			return false
		}
		numeric = numeric && ch >= '0' && ch <= '9'
	}
	return !numeric
}

func checkBindToDevice(c *vcheck) {
	if c.v != "" && c.v != "*" && !ifnameValid(c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a network interface name", "write a name such as eth0, at most 15 characters")
	}
}

// see config_parse_restrict_network_interfaces(): [~]NAMES.
func checkNetworkInterfaces(c *vcheck) {
	v, at := c.v, 0
	if v == "" {
		return
	}
	if strings.HasPrefix(v, "~") {
		v, at = v[1:], 1
	}
	ws, err := words.Split(v, words.Whitespace, words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
	}
	for _, w := range ws {
		if !ifnameValid(w.Text) {
			c.dropped(at+w.Start, at+w.End, show(w.Text)+" is not a network interface name", "write names such as eth0 wlan0")
		}
	}
}

// filesystemGroups is src/basic/filesystems.c: filesystem_sets.
var filesystemGroups = []string{"@basic-api", "@anonymous", "@application", "@auxiliary-api", "@common-block", "@historical-block", "@network", "@privileged-api", "@security", "@temporary", "@known"}

// see config_parse_restrict_filesystems() and lsm_bpf_parse_filesystem():
// [~]WORDS, a group of the table or any file system name.
func checkRestrictFilesystems(c *vcheck) {
	v, at := c.v, 0
	if strings.HasPrefix(v, "~") {
		v, at = v[1:], 1
	}
	ws, err := words.Split(v, words.Whitespace, words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "close the quote")
	}
	for _, w := range ws {
		if strings.HasPrefix(w.Text, "@") && !contains(filesystemGroups, w.Text) {
			c.dropped(at+w.Start, at+w.End, show(w.Text)+" is not a file system group", "use "+orList(filesystemGroups))
		}
	}
}

// see config_parse_exec_root_hash(): a path, or at least 16 bytes in hex.
func checkRootHash(c *vcheck) {
	v := c.v
	if v == "" || strings.HasPrefix(v, "/") {
		return
	}
	ok := len(v)%2 == 0 && len(v) >= 32
	for i := 0; ok && i < len(v); i++ {
		ch := v[i] | 0x20
		ok = v[i] >= '0' && v[i] <= '9' || ch >= 'a' && ch <= 'f'
	}
	if !ok {
		c.ignored(0, len(v), show(v)+" is neither a path nor a hexadecimal root hash of at least 16 bytes", "write the hash in hex, or the path of a .roothash file")
	}
}

// see config_parse_exec_root_hash_sig(): a path, or base64:DATA.
func checkRootHashSig(c *vcheck) {
	v := c.v
	if v == "" || strings.HasPrefix(v, "/") {
		return
	}
	data, ok := strings.CutPrefix(v, "base64:")
	if !ok || !base64Valid(data) {
		c.ignored(0, len(v), show(v)+" is neither a path nor base64:DATA", "write the path of a .p7s file, or base64: and the signature")
	}
}

// partitionNames is src/shared/dissect-image.c: partition_designator_table.
var partitionNames = []string{"root", "root-secondary", "root-other", "usr", "usr-secondary", "usr-other", "home", "srv", "esp", "xbootldr", "swap", "root-verity", "root-secondary-verity", "root-other-verity", "usr-verity", "usr-secondary-verity", "usr-other-verity", "root-verity-sig", "root-secondary-verity-sig", "root-other-verity-sig", "usr-verity-sig", "usr-secondary-verity-sig", "usr-other-verity-sig", "tmp", "var"}

// see config_parse_root_image_options(): [PARTITION:]OPTIONS words.
func checkRootImageOptions(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.Unquote|words.RetainEscape)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "close the quote")
		return
	}
	for _, w := range ws {
		// strv_split_colon_pairs(): ":" separates, repeated ones
		// count as one, and escapes are C escapes.
		parts, err := words.Split(w.Text, ":", words.CUnescape|words.UnescapeSeparators)
		if err != nil {
			c.ignored(0, len(c.v), show(w.Text)+" has an escape systemd does not know", "write \\\\ for a backslash")
			return
		}
		if len(parts) > 2 {
			c.ignored(0, len(c.v), show(w.Text)+" has more than PARTITION:OPTIONS", "write PARTITION:OPTIONS words, such as root:ro,nosuid")
			return
		}
		if len(parts) == 2 && !contains(partitionNames, parts[0].Text) {
			c.dropped(w.Start, w.End, show(parts[0].Text)+" is not a partition name", "use root, usr, home, srv, var, tmp, ...")
		}
	}
}

// see config_parse_mount_images() and config_parse_extension_images():
// words of [-]SOURCE[:DEST] (MountImages= needs DEST) followed by
// PARTITION:OPTIONS pairs.
func checkImages(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.Unquote|words.RetainEscape)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "close the quote")
		return
	}
	mount := c.key == "MountImages"
	for _, w := range ws {
		parts := strings.Split(w.Text, ":")
		src := strings.TrimPrefix(parts[0], "-")
		bad := func(reason, hint string) { c.dropped(w.Start, w.End, reason, hint) }
		x, ok := expandWord(c, src)
		if !ok {
			continue
		}
		if !strings.HasPrefix(x, "/") {
			bad(show(src)+" is not an absolute path", "write the image's full path")
			continue
		}
		if s := words.PathSimplify(x); hasDotDot(s) || !words.PathIsValid(s) {
			bad(show(src)+" is not a normalized path", "write the path without \"..\"")
			continue
		}
		rest := parts[1:]
		if mount {
			if len(rest) == 0 || rest[0] == "" {
				bad(show(w.Text)+" has no mount point", "write IMAGE:MOUNTPOINT")
				continue
			}
			if d, ok := expandWord(c, rest[0]); ok && !strings.HasPrefix(d, "/") {
				bad(show(rest[0])+" is not an absolute path", "write the mount point's full path")
				continue
			}
			rest = rest[1:]
		}
		for i := 0; i+1 < len(rest); i += 2 {
			if !contains(partitionNames, rest[i]) {
				bad(show(rest[i])+" is not a partition name", "use root, usr, home, srv, var, tmp, ...")
				break
			}
		}
	}
}

func init() {
	parsers["config_parse_root_image_options"] = &parserInfo{check: checkRootImageOptions, spec: specWords}
	parsers["config_parse_mount_images"] = &parserInfo{check: checkImages, spec: specWords, paths: true}
	parsers["config_parse_extension_images"] = &parserInfo{check: checkImages, spec: specWords, paths: true}
}

// expandShaped resolves the specifiers of s with stand-ins; judge is
// false when s holds one whose shape is unknown (a name, the instance)
// or an invalid one, so that the result says nothing.
func expandShaped(c *vcheck, s string) (x string, judge bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, true
	}
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' {
			if n := s[i+1]; n != '%' && isAlnum(n) && strings.IndexByte(shapedSpecifiers, n) < 0 {
				return "", false
			}
			i++
		}
	}
	x, err := words.ExpandSpecifiers(s, specFunc(c, specFull), words.LongLineMax)
	return x, err == nil
}
