package load

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile/value"
	"github.com/usvc/usvc/unitfile/words"
)

// loadOne loads name from a tree of fixture files under /etc/systemd/user.
func loadOne(t *testing.T, name string, files map[string]string) *Unit {
	t.Helper()
	tr := tree{}
	for k, v := range files {
		tr["/etc/systemd/user/"+k] = v
	}
	l := newTestLoader(t, tr)
	u, err := l.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// at formats an origin as file:line:col-col for comparisons.
func at(o Origin) string {
	if !o.IsSet() {
		return "unset"
	}
	p, e := o.Span()
	return fmt.Sprintf("%s:%d:%d-%d", strings.TrimPrefix(o.File.Path, "/etc/systemd/user/"), p.Line, p.Col, e.Col)
}

func errStrings(errs []*ValueError) []string {
	var out []string
	for _, e := range errs {
		s := strings.TrimPrefix(e.Error(), "/etc/systemd/user/")
		if e.Fatal {
			s += " (fatal)"
		}
		out = append(out, s)
	}
	return out
}

func TestServiceView(t *testing.T) {
	u := loadOne(t, "app-web.service", map[string]string{
		"app-web.service": `[Unit]
Description=The app
After=network.target
Wants=a.service b.socket
Requires=bad/name.service
[Service]
Type=notify
Restart=on-failure
RestartSec=5s
MemoryMax=1G
WorkingDirectory=-/srv//app/
ExecStartPre=-/bin/mkdir -p /tmp/x
ExecStart=/usr/bin/app --port 80
Environment=A=1 "B=two words" C=3
EnvironmentFile=-/etc/default/app
[Install]
WantedBy=default.target
Alias=web.service
Also=helper.socket
`,
		"app-web.service.d/10-override.conf": `[Unit]
After=
After=other.service
[Service]
Type=notify-reload
Restart=sometimes
RestartSec=
MemoryMax=50%
ExecStart=
ExecStart=@/usr/bin/app2 app2 "x y"
Environment=A=one D=4
EnvironmentFile=
EnvironmentFile=/etc/app.env
WorkingDirectory=~
[Install]
WantedBy=
WantedBy=graphical-session.target
DefaultInstance=x
`,
	})
	if u.State != Loaded {
		t.Fatalf("state %s: %v", u.State, u.Err)
	}
	s, errs := u.Service()

	type got struct {
		Description, Type, Restart, RestartSec, MemoryMax, WorkingDirectory string
		After, Wants, Requires, WantedBy, Alias, Also                       []string
		ExecStartPre, ExecStart                                             [][]string
		Environment, EnvironmentFile                                        []string
	}
	strs := func(fs []Field[string]) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Value+" @"+at(f.Origin))
		}
		return out
	}
	cmds := func(fs []Field[words.Command]) [][]string {
		var out [][]string
		for _, f := range fs {
			out = append(out, append([]string{"@" + at(f.Origin), f.Value.Path}, f.Value.Argv...))
		}
		return out
	}
	g := got{
		Description:      s.Description.Value + " @" + at(s.Description.Origin),
		Type:             s.Type.Value + " @" + at(s.Type.Origin),
		Restart:          s.Restart.Value + " @" + at(s.Restart.Origin),
		RestartSec:       value.FormatTimespan(s.RestartSec.Value, 0) + " @" + at(s.RestartSec.Origin),
		MemoryMax:        fmt.Sprintf("%+v @%s", s.MemoryMax.Value, at(s.MemoryMax.Origin)),
		WorkingDirectory: fmt.Sprintf("%+v @%s", s.WorkingDirectory.Value, at(s.WorkingDirectory.Origin)),
		After:            strs(s.After),
		Wants:            strs(s.Wants),
		Requires:         strs(s.Requires),
		WantedBy:         strs(s.WantedBy),
		Alias:            strs(s.Alias),
		Also:             strs(s.Also),
		ExecStartPre:     cmds(s.ExecStartPre),
		ExecStart:        cmds(s.ExecStart),
	}
	for _, e := range s.Environment {
		g.Environment = append(g.Environment, e.Value.Name+"="+e.Value.Value+" @"+at(e.Origin))
	}
	for _, e := range s.EnvironmentFile {
		g.EnvironmentFile = append(g.EnvironmentFile, fmt.Sprintf("%s optional=%v @%s", e.Value.Path, e.Value.Optional, at(e.Origin)))
	}
	const d = "app-web.service.d/10-override.conf"
	want := got{
		Description: "The app @app-web.service:2:13-20",
		// notify-reload came in 253; "sometimes" is no policy: the
		// fragment's values stay
		Type:    "notify @app-web.service:7:6-12",
		Restart: "on-failure @app-web.service:8:9-19",
		// RestartSec= with nothing does not parse: ignored
		RestartSec:       "5s @app-web.service:9:12-14",
		MemoryMax:        "{Infinity:false Bytes:0 Percent:true Permyriad:5000} @" + d + ":8:11-14",
		WorkingDirectory: "{Path: Home:true MissingOK:false} @" + d + ":14:18-19",
		// dependencies cannot be reset: "After=" does nothing
		After:    []string{"network.target @app-web.service:3:7-21", "other.service @" + d + ":3:7-20"},
		Wants:    []string{"a.service @app-web.service:4:7-16", "b.socket @app-web.service:4:17-25"},
		Requires: nil,
		WantedBy: []string{"graphical-session.target @" + d + ":17:10-34"},
		Alias:    []string{"web.service @app-web.service:18:7-18"},
		Also:     []string{"helper.socket @app-web.service:19:6-19"},
		ExecStartPre: [][]string{
			{"@app-web.service:12:14-35", "/bin/mkdir", "/bin/mkdir", "-p", "/tmp/x"},
		},
		ExecStart: [][]string{
			{"@" + d + ":10:11-36", "/usr/bin/app2", "app2", "x y"},
		},
		// A is replaced in place, B and C stay, D is added
		Environment: []string{
			"A=one @" + d + ":11:13-18",
			"B=two words @app-web.service:14:17-30",
			"C=3 @app-web.service:14:31-34",
			"D=4 @" + d + ":11:19-22",
		},
		EnvironmentFile: []string{"/etc/app.env optional=false @" + d + ":13:17-29"},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("Service() mismatch (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"app-web.service:5:10: Requires=: Failed to add dependency on bad/name.service, ignoring: Invalid argument",
		d + ":5:6: Type=: Failed to parse service type, ignoring: notify-reload",
		d + ":6:9: Restart=: Failed to parse service restart specifier, ignoring: sometimes",
		d + ":7:12: RestartSec=: Failed to parse sec value, ignoring:  (" + secErr(t, "") + ")",
		d + ":18:17: DefaultInstance=: DefaultInstance= only makes sense for template units, ignoring.",
	}
	if diff := cmp.Diff(wantErrs, errStrings(errs)); diff != "" {
		t.Errorf("Service() errors mismatch (-want +got):\n%s", diff)
	}
}

func secErr(t *testing.T, s string) string {
	t.Helper()
	_, err := value.ParseSec(s)
	if err == nil {
		t.Fatalf("ParseSec(%q) succeeded", s)
	}
	return err.(*value.Error).Msg
}

func TestServiceViewWorkingDirectory(t *testing.T) {
	cases := []struct {
		value string
		want  string // Path/Home/MissingOK, or the error
	}{
		{"/srv//app/./x/", "/srv/app/x"},
		{"-/tmp", "/tmp missingok"},
		{"~", "home"},
		{"-~", "home missingok"},
		{"%h/x", "%h/x"},
		{"relative", "error fatal: WorkingDirectory= path is not absolute: relative"},
		{"-relative", "error: WorkingDirectory= path is not absolute, ignoring: relative"},
		{"/a/../b", "error fatal: WorkingDirectory= path is not normalized: /a/../b"},
	}
	for _, c := range cases {
		// Put the value in a drop-in, so a fatal one does not fail the
		// unit but stops the drop-in.
		u := loadOne(t, "a.service", map[string]string{
			"a.service":          svc,
			"a.service.d/x.conf": "[Service]\nWorkingDirectory=" + c.value + "\n",
		})
		s, errs := u.Service()
		var got string
		switch {
		case len(errs) > 0:
			got = "error: " + errs[0].Msg
		case len(u.Assignments()) == 1:
			// the fatal value stopped the drop-in
			_, ve := workingDirectory(u.DropIns[0], u.DropIns[0].Parsed.Lookup("Service", "WorkingDirectory"))
			got = "error fatal: " + ve.Msg
		default:
			w := s.WorkingDirectory.Value
			got = w.Path
			if w.Home {
				got = "home"
			}
			if w.MissingOK {
				got += " missingok"
			}
		}
		if got != c.want {
			t.Errorf("WorkingDirectory=%s: got %q, want %q", c.value, got, c.want)
		}
	}
}

func TestTimerView(t *testing.T) {
	u := loadOne(t, "backup.timer", map[string]string{
		"backup.timer": `[Timer]
OnCalendar=daily
OnBootSec=5min
Unit=backup.service
Unit=other.service
Persistent=true
`,
		"backup.timer.d/10.conf": `[Timer]
OnCalendar=
OnCalendar=Mon *-*-* 03:00
OnCalendar=Mon..Fri 25:00
OnUnitActiveSec=1h
OnUnitActiveSec=soon
Persistent=maybe
`,
	})
	tm, errs := u.Timer()
	var got []string
	for _, c := range tm.OnCalendar {
		got = append(got, "OnCalendar="+c.Value.String()+" @"+at(c.Origin))
	}
	for _, d := range tm.OnBootSec {
		got = append(got, "OnBootSec="+value.FormatTimespan(d.Value, 0))
	}
	for _, d := range tm.OnUnitActiveSec {
		got = append(got, "OnUnitActiveSec="+value.FormatTimespan(d.Value, 0)+" @"+at(d.Origin))
	}
	got = append(got, fmt.Sprintf("Persistent=%v @%s", tm.Persistent.Value, at(tm.Persistent.Origin)))
	got = append(got, "Unit="+tm.Unit.Value+" @"+at(tm.Unit.Origin))
	const d = "backup.timer.d/10.conf"
	want := []string{
		// the empty OnCalendar= cleared OnBootSec= as well
		"OnCalendar=Mon *-*-* 03:00:00 @" + d + ":3:12-27",
		"OnUnitActiveSec=1h @" + d + ":5:17-19",
		"Persistent=true @backup.timer:6:12-16",
		"Unit=backup.service @backup.timer:4:6-20",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Timer() mismatch (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, e := range errs {
		p, _ := e.Span()
		msgs = append(msgs, fmt.Sprintf("%d: %s", p.Line, strings.SplitN(e.Msg, " (", 2)[0]))
	}
	wantMsgs := []string{
		"5: Multiple units to trigger specified, ignoring: other.service",
		"4: Failed to parse calendar specification, ignoring: Mon..Fri 25:00",
		"6: Failed to parse timer value, ignoring: soon",
		"7: Failed to parse boolean value, ignoring: maybe",
	}
	if diff := cmp.Diff(wantMsgs, msgs); diff != "" {
		t.Errorf("Timer() errors mismatch (-want +got):\n%s", diff)
	}
}

func TestTimerSelfTrigger(t *testing.T) {
	u := loadOne(t, "x.timer", map[string]string{"x.timer": "[Timer]\nUnit=x.timer\nUnit=nosuffix\nUnit=y.service\n"})
	tm, errs := u.Timer()
	if tm.Unit.Value != "y.service" {
		t.Errorf("Unit = %q, want y.service", tm.Unit.Value)
	}
	want := []string{
		"x.timer:2:6: Unit=: Units cannot trigger themselves, ignoring: x.timer",
		"x.timer:3:6: Unit=: Unit type not valid, ignoring: nosuffix",
	}
	if diff := cmp.Diff(want, errStrings(errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestSocketView(t *testing.T) {
	u := loadOne(t, "s.socket", map[string]string{
		"s.socket": `[Socket]
ListenStream=/run/old.sock
ListenStream=
ListenStream=%t/app.sock
ListenStream=8080
ListenStream=127.0.0.1:80
ListenStream=[::1]:443
ListenDatagram=@abstract
ListenStream=localhost:80
ListenStream=0
ListenFIFO=relative/fifo
ListenFIFO=/run//app.fifo
Accept=yes
Service=app.service
Service=app.socket
`,
	})
	s, errs := u.Socket()
	var got []string
	for _, l := range s.Listen {
		got = append(got, l.Value.Kind+"="+l.Value.Address)
	}
	got = append(got, fmt.Sprint("Accept=", s.Accept.Value), "Service="+s.Service.Value)
	want := []string{
		"ListenStream=%t/app.sock", "ListenStream=8080", "ListenStream=127.0.0.1:80", "ListenStream=[::1]:443",
		"ListenDatagram=@abstract", "ListenFIFO=/run/app.fifo", "Accept=true", "Service=app.service",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Socket() mismatch (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"s.socket:9:14: ListenStream=: Failed to parse address value in 'localhost:80', ignoring: Invalid argument",
		"s.socket:10:14: ListenStream=: Failed to parse address value in '0', ignoring: Invalid argument",
		"s.socket:11:12: ListenFIFO=: ListenFIFO= path is not absolute, ignoring: relative/fifo",
		"s.socket:15:9: Service=: Unit must be of type service, ignoring: app.socket",
	}
	if diff := cmp.Diff(wantErrs, errStrings(errs)); diff != "" {
		t.Errorf("Socket() errors mismatch (-want +got):\n%s", diff)
	}
}

func TestPathAndTargetViews(t *testing.T) {
	u := loadOne(t, "w.path", map[string]string{
		"w.path": "[Path]\nPathExists=/a\nPathChanged=\nPathModified=/b//c\nDirectoryNotEmpty=rel\nMakeDirectory=yes\nUnit=w.service\n[Install]\nWantedBy=paths.target\n",
	})
	p, errs := u.Path()
	want := []string{"PathModified=/b/c", "MakeDirectory=true", "Unit=w.service", "WantedBy=paths.target"}
	got := []string{}
	for _, s := range p.Paths {
		got = append(got, s.Value.Kind+"="+s.Value.Path)
	}
	got = append(got, fmt.Sprint("MakeDirectory=", p.MakeDirectory.Value), "Unit="+p.Unit.Value)
	for _, w := range p.WantedBy {
		got = append(got, "WantedBy="+w.Value)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Path() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"w.path:5:19: DirectoryNotEmpty=: DirectoryNotEmpty= path is not absolute, ignoring: rel"}, errStrings(errs)); diff != "" {
		t.Errorf("Path() errors mismatch (-want +got):\n%s", diff)
	}

	u = loadOne(t, "g@.target", map[string]string{
		"g@.target": "[Unit]\nDescription=group\nWants=x@%i.service\n[Install]\nAlias=h@.target\nDefaultInstance=bad/inst\nDefaultInstance=ok\n",
	})
	tg, errs := u.Target()
	if tg.Description.Value != "group" || len(tg.Wants) != 1 || tg.Wants[0].Value != "x@%i.service" ||
		tg.DefaultInstance.Value != "ok" || len(tg.Alias) != 1 {
		t.Errorf("Target() = %+v", tg)
	}
	if diff := cmp.Diff([]string{`g@.target:6:17: DefaultInstance=: Invalid DefaultInstance= value "bad/inst".`}, errStrings(errs)); diff != "" {
		t.Errorf("Target() errors mismatch (-want +got):\n%s", diff)
	}

	// Alias= is refused for types that cannot alias.
	u = loadOne(t, "m.slice", map[string]string{"m.slice": "[Install]\nAlias=n.slice\n"})
	tg, errs = u.Target()
	if len(tg.Alias) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Msg, "Alias= is not allowed for slice units") {
		t.Errorf("slice Alias=: %+v %v", tg.Alias, errStrings(errs))
	}
}

// TestEnvironmentMerge checks that the origin-keeping merge gives what
// words.MergeEnvironment gives, over many random assignment sequences.
func TestEnvironmentMerge(t *testing.T) {
	names := []string{"A", "B", "C", "D"}
	for seed := range 500 {
		var fields []Field[EnvVar]
		var env []string
		n := seed%7 + 1
		for i := range n {
			name := names[(seed*7+i*3)%len(names)]
			v := fmt.Sprint(i)
			fields = setEnv(fields, Field[EnvVar]{Value: EnvVar{name, v}})
			env = words.MergeEnvironment(env, words.Assignment{Name: name, Value: v})
		}
		var got []string
		for _, f := range fields {
			got = append(got, f.Value.Name+"="+f.Value.Value)
		}
		if diff := cmp.Diff(env, got); diff != "" {
			t.Fatalf("seed %d: setEnv differs from MergeEnvironment (-words +ours):\n%s", seed, diff)
		}
	}
}

// FuzzUnit loads a random fragment and drop-in and runs every view: no
// panic, every reported span lies inside its entry's value, and the
// effective assignments are a subsequence of the applied ones.
func FuzzUnit(f *testing.F) {
	f.Add("[Service]\nExecStart=/bin/true\nEnvironment=A=1\n", "[Service]\nEnvironment=\nExecStart=\n")
	f.Add("[Timer]\nOnCalendar=daily\nUnit=x.service\n", "[Timer]\nOnCalendar=\nOnBootSec=1h\n")
	f.Add("[Socket]\nListenStream=[::1]:80\nService=a.service\n", "[Socket]\nListenStream=\n")
	f.Add("[Path]\nPathExists=/x\n", "[Unit]\nAfter=\nWants=a.service b\n[Install]\nWantedBy=\nAlso=x\n")
	f.Add("[Service]\nWorkingDirectory=rel\n", "[Service]\nExecStart=rel/x\n[Service\n")
	f.Add("", "-")
	f.Fuzz(func(t *testing.T, frag, dropin string) {
		for _, name := range []string{"f.service", "f.timer", "f.socket", "f.path", "f@.target"} {
			u := loadOne(t, name, map[string]string{name: frag, name + ".d/x.conf": dropin})
			var errs []*ValueError
			switch u.Type {
			case "service":
				_, errs = u.Service()
			case "timer":
				_, errs = u.Timer()
			case "socket":
				_, errs = u.Socket()
			case "path":
				_, errs = u.Path()
			default:
				_, errs = u.Target()
			}
			for _, e := range errs {
				if e.Start < 0 || e.Start > e.End || e.End > len(e.Entry.Value()) {
					t.Errorf("%s: error span %d-%d outside the value %q: %v", name, e.Start, e.End, e.Entry.Value(), e)
				}
				_ = e.Error()
			}
			all, eff := u.Assignments(), u.Effective()
			j := 0
			for _, a := range eff {
				for j < len(all) && all[j].Entry != a.Entry {
					j++
				}
				if j == len(all) {
					t.Fatalf("%s: effective assignment %s=%s is not among the applied ones", name, a.Key(), a.Value())
				}
			}
		}
	})
}
