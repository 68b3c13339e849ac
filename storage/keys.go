package storage

// Key layout.
//
// Every key is a short ASCII prefix followed by IDs written as 8-byte big-endian numbers, so the
// byte order Badger keeps keys in is numeric ID order: a village's records together (their IDs
// share its space, the high 32 bits; see meeting.ID), in the order they were made.
//
//	meta/schema                  schema version of the directory, decimal text ("1")
//	meta/importing               present only while an import is under way (see Store.Import)
//	meta/current                 the meeting being recorded, to reopen at start: its ID as a
//	                             stored value (see codec.go); absent when there is none
//	seq/<k>/<space>              last local number allocated for kind k (p m s t n a x) in the
//	                             village of space (4 bytes big-endian), 8-byte big-endian
//	meta/rebasing                present only while the migration to schema version 5 gives the
//	                             records their villages' spaces (see rebase.go)
//
//	v/<village>                  Village
//	p/<person>                   Person
//	m/<meeting>                  Meeting: header, attendance, agenda (statements are apart)
//	s/<meeting><statement>       Statement, one small key each, appended as spoken
//	t/<matter>                   Matter
//	n/<notice>                   Notice
//	a/<assignment>               Assignment
//	x/<meeting><amendment>       Amendment
//
//	ip/<village><person>         index (empty value): the people of a village
//	im/<village><meeting>        index: the meetings of a village
//	it/<village><matter>         index: the matters of a village
//	in/<village><notice>         index: the notices of a village
//	ia/<village><assignment>     index: the assignments of a village
//
//	d/<meeting>                  StatementDraft: the half-typed statement of a meeting
//
// A record's value is one byte of schema version followed by the record's JSON (see codec.go).
// An index key is written and removed in the same transaction as its record. Statement and
// amendment numbers are counted across all meetings of their village, and their IDs carry its
// space, so they are unique archive-wide.
//
// Drafts and meta/current are working state, not records: they are not among recordPrefixes, and
// Export and Import leave them out, so the interchange format does not know them.

import (
	"encoding/binary"

	"yishi/meeting"
)

var (
	schemaKey    = []byte("meta/schema")
	importingKey = []byte("meta/importing")
	currentKey   = []byte("meta/current")
)

// draftPrefix starts the key of a meeting's draft statement.
const draftPrefix = "d/"

// draftKey returns the key of the draft statement of meeting id.
func draftKey(id meeting.ID) []byte { return appendIDs([]byte(draftPrefix), id) }

// appendIDs appends each id to k as 8 big-endian bytes.
func appendIDs(k []byte, ids ...meeting.ID) []byte {
	for _, id := range ids {
		k = binary.BigEndian.AppendUint64(k, uint64(id))
	}
	return k
}

// seqKey returns the key of the counter of t's local numbers in the village of space.
func (t *table[T]) seqKey(space uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte(t.seq+"/"), space)
}

// lastID returns the ID a key ends with.
func lastID(k []byte) meeting.ID {
	return meeting.ID(binary.BigEndian.Uint64(k[len(k)-8:]))
}

// table describes how the records of one kind are kept.
type table[T any] struct {
	name   string // what a record is called in messages: 会议
	prefix string // record keys: prefix, [owner,] id
	seq    string // the ID counters' keys start with it (seqKey)
	// nested records (statements, amendments) have their meeting in the key before their ID.
	nested bool
	// index, when set, is the prefix of the keys listing records by village: index, village, id.
	index string
	id    func(*T) *meeting.ID
	// owner is the village (indexed kinds) or meeting (nested kinds) a record belongs to; nil
	// for villages.
	owner func(*T) meeting.ID
}

// key returns the key of the record id belonging to owner (ignored unless t is nested).
func (t *table[T]) key(owner, id meeting.ID) []byte {
	k := make([]byte, 0, len(t.prefix)+16)
	k = append(k, t.prefix...)
	if t.nested {
		k = appendIDs(k, owner)
	}
	return appendIDs(k, id)
}

// keyOf returns the key of record r.
func (t *table[T]) keyOf(r *T) []byte {
	var owner meeting.ID
	if t.owner != nil {
		owner = t.owner(r)
	}
	return t.key(owner, *t.id(r))
}

// indexKey returns the index key of the record id of village.
func (t *table[T]) indexKey(village, id meeting.ID) []byte {
	return appendIDs(append(make([]byte, 0, len(t.index)+16), t.index...), village, id)
}

// ownerTable returns the kind a record's owner is: meetings for nested kinds, else villages.
func (t *table[T]) ownerTable() (name, prefix string) {
	if t.nested {
		return meetings.name, meetings.prefix
	}
	return villages.name, villages.prefix
}

// The tables of every kind.
var (
	villages = &table[meeting.Village]{
		name: "村", prefix: "v/", seq: "seq/v",
		id: func(r *meeting.Village) *meeting.ID { return &r.ID },
	}
	people = &table[meeting.Person]{
		name: "人员", prefix: "p/", seq: "seq/p", index: "ip/",
		id:    func(r *meeting.Person) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Person) meeting.ID { return r.VillageID },
	}
	meetings = &table[meeting.Meeting]{
		name: "会议", prefix: "m/", seq: "seq/m", index: "im/",
		id:    func(r *meeting.Meeting) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Meeting) meeting.ID { return r.VillageID },
	}
	statements = &table[meeting.Statement]{
		name: "发言", prefix: "s/", seq: "seq/s", nested: true,
		id:    func(r *meeting.Statement) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Statement) meeting.ID { return r.MeetingID },
	}
	matters = &table[meeting.Matter]{
		name: "事项", prefix: "t/", seq: "seq/t", index: "it/",
		id:    func(r *meeting.Matter) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Matter) meeting.ID { return r.VillageID },
	}
	notices = &table[meeting.Notice]{
		name: "公告", prefix: "n/", seq: "seq/n", index: "in/",
		id:    func(r *meeting.Notice) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Notice) meeting.ID { return r.VillageID },
	}
	assignments = &table[meeting.Assignment]{
		name: "交办事项", prefix: "a/", seq: "seq/a", index: "ia/",
		id:    func(r *meeting.Assignment) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Assignment) meeting.ID { return r.VillageID },
	}
	amendments = &table[meeting.Amendment]{
		name: "更正", prefix: "x/", seq: "seq/x", nested: true,
		id:    func(r *meeting.Amendment) *meeting.ID { return &r.ID },
		owner: func(r *meeting.Amendment) meeting.ID { return r.MeetingID },
	}
)

// recordPrefixes are the prefixes of every kind of record: a directory with no key under any of
// them holds no data.
var recordPrefixes = []string{
	villages.prefix, people.prefix, meetings.prefix, statements.prefix,
	matters.prefix, notices.prefix, assignments.prefix, amendments.prefix,
}
