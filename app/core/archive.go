package core

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"yishi/export"
	"yishi/meeting"
)

// NamedVillage returns the village of vs that name names, by its name or its number. A name
// that names none is refused with the villages there are.
func NamedVillage(vs []meeting.Village, name string) (meeting.Village, error) {
	name = strings.TrimSpace(name)
	i := slices.IndexFunc(vs, func(v meeting.Village) bool { return v.Name == name || strconv.FormatUint(uint64(v.ID), 10) == name })
	if i >= 0 {
		return vs[i], nil
	}
	if len(vs) == 0 {
		return meeting.Village{}, fmt.Errorf("档案里还没有村，没有「%s」", name)
	}
	names := make([]string, len(vs))
	for j, v := range vs {
		names[j] = v.Name
	}
	return meeting.Village{}, fmt.Errorf("档案里没有「%s」这个村：档案里有 %s。请写其中一个村名或编号", name, strings.Join(names, "、"))
}

// ExportArchive writes the archive in the interchange format to w, or only the village of that
// ID when it is not 0 (a village's bundle), as it reads it: memory stays that of one record.
func ExportArchive(s Store, village meeting.ID, w io.Writer) error {
	aw := export.NewArchiveWriter(w)
	if err := s.Walk(village, aw.Add); err != nil {
		return err
	}
	return aw.Close()
}

// CheckArchive checks every seal of the archive, one village at a time (meeting.SealCheck), so
// that memory stays that of the largest village.
func CheckArchive(s Store) (meeting.SealReport, error) {
	var c meeting.SealCheck
	err := s.EachVillage(func(a *meeting.Archive) error {
		c.Add(a)
		return nil
	})
	return c.Report(), err
}
