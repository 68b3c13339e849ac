package app

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"yishi/app/core"
)

func TestSearchCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustOK(t, yishi(t, "", "--data", dir, "demo"))

	out := mustOK(t, yishi(t, "", "--data", dir, "search", "路灯")).stdout
	for _, want := range []string{"会议（", "发言（", "【路灯】", "阿北村", "会议 #"} {
		if !strings.Contains(out, want) {
			t.Errorf("search 路灯 lacks %q:\n%s", want, out)
		}
	}
	out = mustOK(t, yishi(t, "", "--data", dir, "search", "jcy")).stdout
	if !strings.Contains(out, "人员（1）") || !strings.Contains(out, "【金昌义】") {
		t.Errorf("search jcy:\n%s", out)
	}

	var r searchResult
	js := mustOK(t, yishi(t, "", "--data", dir, "search", "路灯", "--json", "--limit", "2")).stdout
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 2 || !r.More || r.Query != "路灯" {
		t.Errorf("--json --limit 2: %+v", r)
	}
	for _, h := range r.Hits {
		if h.Text[h.Spans[0][0]:h.Spans[0][1]] != "路灯" {
			t.Errorf("span does not hold the query: %+v", h)
		}
	}

	if res := yishi(t, "", "--data", dir, "search"); res.code != 2 || !strings.Contains(res.stderr, "请写要找的内容") {
		t.Errorf("search without a query: %d %s", res.code, res.stderr)
	}
	if res := yishi(t, "", "--data", dir, "search", "路灯", "--village", "99"); res.code != 1 {
		t.Errorf("unknown village: %d %s", res.code, res.stderr)
	}
}

func TestMarkSpans(t *testing.T) {
	text := strings.Repeat("前", 40) + "路灯" + strings.Repeat("后", 40)
	got := markSpans(text, [][2]int{{120, 126}}, 30)
	if !strings.Contains(got, "【路灯】") || !strings.HasPrefix(got, core.CutMark) || !strings.HasSuffix(got, core.CutMark) {
		t.Errorf("markSpans: %q", got)
	}
}
