package app

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yishi/storage"
)

// The township-scale figures of `make bench`: a 20-village, 10-year synthetic archive built once
// by the real binary, then opened in-process and read by the binary's commands.

var (
	townOnce sync.Once
	townDir  string
	townGen  time.Duration
	townErr  error
)

func township(b *testing.B) string {
	bin := binary(b)
	townOnce.Do(func() {
		// YISHI_TOWNSHIP names a township archive made before (yishi demo --villages 20 --years 10),
		// to spare the minute of making one on every run while working on a benchmark.
		if dir := os.Getenv("YISHI_TOWNSHIP"); dir != "" {
			townDir = dir
			return
		}
		// Not b.TempDir: that is removed after the first round of a benchmark. TestMain removes it.
		townDir, townErr = os.MkdirTemp("", "yishi-township-")
		if townErr != nil {
			return
		}
		cleanups = append(cleanups, func() { os.RemoveAll(townDir) })
		start := time.Now()
		out, err := exec.Command(bin, "--data", townDir, "demo", "--villages", "20", "--years", "10").CombinedOutput()
		townGen = time.Since(start)
		if err != nil {
			townErr = err
			b.Logf("%s", out)
		}
	})
	if townErr != nil {
		b.Fatal(townErr)
	}
	return townDir
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
	b.ReportMetric(townGen.Seconds(), "generate-s")
	b.ReportMetric(float64(dirSize(dir))/(1<<20), "archive-MB")
}

// BenchmarkCommandsTownship runs whole commands of the binary on the township archive and reports
// their wall time and peak resident memory. The memory is read by /usr/bin/time: a child's
// ru_maxrss counts the pages of a large parent (this test) while it forks.
func BenchmarkCommandsTownship(b *testing.B) {
	dir := township(b)
	bin := binary(b)
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		b.Log("no /usr/bin/time (apt-get install time): memory not measured")
	}
	for _, args := range [][]string{{"version"}, {"meetings", "--json"}, {"matters", "--json"}, {"check"}, {"rules", "--json"}} {
		b.Run(args[0], func(b *testing.B) {
			var rss int64
			for b.Loop() {
				argv := append([]string{bin, "--data", dir}, args...)
				if timeBin != "" {
					argv = append([]string{timeBin, "-f", "%M"}, argv...)
				}
				cmd := exec.Command(argv[0], argv[1:]...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				// check exits 1 when it finds problems: the synthetic township does not hold
				// the routine quarterly meetings, which the frequency checks report.
				if err := cmd.Run(); err != nil && !(args[0] == "check" && cmd.ProcessState.ExitCode() == 1) {
					b.Fatalf("%v: %v\n%s", args, err, stderr.String())
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
