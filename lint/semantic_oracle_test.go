package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/usvc/usvc/internal/oracle"
	"github.com/usvc/usvc/internal/testenv"
	"github.com/usvc/usvc/unitfile/catalog"
)

// serviceVerifyRules are the rules that report what src/core/service.c:
// service_verify() refuses.
var serviceVerifyRules = []string{"missing-execstart", "multiple-execstart", "oneshot-restart", "drop-in-execstart"}

// TestServiceVerifyOracle checks those rules against the installed
// systemd (252): every service of their goldens (with the drop-ins
// beside it) goes through systemd-analyze verify, and usvc must report
// an error on the unit or its drop-ins exactly when systemd refuses the
// unit in service_verify() ("Service has ... Refusing.").
func TestServiceVerifyOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs systemd-analyze")
	}
	o := oracle.New(t)
	for _, name := range []string{"missing-execstart.v252", "multiple-execstart", "oneshot-restart.v252", "drop-in-execstart", "missing-execstart"} {
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(goldenPath(name))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var inputs []*Input
			var units []string
			for _, f := range ar.Files {
				if !isInput(f.Name) || strings.HasPrefix(f.Name, "etc/") {
					continue
				}
				p := filepath.Join(dir, f.Name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				s := Only(serviceVerifyRules...)
				s.Version = catalog.V(252)
				s.Scope = SystemScope
				inputs = append(inputs, &Input{Path: f.Name, Src: f.Data, Settings: s})
				if !strings.Contains(f.Name, "/") {
					units = append(units, p)
				}
			}
			got := o.Verify(t, dir, units, false)
			systemd := map[string]string{}
			for _, u := range units {
				r := got[u]
				if r == nil {
					continue
				}
				for _, m := range r.UnitMessages {
					if strings.HasPrefix(m, "Service ") && strings.HasSuffix(m, "Refusing.") {
						systemd[filepath.Base(u)] = "refused"
					}
				}
			}
			usvc := map[string]string{}
			for _, r := range Lint(inputs) {
				for _, d := range r.Diagnostics {
					if d.Severity == Error {
						unit, _ := unitOf(d.Path)
						usvc[unit] = "refused"
					}
				}
			}
			// Drop-ins whose unit file is not in the golden are not
			// verified.
			for u := range usvc {
				if _, err := os.Stat(filepath.Join(dir, u)); err != nil {
					delete(usvc, u)
				}
			}
			if diff := cmp.Diff(systemd, usvc); diff != "" {
				t.Errorf("units refused (-systemd-analyze +usvc):\n%s", diff)
			}
			var names []string
			for u := range systemd {
				names = append(names, u)
			}
			sort.Strings(names)
			t.Logf("%d units verified, refused by both: %s", len(units), strings.Join(names, " "))
		})
	}
}

// TestOrderingCycleOracle checks ordering-cycle against the installed
// systemd: a service enabled into a target (a TARGET.wants link) is
// verified together with basic.target and that target from the host's
// unit directory, and systemd must find an ordering cycle exactly when
// usvc reports one. The after-install-target pairing (After= and
// WantedBy= the same target) is verified to be no cycle. It runs
// systemd-analyze itself: the oracle's --recursive-errors=no keeps verify
// from building the start transaction, where cycles are found.
func TestOrderingCycleOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs systemd-analyze")
	}
	analyze := testenv.LookPath(t, "systemd-analyze")
	hostDir := "/lib/systemd/system"
	if _, err := os.Stat(filepath.Join(hostDir, "basic.target")); err != nil {
		hostDir = "/usr/lib/systemd/system"
	}
	cases := []struct {
		name, target, unit string
	}{
		{"sockets", "sockets.target", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=sockets.target\n"},
		{"paths", "paths.target", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=paths.target\n"},
		{"swap", "swap.target", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=swap.target\n"},
		{"slices", "slices.target", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=slices.target\n"},
		{"timers", "timers.target", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=timers.target\n"},
		{"nodeps", "sockets.target", "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=sockets.target\n"},
		{"explicit", "sockets.target", "[Unit]\nDefaultDependencies=no\nAfter=basic.target\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=sockets.target\n"},
		{"multi-user", "multi-user.target", "[Unit]\nAfter=multi-user.target\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var units []string
			for _, tg := range []string{"basic.target", c.target} {
				b, err := os.ReadFile(filepath.Join(hostDir, tg))
				if err != nil {
					t.Skipf("%s: no %s on this host: %v", c.name, tg, err)
				}
				if err := os.WriteFile(filepath.Join(dir, tg), b, 0o644); err != nil {
					t.Fatal(err)
				}
				units = append(units, filepath.Join(dir, tg))
			}
			svc := filepath.Join(dir, "cyc.service")
			if err := os.WriteFile(svc, []byte(c.unit), 0o644); err != nil {
				t.Fatal(err)
			}
			wants := filepath.Join(dir, c.target+".wants")
			if err := os.Mkdir(wants, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("../cyc.service", filepath.Join(wants, "cyc.service")); err != nil {
				t.Fatal(err)
			}
			units = append(units, svc)
			cmd := exec.Command(analyze, append([]string{"verify", "--man=no"}, units...)...)
			cmd.Env = append(os.Environ(), "SYSTEMD_LOG_COLOR=0", "SYSTEMD_LOG_LEVEL=info", "XDG_RUNTIME_DIR="+t.TempDir())
			out, _ := cmd.CombinedOutput() // non-zero whenever verify finds a problem
			cycle := strings.Contains(string(out), "Found ordering cycle")
			s := Only("ordering-cycle")
			s.Version = catalog.V(252)
			s.Scope = SystemScope
			reported := len(Lint([]*Input{{Path: "cyc.service", Src: []byte(c.unit), Settings: s}})[0].Diagnostics) > 0
			if cycle != reported {
				t.Errorf("systemd-analyze finds a cycle: %v; ordering-cycle reports one: %v", cycle, reported)
			}
		})
	}
}
