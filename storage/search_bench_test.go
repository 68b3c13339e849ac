package storage

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
	"unicode"

	"yishi/export"
	"yishi/meeting"
)

// benchQueries picks queries from text that occurs in a: n each of 1, 2 and 4 Chinese
// characters, from statements spread over the archive, and the pinyin initials of a few people.
func benchQueries(a *meeting.Archive, n int) map[string][]string {
	qs := map[string][]string{}
	for _, size := range []int{1, 2, 4} {
		key := fmt.Sprintf("%dch", size)
		for i := 0; len(qs[key]) < n && i < 10*n; i++ {
			st := a.Statements[(i*7919+size*104729)%len(a.Statements)]
			rs := []rune(st.Text)
			for j := (i * 3) % max(1, len(rs)); j+size <= len(rs); j++ {
				if !slices.ContainsFunc(rs[j:j+size], func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
					if q := string(rs[j : j+size]); !slices.Contains(qs[key], q) {
						qs[key] = append(qs[key], q)
					}
					break
				}
			}
		}
	}
	p := a.People[len(a.People)/3]
	if in := meeting.Initials(p.Name); len(in) > 0 {
		qs["pinyin"] = []string{in[0]}
	}
	return qs
}

// BenchmarkSearch searches the township archive (20 villages, 10 years) for queries of 1, 2 and
// 4 Chinese characters and one pinyin query, and runs grep -F -c for each over the text of its
// export json, reporting the median and 95th percentile of each (milliseconds).
func BenchmarkSearch(b *testing.B) {
	a := township()
	dir := b.TempDir()
	s := openDir(b, dir)
	start := time.Now()
	if err := s.Import(a, nil); err != nil {
		b.Fatal(err)
	}
	importTime := time.Since(start)
	// An archive in use has long been compacted; a fresh import is compacted in the background
	// for a minute after, on the same cores the searches run on. Done here, untimed.
	if err := s.db.Flatten(2); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	size := dirSize(b, dir)
	s = openDir(b, dir)
	defer s.Close()
	exported, err := s.Export()
	if err != nil {
		b.Fatal(err)
	}
	js, err := export.JSON(exported)
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "archive.json")
	if err := os.WriteFile(file, js, 0o600); err != nil {
		b.Fatal(err)
	}
	grep, err := exec.LookPath("grep")
	if err != nil {
		b.Skip("no grep")
	}
	qs := benchQueries(a, 5)
	nMeetings, nStatements, jsonSize := len(a.Meetings), len(a.Statements), len(js)
	// The township held in memory (the archive built, exported and encoded: well over a
	// gigabyte) is no part of a search: left live, every collection during the searches would
	// mark it, as no collection in yishi does.
	a, exported, js = nil, nil, nil
	runtime.GC()
	groups := []string{"1ch", "2ch", "4ch", "pinyin"}
	searchT := map[string][]time.Duration{}
	grepT := map[string][]time.Duration{}
	perQuery := map[string][]time.Duration{} // for -v: which query is slow
	for b.Loop() {
		for _, g := range groups {
			for _, q := range qs[g] {
				t0 := time.Now()
				if _, err := s.Search(q, SearchOptions{}); err != nil {
					b.Fatal(err)
				}
				searchT[g] = append(searchT[g], time.Since(t0))
				perQuery[q] = append(perQuery[q], time.Since(t0))
				t0 = time.Now()
				out, err := exec.Command(grep, "-F", "-c", q, file).Output()
				if err != nil && len(out) == 0 {
					out = []byte("0") // grep exits 1 when nothing matches
				}
				grepT[g] = append(grepT[g], time.Since(t0))
			}
		}
	}
	for _, g := range groups {
		reportPercentiles(b, "search-"+g, searchT[g])
		reportPercentiles(b, "grep-"+g, grepT[g])
	}
	b.ReportMetric(float64(size)/(1<<20), "dir-MB")
	b.ReportMetric(float64(jsonSize)/(1<<20), "json-MB")
	b.ReportMetric(importTime.Seconds(), "import-s")
	b.ReportMetric(float64(nMeetings), "meetings")
	b.ReportMetric(float64(nStatements), "statements")
	if testing.Verbose() {
		for _, g := range groups {
			for _, q := range qs[g] {
				ds := perQuery[q]
				b.Logf("%s %q: %v", g, q, ds)
			}
		}
	}
}

// reportPercentiles reports the median and 95th percentile of ds in milliseconds (nearest rank).
func reportPercentiles(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration { return ds[max(0, int(math.Ceil(p*float64(len(ds))))-1)] }
	b.ReportMetric(float64(rank(0.50))/float64(time.Millisecond), name+"-p50-ms")
	b.ReportMetric(float64(rank(0.95))/float64(time.Millisecond), name+"-p95-ms")
}
