package gen_test

import (
	"fmt"
	"log"

	"github.com/usvc/usvc/gen"
)

// A service for the tutorial's web server, generated instead of copied:
// the working directory is written with %h, and no comment can end up in
// a value.
func ExampleService() {
	f, err := gen.Service(gen.Options{
		Name:             "simple-web",
		Description:      "Simple Web Server",
		ExecStart:        []string{"/usr/bin/python3", "-m", "http.server", "8080"},
		Home:             "/home/iman",
		WorkingDirectory: "/home/iman/web-content",
		Restart:          gen.RestartAlways,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(f.Bytes()))
	// Output:
	// [Unit]
	// Description=Simple Web Server
	//
	// [Service]
	// Type=simple
	// ExecStart=/usr/bin/python3 -m http.server 8080
	// WorkingDirectory=%h/web-content
	// Restart=always
	// RestartSec=5s
	// MemoryMax=50%
	//
	// [Install]
	// WantedBy=default.target
}

// A daily timer and the oneshot service it starts.
func ExampleTimer() {
	timer, service, err := gen.Timer(
		gen.Options{Name: "backup", ExecStart: []string{"/usr/bin/rsync", "-a", "/home/iman/doc/", "/mnt/backup/"}, Home: "/home/iman"},
		gen.TimerOptions{OnCalendar: []string{"daily"}, Persistent: true},
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("# %s\n%s\n# %s\n%s", timer.Name, timer.Bytes(), service.Name, service.Bytes())
	// Output:
	// # backup.timer
	// [Timer]
	// OnCalendar=daily
	// Persistent=yes
	//
	// [Install]
	// WantedBy=timers.target
	//
	// # backup.service
	// [Service]
	// Type=oneshot
	// ExecStart=/usr/bin/rsync -a %h/doc/ /mnt/backup/
	// MemoryMax=50%
}

// A system-only dependency is refused with the reason and what to do.
func ExampleService_systemUnit() {
	_, err := gen.Service(gen.Options{
		Name:      "app",
		ExecStart: []string{"/usr/bin/true"},
		After:     []string{"network.target"},
	})
	fmt.Println(err)
	// Output:
	// After=network.target: network.target is a system unit, and user units cannot see system units (the user manager has its own, separate set of units: After= on it is silently ignored); drop it, and make the program retry until the network is up (a lingering user's manager can start before the network is online)
}
