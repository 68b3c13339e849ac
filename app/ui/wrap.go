package ui

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// wrap breaks text into lines at most width cells wide, for Chinese mixed with Latin words:
// a line may break at a space or between two wide (CJK) characters, never inside a Latin word
// unless the word alone is wider than the line; closing punctuation (，。」…) never starts a line
// and opening punctuation (「（…) never ends one. ANSI styles carry over to the next line.
//
// lipgloss and x/ansi wrap at spaces only, so a long run of Chinese after a Latin word would be
// pushed whole onto the next line, leaving the first ragged.
func wrap(text string, width int) string {
	if width < 2 {
		return text
	}
	var out strings.Builder
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		wrapLine(&out, para, width)
	}
	var buf bytes.Buffer
	w := lipgloss.NewWrapWriter(&buf)
	io.WriteString(w, out.String())
	w.Close()
	return buf.String()
}

// Closing punctuation may not start a line; opening punctuation may not end one (禁则).
const (
	noStart = "，。、；：？！）」』》〉】”’…—,.;:?!)]}%"
	noEnd   = "（「『《〈【“‘([{"
)

func wrapLine(out *strings.Builder, s string, width int) {
	var (
		line     strings.Builder
		lineW    int
		breakAt  = -1 // byte offset in line where it may break, -1 when none
		prevWide bool // the last cluster was wide (CJK)
		prevRune rune
		wrapped  bool // the line is a wrapped one, not the paragraph's first
		state    byte
		p        = ansi.NewParser()
	)
	flush := func(upto int) {
		head := line.String()[:upto]
		rest := line.String()[upto:]
		out.WriteString(strings.TrimRight(head, " "))
		out.WriteByte('\n')
		rest = strings.TrimLeft(rest, " ")
		line.Reset()
		line.WriteString(rest)
		lineW = ansi.StringWidth(rest)
		breakAt = -1
		wrapped = true
	}
	for len(s) > 0 {
		seq, w, n, st := ansi.DecodeSequence(s, state, p)
		state, s = st, s[n:]
		if w == 0 { // an escape sequence or a zero-width mark: rides with what follows
			line.WriteString(seq)
			continue
		}
		r, _ := utf8.DecodeRuneInString(seq)
		// May the line break before this cluster?
		switch {
		case seq == " ":
		case strings.ContainsRune(noStart, r):
		case prevRune != 0 && strings.ContainsRune(noEnd, prevRune):
		case prevRune == ' ' || w == 2 || prevWide:
			breakAt = line.Len()
		}
		if lineW+w > width && lineW > 0 {
			if breakAt > 0 {
				flush(breakAt)
			} else {
				flush(line.Len())
			}
		}
		if seq == " " && lineW == 0 && wrapped {
			continue // no space at the start of a wrapped line; a paragraph's indent stays
		}
		line.WriteString(seq)
		lineW += w
		if seq == " " {
			breakAt = line.Len()
		}
		prevWide, prevRune = w == 2, r
	}
	out.WriteString(line.String())
}
