package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/export"
	"yishi/meeting"
	"yishi/meeting/demo"
)

func exportOf(t *testing.T, m tea.Model) *exportScreen {
	t.Helper()
	e, ok := front(m).(*exportScreen)
	if !ok {
		t.Fatalf("the export screen is not in front: %T\n%s", front(m), plain(m))
	}
	return e
}

// checkWritten reads the file the export screen wrote and verifies it against the archive.
func checkWritten(t *testing.T, s core.Store, e *exportScreen, ext string) []byte {
	t.Helper()
	if e.written == "" || filepath.Ext(e.written) != ext {
		t.Fatalf("nothing written, or not %s: %q (%s)", ext, e.written, e.err)
	}
	data, err := os.ReadFile(e.written)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := export.ReadReference(data)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := core.VerifyFile(s, ref, data); err != nil || len(v.Diffs) > 0 || len(v.Later) > 0 {
		t.Errorf("%s does not verify: %v %v %v", e.written, v.Diffs, v.Later, err)
	}
	return data
}

func TestExportMinutesFromReader(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 100, 30)
	out := t.TempDir()
	m.(*model).c.Exports = filepath.Join(out, "导出")
	for i := 0; i < 10 && !strings.Contains(selectedRow(m), "决议党群服务中心"); i++ {
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyEnter))
	if !strings.Contains(plain(m), "F6 导出") {
		t.Errorf("the meeting reader does not offer the export:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF6))
	e := exportOf(t, m)
	v := plain(m)
	for _, want := range []string{"导出会议记录", "【Markdown】", "公开版", "阿北村村民代表会议记录", "F2 写入：" + filepath.Join(out, "导出")} {
		if !strings.Contains(v, want) {
			t.Errorf("the export screen lacks %q:\n%s", want, v)
		}
	}
	// Markdown, written where Common.Exports says, under a clear name.
	m = drive(t, m, press(tea.KeyF2))
	data := checkWritten(t, s, e, ".md")
	if want := filepath.Join(out, "导出", "2026-09-29_阿北村_村民代表会议记录：决议党群服务中心设备配置事项.md"); e.written != want {
		t.Errorf("written to %s, want %s", e.written, want)
	}
	if !strings.HasPrefix(string(data), "# ") || !strings.Contains(plain(m), "已写入："+filepath.Dir(e.written)) || !strings.Contains(plain(m), "已保存") {
		t.Errorf("the path is not shown:\n%s", plain(m))
	}
	// HTML, then plain text, then the unmasked copy (said on screen and in the name).
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyF2))
	checkWritten(t, s, e, ".html")
	m = drive(t, m, press(tea.KeyRight))
	if !strings.Contains(plain(m), "【纯文字（微信群）】") {
		t.Errorf("right did not choose text:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF3))
	if !e.unmasked || !strings.Contains(plain(m), "内部存档版") {
		t.Errorf("F3 did not choose the unmasked copy:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	data = checkWritten(t, s, e, ".txt")
	if !strings.Contains(e.written, "内部存档") || !strings.Contains(string(data), "内部存档") {
		t.Errorf("the unmasked copy is not labelled: %s", e.written)
	}
	// Scrolling, then back to the record.
	m = drive(t, m, press(tea.KeyPgDown))
	m = drive(t, m, press(tea.KeyEscape))
	if front(m) != m.(*model).reader || m.(*model).reader.meeting == 0 {
		t.Errorf("Esc did not go back to the meeting: %T", front(m))
	}
}

func TestExportNoticeFromMatter(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := openTrail(t, s, demo.AbeiID(2), 100, 30)
	m.(*model).c.Exports = t.TempDir()
	m = drive(t, m, press(tea.KeyF8))
	e := exportOf(t, m)
	if len(e.docs) != 2 || e.chosen().label != "实施结果公告" {
		t.Fatalf("docs: %d, first %s", len(e.docs), e.chosen().label)
	}
	m = drive(t, m, press(tea.KeyF4))
	if e.chosen().label != "决议公告" || !strings.Contains(plain(m), "【决议公告】") {
		t.Errorf("F4 did not switch to the resolution notice:\n%s", plain(m))
	}
	if !strings.Contains(plain(m), "全体村民") {
		t.Errorf("the preview does not show the notice:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	checkWritten(t, s, e, ".md")
	if !strings.HasPrefix(filepath.Base(e.written), "2026-09-30_阿北村_关于使用集体收入") {
		t.Errorf("name: %s", e.written)
	}
	// A matter without notices: refused in words, the trail stays.
	m = drive(t, m, press(tea.KeyEscape))
	m = drive(t, m, press(tea.KeyEscape))
	m = openTrail(t, s, testkit.StreetLights, 100, 30)
	m = drive(t, m, press(tea.KeyF8))
	if front(m) != m.(*model).reader || !strings.Contains(plain(m), "还没有公告") {
		t.Errorf("F8 without notices:\n%s", plain(m))
	}
}

func TestExportsDir(t *testing.T) {
	s := testkit.OpenStore(t)
	c := newCommon(s, 80, 24)
	if got, want := exportsDir(c), filepath.Join(filepath.Dir(s.Dir()), "yishi-exports"); got != want {
		t.Errorf("default exports folder %s, want %s", got, want)
	}
	c.Exports = "/tmp/x"
	if exportsDir(c) != "/tmp/x" {
		t.Error("YISHI_EXPORTS is not used")
	}
	// The folder is created when missing, beside the data directory.
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, 80, 24)
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF6))
	m = drive(t, m, press(tea.KeyF2))
	e := exportOf(t, m)
	if filepath.Dir(e.written) != filepath.Join(filepath.Dir(s.Dir()), "yishi-exports") {
		t.Errorf("written to %s (%s)", e.written, e.err)
	}
	os.RemoveAll(filepath.Dir(e.written))
}

func TestExportScreenFits(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, func(a *meeting.Archive) {
		a.Villages[0].Name = "黑龙江省某某市某某县某某镇阿北村民委员会"
		for i := range a.Meetings {
			a.Meetings[i].Title = long
		}
		for i := range a.Matters {
			a.Matters[i].Title = long
		}
		for i := range a.Notices {
			a.Notices[i].Title = long
			a.Notices[i].Text = strings.Repeat(long, 3)
		}
		for i := range a.Statements {
			a.Statements[i].Text = strings.Repeat(long, 2)
		}
	})
	exports := filepath.Join(t.TempDir(), "一个很长的导出文件夹名字用来检查路径在窄窗口里换行")
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		for _, open := range []struct {
			name string
			key  rune
			m    func() tea.Model
		}{
			{"minutes", tea.KeyF6, func() tea.Model { return drive(t, start(t, s, w, h), press(tea.KeyEnter)) }},
			{"notice", tea.KeyF8, func() tea.Model { return openTrail(t, s, demo.AbeiID(2), w, h) }},
		} {
			m := open.m()
			m.(*model).c.Exports = exports
			m = drive(t, m, press(open.key))
			exportOf(t, m)
			checkFits(t, open.name+" export", view(m), w, h)
			for _, k := range []rune{tea.KeyRight, tea.KeyF3, tea.KeyRight, tea.KeyF4, tea.KeyF2, tea.KeyPgDown} {
				m = drive(t, m, press(k))
				checkFits(t, open.name+" export after a key", view(m), w, h)
			}
			m = drive(t, m, press(tea.KeyF1))
			checkFits(t, open.name+" export with full help", view(m), w, h)
		}
	}
}
