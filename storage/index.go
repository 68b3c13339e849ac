package storage

import (
	"slices"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

// allIDs returns the IDs of every record of t, newest (highest) first.
func allIDs[T any](txn *badger.Txn, t *table[T]) []meeting.ID {
	var ids []meeting.ID
	p := []byte(t.prefix)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
	defer it.Close()
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		ids = append(ids, lastID(it.Item().Key()))
	}
	slices.Reverse(ids)
	return ids
}

// search is the first, unindexed form: it reads every record.
func (s *Store) search(txn *badger.Txn, q *query, village meeting.ID, limit int, r *Results) ([]Hit, error) {
	var hits []Hit
	var err error
	for _, id := range allIDs(txn, people) {
		if hits, err = q.personHitsOf(txn, hits, id, village); err != nil {
			return nil, err
		}
	}
	for _, id := range allIDs(txn, matters) {
		if hits, err = q.matterHits(txn, hits, id, village); err != nil {
			return nil, err
		}
	}
	for _, id := range allIDs(txn, notices) {
		if hits, err = q.noticeHits(txn, hits, id, village); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, id := range allIDs(txn, meetings) {
		before := len(hits)
		if hits, err = q.meetingHits(txn, hits, id, village, partAll); err != nil {
			return nil, err
		}
		if len(hits) > before {
			r.Meetings++
			n += len(hits) - before
		}
		if n >= limit {
			r.More, r.Exact = true, false
			break
		}
	}
	return hits, nil
}
