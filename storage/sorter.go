package storage

import (
	"bufio"
	"bytes"
	"container/heap"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// sorter puts key-value pairs in key order, more of them than memory holds: what an import
// writes into an empty directory, for Badger's StreamWriter, which takes keys in order only and
// builds the tables of the last level directly (see importStream). It keeps pairs in a buffer of
// runBytes; a full buffer is sorted and written to a run file in its own directory, and each
// merges the runs. Memory stays the buffer's and a read buffer per run, whatever the number of
// pairs.
//
// Two pairs of the same key become one: merge is given the key and the two values, the one added
// first first, and returns the value kept.
//
// The run files are encrypted (AES-CTR) with a key drawn for this sort and held in memory only:
// what an encrypted archive imports never lies on disk in plain, even in a file a kill leaves.
//
// There are external-sort libraries for Go; none merges equal keys or encrypts its files, and
// this is a hundred lines.
type sorter struct {
	dir   string // the runs' directory, which close removes
	block cipher.Block
	merge func(k, a, b []byte) []byte
	limit int

	arena []byte // keys and values of the buffer, one after the other
	items []sortItem
	runs  []string
}

type sortItem struct{ off, klen, vlen uint32 }

// runBytes is how many bytes of keys and values a run holds (tests make it smaller).
var runBytes = 16 << 20

// sortDirPattern names the directories of runs a sorter makes in a data directory; one a kill
// left behind is removed at the next Open (dropSortDirs).
const sortDirPattern = ".import-*"

// newSorter makes a sorter whose runs are kept in a new directory under parent (the system's
// temporary directory when parent is empty).
func newSorter(parent string, merge func(k, a, b []byte) []byte) (*sorter, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, sortDirPattern)
	if err != nil {
		return nil, err
	}
	return &sorter{dir: dir, block: block, merge: merge, limit: runBytes}, nil
}

// add adds the pair k, v (both copied).
func (s *sorter) add(k, v []byte) error {
	if len(s.items) > 0 && len(s.arena)+len(k)+len(v) > s.limit {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if s.arena == nil {
		s.arena = make([]byte, 0, s.limit)
	}
	s.items = append(s.items, sortItem{off: uint32(len(s.arena)), klen: uint32(len(k)), vlen: uint32(len(v))})
	s.arena = append(append(s.arena, k...), v...)
	return nil
}

func (s *sorter) key(it sortItem) []byte { return s.arena[it.off : it.off+it.klen] }

func (s *sorter) value(it sortItem) []byte {
	return s.arena[it.off+it.klen : it.off+it.klen+it.vlen]
}

// sorted calls fn with the pairs of the buffer in key order, equal keys merged.
func (s *sorter) sorted(fn func(k, v []byte) error) error {
	slices.SortStableFunc(s.items, func(a, b sortItem) int { return bytes.Compare(s.key(a), s.key(b)) })
	for i := 0; i < len(s.items); {
		k, v := s.key(s.items[i]), s.value(s.items[i])
		j := i + 1
		for ; j < len(s.items) && bytes.Equal(s.key(s.items[j]), k); j++ {
			v = s.merge(k, v, s.value(s.items[j]))
		}
		if err := fn(k, v); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// spill writes the buffer, sorted, to a new run: an IV, then each pair as the uvarints of the
// lengths of key and value followed by both, all encrypted.
func (s *sorter) spill() error {
	f, err := os.CreateTemp(s.dir, "run-*")
	if err != nil {
		return err
	}
	defer f.Close()
	iv := make([]byte, aes.BlockSize)
	if _, err := rand.Read(iv); err != nil {
		return err
	}
	if _, err := f.Write(iv); err != nil {
		return err
	}
	w := bufio.NewWriterSize(cipher.StreamWriter{S: cipher.NewCTR(s.block, iv), W: f}, 256<<10)
	var head []byte
	err = s.sorted(func(k, v []byte) error {
		head = binary.AppendUvarint(binary.AppendUvarint(head[:0], uint64(len(k))), uint64(len(v)))
		w.Write(head)
		w.Write(k)
		_, err := w.Write(v)
		return err
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f.Name())
	s.arena, s.items = s.arena[:0], s.items[:0]
	return nil
}

// each calls fn with every pair added, in key order, equal keys merged, and stops at the first
// error. k and v are fn's only until it returns. The sorter is spent after it.
func (s *sorter) each(fn func(k, v []byte) error) error {
	if len(s.runs) == 0 {
		return s.sorted(fn)
	}
	if len(s.items) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.arena, s.items = nil, nil // the runs hold it all: the buffer's memory goes
	var h runHeap
	for i, name := range s.runs {
		r, err := s.openRun(name, i)
		if err != nil {
			return err
		}
		defer r.f.Close()
		if ok, err := r.next(); err != nil {
			return err
		} else if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	var k, v []byte
	for len(h) > 0 {
		r := h[0]
		k, v = append(k[:0], r.k...), append(v[:0], r.v...)
		for {
			if err := advance(&h, r); err != nil {
				return err
			}
			if len(h) == 0 || !bytes.Equal(h[0].k, k) {
				break
			}
			r = h[0]
			v = append([]byte(nil), s.merge(k, v, r.v)...)
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// advance moves run r, the least in h, to its next pair, or out of h at its end.
func advance(h *runHeap, r *run) error {
	ok, err := r.next()
	if err != nil {
		return err
	}
	if ok {
		heap.Fix(h, 0)
	} else {
		heap.Pop(h)
	}
	return nil
}

func (s *sorter) openRun(name string, order int) (*run, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(f, iv); err != nil {
		f.Close()
		return nil, err
	}
	r := cipher.StreamReader{S: cipher.NewCTR(s.block, iv), R: f}
	return &run{f: f, r: bufio.NewReaderSize(r, 64<<10), order: order}, nil
}

// close removes the runs.
func (s *sorter) close() error {
	s.arena, s.items = nil, nil
	return os.RemoveAll(s.dir)
}

// run reads the pairs of one run file in order.
type run struct {
	f     *os.File
	r     *bufio.Reader
	order int // runs written earlier come first among equal keys
	k, v  []byte
}

// next reads the next pair; false at the end of the run.
func (r *run) next() (bool, error) {
	kl, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	vl, err2 := binary.ReadUvarint(r.r)
	if err != nil || err2 != nil || kl > 1<<20 || vl > 1<<30 {
		return false, fmt.Errorf("run %s is damaged", filepath.Base(r.f.Name()))
	}
	r.k = slices.Grow(r.k[:0], int(kl))[:kl]
	r.v = slices.Grow(r.v[:0], int(vl))[:vl]
	if _, err := io.ReadFull(r.r, r.k); err != nil {
		return false, err
	}
	if _, err := io.ReadFull(r.r, r.v); err != nil {
		return false, err
	}
	return true, nil
}

// runHeap orders runs by their current key, then by when they were written.
type runHeap []*run

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].k, h[j].k); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	r := old[len(old)-1]
	*h = old[:len(old)-1]
	return r
}
