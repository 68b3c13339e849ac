package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yishi/meeting"
)

// day returns midnight of a day of 2026, Beijing time.
func day(month time.Month, d int) time.Time {
	return time.Date(2026, month, d, 0, 0, 0, 0, meeting.Beijing)
}

func TestPrune(t *testing.T) {
	// Daily backups from 1 Sep to 23 Nov 2026 (a Monday), newest first.
	var list []AutoBackup
	for d := day(11, 23); !d.Before(day(9, 1)); d = d.AddDate(0, 0, -1) {
		list = append(list, AutoBackup{Day: d, Path: d.Format(autoDay)})
	}
	removed := map[string]bool{}
	for _, b := range prune(list, day(11, 23).Add(19*time.Hour)) {
		removed[b.Path] = true
	}
	var kept []string
	for _, b := range list {
		if !removed[b.Path] {
			kept = append(kept, b.Path)
		}
	}
	// The last 7 days, and the newest of each of the last 4 weeks: this week's is today's, then
	// the Sundays closing the three weeks before it.
	want := "2026-11-23 2026-11-22 2026-11-21 2026-11-20 2026-11-19 2026-11-18 2026-11-17 2026-11-15 2026-11-08"
	if got := strings.Join(kept, " "); got != want {
		t.Errorf("kept %s\nwant %s", got, want)
	}

	// Sparse backups (a laptop used twice a month) are kept by week, never all removed.
	sparse := []AutoBackup{{Day: day(11, 2), Path: "a"}, {Day: day(10, 20), Path: "b"}, {Day: day(10, 5), Path: "c"},
		{Day: day(9, 21), Path: "d"}, {Day: day(9, 7), Path: "e"}}
	gone := prune(sparse, day(11, 23))
	if len(gone) != 1 || gone[0].Path != "e" {
		t.Errorf("sparse backups: removed %v; want only the fifth week's", gone)
	}

	// A backup dated after now (the clock was set wrong) stays.
	if gone := prune([]AutoBackup{{Day: day(12, 30), Path: "future"}}, day(11, 23)); len(gone) != 0 {
		t.Errorf("a backup from the future was removed: %v", gone)
	}
}

// TestWriteAutoBackup writes the day's backup once, prunes old ones, and restores from it.
func TestWriteAutoBackup(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	defer s.Close()
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	// Backups of the 40 days before, as earlier runs left them.
	if err := os.MkdirAll(filepath.Join(dir, BackupsDir), 0o700); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 40; i++ {
		if err := os.WriteFile(autoPath(dir, day(11, 23).AddDate(0, 0, -i)), []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	now := day(11, 23).Add(21 * time.Hour)
	if !AutoBackupDue(dir, now) {
		t.Fatal("no backup of today yet, but none is due")
	}
	b, err := s.WriteAutoBackup(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Path != filepath.Join(dir, BackupsDir, "yishi-2026-11-23.yishi-backup") || b.Size == 0 {
		t.Errorf("backup %+v", b)
	}
	if AutoBackupDue(dir, now.Add(2*time.Hour)) {
		t.Error("a second backup is due the same day")
	}
	again, err := s.WriteAutoBackup(now.Add(time.Hour), nil)
	if err != nil || again.Path != "" {
		t.Errorf("second backup the same day: %+v, %v; want none", again, err)
	}
	list, err := AutoBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The 7 days (16-22 Nov closes last week) and the Sundays of the two weeks before.
	if len(list) != KeepDays+2 {
		var names []string
		for _, b := range list {
			names = append(names, filepath.Base(b.Path))
		}
		t.Errorf("%d backups kept: %v", len(list), names)
	}

	// The backup restores to the same archive.
	f, err := os.Open(b.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	into := filepath.Join(t.TempDir(), "restored")
	if err := Restore(into, f, false); err != nil {
		t.Fatal(err)
	}
	r := openDir(t, into)
	defer r.Close()
	got, err := r.Export()
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.Export()
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, got, want)
}

// TestBackupFileLeavesNothingOnFailure: a backup that cannot be written leaves no file.
func TestBackupFileLeavesNothingOnFailure(t *testing.T) {
	s := openDir(t, t.TempDir())
	defer s.Close()
	out := filepath.Join(t.TempDir(), "b.yishi-backup")
	s.Close() // a closed store cannot be backed up
	if _, err := s.BackupFile(out, nil); err == nil {
		t.Fatal("backup of a closed store succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

// TestAutoBackupDayIsBeijings names a backup by the archive's day, Beijing time, whatever the
// zone of the clock: 23:52 UTC on 23 November is the morning of the 24th in the village.
func TestAutoBackupDayIsBeijings(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	defer s.Close()
	if err := s.Import(sampleArchive(), nil); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 23, 52, 0, 0, time.UTC)
	b, err := s.WriteAutoBackup(now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(b.Path) != "yishi-2026-11-24.yishi-backup" || !b.Day.Equal(day(11, 24)) {
		t.Errorf("backup at %v: %s of %v; want the 24th's", now, filepath.Base(b.Path), b.Day)
	}
	list, err := AutoBackups(dir)
	if err != nil || len(list) != 1 || !list[0].Day.Equal(day(11, 24)) {
		t.Errorf("listed %+v, %v; want the one backup, of the 24th", list, err)
	}
	if AutoBackupDue(dir, now.Add(10*time.Hour)) { // 17:52 Beijing, the same day
		t.Error("a second backup is due the same Beijing day")
	}
	if !AutoBackupDue(dir, now.Add(17*time.Hour)) { // 00:52 Beijing, the 25th
		t.Error("no backup is due on the next Beijing day")
	}
}
