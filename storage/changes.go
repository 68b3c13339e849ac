package storage

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"

	"yishi/meeting"
)

// changes counts the writes to the archive while it is open, for what the screens keep of it
// between reads (core.Findings): each village's count goes up when a transaction that wrote a
// record of the village commits, and the whole archive's with an import or a collecting import.
// Counts live in memory only: a store opened again starts afresh, and so do its readers.
type changes struct {
	mu      sync.Mutex
	all     uint64
	village map[uint32]uint64
}

// spacedPrefixes are the prefixes of the keys that start with a village's space: its records,
// their index entries by village, and the mark of a copy. Drafts, counters and postings are left
// out: they change nothing a check reads.
var spacedPrefixes = func() [][]byte {
	var out [][]byte
	for _, p := range append(slices.Clone(recordPrefixes), people.index, meetings.index, matters.index,
		notices.index, assignments.index, copyPrefix) {
		out = append(out, []byte(p))
	}
	return out
}()

// spaceOf returns the village space a key of a record (or of its index entry, or a copy's mark)
// starts with.
func spaceOf(k []byte) (uint32, bool) {
	i := bytes.IndexByte(k, '/')
	if i < 0 || len(k) < i+1+4 {
		return 0, false
	}
	if !slices.ContainsFunc(spacedPrefixes, func(p []byte) bool { return bytes.Equal(p, k[:i+1]) }) {
		return 0, false
	}
	return binary.BigEndian.Uint32(k[i+1:]), true
}

// bump counts a change of each village of spaces.
func (c *changes) bump(spaces []uint32) {
	if len(spaces) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.village == nil {
		c.village = map[uint32]uint64{}
	}
	for _, sp := range spaces {
		c.village[sp]++
	}
}

// bumpAll counts a change of every village.
func (c *changes) bumpAll() {
	c.mu.Lock()
	c.all++
	c.mu.Unlock()
}

// Generation is a number that changes, while the store is open, whenever a record of the village
// does (or any record, by an import): what was read of the village under one generation still
// holds while it is the same.
func (s *Store) Generation(village meeting.ID) uint64 {
	s.changed.mu.Lock()
	defer s.changed.mu.Unlock()
	return s.changed.all + s.changed.village[village.Space()]
}

// wrote notes that the transaction wrote key k.
func (tx *Tx) wrote(k []byte) {
	if sp, ok := spaceOf(k); ok && !slices.Contains(tx.spaces, sp) {
		tx.spaces = append(tx.spaces, sp)
	}
}
