package lint

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile/catalog"
)

// probes are the values every setting is tried with: words of every
// kind, right and wrong, so that each parser meets values it accepts and
// values it refuses.
var probes = []string{
	"", "yes", "no", "maybe", "0", "1", "-1", "42", "0x10", "1.5", "5s", "5min 30s", "5 x", "infinity",
	"50%", "150%", "0%", "1G", "512MB", "bogus", "Bogus", "/abs/path", "rel/path", "~/x", "/a/../b",
	"%h/x", "%Q", "foo.service", "foo", "a b c", "A=1 B=2", "=x", "SIGTERM", "TERM", "0644", "9999",
	"127.0.0.1:80", "daily", "*-*-* 25:00", "x:y", "\"quoted", "-/opt/x", "!/x", "|/x", "journal",
	"file:rel", "on-failure", "simple", "strict", "read-only", "mixed", "idle", "fifo", "cpu memory",
	"udev", "app@.service", "man:x(1)", "/dev/null rw", "8080",
	// Values right for some settings, to catch false alarms.
	"0-3,8", "10.0.0.0/8 ::1/128", "/dev/sda 10M", "/dev/fuse rw", "AF_INET AF_UNIX", "~AF_PACKET",
	"@system-service", "~@privileged @resources", "uname:EPERM", "~uname:EPERM", "CAP_NET_ADMIN",
	"net ipc", "x86-64", "root:ro", "SIGRTMIN+3", "RTMAX-1", "/run/app.sock", "[::1]:8080",
	"vsock:2:1234", "udplite", "eth0", "ipv4:tcp:8080-8090", "Mon *-*-* 09:00", "*:0/15",
	"2024-01-01 00:00:00 UTC", "hourly", "-0", "+5", "07777", "1K 512", "infinity:infinity", "10:20",
	"base64:AAAA", "AAAA", "a\\x41b", "%%", "%n", "%i", "\\d", "cred:hello", "/srv/a:/srv/b:norbind",
	"-/srv/a", "+/srv/a", "block-loop rwm", "char-pts r", "egress:/sys/fs/bpf/x", "any", "localhost",
	"a.b-c_d", "org.example.App", "10%", "2G", "0.5", "1h 30min", "SUCCESS 3 SIGKILL", "0027",
}

// sweepTypes is the unit type each section's keys are tried in. Scopes
// cannot be loaded from a file, so [Scope] is left out.
var sweepTypes = map[catalog.Section]string{
	catalog.SectionUnit: "service", catalog.SectionInstall: "service", catalog.SectionService: "service",
	catalog.SectionSocket: "socket", catalog.SectionTimer: "timer", catalog.SectionPath: "path",
	catalog.SectionMount: "mount", catalog.SectionAutomount: "automount", catalog.SectionSwap: "swap",
	catalog.SectionSlice: "slice",
}

// sweepFatal are the keys whose bad values can make systemd stop reading
// the file: each gets files of its own, so that it cannot hide the keys
// after it.
var sweepFatal = map[string]bool{
	"ExecStart": true, "ExecStartPre": true, "ExecStartPost": true, "ExecStop": true, "ExecStopPost": true,
	"ExecReload": true, "ExecCondition": true, "ExecStopPre": true, "User": true, "Group": true,
	"SupplementaryGroups": true, "SocketUser": true, "SocketGroup": true, "DynamicUser": true,
	"WorkingDirectory": true, "RootDirectory": true, "RootImage": true, "RootVerity": true,
	"SELinuxContext": true, "AppArmorProfile": true, "SmackProcessLabel": true,
	"RestrictNetworkInterfaces": true, "PIDFile": true,
}

// valueRules are the rules whose findings claim that systemd complains
// about a value: a finding of theirs where systemd says nothing is a
// false alarm.
var valueRules = map[string]bool{
	"invalid-value": true, "invalid-exec": true, "relative-path": true, "invalid-specifier": true, "tilde-path": true,
}

// sweepGaps are the parsers usvc knows it does not check yet, or checks
// less than systemd does, and why: systemd's warnings on their keys are
// counted apart and listed, not failed.
var sweepGaps = map[string]string{}

type sweepLine struct {
	key, value, parser string
	line               int
}

// TestValuesAgainstSystemd tries every key the catalogue has for systemd
// 252 with every probe value, runs the files through systemd-analyze
// verify and through Lint (as systemd 252), and compares line by line:
// where systemd warns, some rule must report; where it does not, the
// value rules must not.
func TestValuesAgainstSystemd(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs systemd-analyze on thousands of values")
	}
	o := oracle.New(t)
	dir := t.TempDir()
	type file struct {
		name  string
		lines []sweepLine
		src   strings.Builder
	}
	var files []*file
	newFile := func(typ string) *file {
		f := &file{name: fmt.Sprintf("sweep%04d.%s", len(files), typ)}
		files = append(files, f)
		return f
	}
	add := func(f *file, sec string, d *catalog.Directive, v string) {
		fmt.Fprintf(&f.src, "[%s]\n%s=%s\n", sec, d.Name(), v)
		n := strings.Count(f.src.String(), "\n")
		f.lines = append(f.lines, sweepLine{key: sec + "." + d.Name(), value: v, parser: d.Parser(), line: n})
	}
	v252 := catalog.V(252)
	for _, v := range probes {
		perType := map[string]*file{}
		for d := range catalog.Directives() {
			typ, ok := sweepTypes[d.Section()]
			if !ok || d.StatusIn(v252) != catalog.StatusCurrent && d.StatusIn(v252) != catalog.StatusDeprecated {
				continue
			}
			if d.Section() == catalog.SectionInstall {
				continue // read by systemctl enable, not by the manager
			}
			if sweepFatal[d.Name()] {
				add(newFile(typ), d.Section().String(), d, v)
				continue
			}
			f := perType[typ]
			if f == nil {
				f = newFile(typ)
				perType[typ] = f
			}
			add(f, d.Section().String(), d, v)
		}
	}
	var units []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.src.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, p)
	}
	got := o.Verify(t, dir, units, false)
	warnings := verifyRecursive(t, dir, units, false)

	var inputs []*Input
	for _, f := range files {
		inputs = append(inputs, &Input{Path: f.name, Src: []byte(f.src.String()), Settings: &Settings{Version: v252, Scope: SystemScope}})
	}
	results := Lint(inputs)

	var agree, missed, falseAlarm, gap, unread, opaque int
	var missedList, falseList []string
	gapSeen := map[string]int{}
	for i, f := range files {
		r := got[filepath.Join(dir, f.name)]
		if r == nil || !r.Parsed {
			t.Errorf("%s: systemd did not read it", f.name)
			continue
		}
		read := map[int]bool{}
		for _, a := range r.Assignments {
			read[a.Line] = true
		}
		warned := map[int][]string{}
		for _, w := range warnings[filepath.Join(dir, f.name)] {
			warned[w.Line] = append(warned[w.Line], w.Text)
		}
		found := map[int][]string{}
		for _, d := range results[i].Diagnostics {
			if d.Pos.IsValid() {
				found[d.Pos.Line] = append(found[d.Pos.Line], d.Rule+": "+d.Message)
			}
		}
		for _, l := range f.lines {
			if !read[l.line] {
				unread++
				continue
			}
			sys := len(warned[l.line]) > 0
			var ours []string
			for _, m := range found[l.line] {
				rule, _, _ := strings.Cut(m, ": ")
				// tilde-path also warns where systemd accepts the ~ and
				// does something else with it; those findings do not
				// claim systemd complains.
				if valueRules[rule] && (rule != "tilde-path" || strings.Contains(m, ", so systemd")) {
					ours = append(ours, m)
				}
			}
			desc := fmt.Sprintf("%s=%q", l.key, l.value)
			switch {
			case sys && len(found[l.line]) > 0, !sys && len(ours) == 0:
				agree++
			case sweepGaps[l.parser] != "":
				gap++
				gapSeen[l.parser]++
			case sys && opaqueSpecifier(l.value):
				// What "%i" or "%n" resolves to is known only when an
				// instance loads; usvc does not judge such values.
				opaque++
			case sys:
				missed++
				missedList = append(missedList, desc+" ("+l.parser+"): systemd: "+strings.Join(warned[l.line], " | "))
			default:
				falseAlarm++
				falseList = append(falseList, desc+" ("+l.parser+"): usvc: "+strings.Join(ours, " | "))
			}
		}
	}
	total := agree + missed + falseAlarm + gap + opaque
	t.Logf("values against systemd 252: %d assignments compared (%d keys × %d values), %d agree, %d missed, %d false alarms, %d in known gaps, "+
		"%d not judged (built from %%i, %%n or another specifier whose value is known only at load time); %d not read (after a fatal error)",
		total, total/len(probes), len(probes), agree, missed, falseAlarm, gap, opaque, unread)
	var gaps []string
	for p, n := range gapSeen {
		gaps = append(gaps, fmt.Sprintf("%s: %d (%s)", p, n, sweepGaps[p]))
	}
	sort.Strings(gaps)
	if len(gaps) > 0 {
		t.Logf("known gaps:\n%s", strings.Join(gaps, "\n"))
	}
	sort.Strings(missedList)
	sort.Strings(falseList)
	for _, m := range missedList {
		t.Errorf("missed: %s", m)
	}
	for _, m := range falseList {
		t.Errorf("false alarm: %s", m)
	}
}

// opaqueSpecifier reports whether v holds a specifier that resolves to a
// name or ID rather than an absolute path.
func opaqueSpecifier(v string) bool {
	for i := 0; i+1 < len(v); i++ {
		if v[i] == '%' {
			if n := v[i+1]; n != '%' && isAlnum(n) && strings.IndexByte(shapedSpecifiers, n) < 0 {
				return true
			}
			i++
		}
	}
	return false
}

// TestInstallAgainstSystemctl pins the [Install] checks on `systemctl
// --global enable` in a scratch root: each file whose enabling fails has
// an invalid-value finding on the failing line, and the others none.
func TestInstallAgainstSystemctl(t *testing.T) {
	systemctl := testenv.LookPath(t, "systemctl")
	cases := []struct {
		name, install string
		fails         bool
	}{
		{"good.service", "WantedBy=default.target\nAlias=good2.service", false},
		{"suffix.service", "WantedBy=default", true},
		{"alias.service", "WantedBy=default.target\nAlias=alias.socket", true},
		{"dbus.service", "WantedBy=default.target\nAlias=org.example.App", true},
		{"tmpl@.service", "WantedBy=default.target\nDefaultInstance=a/b", true},
		{"tmpl2@.service", "WantedBy=default.target\nDefaultInstance=web", false},
		{"also.service", "Also=helper", true},
	}
	for _, c := range cases {
		root := t.TempDir()
		dir := filepath.Join(root, "usr", "lib", "systemd", "user")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		src := "[Service]\nExecStart=/bin/true\n[Install]\n" + c.install + "\n"
		if err := os.WriteFile(filepath.Join(dir, c.name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(systemctl, "--root="+root, "--global", "enable", c.name).CombinedOutput()
		if fails := err != nil; fails != c.fails {
			t.Errorf("%s: systemctl enable failed=%v, want %v:\n%s", c.name, fails, c.fails, out)
			continue
		}
		r := Lint([]*Input{{Path: c.name, Src: []byte(src), Settings: Only("invalid-value")}})[0]
		if found := len(r.Diagnostics) > 0; found != c.fails {
			t.Errorf("%s: systemctl enable failed=%v (%s), usvc lint: %v", c.name, c.fails, strings.TrimSpace(string(out)), r.Diagnostics)
		}
	}
}
