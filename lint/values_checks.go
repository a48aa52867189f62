package lint

import (
	"errors"
	"strconv"
	"strings"

	"github.com/usvc/usvc/unitfile/catalog"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// parsers maps the name of each of systemd's config_parse_* functions
// (as the catalogue names them) to its check. A parser missing here is
// not checked. See src/core/load-fragment.c and src/shared/conf-parser.c
// at v252 for each.
var parsers = map[string]*parserInfo{
	// Booleans.
	"config_parse_bool":             {check: checkBool},
	"config_parse_tristate":         {check: checkTristate},
	"config_parse_job_mode_isolate": {check: checkBool},

	// Numbers.
	"config_parse_unsigned":              {check: checkUint(32, "an unsigned integer")},
	"config_parse_int":                   {check: checkInt(32)},
	"config_parse_long":                  {check: checkInt(64)},
	"config_parse_tty_size":              {check: emptyOK(checkUint(32, "an unsigned integer"))},
	"config_parse_swap_priority":         {check: checkSwapPriority},
	"config_parse_exec_nice":             {check: emptyOK(checkRange("a nice level", -20, 19))},
	"config_parse_exec_oom_score_adjust": {check: emptyOK(checkRange("an OOM score adjustment", -1000, 1000))},
	"config_parse_exec_cpu_sched_prio":   {check: checkRange("a CPU scheduling priority", 0, 99)},
	"config_parse_exec_io_priority":      {check: emptyOK(checkRange("an IO priority", 0, 7))},
	"config_parse_iec_size":              {check: checkIECSize},
	"config_parse_mode":                  {check: checkMode},
	"config_parse_exit_status":           {check: emptyOK(checkUint(8, "an exit status"))},
	"config_parse_set_status":            {check: checkSetStatus},
	"config_parse_rlimit":                {check: checkRlimit},

	// Time spans.
	"config_parse_sec":                     {check: checkSec(value.ParseSec, false)},
	"config_parse_sec_fix_0":               {check: checkSec(value.ParseSecFix0, false)},
	"config_parse_sec_def_infinity":        {check: checkSec(value.ParseSecDefInfinity, true)},
	"config_parse_service_timeout":         {check: checkSec(value.ParseSecFix0, false)},
	"config_parse_service_timeout_abort":   {check: checkSec(value.ParseSec, true)},
	"config_parse_job_timeout_sec":         {check: checkSec(value.ParseSecFix0, false)},
	"config_parse_job_running_timeout_sec": {check: checkSec(value.ParseSecFix0, false)},
	"config_parse_nsec":                    {check: checkNsec},
	"config_parse_timer":                   {check: checkTimer, spec: specFull},

	// Resource control.
	"config_parse_memory_limit":                   {check: checkMemoryLimit},
	"config_parse_tasks_max":                      {check: checkTasksMax},
	"config_parse_cpu_quota":                      {check: checkCPUQuota},
	"config_parse_cpu_shares":                     {check: checkWeight("a CPU share", 2, 262144, false)},
	"config_parse_cg_weight":                      {check: checkWeight("a weight", 1, 10000, false)},
	"config_parse_cg_cpu_weight":                  {check: checkWeight("a CPU weight", 1, 10000, true)},
	"config_parse_blockio_weight":                 {check: checkWeight("a block IO weight", 10, 1000, false)},
	"config_parse_managed_oom_mem_pressure_limit": {check: checkManagedOOMLimit},
	"config_parse_managed_oom_mode":               {check: checkManagedOOMMode},
	"config_parse_delegate":                       {check: checkDelegate},

	// Words from a table.
	"config_parse_service_type":                 {check: checkEnum(enumServiceType)},
	"config_parse_service_restart":              {check: checkEnum(enumRestart)},
	"config_parse_notify_access":                {check: checkEnum(enumNotifyAccess)},
	"config_parse_protect_home":                 {check: checkEnum(enumProtectHome)},
	"config_parse_protect_system":               {check: checkEnum(enumProtectSystem)},
	"config_parse_exec_keyring_mode":            {check: checkEnum(enumKeyringMode)},
	"config_parse_protect_proc":                 {check: checkEnum(enumProtectProc)},
	"config_parse_proc_subset":                  {check: checkEnum(enumProcSubset)},
	"config_parse_exec_utmp_mode":               {check: checkEnum(enumUtmpMode)},
	"config_parse_job_mode":                     {check: checkEnum(enumJobMode)},
	"config_parse_collect_mode":                 {check: checkEnum(enumCollectMode)},
	"config_parse_device_policy":                {check: checkEnum(enumDevicePolicy)},
	"config_parse_exec_preserve_mode":           {check: checkEnum(enumPreserveMode)},
	"config_parse_service_exit_type":            {check: checkEnum(enumExitType)},
	"config_parse_service_timeout_failure_mode": {check: checkEnum(enumTimeoutFailureMode)},
	"config_parse_oom_policy":                   {check: checkEnum(enumOOMPolicy)},
	"config_parse_managed_oom_preference":       {check: checkEnum(enumManagedOOMPreference)},
	"config_parse_kill_mode":                    {check: checkEnum(enumKillMode)},
	"config_parse_exec_io_class":                {check: checkEnum(enumIOClass)},
	"config_parse_exec_cpu_sched_policy":        {check: checkEnum(enumSchedPolicy)},
	"config_parse_numa_policy":                  {check: checkEnum(enumNUMAPolicy)},
	"config_parse_socket_bind":                  {check: checkEnum(enumBindIPv6Only)},
	"config_parse_ip_tos":                       {check: checkEnum(enumIPTOS)},
	"config_parse_socket_timestamping":          {check: checkEnum(enumTimestamping)},
	"config_parse_log_level":                    {check: checkEnum(enumLogLevel)},
	"config_parse_log_facility":                 {check: checkEnum(enumLogFacility)},
	"config_parse_emergency_action":             {check: checkEmergencyAction},
	"config_parse_signal":                       {check: checkSignal},
	"config_parse_exec_output":                  {check: checkExecOutput, spec: specPath, paths: true},
	"config_parse_exec_input":                   {check: checkExecInput, spec: specPath, paths: true},

	// Names.
	"config_parse_bus_name":               {check: checkBusName, spec: specFull},
	"config_parse_fdname":                 {check: checkFDName, spec: specFull},
	"config_parse_log_namespace":          {check: checkLogNamespace, spec: specFull},
	"config_parse_unit_deps":              {check: checkUnitDeps, spec: specWords},
	"config_parse_obsolete_unit_deps":     {check: checkUnitDeps, spec: specWords},
	"config_parse_unit_slice":             {check: checkSlice, spec: specName},
	"config_parse_trigger_unit":           {check: checkTriggerUnit, spec: specName},
	"config_parse_socket_service":         {check: checkUnitOfType("service", "Service="), spec: specName},
	"config_parse_service_sockets":        {check: checkSockets, spec: specWords},
	"config_parse_documentation":          {check: checkDocumentation, spec: specFull},
	"config_parse_user_group_compat":      {check: checkUser, spec: specFull, fatalSpec: true},
	"config_parse_user_group_strv_compat": {check: checkUsers, spec: specWords, fatalSpec: true},

	// Environment.
	"config_parse_environ":          {check: checkEnviron, spec: specWords},
	"config_parse_pass_environ":     {check: checkPassEnviron, spec: specWords},
	"config_parse_unset_environ":    {check: checkUnsetEnviron, spec: specWords},
	"config_parse_unit_env_file":    {check: checkEnvFile, spec: specPath, paths: true},
	"config_parse_log_extra_fields": {check: checkLogExtraFields, spec: specWords},

	// Strings that only resolve specifiers.
	"config_parse_unit_string_printf":    {spec: specFull},
	"config_parse_unit_strv_printf":      {spec: specFull},
	"config_parse_unit_condition_string": {spec: specFull},
	"config_parse_reboot_parameter":      {spec: specFull},

	// Paths.
	"config_parse_unit_path_printf":         {check: checkPathPrintf, spec: specPath, paths: true},
	"config_parse_working_directory":        {check: checkWorkingDirectory, spec: specWords, fatalSpec: true, paths: true},
	"config_parse_pid_file":                 {check: checkPIDFile, spec: specPath, paths: true},
	"config_parse_path_spec":                {check: checkAbsolute, spec: specPath, paths: true},
	"config_parse_unit_condition_path":      {check: checkConditionPath, spec: specWords, paths: true},
	"config_parse_unit_requires_mounts_for": {check: checkPathWords, spec: specWords, paths: true},
	"config_parse_unit_mounts_for":          {check: checkPathWords, spec: specWords, paths: true},
	"config_parse_unit_path_strv_printf":    {check: checkPathWords, spec: specWords, paths: true},
	"config_parse_namespace_path_strv":      {check: checkNamespacePaths, spec: specWords, paths: true},
	"config_parse_exec_directories":         {check: checkExecDirectories, spec: specWords, paths: true},
	"config_parse_colon_separated_paths":    {check: checkColonPaths, spec: specWords, paths: true},
	"config_parse_socket_listen":            {check: checkListen, spec: specPath, paths: true},
}

// enumSpec is one of systemd's string tables, as its *_from_string()
// reads it.
type enumSpec struct {
	words []string
	// boolean: parse_boolean() is tried first (..._WITH_BOOLEAN).
	boolean bool
	// fallback: a number up to this is accepted (..._WITH_FALLBACK);
	// -1 for none.
	fallback int
	// empty: the empty assignment resets to the default; otherwise it
	// is an invalid value like any other.
	empty bool
	// what names a value in messages: "a service type".
	what string
}

// emptyOK wraps a check for a parser that takes "" as "back to the
// default".
func emptyOK(f func(*vcheck)) func(*vcheck) {
	return func(c *vcheck) {
		if c.v != "" {
			f(c)
		}
	}
}

// show quotes a value for a message.
func show(s string) string {
	if s == "" {
		return "the empty value"
	}
	return quoteText(s)
}

// detail is the reason an error of the value package gives, in
// parentheses.
func detail(err error) string {
	var ve *value.Error
	if errors.As(err, &ve) && ve.Msg != "" {
		return " (" + ve.Msg + ")"
	}
	return ""
}

// errSpan is the span of the bad part an error of the value package
// names, the whole value otherwise.
func errSpan(c *vcheck, err error) (int, int) {
	var ve *value.Error
	if errors.As(err, &ve) && ve.Len > 0 {
		return ve.Offset, ve.Offset + ve.Len
	}
	return 0, len(c.v)
}

func checkBool(c *vcheck) {
	if _, err := value.ParseBool(c.v); err != nil {
		// DynamicUser= is read with config_parse_bool(ltype=true): a
		// bad value is fatal.
		if c.key == "DynamicUser" {
			c.refused(0, len(c.v), show(c.v)+" is not a boolean", "use yes or no")
			return
		}
		c.ignored(0, len(c.v), show(c.v)+" is not a boolean", "use yes or no")
	}
}

func checkTristate(c *vcheck) {
	if c.v == "" {
		return
	}
	if _, err := value.ParseBool(c.v); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not a boolean", "use yes or no, or nothing for the default")
	}
}

func checkUint(bits int, what string) func(*vcheck) {
	return func(c *vcheck) {
		if _, err := value.ParseUint(c.v, bits); err != nil {
			c.ignored(0, len(c.v), show(c.v)+" is not "+what+detail(err), "write a decimal number")
		}
	}
}

func checkInt(bits int) func(*vcheck) {
	return func(c *vcheck) {
		if _, err := value.ParseInt(c.v, bits); err != nil {
			c.ignored(0, len(c.v), show(c.v)+" is not an integer"+detail(err), "write a decimal number")
		}
	}
}

func checkRange(what string, min, max int64) func(*vcheck) {
	return func(c *vcheck) {
		if _, err := value.ParseIntRange(c.v, 32, min, max); err != nil {
			c.ignored(0, len(c.v), show(c.v)+" is not "+what+detail(err),
				"use a number from "+strconv.FormatInt(min, 10)+" to "+strconv.FormatInt(max, 10))
		}
	}
}

// see src/core/load-fragment.c: config_parse_swap_priority().
func checkSwapPriority(c *vcheck) {
	if c.v == "" {
		return
	}
	if _, err := value.ParseIntRange(c.v, 32, -1, 32767); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not a swap priority"+detail(err), "use a number from -1 to 32767")
	}
}

func checkIECSize(c *vcheck) {
	if _, err := value.ParseIECSize(c.v); err != nil {
		i, j := errSpan(c, err)
		c.ignored(i, j, show(c.v)+" is not a size"+detail(err), "write bytes, or a number with K, M or G")
	}
}

// checkMode is parse_mode() (src/basic/parse-util.c): octal digits after
// optional blanks, no sign, at most 07777.
func checkMode(c *vcheck) {
	s := strings.TrimLeft(c.v, " \t\n\r")
	ok := s != ""
	var n uint64
	for i := 0; ok && i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			ok = false
			break
		}
		n = n*8 + uint64(s[i]-'0')
		if n > 07777 {
			ok = false
		}
	}
	if !ok {
		c.ignored(0, len(c.v), show(c.v)+" is not an access mode", "write it in octal, such as 0755 or 0027")
	}
}

// see src/core/load-fragment.c: config_parse_set_status().
func checkSetStatus(c *vcheck) {
	if c.v == "" {
		return
	}
	if plainWords(c.v) && strings.IndexAny(c.v, "\"'") < 0 {
		for i, j := nextWord(c.v, 0); i < len(c.v); i, j = nextWord(c.v, j) {
			if w := c.v[i:j]; !exitStatusValid(w) && !signalValid(w) {
				c.dropped(i, j, show(w)+" is neither an exit status nor a signal", "use a number from 0 to 255, a name such as TEMPFAIL, or a signal such as SIGKILL")
			}
		}
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, 0)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	for _, w := range ws {
		if exitStatusValid(w.Text) || signalValid(w.Text) {
			continue
		}
		c.dropped(w.Start, w.End, show(w.Text)+" is neither an exit status nor a signal", "use a number from 0 to 255, a name such as TEMPFAIL, or a signal such as SIGKILL")
	}
}

func exitStatusValid(s string) bool {
	for _, n := range exitStatusNames {
		if s == n {
			return true
		}
	}
	_, err := value.ParseUint(s, 8)
	return err == nil
}

// see src/basic/rlimit-util.c: rlimit_parse().
func checkRlimit(c *vcheck) {
	soft, hard, two := strings.Cut(c.v, ":")
	res := strings.TrimPrefix(c.key, "Limit")
	one := func(s string, at int) bool {
		if s == "infinity" && res != "NICE" {
			// rlimit_parse_nice() takes no "infinity".
			return true
		}
		var err error
		switch res {
		case "CPU":
			_, err = value.ParseSec(s)
		case "RTTIME":
			_, err = value.ParseTimespan(s, value.Microsecond)
		case "FSIZE", "DATA", "STACK", "CORE", "RSS", "AS", "MEMLOCK", "MSGQUEUE":
			var n uint64
			n, err = value.ParseSize(s)
			if err == nil && n == ^uint64(0) {
				err = errors.New("too large")
			}
		case "NICE":
			switch {
			case strings.HasPrefix(s, "+"):
				_, err = value.ParseUintRange(s[1:], 64, 0, 19)
			case strings.HasPrefix(s, "-"):
				_, err = value.ParseUintRange(s[1:], 64, 0, 20)
			default:
				_, err = value.ParseUintRange(s, 64, 0, 40)
			}
		default:
			var n uint64
			n, err = value.ParseUint(s, 64)
			if err == nil && n == ^uint64(0) {
				err = errors.New("too large")
			}
		}
		if err != nil {
			c.ignored(at, at+len(s), show(s)+" is not a valid "+c.key+"= limit"+detail(err), rlimitHint(res))
			return false
		}
		return true
	}
	if !one(soft, 0) {
		return
	}
	if two {
		if strings.Contains(hard, ":") {
			c.ignored(0, len(c.v), show(c.v)+" has more than a soft and a hard limit", "write SOFT:HARD")
			return
		}
		one(hard, len(soft)+1)
	}
}

func rlimitHint(res string) string {
	switch res {
	case "CPU", "RTTIME":
		return "write a time span, or infinity"
	case "NICE":
		return "write a nice level from -20 to 19 with its sign, or a raw limit from 0 to 40"
	case "FSIZE", "DATA", "STACK", "CORE", "RSS", "AS", "MEMLOCK", "MSGQUEUE":
		return "write a size such as 64M, or infinity"
	}
	return "write a number, or infinity"
}

func checkSec(parse func(string) (value.Timespan, error), emptyIsOK bool) func(*vcheck) {
	return func(c *vcheck) {
		if c.v == "" && emptyIsOK {
			return
		}
		if _, err := parse(c.v); err != nil {
			i, j := errSpan(c, err)
			c.ignored(i, j, show(c.v)+" is not a time span"+detail(err), "write a span such as 90s, 5min or 1h 30min")
		}
	}
}

func checkNsec(c *vcheck) {
	if _, err := value.ParseNsec(c.v); err != nil {
		i, j := errSpan(c, err)
		c.ignored(i, j, show(c.v)+" is not a time span"+detail(err), "write nanoseconds, or a span such as 50us")
	}
}

// see src/core/load-fragment.c: config_parse_timer().
func checkTimer(c *vcheck) {
	if c.v == "" {
		return
	}
	if c.key == "OnCalendar" {
		if c.specs {
			return
		}
		if _, err := value.ParseCalendar(c.v); err != nil {
			i, j := errSpan(c, err)
			c.ignored(i, j, show(c.v)+" is not a calendar event"+detail(err), "write an event such as daily, Mon *-*-* 09:00 or *:0/15; systemd-analyze calendar checks one")
		}
		return
	}
	if c.specs {
		return
	}
	if _, err := value.ParseSec(c.v); err != nil {
		i, j := errSpan(c, err)
		c.ignored(i, j, show(c.v)+" is not a time span"+detail(err), "write a span such as 90s, 5min or 1h 30min")
	}
}

func checkMemoryLimit(c *vcheck) {
	if _, err := value.ParseMemoryLimit(c.key, c.v); err != nil {
		i, j := errSpan(c, err)
		c.ignored(i, j, show(c.v)+" is not a memory limit"+detail(err), "write a size such as 512M or 2G, a percentage of the memory such as 50%, or infinity")
	}
}

func checkTasksMax(c *vcheck) {
	if _, err := value.ParseTasksMax(c.v); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not a task limit"+detail(err), "write a number such as 512, a percentage such as 10%, or infinity")
	}
}

func checkCPUQuota(c *vcheck) {
	if _, err := value.ParseCPUQuota(c.v); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not a CPU quota"+detail(err), "write a percentage of one CPU, such as 20% or 150%")
	}
}

// checkWeight is cg_weight_parse() and friends (src/shared/cgroup-setup.c).
func checkWeight(what string, min, max uint64, idle bool) func(*vcheck) {
	return func(c *vcheck) {
		if c.v == "" || (idle && c.v == "idle") {
			return
		}
		if _, err := value.ParseUintRange(c.v, 64, min, max); err != nil {
			hint := "use a number from " + strconv.FormatUint(min, 10) + " to " + strconv.FormatUint(max, 10)
			if idle {
				hint += ", or idle"
			}
			c.ignored(0, len(c.v), show(c.v)+" is not "+what+detail(err), hint)
		}
	}
}

// canManagedOOM is whether a unit type can set ManagedOOM*= (its vtable's
// can_set_managed_oom: slices and the types with processes... in 252,
// service, scope and slice).
func canManagedOOM(t string) bool { return t == "service" || t == "scope" || t == "slice" || t == "" }

func checkManagedOOMLimit(c *vcheck) {
	if !canManagedOOM(c.p.Type) {
		c.ignored(0, len(c.v), c.key+"= is not supported for a ."+c.p.Type+" unit", "remove it")
		return
	}
	if c.v == "" {
		return
	}
	if _, err := value.ParsePermyriad(c.v); err != nil {
		c.ignored(0, len(c.v), show(c.v)+" is not a percentage"+detail(err), "write a percentage such as 60%")
	}
}

func checkManagedOOMMode(c *vcheck) {
	if !canManagedOOM(c.p.Type) {
		c.ignored(0, len(c.v), c.key+"= is not supported for a ."+c.p.Type+" unit", "remove it")
		return
	}
	if c.v == "" {
		return
	}
	checkEnum(enumManagedOOMMode)(c)
}

// canDelegate: the unit types whose vtable has can_delegate in 252
// (src/core/service.c, scope.c).
func canDelegate(t string) bool { return t == "service" || t == "scope" || t == "" }

// see src/core/load-fragment.c: config_parse_delegate().
func checkDelegate(c *vcheck) {
	if !canDelegate(c.p.Type) {
		c.ignored(0, len(c.v), "Delegate= is not supported for a ."+c.p.Type+" unit", "remove it")
		return
	}
	if c.v == "" {
		return
	}
	if _, err := value.ParseBool(c.v); err == nil {
		return
	}
	c.wordsIn(c.v, 0, cgroupControllers, "a cgroup controller", "use yes, no, or controllers such as cpu memory pids")
}

// wordsIn checks that every word of v (which starts at offset at of the
// value) is one of names: systemd splits such lists with
// extract_first_word(EXTRACT_UNQUOTE) and drops each unknown word.
func (c *vcheck) wordsIn(v string, at int, names []string, what, hint string) {
	ws, err := words.Split(v, words.Whitespace, words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	for _, w := range ws {
		if !contains(names, w.Text) {
			c.dropped(at+w.Start, at+w.End, show(w.Text)+" is not "+what, hint)
		}
	}
}

func checkEnum(spec *enumSpec) func(*vcheck) {
	return func(c *vcheck) {
		v := c.v
		if v == "" && spec.empty {
			return
		}
		if spec.boolean && isBool(v) {
			return
		}
		for _, w := range spec.words {
			if v == w {
				return
			}
		}
		if spec.fallback >= 0 {
			if n, err := value.ParseUint(v, 32); err == nil && n <= uint64(spec.fallback) {
				return
			}
		}
		if c.p.Version.Compare(catalog.V(252)) > 0 {
			// Releases after 252 may know more words: the catalogue
			// lists the newest.
			for _, w := range c.d.Values() {
				if v == w {
					return
				}
			}
		}
		c.ignored(0, len(v), show(v)+" is not "+spec.what, enumHint(spec, v))
	}
}

func enumHint(spec *enumSpec, v string) string {
	for _, w := range spec.words {
		if strings.EqualFold(v, w) {
			return "write " + w + " (case matters)"
		}
	}
	list := spec.words
	if spec.boolean {
		list = append([]string{"yes", "no"}, list...)
		list = dedupe(list)
	}
	return "use " + orList(list)
}

func dedupe(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// orList is "a, b or c".
func orList(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}

// see src/core/emergency-action.c: parse_emergency_action(): in the user
// manager only none, exit and exit-force are allowed; the others are
// read as exit-force with a notice.
func checkEmergencyAction(c *vcheck) {
	v := c.v
	if !contains(emergencyActions, v) {
		c.ignored(0, len(v), show(v)+" is not a "+c.key+"= action", "use "+orList(emergencyActions))
	}
}

// signalValid is signal_from_string() (src/basic/signal-util.c).
func signalValid(s string) bool {
	if n, err := value.ParseInt(s, 32); err == nil {
		return n >= 1 && n <= 64
	}
	s = strings.TrimPrefix(s, "SIG")
	if contains(signalNames, s) {
		return true
	}
	for _, base := range []string{"RTMIN", "RTMAX"} {
		rest, ok := strings.CutPrefix(s, base)
		if !ok {
			continue
		}
		if rest == "" {
			return true
		}
		sign := byte('+')
		if base == "RTMAX" {
			sign = '-'
		}
		if rest[0] != sign {
			return false
		}
		n, err := value.ParseInt(rest, 32)
		if err != nil {
			return false
		}
		if n < 0 {
			n = -n
		}
		return n <= 30 // SIGRTMAX - SIGRTMIN with glibc
	}
	return false
}

func checkSignal(c *vcheck) {
	if !signalValid(c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a signal", "use a name such as SIGTERM, SIGINT or SIGKILL")
	}
}

// see src/core/load-fragment.c: config_parse_exec_output().
func checkExecOutput(c *vcheck) {
	v := c.v
	if n, ok := strings.CutPrefix(v, "fd:"); ok {
		if !fdnameValid(n) {
			c.ignored(3, len(v), show(n)+" is not a file descriptor name", "use printable ASCII without ':'")
		}
		return
	}
	for _, pre := range []string{"file:", "append:", "truncate:"} {
		if n, ok := strings.CutPrefix(v, pre); ok {
			// PATH_CHECK_FATAL only changes the message here: the
			// parser returns 0 and the assignment is ignored.
			checkOnePath(c, n, len(pre), false)
			return
		}
	}
	if v == "syslog" || v == "syslog+console" {
		return // obsolete, read as journal: deprecated-directive's business
	}
	checkEnum(enumExecOutput)(c)
}

// see src/core/load-fragment.c: config_parse_exec_input().
func checkExecInput(c *vcheck) {
	v := c.v
	if n, ok := strings.CutPrefix(v, "fd:"); ok {
		if !fdnameValid(n) {
			c.ignored(3, len(v), show(n)+" is not a file descriptor name", "use printable ASCII without ':'")
		}
		return
	}
	if n, ok := strings.CutPrefix(v, "file:"); ok {
		checkOnePath(c, n, 5, false)
		return
	}
	checkEnum(enumExecInput)(c)
}

// fdnameValid is fdname_is_valid() (src/basic/fd-util.c).
func fdnameValid(s string) bool {
	if len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 127 || s[i] == ':' {
			return false
		}
	}
	return true
}

func checkFDName(c *vcheck) {
	if c.v != "" && !fdnameValid(c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a file descriptor name", "use printable ASCII without ':', at most 255 bytes")
	}
}

// busNameValid is service_name_is_valid() (src/libsystemd/sd-bus).
func busNameValid(p string) bool {
	if p == "" || len(p) > 255 {
		return false
	}
	unique := p[0] == ':'
	q := p
	if unique {
		q = p[1:]
	}
	dot, found := true, false
	for i := 0; i < len(q); i++ {
		ch := q[i]
		if ch == '.' {
			if dot {
				return false
			}
			found, dot = true, true
			continue
		}
		alpha := ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
		digit := ch >= '0' && ch <= '9'
		if !alpha && !((!dot || unique) && digit) && ch != '_' && ch != '-' {
			return false
		}
		dot = false
	}
	return !dot && found
}

func checkBusName(c *vcheck) {
	if !busNameValid(c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a D-Bus name", "write a well-known name such as org.example.App")
	}
}

// see src/basic/syslog-util.c: log_namespace_name_valid().
func checkLogNamespace(c *vcheck) {
	v := c.v
	if v == "" {
		return
	}
	// LOG_NAMESPACE_MAX is NAME_MAX minus a machine ID and a dot.
	ok := words.FilenameIsValid(v) && len(v) <= 222 && unitname.InstanceValid(v) && words.StringIsSafe(v) && !strings.ContainsAny(v, "*?[")
	if !ok {
		c.ignored(0, len(v), show(v)+" is not a log namespace name", "use letters, digits and - _ . : only")
	}
}

// unitNameValid is unit_name_is_valid(name, UNIT_NAME_PLAIN|UNIT_NAME_INSTANCE):
// what manager_load_unit() accepts.
func unitNameValid(name string) bool {
	return unitname.Valid(name, unitname.Plain|unitname.Instance)
}

// see src/core/load-fragment.c: config_parse_unit_deps(): each word,
// after unit_name_printf(), must name a unit ("Failed to add dependency
// on NAME, ignoring: Invalid argument").
func checkUnitDeps(c *vcheck) {
	if plainWords(c.v) {
		// No specifiers and no backslashes: the words are the names
		// as written (quotes are ordinary characters here).
		for i, j := nextWord(c.v, 0); i < len(c.v); i, j = nextWord(c.v, j) {
			name := c.v[i:j]
			if !unitNameValid(name) && !unitname.Valid(name, unitname.Template) {
				c.dropped(i, j, show(name)+" is not a unit name", unitNameHint(name))
			}
		}
		return
	}
	l := words.ParseUnitList(c.v, words.Options{Key: c.key, Specifier: specFunc(c, specName)})
	for _, d := range l.Diagnostics {
		if d.Code == words.CodeSpecifier {
			continue // invalid-specifier
		}
		c.ignored(d.Start, d.End, lowerFirst(d.Message), "")
	}
	for _, it := range l.Items {
		// A template gets the unit's instance, or its prefix
		// (src/core/unit.c: resolve_template()).
		if !unitNameValid(it.Value) && !unitname.Valid(it.Value, unitname.Template) {
			c.dropped(it.Word.Start, it.Word.End, show(it.Word.Text)+" is not a unit name", unitNameHint(it.Value))
		}
	}
}

func unitNameHint(name string) string {
	switch {
	case strings.HasSuffix(name, "@"+"."+unitname.Type(name)) && unitname.Type(name) != "":
		return "name an instance of the template, such as " + strings.TrimSuffix(name, "."+unitname.Type(name)) + "name." + unitname.Type(name)
	case unitname.Type(name) == "":
		return "write the full name with its type, such as " + name + ".service"
	}
	return "write a unit name such as app.service"
}

func checkSlice(c *vcheck) {
	if !unitNameValid(c.v) {
		c.ignored(0, len(c.v), show(c.v)+" is not a unit name", "name a slice such as app.slice")
		return
	}
	if unitname.Type(c.v) != "slice" {
		c.ignored(0, len(c.v), show(c.v)+" is not a slice", "name a .slice unit")
	}
}

// see src/core/load-fragment.c: config_parse_trigger_unit().
func checkTriggerUnit(c *vcheck) {
	if unitname.Type(c.v) == "" {
		c.ignored(0, len(c.v), show(c.v)+" has no unit type", "write the full name, such as "+c.v+".service")
		return
	}
	if c.v == c.p.Unit {
		c.ignored(0, len(c.v), "a unit cannot trigger itself", "name the unit to start")
		return
	}
	if !unitNameValid(c.v) && !unitname.Valid(c.v, unitname.Template) {
		c.ignored(0, len(c.v), show(c.v)+" is not a unit name", unitNameHint(c.v))
	}
}

func checkUnitOfType(typ, key string) func(*vcheck) {
	return func(c *vcheck) {
		if !strings.HasSuffix(c.v, "."+typ) {
			c.ignored(0, len(c.v), show(c.v)+" is not a ."+typ+" unit", "name a ."+typ+" unit")
			return
		}
		if !unitNameValid(c.v) {
			c.ignored(0, len(c.v), show(c.v)+" is not a unit name", unitNameHint(c.v))
		}
	}
}

// see src/core/load-fragment.c: config_parse_service_sockets().
func checkSockets(c *vcheck) {
	ws, err := words.Split(c.v, words.Whitespace, 0)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	sf := specFunc(c, specName)
	for _, w := range ws {
		x, err := words.ExpandSpecifiers(w.Text, sf, unitname.Max)
		if err != nil {
			continue
		}
		if !strings.HasSuffix(x, ".socket") {
			c.dropped(w.Start, w.End, show(w.Text)+" is not a .socket unit", "name .socket units")
		} else if !unitNameValid(x) {
			c.dropped(w.Start, w.End, show(w.Text)+" is not a unit name", unitNameHint(x))
		}
	}
}

// see src/shared/web-util.c: documentation_url_is_valid().
func docURLValid(u string) bool {
	ascii := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return false
			}
		}
		return s != ""
	}
	for _, pre := range []string{"http://", "https://", "file:/", "info:", "man:"} {
		if rest, ok := strings.CutPrefix(u, pre); ok {
			return ascii(rest)
		}
	}
	return false
}

func checkDocumentation(c *vcheck) {
	if c.v == "" {
		return
	}
	if plainWords(c.v) && strings.IndexAny(c.v, "\"'") < 0 {
		for i, j := nextWord(c.v, 0); i < len(c.v); i, j = nextWord(c.v, j) {
			if !docURLValid(c.v[i:j]) {
				c.dropped(i, j, show(c.v[i:j])+" is not a documentation URL", "use an http://, https://, file:, info: or man: URL, such as man:app(1)")
			}
		}
		return
	}
	l := words.ParseStrv(c.v)
	for _, d := range l.Diagnostics {
		c.ignored(d.Start, d.End, lowerFirst(d.Message), "")
	}
	for _, it := range l.Items {
		if !docURLValid(it.Value) {
			c.dropped(it.Word.Start, it.Word.End, show(it.Value)+" is not a documentation URL", "use an http://, https://, file:, info: or man: URL, such as man:app(1)")
		}
	}
}

// userValid is valid_user_group_name(name, VALID_USER_ALLOW_NUMERIC |
// VALID_USER_RELAX) (src/basic/user-util.c).
func userValid(u string) bool {
	if u == "" {
		return false
	}
	if uidLike(u) {
		return true // a numeric ID, valid or not, is checked by parse_uid: any uid_t but 65535 and -1
	}
	if u[0] == ' ' || u[len(u)-1] == ' ' || strings.ContainsAny(u, ":/") {
		return false
	}
	for i := 0; i < len(u); i++ {
		if u[i] < ' ' || u[i] == 0x7f {
			return false
		}
	}
	digits := strings.TrimLeft(u, "0123456789")
	if digits == "" {
		return false
	}
	if u[0] == '-' && strings.Trim(u[1:], "0123456789") == "" {
		return false
	}
	return u != "." && u != ".."
}

// uidLike is parse_uid() succeeding: decimal, no sign, no leading zero,
// a valid uid_t (not 65535, not 4294967295).
func uidLike(s string) bool {
	if s == "" || (s[0] == '0' && s != "0") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return err == nil && n != 65535 && n != 4294967295
}

func checkUser(c *vcheck) {
	if c.v == "" || userValid(c.v) {
		return
	}
	c.refused(0, len(c.v), show(c.v)+" is not a user or group name", "write a name such as app, or a numeric ID")
}

func checkUsers(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, 0)
	if err != nil {
		c.refused(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	sf := specFunc(c, specFull)
	for _, w := range ws {
		x, err := words.ExpandSpecifiers(w.Text, sf, words.LongLineMax)
		if err != nil {
			return
		}
		if !userValid(x) {
			c.refused(w.Start, w.End, show(w.Text)+" is not a group name", "write names such as audio video, or numeric IDs")
			return // systemd stops at the first
		}
	}
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// wordsDiag reports the diagnostics of a words parser, except specifier
// ones (invalid-specifier's): a word that fails is dropped, bad syntax
// ends the value.
func wordsDiag(c *vcheck, ds []words.Diagnostic, hint string) {
	for _, d := range ds {
		word := c.v[d.Start:d.End]
		switch d.Code {
		case words.CodeSpecifier:
			continue
		case words.CodePathNotAbsolute:
			continue // relative-path reports it, from checkEnvFile
		case words.CodeInvalidAssignment:
			c.dropped(d.Start, d.End, show(word)+" is not a NAME=value assignment", hint)
		case words.CodeInvalidName:
			c.dropped(d.Start, d.End, show(word)+" is not a valid variable name", "use letters, digits and _, not starting with a digit")
		case words.CodeInvalidSyntax:
			c.ignored(d.Start, d.End, "a quote or escape is not closed in "+show(word)+", and the words from there on are dropped", "close the quote, or write \\ for a backslash")
		default:
			c.ignored(d.Start, d.End, strings.TrimSuffix(lowerFirst(d.Message), "."), hint)
		}
	}
}

func checkEnviron(c *vcheck) {
	if plainWords(c.v) && strings.IndexAny(c.v, "\"'") < 0 {
		// The common case, NAME=value words without quotes, escapes or
		// specifiers, needs no splitter.
		ok := true
		for i, j := nextWord(c.v, 0); i < len(c.v) && ok; i, j = nextWord(c.v, j) {
			name, _, eq := strings.Cut(c.v[i:j], "=")
			ok = eq && words.EnvNameIsValid(name)
		}
		if ok {
			return
		}
	}
	env := words.ParseEnvironment(c.v, words.Options{Key: c.key, Specifier: specFunc(c, specFull)})
	wordsDiag(c, env.Diagnostics, "write NAME=value words, quoting a value with spaces: \"NAME=a b\"")
}

func checkPassEnviron(c *vcheck) {
	l := words.ParsePassEnvironment(c.v, words.Options{Key: c.key, Specifier: specFunc(c, specFull)})
	wordsDiag(c, l.Diagnostics, "write variable names separated by spaces")
}

func checkUnsetEnviron(c *vcheck) {
	l := words.ParseUnsetEnvironment(c.v, words.Options{Key: c.key, Specifier: specFunc(c, specFull)})
	wordsDiag(c, l.Diagnostics, "write variable names, or NAME=value assignments, separated by spaces")
}

// see src/core/load-fragment.c: config_parse_unit_env_file().
func checkEnvFile(c *vcheck) {
	v := c.v
	if v == "" {
		return
	}
	path, at := v, 0
	if strings.HasPrefix(v, "-") {
		path, at = v[1:], 1
	}
	checkOnePath(c, path, at, false)
}

// see src/core/load-fragment.c: config_parse_log_extra_fields().
func checkLogExtraFields(c *vcheck) {
	if c.v == "" {
		return
	}
	ws, err := words.Split(c.v, words.Whitespace, words.CUnescape|words.Unquote)
	if err != nil {
		c.ignored(0, len(c.v), show(c.v)+" cannot be split into words", "")
		return
	}
	for _, w := range ws {
		name, _, ok := strings.Cut(w.Text, "=")
		if !ok {
			c.ignored(w.Start, w.End, show(w.Text)+" has no '='", "write FIELD=value")
			continue
		}
		if !journalFieldValid(name) {
			c.ignored(w.Start, w.End, show(name)+" is not a journal field name", "use upper case letters, digits and '_', not starting with '_' or a digit")
		}
	}
}

// journalFieldValid is journal_field_valid(p, l, false).
func journalFieldValid(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '_' || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

// specFunc resolves specifiers with stand-ins, for the words parsers;
// an invalid one is refused (the parsers then drop the word).
func specFunc(c *vcheck, m specMode) words.SpecifierFunc {
	set := m.context().Set(int(c.p.Version.Major))
	return func(letter byte) (string, bool) {
		if !set.Has(letter) {
			return "", false
		}
		return standIn(letter, c.p), true
	}
}

// plainWords reports whether v has no specifier and no backslash, so
// that splitting it at blanks is all systemd's parsers do with it.
func plainWords(v string) bool { return strings.IndexAny(v, "%\\") < 0 }

// nextWord finds the next word of v at or after j, split at systemd's
// whitespace: v[i:k], or i == len(v) when there is none.
func nextWord(v string, j int) (i, k int) {
	i = j
	for i < len(v) && isSpace(v[i]) {
		i++
	}
	k = i
	for k < len(v) && !isSpace(v[k]) {
		k++
	}
	return i, k
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// isBool is value.ParseBool succeeding, without the error it builds for
// the words of an enum that are no booleans.
func isBool(s string) bool {
	switch strings.ToLower(s) {
	case "1", "yes", "y", "true", "t", "on", "0", "no", "n", "false", "f", "off":
		return true
	}
	return false
}

// installParsers are the [Install] keys, which the manager does not read
// (a NULL parser in its table) but systemctl enable does
// (src/shared/install.c: install_info_symlink_wants(),
// config_parse_also(), config_parse_default_instance()): a name there
// that is not a unit name makes systemctl enable fail.
var installParsers = map[string]*parserInfo{
	"WantedBy":        {check: checkInstallNames},
	"RequiredBy":      {check: checkInstallNames},
	"UpheldBy":        {check: checkInstallNames},
	"Also":            {check: checkInstallNames},
	"Alias":           {check: checkInstallNames},
	"DefaultInstance": {check: checkDefaultInstance},
}

func checkInstallNames(c *vcheck) {
	if strings.IndexAny(c.v, "\\\"'") >= 0 {
		return // read with quotes and escapes: rare, left alone
	}
	for i, j := nextWord(c.v, 0); i < len(c.v); i, j = nextWord(c.v, j) {
		name := c.v[i:j]
		if strings.IndexByte(name, '%') >= 0 {
			continue // resolved by systemctl enable, from the unit's own name
		}
		if !unitname.Valid(name, unitname.Plain|unitname.Instance|unitname.Template) {
			hint := unitNameHint(name)
			if unitname.Type(name) == "" && c.key != "Also" && c.key != "Alias" {
				hint = "write the full name of the target, such as " + name + ".target"
			}
			c.note(i, j, classValue, show(name)+" is not a unit name, so systemctl enable fails; "+hint)
			continue
		}
		if c.key == "Alias" && c.p.Type != "" && unitname.Type(name) != c.p.Type {
			c.note(i, j, classValue, "an alias must have the unit's own type, ."+c.p.Type+", so systemctl enable fails; write a name ending in ."+c.p.Type)
		}
	}
}

func checkDefaultInstance(c *vcheck) {
	if c.p.Unit != "" && unitname.Type(c.p.Unit) != "" && !unitname.Valid(c.p.Unit, unitname.Template) {
		if !unitname.Valid(c.p.Unit, unitname.Instance) {
			c.note(0, len(c.v), classValue, "DefaultInstance= only means something in a template unit (NAME@.service), so systemctl enable ignores it; remove it")
		}
		return
	}
	if c.v != "" && strings.IndexByte(c.v, '%') < 0 && !unitname.InstanceValid(c.v) {
		c.note(0, len(c.v), classValue, show(c.v)+" is not a valid instance name, so systemctl enable fails; use letters, digits and :-_.\\ only")
	}
}
