package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"yishi/meeting"
)

// The interchange format, streamed: ArchiveWriter writes it as records are read from the store
// and ReadArchiveFrom hands its records on as they are decoded, so neither holds an archive in
// memory. ArchiveWriter writes the same bytes as JSON of a meeting.Archive holding the same
// records in the same order.

// ArrayWriter writes a JSON array one element at a time, with the same bytes as JSON of the
// whole slice when it starts a line of its own (indent ""), or as the same slice nested at
// that indent in a larger value. The first error sticks: every later call returns it.
type ArrayWriter struct {
	w      *bufio.Writer
	buf    bytes.Buffer
	enc    *json.Encoder
	indent string
	n      int
	err    error
}

// NewArrayWriter starts an array on w, whose elements are written at indent plus two spaces.
// It writes nothing until the first element or Close.
func NewArrayWriter(w io.Writer, indent string) *ArrayWriter {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	a := &ArrayWriter{w: bw, indent: indent}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false)
	a.enc.SetIndent(indent+"  ", "  ")
	return a
}

// Add writes v as the array's next element.
func (a *ArrayWriter) Add(v any) error {
	if a.err != nil {
		return a.err
	}
	a.buf.Reset()
	if a.err = a.enc.Encode(v); a.err != nil {
		return a.err
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "[\n"
	}
	a.w.WriteString(sep)
	a.w.WriteString(a.indent + "  ")
	_, a.err = a.w.Write(bytes.TrimSuffix(a.buf.Bytes(), []byte("\n")))
	a.n++
	return a.err
}

// End ends the array ("]", or "[]" for an empty one) without a newline or a flush, for an
// array nested in a larger value.
func (a *ArrayWriter) End() error {
	if a.err != nil {
		return a.err
	}
	if a.n == 0 {
		_, a.err = a.w.WriteString("[]")
	} else {
		_, a.err = a.w.WriteString("\n" + a.indent + "]")
	}
	return a.err
}

// Close ends the array and its line and flushes it.
func (a *ArrayWriter) Close() error {
	if err := a.End(); err != nil {
		return err
	}
	a.w.WriteString("\n")
	a.err = a.w.Flush()
	return a.err
}

// ArchiveWriter writes an archive in the interchange format, one record at a time. Add the
// records list by list in the order of meeting.ArchiveLists, then Close. The first error sticks:
// every later call returns it.
type ArchiveWriter struct {
	w    *bufio.Writer
	list int          // index in meeting.ArchiveLists of the list open, -1 before the first
	arr  *ArrayWriter // the list open
	err  error
}

// NewArchiveWriter starts an archive on w: its format and version.
func NewArchiveWriter(w io.Writer) *ArchiveWriter {
	aw := &ArchiveWriter{w: bufio.NewWriterSize(w, 64<<10), list: -1}
	_, aw.err = fmt.Fprintf(aw.w, "{\n  \"format\": %q,\n  \"version\": %d,\n", meeting.ArchiveFormat, meeting.ArchiveVersion)
	return aw
}

// Add writes record r (a pointer to a meeting.Village, Person, …) into list, closing the lists
// before it. A list that comes before one already written is refused.
func (aw *ArchiveWriter) Add(list string, r any) error {
	if aw.err != nil {
		return aw.err
	}
	i := slices.Index(meeting.ArchiveLists, list)
	if i < aw.list || i < 0 {
		aw.err = fmt.Errorf("archive list %q out of order", list)
		return aw.err
	}
	for aw.list < i && aw.err == nil {
		aw.next()
	}
	if aw.err == nil {
		aw.err = aw.arr.Add(r)
	}
	return aw.err
}

// next ends the list open, if any, and opens the one after it.
func (aw *ArchiveWriter) next() {
	if aw.arr != nil {
		if aw.err = aw.arr.End(); aw.err != nil {
			return
		}
		aw.w.WriteString(",\n")
	}
	aw.list++
	fmt.Fprintf(aw.w, "  %q: ", meeting.ArchiveLists[aw.list])
	aw.arr = NewArrayWriter(aw.w, "  ")
}

// Close writes the lists not written yet, empty, ends the archive and flushes it.
func (aw *ArchiveWriter) Close() error {
	for aw.list < len(meeting.ArchiveLists)-1 && aw.err == nil {
		aw.next()
	}
	if aw.err == nil {
		aw.err = aw.arr.End()
	}
	if aw.err != nil {
		return aw.err
	}
	aw.w.WriteString("\n}\n")
	aw.err = aw.w.Flush()
	return aw.err
}

// ReadArchiveFrom reads the interchange format from r as strictly as ReadArchive, handing each
// record to fn, as a new pointer (*meeting.Village, …) fn may keep, with the name of its list,
// as soon as it is decoded. Its format and version, which come first in every file yishi
// writes, are checked before any record is read; the lists must come in the order of
// meeting.ArchiveLists (any may be left out). It stops at fn's first error and returns it as
// it is. It does not validate the records: meeting.ArchiveCheck does, record by record.
func ReadArchiveFrom(r io.Reader, fn func(list string, rec any) error) error {
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(lc)
	dec.DisallowUnknownFields()
	problem := func(err error) error {
		return fmt.Errorf("数据文件内容有误，没有导入任何内容：%s", streamProblem(lc, dec, err))
	}
	notOurs := errors.New("这不是 yishi 导出的数据文件（应是 yishi export json 的输出），没有导入任何内容")
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return notOurs
	}
	var (
		format  string
		version int
		next    int // the index of the first list that may still come
	)
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		if err != nil {
			return problem(err)
		}
		key, _ := t.(string)
		switch {
		case i == 0 && key != "format", i == 1 && key != "version":
			return notOurs
		case i == 0:
			if err := dec.Decode(&format); err != nil || format != meeting.ArchiveFormat {
				return notOurs
			}
			continue
		case i == 1:
			if err := dec.Decode(&version); err != nil {
				return problem(err)
			}
			if version > meeting.ArchiveVersion {
				return fmt.Errorf("数据文件由更新版本的 yishi 导出（格式版本 %d，本程序只认识到 %d），没有导入任何内容：请升级 yishi 后再导入",
					version, meeting.ArchiveVersion)
			}
			continue
		}
		at := slices.Index(meeting.ArchiveLists, key)
		if at < 0 {
			return problem(fmt.Errorf("json: unknown field %q", key))
		}
		if at < next {
			return fmt.Errorf("数据文件内容有误，没有导入任何内容：「%s」出现的位置不对（重复了，或排在了后面的列表之后）：请检查文件是否被改动过", key)
		}
		next = at + 1
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			if err == nil {
				err = fmt.Errorf("json: field %s is not a list", key)
			}
			return problem(err)
		}
		for n := 0; dec.More(); n++ {
			rec, _ := meeting.NewRecord(key)
			base := dec.InputOffset()
			if err := dec.Decode(rec); err != nil {
				// The decoder's offsets within a value are not offsets of the file: a wrong
				// value's is from the record's start, a syntax error is named by the line the
				// record starts on.
				start := lc.skip(base, " \t\r\n")
				if n > 0 { // past the comma before the record
					start = lc.skip(start+1, " \t\r\n")
				}
				if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
					te.Field = key + "." + te.Field // as it reads for the whole file
					te.Offset += start
				}
				if se, ok := errors.AsType[*json.SyntaxError](err); ok {
					se.Offset = start
				}
				return problem(err)
			}
			if err := fn(key, rec); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return problem(err)
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		if err == nil {
			err = fmt.Errorf("json: unexpected %v", t)
		}
		return problem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("数据文件在数据之后还有多余的内容，没有导入任何内容：请检查文件是否被拼接或改动过")
	}
	return nil
}

// streamProblem is decodeProblem for a stream: the line of an offset is counted by lc.
func streamProblem(lc *lineCounter, dec *json.Decoder, err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "文件不完整（在数据中间就结束了）：请重新导出一份"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && lc.eof && se.Offset >= lc.total-int64(lc.trailing) {
		return "文件不完整（在数据中间就结束了）：请重新导出一份"
	}
	return problemText(lc.line, err)
}

// lineCounter counts the lines of what is read through it, so that an error at an offset is
// named by its line without holding the file: it keeps the line count at the start of every
// block read and the last blocks themselves (the decoder reports offsets within what it has
// read lately); an offset older than those is named by its block's first line.
type lineCounter struct {
	r        io.Reader
	total    int64
	starts   []blockStart
	recent   [][]byte // the last few blocks read, oldest first
	lines    int
	eof      bool
	trailing int // blanks at the end of what was read so far
}

type blockStart struct {
	off   int64
	lines int
}

// recentBlocks is how many blocks lineCounter keeps.
const recentBlocks = 8

func (lc *lineCounter) Read(p []byte) (int, error) {
	n, err := lc.r.Read(p)
	if n > 0 {
		var b []byte
		if len(lc.recent) == recentBlocks { // the oldest block's buffer is taken for this one
			b, lc.recent = lc.recent[0][:0], lc.recent[1:]
		}
		b = append(b, p[:n]...)
		lc.starts = append(lc.starts, blockStart{off: lc.total, lines: lc.lines})
		lc.recent = append(lc.recent, b)
		lc.lines += bytes.Count(b, []byte("\n"))
		lc.total += int64(n)
		if t := len(bytes.TrimRight(b, " \t\r\n")); t == 0 {
			lc.trailing += n
		} else {
			lc.trailing = n - t
		}
	}
	if errors.Is(err, io.EOF) {
		lc.eof = true
	}
	return n, err
}

// skip returns the offset of the first byte at or after off that is not one of cut, as far as
// the blocks kept tell; off itself when they do not hold it.
func (lc *lineCounter) skip(off int64, cut string) int64 {
	k := len(lc.starts) - len(lc.recent)
	for i, b := range lc.recent {
		s := lc.starts[k+i]
		if off < s.off || off >= s.off+int64(len(b)) {
			continue
		}
		for j := int(off - s.off); j < len(b); j++ {
			if !strings.ContainsRune(cut, rune(b[j])) {
				return s.off + int64(j)
			}
			off++
		}
	}
	return off
}

// line returns the line (from 1) of offset off.
func (lc *lineCounter) line(off int64) int {
	i, _ := slices.BinarySearchFunc(lc.starts, off, func(b blockStart, off int64) int {
		switch {
		case b.off > off:
			return 1
		case b.off < off:
			return -1
		}
		return 0
	})
	if i == len(lc.starts) || lc.starts[i].off > off {
		i--
	}
	if i < 0 {
		return 1
	}
	s := lc.starts[i]
	if k := len(lc.starts) - len(lc.recent); i >= k {
		b := lc.recent[i-k]
		return s.lines + bytes.Count(b[:min(int(off-s.off), len(b))], []byte("\n")) + 1
	}
	return s.lines + 1
}

// PeekVersion returns the interchange version an archive file read through br says it is in,
// without consuming anything: the store must know it before the first record (a file of an
// older version is rebased as it comes, meeting.Rebase). A file whose head is not ours gives
// meeting.ArchiveVersion; ReadArchiveFrom then says what is wrong with it.
func PeekVersion(br *bufio.Reader) int {
	head, _ := br.Peek(512)
	dec := json.NewDecoder(bytes.NewReader(head))
	var format string
	var version int
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return meeting.ArchiveVersion
	}
	if t, err := dec.Token(); err != nil || t != "format" || dec.Decode(&format) != nil {
		return meeting.ArchiveVersion
	}
	if t, err := dec.Token(); err != nil || t != "version" || dec.Decode(&version) != nil || version < 1 {
		return meeting.ArchiveVersion
	}
	return version
}
