package export

import (
	"fmt"
	"strings"
)

// plainText writes d for a chat group: no Markdown, no tables, one fact a line, headings in
// 【】, a blank line between blocks. A text's own line breaks stay; the lines after the first of
// a list item are indented by a full-width space so they read as part of it.
func plainText(d document) string {
	var b strings.Builder
	first := true
	for _, s := range d.sections {
		for _, bl := range s.blocks {
			if !first {
				b.WriteByte('\n')
			}
			first = false
			switch bl.kind {
			case bHeading:
				t := flat(bl.text, "")
				switch bl.level {
				case 1:
				case 2:
					t = "【" + t + "】"
				default:
					t = "〔" + t + "〕"
				}
				b.WriteString(t + "\n")
			case bPara:
				b.WriteString(flat(bl.text, "") + "\n")
			case bList:
				for _, it := range bl.items {
					b.WriteString(flat(it, "　") + "\n")
				}
			case bOrdered:
				for i, it := range bl.items {
					fmt.Fprintf(&b, "%d、%s\n", i+1, flat(it, "　"))
				}
			case bTable:
				for _, l := range bl.lines {
					b.WriteString(flat(l, "　") + "\n")
				}
			}
		}
	}
	return b.String()
}

// flat is the inline's text, its line breaks followed by indent.
func flat(in inline, indent string) string {
	var b strings.Builder
	for _, s := range in {
		b.WriteString(s.text)
	}
	if indent == "" {
		return b.String()
	}
	return strings.ReplaceAll(b.String(), "\n", "\n"+indent)
}
