package app

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

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
