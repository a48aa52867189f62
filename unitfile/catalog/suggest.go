package catalog

import (
	"slices"
	"strings"
)

// maxSuggestions caps what Suggest returns: more is noise in a message.
const maxSuggestions = 3

// Suggest proposes keys of section for the unknown key name, for a "did
// you mean" hint. Letters are compared ignoring ASCII case, and the
// distance counts insertions, deletions, substitutions and swaps of two
// adjacent letters (optimal string alignment). A candidate must be within
// len(name)/5 edits, at least 1 and at most 3; Suggest returns the
// candidates at the smallest distance found (a name differing only in case
// is at distance 0), at most three, in byte order. It proposes no removed
// key, and nothing for a name that is itself a key of the section.
//
// An empty section searches the names of every section; an unknown one
// returns nil. Use SectionsOf for a key that exists in another section.
func Suggest(section, name string) []string {
	var pool namePool
	if section == "" {
		pool = allPool
	} else {
		s, ok := ParseSection(section)
		if !ok {
			return nil
		}
		pool = sectionPool(s)
	}
	// Short names allow few edits, or every short key would match.
	limit := min(max(len(name)/5, 1), 3)
	type hit struct {
		name string
		dist int
	}
	var hits []hit
	var prev, cur, pprev []int
	pool(func(cand string) {
		if cand == name {
			hits = append(hits, hit{cand, 0})
			return
		}
		if abs(len(cand)-len(name)) > limit {
			return
		}
		d := distance(name, cand, limit, &pprev, &prev, &cur)
		if d <= limit {
			hits = append(hits, hit{cand, d})
		}
	})
	if slices.ContainsFunc(hits, func(h hit) bool { return h.name == name }) {
		return nil
	}
	// Only the closest: a farther candidate next to a close one is noise.
	best := limit
	for _, h := range hits {
		best = min(best, h.dist)
	}
	hits = slices.DeleteFunc(hits, func(h hit) bool { return h.dist != best })
	slices.SortFunc(hits, func(a, b hit) int { return strings.Compare(a.name, b.name) })
	// The same name may come from several sections when section is "".
	hits = slices.CompactFunc(hits, func(a, b hit) bool { return a.name == b.name })
	if len(hits) > maxSuggestions {
		hits = hits[:maxSuggestions]
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.name)
	}
	return out
}

// namePool calls f for every candidate name.
type namePool func(f func(string))

func allPool(f func(string)) {
	for i := range names {
		if names[i].sections != 0 {
			f(names[i].name)
		}
	}
}

func sectionPool(s Section) namePool {
	return func(f func(string)) {
		for d := range s.Directives() {
			if d.status != StatusRemoved {
				f(d.name)
			}
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// distance is the optimal string alignment distance between a and b,
// ignoring ASCII case, or limit+1 as soon as it must exceed limit. The
// row buffers are reused across calls.
func distance(a, b string, limit int, pprev, prev, cur *[]int) int {
	n := len(b)
	grow := func(p *[]int) []int {
		if cap(*p) < n+1 {
			*p = make([]int, n+1)
		}
		return (*p)[:n+1]
	}
	pp, p, c := grow(pprev), grow(prev), grow(cur)
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		best := c[0]
		for j := 1; j <= n; j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && lower(a[i-1]) == lower(b[j-2]) && lower(a[i-2]) == lower(b[j-1]) {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		pp, p, c = p, c, pp
	}
	*pprev, *prev, *cur = pp, p, c
	return p[n]
}
