package load

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/unitname"
)

// listing is what one directory holds, read once per Loader.
type listing struct {
	// real is the directory with symlinks resolved inside the root: the
	// path to read its entries' metadata through.
	real    string
	entries []fs.DirEntry
	err     error
}

// dirListing reads directory p (inside the image, symlinks followed) once
// and keeps the result.
func (l *Loader) dirListing(p string) *listing {
	if ls, ok := l.listings[p]; ok {
		return ls
	}
	ls := &listing{}
	real, err := l.im.chase(p, false, false)
	if err == nil {
		ls.real = real
		ls.entries, err = l.im.readDir(real)
	}
	ls.err = err
	l.listings[p] = ls
	return ls
}

// target is where a name of the unit id map leads: a file path (a unit
// file, or a link to one outside the search path) or another unit name
// (an alias inside the search path).
type target struct {
	path  string
	alias string
}

// nameMap is src/basic/unit-file.c: unit_file_build_name_map() for one
// search path: every unit name the directories hold, what it leads to, and
// which directories exist for drop-ins and dependency links.
type nameMap struct {
	dirs []string
	// expanded is the search path plus the real paths of directories that
	// are links, for telling an alias from a linked unit file.
	expanded []string
	ids      map[string]target
	// pathCache holds "dir/name" of each directory (or link to one) in a
	// search directory whose name is a valid NAME.d, NAME.wants,
	// NAME.requires or TYPE.d.
	pathCache map[string]bool
	// reverse maps a name to the names that lead to it, built on first
	// use (unit_names_map).
	reverse map[string][]reverseEntry
}

type reverseEntry struct {
	src, dst string // dst: the fragment path src resolves to
}

// nameMapFor builds (once) the name map of a search path.
func (l *Loader) nameMapFor(dirs []string) *nameMap {
	key := strings.Join(dirs, "\x00")
	if m, ok := l.maps[key]; ok {
		return m
	}
	m := &nameMap{dirs: dirs, ids: map[string]target{}, pathCache: map[string]bool{}}
	for _, d := range dirs {
		m.expanded = append(m.expanded, d)
		if r, err := l.im.chase(d, false, false); err == nil && !contains(m.expanded, r) {
			m.expanded = append(m.expanded, r)
		}
	}
	for _, d := range dirs {
		ls := l.dirListing(d)
		for _, de := range ls.entries {
			name := de.Name()
			full := path.Join(d, name)
			switch t := de.Type(); {
			case t.IsRegular():
				if !unitname.Valid(name, unitname.Any) {
					continue
				}
				if _, seen := m.ids[name]; !seen {
					m.ids[name] = target{path: full}
				}
			case t.IsDir():
				if dirNameValid(name) {
					m.pathCache[full] = true
				}
			case t&fs.ModeSymlink != 0:
				if !unitname.Valid(name, unitname.Any) {
					if dirNameValid(name) && l.linkIsDir(path.Join(ls.real, name)) {
						m.pathCache[full] = true
					}
					continue
				}
				if _, seen := m.ids[name]; seen {
					continue
				}
				if tg, ok := l.resolveLink(m, d, ls.real, name); ok {
					m.ids[name] = tg
				}
			}
		}
	}
	l.maps[key] = m
	return m
}

// linkIsDir is the is_dir(target, true) check unit_file_build_name_map()
// makes for a link named like a drop-in directory; link is its path with
// the directory resolved. systemd passes the raw link text, so a relative
// target is taken relative to the manager's working directory, not to the
// link (Loader.Cwd, "/" for a manager).
func (l *Loader) linkIsDir(link string) bool {
	t, err := l.im.readlink(link)
	if err != nil {
		return false
	}
	t = strings.ReplaceAll(t, "\\", "/")
	if !path.IsAbs(t) {
		t = join(l.cwd(), t)
	}
	r, err := l.im.chase(t, false, false)
	if err != nil {
		return false
	}
	fi, err := l.im.lstat(r)
	return err == nil && fi.IsDir()
}

// resolveLink is unit_file_resolve_symlink() for a link in a search
// directory: a link to a file inside the search path is an alias (valid
// ones only); any other link, /dev/null masks included, is a linked unit
// file, named by the link's own path. dir is the search directory as
// given, real the same with symlinks resolved.
func (l *Loader) resolveLink(m *nameMap, dir, real, name string) (target, bool) {
	full := path.Join(dir, name)
	t, err := l.im.readlink(path.Join(real, name))
	if err != nil {
		return target{}, false
	}
	t = strings.ReplaceAll(t, "\\", "/")
	if !path.IsAbs(t) {
		t = join(dir, t)
	}
	simplified, err := l.im.chase(t, true, true)
	if err != nil {
		return target{}, false
	}
	for _, d := range m.expanded {
		if _, ok := pathStartsWith(simplified, d); ok {
			dst := path.Base(simplified)
			if validateAlias(name, dst) != nil {
				return target{}, false
			}
			return target{alias: dst}, true
		}
	}
	return target{path: full}, true
}

// pathStartsWith is path_startswith(): p is prefix or below it, compared
// by components; the rest is returned.
func pathStartsWith(p, prefix string) (string, bool) {
	if prefix == "/" {
		return strings.TrimLeft(p, "/"), strings.HasPrefix(p, "/")
	}
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	return strings.TrimLeft(rest, "/"), true
}

// errAlias explains why a link is no valid alias.
var errAlias = errors.New("invalid alias")

// aliasTypes and templateTypes are unit_type_may_alias() and
// unit_type_may_template().
var (
	aliasTypes    = map[string]bool{"service": true, "socket": true, "target": true, "device": true, "timer": true, "path": true}
	templateTypes = map[string]bool{"service": true, "socket": true, "target": true, "timer": true, "path": true}
)

// validateAlias is unit_validate_alias_symlink_or_warn(): whether the link
// src may be an alias of dst.
func validateAlias(src, dst string) error {
	srcInst, srcKind, err := unitname.InstanceOf(src)
	if err != nil {
		return err
	}
	typ := unitname.Type(src)
	if !aliasTypes[typ] || (srcKind != unitname.Plain && !templateTypes[typ]) {
		return errAlias
	}
	if src == dst {
		return errAlias // self-alias, ignored
	}
	dstInst, dstKind, err := unitname.InstanceOf(dst)
	if err != nil {
		return errAlias
	}
	if dstKind != srcKind && (srcKind != unitname.Instance || dstKind != unitname.Template) {
		return errAlias
	}
	if dstKind == unitname.Instance && srcInst != dstInst {
		return errAlias
	}
	if unitname.Type(dst) != typ {
		return errAlias
	}
	return nil
}

// dirNameValid is directory_name_is_valid(): NAME.wants, NAME.requires or
// NAME.d for a valid unit name or a unit type.
func dirNameValid(name string) bool {
	for _, suffix := range []string{".wants", ".requires", ".d"} {
		if c, ok := strings.CutSuffix(name, suffix); ok {
			if unitname.Valid(c, unitname.Any) || unitname.IsType(c) {
				return true
			}
		}
	}
	return false
}

// followMax is FOLLOW_MAX of unit-file.c: alias chains longer than this
// are ELOOP.
const followMax = 8

var (
	// errNoName is ENOENT: the name is not in the map at all.
	errNoName = errors.New("no such unit file")
	// errBroken is ENXIO: an alias leads to a name that does not exist.
	errBroken = errors.New("alias target not found")
	// errAliasLoop is ELOOP: aliases lead in a circle.
	errAliasLoop = errors.New("too many levels of aliases")
)

// get is unit_ids_map_get(): follow aliases to a file path.
func (m *nameMap) get(name string) (string, error) {
	id := ""
	for range followMax {
		cur := name
		if id != "" {
			cur = id
		}
		t, ok := m.ids[cur]
		if !ok {
			if id == "" {
				return "", errNoName
			}
			tmpl, err := unitname.TemplateOf(id)
			if err != nil {
				return "", errBroken
			}
			if t, ok = m.ids[tmpl]; !ok {
				return "", errBroken
			}
		}
		if t.path != "" {
			return t.path, nil
		}
		id = t.alias
	}
	return "", errAliasLoop
}

// buildReverse fills the alias database: for each name, the names that
// lead to it (the second map of unit_file_build_name_map()).
func (m *nameMap) buildReverse() {
	if m.reverse != nil {
		return
	}
	m.reverse = map[string][]reverseEntry{}
	srcs := make([]string, 0, len(m.ids))
	for s := range m.ids {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, src := range srcs {
		dstPath, err := m.get(src)
		if err != nil {
			continue
		}
		dst := path.Base(dstPath)
		// A link from an instance name to a template is an alias of that
		// one instance only.
		if unitname.Valid(dst, unitname.Template) {
			if inst, kind, err := unitname.InstanceOf(src); err == nil && kind == unitname.Instance {
				d, err := unitname.ReplaceInstance(dst, inst)
				if err != nil {
					continue
				}
				dst = d
			}
		}
		m.reverse[dst] = append(m.reverse[dst], reverseEntry{src: src, dst: dstPath})
	}
}

// aliasesOf returns the names leading to name, leaving out those whose
// fragment is masked or unreadable, as unit_file_build_name_map() does
// with null_or_empty_path().
func (l *Loader) aliasesOf(m *nameMap, name string) []string {
	m.buildReverse()
	var out []string
	for _, e := range m.reverse[name] {
		if !l.im.null(e.dst) {
			out = append(out, e.src)
		}
	}
	return out
}

// findFragment is unit_file_find_fragment(): the fragment path of name
// ("" when none) and every name of the unit.
func (l *Loader) findFragment(m *nameMap, name string) (string, []string, error) {
	instance, kind, err := unitname.InstanceOf(name)
	if err != nil {
		return "", nil, err
	}
	names := map[string]bool{}
	addNames := func(n, fragmentBase string) {
		if kind != unitname.Template {
			names[n] = true
		}
		for _, a := range l.aliasesOf(m, n) {
			if kind == unitname.Instance && unitname.Valid(a, unitname.Template) {
				inst, err := unitname.ReplaceInstance(a, instance)
				if err != nil {
					continue
				}
				// Leave out aliases that lead somewhere else for this
				// instance (systemd PR 13119).
				if f, err := m.get(inst); err == nil && fragmentBase != "" && path.Base(f) != fragmentBase {
					continue
				}
				names[inst] = true
			} else {
				names[a] = true
			}
		}
	}
	addNames(name, "")
	fragment, err := m.get(name)
	if err != nil && !errors.Is(err, errNoName) && !errors.Is(err, errBroken) {
		return "", nil, err
	}
	if fragment == "" && kind == unitname.Instance {
		tmpl, _ := unitname.TemplateOf(name)
		fragment, err = m.get(tmpl)
		if err != nil && !errors.Is(err, errNoName) && !errors.Is(err, errBroken) {
			return "", nil, err
		}
	}
	if fragment != "" {
		if b := path.Base(fragment); b != name {
			addNames(b, b)
		}
	}
	out := make([]string, 0, len(names))
	for n := range names {
		// unit_merge_by_name() gives a template name the unit's instance
		if kind == unitname.Instance && unitname.Valid(n, unitname.Template) {
			if i, err := unitname.ReplaceInstance(n, instance); err == nil {
				n = i
			}
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return fragment, out, nil
}

// dropInDirs is unit_file_find_dropin_paths() up to the list of
// directories: for the unit's id and then each alias, every search
// directory's NAME.d, the template's and the prefixes' (in
// unitname.DropInNames order), then every search directory's TYPE.d.
// Directories are resolved and each appears once.
func (l *Loader) dropInDirs(m *nameMap, id string, aliases []string) []string {
	var dirs []string
	add := func(p string) bool {
		if !m.pathCache[p] {
			return true
		}
		r, err := l.im.chase(p, false, false)
		if err != nil {
			// unit_file_add_dir(): a missing directory is skipped, any
			// other failure ends this name's search in this directory
			return errors.Is(err, fs.ErrNotExist)
		}
		if !contains(dirs, r) {
			dirs = append(dirs, r)
		}
		return true
	}
	for _, n := range append([]string{id}, aliases...) {
		chain, err := unitname.DropInNames(n)
		if err != nil {
			continue
		}
		for _, d := range m.dirs {
			for _, c := range chain {
				if !add(path.Join(d, c+".d")) {
					break
				}
			}
		}
	}
	if typ := unitname.Type(id); typ != "" {
		for _, d := range m.dirs {
			add(path.Join(d, typ+".d"))
		}
	}
	return dirs
}

// dropInFiles is conf_files_list_strv(dirs, ".conf"): the *.conf files of
// the directories, hidden names skipped, the first directory winning a
// file name, sorted by file name whatever the directory.
func (l *Loader) dropInFiles(dirs []string) []string {
	byName := map[string]string{}
	var names []string
	for _, d := range dirs {
		ls := l.dirListing(d)
		for _, de := range ls.entries {
			n := de.Name()
			if !strings.HasSuffix(n, ".conf") || hiddenOrBackup(n) {
				continue
			}
			if _, seen := byName[n]; seen {
				continue
			}
			byName[n] = path.Join(d, n)
			names = append(names, n)
		}
	}
	sort.Strings(names) // base_cmp(): strcmp of the file names
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out
}

// hiddenOrBackup is src/basic/dirent-util.c: hidden_or_backup_file(),
// which FOREACH_DIRENT applies. For a *.conf name only the leading "."
// can apply, but the whole rule is kept for clarity.
func hiddenOrBackup(n string) bool {
	if strings.HasPrefix(n, ".") || n == "lost+found" || n == "aquota.user" || n == "aquota.group" || strings.HasSuffix(n, "~") {
		return true
	}
	i := strings.LastIndexByte(n, '.')
	if i < 0 {
		return false
	}
	switch n[i+1:] {
	case "rpmnew", "rpmsave", "rpmorig", "dpkg-old", "dpkg-new", "dpkg-tmp", "dpkg-dist", "dpkg-bak",
		"dpkg-backup", "dpkg-remove", "ucf-new", "ucf-old", "ucf-dist", "swp", "bak", "old", "new":
		return true
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// typeOf is the unit type of a unit name, as unitfile names it.
func typeOf(name string) string { return unitfile.TypeOf(name) }
