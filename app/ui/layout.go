package ui

import (
	"strings"
	"yishi/app/core"

	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fitCells cuts each cell of rows to its column's width, ending a cut one with core.CutMark, so the
// table has nothing left to cut.
func fitCells(rows []table.Row, cols []table.Column) []table.Row {
	for _, row := range rows {
		for i := range min(len(row), len(cols)) {
			if ansi.StringWidth(row[i]) > cols[i].Width {
				row[i] = ansi.Truncate(row[i], cols[i].Width, core.CutMark)
			}
		}
	}
	return rows
}

// fitAbove fits a form into height lines above its error, err (none when ""), which stays on
// screen in full, wrapped to width; the caret is kept in view.
func fitAbove(st *Styles, form string, cursor *tea.Cursor, err string, width, height int) (string, *tea.Cursor) {
	if err == "" {
		return fit(form, height, cursor, 0)
	}
	errs := st.Error.Render(wrap(err, width))
	out, cursor := fit(form, max(height-lipgloss.Height(errs)-1, 3), cursor, 0)
	return out + "\n\n" + errs, cursor
}

// fit shows the part of a tall screen that fits in height lines: all of it when it fits,
// otherwise a window that keeps the cursor's line (or, without a cursor, the line to keep) in
// view. The cursor is moved with the window.
func fit(content string, height int, cursor *tea.Cursor, keep int) (string, *tea.Cursor) {
	lines := strings.Split(content, "\n")
	if len(lines) <= height || height <= 0 {
		return content, cursor
	}
	focus := keep
	if cursor != nil {
		focus = cursor.Position.Y
	}
	top := max(min(focus-height/3, len(lines)-height), 0)
	if cursor != nil {
		cursor.Position.Y -= top
	}
	return strings.Join(lines[top:top+height], "\n"), cursor
}
