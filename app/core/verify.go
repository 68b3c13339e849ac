package core

import (
	"fmt"
	"yishi/export"
	"yishi/meeting"
)

// Verified is what verifyFile found of a file.
type Verified struct {
	What  string   // what the file is, in words
	Code  string   // the record's verification code, "" for none
	Diffs []string // how the file differs from the record; none when it is true
	// Later is what was recorded of a meeting after the file, true when it was made, was
	// exported from it (export.Earlier): amendments, assignments' results and feedback.
	Later   []export.Later
	village string // the record's village
}

// VerifyFile checks an exported file against the archive: the record it names, exported again
// in the file's format and masking, must read the same, and the code it carries must be the
// record's, whose seal must still match the record. Minutes that differ only by what was
// recorded after they were exported (export.Earlier) are true, and out of date.
//
// The file names its record by its number in its village. In an archive of several villages
// with that number each, the file is held against each, and the record it is true of (or whose
// code it carries) is the one reported.
func VerifyFile(s Store, ref export.Reference, data []byte) (v Verified, err error) {
	exists := func(id meeting.ID) error { _, err := s.Meeting(id); return err }
	if ref.Kind == export.KindNotice {
		exists = func(id meeting.ID) error { _, err := s.Notice(id); return err }
	}
	vs, err := s.Villages()
	if err != nil {
		return Verified{}, err
	}
	ids := []meeting.ID{ref.ID}
	if ref.ID.Space() == 0 {
		if ids, _, err = candidates(vs, ref.ID.Local(), exists); err != nil {
			return Verified{}, err
		}
		if len(ids) == 0 && len(vs) > 0 {
			ids = []meeting.ID{vs[0].ID.Sibling(ref.ID.Local())} // read to say it is not there
		} else if len(ids) == 0 {
			ids = []meeting.ID{ref.ID}
		}
	}
	// In an archive of several villages, the record is named with its village.
	defer func() {
		if len(vs) > 1 && v.village != "" {
			v.What = "【" + v.village + "】" + v.What
		}
	}()
	// The record the file is true of; else the one whose code it carries; else the first.
	var best Verified
	var bestErr error
	rank := -1
	for _, id := range ids {
		r := ref
		r.ID = id
		v, err := verifyOne(s, r, data)
		n := 0
		switch {
		case err == nil && len(v.Diffs) == 0:
			return v, nil
		case err == nil && v.Code == ref.Code:
			n = 2
		case err == nil:
			n = 1
		}
		if n > rank {
			best, bestErr, rank = v, err, n
		}
	}
	return best, bestErr
}

// verifyOne is VerifyFile of the record of ref.ID.
func verifyOne(s Store, ref export.Reference, data []byte) (v Verified, err error) {
	o := export.Options{Unmasked: ref.Unmasked}
	var fresh []byte
	var minutes *export.MinutesRecord
	switch ref.Kind {
	case export.KindMinutes:
		r, err := MinutesRecord(s, ref.ID)
		if err != nil {
			return Verified{}, fmt.Errorf("文件说它是第 %d 号会议的记录，但%w", ref.ID, err)
		}
		minutes = &r
		v.What = fmt.Sprintf("会议记录（第 %d 号，%s %s）", r.Meeting.ID, meeting.DateOf(r.Meeting.Start), r.Meeting.Name())
		v.village = r.Village.Name
		if fresh, err = export.Minutes(r, ref.Format, o); err != nil {
			return Verified{}, err
		}
		if r.Meeting.Status == meeting.Final {
			v.Code = export.Code(r.Meeting.Seal)
			ms, err := s.Meetings(r.Village.ID)
			if err != nil {
				return Verified{}, err
			}
			if !meeting.VerifySeal(r.Meeting, r.Statements, SealedBefore(ms, r.Meeting)) {
				v.Diffs = append(v.Diffs, "档案中这次会议的封存记录与它的校验码不符：档案本身被改动过，请运行 yishi verify --archive")
			}
		}
	case export.KindNotice:
		n, err := s.Notice(ref.ID)
		if err != nil {
			return Verified{}, fmt.Errorf("文件说它是第 %d 号公告，但档案里找不到（%w）", ref.ID, err)
		}
		r, err := NoticeRecordOf(s, n)
		if err != nil {
			return Verified{}, err
		}
		v.What = fmt.Sprintf("%s（第 %d 号，%s）", n.Kind.Label(), n.ID, n.TitleFor(r.Matter))
		v.village = r.Village.Name
		if fresh, err = export.Notice(r, ref.Format, o); err != nil {
			return Verified{}, err
		}
		// A notice sealed when it was posted carries its seal; an older one, the seal of what it
		// states now (export computes it the same way for the file).
		v.Code = export.Code(r.Seal())
		if n.Seal != "" && !meeting.VerifyNotice(n, r.Matter, r.Meetings) {
			v.Diffs = append(v.Diffs, "档案中这份公告与它的校验码不符：公告或它依据的记录被改动过，请运行 yishi verify --archive")
		}
	default:
		return Verified{}, fmt.Errorf("不认识的文件类别「%s」", ref.Kind)
	}
	if ref.Code != v.Code {
		want := v.Code
		if want == "" {
			want = "（无）"
		}
		v.Diffs = append(v.Diffs, fmt.Sprintf("校验码：文件是「%s」，档案是「%s」", ref.Code, want))
	}
	text := export.Compare(data, fresh)
	if len(v.Diffs) == 0 && len(text) > 0 && minutes != nil {
		// The code and the seal hold: the file may be of the record before what was recorded
		// since. A line changed matches no earlier state and is reported as it is.
		if l, ok := export.Earlier(data, *minutes, ref.Format, o); ok {
			v.Later = l
			return v, nil
		}
	}
	v.Diffs = append(v.Diffs, text...)
	return v, nil
}
