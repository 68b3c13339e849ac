package core

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Showing a search hit's text on one line: the text is cut to a width around its first match,
// and each match is marked (with 【】 on the command line, with the match style on the screen).
//
// The spans a search gives are byte offsets into the text; widths are terminal cells. The text
// is cut at rune boundaries by cell width, and marked after it is cut, so a cut never falls
// inside a character or inside a style's escape sequence.

// Snippet returns text on one line, at most width cells wide not counting what mark adds, cut
// around the first span with a third of the width before it, with the part of each span in
// view passed through mark. Spans out of order, out of range or not on rune boundaries are
// left unmarked.
func Snippet(text string, spans [][2]int, width int, mark func(string) string) string {
	// One line: line breaks and tabs become spaces, byte for byte, so the spans still hold.
	text = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, text)
	spans = validSpans(text, spans)
	at, end := 0, 0
	if len(spans) > 0 {
		at, end = spans[0][0], spans[0][1]
	}
	from, to := clipAround(text, at, end, width)
	var b strings.Builder
	if from > 0 {
		b.WriteString(CutMark)
	}
	pos := from
	for _, sp := range spans {
		s, e := max(sp[0], from), min(sp[1], to)
		if s >= e {
			continue
		}
		b.WriteString(text[pos:s])
		b.WriteString(mark(text[s:e]))
		pos = e
	}
	b.WriteString(text[pos:to])
	if to < len(text) {
		b.WriteString(CutMark)
	}
	return b.String()
}

// validSpans keeps the spans that are ascending, within text and on rune boundaries.
func validSpans(text string, spans [][2]int) [][2]int {
	out := make([][2]int, 0, len(spans))
	last := 0
	for _, sp := range spans {
		s, e := sp[0], sp[1]
		if s < last || e <= s || e > len(text) || !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
			continue
		}
		out = append(out, sp)
		last = e
	}
	return out
}

// clipAround returns the byte range [from, to) of text to show in width cells (the dots that
// mark a cut included), keeping the bytes [at, end) in view with about a third of the width
// before them (less when they would not fit whole). The range falls on rune boundaries.
func clipAround(text string, at, end, width int) (from, to int) {
	total := ansi.StringWidth(text)
	if total <= width {
		return 0, len(text)
	}
	dots := ansi.StringWidth(CutMark)
	room := max(width-dots, 1) // the end is cut: dots there
	match := ansi.StringWidth(text[at:end])
	if before := ansi.StringWidth(text[:at]); before > max(min(room/3, room-match), 0) {
		// Cut the front too: drop characters until a third of what is left is before at.
		room = max(width-2*dots, 1)
		drop := before - max(min(room/3, room-match), 0)
		for i, r := range text[:at] {
			if drop <= 0 {
				from = i
				break
			}
			drop -= runeWidth(r)
			from = i + utf8.RuneLen(r)
		}
		if ansi.StringWidth(text[from:]) <= width-dots {
			// What is left fits without dots at the end: show as much as fits before it.
			room = width - dots
			w := ansi.StringWidth(text[from:])
			for from > 0 {
				r, n := utf8.DecodeLastRuneInString(text[:from])
				if w+runeWidth(r) > room {
					break
				}
				w += runeWidth(r)
				from -= n
			}
			if from == 0 {
				return 0, len(text) // cannot happen: total > width
			}
			return from, len(text)
		}
	}
	to = len(text)
	w := 0
	for i, r := range text[from:] {
		rw := runeWidth(r)
		if w+rw > room {
			to = from + i
			break
		}
		w += rw
	}
	return from, to
}

func runeWidth(r rune) int { return ansi.StringWidth(string(r)) }

// CutMark stands for text cut off: at the end of a table cell cut short, on either side of a
// search hit's snippet. The usual mark, …, is of ambiguous width: a terminal set for CJK draws
// it two cells wide, and the line then runs one cell past its width.
const CutMark = "⋯"
