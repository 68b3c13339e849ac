package meeting

import (
	"errors"
	"fmt"
)

// MajorityInFavour works out the ayes of an obvious show of hands, where the recorder counts
// only the noes and the abstentions: every member present who did not step out (recused) and
// did not vote against or abstain is in favour. It refuses negative numbers, and counts that
// add up to more than those present.
func MajorityInFavour(present, recused, noes, abstentions int) (ayes int, err error) {
	if present < 0 || recused < 0 || noes < 0 || abstentions < 0 {
		return 0, errors.New("实到、回避、反对、弃权的人数不能为负数，请核对")
	}
	ayes = present - recused - noes - abstentions
	if ayes < 0 {
		return 0, fmt.Errorf("反对 %d 票、弃权 %d 票，加上回避 %d 人，多于实到 %d 人，请核对票数", noes, abstentions, recused, present)
	}
	return ayes, nil
}

// DefaultKind returns the kind a statement by speaker at meeting m most likely is, for the
// recorder to confirm or change: at a formal meeting, everyone gives an opinion; at any other
// (a consultation meeting), a member of either committee (a cadre) answers and anyone else
// raises a concern.
func DefaultKind(m Meeting, speaker Person) StatementKind {
	if m.Kind == Formal {
		return Opinion
	}
	if speaker.MemberOf(TwoCommittees) {
		return Answer
	}
	return Concern
}
