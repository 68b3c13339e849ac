// Package export turns records into what leaves the archive: minutes and disclosure notices in
// Markdown (the source of truth), print-ready HTML and plain text for chat groups, each with the
// reference line and verification code that `yishi verify` reads back (ReadReference, Compare);
// and the JSON interchange format. It is handed records and never opens the store. Public
// outputs go through Mask.
package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"yishi/meeting"
)

// JSON writes v indented by two spaces, with Chinese and <>& left as they are, ending in a
// newline. Field order is the structs' order, so the same records always give the same bytes.
func JSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadArchive reads the interchange format strictly: something else, or a newer version, is
// refused before its records are read, and an unknown field is an error, never silently dropped.
// It does not validate the records: meeting.Archive.Validate does.
func ReadArchive(data []byte) (*meeting.Archive, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	err := json.Unmarshal(data, &head)
	if err != nil && bytes.Contains(data[:min(len(data), 256)], []byte(`"`+meeting.ArchiveFormat+`"`)) {
		// Ours, but not whole: cut short, or broken further on.
		return nil, fmt.Errorf("数据文件内容有误，没有导入任何内容：%s", decodeProblem(data, err))
	}
	if err != nil || head.Format != meeting.ArchiveFormat {
		return nil, errors.New("这不是 yishi 导出的数据文件（应是 yishi export json 的输出），没有导入任何内容")
	}
	if head.Version > meeting.ArchiveVersion {
		return nil, fmt.Errorf("数据文件由更新版本的 yishi 导出（格式版本 %d，本程序只认识到 %d），没有导入任何内容：请升级 yishi 后再导入",
			head.Version, meeting.ArchiveVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a meeting.Archive
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("数据文件内容有误，没有导入任何内容：%s", decodeProblem(data, err))
	}
	if dec.More() {
		return nil, errors.New("数据文件在数据之后还有多余的内容，没有导入任何内容：请检查文件是否被拼接或改动过")
	}
	return &a, nil
}

// decodeProblem says where and what the decoder found wrong, in plain words: the field and the
// value of a value of the wrong kind (an ID of 1e300), the line of broken JSON, a field this
// format has not. Errors of the record's own (a date that is no date) keep their own words.
func decodeProblem(data []byte, err error) string {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok && se.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) {
		return "文件不完整（在数据中间就结束了）：请重新导出一份"
	}
	return problemText(func(off int64) int { return bytes.Count(data[:min(int(off), len(data))], []byte("\n")) + 1 }, err)
}

// problemText is decodeProblem with line telling the line of an offset.
func problemText(line func(off int64) int, err error) string {
	var (
		te *json.UnmarshalTypeError
		se *json.SyntaxError
	)
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("第 %d 行「%s」的值「%s」不对（应是%s）：请检查这一行是否被改动过",
			line(te.Offset), te.Field, strings.TrimPrefix(strings.TrimPrefix(te.Value, "number "), "string "), kindWord(te.Type.Kind()))
	case errors.As(err, &se):
		return fmt.Sprintf("第 %d 行不是完整的 JSON：文件可能不完整或被改动过", line(se.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "文件不完整（在数据中间就结束了）：请重新导出一份"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "有本格式没有的字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "：请检查文件是否被改动过"
	case strings.HasPrefix(err.Error(), "json: "):
		return "格式不对：请检查文件是否被改动过"
	}
	return err.Error()
}

// kindWord names the kind of value a field takes.
func kindWord(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "不太大的整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.String:
		return "文字（加引号）"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Slice, reflect.Array:
		return "列表（[ ]）"
	case reflect.Struct, reflect.Map:
		return "对象（{ }）"
	}
	return "别的类型"
}
