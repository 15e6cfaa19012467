package value

import (
	"math"
	"sort"
	"strings"
)

// Suggest returns the candidate nearest to a mistyped name, as Python
// 3.11's "Did you mean" picks it (traceback's Levenshtein distance, where
// a change of case costs half a substitution), or "" when none is near
// enough. The name itself is never suggested.
func Suggest(name string, candidates []string) string {
	const maxItems, maxSize, moveCost = 750, 40, 2
	if len(candidates) > maxItems || len(name) > maxSize {
		return ""
	}
	cands := append([]string(nil), candidates...)
	sort.Strings(cands)
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

func substitutionCost(a, b byte) int {
	switch {
	case a == b:
		return 0
	case strings.EqualFold(string(a), string(b)):
		return 1
	}
	return 2
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
