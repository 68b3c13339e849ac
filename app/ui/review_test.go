package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"yishi/app/core"
	"yishi/app/internal/testkit"
	"yishi/meeting"
	"yishi/storage"
)

// recording opens a new consultation meeting of the demo village and its recording screen.
func recording(t *testing.T, s core.Store, w, h int) tea.Model {
	t.Helper()
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, w, h)
	m = newMeeting(t, m, "庭院说事", "三组卫生")
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("F2 did not open the recording screen: %T\n%s", front(m), view(m))
	}
	return m
}

// TestDeleteWhileEditing: F5 loads the last statement, F6 F6 deletes it; the correction goes with
// it, and Enter does not record its text as a new statement.
func TestDeleteWhileEditing(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	m = say(t, m, "jcy", "第二句要删掉。")
	m = drive(t, m, press(tea.KeyF5))
	m = burst(t, m, "改了")
	m = drive(t, m, press(tea.KeyF6))
	m = drive(t, m, press(tea.KeyF6))
	if got := statements(t, s, r.m.ID); len(got) != 1 {
		t.Fatalf("F6 F6: %d statements, want 1", len(got))
	}
	if r.editing != 0 || r.text.ta.Value() != "" {
		t.Errorf("after deleting the statement being corrected: editing %d, text %q", r.editing, r.text.ta.Value())
	}
	m = drive(t, m, press(tea.KeyEnter))
	if got := statements(t, s, r.m.ID); len(got) != 1 {
		t.Errorf("Enter after the delete recorded %d statements, want 1: %+v", len(got), got)
	}
	if strings.Contains(view(m), "修改中") {
		t.Errorf("the screen still says a correction is under way:\n%s", view(m))
	}
}

// TestSaveRefusesCorrectionOfDeleted: a correction whose statement is gone (here a draft left
// from before it was deleted) is not silently saved as a new statement: the screen says so, and
// a second Enter records it as new on purpose.
func TestSaveRefusesCorrectionOfDeleted(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	err := s.PutDraft(meeting.StatementDraft{MeetingID: r.m.ID, Item: 1, Speaker: meeting.Ref{Name: "金昌义"},
		Kind: meeting.Concern, Text: "改过的话", Editing: 999, Step: "record", Updated: testkit.FixedNow})
	if err != nil {
		t.Fatal(err)
	}
	m = start(t, s, 100, 30) // reopens the meeting, with the draft
	r = front(m).(*record)
	if r.editing != 999 || r.text.ta.Value() != "改过的话" {
		t.Fatalf("draft not restored: editing %d text %q", r.editing, r.text.ta.Value())
	}
	m = drive(t, m, press(tea.KeyEnter))
	if got := statements(t, s, r.m.ID); len(got) != 1 {
		t.Fatalf("the correction of a deleted statement was saved: %d statements", len(got))
	}
	if v := view(m); !strings.Contains(v, "已经删除") {
		t.Errorf("the refusal is not on screen:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyEnter))
	got := statements(t, s, r.m.ID)
	if len(got) != 2 || got[1].Text != "改过的话" {
		t.Errorf("the second Enter did not record the text as new: %+v", got)
	}
	if v := view(m); !strings.Contains(v, "改过的话") {
		t.Errorf("the new statement is not on screen:\n%s", v)
	}
}

// TestMoveItemWhileEditing: F3/F4 while a statement is being corrected is refused, with a
// message: the correction is not saved as a copy under the other item.
func TestMoveItemWhileEditing(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "第一议题的话。")
	m = drive(t, m, press(tea.KeyF2))
	m = burst(t, m, "二组路灯")
	m = drive(t, m, press(tea.KeyEnter))
	m = say(t, m, "jcy", "第二议题的话。")
	m = drive(t, m, press(tea.KeyF3))
	if r.item != 1 {
		t.Fatalf("F3 did not go back to the first item: %d", r.item)
	}
	m = drive(t, m, press(tea.KeyF5))
	m = burst(t, m, "补一句")
	m = drive(t, m, press(tea.KeyF4))
	if r.item != 1 {
		t.Errorf("F4 moved to item %d while correcting", r.item)
	}
	if v := view(m); !strings.Contains(v, "正在修改一句发言") {
		t.Errorf("the refusal is not on screen:\n%s", v)
	}
	m = drive(t, m, press(tea.KeyF2))
	if r.newItem != nil {
		t.Error("F2 opened a new item while correcting")
	}
	m = drive(t, m, press(tea.KeyEnter))
	got := statements(t, s, r.m.ID)
	if len(got) != 2 || got[0].Item != 1 || got[0].Text != "第一议题的话。补一句" || got[1].Text != "第二议题的话。" {
		t.Errorf("after the correction: %+v", got)
	}
}

// TestCloseShowsDraft: a half-typed statement is not dropped by sealing unasked. The closing
// screen shows it; F2 F2 does not seal; Esc goes back with it; only a third F2 drops it and
// seals.
func TestCloseShowsDraft(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "垃圾车两天才来一次")
	m = drive(t, m, press(tea.KeyF8))
	if _, ok := front(m).(*closing); !ok {
		t.Fatalf("F8 did not open the closing screen: %T", front(m))
	}
	if v := view(m); !strings.Contains(v, "还有一句没记下：金昌义「垃圾车两天才来一次」") {
		t.Errorf("the draft is not shown:\n%s", v)
	}
	checkFits(t, "close with draft", view(m), 80, 24)
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	if got, _ := s.Meeting(r.m.ID); got.Status == meeting.Final {
		t.Fatal("F2 F2 sealed over the draft")
	}
	if v := view(m); !strings.Contains(v, "放弃这句并定稿封存") {
		t.Errorf("the screen does not say a further F2 drops the draft:\n%s", v)
	}
	checkFits(t, "close confirm with draft", view(m), 80, 24)
	// Back to the recording screen: the draft is there to be saved.
	m = drive(t, m, press(tea.KeyEscape))
	r2, ok := front(m).(*record)
	if !ok || r2.text.ta.Value() != "垃圾车两天才来一次" {
		t.Fatalf("Esc did not go back to the draft: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF8))
	if strings.Contains(view(m), "没记下") {
		t.Errorf("a saved draft is still shown:\n%s", view(m))
	}
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	sealed, _ := s.Meeting(r.m.ID)
	if sealed.Status != meeting.Final || len(statements(t, s, r.m.ID)) != 2 {
		t.Errorf("after saving the draft, F2 F2 did not seal both statements: %s", sealed.Status)
	}
}

// TestCloseDropsDraftOnPurpose: three F2 drop the shown draft and seal.
func TestCloseDropsDraftOnPurpose(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, "不要了")
	m = drive(t, m, press(tea.KeyF8))
	for range 3 {
		m = drive(t, m, press(tea.KeyF2))
	}
	sealed, _ := s.Meeting(r.m.ID)
	if sealed.Status != meeting.Final {
		t.Fatalf("three F2 did not seal:\n%s", view(m))
	}
	if _, ok, _ := s.Draft(r.m.ID); ok {
		t.Error("the dropped draft is still stored")
	}
}

// againStore runs every transaction function twice, as the store does after a conflict: the
// first run is thrown away, the second kept.
type againStore struct{ core.Store }

var errAgain = errors.New("run again")

func (a againStore) Update(fn func(tx *storage.Tx) error) error {
	err := a.Store.Update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errAgain
	})
	if !errors.Is(err, errAgain) {
		return err
	}
	return a.Store.Update(fn)
}

// TestSealRunsAgain: the seal's transaction can be run again after a conflict, and it seals the
// statements as stored when it runs (one written after the closing screen opened included).
func TestSealRunsAgain(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "先说一句。")
	m = drive(t, m, press(tea.KeyF8))
	late := meeting.Statement{MeetingID: r.m.ID, Item: 1, Speaker: meeting.Ref{Name: "金昌义"}, At: testkit.FixedNow,
		Kind: meeting.Answer, Text: "散会前补一句。"}
	if err := s.AppendStatement(&late); err != nil {
		t.Fatal(err)
	}
	front(m).(*closing).c.Store = againStore{s}
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF2))
	sealed, err := s.Meeting(r.m.ID)
	if err != nil || sealed.Status != meeting.Final {
		t.Fatalf("not sealed on the second run: %s %v\n%s", sealed.Status, err, view(m))
	}
	if !meeting.VerifySeal(sealed, statements(t, s, r.m.ID), mustPrev(t, s, sealed)) {
		t.Error("the seal does not cover the statements as stored")
	}
}

// TestOutcomeOnce: F7 on an item that already has an outcome says what it was and records no
// other: no second assignment, no matter, the item's outcome unchanged and no MatterID.
func TestOutcomeOnce(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "hxc", "二组路灯坏了。")
	m, _ = assigning(t, m, "lhj")
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF2))
	before, _ := s.Assignments(r.m.VillageID)
	matters, _ := s.Matters(r.m.VillageID)

	m = drive(t, m, press(tea.KeyF7))
	if _, ok := front(m).(*outcome); !ok {
		t.Fatalf("F7 did not open the outcome screen: %T", front(m))
	}
	due := meeting.DateOf(testkit.FixedNow).AddDays(7).String()
	if v := view(m); !strings.Contains(v, "已经交办给刘恒军，时限 "+due) || !strings.Contains(v, "F2 新建议题") {
		t.Errorf("the outcome screen does not say how the item ended:\n%s", v)
	}
	checkFits(t, "outcome already recorded", view(m), 80, 24)
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyRight)) // would be 转入四议
	m = drive(t, m, press(tea.KeyF2))
	after, _ := s.Assignments(r.m.VillageID)
	mattersAfter, _ := s.Matters(r.m.VillageID)
	if len(after) != len(before) || len(mattersAfter) != len(matters) {
		t.Errorf("a second outcome was recorded: %d→%d assignments, %d→%d matters", len(before), len(after), len(matters), len(mattersAfter))
	}
	stored, _ := s.Meeting(r.m.ID)
	if it := stored.Items[0]; it.Outcome == nil || it.Outcome.Kind != meeting.Assigned || it.MatterID != 0 {
		t.Errorf("the item after a second F7: %+v", it)
	}
	if v := view(m); !strings.Contains(v, "不能再记一次") {
		t.Errorf("the refusal is not on screen:\n%s", v)
	}
}

// TestOutcomeRecordedMeanwhile: an outcome stored after the outcome screen opened (another
// screen, another window) is not doubled.
func TestOutcomeRecordedMeanwhile(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	r := front(m).(*record)
	m = say(t, m, "hxc", "二组路灯坏了。")
	m = drive(t, m, press(tea.KeyF7))
	stored, _ := s.Meeting(r.m.ID)
	stored.Items[0].Outcome = &meeting.Outcome{Kind: meeting.Answered, Answer: "明天就修"}
	if err := s.PutMeeting(&stored); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeyRight))
	m = drive(t, m, press(tea.KeyRight)) // 转入四议
	matters, _ := s.Matters(r.m.VillageID)
	m = drive(t, m, press(tea.KeyF2))
	mattersAfter, _ := s.Matters(r.m.VillageID)
	got, _ := s.Meeting(r.m.ID)
	if len(mattersAfter) != len(matters) || got.Items[0].Outcome.Kind != meeting.Answered || got.Items[0].MatterID != 0 {
		t.Errorf("the stored outcome was replaced: %+v, %d→%d matters", got.Items[0], len(matters), len(mattersAfter))
	}
	if v := view(m); !strings.Contains(v, "不能再记一次") {
		t.Errorf("the refusal is not on screen:\n%s", v)
	}
}

// partyAssembly opens a 党员大会 on the demo's street-light matter (商议 done, 审议 next) with
// the first present members of the roll marked present, and its recording screen.
func partyAssembly(t *testing.T, s core.Store, w, h, present int) (tea.Model, *record) {
	t.Helper()
	testkit.SeedDemo(t, s, nil)
	m := start(t, s, w, h)
	m = newMeeting(t, m, "党员大会", "审议更换路灯方案")
	for range present {
		m = drive(t, m, press(tea.KeySpace))
		m = drive(t, m, press(tea.KeyDown))
	}
	m = drive(t, m, press(tea.KeyF2))
	r, ok := front(m).(*record)
	if !ok || r.m.Items[0].MatterID == 0 || r.m.Items[0].Step != meeting.Reviewed {
		t.Fatalf("no recording screen with the matter on the agenda: %T", front(m))
	}
	return m, r
}

// setAyes types the ayes in the vote screen's item-by-item count.
func setAyes(t *testing.T, m tea.Model, ayes string) tea.Model {
	t.Helper()
	vs := front(m).(*voteScreen)
	vs.mode.index = 1 // 逐项计票
	vs.form.Focus(2)  // 赞成
	for range 3 {
		m = drive(t, m, press(tea.KeyBackspace))
	}
	return burst(t, m, ayes)
}

// TestVoteKeepsItsRule: the vote screen records the rule a vote was held against; when the
// village later changes its rule for the body, the stored vote keeps its verdict.
func TestVoteKeepsItsRule(t *testing.T) {
	s := testkit.OpenStore(t)
	m, r := partyAssembly(t, s, 100, 30, 12)
	m = drive(t, m, press(tea.KeyF7))
	m = setAyes(t, m, "11") // 11 of 21 who should attend: more than half
	m = drive(t, m, press(tea.KeyF2))
	stored, _ := s.Meeting(r.m.ID)
	v := stored.Items[0].Vote
	if v == nil || v.Rule == nil || v.Rule.Body != meeting.PartyAssembly || v.Rule.Basis != meeting.BasisPartyAssembly {
		t.Fatalf("the vote does not record its rule: %+v", v)
	}
	x, _ := s.Matter(stored.Items[0].MatterID)
	village, _ := s.Village(stored.VillageID)
	before := village.Settings.ItemVerdict(stored, stored.Items[0].Step, *v, &x)
	if !before.Passed {
		t.Fatalf("11 of 21 did not pass: %s", before.Arithmetic())
	}
	// The village then asks two thirds of party members to pass.
	for i, rule := range village.Settings.Rules {
		if rule.Body == meeting.PartyAssembly {
			village.Settings.Rules[i].Pass = meeting.TwoThirdsOrMore
			village.Settings.Rules[i].Basis = "本村四议两公开实施细则"
		}
	}
	if err := s.PutVillage(&village); err != nil {
		t.Fatal(err)
	}
	village, _ = s.Village(stored.VillageID)
	after := village.Settings.ItemVerdict(stored, stored.Items[0].Step, *v, &x)
	if after.Passed != before.Passed || after.Arithmetic() != before.Arithmetic() || after.Basis() != before.Basis() {
		t.Errorf("the old vote's verdict changed with the rule:\n %s %s\n %s %s", before.Arithmetic(), before.Basis(), after.Arithmetic(), after.Basis())
	}
}

// TestCorrectVoteThatMovedMatter: a vote that moved its matter can be corrected: to a failing
// count (the matter goes back), to a rejection, and to a passing count again.
func TestCorrectVoteThatMovedMatter(t *testing.T) {
	s := testkit.OpenStore(t)
	m, r := partyAssembly(t, s, 100, 30, 17)
	id := r.m.Items[0].MatterID
	m = drive(t, m, press(tea.KeyF7))
	m = drive(t, m, press(tea.KeyF2)) // all 17 in favour
	if x, _ := s.Matter(id); x.Stage() != meeting.Reviewed {
		t.Fatalf("the vote did not move the matter: %s", x.Stage())
	}
	// Corrected: only 5 were in favour.
	m = drive(t, m, press(tea.KeyF7))
	if v := view(m); strings.Contains(v, "不能推进") {
		t.Errorf("the correction screen says the vote cannot move the matter:\n%s", v)
	}
	m = setAyes(t, m, "5")
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("the correction was not saved:\n%s", view(m))
	}
	x, _ := s.Matter(id)
	if x.Stage() != meeting.Deliberated || x.MovedBy(r.m.ID, 1) {
		t.Errorf("after a failing correction the matter is at %s: %+v", x.Stage(), x.History)
	}
	if v := view(m); !strings.Contains(v, "事项回到「商议」") {
		t.Errorf("the status line does not say the matter went back:\n%s", v)
	}
	// Corrected again, recorded as rejected.
	m = drive(t, m, press(tea.KeyF7))
	m = setAyes(t, m, "5")
	front(m).(*voteScreen).onFail.index = 1
	m = drive(t, m, press(tea.KeyF2))
	if x, _ = s.Matter(id); x.Stage() != meeting.Rejected {
		t.Fatalf("not rejected: %s", x.Stage())
	}
	// And corrected to pass: the rejection is taken back and the matter moves once.
	m = drive(t, m, press(tea.KeyF7))
	m = setAyes(t, m, "16")
	m = drive(t, m, press(tea.KeyF2))
	x, _ = s.Matter(id)
	reviews := 0
	for _, e := range x.History {
		if e.Stage == meeting.Reviewed || e.Stage == meeting.Rejected {
			reviews++
		}
	}
	if x.Stage() != meeting.Reviewed || reviews != 1 {
		t.Errorf("after a passing correction: %+v", x.History)
	}
	stored, _ := s.Meeting(r.m.ID)
	if v := stored.Items[0].Vote; v == nil || v.Ayes != 16 {
		t.Errorf("the stored vote: %+v", v)
	}
}

// TestVoteErrorInView: at 80×24 the error of F2 is drawn under the heading, in view.
func TestVoteErrorInView(t *testing.T) {
	s := testkit.OpenStore(t)
	m, r := partyAssembly(t, s, 80, 24, 17)
	m = drive(t, m, press(tea.KeyF7))
	// The matter is withdrawn meanwhile (another window): the engine refuses at F2.
	x, _ := s.Matter(r.m.Items[0].MatterID)
	if err := meeting.Withdraw(&x, meeting.DateOf(testkit.FixedNow), "方案取消"); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx *storage.Tx) error { return tx.PutMatter(&x) }); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*voteScreen); !ok {
		t.Fatalf("F2 left the vote screen: %T", front(m))
	}
	v := view(m)
	if !strings.Contains(v, "不能再推进") {
		t.Errorf("the error is not in view at 80×24:\n%s", v)
	}
	checkFits(t, "vote with error", v, 80, 24)
}

// TestVoteSaysEngineStep: when the matter moved since the meeting was set up, the vote screen
// says before F2 what the engine will do, and the verdict and the record follow the engine.
func TestVoteSaysEngineStep(t *testing.T) {
	s := testkit.OpenStore(t)
	m, r := partyAssembly(t, s, 80, 24, 17)
	// Another party assembly reviewed the matter after this meeting was set up.
	x, _ := s.Matter(r.m.Items[0].MatterID)
	x.History = append(x.History, meeting.Event{Stage: meeting.Reviewed, On: meeting.DateOf(testkit.FixedNow), By: &meeting.ItemRef{MeetingID: 1, Item: 1}})
	if err := s.Update(func(tx *storage.Tx) error { return tx.PutMatter(&x) }); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeyF7))
	if v := view(m); !strings.Contains(v, "这次表决不能推进事项") || !strings.Contains(v, "F2 不会记下表决") {
		t.Errorf("the screen does not say the engine refuses:\n%s", v)
	}
	checkFits(t, "vote refused", view(m), 80, 24)
	m = drive(t, m, press(tea.KeyEscape))

	// An agenda whose step is not the engine's (set up by hand, or before a setting changed).
	x.History = x.History[:len(x.History)-1]
	if err := s.Update(func(tx *storage.Tx) error { return tx.PutMatter(&x) }); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Meeting(r.m.ID)
	stored.Items[0].Step = meeting.Resolved
	if err := s.PutMeeting(&stored); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press(tea.KeyF7))
	v := view(m)
	if !strings.Contains(v, "议程上本议题是「决议」") || !strings.Contains(v, "事项现处于「商议」") {
		t.Errorf("the screen does not say the engine's step:\n%s", v)
	}
	// With the agenda's step 决议 the screen asked for a resolution text; the engine's step does not.
	m = drive(t, m, press(tea.KeyF2))
	if _, ok := front(m).(*record); !ok {
		t.Fatalf("F2 did not record the vote:\n%s", view(m))
	}
	stored, _ = s.Meeting(r.m.ID)
	if got, _ := s.Matter(x.ID); got.Stage() != meeting.Reviewed || stored.Items[0].Step != meeting.Reviewed {
		t.Errorf("matter at %s, item step %s; want both 审议", got.Stage(), stored.Items[0].Step)
	}
}

// TestCloseDraftFits: the closing screen with a draft fits at 60×20.
func TestCloseDraftFits(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 60, 20)
	m = burst(t, m, "jcy")
	m = drive(t, m, press(tea.KeyEnter))
	m = burst(t, m, strings.Repeat(long, 2))
	m = drive(t, m, press(tea.KeyF8))
	checkFits(t, "close with draft", view(m), 60, 20)
	m = drive(t, m, press(tea.KeyF2))
	v := view(m)
	checkFits(t, "close with draft, first F2", v, 60, 20)
	if !strings.Contains(v, "再按 F2") {
		t.Errorf("the message is cut:\n%s", v)
	}
}

// TestSaveSettlesAPersonBeingSearched: F2 while the 承办人 field still shows the matches of
// "lhj" (the recorder did not press Enter or Tab first) assigns the highlighted 刘恒军, as
// leaving the field would, not a villager called lhj.
func TestSaveSettlesAPersonBeingSearched(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "hxc", "二组路灯坏了。")
	m, o := assigning(t, m, "lhj")
	if !o.owner.Suggesting() {
		t.Fatalf("lhj shows no matches:\n%s", view(m))
	}
	before, _ := s.Assignments(r.m.VillageID)
	m = drive(t, m, press(tea.KeyF2))
	asg, err := s.Assignments(r.m.VillageID)
	if err != nil || len(asg) != len(before)+1 {
		t.Fatalf("%d assignments before, %d after (%v):\n%s", len(before), len(asg), err, view(m))
	}
	if got := asg[len(asg)-1].Owner; got.Name != "刘恒军" || got.PersonID == 0 {
		t.Errorf("owner %+v; want 刘恒军 of the roster", got)
	}
}

// assigning presses F7 on the item being recorded, chooses 交办 and types who into 承办人.
func assigning(t *testing.T, m tea.Model, who string) (tea.Model, *outcome) {
	t.Helper()
	m = drive(t, m, press(tea.KeyF7))
	o, ok := front(m).(*outcome)
	if !ok {
		t.Fatalf("F7 did not open the outcome screen: %T", front(m))
	}
	m = drive(t, m, press(tea.KeyRight)) // 交办
	o.form.Focus(2)                      // 承办人
	return burst(t, m, who), o
}

// TestOutcomeRaiser: the outcome screen names who raised the item (反映人), the first concern's
// speaker unless the recorder says otherwise, and stores it on the item; initials that match
// nobody are refused, not stored as a name.
func TestOutcomeRaiser(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 80, 24)
	r := front(m).(*record)
	m = say(t, m, "ljg", "二组路灯坏了。")
	m = drive(t, m, press(tea.KeyF7))
	o, ok := front(m).(*outcome)
	if !ok {
		t.Fatalf("F7 did not open the outcome screen: %T", front(m))
	}
	if got := o.raiser.Ref(); got.Name != "卢建国" || got.PersonID == 0 {
		t.Errorf("反映人 offered: %+v, want 卢建国 of the roster", got)
	}
	if v := ansi.Strip(view(m)); !strings.Contains(v, "反映人") {
		t.Errorf("the outcome screen does not show 反映人:\n%s", v)
	}
	checkFits(t, "outcome with 反映人", view(m), 80, 24)
	o.form.Focus(1)
	m = burst(t, m, "明天就修")
	o.form.Focus(len(o.form.inputs) - 1)
	o.raiser.text.SetValue("")
	m = burst(t, m, "wzq")
	m = drive(t, m, press(tea.KeyF2))
	if stored, _ := s.Meeting(r.m.ID); stored.Items[0].Outcome != nil || !strings.Contains(o.err, "wzq") {
		t.Errorf("initials that match nobody were stored as the raiser: %+v, err %q", stored.Items[0], o.err)
	}
	o.raiser.text.SetValue("")
	m = burst(t, m, "王泽林")
	m = drive(t, m, press(tea.KeyF2))
	stored, _ := s.Meeting(r.m.ID)
	it := stored.Items[0]
	if it.Outcome == nil || it.Outcome.Kind != meeting.Answered || it.RaisedBy == nil || it.RaisedBy.Name != "王泽林" {
		t.Errorf("stored item: %+v raised by %+v", it, it.RaisedBy)
	}
}

// TestClosingShowsAssignment: the closing screen's review of the record said only 「处理：交办」;
// it shows the owner and the deadline, as the reader and the minutes do.
func TestClosingShowsAssignment(t *testing.T) {
	s := testkit.OpenStore(t)
	m := recording(t, s, 100, 30)
	m = say(t, m, "hxc", "二组路灯坏了。")
	m, _ = assigning(t, m, "lhj")
	m = drive(t, m, press(tea.KeyEnter))
	m = drive(t, m, press(tea.KeyF2))
	m = drive(t, m, press(tea.KeyF8))
	if _, ok := front(m).(*closing); !ok {
		t.Fatalf("F8 did not open the closing screen: %T", front(m))
	}
	due := meeting.DateOf(testkit.FixedNow).AddDays(7)
	v := ansi.Strip(view(m))
	if !strings.Contains(v, "刘恒军") || !strings.Contains(v, due.Chinese()) {
		t.Errorf("the closing review lacks the assignment's owner or deadline (%s):\n%s", due.Chinese(), v)
	}
}
