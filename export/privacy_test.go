package export

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"

	"yishi/meeting"
)

// Full numbers a public export must not carry: an 18-character ID-card number, an 11-digit
// mobile number (also with blanks or dashes), not part of a longer run of digits.
var fullNumber = regexp.MustCompile(`(?:^|[^\d])(\d{17}[\dXx]|1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?:[^\d]|$)`)

// withNumbers is the demo archive with an ID-card and a mobile number in a statement of the
// sample evening, and a bank card in an absence reason: the contact for objections has a phone
// number already.
func withNumbers(t *testing.T) *meeting.Archive {
	a := abei(t)
	for i, s := range a.Statements {
		if s.MeetingID.Local() == 6 {
			a.Statements[i].Text += "我的身份证号是 230381199310129394，电话 150 8945 0837。"
			break
		}
	}
	for i := range a.Meetings {
		if a.Meetings[i].ID.Local() == 10 {
			ab := append([]meeting.Absence(nil), a.Meetings[i].Attendance.Absent...)
			ab[0].Reason += "（工资卡 6222021234567890123，电话15089450837）"
			a.Meetings[i].Attendance.Absent = ab
		}
	}
	return a
}

// allExports exports every meeting's minutes and every notice of the archive in every format.
func allExports(t *testing.T, a *meeting.Archive, o Options) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range formats {
		for _, m := range a.Meetings {
			b, err := Minutes(minutesRecord(a, m.ID), f, o)
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("minutes %d.%s", m.ID, f)] = b
		}
		for _, n := range a.Notices {
			b, err := Notice(noticeRecord(a, n), f, o)
			if err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("notice %d.%s", n.ID, f)] = b
		}
	}
	return out
}

func TestPublicExportsMaskNumbers(t *testing.T) {
	a := withNumbers(t)
	for name, b := range allExports(t, a, Options{}) {
		if m := fullNumber.FindSubmatch(b); m != nil {
			t.Errorf("%s carries the full number %s", name, m[1])
		}
		if bytes.Contains(b, []byte(unmaskedNote)) || bytes.Contains(b, []byte("内部存档")) {
			t.Errorf("%s says it is the internal copy", name)
		}
	}
}

func TestUnmaskedExportsKeepNumbers(t *testing.T) {
	a := withNumbers(t)
	all := allExports(t, a, Options{Unmasked: true})
	for _, f := range formats {
		for name, want := range map[string][]string{
			"minutes 6":  {"230381199310129394", "150 8945 0837"},
			"minutes 10": {"6222021234567890123", "15089450837"},
			"notice 3":   {"19721464720"},
			"notice 4":   {"19721464720"},
		} {
			b := all[name+"."+string(f)]
			for _, w := range want {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("the unmasked %s.%s lacks %s", name, f, w)
				}
			}
			if !bytes.Contains(b, []byte(unmaskedNote)) {
				t.Errorf("the unmasked %s.%s does not say so in its heading", name, f)
			}
		}
	}
	// The masked form shows what is left of them.
	pub := allExports(t, a, Options{})
	for name, want := range map[string]string{"minutes 6.md": "230\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*9394", "minutes 6.txt": "150****0837", "notice 3.txt": "197****4720"} {
		if !bytes.Contains(pub[name], []byte(want)) {
			t.Errorf("%s lacks the masked %s", name, want)
		}
	}
}
