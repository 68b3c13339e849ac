package ui

import (
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestWrapChinese(t *testing.T) {
	s := "按 Enter 载入演示村「阿北村」：一次夜话乡村，和一件走完四议两公开的事项，看看记录是什么样子。"
	for _, width := range []int{11, 20, 30, 31} {
		lines := strings.Split(wrap(s, width), "\n")
		// Breaking between Chinese characters keeps lines full: only the punctuation rules may
		// take a few cells (lipgloss alone would leave "按 Enter" on a line of its own).
		if w := lipgloss.Width(lines[0]); w < width-6 {
			t.Errorf("width %d: first line broken early: %q", width, lines[0])
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > width {
				t.Errorf("width %d: line %d is %d wide: %q", width, i, w, l)
			}
			r := []rune(l)
			if i > 0 && len(r) > 0 && strings.ContainsRune(noStart, r[0]) {
				t.Errorf("width %d: line %d starts with closing punctuation: %q", width, i, l)
			}
			if len(r) > 0 && strings.ContainsRune(noEnd, r[len(r)-1]) {
				t.Errorf("width %d: line %d ends with opening punctuation: %q", width, i, l)
			}
		}
		// No character is lost; only spaces at the breaks may go.
		nospace := func(x string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(x) }
		if nospace(strings.Join(lines, "")) != nospace(s) {
			t.Errorf("width %d: wrapping changed the text: %q", width, lines)
		}
	}
}

// TestWrapKeepsIndent: a paragraph's own leading spaces stay (a form's second line of a field
// sits under the first); only a line made by wrapping loses the space it would start with.
func TestWrapKeepsIndent(t *testing.T) {
	s := "议程：冬季防火\n      村道扫雪安排和路灯检修"
	got := strings.Split(wrap(s, 16), "\n")
	want := []string{"议程：冬季防火", "      村道扫雪安", "排和路灯检修"}
	if !slices.Equal(got, want) {
		t.Errorf("wrap = %q; want %q", got, want)
	}
	if got := wrap("路灯 检修", 5); got != "路灯\n检修" {
		t.Errorf("a wrapped line starts with the space it broke at: %q", got)
	}
}

func TestWrapLatinWordsStayWhole(t *testing.T) {
	got := wrap("请运行 yishi roster import 花名册.csv 导入", 12)
	for _, word := range []string{"yishi", "roster", "import"} {
		if !strings.Contains(got, word) {
			t.Errorf("%q split: %q", word, got)
		}
	}
	// A word longer than the line is cut, not left to overflow.
	for _, l := range strings.Split(wrap("abcdefghijklmnopqrstuvwxyz", 10), "\n") {
		if len(l) > 10 {
			t.Errorf("long word overflows: %q", l)
		}
	}
}

func TestWrapKeepsStyles(t *testing.T) {
	styled := lipgloss.NewStyle().Bold(true).Render(strings.Repeat("议事记录", 10))
	got := wrap(styled, 16)
	lines := strings.Split(got, "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 5: %q", len(lines), got)
	}
	for i, l := range lines {
		if ansi.Strip(l) != "议事记录议事记录" {
			t.Errorf("line %d: %q", i, ansi.Strip(l))
		}
		if !strings.Contains(l, "\x1b[") {
			t.Errorf("line %d lost its style", i)
		}
	}
}
