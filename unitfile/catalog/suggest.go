package catalog

import (
	"slices"
)

// maxSuggestions caps what Suggest returns: more is noise in a message.
const maxSuggestions = 3

// Suggest proposes keys of section for the unknown key name, for a "did
// you mean" hint: names that differ only in case, then names within a
// small edit distance (insertions, deletions, substitutions and swaps of
// two adjacent letters, ignoring ASCII case): 1 for names up to 4 bytes,
// 2 up to 9, 3 beyond. It returns at most three, closest first, ties in
// byte order; none for an exact key. Removed keys are never proposed.
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
	limit := 3
	switch {
	case len(name) <= 4:
		limit = 1
	case len(name) <= 9:
		limit = 2
	}
	type hit struct {
		name string
		dist int
	}
	var hits []hit
	var prev, cur, pprev []int
	pool(func(cand string) {
		if cand == name {
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
	for _, h := range hits {
		if h.dist == 0 {
			// A case-only difference is almost surely the intended key.
			hits = slices.DeleteFunc(hits, func(x hit) bool { return x.dist != 0 })
			break
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.name < b.name {
			return -1
		}
		if a.name > b.name {
			return 1
		}
		return 0
	})
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
