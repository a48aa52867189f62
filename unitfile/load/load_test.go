package load

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree describes files under a root: a value "-> target" makes a
// symlink, a key ending in "/" a directory, anything else a file.
type tree map[string]string

func build(t testing.TB, root string, tr tree) {
	t.Helper()
	keys := make([]string, 0, len(tr))
	for k := range tr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := filepath.Join(root, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		v := tr[k]
		switch {
		case strings.HasSuffix(k, "/"):
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(v, "-> "):
			if runtime.GOOS == "windows" {
				t.Skip("skipped: symlinks need privileges on Windows")
			}
			if err := os.Symlink(strings.TrimPrefix(v, "-> "), p); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// userDirs is a small user search path for fixtures.
var testDirs = []string{
	"/home/u/.config/systemd/user",
	"/etc/xdg/systemd/user",
	"/etc/systemd/user",
	"/usr/lib/systemd/user",
}

func newTestLoader(t testing.TB, tr tree) *Loader {
	t.Helper()
	root := t.TempDir()
	build(t, root, tr)
	l, err := NewLoader(root, testDirs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// summary is what the tests compare of a loaded unit.
type summary struct {
	ID       string
	Names    []string
	State    string
	Fragment string
	DropIns  []string // path, with " (masked)" or " (error)"
	Values   []string // effective Section.Key=Value @file:line
}

func summarize(u *Unit) summary {
	s := summary{ID: u.ID, Names: u.Names, State: u.State.String()}
	if u.Fragment != nil {
		s.Fragment = u.Fragment.Path
		if u.Fragment.Masked {
			s.Fragment += " (masked)"
		}
	}
	for _, d := range u.DropIns {
		p := d.Path
		switch {
		case d.Masked:
			p += " (masked)"
		case d.Err != nil:
			p += " (error)"
		}
		s.DropIns = append(s.DropIns, p)
	}
	for _, a := range u.Effective() {
		s.Values = append(s.Values, a.SectionName()+"."+a.Key()+"="+a.Value()+" @"+path.Base(path.Dir(a.File.Path))+"/"+path.Base(a.File.Path)+":"+itoa(a.Entry.Pos().Line))
	}
	return s
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

const svc = "[Service]\nExecStart=/bin/true\n"

func TestLoad(t *testing.T) {
	cases := []struct {
		name string
		tree tree
		load string
		want summary
	}{
		{
			name: "higher directory wins the fragment",
			tree: tree{
				"/etc/systemd/user/a.service":     "[Unit]\nDescription=etc\n" + svc,
				"/usr/lib/systemd/user/a.service": "[Unit]\nDescription=usr\n" + svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				Values:   []string{"Unit.Description=etc @user/a.service:2", "Service.ExecStart=/bin/true @user/a.service:4"}},
		},
		{
			name: "not found keeps the drop-ins",
			tree: tree{"/etc/systemd/user/a.service.d/x.conf": "[Unit]\nDescription=x\n"},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "not-found",
				DropIns: []string{"/etc/systemd/user/a.service.d/x.conf"}},
		},
		{
			name: "empty fragment masks, lower one not read",
			tree: tree{
				"/home/u/.config/systemd/user/a.service": "",
				"/usr/lib/systemd/user/a.service":        svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "masked",
				Fragment: "/home/u/.config/systemd/user/a.service (masked)"},
		},
		{
			name: "link to /dev/null masks even without /dev/null in the root",
			tree: tree{
				"/etc/systemd/user/a.service":     "-> /dev/null",
				"/usr/lib/systemd/user/a.service": svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "masked",
				Fragment: "/etc/systemd/user/a.service (masked)"},
		},
		{
			name: "a file of comments only is not masked",
			tree: tree{"/etc/systemd/user/a.service": "# nothing\n"},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service"},
		},
		{
			name: "alias inside the search path",
			tree: tree{
				"/etc/systemd/user/b.service":                 "-> /usr/lib/systemd/user/a.service",
				"/usr/lib/systemd/user/a.service":             svc,
				"/etc/systemd/user/b.service.d/10-alias.conf": "[Unit]\nDescription=via alias dir\n",
				"/etc/systemd/user/a.service.d/20-id.conf":    "[Unit]\nDescription=via id dir\n",
			},
			load: "b.service",
			want: summary{ID: "a.service", Names: []string{"a.service", "b.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/b.service.d/10-alias.conf", "/etc/systemd/user/a.service.d/20-id.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/a.service:2",
					"Unit.Description=via id dir @a.service.d/20-id.conf:2"}},
		},
		{
			name: "loading the target of an alias finds the alias's drop-ins",
			tree: tree{
				"/etc/systemd/user/b.service":                 "-> a.service",
				"/etc/systemd/user/a.service":                 svc,
				"/etc/systemd/user/b.service.d/10-alias.conf": "[Unit]\nDescription=via alias dir\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service", "b.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/b.service.d/10-alias.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/a.service:2",
					"Unit.Description=via alias dir @b.service.d/10-alias.conf:2"}},
		},
		{
			name: "alias to another type is refused: the lower real file is used",
			tree: tree{
				"/etc/systemd/user/a.service":     "-> /usr/lib/systemd/user/x.socket",
				"/usr/lib/systemd/user/x.socket":  "[Socket]\nListenStream=1\n",
				"/usr/lib/systemd/user/a.service": svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/a.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/a.service:2"}},
		},
		{
			name: "linked unit file outside the search path keeps the link's name",
			tree: tree{
				"/etc/systemd/user/a.service": "-> ../../../opt/app/a.service",
				"/opt/app/a.service":          svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/a.service:2"}},
		},
		{
			name: "alias loop",
			tree: tree{
				"/etc/systemd/user/a.service": "-> b.service",
				"/etc/systemd/user/b.service": "-> a.service",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "error"},
		},
		{
			name: "instance uses the template, with both drop-in directories",
			tree: tree{
				"/usr/lib/systemd/user/t@.service":             "[Unit]\nDescription=tmpl\n" + svc,
				"/etc/systemd/user/t@.service.d/10-tmpl.conf":  "[Unit]\nDescription=tmpl dropin\n",
				"/etc/systemd/user/t@x.service.d/20-inst.conf": "[Service]\nEnvironment=I=x\n",
				"/etc/systemd/user/t@y.service.d/20-inst.conf": "[Service]\nEnvironment=I=y\n",
			},
			load: "t@x.service",
			want: summary{ID: "t@x.service", Names: []string{"t@x.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/t@.service",
				DropIns:  []string{"/etc/systemd/user/t@.service.d/10-tmpl.conf", "/etc/systemd/user/t@x.service.d/20-inst.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/t@.service:4",
					"Unit.Description=tmpl dropin @t@.service.d/10-tmpl.conf:2",
					"Service.Environment=I=x @t@x.service.d/20-inst.conf:2"}},
		},
		{
			name: "an exact instance file wins over the template, even a lower one",
			tree: tree{
				"/etc/systemd/user/t@.service":      "[Unit]\nDescription=tmpl\n" + svc,
				"/usr/lib/systemd/user/t@x.service": "[Unit]\nDescription=inst\n" + svc,
			},
			load: "t@x.service",
			want: summary{ID: "t@x.service", Names: []string{"t@x.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/t@x.service",
				Values:   []string{"Unit.Description=inst @user/t@x.service:2", "Service.ExecStart=/bin/true @user/t@x.service:4"}},
		},
		{
			name: "a template loaded as itself",
			tree: tree{"/etc/systemd/user/t@.service": svc},
			load: "t@.service",
			want: summary{ID: "t@.service", Names: []string{"t@.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/t@.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/t@.service:2"}},
		},
		{
			name: "drop-ins: prefix and type-level directories, sorted by file name across directories",
			tree: tree{
				"/usr/lib/systemd/user/app-web-api.service":            "[Unit]\nDescription=frag\n" + svc,
				"/usr/lib/systemd/user/service.d/01-defaults.conf":     "[Unit]\nDescription=type level\n",
				"/etc/systemd/user/app-.service.d/20-app.conf":         "[Unit]\nDescription=app prefix\n",
				"/usr/lib/systemd/user/app-web-.service.d/30-w.conf":   "[Unit]\nDescription=web prefix\n",
				"/etc/systemd/user/app-web-api.service.d/50-x.conf":    "[Unit]\nDescription=exact\n",
				"/etc/systemd/user/app-web-api.service.d/.hidden.conf": "[Unit]\nDescription=hidden\n",
				"/etc/systemd/user/app-web-api.service.d/60-x.txt":     "[Unit]\nDescription=not conf\n",
				"/etc/systemd/user/app-web-api.service.d/70-x.conf~":   "[Unit]\nDescription=backup\n",
			},
			load: "app-web-api.service",
			want: summary{ID: "app-web-api.service", Names: []string{"app-web-api.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/app-web-api.service",
				DropIns: []string{
					"/usr/lib/systemd/user/service.d/01-defaults.conf",
					"/etc/systemd/user/app-.service.d/20-app.conf",
					"/usr/lib/systemd/user/app-web-.service.d/30-w.conf",
					"/etc/systemd/user/app-web-api.service.d/50-x.conf",
				},
				Values: []string{"Service.ExecStart=/bin/true @user/app-web-api.service:4",
					"Unit.Description=exact @app-web-api.service.d/50-x.conf:2"}},
		},
		{
			name: "drop-ins: a file name is taken by the first directory in search order",
			tree: tree{
				"/usr/lib/systemd/user/a-b.service": svc,
				// /etc prefix dir beats /usr/lib exact dir: directories go
				// by search path first, then by name chain
				"/etc/systemd/user/a-.service.d/50-x.conf":         "[Unit]\nDescription=etc prefix\n",
				"/usr/lib/systemd/user/a-b.service.d/50-x.conf":    "[Unit]\nDescription=usr exact\n",
				"/usr/lib/systemd/user/a-b.service.d/60-y.conf":    "[Unit]\nDescription=usr exact y\n",
				"/home/u/.config/systemd/user/service.d/60-y.conf": "[Unit]\nDescription=home type-level y\n",
			},
			load: "a-b.service",
			want: summary{ID: "a-b.service", Names: []string{"a-b.service"}, State: "loaded",
				Fragment: "/usr/lib/systemd/user/a-b.service",
				DropIns: []string{
					"/etc/systemd/user/a-.service.d/50-x.conf",
					"/usr/lib/systemd/user/a-b.service.d/60-y.conf",
				},
				Values: []string{"Service.ExecStart=/bin/true @user/a-b.service:2",
					"Unit.Description=usr exact y @a-b.service.d/60-y.conf:2"}},
		},
		{
			name: "drop-ins: empty file and /dev/null link mask lower ones of their name",
			tree: tree{
				"/etc/systemd/user/a.service":                 svc,
				"/etc/systemd/user/a.service.d/10-m.conf":     "",
				"/etc/systemd/user/a.service.d/20-n.conf":     "-> /dev/null",
				"/usr/lib/systemd/user/a.service.d/10-m.conf": "[Unit]\nDescription=masked m\n",
				"/usr/lib/systemd/user/a.service.d/20-n.conf": "[Unit]\nDescription=masked n\n",
				"/usr/lib/systemd/user/a.service.d/30-o.conf": "[Unit]\nDescription=kept\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				DropIns: []string{
					"/etc/systemd/user/a.service.d/10-m.conf (masked)",
					"/etc/systemd/user/a.service.d/20-n.conf (masked)",
					"/usr/lib/systemd/user/a.service.d/30-o.conf",
				},
				Values: []string{"Service.ExecStart=/bin/true @user/a.service:2",
					"Unit.Description=kept @a.service.d/30-o.conf:2"}},
		},
		{
			name: "drop-ins: dangling link takes its name and reads as nothing",
			tree: tree{
				"/etc/systemd/user/a.service":                 svc,
				"/etc/systemd/user/a.service.d/10-m.conf":     "-> /nowhere.conf",
				"/usr/lib/systemd/user/a.service.d/10-m.conf": "[Unit]\nDescription=hidden by the dangling link\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/a.service.d/10-m.conf (error)"},
				Values:   []string{"Service.ExecStart=/bin/true @user/a.service:2"}},
		},
		{
			name: "drop-ins: a fatal error stops only that drop-in",
			tree: tree{
				"/etc/systemd/user/a.service":             svc,
				"/etc/systemd/user/a.service.d/10-a.conf": "[Service]\nEnvironment=A=1\nExecStartPre=rel/ative\nEnvironment=B=2\n",
				"/etc/systemd/user/a.service.d/20-b.conf": "[Service]\nEnvironment=C=3\n[Bad\nEnvironment=D=4\n",
				"/etc/systemd/user/a.service.d/30-c.conf": "[Service]\nEnvironment=E=5\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				DropIns: []string{"/etc/systemd/user/a.service.d/10-a.conf", "/etc/systemd/user/a.service.d/20-b.conf",
					"/etc/systemd/user/a.service.d/30-c.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/a.service:2",
					"Service.Environment=A=1 @a.service.d/10-a.conf:2",
					"Service.Environment=C=3 @a.service.d/20-b.conf:2",
					"Service.Environment=E=5 @a.service.d/30-c.conf:2"}},
		},
		{
			name: "a fatal setting in the fragment fails the unit and no drop-in applies",
			tree: tree{
				"/etc/systemd/user/a.service":             "[Service]\nEnvironment=A=1\nExecStart=rel/ative\nEnvironment=B=2\n",
				"/etc/systemd/user/a.service.d/10-a.conf": "[Service]\nEnvironment=C=3\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "bad-setting",
				Fragment: "/etc/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/a.service.d/10-a.conf"},
				Values:   []string{"Service.Environment=A=1 @user/a.service:2"}},
		},
		{
			name: "a syntax error in the fragment fails the unit",
			tree: tree{"/etc/systemd/user/a.service": "[Service]\nEnvironment=A=1\n[Service\n"},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "error",
				Fragment: "/etc/systemd/user/a.service",
				Values:   []string{"Service.Environment=A=1 @user/a.service:2"}},
		},
		{
			name: "list semantics: resets, appends, last wins",
			tree: tree{
				"/etc/systemd/user/a.service": "[Unit]\nAfter=x.service\nDescription=one\n[Service]\nExecStart=/bin/a\nEnvironment=A=1\n",
				"/etc/systemd/user/a.service.d/1.conf": "[Unit]\nAfter=\nAfter=y.service\nDescription=two\n" +
					"[Service]\nExecStart=\nExecStart=/bin/b\nEnvironment=\nEnvironment=B=2\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/a.service.d/1.conf"},
				Values: []string{
					"Unit.After=x.service @user/a.service:2",
					"Unit.After=y.service @a.service.d/1.conf:3",
					"Unit.Description=two @a.service.d/1.conf:4",
					"Service.ExecStart=/bin/b @a.service.d/1.conf:7",
					"Service.Environment=B=2 @a.service.d/1.conf:9",
				}},
		},
		{
			name: "symlinked search directory, as Debian's /etc/xdg/systemd/user",
			tree: tree{
				"/etc/xdg/systemd/user":                   "-> ../../systemd/user",
				"/etc/systemd/user/a.service":             svc,
				"/etc/systemd/user/a.service.d/10-x.conf": "[Unit]\nDescription=x\n",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/xdg/systemd/user/a.service",
				DropIns:  []string{"/etc/systemd/user/a.service.d/10-x.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/a.service:2",
					"Unit.Description=x @a.service.d/10-x.conf:2"}},
		},
		{
			// unit_file_build_name_map() checks a link named like a
			// drop-in directory with is_dir() on the raw link text, so a
			// relative target counts from the manager's working directory
			// ("/"), not from the link: "../real.d" is "/real.d".
			name: "drop-in directory links: relative targets count from the manager's cwd",
			tree: tree{
				"/etc/systemd/user/a.service":   svc,
				"/etc/systemd/user/a.service.d": "-> ../real.d",
				"/etc/systemd/real.d/x.conf":    "[Unit]\nDescription=never read\n",
				"/etc/systemd/user/b.service":   svc,
				"/etc/systemd/user/b.service.d": "-> /etc/systemd/real.d",
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/a.service:2"}},
		},
		{
			name: "drop-in directory links: absolute targets work, with the real path",
			tree: tree{
				"/etc/systemd/user/b.service":   svc,
				"/etc/systemd/user/b.service.d": "-> /etc/systemd/real.d",
				"/etc/systemd/real.d/x.conf":    "[Unit]\nDescription=through the link\n",
			},
			load: "b.service",
			want: summary{ID: "b.service", Names: []string{"b.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/b.service",
				DropIns:  []string{"/etc/systemd/real.d/x.conf"},
				Values: []string{"Service.ExecStart=/bin/true @user/b.service:2",
					"Unit.Description=through the link @real.d/x.conf:2"}},
		},
		{
			// The directory is an absolute link: the links in it must be
			// read through the root's /etc/systemd/user, not the host's.
			name: "links inside a search directory that is an absolute link",
			tree: tree{
				"/etc/xdg/systemd/user":       "-> /etc/systemd/user",
				"/etc/systemd/user/b.service": svc,
				"/etc/systemd/user/a.service": "-> b.service",
			},
			load: "a.service",
			want: summary{ID: "b.service", Names: []string{"a.service", "b.service"}, State: "loaded",
				Fragment: "/etc/xdg/systemd/user/b.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/b.service:2"}},
		},
		{
			name: "absolute links resolve inside the root",
			tree: tree{
				"/etc/systemd/user/a.service": "-> /opt/a.service",
				"/opt/a.service":              "[Unit]\nDescription=in the root\n" + svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				Values: []string{"Unit.Description=in the root @user/a.service:2",
					"Service.ExecStart=/bin/true @user/a.service:4"}},
		},
		{
			name: "a link climbing out of the root stops at the root",
			tree: tree{
				"/etc/systemd/user/a.service": "-> ../../../../../../../../opt/a.service",
				"/opt/a.service":              svc,
			},
			load: "a.service",
			want: summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
				Fragment: "/etc/systemd/user/a.service",
				Values:   []string{"Service.ExecStart=/bin/true @user/a.service:2"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newTestLoader(t, c.tree)
			u, err := l.Load(c.load)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, summarize(u)); diff != "" {
				t.Errorf("Load(%q) mismatch (-want +got):\n%s", c.load, diff)
			}
		})
	}
}

// TestLoadStaysInRoot reads a search directory that is an absolute link:
// the links in it are read through the root, not through the host's
// directory of the same name.
func TestLoadStaysInRoot(t *testing.T) {
	root := t.TempDir()
	build(t, root, tree{
		"/etc/xdg/systemd/user":      "-> /usr/share/units",
		"/usr/share/units/b.service": svc,
		"/usr/share/units/a.service": "-> b.service",
		"/usr/share/units/c.service": "-> /usr/share/units/b.service",
		"/usr/share/units/d.service": "-> ../../../../../../usr/share/units/b.service",
	})
	l, err := NewLoader(root, []string{"/etc/xdg/systemd/user"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, n := range []string{"a.service", "c.service", "d.service"} {
		u, _ := l.Load(n)
		if u.State != Loaded || u.ID != "b.service" || u.Fragment.Path != "/etc/xdg/systemd/user/b.service" {
			t.Errorf("Load(%s): %s, id %s, fragment %+v", n, u.State, u.ID, u.Fragment)
		}
	}
}

func TestLoadBadName(t *testing.T) {
	l := newTestLoader(t, tree{})
	for _, n := range []string{"", "foo", "a b.service", "@x.service", "x.nosuchtype"} {
		if _, err := l.Load(n); !errors.Is(err, ErrBadName) {
			t.Errorf("Load(%q): err = %v, want ErrBadName", n, err)
		}
	}
	if _, err := l.LoadFile("relative/a.service"); err == nil {
		t.Error("LoadFile of a relative path: no error")
	}
	if _, err := l.LoadFile("/x/a.conf"); !errors.Is(err, ErrBadName) {
		t.Errorf("LoadFile(/x/a.conf): err = %v, want ErrBadName", err)
	}
}

func TestLoadFile(t *testing.T) {
	l := newTestLoader(t, tree{
		"/etc/systemd/user/a.service":          "[Unit]\nDescription=installed\n" + svc,
		"/etc/systemd/user/a.service.d/x.conf": "[Unit]\nDescription=installed dropin\n",
		"/src/a.service":                       "[Unit]\nDescription=working copy\n" + svc,
		"/src/a.service.d/y.conf":              "[Service]\nEnvironment=Y=1\n",
		"/src/t@.service":                      svc,
	})
	u, err := l.LoadFile("/src/a.service")
	if err != nil {
		t.Fatal(err)
	}
	want := summary{ID: "a.service", Names: []string{"a.service"}, State: "loaded",
		Fragment: "/src/a.service",
		DropIns:  []string{"/etc/systemd/user/a.service.d/x.conf", "/src/a.service.d/y.conf"},
		Values: []string{"Service.ExecStart=/bin/true @src/a.service:4",
			"Unit.Description=installed dropin @a.service.d/x.conf:2",
			"Service.Environment=Y=1 @a.service.d/y.conf:2"}}
	if diff := cmp.Diff(want, summarize(u)); diff != "" {
		t.Errorf("LoadFile mismatch (-want +got):\n%s", diff)
	}
	// An instance path finds the template beside it.
	u, _ = l.LoadFile("/src/t@i.service")
	if u.Fragment == nil || u.Fragment.Path != "/src/t@.service" || u.ID != "t@i.service" {
		t.Errorf("LoadFile(/src/t@i.service): fragment %+v id %q", u.Fragment, u.ID)
	}
	// Loading by name still sees the installed file.
	u, _ = l.Load("a.service")
	if u.Fragment.Path != "/etc/systemd/user/a.service" {
		t.Errorf("Load after LoadFile: fragment %s", u.Fragment.Path)
	}
}

// TestLoadReadsEachFileOnce checks the promise that loading is cheap:
// every search directory is listed once per Loader, however many units
// are loaded.
func TestLoadListsDirectoriesOnce(t *testing.T) {
	tr := tree{}
	for _, n := range []string{"a", "b", "c"} {
		tr["/etc/systemd/user/"+n+".service"] = svc
		tr["/etc/systemd/user/"+n+".service.d/x.conf"] = "[Unit]\nDescription=x\n"
	}
	l := newTestLoader(t, tr)
	for _, n := range []string{"a", "b", "c", "a"} {
		if _, err := l.Load(n + ".service"); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.maps) != 1 {
		t.Errorf("%d name maps built for one search path, want 1", len(l.maps))
	}
	// 4 search dirs + 3 drop-in dirs
	if len(l.listings) != 7 {
		var ks []string
		for k := range l.listings {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		t.Errorf("listed %d directories, want 7: %q", len(l.listings), ks)
	}
}
