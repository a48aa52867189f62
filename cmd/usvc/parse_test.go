package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseHostileFiles runs `usvc parse` on files built to hurt a parser
// and checks that it says what is wrong, names the file, and exits 0 (the
// file was read; it is systemd that would refuse it).
func TestParseHostileFiles(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	cases := []struct {
		name string
		src  []byte
		want string // in the output
	}{
		{"long.service", []byte("[Service]\nX-A=" + strings.Repeat("x", 1<<20) + "\n"),
			"long.service:2:1: error: line is 1048580 bytes long; systemd reads lines of at most 1048575 bytes and refuses to load the file"},
		{"random.service", random, "random.service:1:1: "},
		{"nul.service", make([]byte, 1<<20), "nul.service: ok"},
		{"cont.service", []byte("[Service]\nX-A=" + strings.Repeat("a\\\n", 100000) + "b\n"), "2-100002    X-A=a a a"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, c.src, 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		code := run([]string{"parse", p}, strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Errorf("%s: exit %d, stderr %q", c.name, code, errb.String())
		}
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("%s: output lacks %q; it starts:\n%.400s", c.name, c.want, out.String())
		}
	}
}
