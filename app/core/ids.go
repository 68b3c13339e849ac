package core

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"yishi/meeting"
	"yishi/storage"
)

// Numbers people type. A record's number (会议 12) is its local number within its village (see
// meeting.ID): in an archive of one village, or of villages numbered archive-wide before, it
// names one record; in a township's archive two villages may each have a meeting 12, and the
// village must be named (--village). A full ID, as --json listings and interchange files write
// it, is taken as it is.

// ResolveMeeting returns the meeting number n names, in the village named village ("" for any).
func ResolveMeeting(s Store, n uint64, village string) (meeting.ID, error) {
	return resolve(s, n, village, "会议", func(id meeting.ID) error { _, err := s.Meeting(id); return err })
}

// ResolveMatter returns the matter number n names, in the village named village ("" for any).
func ResolveMatter(s Store, n uint64, village string) (meeting.ID, error) {
	return resolve(s, n, village, "事项", func(id meeting.ID) error { _, err := s.Matter(id); return err })
}

// resolve finds the record of local number n (or the full ID n) that exists. When none does, it
// returns n in the first village's space, so that reading it says it is not found in the words
// of the store; when more than one does, it refuses naming the villages.
func resolve(s Store, n uint64, village, what string, exists func(meeting.ID) error) (meeting.ID, error) {
	if n > math.MaxUint32 {
		return meeting.ID(n), nil
	}
	vs, err := VillagesNamed(s, village)
	if err != nil {
		return 0, err
	}
	ids, names, err := candidates(vs, uint32(n), exists)
	switch {
	case err != nil:
		return 0, err
	case len(ids) == 1:
		return ids[0], nil
	case len(ids) == 0 && len(vs) == 0:
		return meeting.ID(n), nil
	case len(ids) == 0:
		return vs[0].ID.Sibling(uint32(n)), nil
	}
	return 0, Usagef("%s编号 %d 在 %s 都有：请加上 --village 村名，指明是哪个村的", what, n, strings.Join(names, "、"))
}

// VillagesNamed returns the village named name, or every village for "": what a command's
// --village picks. A name the archive lacks is a usage error naming the villages there are.
func VillagesNamed(s Store, name string) ([]meeting.Village, error) {
	vs, err := s.Villages()
	if err != nil || name == "" {
		return vs, err
	}
	v, err := NamedVillage(vs, name)
	if err != nil {
		return nil, Usagef("%s", err)
	}
	return []meeting.Village{v}, nil
}

// candidates returns the records of local number n that exist in villages vs, with their
// villages' names.
func candidates(vs []meeting.Village, n uint32, exists func(meeting.ID) error) ([]meeting.ID, []string, error) {
	var ids []meeting.ID
	var names []string
	for _, v := range vs {
		id := v.ID.Sibling(n)
		switch err := exists(id); {
		case err == nil:
			ids = append(ids, id)
			names = append(names, v.Name)
		case !errors.Is(err, storage.ErrNotFound):
			return nil, nil, err
		}
	}
	return ids, names, nil
}

// Copy is what the archive keeps of a village it holds as a copy: collected from the village's
// bundle, read here and recorded at the village.
type Copy struct {
	File string    // the file it came from
	At   time.Time // when it was first collected
}

// CopyOf returns how the archive holds village v as a copy, or nil when v is its own.
func CopyOf(s Store, v meeting.Village) (*Copy, error) {
	cs, err := s.Copies()
	if err != nil {
		return nil, err
	}
	if c, ok := cs[v.ID.Space()]; ok {
		return &Copy{File: c.File, At: c.At}, nil
	}
	return nil, nil
}

// CopyNote is how the screens say a village is a copy: what it is and what to do.
func (c *Copy) Note() string {
	if c == nil {
		return ""
	}
	from := ""
	if c.File != "" {
		from = "，来自 " + c.File
	}
	return fmt.Sprintf("副本，只读：在村里记录，交来新的导出文件即可更新（%s 收入%s）", meeting.DateOf(c.At), from)
}
