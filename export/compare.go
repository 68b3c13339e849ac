package export

import (
	"fmt"
)

// maxDifferences is how many differences Compare names before it sums up the rest.
const maxDifferences = 20

// Compare tells how a posted file differs from a fresh export of the same record, in the same
// format and masking: Chinese lines naming each line that differs, as 第 12 行：文件里是「…」，
// 档案里是「…」, or a line only one of them has; nil when they say the same. Markdown and text
// are compared line by line, ignoring a byte-order mark, CRLF line ends and blanks at line ends;
// HTML by the text of the document, line by line (htmlLines), so a change of markup or of its
// whitespace does not count. Line numbers are the file's.
func Compare(file, fresh []byte) []string {
	a, b := compareLines(file), compareLines(fresh)
	// Trim what is the same at both ends; differences are usually few and close together.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	if pre == len(a) && pre == len(b) {
		return nil
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := diffLines(a[pre:len(a)-suf], b[pre:len(b)-suf])

	var out []string
	total := 0
	say := func(s string) {
		total++
		if len(out) < maxDifferences {
			out = append(out, s)
		}
	}
	ai, bi := pre, pre
	for i := 0; i < len(ops); {
		if ops[i] == same {
			ai, bi = ai+1, bi+1
			i++
			continue
		}
		// A hunk: the file's lines removed, then the archive's added; pair them up.
		var dels, adds []int
		for ; i < len(ops) && ops[i] != same; i++ {
			if ops[i] == del {
				dels = append(dels, ai)
				ai++
			} else {
				adds = append(adds, bi)
				bi++
			}
		}
		for k := 0; k < max(len(dels), len(adds)); k++ {
			switch {
			case k < len(dels) && k < len(adds):
				x, y := window(a[dels[k]], b[adds[k]])
				say(fmt.Sprintf("第 %d 行：文件里是「%s」，档案里是「%s」", dels[k]+1, x, y))
			case k < len(dels):
				x, _ := window(a[dels[k]], "")
				say(fmt.Sprintf("第 %d 行：文件里有「%s」，档案里没有", dels[k]+1, x))
			default:
				_, y := window("", b[adds[k]])
				where := fmt.Sprintf("第 %d 行前", ai+1)
				if ai >= len(a) {
					where = "文件末尾"
				}
				say(fmt.Sprintf("%s：档案里有「%s」，文件里没有", where, y))
			}
		}
	}
	if total > len(out) {
		out = append(out, fmt.Sprintf("……另有 %d 处不同，未一一列出", total-len(out)))
	}
	return out
}

func compareLines(data []byte) []string {
	if sniff(data) == HTML {
		return htmlLines(string(data))
	}
	return fileLines(data)
}

type diffOp byte

const (
	same diffOp = iota
	del         // a line of the file only
	add         // a line of the archive only
)

// diffLines is a shortest edit turning a into b, by the longest common subsequence; past a few
// million cells it falls back to pairing the lines in order, which still names every change.
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	if n*m > 4_000_000 {
		var ops []diffOp
		for i := 0; i < max(n, m); i++ {
			switch {
			case i < n && i < m && a[i] == b[i]:
				ops = append(ops, same)
			case i < n && i < m:
				ops = append(ops, del, add)
			case i < n:
				ops = append(ops, del)
			default:
				ops = append(ops, add)
			}
		}
		return ops
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	ops := make([]diffOp, 0, n+m)
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, same)
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, add)
			j++
		default:
			ops = append(ops, del)
			i++
		}
	}
	// Within each run of changes, put the removals first, so they pair with the additions.
	for s := 0; s < len(ops); {
		if ops[s] == same {
			s++
			continue
		}
		e := s
		dels := 0
		for e < len(ops) && ops[e] != same {
			if ops[e] == del {
				dels++
			}
			e++
		}
		for k := s; k < e; k++ {
			if k-s < dels {
				ops[k] = del
			} else {
				ops[k] = add
			}
		}
		s = e
	}
	return ops
}

// window cuts two differing lines to the part around their first difference, so that a long
// line shows where it differs: at most 24 characters before it and 36 from it, with "…" where
// something was cut.
func window(x, y string) (string, string) {
	const before, after = 24, 36
	xr, yr := []rune(x), []rune(y)
	d := 0
	for d < len(xr) && d < len(yr) && xr[d] == yr[d] {
		d++
	}
	cut := func(r []rune) string {
		if len(r) <= before+after {
			return string(r)
		}
		start := max(0, d-before)
		end := min(len(r), start+before+after)
		s := string(r[start:end])
		if start > 0 {
			s = "…" + s
		}
		if end < len(r) {
			s += "…"
		}
		return s
	}
	return cut(xr), cut(yr)
}
