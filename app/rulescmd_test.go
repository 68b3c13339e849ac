package app

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestRulesCommand: `yishi rules` on the demo shows the two sets either side of 2026-01-01, with
// stable English keys in JSON; a bad date or an unknown village is refused in plain words.
func TestRulesCommand(t *testing.T) {
	dir := demoDir(t)
	type row struct {
		Village string `json:"village"`
		Statute string `json:"statute"`
		Bodies  []struct {
			Body  string `json:"body"`
			Unit  string `json:"unit"`
			Basis string `json:"basis"`
		} `json:"bodies"`
		Figures []struct {
			Key     string `json:"key"`
			Value   int    `json:"value"`
			Minimum int    `json:"minimum"`
			Basis   string `json:"basis"`
		} `json:"figures"`
		Shortfalls []any `json:"shortfalls"`
	}
	read := func(date string) row {
		t.Helper()
		r := mustOK(t, yishi(t, "", "--data", dir, "rules", "--date", date, "--json"))
		var rows []row
		if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 {
			t.Fatalf("rules --json: %v\n%s", err, r.stdout)
		}
		return rows[0]
	}
	fig := func(r row, key string) (int, int, string) {
		for _, f := range r.Figures {
			if f.Key == key {
				return f.Value, f.Minimum, f.Basis
			}
		}
		t.Fatalf("no figure %s", key)
		return 0, 0, ""
	}
	body := func(r row, b string) string {
		for _, x := range r.Bodies {
			if x.Body == b && x.Unit == "persons" {
				return x.Basis
			}
		}
		return ""
	}
	old, cur := read("2025-06-01"), read("2026-03-01")
	if old.Statute != "2018" || cur.Statute != "2025" || old.Village != "阿北村" {
		t.Errorf("statutes %s and %s", old.Statute, cur.Statute)
	}
	if b := body(old, "representative_assembly"); !strings.Contains(b, "（2018）第二十六条") {
		t.Errorf("2025-06-01 代表会议 basis %q", b)
	}
	if b := body(cur, "representative_assembly"); !strings.Contains(b, "（2025）第三十条") {
		t.Errorf("2026-03-01 代表会议 basis %q", b)
	}
	if v, min, _ := fig(old, "min_posting_days"); v != 7 || min != 0 {
		t.Errorf("2025 posting: %d (minimum %d)", v, min)
	}
	if v, min, basis := fig(cur, "min_posting_days"); v != 15 || min != 15 || !strings.Contains(basis, "第三十五条") {
		t.Errorf("2026 posting: %d (minimum %d) %s", v, min, basis)
	}
	if len(cur.Shortfalls) != 0 {
		t.Errorf("the demo has shortfalls: %v", cur.Shortfalls)
	}
	text := mustOK(t, yishi(t, "", "--data", dir, "rules", "--village", "阿北村", "--date", "2026-03-01")).stdout
	for _, want := range []string{"《村民委员会组织法》（2025 年修订）", "村民代表会议：到会须达到应到人数的三分之二以上", "公告公示期：15 天（法定最低 15 天）"} {
		if !strings.Contains(text, want) {
			t.Errorf("rules lacks %q:\n%s", want, text)
		}
	}
	if r := yishi(t, "", "--data", dir, "rules", "--date", "2026-13-01"); r.code != 2 || !strings.Contains(r.stderr, "2026-03-01 这样") {
		t.Errorf("a bad date: exit %d %s", r.code, r.stderr)
	}
	if r := yishi(t, "", "--data", dir, "rules", "--village", "阿南村"); r.code != 1 || !strings.Contains(r.stderr, "没有「阿南村」") {
		t.Errorf("an unknown village: exit %d %s", r.code, r.stderr)
	}
}

// TestRulesWithoutArchive: on a fresh machine, with no data directory yet, `yishi rules` shows
// the law and the defaults a new village gets, and creates nothing.
func TestRulesWithoutArchive(t *testing.T) {
	dir := t.TempDir() + "/none"
	r := mustOK(t, yishi(t, "", "--data", dir, "rules", "--date", "2026-03-01"))
	if !strings.Contains(r.stdout, "新建村的默认设置") || !strings.Contains(r.stdout, "公告公示期：15 天（法定最低 15 天）") {
		t.Errorf("rules without an archive:\n%s", r.stdout)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("rules created the data directory")
	}
}
