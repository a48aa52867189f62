package load

import (
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/usvc/usvc/internal/testenv"
)

// TestCorpus loads the shared corpus of real Debian packages, each
// package directory standing for an image (--root): every unit file is
// found by its name, every drop-in is applied to the unit its directory
// names, and the typed views read every unit without trouble.
func TestCorpus(t *testing.T) {
	files := testenv.Corpus(t)
	loaders := map[string]*Loader{} // by package and scope
	loader := func(f testenv.CorpusFile) *Loader {
		prefix, _ := splitImage(f.Rel)
		key := prefix + "\x00" + f.Scope
		if l := loaders[key]; l != nil {
			return l
		}
		scope := System
		if f.Scope == "user" {
			scope = User
		}
		dirs, err := SearchPath(scope, envOf("/root", "/", "HOME=/root", "XDG_RUNTIME_DIR=/run/user/0"))
		if err != nil {
			t.Fatal(err)
		}
		root := strings.TrimSuffix(f.Path, filepath.FromSlash(strings.TrimPrefix(f.Rel, prefix)))
		l, err := NewLoader(root, dirs)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		loaders[key] = l
		return l
	}
	units, dropins, views, notSearched := 0, 0, 0, 0
	for _, f := range files {
		_, inImage := splitImage(f.Rel)
		l := loader(f)
		name := path.Base(inImage)
		if f.Kind == "dropin" {
			name = strings.TrimSuffix(path.Base(path.Dir(inImage)), ".d")
			if !strings.Contains(name, ".") {
				name = "x." + name // a type-level directory: any unit of the type
			}
		}
		u, err := l.Load(name)
		if err != nil {
			t.Errorf("%s: %v", f.Rel, err)
			continue
		}
		if f.Kind == "dropin" {
			found := false
			for _, d := range u.DropIns {
				found = found || d.Path == inImage
			}
			if !found {
				t.Errorf("%s: not among the drop-ins of %s", f.Rel, name)
			}
			dropins++
			continue
		}
		units++
		if f.Scope == "user" && strings.HasPrefix(inImage, "/lib/systemd/user/") {
			// /lib/systemd/user is in no search path: a merged-/usr
			// system (/lib -> usr/lib) finds these files, the package
			// tree alone does not.
			if u.Fragment != nil {
				t.Errorf("%s: found, but /lib/systemd/user is not searched", f.Rel)
			}
			notSearched++
			continue
		}
		if u.Fragment == nil {
			t.Errorf("%s: %s not found (%s)", f.Rel, name, u.State)
			continue
		}
		if u.Fragment.Path != inImage {
			t.Errorf("%s: %s loads %s instead", f.Rel, name, u.Fragment.Path)
		}
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
		views++
		for _, e := range errs {
			if e.Start < 0 || e.Start > e.End || e.End > len(e.Entry.Value()) {
				t.Errorf("%s: error span %d-%d outside the value: %v", f.Rel, e.Start, e.End, e)
			}
		}
	}
	t.Logf("corpus: %d unit files, %d found by name (%d in /lib/systemd/user, which no user search path has), %d drop-ins applied, %d views read",
		units, units-notSearched, notSearched, dropins, views)
}

// splitImage splits a corpus path into the package tree ("systemd",
// "_host-installed/dbus-user-session") and the path inside it.
func splitImage(rel string) (string, string) {
	for _, top := range []string{"/usr/", "/lib/", "/etc/"} {
		if i := strings.Index(rel, top); i >= 0 {
			return rel[:i], rel[i:]
		}
	}
	return "", "/" + rel
}
