package value

import (
	"math"
	"slices"
)

// Suggest returns the candidate nearest to a mistyped name, as Python
// 3.11's "Did you mean" picks it (suggestions.c: a Levenshtein distance
// where a change of case costs half a substitution, at most a third of
// the characters changed), or "" when none is near enough or there are 750
// candidates or more. The name itself is never suggested. The candidates
// are tried in sorted order (dir()'s), the first of equally near ones wins.
func Suggest(name string, candidates []string) string {
	const maxItems, moveCost = 750, 2
	if len(candidates) >= maxItems {
		return ""
	}
	cands := slices.Sorted(slices.Values(candidates))
	best := ""
	bestDist := math.MaxInt
	for _, c := range cands {
		if c == name {
			continue
		}
		maxDist := (len(c) + len(name) + 3) * moveCost / 6
		maxDist = min(maxDist, bestDist-1)
		d := levenshtein(name, c, maxDist)
		if d > maxDist {
			continue
		}
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// substitutionCost is the cost of changing byte a into b: nothing, half a
// move for a change of ASCII case, else a move.
func substitutionCost(a, b byte) int {
	switch {
	case a == b:
		return 0
	case lowerASCII(a) == lowerASCII(b):
		return 1
	}
	return 2
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// levenshtein is traceback._levenshtein_distance.
func levenshtein(a, b string, maxCost int) int {
	const moveCost, maxSize = 2, 40
	if a == b {
		return 0
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	a, b = a[pre:], b[pre:]
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if a == "" || b == "" {
		return moveCost * (len(a) + len(b))
	}
	if len(a) > maxSize || len(b) > maxSize {
		return maxCost + 1
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	if (len(b)-len(a))*moveCost > maxCost {
		return maxCost + 1
	}
	row := make([]int, len(a))
	for i := range row {
		row[i] = (i + 1) * moveCost
	}
	result := 0
	for bi := 0; bi < len(b); bi++ {
		distance := bi * moveCost
		result = distance
		minimum := math.MaxInt
		for i := 0; i < len(a); i++ {
			substitute := distance + substitutionCost(b[bi], a[i])
			distance = row[i]
			insertDelete := min(result, distance) + moveCost
			result = min(insertDelete, substitute)
			row[i] = result
			if result < minimum {
				minimum = result
			}
		}
		if minimum > maxCost {
			return maxCost + 1
		}
	}
	return result
}
