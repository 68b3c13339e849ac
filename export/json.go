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
	if err := json.Unmarshal(data, &head); err != nil || head.Format != meeting.ArchiveFormat {
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
		return nil, fmt.Errorf("数据文件内容有误，没有导入任何内容：%v", err)
	}
	if dec.More() {
		return nil, errors.New("数据文件在数据之后还有多余的内容，没有导入任何内容：请检查文件是否被拼接或改动过")
	}
	return &a, nil
}
