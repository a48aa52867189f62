package unitname

import "strings"

// DropInNames are the unit names whose "NAME.d/" directories systemd
// searches for drop-ins of name, within one unit directory, in the order
// it searches them (src/shared/dropin.c: unit_file_find_dirs()):
//
//   - the name itself;
//   - for an instance, the template and, recursively, the template's own
//     chain;
//   - the name with its prefix cut after the previous "-", recursively:
//     "app-web-api.service" gives "app-web-.service", then "app-.service".
//     An instance keeps its instance: "app-web@x.service" gives
//     "app-@x.service".
//
// The result for "app-web@x.service" is app-web@x.service,
// app-web@.service, app-.service, app-@x.service, app-@.service.
// The type-level directory ("service.d/") is not included: systemd adds
// it after the chains of all names and aliases, in every unit directory.
// Earlier entries win when two directories hold a file of the same name.
func DropInNames(name string) ([]string, error) {
	if _, err := parse(name); err != nil {
		return nil, err
	}
	var out []string
	dropInNames(name, &out)
	return out, nil
}

func dropInNames(name string, out *[]string) {
	*out = append(*out, name)

	isInstance := Valid(name, Instance)
	if isInstance {
		t, _ := TemplateOf(name) // cannot fail: name is a valid instance
		dropInNames(t, out)
	}

	prefix, _ := Prefix(name)
	// Find the last "-"; a trailing one is chopped once and the search
	// repeated, so "a-b-" steps to "a-", not to itself.
	chopped := false
	for {
		dash := strings.LastIndexByte(prefix, '-')
		if dash <= 0 { // no dash, or a leading one: done
			return
		}
		if dash+1 != len(prefix) || chopped {
			prefix = prefix[:dash+1]
			break
		}
		prefix = prefix[:dash]
		chopped = true
	}
	if !PrefixValid(prefix) {
		return
	}
	instance := ""
	if isInstance {
		instance, _, _ = InstanceOf(name)
	}
	built, err := Build(prefix, instance, Type(name))
	if err != nil {
		return
	}
	dropInNames(built, out)
}
