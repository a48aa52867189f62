package install

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/usvc/usvc/internal/testenv"
)

// enableCase is a set of unit files in ~/.config/systemd/user and the
// names given to `systemctl --user enable`.
type enableCase struct {
	name  string
	files map[string]string // relative to the unit directory; "->x" makes a symlink to x
	units []string
	force bool
}

var enableCases = []enableCase{
	{name: "wantedby", units: []string{"web.service"}, files: map[string]string{
		"web.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n",
	}},
	{name: "requiredby-and-reset", units: []string{"a.service"}, files: map[string]string{
		"a.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=gone.target\nWantedBy=\nWantedBy=b.target c.target\nRequiredBy=d.target\n",
	}},
	{name: "alias", units: []string{"foo.service"}, files: map[string]string{
		"foo.service": "[Service]\nExecStart=/bin/true\n[Install]\nAlias=foo2.service foo3.service\nWantedBy=default.target\n",
	}},
	{name: "alias-legacy-wants-form", units: []string{"foo.service"}, files: map[string]string{
		"foo.service": "[Service]\nExecStart=/bin/true\n[Install]\nAlias=x.target.wants/foo.service\n",
	}},
	{name: "alias-bad-type", units: []string{"bad.service"}, files: map[string]string{
		"bad.service": "[Service]\nExecStart=/bin/true\n[Install]\nAlias=bad.socket\nWantedBy=default.target\n",
	}},
	{name: "also", units: []string{"a.service"}, files: map[string]string{
		"a.service": "[Service]\nExecStart=/bin/true\n[Install]\nAlso=b.socket missing.timer\nWantedBy=default.target\n",
		"b.socket":  "[Socket]\nListenStream=%t/b.sock\n[Install]\nWantedBy=sockets.target\nAlso=c.timer\n",
		"c.timer":   "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n",
	}},
	{name: "also-only", units: []string{"a.service"}, files: map[string]string{
		"a.service": "[Service]\nExecStart=/bin/true\n[Install]\nAlso=a.socket\n",
		"a.socket":  "[Socket]\nListenStream=%t/a.sock\n[Install]\nWantedBy=sockets.target\n",
	}},
	{name: "template-default-instance", units: []string{"t@.service"}, files: map[string]string{
		"t@.service": "[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=default.target\nRequiredBy=x@%i.target\nDefaultInstance=one\n",
	}},
	{name: "template-default-instance-specifier", units: []string{"t@.service"}, files: map[string]string{
		"t@.service": "[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=default.target\nDefaultInstance=%p-x\n",
	}},
	{name: "instance-of-template", units: []string{"t@two.service", "t@three.service"}, files: map[string]string{
		"t@.service": "[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=default.target %i.target\nAlias=u@.service\nDefaultInstance=one\n",
	}},
	{name: "template-without-instance", units: []string{"t@.service"}, files: map[string]string{
		"t@.service": "[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=default.target\n",
	}},
	{name: "template-under-template", units: []string{"t@.service"}, files: map[string]string{
		"t@.service": "[Service]\nExecStart=/bin/echo %i\n[Install]\nWantedBy=group@.target\n",
	}},
	{name: "specifiers", units: []string{"web-api.service"}, files: map[string]string{
		"web-api.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=foo@%p.target %j.target\nAlias=al-%N.service\nRequiredBy=u-%u.target\n",
	}},
	{name: "quoted-word", units: []string{"q.service"}, files: map[string]string{
		"q.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=\"a.target\" 'b.target'\n",
	}},
	{name: "bad-word-after-good", units: []string{"q.service"}, files: map[string]string{
		"q.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=a.target \"b c.target\" d.target\n",
	}},
	{name: "dropin-adds-wantedby", units: []string{"d.service"}, files: map[string]string{
		"d.service":             "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n",
		"d.service.d/more.conf": "[Install]\nWantedBy=extra.target\nAlias=d2.service\n",
		"d.service.d/skip.txt":  "[Install]\nWantedBy=never.target\n",
	}},
	{name: "template-dropin-for-instance", units: []string{"t@a.service"}, files: map[string]string{
		"t@.service":             "[Service]\nExecStart=/bin/echo %i\n",
		"t@.service.d/inst.conf": "[Install]\nWantedBy=default.target\n",
	}},
	{name: "no-install-section", units: []string{"static.service"}, files: map[string]string{
		"static.service": "[Service]\nExecStart=/bin/true\n",
	}},
	{name: "existing-wants-link-elsewhere-replaced", units: []string{"w.service"}, files: map[string]string{
		"w.service":                      "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n",
		"other.service":                  "[Service]\nExecStart=/bin/true\n",
		"default.target.wants/w.service": "->../other.service",
	}},
	{name: "existing-alias-conflict", units: []string{"w.service"}, files: map[string]string{
		"w.service":     "[Service]\nExecStart=/bin/true\n[Install]\nAlias=taken.service\nWantedBy=default.target\n",
		"other.service": "[Service]\nExecStart=/bin/true\n",
		"taken.service": "->other.service",
	}},
	{name: "existing-alias-conflict-forced", force: true, units: []string{"w.service"}, files: map[string]string{
		"w.service":     "[Service]\nExecStart=/bin/true\n[Install]\nAlias=taken.service\nWantedBy=default.target\n",
		"other.service": "[Service]\nExecStart=/bin/true\n",
		"taken.service": "->other.service",
	}},
	{name: "existing-equivalent-link-kept", units: []string{"w.service"}, files: map[string]string{
		"w.service":                      "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n",
		"default.target.wants/w.service": "->../w.service",
	}},
	{name: "several-units", units: []string{"a.service", "b.timer", "c.path"}, files: map[string]string{
		"a.service": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n",
		"b.timer":   "[Timer]\nOnCalendar=daily\nUnit=a.service\n[Install]\nWantedBy=timers.target\n",
		"c.path":    "[Path]\nPathExists=/tmp/x\nUnit=a.service\n[Install]\nWantedBy=paths.target\nAlias=c2.path\n",
	}},
}

// writeCase lays out the files of a case in dir.
func writeCase(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(body, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// links lists every symlink under dir as "path -> target", paths relative
// to strip.
func links(t *testing.T, dir, strip string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		target, _ := os.Readlink(p)
		rel := strings.TrimPrefix(p, strip)
		out = append(out, rel+" -> "+strings.TrimPrefix(target, strip))
		return nil
	})
	sort.Strings(out)
	return out
}

// systemctlEnable runs the real `systemctl --user enable` on home,
// client-side (it edits files, no manager is contacted: this is what it
// does when systemd is not PID 1 or SYSTEMCTL_INSTALL_CLIENT_SIDE is set).
func systemctlEnable(t *testing.T, systemctl, home string, units []string, force bool) (string, bool) {
	t.Helper()
	run := filepath.Join(filepath.Dir(home), "run")
	os.MkdirAll(run, 0o700)
	args := []string{"--user", "--no-ask-password", "enable"}
	if force {
		args = append(args, "--force")
	}
	cmd := exec.Command(systemctl, append(args, units...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_RUNTIME_DIR=" + run,
		"SYSTEMCTL_INSTALL_CLIENT_SIDE=1", "SYSTEMD_LOG_LEVEL=notice", "LC_ALL=C"}
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// TestEnableMatchesSystemctl enables each case with the real systemctl and
// with the engine, on the same fresh home, and compares the links.
func TestEnableMatchesSystemctl(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: systemctl runs on Linux only")
	}
	systemctl := testenv.LookPath(t, "systemctl")
	self, err := CurrentAccount()
	if err != nil {
		t.Fatal(err)
	}
	agree := 0
	for _, c := range enableCases {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			home := filepath.Join(base, "home")
			unitDir := filepath.Join(home, ".config", "systemd", "user")

			writeCase(t, unitDir, c.files)
			out, ok := systemctlEnable(t, systemctl, home, c.units, c.force)
			want := links(t, home, "")

			os.RemoveAll(home)
			writeCase(t, unitDir, c.files)
			acct := self
			acct.Home = filepath.ToSlash(home)
			tg := &Target{User: acct}
			plan, err := tg.PlanEnable(c.units, nil, c.force)
			if err == nil {
				_, err = tg.Apply(plan)
			}
			got := links(t, home, "")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("links differ from systemctl's (-systemctl +usvc):\n%s\nsystemctl said:\n%s", diff, out)
				return
			}
			usvcOK := err == nil && len(plan.Errors) == 0
			if usvcOK != ok {
				t.Errorf("systemctl succeeded=%v, usvc succeeded=%v (err=%v, plan=%+v)\nsystemctl said:\n%s", ok, usvcOK, err, plan, out)
			}
			agree++
		})
	}
	t.Logf("links agree with systemctl in %d of %d cases", agree, len(enableCases))
}

// TestEnableUnderRootMatchesSystemctl does the same in an image: the
// engine under Target.Root must make the links systemctl makes for a home
// at that place, with the root prefix taken off the link targets.
func TestEnableUnderRootMatchesSystemctl(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: systemctl runs on Linux only")
	}
	systemctl := testenv.LookPath(t, "systemctl")
	self, err := CurrentAccount()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range enableCases {
		t.Run(c.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "img")
			home := filepath.Join(root, "home", "iman")
			unitDir := filepath.Join(home, ".config", "systemd", "user")
			writeCase(t, unitDir, c.files)
			out, _ := systemctlEnable(t, systemctl, home, c.units, c.force)
			// systemctl wrote absolute targets on the host; inside the
			// image they read without the root prefix.
			want := links(t, home, root)

			os.RemoveAll(home)
			writeCase(t, unitDir, c.files)
			// %u is the caller for a client-side systemctl: keep the
			// caller's name, only the home is the image's.
			acct := self
			acct.Home = "/home/iman"
			tg := &Target{Root: root, User: acct}
			plan, err := tg.PlanEnable(c.units, nil, c.force)
			if err == nil {
				_, err = tg.Apply(plan)
			}
			_ = err
			got := links(t, home, root)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("links differ from systemctl's (-systemctl +usvc):\n%s\nsystemctl said:\n%s", diff, out)
			}
		})
	}
}

// dirs lists the directories under dir, relative to it.
func dirs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// TestDisableMatchesSystemctl enables each case with systemctl, then
// disables it once with systemctl and once with the engine, and compares
// what is left: links and directories.
func TestDisableMatchesSystemctl(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipped: systemctl runs on Linux only")
	}
	systemctl := testenv.LookPath(t, "systemctl")
	self, err := CurrentAccount()
	if err != nil {
		t.Fatal(err)
	}
	disable := func(home string, units []string) string {
		cmd := exec.Command(systemctl, append([]string{"--user", "disable"}, units...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_RUNTIME_DIR=" + filepath.Join(filepath.Dir(home), "run"),
			"SYSTEMCTL_INSTALL_CLIENT_SIDE=1", "LC_ALL=C"}
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	agree := 0
	for _, c := range enableCases {
		t.Run(c.name, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "home")
			unitDir := filepath.Join(home, ".config", "systemd", "user")

			writeCase(t, unitDir, c.files)
			systemctlEnable(t, systemctl, home, c.units, c.force)
			enabled := links(t, home, "")
			out := disable(home, c.units)
			want, wantDirs := links(t, home, ""), dirs(t, unitDir)

			os.RemoveAll(home)
			writeCase(t, unitDir, c.files)
			systemctlEnable(t, systemctl, home, c.units, c.force)
			acct := self
			acct.Home = filepath.ToSlash(home)
			tg := &Target{User: acct}
			plan, err := tg.PlanDisable(c.units)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tg.ApplyDisable(plan); err != nil {
				t.Fatal(err)
			}
			got, gotDirs := links(t, home, ""), dirs(t, unitDir)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("links left differ (-systemctl +usvc):\n%s\nenabled were:\n%s\nsystemctl said:\n%s", diff, strings.Join(enabled, "\n"), out)
				return
			}
			if diff := cmp.Diff(wantDirs, gotDirs); diff != "" {
				t.Errorf("directories left differ (-systemctl +usvc):\n%s", diff)
				return
			}
			agree++
		})
	}
	t.Logf("disable agrees with systemctl in %d of %d cases", agree, len(enableCases))
}
