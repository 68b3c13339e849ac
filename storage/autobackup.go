package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"yishi/meeting"
)

// BackupFile writes a backup of the store (see Backup) to path through a partial file in the
// same folder (WriteFile), synced and renamed into place once complete: an interrupted backup
// never leaves half a file under that name, and the partial file a killed one leaves is removed
// by the next. It returns the file's size.
func (s *Store) BackupFile(path string, progress func(done, total int64)) (int64, error) {
	return WriteFile(path, func(w io.Writer) error { return s.Backup(w, progress) })
}

// Automatic backups.
//
// On a clean exit, at most once a day, the program writes a backup into the data directory's
// backups folder, named after the day (yishi-2026-11-23.yishi-backup), and prunes the folder:
// it keeps the backups of the last 7 days that have one, and the last backup of each of the
// last 4 weeks that have one; it removes the others. A backup it cannot write is reported, and
// the older ones stay.
const (
	// BackupsDir is the folder of automatic backups in a data directory.
	BackupsDir = "backups"
	// KeepDays and KeepWeeks are how many daily and weekly automatic backups are kept.
	KeepDays, KeepWeeks = 7, 4

	autoPrefix, autoSuffix = "yishi-", ".yishi-backup"
	autoDay                = "2006-01-02"
)

// AutoBackup is one automatic backup in a data directory.
type AutoBackup struct {
	Path string
	Day  time.Time // the day it was written, midnight Beijing time (see backupDay)
	Size int64
}

// AutoBackups lists the automatic backups of the data directory dir, newest first.
func AutoBackups(dir string) ([]AutoBackup, error) {
	entries, err := os.ReadDir(filepath.Join(dir, BackupsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []AutoBackup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, autoPrefix) || !strings.HasSuffix(name, autoSuffix) {
			continue
		}
		day, err := time.ParseInLocation(autoDay, strings.TrimSuffix(strings.TrimPrefix(name, autoPrefix), autoSuffix), meeting.Beijing)
		if err != nil {
			continue
		}
		b := AutoBackup{Path: filepath.Join(dir, BackupsDir, name), Day: day}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b AutoBackup) int { return b.Day.Compare(a.Day) })
	return out, nil
}

// AutoBackupDue reports whether the data directory dir has no automatic backup of now's day.
func AutoBackupDue(dir string, now time.Time) bool {
	_, err := os.Stat(autoPath(dir, now))
	return err != nil
}

func autoPath(dir string, now time.Time) string {
	return filepath.Join(dir, BackupsDir, autoPrefix+backupDay(now).Format(autoDay)+autoSuffix)
}

// backupDay returns midnight of t's day in Beijing time: the days of backups are the days of the
// archive, whatever zone the machine's clock is set to (a laptop set to UTC would otherwise name
// an evening meeting's backup by the day before).
func backupDay(t time.Time) time.Time {
	y, m, d := t.In(meeting.Beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, meeting.Beijing)
}

// WriteAutoBackup writes today's automatic backup of the store (unless there is one) and prunes
// the older ones. It returns the backup written, or a zero AutoBackup when there was one.
func (s *Store) WriteAutoBackup(now time.Time, progress func(done, total int64)) (AutoBackup, error) {
	if s.dir == "" || s.readOnly || !AutoBackupDue(s.dir, now) { // nowhere to write one on a read-only disk
		return AutoBackup{}, nil
	}
	if err := os.MkdirAll(filepath.Join(s.dir, BackupsDir), 0o700); err != nil {
		return AutoBackup{}, fmt.Errorf("自动备份没有写成：无法建立文件夹 %s（%v），以前的备份都还在", filepath.Join(s.dir, BackupsDir), err)
	}
	path := autoPath(s.dir, now)
	size, err := s.BackupFile(path, progress)
	if err != nil {
		return AutoBackup{}, fmt.Errorf("自动备份没有写成：%v。以前的备份都还在；请检查磁盘空间", err)
	}
	list, err := AutoBackups(s.dir)
	if err == nil {
		for _, b := range prune(list, now) {
			if err := os.Remove(b.Path); err != nil {
				s.log.Printf("WARNING: removing old backup %s: %v", b.Path, err)
			}
		}
	}
	return AutoBackup{Path: path, Day: backupDay(now), Size: size}, nil
}

// prune returns the backups of list (newest first) to remove as of now: all but the ones of
// the last KeepDays days and the newest of each of the last KeepWeeks weeks (Monday to Sunday)
// that have one. A backup dated after now (a clock set wrong) is kept.
func prune(list []AutoBackup, now time.Time) []AutoBackup {
	today := backupDay(now)
	keep := make([]bool, len(list))
	weeks := map[time.Time]bool{}
	for i, b := range list {
		age := int(today.Sub(b.Day).Hours()+12) / 24 // whole days, across a summer-time change
		if age < KeepDays {
			keep[i] = true
		}
		monday := b.Day.AddDate(0, 0, -((int(b.Day.Weekday()) + 6) % 7))
		if !weeks[monday] && len(weeks) < KeepWeeks {
			weeks[monday] = true
			keep[i] = true
		}
	}
	var out []AutoBackup
	for i, b := range list {
		if !keep[i] {
			out = append(out, b)
		}
	}
	return out
}
