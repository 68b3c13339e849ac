package app

import (
	"bufio"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
)

// tableWriter prints a table a row at a time, in the look of the listings: columns left-aligned
// by display width (Chinese is two cells wide) with two blanks after each, the headers above a
// rule. A listing of a whole township streams its rows through it once it knows the columns'
// widths, rather than holding every row.
type tableWriter struct {
	w      *bufio.Writer
	widths []int
}

// columnWidths returns the display width of each column of headers and rows.
func columnWidths(headers []string, rows ...[]string) []int {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = lipgloss.Width(h)
	}
	for _, r := range rows {
		widen(widths, r)
	}
	return widths
}

// widen widens widths to hold row.
func widen(widths []int, row []string) {
	for i, c := range row {
		if i < len(widths) {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
}

// newTableWriter starts a table on w with columns of widths: the headers and the rule.
func newTableWriter(w io.Writer, headers []string, widths []int) *tableWriter {
	t := &tableWriter{w: bufio.NewWriter(w), widths: widths}
	t.row(headers)
	total := 0
	for _, n := range widths {
		total += n + 2
	}
	t.w.WriteString(strings.Repeat("─", total) + "\n")
	return t
}

// row prints one row.
func (t *tableWriter) row(cells []string) {
	for i, n := range t.widths {
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		t.w.WriteString(c)
		t.w.WriteString(strings.Repeat(" ", n-lipgloss.Width(c)+2))
	}
	t.w.WriteString("\n")
}

// close flushes the table.
func (t *tableWriter) close() error { return t.w.Flush() }

// printTable writes rows under headers.
func printTable(w io.Writer, headers []string, rows [][]string) {
	t := newTableWriter(w, headers, columnWidths(headers, rows...))
	for _, r := range rows {
		t.row(r)
	}
	t.close()
}
