package load

import (
	"fmt"
	"testing"
)

// benchTree is a user search path with n services, each with a drop-in,
// plus type-level and prefix drop-ins, and aliases.
func benchTree(n int) tree {
	tr := tree{
		"/usr/lib/systemd/user/service.d/10-defaults.conf": "[Service]\nRestart=on-failure\n",
		"/etc/systemd/user/app-.service.d/20-app.conf":     "[Unit]\nAfter=network.target\n",
	}
	for i := range n {
		name := fmt.Sprintf("app-%d.service", i)
		tr["/usr/lib/systemd/user/"+name] = "[Unit]\nDescription=app\n[Service]\nExecStart=/usr/bin/app --n " + fmt.Sprint(i) + "\nEnvironment=A=1 B=2\n"
		tr["/etc/systemd/user/"+name+".d/override.conf"] = "[Service]\nEnvironment=A=3\n"
		if i%10 == 0 {
			tr[fmt.Sprintf("/etc/systemd/user/alias-%d.service", i)] = "-> /usr/lib/systemd/user/" + name
		}
	}
	return tr
}

// BenchmarkLoad loads every unit of a 300-unit search path with one
// Loader, as the linter does.
func BenchmarkLoad(b *testing.B) {
	const n = 300
	root := b.TempDir()
	build(b, root, benchTree(n))
	b.ResetTimer()
	for b.Loop() {
		l, err := NewLoader(root, testDirs)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			u, err := l.Load(fmt.Sprintf("app-%d.service", i))
			if err != nil || u.State != Loaded || len(u.DropIns) != 3 {
				b.Fatalf("unit %d: %v %v %d drop-ins", i, err, u.State, len(u.DropIns))
			}
			u.Service()
		}
		l.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/unit")
}

// BenchmarkLoadOne is one unit with a fresh Loader: the cost of the
// first load, search directories included.
func BenchmarkLoadOne(b *testing.B) {
	root := b.TempDir()
	build(b, root, benchTree(300))
	b.ResetTimer()
	for b.Loop() {
		l, err := NewLoader(root, testDirs)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Load("app-7.service"); err != nil {
			b.Fatal(err)
		}
		l.Close()
	}
}
