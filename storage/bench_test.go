package storage

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"yishi/meeting"
	"yishi/meeting/demo"
)

// reportLatency reports the median and 99th percentile of the durations of single operations,
// in microseconds (nearest rank).
func reportLatency(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration {
		return ds[max(0, int(math.Ceil(p*float64(len(ds))))-1)]
	}
	b.ReportMetric(float64(rank(0.50))/float64(time.Microsecond), "p50-us")
	b.ReportMetric(float64(rank(0.99))/float64(time.Microsecond), "p99-us")
}

// benchMeeting opens a store in a temporary directory on disk with one village and one meeting.
func benchMeeting(b *testing.B) (*Store, meeting.ID) {
	return benchMeetingIn(b, openDir(b, b.TempDir()))
}

// benchMeetingIn adds one village and one meeting to s, closed when the benchmark ends.
func benchMeetingIn(b *testing.B, s *Store) (*Store, meeting.ID) {
	b.Cleanup(func() { s.Close() })
	v := village("阿北村")
	if err := s.PutVillage(&v); err != nil {
		b.Fatal(err)
	}
	m := consultation(v.ID, "夜话乡村：路灯", clock(11, 20, 19, 30))
	if err := s.PutMeeting(&m); err != nil {
		b.Fatal(err)
	}
	return s, m.ID
}

// BenchmarkAppendStatement measures a statement typed live: one synced transaction on disk.
func BenchmarkAppendStatement(b *testing.B) {
	s, mid := benchMeeting(b)
	benchAppend(b, s, mid)
}

// BenchmarkAppendStatementEncrypted is BenchmarkAppendStatement in an encrypted archive.
func BenchmarkAppendStatementEncrypted(b *testing.B) {
	s, err := CreateEncrypted(b.TempDir(), "北坡路灯-2026")
	if err != nil {
		b.Fatal(err)
	}
	s, mid := benchMeetingIn(b, s)
	benchAppend(b, s, mid)
}

func benchAppend(b *testing.B, s *Store, mid meeting.ID) {
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		st := statement(mid, clock(11, 20, 19, 31), "王秀英", crashText(len(ds)))
		start := time.Now()
		if err := s.AppendStatement(&st); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}

// BenchmarkAppendTalk is BenchmarkAppendStatement with the varied talk of the synthetic township
// (its statements in turn, 30 to a meeting): each statement brings characters its meeting's
// statements did not have yet, which the search index posts with it.
func BenchmarkAppendTalk(b *testing.B) {
	a := demo.Synthetic(1, 1, nil)
	s, mid := benchMeeting(b)
	m, err := s.Meeting(mid)
	if err != nil {
		b.Fatal(err)
	}
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		i := len(ds)
		if i%30 == 29 {
			next := consultation(m.VillageID, "夜话乡村：路灯", clock(11, 20, 19, 30))
			if err := s.PutMeeting(&next); err != nil {
				b.Fatal(err)
			}
			mid = next.ID
		}
		st := statement(mid, clock(11, 20, 19, 31), "王秀英", a.Statements[i%len(a.Statements)].Text)
		start := time.Now()
		if err := s.AppendStatement(&st); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}

// BenchmarkRawAppendFsync is the floor under BenchmarkAppendStatement: the same bytes appended to
// a plain file, each followed by fsync.
func BenchmarkRawAppendFsync(b *testing.B) {
	st := statement(1, clock(11, 20, 19, 31), "王秀英", crashText(1))
	st.ID = 1
	v, err := encode(&st)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "raw"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if _, err := f.Write(v); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}

// BenchmarkOpen opens and closes a data directory holding a modest archive (one village, a few
// thousand statements, written by Import).
func BenchmarkOpen(b *testing.B) {
	dir := b.TempDir()
	s := openDir(b, dir)
	if err := s.Import(bigArchive(5000), nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// township is the synthetic township archive of the backup benchmarks: 20 villages, 10 years.
var township = sync.OnceValue(func() *meeting.Archive { return demo.Synthetic(20, 10, nil) })

// townshipDir imports the township archive into a temporary data directory, closed.
func townshipDir(b *testing.B) string {
	dir := b.TempDir()
	s := openDir(b, dir)
	if err := s.Import(township(), nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkBackup writes a backup of the township archive to a file on disk, synced, and reports
// the size of the file and of the data directory.
func BenchmarkBackup(b *testing.B) {
	dir := townshipDir(b)
	closed := dirSize(b, dir)
	s := openDir(b, dir)
	defer s.Close()
	out := filepath.Join(b.TempDir(), "backup")
	var size int64
	for b.Loop() {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Backup(f, nil); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		fi, err := f.Stat()
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		f.Close()
	}
	b.ReportMetric(float64(size)/(1<<20), "backup-MB")
	b.ReportMetric(float64(closed)/(1<<20), "dir-MB")
	b.ReportMetric(float64(records(township())), "records")
}

// BenchmarkRestore restores a backup of the township archive into a new data directory.
func BenchmarkRestore(b *testing.B) {
	s := openDir(b, townshipDir(b))
	var buf bytes.Buffer
	if err := s.Backup(&buf, nil); err != nil {
		b.Fatal(err)
	}
	s.Close()
	parent := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		dir := filepath.Join(parent, strconv.Itoa(n))
		if err := Restore(dir, bytes.NewReader(buf.Bytes()), false); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "backup-MB")
}

// dirSize returns the size of the files of dir, of a closed archive (Badger trims its files
// when it closes).
func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		n += fi.Size()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkUnlock measures what a passphrase costs at every start: Argon2id with the program's
// parameters (RFC 9106's second recommendation, 4 lanes) and the GCM open of the master key.
func BenchmarkUnlock(b *testing.B) {
	k := &keyFile{Format: keyFormat, Version: keyVersion, KDF: "argon2id", Time: 3, Memory: 64 << 10, Threads: 4,
		Salt: make([]byte, 16), Nonce: make([]byte, 12)}
	aead, err := k.gcm("北坡路灯-2026")
	if err != nil {
		b.Fatal(err)
	}
	k.Wrapped = aead.Seal(nil, k.Nonce, make([]byte, masterLen), k.aad())
	for b.Loop() {
		if _, err := k.open("北坡路灯-2026"); err != nil {
			b.Fatal(err)
		}
	}
}
