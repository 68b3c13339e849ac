package core

import (
	"fmt"
	"yishi/meeting"
)

func StatusLabel(s meeting.Status) string {
	if s == meeting.Final {
		return "定稿"
	}
	return "草稿"
}

// SinceText says since when a problem stands: 自 2026-10-07 起超期（47 天）, or 发生于
// 2026-09-23（61 天前）.
func SinceText(f meeting.Finding, today meeting.Date) string {
	d := today.Sub(f.Since)
	if f.Severity == meeting.Overdue {
		return fmt.Sprintf("自 %s 起超期（%d 天）", f.Since, d+1)
	}
	if d == 0 {
		return fmt.Sprintf("发生于 %s（今天）", f.Since)
	}
	return fmt.Sprintf("发生于 %s（%d 天前）", f.Since, d)
}
