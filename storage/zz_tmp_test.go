package storage

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestTmpDumpTexts(t *testing.T) {
	a := township()
	var b strings.Builder
	mid := a.Meetings[len(a.Meetings)-50].ID
	n := 0
	for _, st := range a.Statements {
		if st.MeetingID >= mid && n < 600 {
			b.WriteString(strings.ReplaceAll(st.Text, "\n", " ") + "\n")
			n++
		}
	}
	os.WriteFile("/tmp/srch/texts.txt", []byte(b.String()), 0o644)
}

// Statements of real-looking talk, 30 to a meeting, as recorded live.
func BenchmarkTmpAppendVaried(b *testing.B) {
	raw, err := os.ReadFile("/tmp/srch/texts.txt")
	if err != nil {
		b.Skip()
	}
	texts := strings.Split(strings.TrimSpace(string(raw)), "\n")
	s, mid := benchMeeting(b)
	v, _ := s.Meeting(mid)
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		i := len(ds)
		if i%30 == 29 {
			m := consultation(v.VillageID, "夜话乡村：路灯", clock(11, 20, 19, 30))
			if err := s.PutMeeting(&m); err != nil {
				b.Fatal(err)
			}
			mid = m.ID
		}
		st := statement(mid, clock(11, 20, 19, 31), "王秀英", texts[i%len(texts)])
		start := time.Now()
		if err := s.AppendStatement(&st); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}
