// Package testkit holds what the tests of the command line (app) and of the screens (app/ui)
// share: the tests' clock, the demo's known records and ways to spoil them, roster files, and
// the township archive for benchmarks. Only tests import it.
package testkit

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"yishi/app/core"
	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

// FixedNow is the tests' today: the evening after the demo's last meeting.
var FixedNow = time.Date(2026, 11, 23, 20, 0, 0, 0, meeting.Beijing)

// Computers is the demo's matter of the school computers (resolved and posted).
var Computers = demo.AbeiID(2)

// DropResolutionNotice removes the resolution notice of the demo's computers matter.
func DropResolutionNotice(a *meeting.Archive) {
	var kept []meeting.Notice
	for _, n := range a.Notices {
		if n.MatterID == Computers && n.Kind == meeting.ResolutionNotice {
			continue
		}
		kept = append(kept, n)
	}
	a.Notices = kept
}

// ReopenDitch makes the demo's ditch clearing (assignment 3) not done yet, its deadline
// back-dated to three days before the tests' today.
func ReopenDitch(a *meeting.Archive) {
	x := &a.Assignments[2]
	x.Done, x.Result, x.Feedback, x.FedBack = meeting.Date{}, "", "", meeting.Date{}
	x.Deadline = meeting.DateOf(FixedNow).AddDays(-3)
}

// RosterFile is the path of a roster fixture of meeting/testdata.
func RosterFile(name string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "meeting", "testdata", name)
}

// RosterCSV writes a roster CSV of rows under the usual header, and returns its path.
func RosterCSV(t *testing.T, rows ...string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "roster.csv")
	data := "姓名,性别,职务,所属组织,户号,联系电话,身份证号\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// archive is an archive made once per test process for the benchmarks.
type archive struct {
	once sync.Once
	dir  string
	err  error
	// elapsed is how long making it took (0 when it was given).
	elapsed time.Duration
}

var (
	town, county archive
	// Elapsed is how long making the township archive took (0 when it was given).
	Elapsed time.Duration
	temps   []string
)

// Township is a township's archive (demo.Synthetic(20, 10): the 14,000 meetings), made
// once per test process; $YISHI_TOWNSHIP names one made before (yishi demo --villages 20
// --years 10), to spare the minute of making it while working on a benchmark. Cleanup removes it.
func Township(tb testing.TB, make func(dir string) error) string {
	tb.Helper()
	if make == nil {
		make = importTownship
	}
	dir := town.get(tb, "YISHI_TOWNSHIP", make)
	Elapsed = town.elapsed
	return dir
}

// County is an archive five times the township's (yishi demo --villages 100 --years 10), made
// once per test process by make; $YISHI_COUNTY names one made before. Cleanup removes it.
func County(tb testing.TB, make func(dir string) error) (dir string, elapsed time.Duration) {
	tb.Helper()
	dir = county.get(tb, "YISHI_COUNTY", make)
	return dir, county.elapsed
}

func (a *archive) get(tb testing.TB, env string, make func(dir string) error) string {
	tb.Helper()
	a.once.Do(func() {
		if dir := os.Getenv(env); dir != "" {
			a.dir = dir
			return
		}
		// Not tb.TempDir: that is removed after the first round of a benchmark.
		if a.dir, a.err = os.MkdirTemp("", "yishi-archive-"); a.err != nil {
			return
		}
		temps = append(temps, a.dir)
		start := time.Now()
		a.err = make(a.dir)
		a.elapsed = time.Since(start)
	})
	if a.err != nil {
		tb.Fatal(a.err)
	}
	return a.dir
}

// importTownship writes the township archive into dir in this process, as yishi demo does.
func importTownship(dir string) error {
	s, err := storage.Open(dir)
	if err != nil {
		return err
	}
	if err := s.Import(demo.Synthetic(20, 10, nil), nil); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// Cleanup removes what the package made for the tests (call it from TestMain).
func Cleanup() {
	for _, d := range temps {
		os.RemoveAll(d)
	}
}

// OpenStore opens a store on a fresh temporary directory, closed when the test ends.
func OpenStore(t testing.TB) core.Store {
	t.Helper()
	s, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func SeedDemo(t testing.TB, s core.Store, spoil func(a *meeting.Archive)) {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	if spoil != nil {
		spoil(a)
		demo.Reseal(a)
	}
	if err := s.Import(a, nil); err != nil {
		t.Fatal(err)
	}
}

// StreetLights is the demo's matter at 商议; ResolveStreetLights takes it to 决议.
var StreetLights = demo.AbeiID(3)

// ResolveStreetLights carries the demo's street-light matter through review (2026-11-17) and
// resolution (2026-11-20) in two more sealed meetings, chained like recorded ones, so it waits
// for its resolution notice.
func ResolveStreetLights(t testing.TB, a *meeting.Archive) {
	t.Helper()
	var x *meeting.Matter
	for i := range a.Matters {
		if a.Matters[i].ID == StreetLights {
			x = &a.Matters[i]
		}
	}
	set := a.Villages[0].Settings
	for _, step := range []struct {
		body  meeting.Body
		day   int
		stage meeting.Stage
		title string
	}{
		{meeting.PartyAssembly, 17, meeting.Reviewed, "审议更换主干道路灯方案"},
		{meeting.RepresentativeAssembly, 20, meeting.Resolved, "决议更换主干道路灯事项"},
	} {
		var src meeting.Meeting
		for _, m := range a.Meetings {
			if m.Body == step.body && m.Status == meeting.Final && len(m.Items) > 0 && m.Items[0].Vote != nil {
				src = m
			}
		}
		m := src
		m.ID = demo.AbeiID(uint32(len(a.Meetings) + 1))
		m.Title = step.title
		m.Start = time.Date(2026, 11, step.day, 19, 0, 0, 0, meeting.Beijing)
		m.End = m.Start.Add(80 * time.Minute)
		vote := *src.Items[0].Vote
		vote.At = m.Start.Add(60 * time.Minute)
		m.Items = []meeting.Item{{N: 1, Title: "关于更换村内主干道路灯的" + step.stage.Label(), MatterID: x.ID, Step: step.stage,
			Vote: &vote, Resolution: "同意将村内主干道路灯统一更换为太阳能路灯，预算不超过 36000 元，由村民委员会组织公开比选。"}}
		m.Status, m.Seal, m.SealedAt = meeting.Draft, "", time.Time{}
		last, _ := meeting.LastSealed(a.Meetings)
		if err := m.SealWith(nil, last.Seal, m.End.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		a.Meetings = append(a.Meetings, m)
		if _, err := set.Advance(x, m, 1); err != nil {
			t.Fatal(err)
		}
	}
	if x.Stage() != meeting.Resolved {
		t.Fatalf("street lights at %s", x.Stage())
	}
}

func MatterOf(t *testing.T, s core.Store, id meeting.ID) meeting.Matter {
	t.Helper()
	x, err := s.Matter(id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func NoticesOfMatter(t *testing.T, s core.Store, id meeting.ID) []meeting.Notice {
	t.Helper()
	x := MatterOf(t, s, id)
	ns, err := s.Notices(x.VillageID)
	if err != nil {
		t.Fatal(err)
	}
	var out []meeting.Notice
	for _, n := range ns {
		if n.MatterID == id {
			out = append(out, n)
		}
	}
	return out
}

// EveningTask is the demo evening's meeting with an assignment, and that assignment (done, with
// feedback).
func EveningTask(t *testing.T, s core.Store) meeting.Assignment {
	t.Helper()
	vs, _ := s.Villages()
	all, err := s.Assignments(vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range all {
		if x.From != nil && strings.Contains(x.Result, "1860 元") {
			return x
		}
	}
	t.Fatal("the demo has no assignment with a result of 1860 元")
	return meeting.Assignment{}
}

// SeedCopy collects the demo village into s as a copy, as a township collects a village's
// bundle.
func SeedCopy(t testing.TB, s core.Store) {
	t.Helper()
	a, err := demo.Abei()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Collect(a.Format, a.Version, a.EachRecord, nil, storage.CollectOptions{File: "阿北村.json"}); err != nil {
		t.Fatal(err)
	}
}
