package unitfile

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, name, in string) *File {
	t.Helper()
	f, err := Parse(name, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestEdits(t *testing.T) {
	tests := []struct {
		name string
		in   string
		edit func(*File) error
		want string
	}{
		{
			name: "set keeps spacing and trailing text",
			in:   "[Service]\n  Restart = no   \r\nX=1\n",
			edit: func(f *File) error { _, err := f.Set("Service", "Restart", "always"); return err },
			want: "[Service]\n  Restart = always   \r\nX=1\n",
		},
		{
			name: "set changes the entry that wins",
			in:   "[Service]\nRestart=no\n[Service]\nRestart=on-failure\n",
			edit: func(f *File) error { _, err := f.Set("Service", "Restart", "always"); return err },
			want: "[Service]\nRestart=no\n[Service]\nRestart=always\n",
		},
		{
			name: "set adds a missing key after the last entry",
			in:   "[Service]\nExecStart=/bin/true\n\n# next\n[Install]\nWantedBy=default.target\n",
			edit: func(f *File) error { _, err := f.Set("Service", "MemoryMax", "512M"); return err },
			want: "[Service]\nExecStart=/bin/true\nMemoryMax=512M\n\n# next\n[Install]\nWantedBy=default.target\n",
		},
		{
			name: "add to an empty section goes after the header",
			in:   "[Unit]\n\n[Service]\n",
			edit: func(f *File) error { _, err := f.Add("Unit", "Description", "x"); return err },
			want: "[Unit]\nDescription=x\n\n[Service]\n",
		},
		{
			name: "add keeps the indentation of the entries",
			in:   "[Service]\n\tExecStart=/bin/true\n",
			edit: func(f *File) error { _, err := f.Add("Service", "Restart", "always"); return err },
			want: "[Service]\n\tExecStart=/bin/true\n\tRestart=always\n",
		},
		{
			name: "add a section to a file without a final newline",
			in:   "[Service]\nExecStart=/bin/true",
			edit: func(f *File) error { _, err := f.Add("Install", "WantedBy", "default.target"); return err },
			want: "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=default.target\n",
		},
		{
			name: "crlf files get crlf lines",
			in:   "[Service]\r\nExecStart=/bin/true\r\n",
			edit: func(f *File) error { _, err := f.Add("Install", "WantedBy", "default.target"); return err },
			want: "[Service]\r\nExecStart=/bin/true\r\n\r\n[Install]\r\nWantedBy=default.target\r\n",
		},
		{
			name: "an entry after a continuation at the end of the file",
			in:   "[Service]\nX-A=a\\",
			edit: func(f *File) error { _, err := f.Add("Service", "X-B", "b"); return err },
			want: "[Service]\nX-A=a\\\n\nX-B=b\n",
		},
		{
			name: "set on a continued entry keeps its comment lines",
			in:   "[Service]\nExecStart=/bin/echo \\\n  # the greeting\n  hello\nRestart=no\n",
			edit: func(f *File) error { _, err := f.Set("Service", "ExecStart", "/bin/echo bye"); return err },
			want: "[Service]\n  # the greeting\nExecStart=/bin/echo bye\nRestart=no\n",
		},
		{
			name: "set keeps a bom",
			in:   bom + "[Unit]\n" + "Description=a\n",
			edit: func(f *File) error { _, err := f.Set("Unit", "Description", "b"); return err },
			want: bom + "[Unit]\nDescription=b\n",
		},
		{
			name: "set on a line that lost the bom",
			in:   "# c\n" + bom + "[Unit]\n" + "Description=a\n",
			edit: func(f *File) error { _, err := f.Set("Unit", "Description", "b"); return err },
			want: "# c\n" + bom + "[Unit]\nDescription=b\n",
		},
		{
			name: "set keeps the bom of an entry line",
			in:   "[Unit]\n" + bom + "Description=a\n",
			edit: func(f *File) error { _, err := f.Set("Unit", "Description", "b"); return err },
			want: "[Unit]\n" + bom + "Description=b\n",
		},
		{
			name: "set twice on an entry an edit indented",
			in:   "[Service]\n    A=1\n",
			edit: func(f *File) error {
				if _, err := f.Add("Service", "B", "2"); err != nil {
					return err
				}
				if _, err := f.Set("Service", "B", "three"); err != nil {
					return err
				}
				if k := f.Lookup("Service", "B").Key(); k != "B" {
					return fmt.Errorf("key %q after two edits", k)
				}
				_, err := f.Set("Service", "B", "4")
				return err
			},
			want: "[Service]\n    A=1\n    B=4\n",
		},
		{
			name: "an entry ending the file gets a line end and keeps its bom",
			in:   "[Unit]\n" + bom + "Description=a",
			edit: func(f *File) error {
				if _, err := f.Add("Unit", "After=", "x"); err == nil {
					return errors.New("a key with '=' was accepted")
				}
				if _, err := f.Add("Unit", "After", "x"); err != nil {
					return err
				}
				if k := f.Lookup("Unit", "Description").Key(); k != "Description" {
					return fmt.Errorf("key %q after the line end was added", k)
				}
				return nil
			},
			want: "[Unit]\n" + bom + "Description=a\nAfter=x\n",
		},
		{
			name: "delete keeps the bom systemd stripped, so that it strips no later one",
			in:   "[Unit]\n" + bom + "A=1\n" + bom + "B=2\n",
			edit: func(f *File) error { return f.Delete(f.Lookup("Unit", "A")) },
			want: "[Unit]\n" + bom + "\n" + bom + "B=2\n",
		},
		{
			name: "set on a continued entry keeps the bom systemd stripped",
			in:   "[Unit]\n" + bom + "  A=1\\\n 2\n",
			edit: func(f *File) error {
				if _, err := f.Set("Unit", "A", "x"); err != nil {
					return err
				}
				if e := f.Lookup("Unit", "A"); e == nil || e.Value() != "x" {
					return errors.New("the entry lost its key")
				}
				return nil
			},
			want: "[Unit]\n" + bom + "  A=x\n",
		},
		{
			name: "the empty line that ends a continuation does not merge into its cr",
			in:   "[S]\nA=\\\r",
			edit: func(f *File) error { _, err := f.Add("S", "B", "2"); return err },
			want: "[S]\nA=\\\r\rB=2\n",
		},
		{
			name: "a continuation open across a comment line at the end is ended",
			in:   "[S]\\\n#",
			edit: func(f *File) error { _, err := f.Add("S", "B", "2"); return err },
			want: "[S]\\\n#\n\nB=2\n",
		},
		{
			name: "set on a continued entry ending in a comment line without a line end",
			in:   "[S]\nA=1\\\n#c",
			edit: func(f *File) error { _, err := f.Set("S", "A", "2"); return err },
			want: "[S]\n#c\nA=2\n",
		},
		{
			name: "delete",
			in:   "[Service]\nA=1\nB=2 \\\n; inner\n 3\nC=4\n",
			edit: func(f *File) error { return f.Delete(f.Lookup("Service", "B")) },
			want: "[Service]\nA=1\n; inner\nC=4\n",
		},
		{
			name: "insert a comment above an entry",
			in:   "[Service]\n    WorkingDirectory=/srv/app\n",
			edit: func(f *File) error {
				_, err := f.InsertComment(f.Lookup("Service", "WorkingDirectory"), "Customize this path")
				return err
			},
			want: "[Service]\n    # Customize this path\n    WorkingDirectory=/srv/app\n",
		},
		{
			name: "insert a comment above a header",
			in:   "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n",
			edit: func(f *File) error {
				_, err := f.InsertComment(f.Section("Service").Header, "usvc:ignore memory-max small")
				return err
			},
			want: "[Unit]\nDescription=x\n# usvc:ignore memory-max small\n[Service]\nExecStart=/bin/true\n",
		},
		{
			name: "insert a comment above the first header",
			in:   "[Unit]\n",
			edit: func(f *File) error {
				_, err := f.InsertComment(f.Sections[0].Header, "generated")
				return err
			},
			want: "# generated\n[Unit]\n",
		},
		{
			name: "build a file from nothing",
			in:   "",
			edit: func(f *File) error {
				if _, err := f.Add("Unit", "Description", "Simple Web Server"); err != nil {
					return err
				}
				if _, err := f.Add("Service", "ExecStart", "/usr/bin/python3 -m http.server 8080"); err != nil {
					return err
				}
				_, err := f.Add("Install", "WantedBy", "default.target")
				return err
			},
			want: "[Unit]\nDescription=Simple Web Server\n\n[Service]\nExecStart=/usr/bin/python3 -m http.server 8080\n\n[Install]\nWantedBy=default.target\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, "x.service", tc.in)
			if err := tc.edit(f); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(f.Bytes())); diff != "" {
				t.Errorf("after the edit (-want +got):\n%s", diff)
			}
			// The result must read back as the edit meant: parse it again
			// and compare with a parse of want.
			g := mustParse(t, "x.service", string(f.Bytes()))
			if diff := cmp.Diff(viewOf(mustParse(t, "x.service", tc.want)).Entries, viewOf(g).Entries); diff != "" {
				t.Errorf("re-parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditRefusals(t *testing.T) {
	f := mustParse(t, "x.service", "[Service]\nA=1\n")
	bad := []struct {
		name string
		do   func() error
		want string
	}{
		{"newline in value", func() error { _, err := f.Set("Service", "A", "x\nB=2"); return err }, "line end"},
		{"cr in value", func() error { _, err := f.Set("Service", "A", "x\rB=2"); return err }, "line end"},
		{"nul in value", func() error { _, err := f.Set("Service", "A", "x\x00"); return err }, "line end"},
		{"trailing backslash", func() error { _, err := f.Set("Service", "A", `x\`); return err }, "backslash"},
		{"leading space", func() error { _, err := f.Set("Service", "A", " x"); return err }, "trims"},
		{"invalid utf8", func() error { _, err := f.Set("Service", "A", "\xff"); return err }, "UTF-8"},
		{"noncharacter", func() error { _, err := f.Set("Service", "A", "\uFFFE"); return err }, "UTF-8"},
		{"equals in key", func() error { _, err := f.Set("Service", "A=B", "x"); return err }, "'='"},
		{"comment key", func() error { _, err := f.Set("Service", "#A", "x"); return err }, "not an assignment"},
		{"header key", func() error { _, err := f.Set("Service", "[A", "x"); return err }, "not an assignment"},
		{"empty key", func() error { _, err := f.Set("Service", "", "x"); return err }, "empty key"},
		{"bad section", func() error { _, err := f.AddSection("X-\"q\""); return err }, "quotes"},
		{"section with a newline", func() error { _, err := f.AddSection("A\nB"); return err }, "control"},
		{"comment with a newline", func() error { _, err := f.InsertComment(f.Sections[0].Header, "a\n[Service]"); return err }, "line end"},
	}
	for _, tc := range bad {
		err := tc.do()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
	if got := string(f.Bytes()); got != "[Service]\nA=1\n" {
		t.Errorf("refused edits changed the file: %q", got)
	}
}

func TestSetValueKeepsOtherBytes(t *testing.T) {
	// Every corpus-like construct around the edited entry stays as it was.
	in := "# head\n\n[Unit]\r\nDescription=old  # kept\n\t; c\n[X-Y]\nZ=1\n[Service]\nExecStart=/bin/true\n"
	f := mustParse(t, "x.service", in)
	if err := f.SetValue(f.Lookup("Unit", "Description"), "new"); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(in, "old  # kept", "new", 1)
	if got := string(f.Bytes()); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
