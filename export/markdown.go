package export

import (
	"fmt"
	"strings"
)

// escapeMarkdown escapes text so that Markdown (CommonMark with the GFM extensions goldmark is
// given) reads it as the very characters typed, never as structure: no heading, list, quote,
// table cell, code, emphasis, link, autolink, entity or HTML can come out of it. Line breaks
// become hard breaks ("\" at the end of the line) and the lines after the first start with
// indent, so text stays inside the list item it belongs to. atStart says the text begins a line
// of the document.
//
// It escapes with a backslash, wherever they are, the characters that open or close inline
// structure (\ ` * _ [ ] < > | ~ & # @), the colon of "://" and the dot of "www." (GFM
// autolinks), and at the start of a line the characters that open a block there (- + = :,
// the colon of a table's delimiter row ":-", and the "." or ")" after a number); a backslash
// ending a line is written as its entity, &#92;.
// A backslash before any ASCII punctuation is always read as the character itself, so escaping
// more than needed never shows.
func escapeMarkdown(s string, atStart bool, indent string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = escapeLine(l, atStart || i > 0)
	}
	return strings.Join(lines, "\\\n"+indent)
}

func escapeLine(s string, atStart bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	digits := atStart // still in a run of digits at the start of the line
	for i := 0; i < len(s); i++ {
		c := s[i]
		esc := false
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#', '@':
			esc = true
		case '-', '+', '=':
			esc = atStart && i == 0
		case '.', ')':
			esc = digits && i > 0
			if c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				esc = true
			}
		case ':':
			// A line starting ":-" is the delimiter row of a one-column table to goldmark.
			esc = atStart && i == 0 || strings.HasPrefix(s[i+1:], "//")
		}
		if c < '0' || c > '9' {
			digits = false
		}
		switch {
		case c == '\\' && i == len(s)-1:
			// goldmark reads an escaped backslash, then the backslash of a hard break and the
			// line end (three backslashes), as a backslash and a soft break; the entity is a
			// backslash wherever it is.
			b.WriteString("&#92;")
			continue
		case esc:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// markdownWriter writes a document's blocks as Markdown, one section at a time.
type markdownWriter struct {
	b        strings.Builder
	lastList byte // the marker of the previous block when it was a list, else 0
}

// markdown writes d as Markdown, and returns each section's Markdown too: the whole is their
// concatenation, and HTML renders them one by one.
func markdown(d document) (string, []string) {
	var w markdownWriter
	parts := make([]string, len(d.sections))
	for i, s := range d.sections {
		start := w.b.Len()
		for _, bl := range s.blocks {
			w.block(bl)
		}
		parts[i] = w.b.String()[start:]
	}
	return w.b.String(), parts
}

func (w *markdownWriter) inline(in inline, atStart bool, indent string) string {
	var b strings.Builder
	for i, s := range in {
		t := escapeMarkdown(s.text, atStart && i == 0, indent)
		if s.strong && t != "" {
			t = "**" + t + "**"
		}
		b.WriteString(t)
	}
	return b.String()
}

func (w *markdownWriter) block(bl block) {
	if w.b.Len() > 0 {
		w.b.WriteByte('\n')
	}
	// Two lists in a row would merge into one: the second takes the other marker.
	marker := byte(0)
	switch bl.kind {
	case bList:
		marker = '-'
		if w.lastList == '-' {
			marker = '+'
		}
	case bOrdered:
		marker = '.'
		if w.lastList == '.' {
			marker = ')'
		}
	}
	w.lastList = marker
	switch bl.kind {
	case bHeading:
		fmt.Fprintf(&w.b, "%s %s\n", strings.Repeat("#", bl.level), w.inline(bl.text, false, ""))
	case bPara:
		w.b.WriteString(w.inline(bl.text, true, ""))
		w.b.WriteByte('\n')
	case bList:
		for _, it := range bl.items {
			fmt.Fprintf(&w.b, "%c %s\n", marker, w.inline(it, true, "  "))
		}
	case bOrdered:
		for i, it := range bl.items {
			m := fmt.Sprintf("%d%c ", i+1, marker)
			fmt.Fprintf(&w.b, "%s%s\n", m, w.inline(it, true, strings.Repeat(" ", len(m))))
		}
	case bTable:
		row := func(cells []string) {
			w.b.WriteByte('|')
			for _, c := range cells {
				w.b.WriteString(" " + c + " |")
			}
			w.b.WriteByte('\n')
		}
		head := make([]string, len(bl.head))
		rule := make([]string, len(bl.head))
		for i, h := range bl.head {
			head[i] = w.inline(txt(h), false, "")
			rule[i] = "---"
		}
		row(head)
		row(rule)
		for _, r := range bl.rows {
			cells := make([]string, len(bl.head))
			for i := range cells {
				if i < len(r) {
					cells[i] = w.inline(r[i], false, "")
				}
			}
			row(cells)
		}
	}
}
