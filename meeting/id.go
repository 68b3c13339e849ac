package meeting

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
)

// Identity across archives.
//
// An ID is two numbers: the space of its village (the high 32 bits), drawn at random when the
// village is created, and the record's number within the village (the low 32 bits, its Local
// number), counted by the village for each kind of record. A village's records keep their IDs
// when the village's archive is copied into another one (a township collecting its villages, the
// office bringing in what the laptop recorded): two villages meet without renumbering a record,
// since their spaces differ.
//
// What people read is the local number: documents, screens and messages print it (ID formats
// as its local number), the seals hash it (SealOf, SealNotice), and reference lines carry it. So
// a village's first archive-wide numbers, from before IDs had spaces, became its local numbers
// when its records were given their space (Rebase), and every verification code printed before
// still holds.

// Space is the village part of the ID: the same for every record of one village.
func (id ID) Space() uint32 { return uint32(id >> 32) }

// Local is the record's number within its village, as people read it.
func (id ID) Local() uint32 { return uint32(id) }

// InSpace returns the ID of local number n in space.
func InSpace(space, n uint32) ID { return ID(space)<<32 | ID(n) }

// Sibling returns the ID of local number n in id's space: a record of id's village.
func (id ID) Sibling(n uint32) ID { return InSpace(id.Space(), n) }

// String returns the local number in decimal.
func (id ID) String() string { return strconv.FormatUint(uint64(id.Local()), 10) }

// Format prints the local number, for every verb (%v and %s as %d), with the flags and width
// given.
func (id ID) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		verb = 'd'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), uint64(id.Local()))
}

// NewSpace draws a random space that taken does not report taken (and never 0, which is no
// village's). 500 villages collected together share a space with odds of about 3 in 100,000;
// an import that meets another village in a space refuses, and the archive stays as it is.
func NewSpace(taken func(uint32) bool) uint32 {
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand does not fail on the systems Go supports
		}
		s := binary.BigEndian.Uint32(b[:])
		if s != 0 && (taken == nil || !taken(s)) {
			return s
		}
	}
}

// Legacy is what a village whose records were numbered archive-wide (before IDs had spaces)
// keeps of that: Meetings of its meetings have local numbers below Below, with gaps where the
// other villages' meetings stood; from Below on, the village numbers its meetings itself,
// without gaps. The check of missing meetings counts the first ones and looks for gaps in the
// others.
type Legacy struct {
	Below    uint32 `json:"below"`
	Meetings int    `json:"meetings"`
}

// Rebase gives the records of an archive numbered archive-wide (schema versions before 5, and
// interchange files of version 1) the space of their village: each ID n of a record of a village
// given space s becomes InSpace(s, n), so n stays its local number. Records come in the
// interchange order: villages first, a meeting before its statements, amendments and draft.
type Rebase struct {
	// Spaces gives the villages their space, by their ID before; a village not in it is given
	// one with Draw.
	Spaces   map[ID]uint32
	Draw     func(taken func(uint32) bool) uint32
	meetings map[ID]uint32 // the space of each meeting rebased
}

// Village gives village v its space (drawn if Spaces has none for it) and rebases its ID.
func (b *Rebase) Village(v *Village) {
	if b.Spaces == nil {
		b.Spaces = map[ID]uint32{}
	}
	s, ok := b.Spaces[v.ID]
	if !ok {
		taken := map[uint32]bool{}
		for _, s := range b.Spaces {
			taken[s] = true
		}
		draw := b.Draw
		if draw == nil {
			draw = NewSpace
		}
		s = draw(func(s uint32) bool { return taken[s] })
		b.Spaces[v.ID] = s
	}
	rebaseIDs(reflect.ValueOf(v).Elem(), s)
}

// Record rebases record r (a pointer to a record of an archive list, or a *StatementDraft) in
// the space of its village, which must have come before (Village).
func (b *Rebase) Record(r any) error {
	var s uint32
	var ok bool
	switch x := r.(type) {
	case *Village:
		b.Village(x)
		return nil
	case *Person:
		s, ok = b.Spaces[x.VillageID]
	case *Meeting:
		if s, ok = b.Spaces[x.VillageID]; ok {
			if b.meetings == nil {
				b.meetings = map[ID]uint32{}
			}
			b.meetings[x.ID] = s
		}
	case *Matter:
		s, ok = b.Spaces[x.VillageID]
	case *Notice:
		s, ok = b.Spaces[x.VillageID]
	case *Assignment:
		s, ok = b.Spaces[x.VillageID]
	case *Statement:
		s, ok = b.meetings[x.MeetingID]
	case *Amendment:
		s, ok = b.meetings[x.MeetingID]
	case *StatementDraft:
		s, ok = b.meetings[x.MeetingID]
	default:
		return fmt.Errorf("rebase: a %T", r)
	}
	if !ok {
		return fmt.Errorf("rebase: the village of a %T is not known", r)
	}
	rebaseIDs(reflect.ValueOf(r).Elem(), s)
	return nil
}

// MeetingSpace returns the space a meeting was given by Record, by its ID before.
func (b *Rebase) MeetingSpace(id ID) (uint32, bool) {
	s, ok := b.meetings[id]
	return s, ok
}

var idType = reflect.TypeFor[ID]()

// holdsID caches whether a type holds an ID anywhere in its exported fields.
var holdsID sync.Map // reflect.Type → bool

func hasID(t reflect.Type) bool {
	if v, ok := holdsID.Load(t); ok {
		return v.(bool)
	}
	holdsID.Store(t, false) // a type that refers to itself holds no ID through itself
	var has bool
	switch t.Kind() {
	case reflect.Uint64:
		has = t == idType
	case reflect.Pointer, reflect.Slice, reflect.Array:
		has = hasID(t.Elem())
	case reflect.Map:
		has = hasID(t.Key()) || hasID(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && hasID(f.Type) {
				has = true
				break
			}
		}
	}
	holdsID.Store(t, has)
	return has
}

// rebaseIDs puts every non-zero ID held in v, which is settable, into space s, in place.
func rebaseIDs(v reflect.Value, s uint32) {
	t := v.Type()
	if !hasID(t) {
		return
	}
	switch t.Kind() {
	case reflect.Uint64:
		if n := v.Uint(); n != 0 {
			v.SetUint(uint64(InSpace(s, uint32(n))))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			rebaseIDs(v.Elem(), s)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			rebaseIDs(v.Index(i), s)
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				rebaseIDs(v.Field(i), s)
			}
		}
	}
}

// Localized returns a copy of v with every ID it holds reduced to its local number, the
// number people read and type: what the --json listings write beside the village's name, so
// that no number in them is beyond the 2^53 a JSON reader may hold exactly.
func Localized(v any) any {
	if v == nil {
		return nil
	}
	return localized(reflect.ValueOf(v)).Interface()
}

// localized returns v with every ID it holds reduced to its local number, sharing no memory
// that holds an ID with v: what a seal hashes, so that it is the same in every space.
func localized(v reflect.Value) reflect.Value {
	t := v.Type()
	if !hasID(t) {
		return v
	}
	switch t.Kind() {
	case reflect.Uint64:
		return reflect.ValueOf(ID(ID(v.Uint()).Local()))
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(localized(v.Elem()))
		return p
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(localized(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(localized(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(localized(it.Key()), localized(it.Value()))
		}
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && hasID(f.Type) {
				out.Field(i).Set(localized(v.Field(i)))
			}
		}
		return out
	}
	return v
}

// LegacyOf returns what a village whose meetings had the archive-wide numbers locals (sorted,
// each once) keeps of them: nil when they run 1, 2, 3 … without a gap, as the village's own
// would.
func LegacyOf(locals []uint32) *Legacy {
	for i, n := range locals {
		if n != uint32(i+1) {
			return &Legacy{Below: locals[len(locals)-1] + 1, Meetings: len(locals)}
		}
	}
	return nil
}

// RebaseArchive gives every record of a, numbered archive-wide, the space of its village (see
// Rebase), and each village whose meetings do not run from 1 without a gap its Legacy; a's
// Version becomes ArchiveVersion.
func RebaseArchive(a *Archive, b *Rebase) error {
	locals := map[ID][]uint32{}
	for _, m := range a.Meetings {
		locals[m.VillageID] = append(locals[m.VillageID], uint32(m.ID))
	}
	for i := range a.Villages {
		v := &a.Villages[i]
		ls := locals[v.ID]
		slices.Sort(ls)
		v.Legacy = LegacyOf(slices.Compact(ls))
	}
	err := a.EachRecord(func(_ string, r any) error { return b.Record(r) })
	a.Version = ArchiveVersion
	return err
}

// CompareVillages orders villages as lists show them: by the pinyin of their names (阿北村
// before 石桥村), then by name and ID. Their IDs' order is that of spaces drawn at random.
func CompareVillages(a, b Village) int {
	return cmp.Or(slices.Compare(FullPinyin(a.Name), FullPinyin(b.Name)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
}
