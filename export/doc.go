package export

import (
	"strings"
	"unicode"
)

// A document is built once, as blocks of text, and written out in each format: Markdown (the
// source of truth), HTML (goldmark's rendering of that Markdown, section by section) and plain
// text. So every format states the same facts, and a format differs only in its syntax.
//
// The text of spans is final: user text has been cleaned and masked (builder.u), and each
// renderer escapes it for its format. Nothing of a record reaches a document any other way.
type document struct {
	kind     string // article class in HTML: minutes, notice
	title    string // the HTML <title>
	sections []section
}

// section is a run of blocks that HTML wraps in a <section class="…">: head, body, sign, ref…
type section struct {
	class  string
	blocks []block
}

type blockKind int

const (
	bHeading blockKind = iota
	bPara
	bList    // one item a line; in plain text, lines without bullets
	bOrdered // numbered
	bTable   // Markdown and HTML; plain text writes lines instead
)

type block struct {
	kind  blockKind
	level int    // heading level
	text  inline // heading, paragraph
	items []inline
	head  []string
	rows  [][]inline
	lines []inline // a table as plain text lines
}

// inline is a run of spans, some strong.
type inline []span

type span struct {
	text   string
	strong bool
}

func txt(s string) inline { return inline{{text: s}} }

// label is 「**label**：text」: a strong label, then the text.
func label(l, text string) inline {
	return inline{{text: l, strong: true}, {text: "：" + text}}
}

// oneLine is the inline's text with its line breaks as spaces, for a heading or a table cell.
func (in inline) oneLine() inline {
	out := make(inline, len(in))
	for i, s := range in {
		s.text = strings.ReplaceAll(s.text, "\n", " ")
		out[i] = s
	}
	return out
}

// builder accumulates a document's sections.
type builder struct {
	doc      document
	unmasked bool
}

func (b *builder) section(class string) {
	b.doc.sections = append(b.doc.sections, section{class: class})
}

func (b *builder) add(bl block) {
	if len(b.doc.sections) == 0 {
		b.section("body")
	}
	s := &b.doc.sections[len(b.doc.sections)-1]
	s.blocks = append(s.blocks, bl)
}

func (b *builder) h(level int, in inline) {
	b.add(block{kind: bHeading, level: level, text: in.oneLine()})
}
func (b *builder) p(in inline) { b.add(block{kind: bPara, text: in}) }

func (b *builder) list(items ...inline) {
	if len(items) > 0 {
		b.add(block{kind: bList, items: items})
	}
}

func (b *builder) ordered(items ...inline) {
	if len(items) > 0 {
		b.add(block{kind: bOrdered, items: items})
	}
}

// table adds a table; lines are how plain text states the same.
func (b *builder) table(head []string, rows [][]inline, lines []inline) {
	for i, r := range rows {
		for j, c := range r {
			rows[i][j] = c.oneLine()
		}
	}
	b.add(block{kind: bTable, head: head, rows: rows, lines: lines})
}

// u is a text of the record as a document may show it: cleaned (clean) and, unless the export is
// the unmasked archive copy, with ID-card, bank-card and phone numbers masked (Mask).
func (b *builder) u(s string) string {
	s = clean(s)
	if !b.unmasked {
		s = Mask(s)
	}
	return s
}

// u1 is u on one line: line breaks become spaces (names, titles, table cells).
func (b *builder) u1(s string) string { return strings.ReplaceAll(b.u(s), "\n", " ") }

// clean makes user text safe to lay out: CR and CRLF read as LF, control and bidirectional
// formatting characters dropped, each line trimmed, empty lines dropped. What remains is the
// text as typed, one line break between lines.
func clean(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case unicode.IsControl(r), r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\ufeff':
				return -1
			}
			return r
		}, l)
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
