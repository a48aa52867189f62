package readfiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// outcome summarises what reading one file gave: "data:CONTENT",
// "missing" (fs.ErrNotExist) or "error" (any other error).
func outcome(data []byte, err error) string {
	switch {
	case err == nil:
		return "data:" + string(data)
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	default:
		return "error"
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.service", "[Service]\nExecStart=/a\n")
	write("b.service", "[Service]\nExecStart=/b\n")
	write("empty.service", "")
	// Bigger than os.ReadFile's first buffer and a page.
	big := strings.Repeat("# a comment line of forty bytes, or so\n", 130)
	write("big.service", big)
	// Bigger than ReadRegular's buffer: it reads on until the end.
	huge := strings.Repeat("# a comment line of forty bytes, or so\n", 5000)
	write("huge.service", huge)
	// Sizes around the first buffer (the size plus one byte, at least
	// 512), where a read that fills it must not be taken for the end.
	edges := map[string]string{}
	for _, n := range []int{511, 512, 513, 4095, 4096, 4097} {
		name := fmt.Sprintf("edge%d.service", n)
		edges[name] = strings.Repeat("x", n)
		write(name, edges[name])
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub.d", "x.conf"), []byte("[Service]\nNice=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var many, manyWant []string
	for i := range 50 {
		name := fmt.Sprintf("f%02d.service", i)
		write(name, name)
		// Listed backwards: the order of paths, not of the directory,
		// decides the order of the results.
		many = append([]string{name}, many...)
		manyWant = append([]string{"data:" + name}, manyWant...)
	}

	tests := []struct {
		name  string
		paths []string // relative to dir
		want  []string // outcome of each path, in order
	}{
		{name: "no files", paths: nil, want: []string{}},
		{name: "one file", paths: []string{"a.service"}, want: []string{"data:[Service]\nExecStart=/a\n"}},
		{
			name:  "order of paths kept",
			paths: []string{"b.service", "a.service", "b.service"},
			want:  []string{"data:[Service]\nExecStart=/b\n", "data:[Service]\nExecStart=/a\n", "data:[Service]\nExecStart=/b\n"},
		},
		{name: "empty file", paths: []string{"empty.service"}, want: []string{"data:"}},
		{name: "big file", paths: []string{"big.service", "a.service"}, want: []string{"data:" + big, "data:[Service]\nExecStart=/a\n"}},
		{name: "file over 64 KiB", paths: []string{"huge.service", "a.service"}, want: []string{"data:" + huge, "data:[Service]\nExecStart=/a\n"}},
		{
			name:  "missing file among others",
			paths: []string{"a.service", "gone.service", "b.service"},
			want:  []string{"data:[Service]\nExecStart=/a\n", "missing", "data:[Service]\nExecStart=/b\n"},
		},
		{
			name:  "a directory cannot be read",
			paths: []string{"a.service", "sub.d", "b.service"},
			want:  []string{"data:[Service]\nExecStart=/a\n", "error", "data:[Service]\nExecStart=/b\n"},
		},
		{name: "more files than workers", paths: many, want: manyWant},
		{
			// A reader keeps one directory open: moving between two
			// makes it reopen, and a file in a missing one fails alone.
			name:  "directories interleaved",
			paths: []string{"a.service", "sub.d/x.conf", "b.service", "gone.d/y.conf", "sub.d/x.conf", "a.service"},
			want: []string{"data:[Service]\nExecStart=/a\n", "data:[Service]\nNice=1\n", "data:[Service]\nExecStart=/b\n",
				"missing", "data:[Service]\nNice=1\n", "data:[Service]\nExecStart=/a\n"},
		},
		{
			name:  "sizes around the first buffer",
			paths: []string{"edge511.service", "edge512.service", "edge513.service", "edge4095.service", "edge4096.service", "edge4097.service"},
			want: []string{"data:" + edges["edge511.service"], "data:" + edges["edge512.service"], "data:" + edges["edge513.service"],
				"data:" + edges["edge4095.service"], "data:" + edges["edge4096.service"], "data:" + edges["edge4097.service"]},
		},
		{
			name:  "errors among many files keep their place",
			paths: append(append([]string{"gone.service"}, many[:25]...), append([]string{"sub.d"}, many[25:]...)...),
			want:  append(append([]string{"missing"}, manyWant[:25]...), append([]string{"error"}, manyWant[25:]...)...),
		},
	}
	for _, tt := range tests {
		paths := make([]string, len(tt.paths))
		for i, p := range tt.paths {
			paths[i] = filepath.Join(dir, p)
		}
		// What os.ReadFile gives, one file after the other: ReadRegular
		// must give exactly that, errors included.
		wantData := [][]byte{}
		wantErrs := []string{}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			wantData = append(wantData, b)
			wantErrs = append(wantErrs, fmt.Sprint(err))
		}
		run := map[string]func([]string) ([][]byte, []error){"ReadRegular": func(p []string) ([][]byte, []error) { return asBytes(ReadRegular(p)) }}
		for _, w := range []int{1, 2, 3, 8, 64} {
			run[fmt.Sprintf("workers=%d", w)] = func(p []string) ([][]byte, []error) { return asBytes(readAll(p, w)) }
		}
		for how, readAll := range run {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				data, errs := readAll(paths)
				if len(data) != len(paths) || len(errs) != len(paths) {
					t.Fatalf("%d paths, got %d contents and %d errors", len(paths), len(data), len(errs))
				}
				got := make([]string, len(paths))
				gotErrs := make([]string, len(paths))
				for i := range paths {
					got[i] = outcome(data[i], errs[i])
					gotErrs[i] = fmt.Sprint(errs[i])
					// Callers strip the path from the error to name the
					// file their own way.
					var pe *fs.PathError
					if errs[i] != nil && (!errors.As(errs[i], &pe) || pe.Path != paths[i]) {
						t.Errorf("%s: error %v is not an *fs.PathError naming the file", paths[i], errs[i])
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("outcomes (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(wantData, data); diff != "" {
					t.Errorf("contents differ from os.ReadFile (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(wantErrs, gotErrs); diff != "" {
					t.Errorf("errors differ from os.ReadFile (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestReadRelative reads names relative to the working directory, with
// and without a directory part.
func TestReadRelative(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"top.service": "top", "d/in.service": "in"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	paths := []string{"top.service", "d/in.service", "./top.service", "d/../top.service", "d/gone.service"}
	data, errs := asBytes(readAll(paths, 1))
	got := make([]string, len(paths))
	for i := range paths {
		got[i] = outcome(data[i], errs[i])
	}
	want := []string{"data:top", "data:in", "data:top", "data:top", "missing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
}

// asBytes gives ReadRegular's strings as os.ReadFile gives contents: nil
// after a failed open, a slice (maybe empty) otherwise.
func asBytes(texts []string, errs []error) ([][]byte, []error) {
	data := make([][]byte, len(texts))
	for i, s := range texts {
		var pe *fs.PathError
		if errs[i] == nil || !errors.As(errs[i], &pe) || pe.Op != "open" {
			data[i] = []byte(s)
		}
	}
	return data, errs
}
