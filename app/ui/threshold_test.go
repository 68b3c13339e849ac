package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"yishi/app/internal/testkit"
	"yishi/meeting"
)

// TestMatterThreshold: a matter's own passing threshold is set from its screen with its basis
// (refused without one), shown on its trail, and cannot change once the matter is resolved.
func TestMatterThreshold(t *testing.T) {
	s := testkit.OpenStore(t)
	testkit.SeedDemo(t, s, nil)
	m := openTrail(t, s, testkit.StreetLights, 100, 30)
	if !strings.Contains(plain(m), "F9 通过比例") {
		t.Errorf("the help line does not offer the threshold:\n%s", plain(m))
	}
	m = drive(t, m, press(tea.KeyF9))
	ts, ok := front(m).(*thresholdScreen)
	if !ok {
		t.Fatalf("F9 did not open the threshold: %T\n%s", front(m), plain(m))
	}
	for range len(ts.options) {
		if o := ts.options[ts.choice.index]; o != nil && *o == meeting.TwoThirdsOrMore {
			break
		}
		m = drive(t, m, press(tea.KeyRight))
	}
	if o := ts.options[ts.choice.index]; o == nil || *o != meeting.TwoThirdsOrMore {
		t.Fatalf("two thirds is not among the choices: %v", ts.choice.options)
	}
	m = drive(t, m, press(tea.KeyF2))
	if !strings.Contains(ts.err, "请写明特别通过比例的依据") {
		t.Errorf("a threshold without a basis: %q", ts.err)
	}
	if x := testkit.MatterOf(t, s, testkit.StreetLights); x.Threshold != nil {
		t.Errorf("a refused threshold was written: %+v", x.Threshold)
	}
	m = drive(t, m, press(tea.KeyTab))
	m = typeText(t, m, "村规民约第十二条")
	m = drive(t, m, press(tea.KeyF2))
	x := testkit.MatterOf(t, s, testkit.StreetLights)
	if x.Threshold == nil || *x.Threshold != meeting.TwoThirdsOrMore || x.ThresholdBasis != "村规民约第十二条" {
		t.Fatalf("stored %+v %q", x.Threshold, x.ThresholdBasis)
	}
	if v := m.(*model).reader.text; !strings.Contains(v, "特别通过比例：决议的赞成票须达到到会人数的三分之二以上（依据：村规民约第十二条）") {
		t.Errorf("the trail does not show the threshold:\n%s", v)
	}
	// A resolved matter's threshold stays as its vote was held against.
	y := x
	y.History = append(y.History, meeting.Event{Stage: meeting.Resolved, On: meeting.DateOf(testkit.FixedNow)})
	if err := meeting.SetThreshold(&y, nil, ""); err == nil {
		t.Error("a resolved matter's threshold was cleared")
	}
}
