package lint

import (
	"sort"
	"strings"
)

// All lists every rule, sorted by name. To add a rule, write its file
// lint/rule_<name>.go and add one line here.
var All = []*Rule{
	afterInstallTarget,
	badSectionCharacters,
	continuationTooLong,
	deprecatedDirective,
	deprecatedValue,
	directiveTooNew,
	dropInExecStart,
	duplicateKey,
	hardcodedHome,
	inlineComment,
	invalidExec,
	invalidSectionHeader,
	invalidSpecifier,
	invalidSuppression,
	invalidUTF8,
	invalidValue,
	keyInWrongSection,
	lineTooLong,
	memoryMax,
	missingEquals,
	missingExecStart,
	missingKey,
	missingTriggeredUnit,
	missingWantedBy,
	multipleExecStart,
	nobodyUser,
	oneshotRestart,
	orderingCycle,
	outsideSection,
	relativePath,
	removedDirective,
	shellSyntax,
	startLimitInService,
	systemOnlySetting,
	systemTarget,
	tildePath,
	tooManyProblems,
	unexpandedVariable,
	unknownKey,
	unknownSection,
	unusedSuppression,
}

var byName = func() map[string]*Rule {
	m := make(map[string]*Rule, len(All))
	for _, r := range All {
		m[r.Name] = r
	}
	return m
}()

// Lookup finds a rule by name.
func Lookup(name string) (*Rule, bool) {
	r, ok := byName[name]
	return r, ok
}

// Suggest is the rule name closest to a misspelt one, or "" when none is
// close: for "did you mean" hints.
func Suggest(name string) string {
	best, bestD := "", 0
	for _, r := range All {
		d := distance(strings.ToLower(name), r.Name)
		if best == "" || d < bestD {
			best, bestD = r.Name, d
		}
	}
	// Accept up to a third of the name wrong, and at least 2 edits.
	if limit := max(2, len(name)/3); bestD > limit {
		// A name that starts a rule's name ("inline") still helps.
		var pre []string
		for _, r := range All {
			if len(name) >= 3 && strings.HasPrefix(r.Name, strings.ToLower(name)) {
				pre = append(pre, r.Name)
			}
		}
		sort.Strings(pre)
		if len(pre) == 1 {
			return pre[0]
		}
		return ""
	}
	return best
}

// distance is the Levenshtein distance of a and b, counting bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
