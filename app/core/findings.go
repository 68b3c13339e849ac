package core

import (
	"runtime"
	"sync"

	"yishi/meeting"
)

// Findings keeps what the compliance checks found in each village for a day, and reads a village
// again only when it has changed since (Store.Generation) or the day has. The desk's attention
// list, the board's marks and the home screen ask it: a township's villages are read once, in
// the background after the home screen (Warm), where opening the attention list of twenty
// villages read all of them each time.
type Findings struct {
	s  Store
	mu sync.Mutex
	m  map[meeting.ID]kept
}

// kept is what was found in a village, under a generation and as of a day.
type kept struct {
	gen   uint64
	day   meeting.Date
	found []meeting.Finding
}

// NewFindings returns an empty Findings of the archive s.
func NewFindings(s Store) *Findings { return &Findings{s: s, m: map[meeting.ID]kept{}} }

// Attention returns meeting.Ledger.Attention of village v as of today, read again only when the
// village has changed since it was last read, or the day has. The slice is shared: read it only.
func (f *Findings) Attention(v meeting.Village, today meeting.Date) ([]meeting.Finding, error) {
	if found, ok := f.kept(v.ID, today); ok {
		return found, nil
	}
	_, found, err := f.Ledger(v, today)
	return found, err
}

// Check returns the problems among Attention (meeting.Ledger.Check).
func (f *Findings) Check(v meeting.Village, today meeting.Date) ([]meeting.Finding, error) {
	all, err := f.Attention(v, today)
	if err != nil {
		return nil, err
	}
	return meeting.ProblemsOf(all), nil
}

// Ledger reads the ledger of village v (core.Ledger) and returns it with its findings as of
// today, which it keeps.
func (f *Findings) Ledger(v meeting.Village, today meeting.Date) (meeting.Ledger, []meeting.Finding, error) {
	// The generation before the read: a change made while the village is read makes what is
	// kept older than the archive, and it is read again next time.
	gen := f.s.Generation(v.ID)
	l, err := Ledger(f.s, v)
	if err != nil {
		return l, nil, err
	}
	found := l.Attention(today)
	f.mu.Lock()
	if k, ok := f.m[v.ID]; !ok || k.gen <= gen {
		f.m[v.ID] = kept{gen: gen, day: today, found: found}
	}
	f.mu.Unlock()
	return l, found, nil
}

// kept returns the findings kept of village id, if they hold for today.
func (f *Findings) kept(id meeting.ID, today meeting.Date) ([]meeting.Finding, bool) {
	gen := f.s.Generation(id)
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.m[id]
	return k.found, ok && k.gen == gen && k.day == today
}

// Warm reads the villages whose findings are not kept for today, one at a time: run in the
// background, it has the cross-village screens open at once.
func (f *Findings) Warm(vs []meeting.Village, today meeting.Date) error {
	read := 0
	for _, v := range vs {
		if _, ok := f.kept(v.ID, today); ok {
			continue
		}
		if read++; read > 1 {
			// A village's meetings are garbage once checked: collect them before the next
			// village's are read, or several are held at once (see the board's reading).
			runtime.GC()
		}
		if _, _, err := f.Ledger(v, today); err != nil {
			return err
		}
	}
	return nil
}
