package export

import (
	"testing"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// BenchmarkExportArchive exports the minutes of every meeting of a village's ten years
// (demo --villages 1 --years 10) in all three formats; one op is the whole archive. The records
// are gathered before the clock starts, as the store would hand them over.
func BenchmarkExportArchive(b *testing.B) {
	a := demo.Synthetic(1, 10, nil)
	villages := map[meeting.ID]meeting.Village{}
	for _, v := range a.Villages {
		villages[v.ID] = v
	}
	matters := map[meeting.ID]meeting.Matter{}
	for _, m := range a.Matters {
		matters[m.ID] = m
	}
	stmts := map[meeting.ID][]meeting.Statement{}
	for _, s := range a.Statements {
		stmts[s.MeetingID] = append(stmts[s.MeetingID], s)
	}
	amends := map[meeting.ID][]meeting.Amendment{}
	for _, x := range a.Amendments {
		amends[x.MeetingID] = append(amends[x.MeetingID], x)
	}
	tasks := map[meeting.ID][]meeting.Assignment{}
	for _, x := range a.Assignments {
		if x.From != nil {
			tasks[x.From.MeetingID] = append(tasks[x.From.MeetingID], x)
		}
	}
	records := make([]MinutesRecord, len(a.Meetings))
	for i, m := range a.Meetings {
		r := MinutesRecord{Village: villages[m.VillageID], Meeting: m, Statements: stmts[m.ID],
			Amendments: amends[m.ID], Assignments: tasks[m.ID], Matters: map[meeting.ID]meeting.Matter{}}
		for _, it := range m.Items {
			if it.MatterID != 0 {
				r.Matters[it.MatterID] = matters[it.MatterID]
			}
			if it.Outcome != nil && it.Outcome.MatterID != 0 {
				r.Matters[it.Outcome.MatterID] = matters[it.Outcome.MatterID]
			}
		}
		records[i] = r
	}
	bytes := 0
	for b.Loop() {
		bytes = 0
		for _, r := range records {
			for _, f := range formats {
				out, err := Minutes(r, f, Options{})
				if err != nil {
					b.Fatal(err)
				}
				bytes += len(out)
			}
		}
	}
	b.ReportMetric(float64(len(records)), "meetings")
	b.ReportMetric(float64(bytes)/1e6, "MB/op")
}
