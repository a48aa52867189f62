package install

import (
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/usvc/usvc/unitfile/unitname"
)

// FuzzHost: whatever the path and whatever a link in the image says, the
// resolved path stays inside the root.
func FuzzHost(f *testing.F) {
	if runtime.GOOS == "windows" {
		f.Skip("skipped: symlinks need privileges on Windows")
	}
	for _, s := range [][2]string{
		{"/home/iman/.config", "/etc"},
		{"/a/l/x", "../../../../.."},
		{"/a/l/../../..", "/"},
		{"a/l/b", "l"},
		{"/a/l", "//..//x/./y"},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, p, link string) {
		if strings.ContainsRune(link, 0) || link == "" {
			return
		}
		root := t.TempDir()
		os.MkdirAll(filepath.Join(root, "a"), 0o755)
		if err := os.Symlink(link, filepath.Join(root, "a", "l")); err != nil {
			return
		}
		tg := &Target{Root: root}
		for _, follow := range []bool{true, false} {
			h, err := tg.host(p, follow)
			if err != nil {
				continue
			}
			rel, err := filepath.Rel(root, h)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				t.Fatalf("host(%q) with a -> %q = %q: outside the root %q", p, link, h, root)
			}
			if in := tg.inside(h); !path.IsAbs(in) {
				t.Fatalf("inside(%q) = %q, not absolute", h, in)
			}
		}
	})
}

// FuzzPlanEnable: whatever [Install] says, enabling never panics, and
// every link it plans lies in the user's unit directory, has a valid unit
// name and points to the unit file.
func FuzzPlanEnable(f *testing.F) {
	for _, s := range []string{
		"[Install]\nWantedBy=default.target\n",
		"[Install]\nAlias=../../etc/passwd x.target.wants/web.service ../x.wants/web.service\n",
		"[Install]\nWantedBy=%n.target %p@%i.target \"a b\" ../escape.target\nRequiredBy=x@.target\n",
		"[Install]\nAlso=other.service %n ../../x.service\nDefaultInstance=%u\n",
		"[Install]\nWantedBy=\nWantedBy=a.target\nAlias=web@.service\n",
		"[Install] # x\nWantedBy=default.target\n",
	} {
		f.Add("web.service", s)
		f.Add("t@.service", s+"DefaultInstance=one\n")
	}
	f.Fuzz(func(t *testing.T, name, src string) {
		if unitname.Check(name) != nil {
			return
		}
		root := t.TempDir()
		tg := &Target{Root: root, User: Account{Name: "iman", UID: 1000, GID: 1000, Home: "/home/iman"}}
		ud := filepath.Join(root, "home", "iman", ".config", "systemd", "user")
		os.MkdirAll(ud, 0o755)
		if err := os.WriteFile(filepath.Join(ud, name), []byte(src), 0o644); err != nil {
			return
		}
		plan, err := tg.PlanEnable([]string{name}, nil, false)
		if err != nil {
			return
		}
		for _, l := range plan.Links {
			if !strings.HasPrefix(path.Clean(l.Path), tg.UnitDir()+"/") || path.Clean(l.Path) != l.Path {
				t.Fatalf("link %q outside %s", l.Path, tg.UnitDir())
			}
			if unitname.Check(path.Base(l.Path)) != nil {
				t.Fatalf("link %q is not named as a unit", l.Path)
			}
			if l.Target != path.Join(tg.UnitDir(), name) {
				t.Fatalf("link %q points to %q", l.Path, l.Target)
			}
		}
		if _, err := tg.Apply(plan); err != nil {
			return
		}
		if dp, err := tg.PlanDisable([]string{name}); err == nil {
			for _, l := range dp.Links {
				if !strings.HasPrefix(l, tg.UnitDir()+"/") {
					t.Fatalf("disable would remove %q, outside %s", l, tg.UnitDir())
				}
			}
		}
	})
}

// FuzzParsePasswd: no panic; an entry found has the name asked for and an
// absolute, clean home.
func FuzzParsePasswd(f *testing.F) {
	f.Add("iman:x:1000:1000::/home/iman:/bin/sh\n", "iman")
	f.Add("iman:x:1000:1000::home:/bin/sh\niman:x:1:1::/h//x/../y:/bin/sh\n", "iman")
	f.Add(":::::::\n", "")
	f.Fuzz(func(t *testing.T, b, name string) {
		a, ok := parsePasswd([]byte(b), name)
		if !ok {
			return
		}
		if a.Name != name || !path.IsAbs(a.Home) || path.Clean(a.Home) != a.Home {
			t.Fatalf("parsePasswd(%q, %q) = %+v", b, name, a)
		}
	})
}
