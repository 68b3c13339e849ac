package export

import (
	"strings"
	"testing"
)

// TestConsultationFormSaidOnce: a consultation whose form is 协商议事会 is not called
// 协商议事会（协商议事会）.
func TestConsultationFormSaidOnce(t *testing.T) {
	r := minutesRecord(abei(t), 6)
	for form, want := range map[string]string{"协商议事会": "会议类型：协商议事会\n", "夜话乡村": "会议类型：协商议事会（夜话乡村）\n", "": "会议类型：协商议事会\n"} {
		r.Meeting.Form = form
		b, err := Minutes(r, Text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("form %q: want %q in\n%.300s", form, want, b)
		}
	}
}
