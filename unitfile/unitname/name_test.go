package unitname

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKindOf(t *testing.T) {
	long := strings.Repeat("a", 255-len(".service")) + ".service" // 255 bytes
	tests := []struct {
		name   string
		kind   Kind
		offset int // of the error; -1 for a valid name
	}{
		{"foo.service", Plain, -1},
		{"foo@.service", Template, -1},
		{"foo@bar.service", Instance, -1},
		{"x@p@q.service", Instance, -1}, // more "@" in the instance, SYNTAX.md §11
		{"x@@.service", Instance, -1},   // the instance is "@"
		{"foo.service.service", Plain, -1},
		{"-.service", Plain, -1},
		{"-.mount", Plain, -1},
		{"a:b_c.d-e\\x2d.socket", Plain, -1},
		{"web-x@p\\x2dq.service", Instance, -1},
		{".a.service", Plain, -1}, // the "." at 0 is not the last one
		{long, Plain, -1},
		{long[:len(long)-len(".service")] + "a.service", 0, 255}, // 256 bytes
		{"", 0, 0},
		{"foo", 0, 3},
		{".service", 0, 0},
		{"foo.", 0, 4},
		{"foo.Service", 0, 4},
		{"foo.unit", 0, 4},
		{"@bar.service", 0, 0},
		{"@.service", 0, 0},
		{"f o.service", 0, 1},
		{"föö.service", 0, 1},
		{"a%i.service", 0, 1},
		{"a/b.service", 0, 1},
		{"foo@b\tr.service", 0, 5},
		{"a*.service", 0, 1},
	}
	for _, tc := range tests {
		k, err := KindOf(tc.name)
		if tc.offset < 0 {
			if err != nil || k != tc.kind {
				t.Errorf("KindOf(%q) = %v, %v; want %v, nil", tc.name, k, err, tc.kind)
			}
			if !Valid(tc.name, tc.kind) || Valid(tc.name, Any&^tc.kind) {
				t.Errorf("Valid(%q) disagrees with kind %v", tc.name, tc.kind)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) {
			t.Errorf("KindOf(%q) error = %v; want *Error wrapping ErrInvalid", tc.name, err)
			continue
		}
		if e.Offset != tc.offset {
			t.Errorf("KindOf(%q) offset = %d (%s); want %d", tc.name, e.Offset, e.Reason, tc.offset)
		}
		if Valid(tc.name, Any) {
			t.Errorf("Valid(%q, Any) = true; want false", tc.name)
		}
	}
}

func TestTypes(t *testing.T) {
	if len(Types) != 11 {
		t.Fatalf("len(Types) = %d; want 11", len(Types))
	}
	for _, ty := range Types {
		n := "a." + ty
		if Type(n) != ty {
			t.Errorf("Type(%q) = %q", n, Type(n))
		}
	}
	if Type("a.conf") != "" || IsType(".service") || IsType("") {
		t.Error("non-types accepted")
	}
}

func TestParts(t *testing.T) {
	type parts struct {
		Prefix, Instance, PrefixAndInstance, Template, Type string
		Kind                                                Kind
	}
	tests := []struct {
		name string
		want parts
	}{
		{"foo.service", parts{"foo", "", "foo", "", "service", Plain}},
		{"foo@.socket", parts{"foo", "", "foo@", "foo@.socket", "socket", Template}},
		{"getty@tty1.service", parts{"getty", "tty1", "getty@tty1", "getty@.service", "service", Instance}},
		{"x@p@q.service", parts{"x", "p@q", "x@p@q", "x@.service", "service", Instance}},
		{"web-x@p\\x2dq.d.timer", parts{"web-x", "p\\x2dq.d", "web-x@p\\x2dq.d", "web-x@.timer", "timer", Instance}},
		{"a.b.service", parts{"a.b", "", "a.b", "", "service", Plain}},
	}
	for _, tc := range tests {
		var got parts
		var err error
		if got.Prefix, err = Prefix(tc.name); err != nil {
			t.Fatal(err)
		}
		if got.Instance, got.Kind, err = InstanceOf(tc.name); err != nil {
			t.Fatal(err)
		}
		if got.PrefixAndInstance, err = PrefixAndInstance(tc.name); err != nil {
			t.Fatal(err)
		}
		got.Template, _ = TemplateOf(tc.name)
		got.Type = Type(tc.name)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("parts of %q (-want +got):\n%s", tc.name, diff)
		}
	}
	for _, bad := range []string{"", "@a.service", "foo"} {
		if _, err := Prefix(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Prefix(%q) error = %v", bad, err)
		}
		if _, _, err := InstanceOf(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("InstanceOf(%q) error = %v", bad, err)
		}
		if _, err := PrefixAndInstance(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("PrefixAndInstance(%q) error = %v", bad, err)
		}
	}
	if _, err := TemplateOf("foo.service"); !errors.Is(err, ErrInvalid) {
		t.Errorf("TemplateOf(plain) error = %v", err)
	}
}

func TestReplaceInstance(t *testing.T) {
	tests := []struct {
		name, instance, want string
		err                  bool
	}{
		{"getty@.service", "tty1", "getty@tty1.service", false},
		{"getty@tty2.service", "tty1", "getty@tty1.service", false},
		{"a@b@c.service", "x", "a@x.service", false},
		{"a@.service", "x@y", "a@x@y.service", false},
		{"a.service", "x", "", true},    // not a template
		{"a@.service", "", "", true},    // empty instance
		{"a@.service", "a/b", "", true}, // not escaped
		{"a@.service", "é", "", true},   // not escaped
		{"a@.service", strings.Repeat("i", 255-len("a@.service")), "a@" + strings.Repeat("i", 255-len("a@.service")) + ".service", false},
		{"a@.service", strings.Repeat("i", 256-len("a@.service")), "", true}, // result 256 bytes
	}
	for _, tc := range tests {
		got, err := ReplaceInstance(tc.name, tc.instance)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ReplaceInstance(%q, %q) = %q, %v; want %q, err %v", tc.name, tc.instance, got, err, tc.want, tc.err)
		}
	}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		prefix, instance, typ, want string
	}{
		{"foo", "", "service", "foo.service"},
		{"foo", "bar", "socket", "foo@bar.socket"},
		{"foo@x", "", "service", ""}, // "@" is not allowed in a prefix
		{"", "", "service", ""},
		{"foo", "", "conf", ""},
		{"foo", "a b", "service", ""},
		{strings.Repeat("p", 248), "", "service", ""}, // 256 bytes
		{strings.Repeat("p", 247), "", "service", strings.Repeat("p", 247) + ".service"},
	}
	for _, tc := range tests {
		got, err := Build(tc.prefix, tc.instance, tc.typ)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("Build(%q, %q, %q) = %q, %v; want %q", tc.prefix, tc.instance, tc.typ, got, err, tc.want)
		}
	}
}

func TestChangeSuffix(t *testing.T) {
	tests := []struct{ name, suffix, want string }{
		{"foo.service", ".socket", "foo.socket"},
		{"foo@bar.timer", ".service", "foo@bar.service"},
		{"foo.service", "socket", ""},
		{"foo.service", ".conf", ""},
		{"foo", ".service", ""},
		{strings.Repeat("a", 250) + ".path", ".automount", ""}, // grows past 255
	}
	for _, tc := range tests {
		got, err := ChangeSuffix(tc.name, tc.suffix)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("ChangeSuffix(%q, %q) = %q, %v; want %q", tc.name, tc.suffix, got, err, tc.want)
		}
	}
}

func TestDropInNames(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"foo.service", []string{"foo.service"}},
		// SYNTAX.md §10: each step chops the last "-"-component
		{"app-web-api.service", []string{"app-web-api.service", "app-web-.service", "app-.service"}},
		// SYNTAX.md §10, the instance case, in systemd's order
		{"app-web@inst.service", []string{
			"app-web@inst.service", "app-web@.service", "app-.service",
			"app-@inst.service", "app-@.service",
		}},
		{"foo@bar.service", []string{"foo@bar.service", "foo@.service"}},
		{"foo@.service", []string{"foo@.service"}},
		// a template chains to plain names: it has no instance to keep
		{"a-b@.service", []string{"a-b@.service", "a-.service"}},
		// a trailing dash is chopped once before looking for the next one
		{"app-web-.service", []string{"app-web-.service", "app-.service"}},
		{"app--x.service", []string{"app--x.service", "app--.service", "app-.service"}},
		// a leading dash ends the chain
		{"-.mount", []string{"-.mount"}},
		{"-foo.service", []string{"-foo.service"}},
		{"-foo-bar.service", []string{"-foo-bar.service", "-foo-.service"}},
		{"user-1000.slice", []string{"user-1000.slice", "user-.slice"}},
		// "-" inside the instance does not count
		{"a@b-c.service", []string{"a@b-c.service", "a@.service"}},
		{"sys-devices-x\\x2dy.device", []string{"sys-devices-x\\x2dy.device", "sys-devices-.device", "sys-.device"}},
	}
	for _, tc := range tests {
		got, err := DropInNames(tc.name)
		if err != nil {
			t.Errorf("DropInNames(%q): %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("DropInNames(%q) (-want +got):\n%s", tc.name, diff)
		}
	}
	if _, err := DropInNames("foo"); err == nil {
		t.Error("DropInNames(\"foo\") gave no error")
	}
}
