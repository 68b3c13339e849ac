package app

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"yishi/app/internal/testkit"
	"yishi/storage"
)

// The township-scale figures of `make bench`: a 20-village, 10-year synthetic archive built once
// by the real binary, then opened in-process and read by the binary's commands.

// township is the township archive, made by the binary (yishi demo --villages 20 --years 10).
func township(b *testing.B) string {
	bin := binary(b)
	return testkit.Township(b, func(dir string) error {
		out, err := exec.Command(bin, "--data", dir, "demo", "--villages", "20", "--years", "10").CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v\n%s", err, out)
		}
		return nil
	})
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkOpenTownship opens the township archive, lists its villages, and closes it.
func BenchmarkOpenTownship(b *testing.B) {
	dir := township(b)
	for b.Loop() {
		s, err := storage.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Villages(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(testkit.Elapsed.Seconds(), "generate-s")
	b.ReportMetric(float64(dirSize(dir))/(1<<20), "archive-MB")
}

// BenchmarkCommandsTownship runs whole commands of the binary on the township archive and reports
// their wall time and peak resident memory. The memory is read by /usr/bin/time: a child's
// ru_maxrss counts the pages of a large parent (this test) while it forks.
func BenchmarkCommandsTownship(b *testing.B) { benchCommands(b, township(b)) }

// BenchmarkCommandsCounty is BenchmarkCommandsTownship on an archive five times as large (100
// villages, 10 years: 70,000 meetings), the bound of memory that must not grow with the archive.
func BenchmarkCommandsCounty(b *testing.B) {
	bin := binary(b)
	dir, elapsed := testkit.County(b, func(dir string) error {
		out, err := exec.Command(bin, "--data", dir, "demo", "--villages", "100", "--years", "10").CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v\n%s", err, out)
		}
		return nil
	})
	if elapsed > 0 {
		b.Logf("made the county archive in %s (%.0f MB)", elapsed.Round(time.Second), float64(dirSize(dir))/(1<<20))
	}
	benchCommands(b, dir)
}

// benchCommands runs each command of the table, and import and restore, on the archive
// in dir, as whole processes.
func benchCommands(b *testing.B, dir string) {
	bin := binary(b)
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Log("no /usr/bin/time (apt-get install time): memory not measured")
	}
	work := b.TempDir()
	bundle, backup := filepath.Join(work, "archive.json"), filepath.Join(work, "archive.bak")
	fresh := func() string { // a data directory not made yet, for import and restore
		d, err := os.MkdirTemp(work, "into-")
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(d)
		return d
	}
	// One village's bundle, as the township collects it.
	s, err := storage.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	vs, err := s.Villages()
	s.Close()
	if err != nil || len(vs) == 0 {
		b.Fatalf("%d villages, %v", len(vs), err)
	}
	village := filepath.Join(work, "village.json")
	for _, c := range []struct {
		name string
		args func() []string
		ok   func(code int) bool
	}{
		{"version", func() []string { return []string{"version"} }, nil},
		{"meetings-json", func() []string { return []string{"--data", dir, "meetings", "--json"} }, nil},
		{"matters-json", func() []string { return []string{"--data", dir, "matters", "--json"} }, nil},
		// check exits 1 when it finds problems: the synthetic township does not hold the
		// routine quarterly meetings, which the frequency checks report.
		{"check-json", func() []string { return []string{"--data", dir, "check", "--json"} }, func(code int) bool { return code == 1 }},
		{"search-json", func() []string { return []string{"--data", dir, "search", "村民", "--json"} }, nil},
		{"rules-json", func() []string { return []string{"--data", dir, "rules", "--json"} }, nil},
		{"verify-archive", func() []string { return []string{"--data", dir, "verify", "--archive"} }, nil},
		{"export-json", func() []string { os.Remove(bundle); return []string{"--data", dir, "export", "json", "-o", bundle} }, nil},
		{"backup", func() []string { os.Remove(backup); return []string{"--data", dir, "backup", backup} }, nil},
		{"import", func() []string { return []string{"--data", fresh(), "import", bundle} }, nil},
		{"restore", func() []string { return []string{"--data", fresh(), "restore", backup} }, nil},
		{"export-village", func() []string {
			os.Remove(village)
			return []string{"--data", dir, "export", "json", "--village", vs[0].Name, "-o", village}
		}, nil},
		// The village's bundle again into the archive that holds it: every record compared,
		// nothing written.
		{"collect-again", func() []string { return []string{"--data", dir, "import", village} }, nil},
		{"collect-copy", func() []string { return []string{"--data", fresh(), "import", "--copy", village} }, nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			var rss int64
			for b.Loop() {
				argv := append([]string{bin}, c.args()...)
				if timeBin != "" {
					argv = append([]string{timeBin, "-f", "%M"}, argv...)
				}
				cmd := exec.Command(argv[0], argv[1:]...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil && (c.ok == nil || !c.ok(cmd.ProcessState.ExitCode())) {
					b.Fatalf("%v: %v\n%s", argv, err, stderr.String())
				}
				lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
				if kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64); err == nil {
					rss = max(rss, kb)
				}
			}
			if rss > 0 {
				b.ReportMetric(float64(rss)/1024, "maxRSS-MB")
			}
		})
	}
}
