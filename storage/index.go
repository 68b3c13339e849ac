package storage

// The search index.
//
//	g/<gram>\xff<doc kind><chunk>   posting: the documents of one kind, among those whose IDs
//	                                share chunk = id>>8 (8 bytes big-endian since schema
//	                                version 5, whose IDs have 64 bits), whose text holds gram
//
// A gram is one character or two adjacent characters of one text field, folded (see foldRune),
// in UTF-8 (which never holds the byte 0xff). The value is the sorted list of IDs, each written
// as a uvarint of its difference from the one before (the first from chunk<<8).
//
// A document is what a posting names:
//
//	m  a meeting record: header and agenda (ID of the meeting)
//	s  the statements of a meeting (ID of the meeting)
//	x  the amendments of a meeting (ID of the meeting)
//	t  a matter, n  a notice
//	a  an assignment (交办): task, owner, result, feedback (since schema version 3)
//	p  a person: the name, and the pinyin spellings of the name (meeting.Initials, FullPinyin)
//
// The statements of a meeting are one document: Search reads the statements of a meeting named
// and skips those whose bytes do not hold the query before decoding any. A statement recorded
// live does not rewrite postings: for each character its meeting's statements did not have yet
// (most are in the cache of grams posted, and cost nothing) it writes, without reading anything,
//
//	g/<char>\xffS<meeting>          live posting: the statements of the meeting hold char
//
// (meeting: 8 bytes big-endian, empty value). Characters only, not pairs: a meeting's new pairs
// are many times its new characters, and a meeting holding every character of a query is a
// candidate. Search reads both forms; when a meeting is sealed, its statements are posted in
// the chunked postings, characters and pairs, and its live postings dropped (foldLive).
//
// Every write of a record adds the grams of its text in the same transaction. Postings are never
// removed when text changes or a statement is deleted: the index may name documents that no longer
// hold a gram, and Search reads every document it names to find the query in it. The index is
// derived data: Export leaves it out, Import builds it in bulk, and the migration to schema
// version 2 builds it for an older archive; the migration to version 3 adds the postings of the
// assignments (indexAssignments), which version 2 did not index.

import (
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"yishi/meeting"
)

const gramPrefix = "g/"

// liveStatements marks the live postings of statements (see above).
const liveStatements byte = 'S'

// liveKey returns the key of the live posting of gram for the statements of meeting id.
func liveKey(gram string, id meeting.ID) []byte {
	return binary.BigEndian.AppendUint64(postingPrefix(gram, liveStatements), uint64(id))
}

// Document kinds of the index.
const (
	docHeader     byte = 'm'
	docStatements byte = 's'
	docAmendments byte = 'x'
	docMatter     byte = 't'
	docNotice     byte = 'n'
	docAssignment byte = 'a'
	docPerson     byte = 'p'
)

// chunkShift: a posting holds the documents of one kind whose IDs agree but for the last 8 bits.
const chunkShift = 8

// postingPrefix returns the key prefix of the postings of gram for documents of kind.
func postingPrefix(gram string, kind byte) []byte {
	k := make([]byte, 0, len(gramPrefix)+len(gram)+2+4)
	k = append(k, gramPrefix...)
	k = append(k, gram...)
	return append(k, 0xff, kind)
}

// postingKey returns the key of the posting of gram for documents of kind in chunk.
func postingKey(gram string, kind byte, chunk uint64) []byte {
	return binary.BigEndian.AppendUint64(postingPrefix(gram, kind), chunk)
}

func chunkOf(id meeting.ID) uint64 { return uint64(id >> chunkShift) }

// entry is one document a posting names: its ID.
type entry struct{ id meeting.ID }

// encodePosting writes es, ascending by ID, all of chunk.
func encodePosting(chunk uint64, es []entry) []byte {
	v := make([]byte, 0, 2*len(es)+2)
	prev := chunk << chunkShift
	for _, e := range es {
		v = binary.AppendUvarint(v, uint64(e.id)-prev)
		prev = uint64(e.id)
	}
	return v
}

// decodePosting appends the entries of a posting of chunk to es.
func decodePosting(es []entry, chunk uint64, v []byte) ([]entry, error) {
	prev := chunk << chunkShift
	for len(v) > 0 {
		d, n := binary.Uvarint(v)
		if n <= 0 {
			return es, fail(msgCorrupt, errors.New("search index: bad posting"))
		}
		v = v[n:]
		prev += d
		es = append(es, entry{id: meeting.ID(prev)})
	}
	return es, nil
}

// grams calls fn with each gram of text: every character and every two adjacent characters,
// folded. A gram may come more than once.
func grams(text string, fn func(string)) {
	var buf [8]byte
	var prev rune = -1
	for _, r := range text {
		r = foldRune(r)
		n := utf8.EncodeRune(buf[:], r)
		fn(string(buf[:n]))
		if prev >= 0 {
			m := utf8.EncodeRune(buf[:], prev)
			m += utf8.EncodeRune(buf[m:], r)
			fn(string(buf[:m]))
		}
		prev = r
	}
}

// chars calls fn with each character of text, folded. A character may come more than once.
func chars(text string, fn func(string)) {
	var buf [4]byte
	for _, r := range text {
		n := utf8.EncodeRune(buf[:], foldRune(r))
		fn(string(buf[:n]))
	}
}

// doc is one document of the index and its texts.
type doc struct {
	kind  byte
	id    meeting.ID
	texts []string
}

func textsOf(fs []field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.text
	}
	return out
}

// docOf returns the document a record belongs to, and whether it is one the index knows.
func docOf(r any) (doc, bool) {
	switch r := r.(type) {
	case *meeting.Meeting:
		return doc{docHeader, r.ID, textsOf(meetingFields(r))}, true
	case *meeting.Statement:
		return doc{docStatements, r.MeetingID, textsOf(statementFields(r))}, true
	case *meeting.Amendment:
		return doc{docAmendments, r.MeetingID, textsOf(amendmentFields(r))}, true
	case *meeting.Matter:
		return doc{docMatter, r.ID, textsOf(matterFields(r))}, true
	case *meeting.Notice:
		return doc{docNotice, r.ID, textsOf(noticeFields(r))}, true
	case *meeting.Assignment:
		return doc{docAssignment, r.ID, textsOf(assignmentFields(r))}, true
	case *meeting.Person:
		texts := textsOf(personFields(r))
		texts = append(texts, meeting.Initials(r.Name)...)
		texts = append(texts, meeting.FullPinyin(r.Name)...)
		return doc{docPerson, r.ID, texts}, true
	}
	return doc{}, false
}

// docKey names a document in the cache of grams already posted.
type docKey struct {
	kind byte
	id   meeting.ID
}

// postedCache remembers, for the documents written last, the grams already in their postings,
// so that the next statement of a meeting reads and rewrites only the postings of its new grams.
// It is filled only after a transaction commits; Import and clear empty it.
type postedCache struct {
	mu   sync.Mutex
	docs map[docKey]map[string]struct{}
	fifo []docKey
}

// postedDocs is how many documents the cache remembers.
const postedDocs = 16

func (c *postedCache) has(k docKey, gram string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.docs[k][gram]
	return ok
}

// add remembers grams as posted; it is called only once they are committed.
func (c *postedCache) add(posted map[docKey][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil {
		c.docs = make(map[docKey]map[string]struct{})
	}
	for k, gs := range posted {
		set, ok := c.docs[k]
		if !ok {
			if len(c.fifo) >= postedDocs {
				delete(c.docs, c.fifo[0])
				c.fifo = c.fifo[1:]
			}
			set = make(map[string]struct{}, len(gs))
			c.docs[k] = set
			c.fifo = append(c.fifo, k)
		}
		for _, g := range gs {
			set[g] = struct{}{}
		}
	}
}

func (c *postedCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs, c.fifo = nil, nil
}

// post adds the document a record r belongs to to the postings of every gram of its text
// (statements: the live postings of every character), within the transaction.
func (tx *Tx) post(r any) error {
	d, ok := docOf(r)
	if !ok || d.id == 0 {
		return nil
	}
	k := docKey{d.kind, d.id}
	chunk := chunkOf(d.id)
	var err error
	size := 0
	for _, text := range d.texts {
		size += len(text)
	}
	seen := make(map[string]struct{}, size) // at most 2 grams a character, of 3 bytes
	each := grams
	if d.kind == docStatements {
		each = chars
	}
	if tx.posted == nil {
		tx.posted = make(map[docKey][]string)
	}
	for _, text := range d.texts {
		each(text, func(g string) {
			if err != nil {
				return
			}
			if _, ok := seen[g]; ok {
				return
			}
			seen[g] = struct{}{}
			if tx.cache != nil && tx.cache.has(k, g) {
				return
			}
			if d.kind == docStatements {
				err = tx.set(liveKey(g, d.id), nil)
			} else {
				err = tx.addPosting(g, d.kind, chunk, entry{d.id})
			}
			if err == nil {
				tx.posted[k] = append(tx.posted[k], g)
			}
		})
	}
	return err
}

// addPosting adds e to the posting of gram for kind in chunk, unless it is there.
func (tx *Tx) addPosting(gram string, kind byte, chunk uint64, e entry) error {
	key := postingKey(gram, kind, chunk)
	var es []entry
	item, err := tx.txn.Get(key)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return fail(msgRead, err)
	default:
		err = item.Value(func(v []byte) error {
			var derr error
			es, derr = decodePosting(make([]entry, 0, len(v)+1), chunk, v)
			return derr
		})
		if err != nil {
			return err
		}
	}
	i, found := slices.BinarySearchFunc(es, e.id, func(x entry, id meeting.ID) int { return cmp.Compare(x.id, id) })
	if found {
		return nil
	}
	es = slices.Insert(es, i, e)
	return tx.set(key, encodePosting(chunk, es))
}

// foldBatch is how many grams one transaction of foldLive moves, well under Badger's limit.
const foldBatch = 400

// foldLive posts the statements of meeting id, just sealed, in the chunked postings (every gram)
// and drops its live postings, a batch of grams per transaction. Either form names the meeting,
// so a fold cut off or failed leaves a sound index: a failure is only logged.
func (s *Store) foldLive(id meeting.ID) {
	var gs []string
	err := s.db.View(func(txn *badger.Txn) error {
		seen := make(map[string]struct{})
		return eachRecord(txn, statements, appendIDs([]byte(statements.prefix), id), func(st *meeting.Statement) error {
			for _, text := range textsOf(statementFields(st)) {
				grams(text, func(g string) {
					if _, ok := seen[g]; !ok {
						seen[g] = struct{}{}
						gs = append(gs, g)
					}
				})
			}
			return nil
		})
	})
	for len(gs) > 0 && err == nil {
		batch := gs[:min(foldBatch, len(gs))]
		gs = gs[len(batch):]
		for attempt := 1; ; attempt++ {
			err = s.db.Update(func(txn *badger.Txn) error {
				tx := &Tx{txn: txn}
				for _, g := range batch {
					if err := tx.addPosting(g, docStatements, chunkOf(id), entry{id}); err != nil {
						return err
					}
					if utf8.RuneCountInString(g) != 1 {
						continue
					}
					k := liveKey(g, id)
					if ok, err := exists(txn, k); err != nil || !ok {
						if err != nil {
							return err
						}
						continue
					}
					if err := tx.delete(k); err != nil {
						return err
					}
				}
				return nil
			})
			if !errors.Is(err, badger.ErrConflict) || attempt == maxAttempts {
				break
			}
		}
	}
	if err != nil {
		s.log.Printf("WARN: %s: the search index of meeting %d was not compacted: %v", s.dir, id, err)
	}
}

// builder builds the postings of many documents at once, one chunk at a time, as Import and
// the migration do: the documents of a chunk must come together, in ascending ID order within
// each kind.
type builder struct {
	set     func(k, v []byte) error
	chunk   uint64
	group   byte // what the current chunk is of: 'M' for meeting documents, else the doc kind
	started bool
	post    map[string][]entry // gram \xff kind → entries
	keys    int                // postings written
}

func newBuilder(set func(k, v []byte) error) *builder {
	return &builder{set: set, post: make(map[string][]entry)}
}

// add adds document d; group tells apart kinds whose IDs are of different sequences.
func (b *builder) add(group byte, d doc) error {
	c := chunkOf(d.id)
	if b.started && (c != b.chunk || group != b.group) {
		if err := b.flush(); err != nil {
			return err
		}
	}
	b.started, b.chunk, b.group = true, c, group
	for _, text := range d.texts {
		grams(text, func(g string) {
			k := g + "\xff" + string(d.kind)
			es := b.post[k]
			if n := len(es); n > 0 && es[n-1].id == d.id {
				return
			}
			b.post[k] = append(es, entry{d.id})
		})
	}
	return nil
}

// flush writes the postings of the current chunk.
func (b *builder) flush() error {
	for k, es := range b.post {
		key := binary.BigEndian.AppendUint64(append([]byte(gramPrefix), k...), b.chunk)
		if err := b.set(key, encodePosting(b.chunk, es)); err != nil {
			return err
		}
		b.keys++
	}
	clear(b.post)
	return nil
}

// buildIndex builds the index of the records of the directory, as the migration to schema
// version 2 does: it drops any postings first (left by a migration that was cut off), then reads
// the records one meeting at a time and writes the postings through a WriteBatch. It runs before
// the new schema version is written, so a build cut off is done again at the next Open.
func (s *Store) buildIndex() error {
	if err := s.db.DropPrefix([]byte(gramPrefix)); err != nil {
		return fail(msgWrite, err)
	}
	return s.writeIndex()
}

// writeIndex writes the postings of every record, into a directory whose index was taken away.
func (s *Store) writeIndex() error {
	s.posted.reset()
	keys, err := s.writePostings(func(txn *badger.Txn, b *builder) error { return addRecords(txn, b, nil) })
	if err != nil {
		return err
	}
	s.log.Printf("INFO: %s: built the search index (%d postings)", s.dir, keys)
	return nil
}

// indexSpace writes the postings of every record of the village of space, whole: a village's
// documents are in chunks of their own (their IDs share its space), so what another village's
// postings name is left as it is. Postings of text a record no longer holds stay, as always.
func (s *Store) indexSpace(space uint32) error {
	sp := binary.BigEndian.AppendUint32(nil, space)
	if _, err := s.writePostings(func(txn *badger.Txn, b *builder) error { return addRecords(txn, b, sp) }); err != nil {
		return err
	}
	s.posted.reset()
	return nil
}

// addRecords adds the documents of every record to b, or of those of one village when space
// (its 4 bytes) is not nil.
func addRecords(txn *badger.Txn, b *builder, space []byte) error {
	under := func(prefix string) []byte { return append([]byte(prefix), space...) }
	err := eachRecord(txn, meetings, under(meetings.prefix), func(m *meeting.Meeting) error {
		d, _ := docOf(m)
		if err := b.add('M', d); err != nil {
			return err
		}
		err := eachRecord(txn, amendments, appendIDs([]byte(amendments.prefix), m.ID), func(a *meeting.Amendment) error {
			d, _ := docOf(a)
			return b.add('M', d)
		})
		if err != nil {
			return err
		}
		return eachRecord(txn, statements, appendIDs([]byte(statements.prefix), m.ID), func(st *meeting.Statement) error {
			d, _ := docOf(st)
			return b.add('M', d)
		})
	})
	if err == nil {
		err = eachRecord(txn, matters, under(matters.prefix), func(m *meeting.Matter) error { return b.addRecord(m) })
	}
	if err == nil {
		err = eachRecord(txn, notices, under(notices.prefix), func(n *meeting.Notice) error { return b.addRecord(n) })
	}
	if err == nil {
		err = eachRecord(txn, assignments, under(assignments.prefix), func(a *meeting.Assignment) error { return b.addRecord(a) })
	}
	if err == nil {
		err = eachRecord(txn, people, under(people.prefix), func(p *meeting.Person) error { return b.addRecord(p) })
	}
	return err
}

// indexAssignments adds the postings of every assignment to the index, as the migration to
// schema version 3 does for an archive whose index has none: it writes each posting of the
// assignments whole, so a run cut off and done again at the next Open writes the same postings.
func (s *Store) indexAssignments() error {
	keys, err := s.writePostings(func(txn *badger.Txn, b *builder) error {
		return eachRecord(txn, assignments, []byte(assignments.prefix), func(a *meeting.Assignment) error { return b.addRecord(a) })
	})
	if err != nil {
		return err
	}
	s.posted.reset()
	s.log.Printf("INFO: %s: indexed the assignments (%d postings)", s.dir, keys)
	return nil
}

// writePostings writes the postings that add, reading the records in one transaction, adds to
// a builder, through a WriteBatch, and returns how many were written.
func (s *Store) writePostings(add func(txn *badger.Txn, b *builder) error) (int, error) {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	b := newBuilder(func(k, v []byte) error { return writeError(wb.Set(k, v)) })
	err := s.db.View(func(txn *badger.Txn) error {
		if err := add(txn, b); err != nil {
			return err
		}
		return b.flush()
	})
	if err != nil {
		return 0, err
	}
	if err := wb.Flush(); err != nil {
		return 0, fail(msgWrite, err)
	}
	return b.keys, nil
}

func (b *builder) addRecord(r any) error {
	d, _ := docOf(r)
	return b.add(d.kind, d)
}

// eachRecord calls fn with every record of t whose key starts with prefix, in key order, and
// stops at the first error.
func eachRecord[T any](txn *badger.Txn, t *table[T], prefix []byte, fn func(*T) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		var r T
		if err := value(it.Item(), t, &r); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// ownedIDs returns the IDs the index (ip/, im/ …) lists for village, by a key-only scan.
func ownedIDs(txn *badger.Txn, index string, village meeting.ID) map[meeting.ID]bool {
	own := map[meeting.ID]bool{}
	for _, id := range keyIDs(txn, appendIDs([]byte(index), village)) {
		own[id] = true
	}
	return own
}

// postings returns the documents of kind the posting of gram names, ascending by ID.
func postings(txn *badger.Txn, gram string, kind byte) ([]entry, error) {
	prefix := postingPrefix(gram, kind)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	var es []entry
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		k := item.Key()
		chunk := binary.BigEndian.Uint64(k[len(k)-8:])
		err := item.Value(func(v []byte) error {
			var err error
			es, err = decodePosting(es, chunk, v)
			return err
		})
		if err != nil {
			return nil, fail(msgRead, err)
		}
	}
	return es, nil
}

// livePostings returns the meetings whose live postings name gram, ascending.
func livePostings(txn *badger.Txn, gram string) ([]entry, error) {
	prefix := postingPrefix(gram, liveStatements)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	var es []entry
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		es = append(es, entry{lastID(it.Item().Key())})
	}
	return es, nil
}

// candidates returns the documents of kind that may hold the query, ascending: those the
// chunked postings name, and for statements the meetings the live postings name.
func (q *query) candidates(txn *badger.Txn, kind byte) ([]entry, error) {
	es, err := q.chunked(txn, kind)
	if err == nil && kind == docPerson && q.latin != "" && q.latin != q.fold {
		// Pinyin typed with spaces or apostrophes (jin chang, xi'an) is matched without them:
		// the postings of the spellings hold it that way.
		var more []entry
		more, err = (&query{runes: []rune(q.latin)}).chunked(txn, kind)
		es = append(es, more...)
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
		es = slices.Compact(es)
	}
	if err != nil || kind != docStatements {
		return es, err
	}
	live, err := q.live(txn)
	if err != nil || len(live) == 0 {
		return es, err
	}
	if len(q.runes) > 1 {
		q.loose = true
	}
	es = append(es, live...)
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
	return slices.Compact(es), nil
}

// live returns the meetings whose live postings name every character of the query, ascending.
func (q *query) live(txn *badger.Txn) ([]entry, error) {
	var out []entry
	for i, r := range q.runes {
		if slices.Contains(q.runes[:i], r) {
			continue
		}
		es, err := livePostings(txn, string(r))
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out = es
		} else {
			out = intersect(out, es)
		}
		if len(out) == 0 {
			return nil, nil
		}
	}
	return out, nil
}

// chunked returns the documents of kind the chunked postings name for the query: those in the
// posting of its one character, or in the postings of all its pairs of characters.
func (q *query) chunked(txn *badger.Txn, kind byte) ([]entry, error) {
	rs := q.runes
	if len(rs) == 1 {
		return postings(txn, string(rs), kind)
	}
	var out []entry
	seen := make(map[string]bool)
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if seen[g] {
			continue
		}
		seen[g] = true
		ids, err := postings(txn, g, kind)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out = ids
		} else {
			out = intersect(out, ids)
		}
		if len(out) == 0 {
			return nil, nil
		}
	}
	return out, nil
}

// intersect returns the entries in both a and b (ascending), reusing a.
func intersect(a, b []entry) []entry {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// search finds the query through the index: the documents the postings name, newest first,
// each read and searched, until limit hits of each group (meetings, amendments and their
// agendas; statements; matters; notices; assignments; people) are found.
func (s *Store) search(txn *badger.Txn, q *query, village meeting.ID, limit int, r *Results) ([]Hit, error) {
	var hits []Hit
	// With a village, the candidates of the other villages are dropped by the village's indexes
	// (key-only scans) before any record is read: on a township's archive a village's search
	// would otherwise read twenty villages' records to find its own.
	owned := func(index string) map[meeting.ID]bool { return nil }
	if village != 0 {
		owned = func(index string) map[meeting.ID]bool { return ownedIDs(txn, index, village) }
	}
	candidates := func(kind byte, own map[meeting.ID]bool) ([]entry, error) {
		es, err := q.candidates(txn, kind)
		if err != nil || own == nil {
			return es, err
		}
		return slices.DeleteFunc(es, func(e entry) bool { return !own[e.id] }), nil
	}
	type source struct {
		kind  byte
		index string
		read  func(txn *badger.Txn, hits []Hit, id, village meeting.ID) ([]Hit, error)
	}
	for _, src := range []source{{docPerson, people.index, q.personHitsOf}, {docMatter, matters.index, q.matterHits},
		{docNotice, notices.index, q.noticeHits}, {docAssignment, assignments.index, q.assignmentHits}} {
		es, err := candidates(src.kind, owned(src.index))
		if err != nil {
			return nil, err
		}
		start := len(hits)
		for i := len(es) - 1; i >= 0; i-- {
			if len(hits)-start >= limit {
				r.More = true
				break
			}
			if hits, err = src.read(txn, hits, es[i].id, village); err != nil {
				return nil, err
			}
		}
	}

	// Meeting records and amendments: the union of both kinds, with the parts to read.
	ownMeetings := owned(meetings.index)
	parts := make(map[meeting.ID]int)
	for _, p := range []struct {
		kind byte
		part int
	}{{docHeader, partHeader}, {docAmendments, partAmendments}} {
		es, err := candidates(p.kind, ownMeetings)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			parts[e.id] |= p.part
		}
	}
	stmts, err := candidates(docStatements, ownMeetings)
	if err != nil {
		return nil, err
	}
	ids := make([]meeting.ID, 0, len(parts))
	for id := range parts {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// The meeting records and the statements are read side by side, each up to limit hits: the
	// meetings in a transaction of their own (a transaction is not safe for concurrent use). A
	// search of a few common characters reads both for a thousand meetings.
	type part struct {
		hits    []Hit
		found   []meeting.ID // meetings with a hit
		stopped bool
		err     error
	}
	read := func(txn *badger.Txn, n int, id func(int) meeting.ID,
		hits func(*badger.Txn, []Hit, meeting.ID) ([]Hit, error)) (p part) {
		for i := n - 1; i >= 0; i-- {
			if len(p.hits) >= limit {
				p.stopped = true
				break
			}
			before := len(p.hits)
			if p.hits, p.err = hits(txn, p.hits, id(i)); p.err != nil {
				return p
			}
			if len(p.hits) > before {
				p.found = append(p.found, id(i))
			}
		}
		return p
	}
	headers := make(chan part, 1)
	go func() {
		own := s.db.NewTransaction(false)
		defer own.Discard()
		headers <- read(own, len(ids), func(i int) meeting.ID { return ids[i] },
			func(txn *badger.Txn, hits []Hit, id meeting.ID) ([]Hit, error) {
				return q.meetingHits(txn, hits, id, village, parts[id])
			})
	}()
	said := read(txn, len(stmts), func(i int) meeting.ID { return stmts[i].id },
		func(txn *badger.Txn, hits []Hit, id meeting.ID) ([]Hit, error) {
			return q.statementHits(txn, hits, id, village)
		})
	held := <-headers // waited for whatever happened: the transaction must end before this one
	if err := cmp.Or(held.err, said.err); err != nil {
		return nil, err
	}
	hits = append(append(hits, held.hits...), said.hits...)
	found := make(map[meeting.ID]bool, len(held.found)+len(said.found))
	for _, id := range append(held.found, said.found...) {
		found[id] = true
	}
	stopped := held.stopped || said.stopped
	r.Meetings = len(found)
	if stopped {
		r.More = true
		// One or two characters: the postings name exactly the meetings holding them (but for
		// text edited since it was written).
		if len(q.runes) <= 2 && village == 0 && !q.loose {
			all := make(map[meeting.ID]bool, len(parts))
			for id := range parts {
				all[id] = true
			}
			for _, e := range stmts {
				all[e.id] = true
			}
			r.Meetings = len(all)
		} else {
			r.Exact = false
		}
	}
	return hits, nil
}
