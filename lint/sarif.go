package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

// SARIF 2.1.0, the subset GitHub code scanning reads
// (docs.github.com: "SARIF support for code scanning"), written by hand:
// a library would bring more than these types.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifHelp       `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifProperties struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
	Fixes     []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

// InformationURI is where usvc lives; RuleURI(name) documents a rule.
const InformationURI = "https://github.com/usvc/usvc"

// RuleURI is the documentation of a rule, in docs/rules.md.
func RuleURI(name string) string {
	return InformationURI + "/blob/main/docs/rules.md#" + name
}

var semver = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)$`)

// WriteSARIF writes one SARIF 2.1.0 log with one run: every rule of All
// (so ruleIndex is stable) and a result per finding. Paths are written
// relative to root (the repository root or working directory, given
// absolute) with uriBaseId %SRCROOT%, as GitHub code scanning wants them;
// paths outside root become file: URIs. Columns count Unicode code points
// (columnKind unicodeCodePoints) and endColumn is exclusive. A whole-file
// finding points at line 1. Fixes carry their byte edits. version is
// usvc's version ("" to leave it out).
func WriteSARIF(w io.Writer, results []*Result, root, version string) error {
	driver := sarifDriver{Name: "usvc", InformationURI: InformationURI, Rules: []sarifRule{}}
	if m := semver.FindStringSubmatch(version); m != nil {
		driver.SemanticVersion = m[1]
	} else if version != "" {
		driver.Version = version
	}
	index := map[string]int{}
	for i, r := range All {
		index[r.Name] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	for _, r := range results {
		src := ""
		if r.File != nil {
			src = r.File.Source()
		}
		for _, d := range r.Diagnostics {
			art := artifactOf(d.Path, root)
			res := sarifResult{
				RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity),
				Message:   sarifText{Text: d.Message},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: art, Region: regionOf(src, d)}}},
			}
			if len(d.Fix) > 0 {
				change := sarifArtifactChange{ArtifactLocation: art}
				for _, e := range d.Fix {
					off, n := e.Start, e.End-e.Start
					rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: &off, ByteLength: &n}}
					if e.New != "" {
						rep.InsertedContent = &sarifText{Text: e.New}
					}
					change.Replacements = append(change.Replacements, rep)
				}
				res.Fixes = []sarifFix{{Description: sarifText{Text: "usvc lint --fix"}, ArtifactChanges: []sarifArtifactChange{change}}}
			}
			run.Results = append(run.Results, res)
		}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

func sarifRuleOf(r *Rule) sarifRule {
	doc := strings.TrimSpace(r.Doc)
	full, _, _ := strings.Cut(doc, "\n\n")
	full = strings.Join(strings.Fields(full), " ")
	if len(full) > 1000 {
		full = full[:1000]
		for !utf8.ValidString(full) {
			full = full[:len(full)-1]
		}
		full += "..."
	}
	bad, good := ShortExample(r.Bad), ShortExample(r.Good)
	text := doc + "\n\nBad:\n\n" + indent(bad) + "\nGood:\n\n" + indent(good)
	md := doc + "\n\nBad:\n\n```ini\n" + bad + "```\n\nGood:\n\n```ini\n" + good + "```\n"
	if r.Fix != "" {
		text += "\nFix: " + r.Fix + "\n"
		md += "\nFix (`usvc lint --fix`): " + r.Fix + "\n"
	}
	md += "\n[" + r.Name + "](" + RuleURI(r.Name) + ")\n"
	scope := "any"
	if r.Scope == UserScope {
		scope = "user-units"
	} else if r.Scope == SystemScope {
		scope = "system-units"
	}
	return sarifRule{
		ID: r.Name, Name: r.Name,
		ShortDescription:     sarifText{Text: r.Summary},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: text, Markdown: md},
		HelpURI:              RuleURI(r.Name),
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties: sarifProperties{
			Tags:            []string{"systemd", scope},
			Precision:       "high",
			ProblemSeverity: map[Severity]string{Error: "error", Warning: "warning", Info: "recommendation"}[r.Severity],
		},
	}
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("    " + l)
		}
	}
	if !strings.HasSuffix(b.String(), "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

// artifactOf is the SARIF location of a file named path.
func artifactOf(path, root string) sarifArtifact {
	abs, err := filepath.Abs(path)
	if err == nil && root != "" {
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: "%SRCROOT%"}
		}
	}
	if err != nil || path == "-" {
		return sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()}
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // a Windows drive
	}
	return sarifArtifact{URI: u.String()}
}

// regionOf is d's span with columns in code points.
func regionOf(src string, d Diagnostic) sarifRegion {
	if !d.Pos.IsValid() {
		return sarifRegion{StartLine: 1}
	}
	col := func(off, bytecol int) int {
		start := off - (bytecol - 1)
		if start < 0 || off > len(src) || start > off {
			return bytecol
		}
		return utf8.RuneCountInString(src[start:off]) + 1
	}
	end := d.End
	if !end.IsValid() {
		end = d.Pos
	}
	r := sarifRegion{StartLine: d.Pos.Line, StartColumn: col(d.Pos.Offset, d.Pos.Col), EndLine: end.Line, EndColumn: col(end.Offset, end.Col)}
	if r.EndLine == r.StartLine && r.EndColumn <= r.StartColumn {
		r.EndColumn = r.StartColumn + 1 // an empty span still marks a character
	}
	return r
}
