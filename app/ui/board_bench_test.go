package ui

import (
	"runtime"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// townshipBoard opens the township archive (demo.Synthetic(20, 10), built by the binary) and a
// board of every village on it, at 120×40.
func townshipBoard(b *testing.B) (*board, core.Store) {
	b.Helper()
	s, err := storage.Open(testkit.Township(b, nil))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	c := newCommon(s, 120, 40)
	vs, err := s.Villages()
	if err != nil {
		b.Fatal(err)
	}
	bd := newBoard(c, vs, meeting.DateOf(testkit.FixedNow))
	bd.village = len(vs) // every village
	loadAll(b, bd)
	bd.SetSize(120, 36)
	return bd, s
}

// loadAll runs what the board asks to read, as the program would.
func loadAll(b *testing.B, bd *board) {
	b.Helper()
	for _, msg := range runCmd(bd.need()) {
		bd.Update(msg)
	}
}

// BenchmarkBoardRender draws the board of every village of the township (View only).
func BenchmarkBoardRender(b *testing.B) {
	bd, _ := townshipBoard(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		_ = bd.View()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(len(bd.shown)), "matters")
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "heap-MB")
}

// BenchmarkBoardFilter changes the stage filter of the township board and draws it.
func BenchmarkBoardFilter(b *testing.B) {
	bd, _ := townshipBoard(b)
	for b.Loop() {
		bd.Update(tea.KeyPressMsg{Code: tea.KeyF2})
		_ = bd.View()
	}
}

// BenchmarkBoardOpen reads every village's matters for the board.
func BenchmarkBoardOpen(b *testing.B) {
	s, err := storage.Open(testkit.Township(b, nil))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := newCommon(s, 120, 40)
	vs, _ := s.Villages()
	for b.Loop() {
		bd := newBoard(c, vs, meeting.DateOf(testkit.FixedNow))
		bd.village = len(vs)
		loadAll(b, bd)
		bd.SetSize(120, 36)
		_ = bd.View()
	}
}

// BenchmarkBoardAttention turns 需关注 on for one village, then for every village: cold, that
// reads each village's meetings and notices and runs the checks; warm, with the findings the
// background read after the home screen (core.Findings.Warm).
func BenchmarkBoardAttention(b *testing.B) {
	for _, every := range []bool{false, true} {
		for _, warm := range []bool{false, true} {
			name := "village"
			if every {
				name = "township"
			}
			if warm {
				name += "-warm"
			}
			b.Run(name, func(b *testing.B) {
				bd, _ := townshipBoard(b)
				if !every {
					bd.village = 0
				}
				if warm {
					if err := bd.c.Findings().Warm(bd.villages, bd.today); err != nil {
						b.Fatal(err)
					}
				}
				for b.Loop() {
					if !warm {
						bd.c.findings = nil
					}
					bd.checked = map[meeting.ID]map[meeting.ID]bool{}
					bd.attention = true
					loadAll(b, bd)
					_ = bd.View()
				}
			})
		}
	}
}

// BenchmarkDeskTownship opens the desk's cross-village screens on the township archive, as the
// secretary of a township meets them after the archive is open: the attention list of every
// village, and a search of every village and of one.
func BenchmarkDeskTownship(b *testing.B) {
	s, err := storage.Open(testkit.Township(b, nil))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := newCommon(s, 120, 40)
	vs, err := s.Villages()
	if err != nil {
		b.Fatal(err)
	}
	// Cold, every village read and checked; warm, after the background read that follows the
	// home screen (core.Findings.Warm): what the secretary meets once the archive is open.
	for _, warm := range []bool{false, true} {
		name := "attention-all"
		if warm {
			name += "-warm"
			if err := c.Findings().Warm(vs, meeting.DateOf(c.Now())); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if !warm {
					c.findings = nil
				}
				for _, msg := range runCmd(openAttentionAt(c, vs[0].ID, attentionView{all: true})) {
					if m, ok := msg.(buildMsg); ok {
						if screen, err := m.build(); err == nil {
							screen.SetSize(120, 40)
							_ = screen.View()
						}
					}
				}
			}
		})
	}
	for _, village := range []meeting.ID{0, vs[0].ID} {
		name := "search-all"
		if village != 0 {
			name = "search-village"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := core.Search(s, "村民", core.SearchOptions{Village: village}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
