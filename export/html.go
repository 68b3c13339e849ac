package export

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdownToHTML is the one Markdown renderer of the exports: GFM (tables), CJK line breaks and
// emphasis, and raw HTML left off, so any "<" that reached the Markdown would be shown, not
// obeyed (html.WithUnsafe is never to be given). A goldmark.Markdown is safe for concurrent use.
var markdownToHTML = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))

// printCSS lays a document out for A4 paper and for a screen: a CJK serif font stack, ruled
// tables that do not break across pages, boxes to sign in, and a page break after every
// document so that several printed in a row each start on a new page.
const printCSS = `@page { size: A4; margin: 2cm; }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; font-size: 12pt; line-height: 1.7; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 17cm; }
article { break-after: page; page-break-after: always; }
article:last-of-type { break-after: auto; page-break-after: auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 0.8em; line-height: 1.4; }
h2 { font-size: 14pt; margin: 1.2em 0 0.4em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 0.3em; break-after: avoid; page-break-after: avoid; }
p, li { orphans: 2; widows: 2; }
p { margin: 0.4em 0; }
ul, ol { margin: 0.4em 0; padding-left: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: bold; }
section.ref { margin: 0.6em 0; font-size: 10.5pt; text-align: right; break-before: avoid; page-break-before: avoid; }
section.head > p:first-of-type { text-align: right; }
section.sign, section.signers { break-inside: avoid; page-break-inside: avoid; }
section.sign td:last-child { width: 38%; height: 2.8em; }
section.sign tr:last-child td { height: 5em; }
section.signers { margin-top: 1.5em; text-align: right; break-before: avoid; page-break-before: avoid; }
@media print { th { background: none; } body { max-width: none; } }
`

// renderHTML wraps the Markdown of each section of d, rendered by goldmark, in one
// self-contained HTML5 file.
func renderHTML(d document, sections []string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(d.title))
	b.WriteString("<style>\n" + printCSS + "</style>\n</head>\n<body>\n")
	fmt.Fprintf(&b, "<article class=\"%s\">\n", d.kind)
	for i, s := range d.sections {
		fmt.Fprintf(&b, "<section class=\"%s\">\n", s.class)
		if err := markdownToHTML.Convert([]byte(sections[i]), &b); err != nil {
			return nil, fmt.Errorf("生成网页版时出错：%w", err)
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</article>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// blockTags end a line of a document's text.
var blockTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "li": true,
	"tr": true, "br": true, "div": true, "section": true, "article": true, "table": true, "thead": true,
	"tbody": true, "ul": true, "ol": true, "blockquote": true, "hr": true, "pre": true, "header": true,
	"footer": true, "body": true, "title": true,
}

// htmlLines is the text of an HTML document's body as lines: a line for each paragraph,
// heading, list item, table row (its cells joined by " | ") or hard break; tags dropped,
// entities read, blanks collapsed, empty lines dropped. Markup and its whitespace do not count.
func htmlLines(doc string) []string {
	low := strings.ToLower(doc)
	if i := strings.Index(low, "<body"); i >= 0 {
		doc, low = doc[i:], low[i:]
	}
	var lines []string
	var cur strings.Builder
	flush := func() {
		l := strings.Join(strings.Fields(html.UnescapeString(cur.String())), " ")
		if l != "" {
			lines = append(lines, l)
		}
		cur.Reset()
	}
	for len(doc) > 0 {
		lt := strings.IndexByte(doc, '<')
		if lt < 0 {
			cur.WriteString(doc)
			break
		}
		cur.WriteString(doc[:lt])
		doc, low = doc[lt:], low[lt:]
		gt := strings.IndexByte(doc, '>')
		if gt < 0 {
			cur.WriteString(doc)
			break
		}
		closing := strings.HasPrefix(low[1:gt], "/")
		tag := strings.TrimLeft(low[1:gt], "/!")
		name := tag
		if i := strings.IndexAny(tag, " \t\r\n/"); i >= 0 {
			name = tag[:i]
		}
		doc, low = doc[gt+1:], low[gt+1:]
		switch {
		case name == "style" || name == "script":
			if end := strings.Index(low, "</"+name); end >= 0 {
				doc, low = doc[end:], low[end:]
			}
		case blockTags[name]:
			flush()
		case (name == "td" || name == "th") && !closing && strings.TrimSpace(cur.String()) != "":
			cur.WriteString(" | ")
		}
	}
	flush()
	return lines
}
