package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// brief is the part of a UserNote that identifies it in a table test.
type brief struct {
	Setting  string
	Category Category
}

func briefs(ns []*UserNote) []brief {
	var out []brief
	for _, n := range ns {
		out = append(out, brief{n.Setting, n.Category})
	}
	return out
}

func TestUserNotesFor(t *testing.T) {
	const (
		limits   = "LimitCPU= .. LimitRTTIME= (Limit*)"
		cgroups  = "CPU*/Memory*/IO*/Tasks*/AllowedCPUs= (resource control)"
		actions  = "FailureAction= SuccessAction= StartLimitAction= JobTimeoutAction="
		sysUnits = "After=/Wants=/Requires=/BindsTo= on system units"
		socket   = "ListenStream=/ListenDatagram= port < 1024; Transparent=; Mark=; BindToDevice=; SocketUser=/SocketGroup="
		sched    = "Nice= (negative) CPUSchedulingPolicy=fifo|rr IOSchedulingClass=realtime OOMScoreAdjust= (negative)"
	)
	tests := []struct {
		section, name string
		want          []brief
	}{
		// Two rows, in file order: the man page's marker and the curated one.
		{"Service", "User", []brief{{"User=", CategorySystemOnly}, {"User=", CategoryRestrictedValue}}},
		{"Service", "DynamicUser", []brief{{"DynamicUser=", CategorySystemOnly}, {"DynamicUser=", CategoryRefused}}},
		{"Mount", "ProtectHome", []brief{{"ProtectHome=", CategoryNeedsUserNS}}},
		{"Service", "RootImageOptions", []brief{
			{"RootImageOptions=", CategorySystemOnly}, {"RootImageOptions=", CategoryMountOptionsRestricted}}},
		// Groups, split into their directives.
		{"Service", "LimitNOFILE", []brief{{limits, CategoryRestrictedValue}}},
		{"Socket", "LimitMEMLOCK", []brief{{limits, CategoryRestrictedValue}}},
		{"Slice", "MemoryMax", []brief{{cgroups, CategoryDependsOnDelegation}}},
		{"Service", "MemoryLimit", []brief{{cgroups, CategoryDependsOnDelegation}}},
		{"Scope", "AllowedCPUs", []brief{{cgroups, CategoryDependsOnDelegation}}},
		{"Service", "IOWeight", []brief{{cgroups, CategoryDependsOnDelegation}}},
		{"Unit", "JobTimeoutAction", []brief{{actions, CategoryRestrictedValue}}},
		{"Unit", "BindsTo", []brief{{sysUnits, CategoryNotVisible}}},
		{"Socket", "SocketGroup", []brief{{socket, CategoryNeedsPrivileges}}},
		{"Service", "CPUSchedulingPolicy", []brief{{sched, CategoryNeedsPrivileges}}},
		{"Service", "Type", []brief{{"Type=dbus / BusName=", CategoryDifferentBus}}},
		{"Install", "WantedBy", []brief{{"WantedBy=multi-user.target / graphical.target", CategoryNotVisible}}},
		{"Unit", "DefaultDependencies", []brief{
			{"DefaultDependencies=", CategoryDifferentDefault},
			{"DefaultDependencies= (automount/mount/swap)", CategoryDifferentDefault}}},
		{"Timer", "OnStartupSec", []brief{{"OnBootSec= OnStartupSec=", CategoryDifferentMeaning}}},
		{"Scope", "Slice", []brief{{"Slice=", CategoryDifferentDefault}}},
		// Not named by any row. CPUAffinity= starts with "CPU" but is an
		// exec setting, which [Slice] and [Scope] do not accept, so the
		// resource-control glob does not cover it.
		{"Service", "CPUAffinity", nil},
		{"Service", "IOSchedulingPriority", nil},
		{"Service", "MemoryDenyWriteExecute", nil},
		{"Service", "ExecStart", nil},
		{"Slice", "Slice", nil}, // Slice= is not a [Slice] key
		{"Service", "X-Foo", nil},
		{"Bogus", "User", nil},
	}
	for _, tt := range tests {
		got := briefs(UserNotesFor(tt.section, tt.name))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("UserNotesFor(%q, %q) mismatch (-want +got):\n%s", tt.section, tt.name, diff)
		}
	}
}

// TestSettingGroups pins how every cell that names several directives was
// split, with their values and conditions.
func TestSettingGroups(t *testing.T) {
	limits := []DirectiveRef{{Name: "LimitCPU"}, {Name: "LimitRTTIME"}}
	for _, n := range []string{"AS", "CORE", "DATA", "FSIZE", "LOCKS", "MEMLOCK", "MSGQUEUE", "NICE",
		"NOFILE", "NPROC", "RSS", "RTPRIO", "SIGPENDING", "STACK"} {
		limits = append(limits, DirectiveRef{Name: "Limit" + n})
	}
	var cgroups []DirectiveRef
	for _, n := range []string{
		"CPUAccounting", "CPUPressureThresholdSec", "CPUPressureWatch", "CPUQuota", "CPUQuotaPeriodSec",
		"CPUSetPartition", "CPUShares", "CPUWeight",
		"MemoryAccounting", "MemoryHigh", "MemoryLimit", "MemoryLow", "MemoryMax", "MemoryMin",
		"MemoryPressureThresholdSec", "MemoryPressureWatch", "MemorySwapMax", "MemoryZSwapMax", "MemoryZSwapWriteback",
		"IOAccounting", "IODeviceLatencyTargetSec", "IODeviceWeight", "IOPressureThresholdSec", "IOPressureWatch",
		"IOReadBandwidthMax", "IOReadIOPSMax", "IOWeight", "IOWriteBandwidthMax", "IOWriteIOPSMax",
		"TasksAccounting", "TasksMax", "AllowedCPUs",
	} {
		cgroups = append(cgroups, DirectiveRef{Name: n, Cond: "resource control"})
	}
	want := map[string][]DirectiveRef{
		"LimitCPU= .. LimitRTTIME= (Limit*)":                      limits,
		"CPU*/Memory*/IO*/Tasks*/AllowedCPUs= (resource control)": cgroups,
		"DefaultDependencies= (automount/mount/swap)": {
			{Name: "DefaultDependencies", Cond: "automount/mount/swap"}},
		"FailureAction= SuccessAction= StartLimitAction= JobTimeoutAction=": {
			{Name: "FailureAction"}, {Name: "SuccessAction"}, {Name: "StartLimitAction"}, {Name: "JobTimeoutAction"}},
		"OnBootSec= OnStartupSec=": {{Name: "OnBootSec"}, {Name: "OnStartupSec"}},
		"LogRateLimitIntervalSec= LogRateLimitBurst= LogLevelMax=": {
			{Name: "LogRateLimitIntervalSec"}, {Name: "LogRateLimitBurst"}, {Name: "LogLevelMax"}},
		"IPAddressAllow= IPAddressDeny= IPIngressFilterPath= IPEgressFilterPath= SocketBindAllow= SocketBindDeny= RestrictNetworkInterfaces= BPFProgram=": {
			{Name: "IPAddressAllow"}, {Name: "IPAddressDeny"}, {Name: "IPIngressFilterPath"}, {Name: "IPEgressFilterPath"},
			{Name: "SocketBindAllow"}, {Name: "SocketBindDeny"}, {Name: "RestrictNetworkInterfaces"}, {Name: "BPFProgram"}},
		"Nice= (negative) CPUSchedulingPolicy=fifo|rr IOSchedulingClass=realtime OOMScoreAdjust= (negative)": {
			{Name: "Nice", Cond: "negative"},
			{Name: "CPUSchedulingPolicy", Values: []string{"fifo", "rr"}},
			{Name: "IOSchedulingClass", Values: []string{"realtime"}},
			{Name: "OOMScoreAdjust", Cond: "negative"}},
		"ListenStream=/ListenDatagram= port < 1024; Transparent=; Mark=; BindToDevice=; SocketUser=/SocketGroup=": {
			{Name: "ListenStream", Cond: "port < 1024"}, {Name: "ListenDatagram", Cond: "port < 1024"},
			{Name: "Transparent"}, {Name: "Mark"}, {Name: "BindToDevice"}, {Name: "SocketUser"}, {Name: "SocketGroup"}},
		"Type=dbus / BusName=": {{Name: "Type", Values: []string{"dbus"}}, {Name: "BusName"}},
		"After=/Wants=/Requires=/BindsTo= on system units": {
			{Name: "After", Cond: "on system units"}, {Name: "Wants", Cond: "on system units"},
			{Name: "Requires", Cond: "on system units"}, {Name: "BindsTo", Cond: "on system units"}},
		"WantedBy=multi-user.target / graphical.target": {
			{Name: "WantedBy", Values: []string{"multi-user.target", "graphical.target"}}},
	}
	got := map[string][]DirectiveRef{}
	for n := range UserNotes() {
		switch {
		case len(n.Directives) == 1 && n.Setting == n.Directives[0].Name+"=":
			// A single plain "X=" cell: nothing to split.
		case len(n.Directives) > 0:
			got[n.Setting] = n.Directives
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("group cells mismatch (-want +got):\n%s", diff)
	}
}

func TestUserUnit(t *testing.T) {
	tests := []struct {
		name string
		want *brief
		unit string
	}{
		{"network-online.target", &brief{"network-online.target", CategorySystemOnlyTarget}, "network-online.target"},
		{"network.target", &brief{"network.target", CategorySystemOnlyTarget}, "network.target"},
		{"multi-user.target", &brief{"multi-user.target", CategorySystemOnlyTarget}, "multi-user.target"},
		{"graphical.target", &brief{"graphical.target", CategorySystemOnlyTarget}, "graphical.target"},
		{"sysinit.target", &brief{"sysinit.target", CategorySystemOnlyTarget}, "sysinit.target"},
		{"default.target", &brief{"default.target", CategoryUserTarget}, "default.target"},
		{"graphical-session.target", &brief{"graphical-session.target", CategoryUserTarget}, "graphical-session.target"},
		{"app.slice", &brief{"app.slice", CategoryUserUnit}, "app.slice"},
		// Instances find their template.
		{"capsule@foo.target", &brief{"capsule@.target", CategoryUserTarget}, "capsule@.target"},
		{"blockdev@dev-sda.target", &brief{"blockdev@.target", CategorySystemOnlyTarget}, "blockdev@.target"},
		{"capsule@.target", &brief{"capsule@.target", CategoryUserTarget}, "capsule@.target"},
		{"foo.service", nil, ""},
		{"foo@bar.service", nil, ""},
		{"@.target", nil, ""},
		{"capsule@", nil, ""},
		{"", nil, ""},
		{"Default.target", nil, ""}, // unit names are case-sensitive
	}
	for _, tt := range tests {
		n, ok := UserUnit(tt.name)
		var got *brief
		if ok {
			got = &brief{n.Setting, n.Category}
			if n.Unit != tt.unit {
				t.Errorf("UserUnit(%q).Unit = %q, want %q", tt.name, n.Unit, tt.unit)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("UserUnit(%q) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	n, _ := UserUnit("graphical-session.target")
	if want := V(232); n.Since != want {
		t.Errorf("graphical-session.target Since = %v, want %v", n.Since, want)
	}
	n, _ = UserUnit("default.target")
	if want := (Version{Major: 219, OrEarlier: true}); n.Since != want {
		t.Errorf("default.target Since = %v, want %v", n.Since, want)
	}
	n, _ = UserUnit("network-online.target")
	if !n.Since.IsZero() {
		t.Errorf("network-online.target Since = %v, want none", n.Since)
	}
}

func TestUserNoteFull(t *testing.T) {
	want := &UserNote{
		Setting:    "Type=dbus / BusName=",
		Directives: []DirectiveRef{{Name: "Type", Values: []string{"dbus"}}, {Name: "BusName"}},
		Sections:   SectionSetOf(SectionService),
		Category:   CategoryDifferentBus,
		Effect:     "refers to the user (session) bus, not the system bus",
		Reason:     "each manager uses its own API bus",
		Source:     "systemd.service(5) Type=dbus; src/core/dbus.c",
	}
	got := UserNotesFor("Service", "BusName")
	if len(got) != 1 {
		t.Fatalf("UserNotesFor(Service, BusName) = %d notes, want 1", len(got))
	}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
