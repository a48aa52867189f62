package catalog

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// systemdBinary finds the systemd manager binary, which can print its
// own parser table without being PID 1.
func systemdBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/lib/systemd/systemd", "/lib/systemd/systemd"} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	t.Skip("systemd --dump-configuration-items: systemd binary not found")
	return ""
}

// installedRelease reads "systemd 252 (252.38-1~deb12u1)" from
// systemd --version: the point release when the package names one.
func installedRelease(t *testing.T, bin string) Version {
	t.Helper()
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Skipf("systemd --version: %v", err)
	}
	m := regexp.MustCompile(`^systemd (\d+) \((\d+(?:\.\d+)?)`).FindSubmatch(out)
	if m == nil {
		m = regexp.MustCompile(`^systemd (\d+)()`).FindSubmatch(out)
	}
	if m == nil {
		t.Fatalf("cannot read a release from %q", out)
	}
	s := string(m[2])
	if s == "" || !strings.HasPrefix(s, string(m[1])) {
		s = string(m[1]) // a distribution version that is not upstream's
	}
	v, err := ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type dumpKey struct{ Section, Name string }

// TestDumpConfigurationItems compares the catalogue with the installed
// systemd's own table. systemd --dump-configuration-items lists every
// (section, key) its unit-file parser knows, except the legacy ones it
// only warns about (src/core/load-fragment.c: unit_dump_config_items()
// skips config_parse_warn_compat with DISABLED_LEGACY). So the dump must
// hold exactly the keys the catalogue says that release knows and does
// not ignore. Debian's build has every feature the data assumes
// (+SECCOMP +PAM +SELINUX +APPARMOR +SMACK), so no key is missing for a
// build reason.
func TestDumpConfigurationItems(t *testing.T) {
	bin := systemdBinary(t)
	release := installedRelease(t, bin)
	out, err := exec.Command(bin, "--dump-configuration-items").Output()
	if err != nil {
		t.Skipf("systemd --dump-configuration-items: %v", err)
	}
	dump := map[dumpKey]string{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "":
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = l[1 : len(l)-1]
		default:
			k, typ, ok := strings.Cut(l, "=")
			if !ok || section == "" {
				t.Fatalf("unexpected dump line %q", l)
			}
			dump[dumpKey{section, k}] = typ
		}
	}
	var missing, extra []string
	agreeType, typed := 0, 0
	for k, typ := range dump {
		d, ok := Lookup(k.Section, k.Name)
		if !ok || !d.KnownIn(release) || d.StatusIn(release) == StatusIgnored {
			missing = append(missing, k.Section+"."+k.Name)
			continue
		}
		if d.SystemdType() != "" {
			typed++
			if d.SystemdType() == typ {
				agreeType++
			}
		}
	}
	known, ignored := 0, 0
	for d := range Directives() {
		if d.Section() == SectionFile || !d.KnownIn(release) {
			continue
		}
		_, inDump := dump[dumpKey{d.Section().String(), d.Name()}]
		if d.StatusIn(release) == StatusIgnored {
			ignored++
			if inDump {
				extra = append(extra, d.Section().String()+"."+d.Name()+" (ignored, but systemd lists it)")
			}
			continue
		}
		known++
		if !inDump {
			extra = append(extra, d.Section().String()+"."+d.Name())
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	// systemd_type is the newest release's label, so older releases may
	// differ where a parser changed; it is reported, not checked.
	t.Logf("systemd %v: dump has %d keys; the catalogue knows %d working and %d ignored keys at that release; systemd_type agrees on %d of %d",
		release, len(dump), known, ignored, agreeType, typed)
	if len(missing) > 0 {
		t.Errorf("%d keys systemd %v knows are absent or unknown in the catalogue at that release: %v", len(missing), release, missing)
	}
	if len(extra) > 0 {
		t.Errorf("%d keys the catalogue says systemd %v knows are not in its dump: %v", len(extra), release, extra)
	}
}

// TestUserUnitsInstalled compares the unit rows of user-manager.tsv with
// the user units the installed systemd ships in /usr/lib/systemd/user:
// the user targets and units of a release up to the installed one are
// there, later ones are not, and no system-only target is.
func TestUserUnitsInstalled(t *testing.T) {
	const dir = "/usr/lib/systemd/user"
	bin := systemdBinary(t)
	release := installedRelease(t, bin)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("%s: %v", dir, err)
	}
	installed := map[string]bool{}
	for _, e := range entries {
		installed[e.Name()] = true
	}
	checked := 0
	for n := range UserNotes() {
		if n.Unit == "" {
			continue
		}
		checked++
		var want bool
		switch n.Category {
		case CategoryUserTarget, CategoryUserUnit:
			want = n.Since.reachedBy(release)
		case CategorySystemOnlyTarget:
			want = false
		default:
			t.Errorf("%s: unit row of category %v", n.Unit, n.Category)
		}
		if installed[n.Unit] != want {
			t.Errorf("%s (%v, since %q): in %s = %v, want %v for systemd %v",
				n.Unit, n.Category, n.Since, dir, installed[n.Unit], want, release)
		}
	}
	t.Logf("systemd %v: %d unit rows checked against %s", release, checked, dir)
}
