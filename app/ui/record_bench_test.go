package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

// BenchmarkKeypress500 measures what one typed character costs on the recording screen of a
// meeting with 500 statements: Update and then View, as the runtime does per key.
func BenchmarkKeypress500(b *testing.B) {
	s, err := storage.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a, err := demoArchiveWithStatements(500)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Import(a, nil); err != nil {
		b.Fatal(err)
	}
	c := &Common{Width: 100, Height: 30, Styles: NewStyles(true), Keys: DefaultKeyMap(), Store: s,
		Now: time.Now, DraftDelay: time.Hour}
	msg := openRecording(c, a.Meetings[len(a.Meetings)-1].ID)()
	show, ok := msg.(buildMsg)
	if !ok {
		b.Fatalf("%T %v", msg, msg)
	}
	m := NewModel(c)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m, _ = m.Update(show)
	r := m.(*model).front.(*record)
	r.setFocus(textFocus)
	keys := []rune("秋收以后场院边上的秸秆堆得到处都是")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := keys[i%len(keys)]
		m, _ = m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
		_ = m.View()
		if i%40 == 39 {
			r.text.SetValue("") // keep the field one statement long
		}
	}
}

// demoArchiveWithStatements is the demo village with a draft meeting of n statements on one item.
func demoArchiveWithStatements(n int) (*meeting.Archive, error) {
	a, err := demo.Abei()
	if err != nil {
		return nil, err
	}
	last := a.Meetings[len(a.Meetings)-1]
	m := meeting.Meeting{ID: last.ID + 1, VillageID: 1, Kind: meeting.Consultation, Form: "夜话乡村", Title: "五百条发言",
		Start: last.Start.AddDate(0, 0, 7), Host: last.Host, Recorder: last.Recorder, Status: meeting.Draft,
		Items: []meeting.Item{{N: 1, Title: "五百条发言"}}}
	a.Meetings = append(a.Meetings, m)
	id := a.Statements[len(a.Statements)-1].ID
	for i := 0; i < n; i++ {
		id++
		a.Statements = append(a.Statements, meeting.Statement{ID: id, MeetingID: m.ID, Item: 1, Speaker: m.Host,
			At: m.Start.Add(time.Duration(i) * 10 * time.Second), Kind: meeting.Opinion,
			Text: fmt.Sprintf("第 %d 条：场院边上的秸秆堆得到处都是，容易着火，镇里有回收补贴，这周就联系回收点来拉。", i+1)})
	}
	return a, nil
}
