package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// info is a Directive's accessors gathered into a comparable value.
type info struct {
	Section     Section
	Name        string
	UnitTypes   UnitTypeSet
	Sections    SectionSet
	Kind        Kind
	Values      []string
	List        ListMode
	Since       Version
	Backported  []Version
	Deprecated  Version
	Removed     Version
	Status      Status
	Replacement string
	Man         string
	ManSince    Version
	SystemdType string
	Parser      string
	Feature     Feature
	Notes       string
}

func infoOf(d *Directive) info {
	return info{
		Section: d.Section(), Name: d.Name(), UnitTypes: d.UnitTypes(), Sections: d.Sections(),
		Kind: d.Kind(), Values: d.Values(), List: d.List(), Since: d.Since(), Backported: d.Backported(),
		Deprecated: d.Deprecated(), Removed: d.Removed(), Status: d.Status(), Replacement: d.Replacement(),
		Man: d.Man(), ManSince: d.ManSince(), SystemdType: d.SystemdType(), Parser: d.Parser(),
		Feature: d.BuildFeature(), Notes: d.Notes(),
	}
}

var (
	upTo219     = Version{Major: 219, OrEarlier: true}
	unknown     = Version{Unknown: true}
	execSecs    = SectionSetOf(SectionService, SectionSocket, SectionMount, SectionSwap)
	cgroupSecs  = SectionSetOf(SectionService, SectionSocket, SectionMount, SectionSwap, SectionSlice, SectionScope)
	installable = AllUnitTypes &^ UnitTypeSetOf(TypeScope)
)

func TestLookup(t *testing.T) {
	tests := []struct {
		section, name string
		want          info
	}{
		{"Service", "ExecStart", info{
			Section: SectionService, Name: "ExecStart", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: SectionSetOf(SectionService), Kind: KindExecCommand, List: ListReset, Since: upTo219,
			Man: "systemd.service(5)", SystemdType: "PATH [ARGUMENT [...]]", Parser: "config_parse_exec",
			Notes: "prefixes @ - : + ! allowed",
		}},
		{"Install", "WantedBy", info{
			Section: SectionInstall, Name: "WantedBy", UnitTypes: installable,
			Sections: SectionSetOf(SectionInstall), Kind: KindUnitList, List: ListReset, Since: upTo219,
			Man: "systemd.unit(5)", Parser: "NULL", // the gperf entry has a NULL parser: systemctl reads [Install]
		}},
		{"Service", "MemoryMax", info{
			Section: SectionService, Name: "MemoryMax", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: cgroupSecs, Kind: KindBytes, Since: V(231), Man: "systemd.resource-control(5)",
			SystemdType: "LIMIT", Parser: "config_parse_memory_limit", Notes: "also N%, infinity",
		}},
		{"Slice", "MemoryMax", info{
			Section: SectionSlice, Name: "MemoryMax", UnitTypes: UnitTypeSetOf(TypeSlice),
			Sections: cgroupSecs, Kind: KindBytes, Since: V(231), Man: "systemd.resource-control(5)",
			SystemdType: "LIMIT", Parser: "config_parse_memory_limit", Notes: "also N%, infinity",
		}},
		{"Service", "Restart", info{
			Section: SectionService, Name: "Restart", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: SectionSetOf(SectionService), Kind: KindEnum,
			Values: []string{"no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"},
			Since:  upTo219, Man: "systemd.service(5)", SystemdType: "SERVICERESTART", Parser: "config_parse_service_restart",
		}},
		{"Service", "SystemCallFilter", info{
			Section: SectionService, Name: "SystemCallFilter", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: execSecs, Kind: KindStringList, List: ListReset, Since: V(187), Man: "systemd.exec(5)",
			ManSince: V(187), SystemdType: "SYSCALLS", Parser: "config_parse_syscall_filter",
			Feature: FeatureSeccomp, Notes: `"~" inverts; @set names`,
		}},
		// Ignored since 258, deprecated since 232, with a replacement.
		{"Service", "MemoryLimit", info{
			Section: SectionService, Name: "MemoryLimit", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: cgroupSecs, Kind: KindBytes, Since: upTo219, Deprecated: V(232), Removed: V(258),
			Status: StatusIgnored, Replacement: "MemoryMax=", Man: "systemd.resource-control(5)",
			SystemdType: "LIMIT", Parser: "config_parse_memory_limit",
			Notes: "also N%, infinity; accepted with warning, no effect",
		}},
		// Ignored from before v219 on.
		{"Service", "SysVStartPriority", info{
			Section: SectionService, Name: "SysVStartPriority", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: SectionSetOf(SectionService), Kind: KindOther, Since: upTo219, Removed: upTo219,
			Status: StatusIgnored, SystemdType: "NOTSUPPORTED", Parser: "config_parse_warn_compat",
			Notes: "accepted with warning, no effect",
		}},
		{"Unit", "StartLimitInterval", info{
			Section: SectionUnit, Name: "StartLimitInterval", UnitTypes: AllUnitTypes,
			Sections: SectionSetOf(SectionUnit, SectionService), Kind: KindTimespan, Since: V(229),
			Deprecated: V(230), Status: StatusDeprecated, Replacement: "StartLimitIntervalSec=",
			Man: "systemd.unit(5)", SystemdType: "SECONDS", Parser: "config_parse_sec", Notes: "undocumented since 230",
		}},
		{"Service", "PermissionsStartOnly", info{
			Section: SectionService, Name: "PermissionsStartOnly", UnitTypes: UnitTypeSetOf(TypeService),
			Sections: SectionSetOf(SectionService), Kind: KindBool, Since: upTo219, Deprecated: V(240),
			Status: StatusDeprecated, Replacement: `ExecStart= "+" prefix`, Man: "systemd.service(5)",
			SystemdType: "BOOLEAN", Parser: "config_parse_bool", Notes: "undocumented since 240",
		}},
		// Deprecated in an unknown release ("yes").
		{"Unit", "BindTo", info{
			Section: SectionUnit, Name: "BindTo", UnitTypes: AllUnitTypes, Sections: SectionSetOf(SectionUnit),
			Kind: KindUnitList, List: ListAppend, Since: upTo219, Deprecated: unknown, Status: StatusDeprecated,
			Replacement: "BindsTo=", SystemdType: "UNIT [...]", Parser: "config_parse_unit_deps", Notes: "undocumented",
		}},
		// Removed: no section accepts it any more.
		{"Unit", "ConditionNull", info{
			Section: SectionUnit, Name: "ConditionNull", UnitTypes: AllUnitTypes, Kind: KindBool, List: ListReset,
			Since: upTo219, Deprecated: unknown, Removed: V(247), Status: StatusRemoved, SystemdType: "OTHER",
			Parser: "config_parse_unit_condition_null",
		}},
		{"Service", "ManagedOOMMemoryPressureLimitPercent", info{
			Section: SectionService, Name: "ManagedOOMMemoryPressureLimitPercent", UnitTypes: UnitTypeSetOf(TypeService),
			Kind: KindPercent, Since: V(247), Removed: V(248), Status: StatusRemoved,
			Man: "systemd.resource-control(5)", SystemdType: "OTHER", Parser: "config_parse_managed_oom_mem_pressure_limit",
		}},
		// Backported to 252.5 before its release in 253.
		{"Scope", "OOMPolicy", info{
			Section: SectionScope, Name: "OOMPolicy", UnitTypes: UnitTypeSetOf(TypeScope),
			Sections: SectionSetOf(SectionService, SectionScope), Kind: KindEnum,
			Values: []string{"continue", "stop", "kill"}, Since: V(253), Backported: []Version{{Major: 252, Point: 5}},
			Man: "systemd.scope(5)", ManSince: V(253), SystemdType: "OTHER", Parser: "config_parse_oom_policy",
		}},
		// The file-level include, under the "*" section.
		{"*", ".include", info{
			Section: SectionFile, Name: ".include", UnitTypes: AllUnitTypes, Kind: KindPath, Since: upTo219,
			Deprecated: V(210), Removed: V(246), Status: StatusRemoved, Replacement: "drop-in .d/*.conf",
			Notes: "file-level syntax; warning since 239 (NEWS)",
		}},
	}
	for _, tt := range tests {
		d, ok := Lookup(tt.section, tt.name)
		if !ok {
			t.Errorf("Lookup(%q, %q) not found", tt.section, tt.name)
			continue
		}
		if diff := cmp.Diff(tt.want, infoOf(d)); diff != "" {
			t.Errorf("Lookup(%q, %q) mismatch (-want +got):\n%s", tt.section, tt.name, diff)
		}
	}
}

func TestLookupMisses(t *testing.T) {
	for _, tt := range []struct{ section, name string }{
		{"Service", "X-Foo"},         // extension keys are never systemd's
		{"Service", "execstart"},     // keys are case-sensitive
		{"service", "ExecStart"},     // and so are sections
		{"Unit", "ExecStart"},        // the wrong section
		{"Install", "Description"},   // the wrong section
		{"Target", "Description"},    // [Target] exists but has no keys
		{"X-Foo", "ExecStart"},       // not a section
		{"", "ExecStart"},            // no section
		{"Service", ""},              // no key
		{"Service", "ExecStart="},    // the "=" is not part of the name
		{"Service", "AAAA"},          // before the first key of the section
		{"Service", "zzzz"},          // after the last
		{"Unit", "WorkingDirectory"}, // a key of the next section
	} {
		if d, ok := Lookup(tt.section, tt.name); ok {
			t.Errorf("Lookup(%q, %q) = %v, want not found", tt.section, tt.name, d)
		}
	}
}

func TestLookupType(t *testing.T) {
	tests := []struct {
		unitType, section, name string
		want                    bool
	}{
		{"service", "Service", "ExecStart", true},
		{"socket", "Service", "ExecStart", false}, // [Service] is the service's own section
		{"socket", "Socket", "ExecStartPre", true},
		{"target", "Unit", "Description", true}, // [Unit] is for every type
		{"device", "Unit", "Description", true},
		{"scope", "Install", "WantedBy", false}, // no [Install] for scopes
		{"slice", "Install", "WantedBy", true},
		// unit_type_may_alias(): service socket target device timer path.
		{"service", "Install", "Alias", true},
		{"device", "Install", "Alias", true},
		{"mount", "Install", "Alias", false},
		{"slice", "Install", "Alias", false},
		// unit_type_may_template(): service socket target timer path.
		{"timer", "Install", "DefaultInstance", true},
		{"device", "Install", "DefaultInstance", false},
		{"automount", "Install", "DefaultInstance", false},
		{"slice", "Slice", "MemoryMax", true},
		{"scope", "Slice", "MemoryMax", false},
		{"Service", "Service", "ExecStart", false}, // types are lower case
		{"", "Service", "ExecStart", false},
		{"bogus", "Unit", "Description", false},
		{"service", "Service", "Bogus", false},
	}
	for _, tt := range tests {
		d, got := LookupType(tt.unitType, tt.section, tt.name)
		if got != tt.want || (d != nil) != got {
			t.Errorf("LookupType(%q, %q, %q) = %v, %v; want found=%v", tt.unitType, tt.section, tt.name, d, got, tt.want)
		}
	}
}

func TestSectionsOf(t *testing.T) {
	tests := []struct {
		name string
		want SectionSet
	}{
		{"ExecStart", SectionSetOf(SectionService)},
		{"ExecStartPre", SectionSetOf(SectionService, SectionSocket)},
		{"User", execSecs},
		{"MemoryMax", cgroupSecs},
		{"MemoryLimit", cgroupSecs}, // ignored keys are still accepted
		{"WantedBy", SectionSetOf(SectionInstall)},
		{"Description", SectionSetOf(SectionUnit)},
		{"StartLimitInterval", SectionSetOf(SectionUnit, SectionService)},
		{"ConditionNull", 0}, // removed
		{".include", 0},      // removed
		{"X-Foo", 0},
		{"", 0},
		{"wantedby", 0},
	}
	for _, tt := range tests {
		if got := SectionsOf(tt.name); got != tt.want {
			t.Errorf("SectionsOf(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestStatusIn pins the version arithmetic on keys with each kind of
// history.
func TestStatusIn(t *testing.T) {
	tests := []struct {
		section, name string
		release       Version
		want          Status
	}{
		{"Service", "ExecStart", V(200), StatusCurrent}, // "<=219" counts as always there
		{"Service", "ExecStart", V(252), StatusCurrent},
		{"Service", "MemoryMax", V(230), StatusAbsent},
		{"Service", "MemoryMax", V(231), StatusCurrent},
		{"Service", "MemoryMax", Version{Major: 230, Point: 9}, StatusAbsent},
		{"Service", "MemoryLimit", V(231), StatusCurrent},
		{"Service", "MemoryLimit", V(232), StatusDeprecated},
		{"Service", "MemoryLimit", V(252), StatusDeprecated},
		{"Service", "MemoryLimit", V(258), StatusIgnored},
		{"Service", "CPUAccounting", V(257), StatusCurrent},
		{"Service", "CPUAccounting", V(258), StatusIgnored}, // deprecated and ignored at once: ignored
		{"Unit", "ConditionNull", V(219), StatusDeprecated}, // "yes": deprecated all along
		{"Unit", "ConditionNull", V(246), StatusDeprecated},
		{"Unit", "ConditionNull", V(247), StatusRemoved},
		{"Unit", "ConditionNull", V(252), StatusRemoved},
		{"Service", "SysVStartPriority", V(219), StatusIgnored},
		{"Service", "ManagedOOMMemoryPressureLimitPercent", V(246), StatusAbsent},
		{"Service", "ManagedOOMMemoryPressureLimitPercent", V(247), StatusCurrent},
		{"Service", "ManagedOOMMemoryPressureLimitPercent", V(248), StatusRemoved},
		{"Scope", "OOMPolicy", V(252), StatusAbsent},
		{"Scope", "OOMPolicy", Version{Major: 252, Point: 4}, StatusAbsent},
		{"Scope", "OOMPolicy", Version{Major: 252, Point: 5}, StatusCurrent}, // backported
		{"Scope", "OOMPolicy", Version{Major: 252, Point: 31}, StatusCurrent},
		{"Scope", "OOMPolicy", Version{Major: 251, Point: 9}, StatusAbsent},
		{"Scope", "OOMPolicy", V(253), StatusCurrent},
		{"Unit", "ConditionMemory", V(246), StatusAbsent},
		{"Unit", "ConditionMemory", Version{Major: 246, Point: 2}, StatusAbsent},
		{"Unit", "ConditionMemory", Version{Major: 246, Point: 3}, StatusCurrent},
		{"Unit", "ConditionMemory", V(247), StatusCurrent},
		{"*", ".include", V(209), StatusCurrent},
		{"*", ".include", V(210), StatusDeprecated},
		{"*", ".include", V(246), StatusRemoved},
		{"Unit", "StartLimitInterval", V(228), StatusAbsent},
		{"Unit", "StartLimitInterval", V(229), StatusCurrent},
		{"Unit", "StartLimitInterval", V(230), StatusDeprecated},
		{"Unit", "Description", V(200), StatusAbsent}, // "201" from the man page is exact
		{"Unit", "Description", V(201), StatusCurrent},
	}
	for _, tt := range tests {
		d, ok := Lookup(tt.section, tt.name)
		if !ok {
			t.Fatalf("Lookup(%q, %q) not found", tt.section, tt.name)
		}
		if got := d.StatusIn(tt.release); got != tt.want {
			t.Errorf("%v.StatusIn(%v) = %v, want %v", d, tt.release, got, tt.want)
		}
		if got, want := d.KnownIn(tt.release), tt.want.Known(); got != want {
			t.Errorf("%v.KnownIn(%v) = %v, want %v", d, tt.release, got, want)
		}
	}
}

// TestStatusInNewest checks StatusIn against Status at the newest release
// the data covers, for every row.
func TestStatusInNewest(t *testing.T) {
	newest := Version{Major: 261, Point: 2}
	for d := range Directives() {
		if got := d.StatusIn(newest); got != d.Status() {
			t.Errorf("%v.StatusIn(%v) = %v, Status() = %v", d, newest, got, d.Status())
		}
	}
}

// TestCounts checks the table against the README's own counts per section
// and status, which were computed independently of this package.
func TestCounts(t *testing.T) {
	type counts struct{ Rows, Current, Deprecated, Ignored, Removed int }
	want := map[Section]counts{
		SectionUnit:      {128, 118, 7, 1, 2},
		SectionInstall:   {6, 6, 0, 0, 0},
		SectionService:   {302, 275, 9, 17, 1},
		SectionSocket:    {318, 299, 3, 15, 1},
		SectionTimer:     {17, 17, 0, 0, 0},
		SectionPath:      {10, 10, 0, 0, 0},
		SectionMount:     {261, 242, 3, 15, 1},
		SectionAutomount: {4, 4, 0, 0, 0},
		SectionSwap:      {255, 236, 3, 15, 1},
		SectionSlice:     {80, 65, 0, 14, 1},
		SectionScope:     {89, 74, 0, 14, 1},
		SectionTarget:    {},
		SectionDevice:    {},
		SectionFile:      {1, 0, 0, 0, 1},
	}
	got := map[Section]counts{}
	for s := Section(1); s < numSections; s++ {
		var c counts
		prev := ""
		for d := range s.Directives() {
			if d.Section() != s {
				t.Errorf("%v listed under [%v]", d, s)
			}
			if d.Name() <= prev {
				t.Errorf("[%v] not in byte order: %q after %q", s, d.Name(), prev)
			}
			prev = d.Name()
			c.Rows++
			switch d.Status() {
			case StatusCurrent:
				c.Current++
			case StatusDeprecated:
				c.Deprecated++
			case StatusIgnored:
				c.Ignored++
			case StatusRemoved:
				c.Removed++
			}
		}
		got[s] = c
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts per section (-README +catalog):\n%s", diff)
	}
	n := 0
	for range Directives() {
		n++
	}
	if n != 1471 || len(names) != 529 {
		t.Errorf("%d rows and %d distinct names, README says 1471 and 529", n, len(names))
	}
}

// TestNoAllocs proves the lookups the linter runs per key allocate
// nothing.
func TestNoAllocs(t *testing.T) {
	var sink int
	for _, tt := range []struct {
		name string
		f    func()
	}{
		{"Lookup", func() {
			d, _ := Lookup("Service", "ExecStart")
			sink += len(d.Name())
		}},
		{"Lookup miss", func() {
			_, ok := Lookup("Service", "X-Foo")
			if ok {
				sink++
			}
		}},
		{"LookupType", func() {
			_, ok := LookupType("service", "Install", "WantedBy")
			if ok {
				sink++
			}
		}},
		{"SectionsOf", func() { sink += int(SectionsOf("MemoryMax")) }},
		{"UserNotesFor", func() { sink += len(UserNotesFor("Service", "User")) }},
		{"accessors", func() {
			d, _ := Lookup("Service", "Restart")
			sink += len(d.Values()) + len(d.Man()) + int(d.Since().Major) + int(d.StatusIn(V(252)))
		}},
		{"LookupSpecifier", func() {
			s, _ := LookupSpecifier('h')
			sink += len(s.UserValue)
		}},
	} {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", tt.name, n)
		}
	}
	_ = sink
}

func TestEnumStrings(t *testing.T) {
	// Spot checks that the constants carry the data's words; the
	// round-trip tests cover every value that occurs in the data.
	got := []string{
		SectionUnit.String(), SectionScope.String(), SectionTarget.String(), SectionFile.String(), Section(0).String(), Section(200).String(),
		TypeService.String(), TypeScope.String(), UnitType(0).String(),
		KindBool.String(), KindExecCommand.String(), KindURLList.String(), KindOther.String(),
		ListNo.String(), ListReset.String(), ListAppend.String(),
		StatusCurrent.String(), StatusRemoved.String(), StatusAbsent.String(),
		FeatureNone.String(), FeatureSeccomp.String(), FeatureSmack.String(),
		CategorySystemOnly.String(), CategoryNeedsUserNSMountfsd.String(), CategorySystemOnlyTarget.String(),
		SectionSetOf(SectionUnit, SectionInstall, SectionSwap).String(),
		UnitTypeSetOf(TypeScope, TypeService).String(),
		TypeTarget.Section().String(), TypeDevice.Section().String(),
	}
	want := []string{
		"Unit", "Scope", "Target", "*", "", "",
		"service", "scope", "",
		"bool", "exec-command", "url-list", "other",
		"no", "reset", "append",
		"current", "removed", "absent",
		"", "HAVE_SECCOMP", "ENABLE_SMACK",
		"system-only", "needs-userns+mountfsd", "system-only-target",
		"Unit,Install,Swap",
		"service,scope",
		"Target", "Device",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String() mismatch (-want +got):\n%s", diff)
	}
	for s := Section(1); s < numSections; s++ {
		if p, ok := ParseSection(s.String()); !ok || p != s {
			t.Errorf("ParseSection(%q) = %v, %v", s, p, ok)
		}
	}
	for ut := UnitType(1); ut < numUnitTypes; ut++ {
		if p, ok := ParseUnitType(ut.String()); !ok || p != ut {
			t.Errorf("ParseUnitType(%q) = %v, %v", ut, p, ok)
		}
	}
	if AllUnitTypes.String() != "service,socket,device,mount,automount,swap,target,path,timer,slice,scope" {
		t.Errorf("AllUnitTypes = %q", AllUnitTypes)
	}
	if AllSections.String() != "Unit,Install,Service,Socket,Timer,Path,Mount,Automount,Swap,Slice,Scope" {
		t.Errorf("AllSections = %q", AllSections)
	}
}
