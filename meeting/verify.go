package meeting

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// SealFault is something CheckSeals found wrong in an archive: a sealed meeting or a posted
// notice whose seal does not hold, or a record that is missing. Text says it in plain words and
// names the record.
type SealFault struct {
	Village ID // the village of the record, 0 when the record is missing altogether
	Meeting ID // the sealed meeting at fault, or the meeting missing
	Notice  ID // the posted notice at fault, or the notice missing
	// Missing is set when the record is missing altogether (a gap in the meeting IDs, a posting
	// recorded for a notice the archive lacks), not when one present fails its seal.
	Missing bool
	Text    string
}

// SealReport is what CheckSeals found in an archive.
type SealReport struct {
	// Villages, Meetings and Notices count the villages, the sealed meetings and the posted
	// notices with a seal that were checked.
	Villages, Meetings, Notices int
	Faults                      []SealFault
	// Unsealed names the posted notices without a seal (posted before notices were sealed):
	// there is nothing to hold them against. They are not faults.
	Unsealed []string
}

// CheckSeals checks every seal of archive a, as yishi verify --archive reports it:
//
//   - the sealed meetings of each village, in the order they were sealed (SealedInOrder), each
//     against its record, its statements and the seal before it: the chain. A record changed
//     fails its own seal; a sealed record removed, or its seal replaced, breaks the link of the
//     one sealed after it, which is named with the one before the gap;
//   - the meetings of each village, numbered from 1 without a gap, since no meeting is ever
//     deleted: a missing number is a meeting removed from the archive, named by it (see Report
//     for a village numbered archive-wide once);
//   - each posted notice (one whose posting its matter's history records) against what it
//     states (VerifyNotice); a posting recorded for a notice the archive lacks is a notice
//     removed, named by its number.
func CheckSeals(a *Archive) SealReport {
	var c SealCheck
	c.Add(a)
	return c.Report()
}

// SealCheck is CheckSeals done a part at a time, so that an archive too large to hold is
// checked one village after another: Add each part (an archive holding one or more villages
// with all of their records), then Report. It holds only the meeting IDs between parts.
type SealCheck struct {
	r SealReport
	// the local numbers of the meetings of each village's space, for the gaps, and the villages
	spaces map[uint32]*spaceMeetings
}

// spaceMeetings is what the check of missing meetings holds of one village.
type spaceMeetings struct {
	village Village
	locals  []uint32
}

// Add checks the seals of the villages of a, which holds every record of those villages.
func (c *SealCheck) Add(a *Archive) {
	r := &c.r
	r.Villages += len(a.Villages)
	// The statements of a meeting, as runs of a.Statements where they follow one another (as
	// they mostly do), so that a large village's are not copied.
	stmts := map[ID][]Statement{}
	for i := 0; i < len(a.Statements); {
		id, j := a.Statements[i].MeetingID, i+1
		for j < len(a.Statements) && a.Statements[j].MeetingID == id {
			j++
		}
		if run, ok := stmts[id]; ok {
			stmts[id] = append(run, a.Statements[i:j]...)
		} else {
			stmts[id] = a.Statements[i:j:j]
		}
		i = j
	}
	byID := map[ID]Meeting{}
	for _, m := range a.Meetings {
		byID[m.ID] = m
	}
	notices := map[ID]Notice{}
	for _, n := range a.Notices {
		notices[n.ID] = n
	}
	seen := map[ID]bool{}
	for _, v := range a.Villages {
		var ms []Meeting
		for _, m := range a.Meetings {
			if m.VillageID == v.ID {
				ms = append(ms, m)
			}
		}
		prev, before := "", Meeting{}
		for i, m := range SealedInOrder(ms) {
			r.Meetings++
			if !VerifySeal(m, stmts[m.ID], prev) {
				what := "内容与校验码不符，或在它之前封存的记录被删除过"
				switch {
				case m.Seal == "":
					what = "没有校验码"
				case i > 0:
					what = fmt.Sprintf("内容与校验码不符，或与前一份封存记录（会议 %d）接不上：这份记录被改动过，或两者之间有封存记录被删除", before.ID)
				}
				r.Faults = append(r.Faults, SealFault{Village: v.ID, Meeting: m.ID,
					Text: fmt.Sprintf("【%s】会议 %d（%s %s）：%s", v.Name, m.ID, DateOf(m.Start), m.Name(), what)})
			}
			prev, before = m.Seal, m
		}
		for _, x := range a.Matters {
			if x.VillageID != v.ID {
				continue
			}
			for _, e := range x.History {
				if e.NoticeID == 0 || seen[e.NoticeID] {
					continue
				}
				seen[e.NoticeID] = true
				n, ok := notices[e.NoticeID]
				if !ok {
					r.Faults = append(r.Faults, SealFault{Village: v.ID, Notice: e.NoticeID, Missing: true,
						Text: fmt.Sprintf("【%s】公告 %d：事项「%s」的经过记着它的张贴，档案里却没有这份公告：它被删除过", v.Name, e.NoticeID, x.Title)})
					continue
				}
				name := fmt.Sprintf("【%s】%s %d「%s」", v.Name, n.Kind.Label(), n.ID, n.TitleFor(x))
				// A posted notice stands on sealed records: one whose meetings are drafts states
				// what may still change, whatever screen or file posted it.
				if err := NoticeReady(n, x, byID); err != nil {
					r.Faults = append(r.Faults, SealFault{Village: v.ID, Notice: n.ID, Text: name + "：已张贴，但" + err.Error()})
				}
				if n.Seal == "" {
					r.Unsealed = append(r.Unsealed, name)
					continue
				}
				r.Notices++
				if !VerifyNotice(n, x, byID) {
					r.Faults = append(r.Faults, SealFault{Village: v.ID, Notice: n.ID,
						Text: name + "：内容与校验码不符，公告、事项的经过或它依据的会议记录被改动过"})
				}
			}
		}
	}
	if c.spaces == nil {
		c.spaces = map[uint32]*spaceMeetings{}
	}
	for _, v := range a.Villages {
		c.spaces[v.ID.Space()] = &spaceMeetings{village: v}
	}
	for _, m := range a.Meetings {
		if sm := c.spaces[m.ID.Space()]; sm != nil {
			sm.locals = append(sm.locals, m.ID.Local())
		}
	}
}

// Report returns what the parts added were found to hold, with a fault for each meeting missing
// from a village: its meetings run from local number 1 without a gap, or, for a village numbered
// archive-wide once (Village.Legacy), as many as it had then below its first number of its own,
// and from there without a gap.
func (c *SealCheck) Report() SealReport {
	r := c.r
	r.Faults = slices.Clone(r.Faults)
	spaces := slices.Sorted(maps.Keys(c.spaces))
	slices.SortStableFunc(spaces, func(a, b uint32) int {
		return cmp.Compare(c.spaces[a].village.ID.Local(), c.spaces[b].village.ID.Local())
	})
	for _, sp := range spaces {
		sm := c.spaces[sp]
		v := sm.village
		locals := slices.Compact(slices.Sorted(slices.Values(sm.locals)))
		next := uint32(1)
		if l := v.Legacy; l != nil {
			before, _ := slices.BinarySearch(locals, l.Below)
			if before < l.Meetings {
				r.Faults = append(r.Faults, SealFault{Village: v.ID, Missing: true,
					Text: fmt.Sprintf("【%s】编号 %d 以前的会议（升级前全档案统一编号）应有 %d 次，档案里只有 %d 次：会议记录从不删除，有会议被人从档案里删掉了",
						v.Name, l.Below, l.Meetings, before)})
			}
			locals, next = locals[before:], l.Below
		}
		for _, n := range locals {
			for ; next < n; next++ {
				r.Faults = append(r.Faults, SealFault{Village: v.ID, Meeting: v.ID.Sibling(next), Missing: true,
					Text: fmt.Sprintf("【%s】会议 %d：档案里缺了这次会议（会议编号中间断了）；会议记录从不删除，它是被人从档案里删掉的", v.Name, next)})
			}
			next = n + 1
		}
	}
	return r
}

// SealedInOrder returns the final meetings of ms in the order they were sealed: by SealedAt,
// then by ID. Each one's seal chains to the one before it (see SealOf).
func SealedInOrder(ms []Meeting) []Meeting {
	var out []Meeting
	for _, m := range ms {
		if m.Status == Final {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b Meeting) int {
		if c := a.SealedAt.Compare(b.SealedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}
