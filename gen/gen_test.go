package gen

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/catalog"
)

// testHome is the home directory the table tests generate for; the
// systemd-analyze test generates the same cases for a real directory.
const testHome = "/home/alice"

// fakeLookPath resolves names as a PATH of /usr/bin would, for names that
// exist on every Linux system; others are not found.
func fakeLookPath(name string) (string, error) {
	switch name {
	case "true", "env", "echo", "sleep", "sh":
		return "/usr/bin/" + name, nil
	}
	return "", errors.New("not found")
}

// serviceCase is one Service call and the unit it must give.
type serviceCase struct {
	name string
	opts func(home string) Options
	want string
}

// serviceCases are the table of Service; they are functions of the home
// directory so that the systemd-analyze test can generate them for a home
// that exists. Every command's argv[0] resolves to a binary every Linux
// system has, or to home+"/bin/...", which that test creates.
var serviceCases = []serviceCase{
	{
		name: "defaults",
		opts: func(home string) Options {
			return Options{Name: "app", ExecStart: []string{"true"}}
		},
		want: `[Service]
Type=simple
ExecStart=/usr/bin/true
Restart=on-failure
RestartSec=5s
MemoryMax=50%

[Install]
WantedBy=default.target
`,
	},
	{
		// The tutorial's unit (seed): its inline comment after
		// WorkingDirectory= would be part of the path; gen cannot write one.
		name: "tutorial",
		opts: func(home string) Options {
			return Options{
				Name: "simple-web.service", Description: "Simple Web Server",
				ExecStart: []string{"/usr/bin/env", "python3", "-m", "http.server", "8080"},
				Home:      home, WorkingDirectory: home + "/web-content", Restart: RestartAlways,
			}
		},
		want: `[Unit]
Description=Simple Web Server

[Service]
Type=simple
ExecStart=/usr/bin/env python3 -m http.server 8080
WorkingDirectory=%h/web-content
Restart=always
RestartSec=5s
MemoryMax=50%

[Install]
WantedBy=default.target
`,
	},
	{
		name: "quoting",
		opts: func(home string) Options {
			return Options{
				Name: "q", Description: "100% \"quoted\" $HOME ünïcode",
				ExecStart: []string{"echo", "a b", `it's`, `"x"`, `back\slash`, "$HOME", "${X}", "50%", "%h", ";", "",
					"tab\there", "new\nline", "ünï", "\x1b[1m", home, home + "/my dir/f", "--conf=" + home + "/c.toml", home + "x"},
				Home: home,
			}
		},
		want: `[Unit]
Description=100%% "quoted" $HOME ünïcode

[Service]
Type=simple
ExecStart=/usr/bin/echo "a b" "it's" "\"x\"" "back\\slash" $$HOME "$${X}" 50%% %%h ";" "" "tab\there" "new\nline" "ünï" "\x1b[1m" %h %h"/my dir/f" --conf=%h/c.toml ` + specifierEscaped(testHome+"x") + `
Restart=on-failure
RestartSec=5s
MemoryMax=50%

[Install]
WantedBy=default.target
`,
	},
	{
		name: "home command",
		opts: func(home string) Options {
			return Options{Name: "mine", ExecStart: []string{home + "/bin/my app", "--serve"}, Home: home,
				Type: TypeExec, Restart: RestartNo, MemoryMax: MemoryUnset, Systemd: catalog.V(240)}
		},
		want: `[Service]
Type=exec
ExecStart=%h"/bin/my app" --serve
Restart=no

[Install]
WantedBy=default.target
`,
	},
	{
		name: "everything",
		opts: func(home string) Options {
			return Options{
				Name: "full@.service", Description: "Instance %i of it",
				ExecStart: []string{"/usr/bin/sleep", "60"}, Home: home,
				WorkingDirectory: "~",
				Environment: []EnvVar{{"A", "1"}, {"B", "two words"}, {"C", "50%"}, {"NL", "x\ny"},
					{"Q", `"'\`}, {"A", "again"}},
				EnvironmentFiles: []string{home + "/.config/app.env", "-/etc/app/%env"},
				Type:             TypeNotify, Restart: RestartOnAbnormal, RestartSec: 1500 * time.Millisecond,
				MemoryMax: MemoryBytes(512 * MiB), CPUQuota: 150, TasksMax: 64,
				After: []string{"sockets.target", "other.service"}, Wants: []string{"other.service"},
				Requires: []string{"other.service"},
				WantedBy: []string{"default.target", "graphical-session.target"},
				Set: []Setting{{"Service", "Nice", "5"}, {"Service", "StandardOutput", "journal"},
					{"Unit", "X-Origin", "usvc gen"}, {"Service", "ExecStartPre", "/usr/bin/true"},
					{"Install", "Also", "other.service"}, {"Service", "TimeoutStopSec", "30s"}},
			}
		},
		want: `[Unit]
Description=Instance %%i of it
After=sockets.target
After=other.service
Wants=other.service
Requires=other.service
X-Origin=usvc gen

[Service]
Type=notify
ExecStart=/usr/bin/sleep 60
WorkingDirectory=~
Environment=A=1
Environment="B=two words"
Environment=C=50%%
Environment="NL=x\ny"
Environment="Q=\"'\\"
Environment=A=again
EnvironmentFile=%h/.config/app.env
EnvironmentFile=-/etc/app/%%env
Restart=on-abnormal
RestartSec=1.500000s
MemoryMax=512M
CPUQuota=150%
TasksMax=64
Nice=5
StandardOutput=journal
ExecStartPre=/usr/bin/true
TimeoutStopSec=30s

[Install]
WantedBy=default.target
WantedBy=graphical-session.target
Also=other.service
`,
	},
	{
		// Arguments that start like a comment are quoted (systemd reads
		// them the same); a "#" between blanks in Description= is kept, with
		// a suppression that says it is meant.
		name: "hash",
		opts: func(home string) Options {
			return Options{Name: "hash", Description: "Build # 5 ; ok #", ExecStart: []string{"echo", "#x", "#", ";x", "a#b", "a ;b"}}
		},
		want: `[Unit]
# usvc:ignore inline-comment the '#' is part of the description, as given to usvc gen
Description=Build # 5 ; ok #

[Service]
Type=simple
ExecStart=/usr/bin/echo "#x" "#" ";x" "a#b" "a ;b"
Restart=on-failure
RestartSec=5s
MemoryMax=50%

[Install]
WantedBy=default.target
`,
	},
	{
		// A shell would run "$(...)" and backquotes inside double quotes:
		// such arguments are single-quoted, which systemd reads the same.
		name: "substitution",
		opts: func(home string) Options {
			return Options{Name: "subst", ExecStart: []string{"echo", "$(date)", "`id`", "it's $(x)", "a&&b", "x>y", "~", "~/f"}}
		},
		want: `[Service]
Type=simple
ExecStart=/usr/bin/echo '$$(date)' '` + "`id`" + `' 'it\x27s $$(x)' "a&&b" "x>y" "~" "~/f"
Restart=on-failure
RestartSec=5s
MemoryMax=50%

[Install]
WantedBy=default.target
`,
	},
	{
		name: "no resolve",
		opts: func(home string) Options {
			return Options{Name: "nr", ExecStart: []string{"sleep", "1"}, NoResolve: true, MemoryMax: MemoryPercent(10),
				Restart: RestartAlways, RestartSec: 90 * time.Second, WantedBy: []string{"graphical-session.target"}}
		},
		want: `[Service]
Type=simple
ExecStart=sleep 1
Restart=always
RestartSec=1min 30s
MemoryMax=10%

[Install]
WantedBy=graphical-session.target
`,
	},
}

// specifierEscaped is s with "%" doubled, as gen writes a word that needs
// no quotes.
func specifierEscaped(s string) string { return strings.ReplaceAll(s, "%", "%%") }

func TestService(t *testing.T) {
	for _, tc := range serviceCases {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts(testHome)
			o.LookPath = fakeLookPath
			f, err := Service(o)
			if err != nil {
				t.Fatalf("Service: %v", err)
			}
			if diff := cmp.Diff(tc.want, string(f.Bytes())); diff != "" {
				t.Errorf("Service(%s) mismatch (-want +got):\n%s", tc.name, diff)
			}
			if !strings.HasSuffix(f.Name, ".service") || f.Type != "service" {
				t.Errorf("file named %q, type %q", f.Name, f.Type)
			}
			checkOld(t, f)
		})
	}
}

// checkOld asserts that every key gen writes by itself is current in
// systemd 239, the oldest release lint checks against by default.
func checkOld(t *testing.T, f *unitfile.File) {
	t.Helper()
	for s, e := range f.Entries() {
		if strings.HasPrefix(e.Key(), "X-") {
			continue
		}
		d, ok := catalog.LookupType(f.Type, s.Name(), e.Key())
		if !ok {
			t.Errorf("%s: [%s] %s= is not in the catalogue", f.Name, s.Name(), e.Key())
			continue
		}
		if st := d.StatusIn(catalog.V(239)); st != catalog.StatusCurrent {
			t.Errorf("%s: [%s] %s= is %v in systemd 239", f.Name, s.Name(), e.Key(), st)
		}
	}
}

// timerCase is one Timer call and the pair it must give.
type timerCase struct {
	name                   string
	opts                   func(home string) (Options, TimerOptions)
	wantTimer, wantService string
}

var timerCases = []timerCase{
	{
		name: "daily",
		opts: func(home string) (Options, TimerOptions) {
			return Options{Name: "backup", Description: "Back up documents",
					ExecStart: []string{"sh", "-c", "tar czf \"$0\" ~/doc", home + "/backup.tgz"}, Home: home},
				TimerOptions{OnCalendar: []string{"daily"}, Persistent: true, RandomizedDelaySec: 10 * time.Minute}
		},
		wantTimer: `[Unit]
Description=Back up documents

[Timer]
OnCalendar=daily
Persistent=yes
RandomizedDelaySec=10min

[Install]
WantedBy=timers.target
`,
		wantService: `[Unit]
Description=Back up documents

[Service]
Type=oneshot
ExecStart=/usr/bin/sh -c "tar czf \"$$0\" ~/doc" %h/backup.tgz
MemoryMax=50%
`,
	},
	{
		// OnUnitActiveSec= alone never fires: OnActiveSec= is added.
		name: "every 15 minutes",
		opts: func(home string) (Options, TimerOptions) {
			return Options{Name: "poll.timer", ExecStart: []string{"true"}, Restart: RestartOnFailure, Systemd: catalog.V(244)},
				TimerOptions{OnUnitActiveSec: 15 * time.Minute, Description: "Poll"}
		},
		wantTimer: `[Unit]
Description=Poll

[Timer]
OnActiveSec=15min
OnUnitActiveSec=15min

[Install]
WantedBy=timers.target
`,
		wantService: `[Service]
Type=oneshot
ExecStart=/usr/bin/true
Restart=on-failure
RestartSec=5s
MemoryMax=50%
`,
	},
	{
		name: "boot and calendar",
		opts: func(home string) (Options, TimerOptions) {
			return Options{Name: "multi.service", ExecStart: []string{"echo", "tick"}, MemoryMax: MemoryUnset,
					Set: []Setting{{"Service", "TimeoutStartSec", "1h"}}},
				TimerOptions{OnCalendar: []string{"Mon..Fri *-*-* 09:00", "*:0/15"}, OnBootSec: 2 * time.Minute,
					OnUnitActiveSec: time.Hour, WantedBy: []string{"default.target"},
					Set: []Setting{{"Timer", "AccuracySec", "1s"}}}
		},
		wantTimer: `[Timer]
OnCalendar=Mon..Fri *-*-* 09:00
OnCalendar=*:0/15
OnBootSec=2min
OnUnitActiveSec=1h
AccuracySec=1s

[Install]
WantedBy=default.target
`,
		wantService: `[Service]
Type=oneshot
ExecStart=/usr/bin/echo tick
TimeoutStartSec=1h
`,
	},
}

func TestTimer(t *testing.T) {
	for _, tc := range timerCases {
		t.Run(tc.name, func(t *testing.T) {
			o, to := tc.opts(testHome)
			o.LookPath = fakeLookPath
			timer, service, err := Timer(o, to)
			if err != nil {
				t.Fatalf("Timer: %v", err)
			}
			if diff := cmp.Diff(tc.wantTimer, string(timer.Bytes())); diff != "" {
				t.Errorf("timer mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantService, string(service.Bytes())); diff != "" {
				t.Errorf("service mismatch (-want +got):\n%s", diff)
			}
			base := strings.TrimSuffix(strings.TrimSuffix(o.Name, ".timer"), ".service")
			if timer.Name != base+".timer" || service.Name != base+".service" {
				t.Errorf("names %q, %q; want %s.timer, %s.service", timer.Name, service.Name, base, base)
			}
			checkOld(t, timer)
			checkOld(t, service)
		})
	}
}

// TestEditable: the result is a *unitfile.File a caller can edit.
func TestEditable(t *testing.T) {
	f, err := Service(Options{Name: "e", ExecStart: []string{"/usr/bin/true"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Set("Service", "Restart", "always"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Add("Service", "Nice", "3"); err != nil {
		t.Fatal(err)
	}
	want := `[Service]
Type=simple
ExecStart=/usr/bin/true
Restart=always
RestartSec=5s
MemoryMax=50%
Nice=3

[Install]
WantedBy=default.target
`
	if diff := cmp.Diff(want, string(f.Bytes())); diff != "" {
		t.Errorf("edited unit mismatch (-want +got):\n%s", diff)
	}
}

// TestRefused: what gen must refuse, and that the message says why and
// what to do.
func TestRefused(t *testing.T) {
	base := func() Options {
		return Options{Name: "x", ExecStart: []string{"/usr/bin/true"}, LookPath: fakeLookPath, Home: testHome}
	}
	tests := []struct {
		name string
		edit func(*Options)
		want []string // substrings of the error
	}{
		{"no name", func(o *Options) { o.Name = "" }, []string{"no unit name"}},
		{"bad name", func(o *Options) { o.Name = "a b" }, []string{`invalid unit name "a b.service"`}},
		{"wrong suffix", func(o *Options) { o.Name = "x.socket" }, []string{"suffix .socket"}},
		{"instance", func(o *Options) { o.Name = "x@y" }, []string{"names an instance", "x@.service"}},
		{"no command", func(o *Options) { o.ExecStart = nil }, []string{"no command"}},
		{"not in PATH", func(o *Options) { o.ExecStart = []string{"nosuchcmd"} }, []string{`"nosuchcmd" not found in PATH`, "--no-resolve"}},
		{"NUL", func(o *Options) { o.ExecStart = []string{"/bin/echo", "a\x00b"} }, []string{"argument 1: NUL byte"}},
		{"bad path", func(o *Options) { o.ExecStart = []string{"/bin/it's"} }, []string{"path has quotes"}},
		{"newline in description", func(o *Options) { o.Description = "a\n[Service]\nUser=root" },
			[]string{"Description has a control character (U+000A at byte 1)", "does not unescape"}},
		{"escape in description", func(o *Options) { o.Description = "a\x1bb" }, []string{"U+001B"}},
		{"C1 in description", func(o *Options) { o.Description = "a\u0085b" }, []string{"U+0085"}},
		{"backslash description", func(o *Options) { o.Description = `ends in \` }, []string{"Description"}},
		{"bad UTF-8 description", func(o *Options) { o.Description = "caf\xe9" }, []string{"not valid UTF-8"}},
		{"newline in workdir", func(o *Options) { o.WorkingDirectory = "/tmp\nUser=root" }, []string{"WorkingDirectory has a control character"}},
		{"relative workdir", func(o *Options) { o.WorkingDirectory = "web" }, []string{`"web" is not an absolute path`}},
		{"dotdot workdir", func(o *Options) { o.WorkingDirectory = "/a/../b" }, []string{`".." component`}},
		{"relative env file", func(o *Options) { o.EnvironmentFiles = []string{"-x.env"} }, []string{"not an absolute path"}},
		{"newline in env file", func(o *Options) { o.EnvironmentFiles = []string{"/a\nb"} }, []string{"EnvironmentFile has a control character"}},
		{"bad env name", func(o *Options) { o.Environment = []EnvVar{{"1A", "x"}} }, []string{"invalid environment variable name"}},
		{"NUL in env", func(o *Options) { o.Environment = []EnvVar{{"A", "\x00"}} }, []string{"NUL"}},
		{"system after", func(o *Options) { o.After = []string{"network-online.target"} },
			[]string{"After=network-online.target: network-online.target is a system unit", "user units cannot see system units", "silently ignored", "retry"}},
		{"system requires", func(o *Options) { o.Requires = []string{"network.target"} }, []string{"Requires= on it fails the start job"}},
		{"system wants", func(o *Options) { o.Wants = []string{"local-fs.target"} }, []string{"local-fs.target is a system unit"}},
		{"multi-user", func(o *Options) { o.WantedBy = []string{"multi-user.target"} },
			[]string{"WantedBy=multi-user.target", "use default.target"}},
		{"graphical", func(o *Options) { o.WantedBy = []string{"graphical.target"} }, []string{"use default.target"}},
		{"template dep", func(o *Options) { o.After = []string{"foo@.service"} }, []string{"a template cannot be a dependency"}},
		{"bad dep", func(o *Options) { o.Wants = []string{"foo"} }, []string{"Wants=foo: not a valid unit name"}},
		{"self dep", func(o *Options) { o.After = []string{"x.service"} }, []string{"cannot depend on itself"}},
		{"oneshot always", func(o *Options) { o.Type = TypeOneshot; o.Restart = RestartAlways }, []string{"not allowed for Type=oneshot"}},
		{"restartsec without restart", func(o *Options) { o.Restart = RestartNo; o.RestartSec = time.Second }, []string{"does not restart"}},
		{"restartsec ns", func(o *Options) { o.RestartSec = time.Nanosecond }, []string{"whole microseconds"}},
		{"dbus no name", func(o *Options) { o.Type = TypeDBus }, []string{"BusName"}},
		{"bad type", func(o *Options) { o.Type = 99 }, []string{"invalid service type"}},
		{"bad restart", func(o *Options) { o.Restart = -1 }, []string{"invalid restart policy"}},
		{"memory 0%", func(o *Options) { o.MemoryMax = MemoryPercent(0) }, []string{"not above 0%"}},
		{"memory 101%", func(o *Options) { o.MemoryMax = MemoryPercent(101) }, []string{"at most 100%"}},
		{"memory 0", func(o *Options) { o.MemoryMax = MemoryBytes(0) }, []string{"memory limit 0"}},
		{"cpu quota", func(o *Options) { o.CPUQuota = 12.345 }, []string{"at most two decimals"}},
		{"cpu quota negative", func(o *Options) { o.CPUQuota = -5 }, []string{"CPUQuota"}},
		// --set against the catalogue.
		{"unknown key", func(o *Options) { o.Set = []Setting{{"Service", "ExecStrat", "/bin/x"}} },
			[]string{"Service.ExecStrat: unknown key; did you mean Service.ExecStart?"}},
		{"wrong section", func(o *Options) { o.Set = []Setting{{"Unit", "Nice", "5"}} }, []string{"Nice= is not a [Unit] key; use Service.Nice"}},
		{"section case", func(o *Options) { o.Set = []Setting{{"service", "Nice", "5"}} }, []string{"did you mean Service.Nice?"}},
		{"no such section", func(o *Options) { o.Set = []Setting{{"Timer", "OnCalendar", "daily"}} }, []string{"a .service unit has no [Timer] section"}},
		{"other type's key", func(o *Options) { o.Set = []Setting{{"Unit", "Foo", "x"}} }, []string{"unknown key", "X-"}},
		{"owned key", func(o *Options) { o.Set = []Setting{{"Service", "Restart", "always"}} }, []string{"own option, Restart (--restart)"}},
		{"system-only key", func(o *Options) { o.Set = []Setting{{"Service", "User", "root"}} }, []string{"Service.User: refused in a user unit"}},
		{"no-effect key", func(o *Options) { o.Set = []Setting{{"Service", "PassEnvironment", "X"}} }, []string{"no effect"}},
		{"privileged value", func(o *Options) { o.Set = []Setting{{"Service", "Nice", "-5"}} }, []string{"CAP_SYS_NICE"}},
		{"deprecated key", func(o *Options) { o.Set = []Setting{{"Service", "MemoryLimit", "1G"}} }, []string{"deprecated", "use MemoryMax="}},
		{"removed key", func(o *Options) { o.Set = []Setting{{"Unit", "OnFailureIsolate", "yes"}} }, []string{"OnFailureJobMode"}},
		{"newer key", func(o *Options) { o.Set = []Setting{{"Service", "OpenFile", "/x"}} }, []string{"systemd 239 does not know this key (it was added in 253)"}},
		{"newer key at 252", func(o *Options) { o.Systemd = catalog.V(252); o.Set = []Setting{{"Service", "OpenFile", "/x"}} },
			[]string{"systemd 252 does not know this key (it was added in 253); target a newer release (--systemd-version 253)"}},
		{"key newer than 239", func(o *Options) { o.Set = []Setting{{"Service", "ExecCondition", "/bin/true"}} }, []string{"(it was added in 243)"}},
		{"exec at 239", func(o *Options) { o.Type = TypeExec }, []string{"Type=exec needs systemd 240", "--systemd-version 240"}},
		{"oneshot restart at 239", func(o *Options) { o.Type = TypeOneshot; o.Restart = RestartOnFailure }, []string{"before 244", "--systemd-version 244"}},
		{"set twice", func(o *Options) { o.Set = []Setting{{"Service", "Nice", "1"}, {"Service", "Nice", "2"}} }, []string{"Service.Nice is set twice"}},
		{"sockets.target", func(o *Options) { o.WantedBy = []string{"sockets.target"} }, []string{"ordering cycle", "use default.target (it is the .socket unit that goes into sockets.target)"}},
		{"paths.target", func(o *Options) { o.WantedBy = []string{"paths.target"} }, []string{"(it is the .path unit that goes into paths.target)"}},
		{"builtin", func(o *Options) { o.ExecStart = []string{"cd", "/srv"} }, []string{"ExecStart: cd is a shell builtin", "--working-directory"}},
		{"assignment", func(o *Options) { o.ExecStart = []string{"FOO=1", "app"}; o.NoResolve = true }, []string{"FOO=1 is a variable assignment", "--env FOO=1"}},
		{"tilde in argument", func(o *Options) { o.ExecStart = []string{"/usr/bin/app", "--config=~/app.toml"} },
			[]string{`argument 1 "--config=~/app.toml": systemd runs no shell, so the program would get a literal "~/app.toml"`}},
		{"tilde in env", func(o *Options) { o.Environment = []EnvVar{{"P", "/bin:~/bin"}} }, []string{`Environment P: systemd does not expand ~, the service would get a literal "~/bin"`}},
		{"var in env", func(o *Options) { o.Environment = []EnvVar{{"PATH", "$HOME/bin:$PATH"}} }, []string{"Environment PATH: systemd does not expand $HOME in Environment="}},
		{"braced var in env", func(o *Options) { o.Environment = []EnvVar{{"X", "a${lower}b"}} }, []string{"does not expand ${lower}"}},
		{"bad enum", func(o *Options) { o.Set = []Setting{{"Service", "KillMode", "all"}} }, []string{"use one of control-group, process, mixed, none"}},
		{"bad bool", func(o *Options) { o.Set = []Setting{{"Service", "RemainAfterExit", "maybe"}} }, []string{"RemainAfterExit=maybe"}},
		{"bad timespan", func(o *Options) { o.Set = []Setting{{"Service", "TimeoutSec", "5 parsecs"}} }, []string{"TimeoutSec=5 parsecs"}},
		{"system unit in set", func(o *Options) { o.Set = []Setting{{"Unit", "BindsTo", "network-online.target"}} },
			[]string{"BindsTo=network-online.target", "fails the start job"}},
		{"newline in set", func(o *Options) { o.Set = []Setting{{"Service", "Nice", "5\n[Service]"}} }, []string{"control character"}},
		{"spaces in set", func(o *Options) { o.Set = []Setting{{"Service", "Nice", " 5"}} }, []string{"Service.Nice"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := base()
			tc.edit(&o)
			f, err := Service(o)
			if err == nil {
				t.Fatalf("Service succeeded:\n%s", f.Bytes())
			}
			if errors.Is(err, ErrInternal) {
				t.Errorf("refusal reported as an internal error: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if msg := err.Error(); strings.HasSuffix(msg, ".") {
				t.Errorf("error %q ends in a period", msg)
			}
		})
	}
}

func TestTimerRefused(t *testing.T) {
	base := func() (Options, TimerOptions) {
		return Options{Name: "t", ExecStart: []string{"/usr/bin/true"}}, TimerOptions{OnCalendar: []string{"daily"}}
	}
	tests := []struct {
		name string
		edit func(*Options, *TimerOptions)
		want []string
	}{
		{"no trigger", func(o *Options, t *TimerOptions) { t.OnCalendar = nil }, []string{"no trigger", "--on-calendar"}},
		{"bad calendar", func(o *Options, t *TimerOptions) { t.OnCalendar = []string{"dialy"} },
			[]string{"OnCalendar=dialy", "systemd-analyze calendar 'dialy'"}},
		{"bad calendar 2", func(o *Options, t *TimerOptions) { t.OnCalendar = []string{"*-*-* 25:00"} }, []string{"OnCalendar=*-*-* 25:00"}},
		{"newline calendar", func(o *Options, t *TimerOptions) { t.OnCalendar = []string{"daily\nUser=root"} }, []string{"control character"}},
		{"persistent without calendar", func(o *Options, t *TimerOptions) { t.OnCalendar = nil; t.OnBootSec = time.Minute; t.Persistent = true },
			[]string{"Persistent applies to OnCalendar timers only"}},
		{"service WantedBy", func(o *Options, t *TimerOptions) { o.WantedBy = []string{"default.target"} }, []string{"no [Install]"}},
		{"service Install set", func(o *Options, t *TimerOptions) { o.Set = []Setting{{"Install", "Also", "x.service"}} }, []string{"no [Install]"}},
		{"not oneshot", func(o *Options, t *TimerOptions) { o.Type = TypeSimple }, []string{"must be Type=oneshot"}},
		{"restart always", func(o *Options, t *TimerOptions) { o.Restart = RestartAlways }, []string{"not allowed for Type=oneshot"}},
		{"restart at 239", func(o *Options, t *TimerOptions) { o.Restart = RestartOnFailure }, []string{"before 244"}},
		{"timer multi-user", func(o *Options, t *TimerOptions) { t.WantedBy = []string{"multi-user.target"} }, []string{"use default.target"}},
		{"timer set unknown", func(o *Options, t *TimerOptions) { t.Set = []Setting{{"Timer", "OnCalender", "x"}} }, []string{"did you mean Timer.OnCalendar"}},
		{"timer system-only", func(o *Options, t *TimerOptions) { t.Set = []Setting{{"Timer", "WakeSystem", "yes"}} }, []string{"refused in a user unit"}},
		{"timer name suffix", func(o *Options, t *TimerOptions) { o.Name = "t.path" }, []string{"suffix .path"}},
		{"negative span", func(o *Options, t *TimerOptions) { t.OnBootSec = -time.Second }, []string{"negative"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, to := base()
			tc.edit(&o, &to)
			timer, _, err := Timer(o, to)
			if err == nil {
				t.Fatalf("Timer succeeded:\n%s", timer.Bytes())
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestParseHelpers(t *testing.T) {
	mem := []struct {
		in, want string
		err      bool
	}{
		{"512M", "512M", false}, {"1G 512M", "1536M", false}, {"1536K", "1536K", false}, {"100", "100", false},
		{"25%", "25%", false}, {"12.5%", "12.5%", false}, {"12.05%", "12.05%", false}, {"infinity", "infinity", false},
		{"unset", "unset", false}, {"", "", true}, {"0", "", true}, {"1k", "", true}, {"101%", "", true}, {"-1", "", true},
	}
	for _, m := range mem {
		got, err := ParseMemoryLimit(m.in)
		if (err != nil) != m.err {
			t.Errorf("ParseMemoryLimit(%q) error %v, want error %v", m.in, err, m.err)
			continue
		}
		if err == nil && got.String() != m.want {
			t.Errorf("ParseMemoryLimit(%q) = %s, want %s", m.in, got, m.want)
		}
	}
	if s := (MemoryLimit{}).String(); s != "50%" {
		t.Errorf("zero MemoryLimit is %s, want 50%%", s)
	}
	for _, b := range []struct {
		n    ByteSize
		want string
	}{{0, "0"}, {1023, "1023"}, {KiB, "1K"}, {1536 * KiB, "1536K"}, {512 * MiB, "512M"}, {3 * GiB, "3G"}, {TiB, "1T"}, {1 << 60, "1E"}, {1 << 63, "8E"}} {
		if got := b.n.String(); got != b.want {
			t.Errorf("ByteSize(%d) = %s, want %s", uint64(b.n), got, b.want)
		}
	}
	set := []struct {
		in   string
		want Setting
		err  bool
	}{
		{"Service.Nice=5", Setting{"Service", "Nice", "5"}, false},
		{"Service.Environment=A=b", Setting{"Service", "Environment", "A=b"}, false},
		{"Unit.Description=", Setting{"Unit", "Description", ""}, false},
		{"Service.Nice", Setting{}, true}, {"Nice=5", Setting{}, true}, {".Nice=5", Setting{}, true}, {"Service.=5", Setting{}, true},
	}
	for _, s := range set {
		got, err := ParseSetting(s.in)
		if (err != nil) != s.err || got != s.want {
			t.Errorf("ParseSetting(%q) = %+v, %v", s.in, got, err)
		}
		if err == nil && got.String() != s.in {
			t.Errorf("Setting.String() = %q, want %q", got.String(), s.in)
		}
	}
	for i, n := range restartPolicies[1:] {
		if r, err := ParseRestartPolicy(n); err != nil || r != RestartPolicy(i+1) || r.String() != n {
			t.Errorf("ParseRestartPolicy(%q) = %v, %v", n, r, err)
		}
	}
	for i, n := range serviceTypes[1:] {
		if r, err := ParseServiceType(n); err != nil || r != ServiceType(i+1) || r.String() != n {
			t.Errorf("ParseServiceType(%q) = %v, %v", n, r, err)
		}
	}
	// Every Restart= and Type= word is one systemd's catalogue knows.
	for _, k := range []struct {
		key   string
		words []string
	}{{"Restart", restartPolicies[1:]}, {"Type", serviceTypes[1:]}} {
		d, _ := catalog.Lookup("Service", k.key)
		for _, w := range k.words {
			if !contains(d.Values(), w) {
				t.Errorf("%s=%s is not in the catalogue's values %v", k.key, w, d.Values())
			}
		}
	}
	if _, err := ParseRestartPolicy("On-Failure"); err == nil {
		t.Error("ParseRestartPolicy accepts On-Failure; systemd compares exactly")
	}
	if _, err := ParseServiceType(""); err == nil {
		t.Error("ParseServiceType accepts the empty string")
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestNotMistakes: values that look like a shell's but that gen writes
// as given, because a shell would not have changed them either, or the
// program is a shell.
func TestNotMistakes(t *testing.T) {
	ok := []Options{
		{ExecStart: []string{"/bin/echo", "~"}},             // a whole "~" argument was quoted on purpose
		{ExecStart: []string{"/bin/echo", "~/x", "a~b"}},    // so was "~/x"; "a~b" is no home
		{ExecStart: []string{"/bin/echo", "x=~user"}},       // ~user is not ~/
		{ExecStart: []string{"/bin/sh", "-c", "ls --x=~/"}}, // a shell expands it itself
		{ExecStart: []string{"/usr/bin/env", "A=1", "/bin/true"}},
		{ExecStart: []string{"/bin/true"}, Environment: []EnvVar{{"PW", "pa$$word"}, {"P", "$x"}, {"Q", "$Home"}, {"R", "$A"},
			{"S", "~"}, {"T", "a~/b"}, {"U", "${"}, {"V", "$1X"}}},
	}
	for _, o := range ok {
		o.Name = "ok"
		if _, err := Service(o); err != nil {
			t.Errorf("Service(%q, env %q): %v", o.ExecStart, o.Environment, err)
		}
	}
}
