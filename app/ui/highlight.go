package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// highlight marks every occurrence of query in text with the match style. Text may carry ANSI
// styles already: it is searched as it reads (without them, a line at a time, Latin letters in
// any case), and the styles in force resume after each occurrence. It works on whole graphemes,
// before wrapping: the wrapper carries the style over when a match is split across lines, and
// never cuts a sequence.
//
// The viewport's own highlighting (SetHighlights) takes byte ranges of the styled content and
// mixes them with grapheme positions of the unstyled one, which goes wrong on styled Chinese.
func highlight(text, query string, match lipgloss.Style) string {
	if query == "" || text == "" {
		return text
	}
	plain, at := unstyle(text)
	q := foldASCII(query)
	hay := foldASCII(plain)
	type span struct{ from, to int } // byte offsets in plain
	var spans []span
	for i := 0; i <= len(hay)-len(q); {
		j := strings.Index(hay[i:], q)
		if j < 0 {
			break
		}
		spans = append(spans, span{i + j, i + j + len(q)})
		i += j + len(q)
	}
	if len(spans) == 0 {
		return text
	}
	r := match.Render("x")
	on, _, _ := strings.Cut(r, "x")
	const off = "\x1b[m"
	if on == "" {
		return text
	}
	var (
		b      strings.Builder
		active strings.Builder // the SGR sequences in force since the last reset
		next   int             // the next span
		in     bool
		state  byte
		p      = ansi.NewParser()
		pos    int // byte offset in text
	)
	b.Grow(len(text) + len(spans)*(len(on)+len(off)+8))
	for s := text; len(s) > 0; {
		seq, _, n, st := ansi.DecodeSequence(s, state, p)
		state, s = st, s[n:]
		start := pos
		pos += n
		if seq[0] == ansi.ESC {
			b.WriteString(seq)
			if strings.HasSuffix(seq, "m") && strings.HasPrefix(seq, "\x1b[") {
				if seq == "\x1b[m" || seq == "\x1b[0m" {
					active.Reset()
				} else {
					active.WriteString(seq)
				}
				if in {
					b.WriteString(on)
				}
			}
			continue
		}
		pi := at[start] // this grapheme's offset in plain
		if !in && next < len(spans) && pi >= spans[next].from && pi < spans[next].to {
			b.WriteString(on)
			in = true
		}
		if in && seq == "\n" {
			// Never carry the highlight over a line break of the record.
			b.WriteString(off)
			b.WriteString(active.String())
			b.WriteString(seq)
			b.WriteString(on)
			continue
		}
		b.WriteString(seq)
		if in && pi+len(seq) >= spans[next].to {
			b.WriteString(off)
			b.WriteString(active.String())
			in = false
			next++
		}
	}
	if in {
		b.WriteString(off)
	}
	return b.String()
}

// unstyle returns text without its escape sequences, and for each byte offset of text where a
// grapheme (or control character) starts, its offset in the result.
func unstyle(text string) (string, map[int]int) {
	var (
		b     strings.Builder
		at    = make(map[int]int, len(text)/2)
		state byte
		p     = ansi.NewParser()
		pos   int
	)
	for s := text; len(s) > 0; {
		seq, _, n, st := ansi.DecodeSequence(s, state, p)
		state, s = st, s[n:]
		if seq[0] != ansi.ESC {
			at[pos] = b.Len()
			b.WriteString(seq)
		}
		pos += n
	}
	return b.String(), at
}

// foldASCII lowers Latin letters only, so every byte offset stays where it was.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			bs := []byte(s)
			for j := i; j < len(bs); j++ {
				if bs[j] >= 'A' && bs[j] <= 'Z' {
					bs[j] += 'a' - 'A'
				}
			}
			return string(bs)
		}
	}
	return s
}

// firstMatch is the number of the first line of text, at or after line from, that has query in
// it (case of Latin letters aside), or -1. Text may carry ANSI styles.
func firstMatch(text, query string, from int) int {
	if query == "" {
		return -1
	}
	q := foldASCII(query)
	for i, l := range strings.Split(text, "\n") {
		if i >= from && strings.Contains(foldASCII(ansi.Strip(l)), q) {
			return i
		}
	}
	return -1
}
