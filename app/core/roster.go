package core

import (
	"errors"
	"fmt"
	"strings"
	"yishi/meeting"
	"yishi/storage"
)

type RosterResult struct {
	Village        string
	Added, Updated int
}

// RosterTarget finds the village a roster import goes to: the one named, or the only one when
// none is named. A name the archive does not have is refused, naming the villages it has,
// unless create asks for a new village; the first import into an archive with no village
// creates the village it names. A new village comes back with ID 0 and isNew set.
func RosterTarget(s Store, name string, create bool) (v meeting.Village, isNew bool, err error) {
	vs, err := s.Villages()
	if err != nil {
		return v, false, err
	}
	var names []string
	for _, x := range vs {
		names = append(names, x.Name)
	}
	if name == "" {
		switch {
		case create:
			return v, false, Usagef("--new-village 要和 --village 村名 一起用，例如 yishi roster import 花名册.csv --village 东坡村 --new-village")
		case len(vs) == 0:
			return v, false, errors.New("数据目录里还没有村：请用 --village 村名 指定要建的村，例如 yishi roster import 花名册.csv --village 阿北村")
		case len(vs) > 1:
			return v, false, fmt.Errorf("数据目录里有 %d 个村（%s）：请用 --village 村名 指定导入到哪个村", len(vs), strings.Join(names, "、"))
		}
		return vs[0], false, nil
	}
	for _, x := range vs {
		if x.Name == name {
			if create {
				return v, false, fmt.Errorf("档案里已经有「%s」了：要导入到这个村，去掉 --new-village 再运行", name)
			}
			return x, false, nil
		}
	}
	if len(vs) > 0 && !create {
		return v, false, fmt.Errorf("没有叫「%s」的村。档案里有：%s。要新建这个村，请加 --new-village", name, strings.Join(names, "、"))
	}
	v = meeting.Village{Name: name, Settings: meeting.Defaults()}
	if err := v.Validate(); err != nil {
		return meeting.Village{}, false, err
	}
	return v, true, nil
}

// PlanRoster works out what importing rows into village v would do (meeting.PlanRoster over
// the people the archive has for v; none when v is new).
func PlanRoster(s Store, v meeting.Village, rows []meeting.RosterRow, mode meeting.RosterMode) (meeting.RosterPlan, error) {
	var existing []meeting.Person
	if v.ID != 0 {
		var err error
		if existing, err = s.People(v.ID); err != nil {
			return meeting.RosterPlan{}, err
		}
	}
	return meeting.PlanRoster(existing, rows, mode)
}

// WriteRoster writes a roster plan into village v's roster in one transaction, all or nothing,
// writing v first when it is new (ID 0).
func WriteRoster(s Store, v *meeting.Village, plan meeting.RosterPlan) (RosterResult, error) {
	res := RosterResult{Village: v.Name, Added: len(plan.Added), Updated: len(plan.Updated)}
	people := plan.People()
	err := s.Update(func(tx *storage.Tx) error {
		if v.ID == 0 {
			if err := tx.PutVillage(v); err != nil {
				return err
			}
		}
		for i := range people {
			people[i].VillageID = v.ID
			if err := tx.PutPerson(&people[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return RosterResult{}, err
	}
	return res, nil
}
