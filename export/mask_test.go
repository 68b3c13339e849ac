package export

import (
	"regexp"
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"身份证 230381199310129394。", "身份证 230***********9394。"},
		{"23038119690612390X", "230***********390X"},
		{"电话15089450837", "电话150****0837"},
		{"电话 150 8945 0837 或 150-8945-0837", "电话 150****0837 或 150****0837"},
		{"+86 15089450837", "150****0837"},
		{"卡号 6222021234567890123", "卡号 622************0123"},
		{"旧身份证 230381931012939", "旧身份证 230********2939"},
		// As villagers type them: full-width digits, spaces and dashes, IDs in groups.
		{"电话１５０８９４５０８３７", "电话150****0837"},
		{"身份证２３０３８１１９９３１０１２９３９４号", "身份证230***********9394号"},
		{"身份证 23038119690612390Ｘ", "身份证 230***********390X"},
		{"身份证 230381 19931012 9394，", "身份证 230***********9394，"},
		{"身份证 230381-1993-1012-9394", "身份证 230***********9394"},
		{"电话 １５０　８９４５　０８３７", "电话 150****0837"},
		{"卡号 6222 0212 3456 7890 123", "卡号 622************0123"},
		{"卡号 6222－0212－3456－7890", "卡号 622*********7890"},
		// Not personal numbers: amounts, dates, counts, IDs of the archive.
		{"公示期 2026-12-03 2026-12-17，2026 年 12 月 3 日", "公示期 2026-12-03 2026-12-17，2026 年 12 月 3 日"},
		{"摘果 850 筐，工钱 1200 元，１２００ 元", "摘果 850 筐，工钱 1200 元，１２００ 元"},
		{"2021 2022 2023 2024 四年的收支", "2021 2022 2023 2024 四年的收支"},
		{"补助 1000 2000 3000 4000 元", "补助 1000 2000 3000 4000 元"},
		{"预算 23000 元，2026-09-08，应到 30 人", "预算 23000 元，2026-09-08，应到 30 人"},
		{"编号 12345678901234567890123", "编号 12345678901234567890123"}, // too long to be an ID or card
		{"12015089450837", "12015089450837"},                         // a mobile inside a longer number is not masked alone
		{"", ""},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMaskLeavesNoFullNumber masks text full of the fixture's numbers and finds none left whole.
func TestMaskLeavesNoFullNumber(t *testing.T) {
	text := strings.Repeat("金昌义，15089450837，230381199310129394；李桂君 15358769162 23038119690612390X\n", 5) +
		"全角：１５０８９４５０８３７，２３０３８１１９９３１０１２９３９４；分组：230381 1993 1012 9394，150-8945-0837\n"
	masked := Mask(text)
	folded, _ := fold(masked)
	if regexp.MustCompile(`\d(?:[- ]?\d){10}`).MatchString(folded) {
		t.Errorf("a full number survived masking:\n%s", masked)
	}
	if !strings.Contains(masked, "金昌义") || strings.Count(masked, "\n") != 6 {
		t.Error("masking changed the text around the numbers")
	}
}
