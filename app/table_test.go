package app

import (
	"bytes"
	"fmt"
	"testing"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// TestTableWriterLooksAsLipglossTable: the streamed listings look as the lipgloss table they
// replace drew them, Chinese widths included.
func TestTableWriterLooksAsLipglossTable(t *testing.T) {
	headers := []string{"编号", "村", "议题", "状态"}
	for _, rows := range [][][]string{
		{},
		{{"1", "阿北村", "修路", "定稿"}},
		{{"12", "桃河村", "秸秆禁烧后的处理、五组边沟堵塞", "草稿"}, {"3", "a", "", "定稿"}, {"140", "金桥村", "x y", ""}},
	} {
		lg := table.New().Headers(headers...).Rows(rows...).
			Border(lipgloss.NormalBorder()).BorderTop(false).BorderBottom(false).
			BorderLeft(false).BorderRight(false).BorderColumn(false).
			StyleFunc(func(row, col int) lipgloss.Style { return lipgloss.NewStyle().PaddingRight(2) })
		want := fmt.Sprintln(lg.Render())
		var got bytes.Buffer
		printTable(&got, headers, rows)
		if got.String() != want {
			t.Errorf("rows %q:\n got\n%q\n want\n%q", rows, got.String(), want)
		}
	}
}
