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
		// Not personal numbers: amounts, dates, counts, IDs of the archive.
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
	text := strings.Repeat("金昌义，15089450837，230381199310129394；李桂君 15358769162 23038119690612390X\n", 5)
	masked := Mask(text)
	if regexp.MustCompile(`\d{11}`).MatchString(masked) {
		t.Errorf("a full number survived masking:\n%s", masked)
	}
	if !strings.Contains(masked, "金昌义") || strings.Count(masked, "\n") != 5 {
		t.Error("masking changed the text around the numbers")
	}
}
