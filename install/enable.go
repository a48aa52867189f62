package install

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/usvc/usvc/unitfile"
	"github.com/usvc/usvc/unitfile/specifier"
	"github.com/usvc/usvc/unitfile/unitname"
	"github.com/usvc/usvc/unitfile/words"
)

// systemdVersion is the release whose `systemctl enable` the engine
// mirrors.
const systemdVersion = 252

// LinkKind says which [Install] setting asked for a link.
type LinkKind string

// The kinds of enablement links.
const (
	Wants    LinkKind = "wants"    // WantedBy=: TARGET.wants/UNIT
	Requires LinkKind = "requires" // RequiredBy=: TARGET.requires/UNIT
	Alias    LinkKind = "alias"    // Alias=: a link named as the alias
)

// LinkState says what enabling does about one link.
type LinkState string

// The states of a planned link.
const (
	LinkPresent LinkState = "present" // an equivalent link is there already
	LinkCreate  LinkState = "create"  // nothing there: created
	LinkReplace LinkState = "replace" // a .wants/.requires link to elsewhere: replaced
)

// Link is one symlink that enabling a unit creates, exactly as `systemctl
// --user enable` creates it: in the user's unit directory, pointing at the
// absolute path (inside the root) of the unit file, as create_symlink()
// in src/shared/install.c writes it.
type Link struct {
	Path   string    `json:"path"`
	Target string    `json:"target"`
	Unit   string    `json:"unit"`
	Kind   LinkKind  `json:"kind"`
	State  LinkState `json:"state"`
}

// EnablePlan is what enabling a set of units does.
type EnablePlan struct {
	Links []Link
	// Notes are what systemctl prints as notices: a destination that does
	// not exist, an Also= unit that is missing, a unit without [Install]
	// rules.
	Notes []string
	// Errors are links that cannot be made (a conflicting alias, a bad
	// destination name, a specifier that does not resolve). The other
	// links are still made, as systemctl does.
	Errors []error
}

// Changed reports whether applying the plan changes anything.
func (p *EnablePlan) Changed() bool {
	for _, l := range p.Links {
		if l.State != LinkPresent {
			return true
		}
	}
	return false
}

// installConfig is what [Install] says, after the unit file and its
// drop-ins are read (unit_file_load() in src/shared/install.c).
type installConfig struct {
	aliases, wantedBy, requiredBy []string
	also                          []string
	defaultInstance               string
}

func (c *installConfig) rules() int {
	return len(c.aliases) + len(c.wantedBy) + len(c.requiredBy)
}

// unitInfo is one unit being enabled or disabled (InstallInfo).
type unitInfo struct {
	name      string
	path      string // the unit file inside the target; "" when not found
	aux       bool   // named by Also=, not on the command line
	masked    bool
	searched  bool
	loaded    bool
	notFound  bool
	cfg       installConfig
	loadError error
}

// enabler walks units the way install_context_apply() does.
type enabler struct {
	t       *Target
	overlay map[string][]byte // files about to be written (dry run)
	force   bool
	env     specifier.Env
	queue   []*unitInfo
	byName  map[string]*unitInfo
	plan    EnablePlan
	planned map[string]int
}

func (t *Target) newEnabler(overlay map[string][]byte, force bool) *enabler {
	acct := specifier.Account{Name: t.User.Name, Home: t.User.Home, Group: t.User.Group}
	if t.User.UID >= 0 {
		acct.UID = uint32(t.User.UID)
	}
	if t.User.GID >= 0 {
		acct.GID = uint32(t.User.GID)
	}
	env := specifier.NewEnv(specifier.User, systemdVersion, "", acct, nil)
	if !t.Offline() {
		if h, err := specifier.FromHost(specifier.User, systemdVersion, ""); err == nil {
			h.UserName, h.UID, h.GroupName, h.GID = env.UserName, env.UID, env.GroupName, env.GID
			env = h
		}
	}
	return &enabler{t: t, overlay: overlay, force: force, env: env,
		byName: map[string]*unitInfo{}, planned: map[string]int{}}
}

func (e *enabler) add(name string, aux bool) *unitInfo {
	if i, ok := e.byName[name]; ok {
		i.aux = i.aux && aux
		return i
	}
	i := &unitInfo{name: name, aux: aux}
	e.byName[name] = i
	e.queue = append(e.queue, i)
	return i
}

// PlanEnable works out the links that enabling names creates, reading the
// unit files from the user's unit search path inside the target. overlay
// holds files about to be written (path inside the target -> content), so
// a dry run sees them. Nothing is changed; Apply makes the links.
//
// The walk is install_context_apply() of systemd 252: each named unit, and
// every unit its Also= names, in order; Alias= links (an existing different
// link is an error unless force), WantedBy= and RequiredBy= links (an
// existing link is replaced); a template is enabled with its
// DefaultInstance= or fails for a non-template destination; specifiers are
// resolved as install_name_printf() does.
func (t *Target) PlanEnable(names []string, overlay map[string][]byte, force bool) (*EnablePlan, error) {
	e := t.newEnabler(overlay, force)
	for _, n := range names {
		if err := CheckUnitName(n); err != nil {
			return nil, err
		}
		i := e.add(n, false)
		if err := e.search(i); err != nil {
			return nil, err
		}
		if i.notFound {
			return nil, fmt.Errorf("unit %s not found in %s or the rest of the user unit search path", n, t.UnitDir())
		}
		if i.masked {
			return nil, fmt.Errorf("unit %s is masked (%s is empty or a link to /dev/null)", n, i.path)
		}
	}
	for k := 0; k < len(e.queue); k++ {
		i := e.queue[k]
		if err := e.search(i); err != nil {
			return nil, err
		}
		if i.notFound {
			if i.aux {
				e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("unit %s named in Also= was not found; skipped", i.name))
				continue
			}
			return nil, fmt.Errorf("unit %s not found", i.name)
		}
		if i.masked {
			e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("unit %s is masked; skipped", i.name))
			continue
		}
		if err := e.load(i); err != nil {
			return nil, err
		}
		e.apply(i)
	}
	for _, n := range names {
		i := e.byName[n]
		if i.cfg.rules() == 0 && len(i.cfg.also) == 0 {
			e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s has no installation config (WantedBy=, RequiredBy=, Alias=, Also= in [Install]): "+
				"enabling it does nothing; it starts only when something else pulls it in", n))
		}
	}
	return &e.plan, nil
}

// search finds the unit file (unit_file_search()): NAME in each directory
// of the search path, then for an instance its template. A link is
// followed inside the target; one that leads to another name in the search
// path is an alias, and the unit it names is used (install_info_traverse()).
func (e *enabler) search(i *unitInfo) error {
	if i.searched {
		return nil
	}
	i.searched = true
	names := []string{i.name}
	if k, _ := unitname.KindOf(i.name); k == unitname.Instance {
		tpl, err := unitname.TemplateOf(i.name)
		if err != nil {
			return err
		}
		names = append(names, tpl)
	}
	for _, n := range names {
		for _, dir := range e.t.SearchPath() {
			p := path.Join(dir, n)
			found, err := e.probe(i, p)
			if err != nil {
				return err
			}
			if found {
				return nil
			}
		}
	}
	i.notFound = true
	return nil
}

// probe looks at one candidate path of a unit.
func (e *enabler) probe(i *unitInfo, p string) (bool, error) {
	if data, ok := e.overlay[p]; ok {
		i.path, i.masked = p, len(data) == 0
		return true, nil
	}
	fi, err := e.t.lstat(p)
	if err != nil {
		// see unit_file_search(): ENOENT, ENOTDIR and EACCES mean "not
		// here", the search goes on.
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, fs.ErrPermission) {
			return false, nil
		}
		return false, err
	}
	switch {
	case fi.Mode().IsRegular():
		i.path, i.masked = p, fi.Size() == 0
		return true, nil
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := e.t.readlink(p)
		if err != nil {
			return false, err
		}
		if target == "/dev/null" {
			i.path, i.masked = p, true
			return true, nil
		}
		final := e.t.resolved(p)
		fi, err := e.t.stat(final)
		if err != nil {
			return false, fmt.Errorf("%s: a link to %s, which cannot be read: %w", p, target, unwrapPath(err))
		}
		if fi.Size() == 0 || fi.Mode()&fs.ModeCharDevice != 0 {
			i.path, i.masked = p, true
			return true, nil
		}
		base := path.Base(final)
		if base != i.name && e.t.inSearchPath(final) && unitname.Check(base) == nil {
			// An alias: enable what it names, with the instance carried
			// over to a template (install_info_traverse()).
			if inst, k, _ := unitname.InstanceOf(i.name); k == unitname.Instance {
				if bk, _ := unitname.KindOf(base); bk == unitname.Template {
					if n, err := unitname.ReplaceInstance(base, inst); err == nil {
						base = n
					}
				}
			}
			if base != i.name {
				i.name = base
			}
		}
		i.path = final
		return true, nil
	case fi.IsDir():
		return false, fmt.Errorf("%s: is a directory, not a unit file", p)
	}
	return false, fmt.Errorf("%s: not a regular file", p)
}

// inSearchPath reports whether p lies in one of the search path's
// directories (path_startswith_strv()).
func (t *Target) inSearchPath(p string) bool {
	for _, d := range t.SearchPath() {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// resolved follows every link of p inside the target (also on the live
// system, where host() leaves that to the kernel) and returns the final
// path inside the target; a dangling link gives the path it points to.
func (t *Target) resolved(p string) string {
	root := t.Root
	if !t.Offline() {
		root = string(filepath.Separator)
	}
	h, err := chaseRoot(root, p, true)
	if err != nil {
		return p
	}
	return insideRoot(root, h)
}

// readFile reads p, or its pending content in a dry run.
func (e *enabler) readFile(p string) ([]byte, error) {
	if b, ok := e.overlay[p]; ok {
		return b, nil
	}
	return e.t.readFile(p)
}

// dropIns lists the drop-ins of a unit (NAME.d/*.conf, and the
// template's for an instance) across the search path: one file per name,
// the earlier directory winning, in name order (conf_files_list_strv()).
func (e *enabler) dropIns(name string) []string {
	dirs := []string{name + ".d"}
	if k, _ := unitname.KindOf(name); k == unitname.Instance {
		if tpl, err := unitname.TemplateOf(name); err == nil {
			dirs = append(dirs, tpl+".d")
		}
	}
	byBase := map[string]string{}
	for _, d := range dirs {
		for _, sp := range e.t.SearchPath() {
			dir := path.Join(sp, d)
			for _, n := range e.listDir(dir) {
				if !strings.HasSuffix(n, ".conf") || strings.HasPrefix(n, ".") {
					continue
				}
				if _, ok := byBase[n]; !ok {
					byBase[n] = path.Join(dir, n)
				}
			}
		}
	}
	bases := make([]string, 0, len(byBase))
	for b := range byBase {
		bases = append(bases, b)
	}
	sort.Strings(bases)
	out := make([]string, len(bases))
	for k, b := range bases {
		out[k] = byBase[b]
	}
	return out
}

// listDir lists the names in dir inside the target, with pending files.
func (e *enabler) listDir(dir string) []string {
	var out []string
	if h, err := e.t.host(dir, true); err == nil {
		if ents, err := os.ReadDir(h); err == nil {
			for _, en := range ents {
				out = append(out, en.Name())
			}
		}
	}
	for p := range e.overlay {
		if path.Dir(p) == dir {
			out = append(out, path.Base(p))
		}
	}
	return out
}

// load reads [Install] from the unit file and its drop-ins.
func (e *enabler) load(i *unitInfo) error {
	if i.loaded {
		return i.loadError
	}
	i.loaded = true
	files := append([]string{i.path}, e.dropIns(i.name)...)
	for _, p := range files {
		if err := e.loadFile(i, p); err != nil {
			i.loadError = err
			return err
		}
	}
	return nil
}

func (e *enabler) loadFile(i *unitInfo, p string) error {
	src, err := e.readFile(p)
	if err != nil {
		return fmt.Errorf("%s: %w", p, unwrapPath(err))
	}
	typ := unitname.Type(i.name)
	f, err := unitfile.ParseType(p, typ, src)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if d := f.Fatal(); d != nil {
		return fmt.Errorf("%s:%d: systemd cannot parse this file (%s), so it cannot be enabled", p, d.Pos.Line, d.Message)
	}
	for s, en := range f.Assignments() {
		if s.Name() != "Install" {
			continue
		}
		line := fmt.Sprintf("%s:%d", p, en.Pos().Line)
		v := en.Value()
		switch en.Key() {
		case "Alias":
			if !mayAlias(typ) {
				e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s: Alias= is not allowed for %s units, ignoring", line, typ))
				continue
			}
			strv(&i.cfg.aliases, v)
		case "WantedBy":
			strv(&i.cfg.wantedBy, v)
		case "RequiredBy":
			strv(&i.cfg.requiredBy, v)
		case "DefaultInstance":
			// see src/shared/install.c: config_parse_default_instance()
			k, _ := unitname.KindOf(i.name)
			if k == unitname.Instance {
				continue
			}
			if k != unitname.Template {
				e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s: DefaultInstance= only makes sense for template units, ignoring", line))
				continue
			}
			s, err := e.printf(i, v)
			if err != nil {
				e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s: cannot resolve DefaultInstance=%q: %v", line, v, err))
				continue
			}
			if s != "" && !unitname.InstanceValid(s) {
				e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s: invalid DefaultInstance= value %q, ignoring", line, s))
				continue
			}
			i.cfg.defaultInstance = s
		case "Also":
			// see config_parse_also(): plain words, no unquoting; each
			// resolved and queued at once, so a later DefaultInstance=
			// does not apply to it.
			ws, _ := words.Split(v, words.Whitespace, 0)
			for _, w := range ws {
				s, err := e.printf(i, w.Text)
				if err != nil {
					e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s: cannot resolve unit name in Also=%q: %v", line, w.Text, err))
					break
				}
				if unitname.Check(s) != nil {
					return fmt.Errorf("%s: Also=%q is not a valid unit name, so systemd cannot enable %s", line, s, i.name)
				}
				e.add(s, true)
				i.cfg.also = append(i.cfg.also, s)
			}
		}
	}
	return nil
}

// strv applies one config_parse_strv() value: an empty value resets the
// list, words are unquoted.
func strv(list *[]string, v string) {
	l := words.ParseStrv(v)
	if l.Reset {
		*list = nil
		return
	}
	for _, it := range l.Items {
		*list = append(*list, it.Word.Text)
	}
}

// mayAlias is unit_type_may_alias() (src/basic/unit-file.c).
func mayAlias(typ string) bool {
	switch typ {
	case "service", "socket", "target", "device", "timer", "path":
		return true
	}
	return false
}

// mayTemplate is unit_type_may_template().
func mayTemplate(typ string) bool {
	switch typ {
	case "service", "socket", "target", "timer", "path":
		return true
	}
	return false
}

// machineLetters are the specifiers that describe the running machine;
// under a root usvc cannot know them (systemctl would read the host).
const machineLetters = "aAbBHlmMovwW"

// printf resolves specifiers as install_name_printf() does.
func (e *enabler) printf(i *unitInfo, s string) (string, error) {
	set := specifier.Install.Set(systemdVersion)
	if e.t.Offline() {
		toks, _ := specifier.Scan(s, set)
		for _, tk := range toks {
			if tk.Kind == specifier.Specifier && strings.IndexByte(machineLetters, tk.Letter) >= 0 {
				return "", fmt.Errorf("%%%c describes the running machine, which usvc cannot know under --root", tk.Letter)
			}
		}
	}
	env := e.env
	env.Unit = i.name
	env.DefaultInstance = i.cfg.defaultInstance
	return env.Expand(s, set, specifier.MaxName)
}

// apply plans the links of one loaded unit (install_info_apply()).
func (e *enabler) apply(i *unitInfo) {
	e.aliases(i)
	e.wants(i, i.cfg.wantedBy, ".wants", Wants)
	e.wants(i, i.cfg.requiredBy, ".requires", Requires)
}

// aliases is install_info_symlink_alias() with unit_file_verify_alias().
func (e *enabler) aliases(i *unitInfo) {
	dir := e.t.UnitDir()
	for _, a := range i.cfg.aliases {
		dst, err := e.printf(i, a)
		if err != nil {
			e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: Alias=%s: %v", i.name, a, err))
			continue
		}
		dst, err = verifyAlias(i.name, dst)
		if errors.Is(err, errSelfAlias) {
			continue
		}
		if err != nil {
			e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: cannot alias %s as %s: %v", i.name, i.name, dst, err))
			continue
		}
		e.link(Link{Path: path.Join(dir, dst), Target: i.path, Unit: i.name, Kind: Alias}, e.force)
	}
}

var errSelfAlias = errors.New("alias to itself")

// verifyAlias is unit_file_verify_alias(): dst is either a plain alias
// name, or the legacy "TARGET.wants/NAME" form. It returns the name to
// link, with the instance carried into a template alias.
func verifyAlias(name, dst string) (string, error) {
	if k := strings.LastIndexByte(dst, '/'); k >= 0 {
		dir, base := dst[:k], dst[k+1:]
		unitDir, ok := strings.CutSuffix(dir, ".wants")
		if !ok {
			unitDir, ok = strings.CutSuffix(dir, ".requires")
		}
		if !ok {
			return dst, fmt.Errorf("invalid path %q in alias", dir)
		}
		dk, err := unitname.KindOf(unitDir)
		if err != nil {
			return dst, fmt.Errorf("invalid unit name component %q in alias", unitDir)
		}
		if !symlinkNameCompatible(base, name, dk == unitname.Template) {
			return dst, fmt.Errorf("invalid unit %q symlink %q", name, dst)
		}
		return dst, nil
	}
	updated := dst
	if k, _ := unitname.KindOf(dst); k == unitname.Template {
		inst, nk, err := unitname.InstanceOf(name)
		if err != nil {
			return dst, err
		}
		if nk == unitname.Instance {
			if updated, err = unitname.ReplaceInstance(dst, inst); err != nil {
				return dst, err
			}
		}
	}
	return updated, validateAlias(updated, name)
}

// validateAlias is unit_validate_alias_symlink_or_warn(alias, name).
func validateAlias(alias, name string) error {
	sInst, sKind, err := unitname.InstanceOf(alias)
	if err != nil {
		return fmt.Errorf("not a valid unit name %q", alias)
	}
	sType := unitname.Type(alias)
	if !mayAlias(sType) {
		return fmt.Errorf("symlinks are not allowed for %s units", sType)
	}
	if sKind != unitname.Plain && !mayTemplate(sType) {
		return fmt.Errorf("templates not allowed for %s units", sType)
	}
	if alias == name {
		return errSelfAlias
	}
	dInst, dKind, err := unitname.InstanceOf(name)
	if err != nil {
		return fmt.Errorf("%q is not a valid unit name", name)
	}
	if !(dKind == sKind || (sKind == unitname.Instance && dKind == unitname.Template)) {
		return fmt.Errorf("symlink target name type %q does not match source", name)
	}
	if dKind == unitname.Instance && sInst != dInst {
		return fmt.Errorf("unit symlink target %q instance name doesn't match", name)
	}
	if unitname.Type(name) != sType {
		return fmt.Errorf("symlink target %q has incompatible suffix", name)
	}
	return nil
}

// symlinkNameCompatible is unit_symlink_name_compatible().
func symlinkNameCompatible(symlink, target string, instancePropagation bool) bool {
	k1, err := unitname.KindOf(symlink)
	if err != nil {
		return false
	}
	if symlink == target && (k1 == unitname.Plain || k1 == unitname.Instance) {
		return true
	}
	tpl, err := unitname.TemplateOf(symlink)
	if err != nil {
		return false
	}
	k2, _ := unitname.KindOf(target)
	if k1 == unitname.Instance && k2 == unitname.Template && tpl == target {
		return true
	}
	return instancePropagation && k1 == unitname.Template && k2 == unitname.Template && tpl == target
}

// wants is install_info_symlink_wants() for WantedBy= (".wants") and
// RequiredBy= (".requires").
func (e *enabler) wants(i *unitInfo, list []string, suffix string, kind LinkKind) {
	if len(list) == 0 {
		return
	}
	n := i.name
	validDst := unitname.Plain | unitname.Instance | unitname.Template
	if k, _ := unitname.KindOf(i.name); k == unitname.Template {
		if i.cfg.defaultInstance != "" {
			inst, err := unitname.ReplaceInstance(i.name, i.cfg.defaultInstance)
			if err != nil {
				e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: %v", i.name, err))
				return
			}
			ii := &unitInfo{name: inst}
			if err := e.search(ii); err == nil && ii.masked {
				e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: instance %s is masked", i.name, inst))
				return
			}
			n = inst
		} else {
			// A template without an instance can only hang below
			// another template (the instance is filled in at run time).
			validDst = unitname.Instance | unitname.Template
		}
	}
	for _, w := range list {
		dst, err := e.printf(i, w)
		if err != nil {
			e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: %s: %v", i.name, w, err))
			continue
		}
		if !unitname.Valid(dst, validDst) {
			if unitname.Check(dst) == nil {
				e.plan.Errors = append(e.plan.Errors, fmt.Errorf("cannot enable %s: destination unit %s is a non-template unit (enable an instance, or set DefaultInstance=)", i.name, dst))
			} else {
				e.plan.Errors = append(e.plan.Errors, fmt.Errorf("cannot enable %s: %q is not a valid unit name", i.name, dst))
			}
			continue
		}
		p := path.Join(e.t.UnitDir(), dst+suffix, n)
		e.link(Link{Path: p, Target: i.path, Unit: i.name, Kind: kind}, true)
		if !e.exists(dst) {
			e.plan.Notes = append(e.plan.Notes, fmt.Sprintf("%s is added as a dependency to a non-existent unit %s", i.name, dst))
		}
	}
}

// exists is unit_file_exists(): is there a file for the unit (or its
// template) in the search path?
func (e *enabler) exists(name string) bool {
	i := &unitInfo{name: name}
	return e.search(i) == nil && !i.notFound
}

// link plans one link, as create_symlink() decides: an equivalent link is
// left alone; a different link is an error unless replace; anything that is
// not a link is an error.
func (e *enabler) link(l Link, replace bool) {
	if _, dup := e.planned[l.Path]; dup {
		return
	}
	fi, err := e.t.lstat(l.Path)
	switch {
	case err != nil:
		l.State = LinkCreate
	case fi.Mode()&fs.ModeSymlink == 0:
		e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: exists and is not a symlink; not replaced", l.Path))
		return
	default:
		dest, err := e.t.readlink(l.Path)
		if err != nil {
			e.plan.Errors = append(e.plan.Errors, err)
			return
		}
		switch {
		case e.t.equivalent(l.Path, dest, l.Target):
			l.State = LinkPresent
		case replace:
			l.State = LinkReplace
		default:
			e.plan.Errors = append(e.plan.Errors, fmt.Errorf("%s: exists and points to %s, not %s (use --force to replace it)", l.Path, dest, l.Target))
			return
		}
	}
	e.planned[l.Path] = len(e.plan.Links)
	e.plan.Links = append(e.plan.Links, l)
}

// equivalent is chroot_unit_symlinks_equivalent(): two link targets of the
// link at p are the same when they name the same file, or files of the same
// name that both lie in the search path.
func (t *Target) equivalent(p, a, b string) bool {
	abs := func(x string) string {
		if path.IsAbs(x) {
			return path.Clean(x)
		}
		return path.Join(path.Dir(p), x)
	}
	a, b = abs(a), abs(b)
	if a == b {
		return true
	}
	if fa, err := t.stat(a); err == nil {
		if fb, err := t.stat(b); err == nil && os.SameFile(fa, fb) {
			return true
		}
	}
	return path.Base(a) == path.Base(b) && t.inSearchPath(a) && t.inSearchPath(b)
}

// Apply makes the links of the plan: missing ones are created (with
// their directories, owned by the user when Target.Chown), links to
// elsewhere are replaced atomically. It returns the directories it made.
// If a link cannot be made, the ones made before are taken back.
func (t *Target) Apply(p *EnablePlan) ([]string, error) {
	var u undo
	made, err := t.apply(p, &u)
	if err != nil {
		u.run()
		return nil, err
	}
	return made, nil
}

func (t *Target) apply(p *EnablePlan, u *undo) ([]string, error) {
	var made []string
	for _, l := range p.Links {
		switch l.State {
		case LinkCreate:
			m, err := t.mkdirAll(path.Dir(l.Path), true)
			made = append(made, m...)
			for _, d := range m {
				u.push(func() { t.removeDir(d) })
			}
			if err != nil {
				return made, err
			}
			if err := t.symlink(l.Target, l.Path, false); err != nil {
				return made, err
			}
			u.push(func() { t.remove(l.Path) })
		case LinkReplace:
			old, err := t.readlink(l.Path)
			if err != nil {
				return made, err
			}
			if err := t.symlink(l.Target, l.Path, true); err != nil {
				return made, err
			}
			u.push(func() { t.symlink(old, l.Path, true) })
		}
	}
	return made, nil
}
