package storage

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// SchemaVersion is the version of the stored form this program writes: of the key layout (see
// keys.go) and of each value. It is kept in meta/schema and as the first byte of every value.
// Raise it when the stored form changes, and register the step from the old version in
// migrations.
//
// Version 2 added the search index (index.go); version 3 indexes the assignments too; version 4
// moves the villages' settings to the dated model of the 2025 amendment (meeting.UpgradeSettings);
// version 5 gives every ID its village's space (rebase.go), and the index 8-byte chunks.
const SchemaVersion = 5

// indexVersion is the first schema version with the search index: an older directory has it
// built when it is migrated.
const indexVersion = 2

// assignmentIndexVersion is the first schema version whose index holds the assignments: a
// directory of version 2 has their postings added when it is migrated.
const assignmentIndexVersion = 3

// migrations upgrade a data directory one schema version at a time: migrations[v] turns version
// v into v+1. Open runs the steps needed, all in one transaction with the new meta/schema.
var migrations = map[int]func(txn *badger.Txn) error{
	// 1 to 2 changes no record: the search index it adds is built before (see Store.migrate).
	1: func(*badger.Txn) error { return nil },
	// 2 to 3 changes no record: the postings of the assignments it adds are written before.
	2: func(*badger.Txn) error { return nil },
	// 3 to 4 rewrites every village's settings in the dated model: the rules it stored only as
	// the 2018 defaults go, so each meeting gets the statute in force on its date; the new
	// figures get their defaults. Nothing sealed is touched: votes keep the rules they pinned.
	3: func(txn *badger.Txn) error {
		vs, err := scan(txn, villages, []byte(villages.prefix))
		if err != nil {
			return err
		}
		for _, v := range vs {
			v.Settings = meeting.UpgradeSettings(v.Settings, time.Now())
			b, err := encode(&v)
			if err != nil {
				return err
			}
			if err := txn.Set(villages.keyOf(&v), b); err != nil {
				return err
			}
		}
		return nil
	},
	// 4 to 5 changes no record: they were given their villages' spaces before (Store.rebase),
	// whose plan goes in the same transaction as meta/schema (Store.migrate).
	4: func(*badger.Txn) error { return nil },
}

// encode returns the stored form of a record: the schema version byte, then the record's JSON.
func encode(r any) ([]byte, error) {
	js, err := json.Marshal(r)
	if err != nil {
		return nil, fail("记录里有存不下的内容（多半是日期超出范围）：请检查日期后再保存", err)
	}
	v := make([]byte, 0, 1+len(js))
	v = append(v, SchemaVersion)
	return append(v, js...), nil
}

// decode reads the stored form of a record into r. A value written by a newer schema gives a
// *NewerError.
func decode(v []byte, r any) error {
	if len(v) == 0 || v[0] == 0 {
		return fail(msgCorrupt, fmt.Errorf("value without schema version: %q", v))
	}
	if int(v[0]) > SchemaVersion {
		return &NewerError{Version: int(v[0]), Known: SchemaVersion}
	}
	if err := json.Unmarshal(v[1:], r); err != nil {
		return fail(msgCorrupt, err)
	}
	return nil
}

// encodeSchema and decodeSchema write and read the value of meta/schema.
func encodeSchema(version int) []byte { return strconv.AppendInt(nil, int64(version), 10) }

func decodeSchema(v []byte) (int, error) {
	n, err := strconv.Atoi(string(v))
	if err == nil && n < 0 {
		err = strconv.ErrRange
	}
	if err != nil {
		return 0, fail("数据目录的格式版本记录已损坏：请用备份恢复（yishi restore）", fmt.Errorf("meta/schema: %w", err))
	}
	return n, nil
}
