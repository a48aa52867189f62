package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/usvc/usvc/internal/testenv"
)

// The SARIF output is checked against the official SARIF 2.1.0 schema
// (../shared/schemas) by schemaValidator, a JSON Schema draft-04
// validator for exactly the keywords that schema uses. That is enough
// because the validator refuses any keyword it does not implement (so a
// schema it cannot judge fails the test instead of passing it), because
// negative cases below show it rejects what GitHub rejects ("results":
// null, a missing required property, a column of 0, an unknown property),
// and because, where python3 with the jsonschema module is installed, the
// same documents are judged by that reference implementation too.

func sarifSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.SharedDir(t), "schemas", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

type schemaValidator struct {
	root map[string]any
	errs []string
}

var knownKeywords = map[string]bool{
	// annotations, ignored
	"$schema": true, "id": true, "title": true, "description": true, "default": true, "definitions": true,
	// assertions, checked
	"$ref": true, "type": true, "properties": true, "additionalProperties": true, "required": true,
	"items": true, "minItems": true, "uniqueItems": true, "minimum": true, "maximum": true,
	"pattern": true, "format": true, "enum": true, "anyOf": true, "oneOf": true,
}

func validateJSON(root map[string]any, doc []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var inst any
	if err := dec.Decode(&inst); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	v := &schemaValidator{root: root}
	v.check(root, inst, "$")
	return v.errs
}

func (v *schemaValidator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

func (v *schemaValidator) resolve(ref string) map[string]any {
	if !strings.HasPrefix(ref, "#/") {
		v.fail("$ref", "cannot resolve %q", ref)
		return nil
	}
	var cur any = v.root
	for _, p := range strings.Split(ref[2:], "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	m, _ := cur.(map[string]any)
	if m == nil {
		v.fail("$ref", "cannot resolve %q", ref)
	}
	return m
}

func typeOf(x any) []string {
	switch x := x.(type) {
	case nil:
		return []string{"null"}
	case bool:
		return []string{"boolean"}
	case string:
		return []string{"string"}
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return []string{"integer", "number"}
		}
		return []string{"number"}
	case []any:
		return []string{"array"}
	case map[string]any:
		return []string{"object"}
	}
	return nil
}

func (v *schemaValidator) valid(schema map[string]any, inst any) bool {
	sub := &schemaValidator{root: v.root}
	sub.check(schema, inst, "")
	return len(sub.errs) == 0
}

func (v *schemaValidator) check(schema map[string]any, inst any, path string) {
	for k := range schema {
		if !knownKeywords[k] {
			v.fail(path, "the test's validator does not implement the keyword %q", k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		if s := v.resolve(ref); s != nil {
			v.check(s, inst, path)
		}
	}
	if t, ok := schema["type"]; ok {
		var want []string
		switch t := t.(type) {
		case string:
			want = []string{t}
		case []any:
			for _, x := range t {
				want = append(want, x.(string))
			}
		}
		okType := false
		for _, have := range typeOf(inst) {
			for _, w := range want {
				okType = okType || have == w
			}
		}
		if !okType {
			v.fail(path, "is %v, want %v", typeOf(inst), want)
			return
		}
	}
	if e, ok := schema["enum"].([]any); ok {
		found := false
		for _, x := range e {
			found = found || fmt.Sprint(x) == fmt.Sprint(inst)
		}
		if !found {
			v.fail(path, "%v is not one of %v", inst, e)
		}
	}
	if subs, ok := schema["anyOf"].([]any); ok {
		n := 0
		for _, s := range subs {
			if v.valid(s.(map[string]any), inst) {
				n++
			}
		}
		if n == 0 {
			v.fail(path, "matches none of anyOf")
		}
	}
	if subs, ok := schema["oneOf"].([]any); ok {
		n := 0
		for _, s := range subs {
			if v.valid(s.(map[string]any), inst) {
				n++
			}
		}
		if n != 1 {
			v.fail(path, "matches %d of oneOf, want 1", n)
		}
	}
	switch x := inst.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := x[r.(string)]; !ok {
					v.fail(path, "missing required property %q", r)
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k].(map[string]any); ok {
				v.check(ps, x[k], path+"."+k)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					v.fail(path, "property %q is not allowed", k)
				}
			case map[string]any:
				v.check(ap, x[k], path+"."+k)
			}
		}
	case []any:
		if m, ok := schema["minItems"].(float64); ok && float64(len(x)) < m {
			v.fail(path, "has %d items, want at least %v", len(x), m)
		}
		if u, ok := schema["uniqueItems"].(bool); ok && u {
			seen := map[string]bool{}
			for _, it := range x {
				b, _ := json.Marshal(it)
				if seen[string(b)] {
					v.fail(path, "items are not unique: %s", b)
				}
				seen[string(b)] = true
			}
		}
		if is, ok := schema["items"].(map[string]any); ok {
			for i, it := range x {
				v.check(is, it, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	case json.Number:
		f, _ := x.Float64()
		if m, ok := schema["minimum"].(float64); ok && f < m {
			v.fail(path, "%v is below the minimum %v", x, m)
		}
		if m, ok := schema["maximum"].(float64); ok && f > m {
			v.fail(path, "%v is above the maximum %v", x, m)
		}
	case string:
		if p, ok := schema["pattern"].(string); ok {
			re, err := regexp.Compile(p)
			if err != nil {
				v.fail(path, "the schema's pattern %q does not compile: %v", p, err)
			} else if !re.MatchString(x) {
				v.fail(path, "%q does not match %q", x, p)
			}
		}
		switch schema["format"] {
		case "uri":
			if u, err := url.Parse(x); err != nil || u.Scheme == "" {
				v.fail(path, "%q is not an absolute URI", x)
			}
		case "uri-reference":
			if _, err := url.Parse(x); err != nil {
				v.fail(path, "%q is not a URI reference", x)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, x); err != nil {
				v.fail(path, "%q is not a date-time", x)
			}
		}
	}
}

// sarifFixture lints files that give every kind of finding: positions,
// a whole-file finding, fixes, non-ASCII text before a span.
func sarifFixture(t *testing.T) []byte {
	dir := t.TempDir()
	inputs := []*Input{
		{Path: filepath.Join(dir, "deploy", "web app.service"), Src: []byte("[Unit]\nDescription=Café\nAfter=network.target\n[Service]\nExecStart=/usr/bin/app # Café\n[Install]\nWantedBy=multi-user.target\n")},
		{Path: filepath.Join(dir, "x.service"), Src: []byte("Description=outside\n[Service]\nExecStart=/usr/bin/app\n")},
		{Path: "/elsewhere/y.service", Src: []byte("[Service]\nExecStart /usr/bin/app\n")},
	}
	var b bytes.Buffer
	if err := WriteSARIF(&b, Lint(inputs), dir, "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSARIFValidates(t *testing.T) {
	schema := sarifSchema(t)
	doc := sarifFixture(t)
	if errs := validateJSON(schema, doc); len(errs) > 0 {
		t.Fatalf("SARIF does not validate:\n%s\n%s", strings.Join(errs, "\n"), doc)
	}
	empty := new(bytes.Buffer)
	if err := WriteSARIF(empty, nil, "/", ""); err != nil {
		t.Fatal(err)
	}
	if errs := validateJSON(schema, empty.Bytes()); len(errs) > 0 {
		t.Fatalf("empty SARIF does not validate: %v", errs)
	}
	if !bytes.Contains(empty.Bytes(), []byte(`"results": []`)) {
		t.Errorf("an empty run must have \"results\": [], got:\n%s", empty)
	}
}

// TestSARIFShape pins what GitHub code scanning reads.
func TestSARIFShape(t *testing.T) {
	var log struct {
		Runs []struct {
			ColumnKind string
			Tool       struct{ Driver sarifDriver }
			Results    []sarifResult
		}
	}
	if err := json.Unmarshal(sarifFixture(t), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.SemanticVersion != "1.2.3" || len(run.Tool.Driver.Rules) != len(All) {
		t.Errorf("driver: %+v", run.Tool.Driver)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" || r.Help.Markdown == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %s lacks help or descriptions", r.ID)
		}
	}
	byRule := map[string]sarifResult{}
	for _, r := range run.Results {
		if All[r.RuleIndex].Name != r.RuleID {
			t.Errorf("ruleIndex %d is %s, not %s", r.RuleIndex, All[r.RuleIndex].Name, r.RuleID)
		}
		byRule[r.RuleID] = r
	}
	ic := byRule["inline-comment"].Locations[0].PhysicalLocation
	if ic.ArtifactLocation.URI != "deploy/web%20app.service" || ic.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact: %+v", ic.ArtifactLocation)
	}
	// "ExecStart=/usr/bin/app # Café": the comment starts at column 24
	// and "# Café" is 6 code points (7 bytes), so the region ends at 30.
	if want := (sarifRegion{StartLine: 5, StartColumn: 24, EndLine: 5, EndColumn: 30}); ic.Region != want {
		t.Errorf("region %+v, want %+v", ic.Region, want)
	}
	if len(byRule["inline-comment"].Fixes) != 1 {
		t.Errorf("inline-comment carries no fix")
	}
	if u := byRule["missing-equals"].Locations[0].PhysicalLocation.ArtifactLocation; u.URI != "file:///elsewhere/y.service" || u.URIBaseID != "" {
		t.Errorf("a file outside the root: %+v", u)
	}
}

// TestSARIFSchemaRejects shows the validator can fail, and where python
// is there, that the reference implementation agrees on all of it.
func TestSARIFSchemaRejects(t *testing.T) {
	schema := sarifSchema(t)
	good := string(sarifFixture(t))
	cases := map[string]string{
		"results null":     strings.Replace(good, `"results": [`, `"results": null, "x": [`, 1),
		"rules null":       strings.Replace(good, `"rules": [`, `"rules": null, "x": [`, 1),
		"no version":       strings.Replace(good, `"version": "2.1.0",`, ``, 1),
		"column 0":         strings.Replace(good, `"startColumn": 24`, `"startColumn": 0`, 1),
		"unknown property": strings.Replace(good, `"columnKind"`, `"columnKinds"`, 1),
		"bad level":        strings.Replace(good, `"level": "note"`, `"level": "info"`, 1),
	}
	// The reference implementation judges the good document too.
	names, docs := []string{"good"}, []string{good}
	for name, bad := range cases {
		if bad == good {
			t.Fatalf("%s: the mutation did not apply", name)
		}
		if errs := validateJSON(schema, []byte(bad)); len(errs) == 0 {
			t.Errorf("%s: the validator accepts it", name)
		}
		names, docs = append(names, name), append(docs, bad)
	}
	for i, valid := range pythonJudge(t, docs) {
		if valid != (i == 0) {
			t.Errorf("%s: python jsonschema says valid=%v", names[i], valid)
		}
	}
}

// pythonJudge runs python3's jsonschema module, the reference
// implementation, on docs in one process, where it is installed; nil
// when it is not.
func pythonJudge(t *testing.T, docs []string) []bool {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not found: no cross-check with the jsonschema module")
		return nil
	}
	if exec.Command(py, "-c", "import jsonschema").Run() != nil {
		t.Log("python3 has no jsonschema module: no cross-check")
		return nil
	}
	dir := t.TempDir()
	args := []string{"-c", `import json,sys,jsonschema
s=json.load(open(sys.argv[1]))
v=jsonschema.Draft4Validator(s, format_checker=jsonschema.FormatChecker())
for f in sys.argv[2:]:
    print("valid" if not list(v.iter_errors(json.load(open(f)))) else "invalid")`,
		filepath.Join(testenv.SharedDir(t), "schemas", "sarif-schema-2.1.0.json")}
	for i, d := range docs {
		f := filepath.Join(dir, fmt.Sprintf("%d.json", i))
		if err := os.WriteFile(f, []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	out, err := exec.Command(py, args...).Output()
	if err != nil {
		t.Fatalf("python3 jsonschema: %v", err)
	}
	var res []bool
	for _, l := range strings.Fields(string(out)) {
		res = append(res, l == "valid")
	}
	if len(res) != len(docs) {
		t.Fatalf("python3 jsonschema judged %d documents of %d: %s", len(res), len(docs), out)
	}
	return res
}
