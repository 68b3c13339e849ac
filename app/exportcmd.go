package app

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"yishi/app/core"
	"yishi/export"
)

// The subcommands that put documents out of the archive and check them against it:
// export minutes, export notice, verify.

// docFlags are the flags every document export takes.
type docFlags struct {
	format   *string
	out      *string
	unmasked *bool
	village  *string
}

func (c *command) exportFlags(name string) (docFlags, *flag.FlagSet) {
	fs := newFlags(name, c.env)
	return docFlags{
		format:   fs.String("format", "md", "格式"),
		out:      fs.String("o", "", "输出文件"),
		unmasked: fs.Bool("unmasked", false, "内部存档，不遮蔽"),
		village:  fs.String("village", "", "村名（档案里有几个村、编号重了时）"),
	}, fs
}

// idArg reads a record number given on the command line: its number in its village, or a full
// ID (see core.ResolveMeeting).
func idArg(s, what, list string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil || n == 0 {
		return 0, core.Usagef("%s编号要写数字（如 7），现在是「%s」：编号见 %s", what, s, list)
	}
	return n, nil
}

// exportMinutes is yishi export minutes ID [--format md|html|txt] [-o FILE] [--unmasked].
func (c *command) exportMinutes(args []string) error {
	fl, fs := c.exportFlags("export minutes")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return core.Usagef("请写 yishi export minutes 会议编号 [--format md|html|txt] [-o 文件]（编号见 yishi meetings）")
	}
	n, err := idArg(pos[0], "会议", "yishi meetings")
	if err != nil {
		return err
	}
	f, err := export.ParseFormat(*fl.format)
	if err != nil {
		return core.Usagef("%s", err)
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := core.ResolveMeeting(s, n, *fl.village)
	if err != nil {
		return err
	}
	r, err := core.MinutesRecord(s, id)
	if err != nil {
		return err
	}
	b, err := export.Minutes(r, f, export.Options{Unmasked: *fl.unmasked})
	if err != nil {
		return err
	}
	return c.emit(b, *fl.out)
}

// exportNotice is yishi export notice MATTER --kind resolution|result [--format …] [-o FILE]
// [--unmasked].
func (c *command) exportNotice(args []string) error {
	fl, fs := c.exportFlags("export notice")
	kind := fs.String("kind", "", "公告类别")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return core.Usagef("请写 yishi export notice 事项编号 --kind resolution|result [--format md|html|txt] [-o 文件]（编号见 yishi matters）")
	}
	n, err := idArg(pos[0], "事项", "yishi matters")
	if err != nil {
		return err
	}
	k, ok := core.NoticeKinds[*kind]
	if !ok {
		return core.Usagef("请用 --kind resolution（决议公告）或 --kind result（实施结果公告）指明导出哪一份公告")
	}
	f, err := export.ParseFormat(*fl.format)
	if err != nil {
		return core.Usagef("%s", err)
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := core.ResolveMatter(s, n, *fl.village)
	if err != nil {
		return err
	}
	r, err := core.NoticeRecord(s, id, k)
	if err != nil {
		return err
	}
	b, err := export.Notice(r, f, export.Options{Unmasked: *fl.unmasked})
	if err != nil {
		return err
	}
	return c.emit(b, *fl.out)
}

// emit writes a document to stdout, or atomically to the file out.
func (c *command) emit(b []byte, out string) error {
	return c.emitWith(out, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// emitWith is emit of what write streams out, never held whole.
func (c *command) emitWith(out string, write func(w io.Writer) error) error {
	if out == "" {
		return write(c.env.Stdout)
	}
	if err := core.WriteFileWith(out, write); err != nil {
		return fmt.Errorf("写不了文件 %s：%w", out, err)
	}
	fmt.Fprintf(c.env.Stderr, "已导出到 %s\n", out)
	return nil
}

// maxDifferences is how many differences verify lists.
const maxDifferences = 20

// verify is yishi verify FILE and yishi verify --archive.
func (c *command) verify(args []string) error {
	fs := newFlags("verify", c.env)
	archive := fs.Bool("archive", false, "整个档案")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case *archive && len(pos) > 0:
		return core.Usagef("yishi verify --archive 检查整个档案，不带文件名；核对一个文件请写 yishi verify 文件")
	case *archive:
		return c.verifyArchive()
	case len(pos) != 1:
		return core.Usagef("请写 yishi verify 文件（导出的 .md、.html 或 .txt），或 yishi verify --archive")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("读不到文件 %s：请检查文件名和路径", pos[0])
	}
	ref, err := export.ReadReference(data)
	if err != nil {
		return err
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := core.VerifyFile(s, ref, data)
	if err != nil {
		return err
	}
	what, diffs := v.What, v.Diffs
	codeNote := ""
	if v.Code != "" {
		codeNote = "，校验码 " + v.Code
	}
	switch {
	case len(diffs) == 0 && len(v.Later) == 0:
		fmt.Fprintf(c.env.Stdout, "一致：%s与档案中的记录相符%s。\n", what, codeNote)
		return nil
	case len(diffs) == 0:
		fmt.Fprintf(c.env.Stdout, "已过时：%s在这份文件导出之后又有更正或补记；文件导出时与档案相符%s，没有被改动过。\n", what, codeNote)
		fmt.Fprintln(c.env.Stdout, "导出之后档案里记下的：")
		for _, l := range v.Later {
			fmt.Fprintf(c.env.Stdout, "  %s\n", l.Text(export.Options{Unmasked: ref.Unmasked}))
		}
		again := ""
		if ref.Unmasked {
			again = " --unmasked"
		}
		fmt.Fprintf(c.env.Stdout, "要张贴最新的记录，请重新导出：yishi export minutes %d --format %s%s\n", ref.ID, ref.Format, again)
		return staleError{fmt.Sprintf("文件 %s 是更正或补记之前导出的（见上），不是最新的记录", pos[0])}
	}
	fmt.Fprintf(c.env.Stdout, "不一致：%s与档案中的记录不符：\n", what)
	for i, d := range diffs {
		if i == maxDifferences {
			fmt.Fprintf(c.env.Stdout, "……还有 %d 处\n", len(diffs)-maxDifferences)
			break
		}
		fmt.Fprintf(c.env.Stdout, "  %s\n", d)
	}
	return exitError{fmt.Sprintf("文件 %s 与档案不一致（见上）", pos[0])}
}

// verifyArchive checks every seal of the archive, as meeting.CheckSeals says: each sealed
// meeting against its record and the seal before it in its village (the chain), each posted
// notice against what it states, and that no meeting or posted notice is missing; and, before
// that, every block of the archive's files against its checksum (storage's Verify).
func (c *command) verifyArchive() error {
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	// Every block of the archive's files against its checksum first: reads skip a bad one.
	if err := s.Verify(); err != nil {
		return err
	}
	r, err := core.CheckArchive(s)
	if err != nil {
		return err
	}
	for _, f := range r.Faults {
		fmt.Fprintln(c.env.Stdout, f.Text)
	}
	if len(r.Faults) > 0 {
		return exitError{fmt.Sprintf("校验发现 %d 处问题（见上）", len(r.Faults))}
	}
	fmt.Fprintf(c.env.Stdout, "校验通过：%d 个村，%d 份封存的会议记录，校验码和前后链条完整；%d 份已张贴的公告与记录相符。\n", r.Villages, r.Meetings, r.Notices)
	if len(r.Unsealed) > 0 {
		fmt.Fprintf(c.env.Stdout, "另有 %d 份公告张贴时还没有封存，无法核对：\n", len(r.Unsealed))
		for _, u := range r.Unsealed {
			fmt.Fprintln(c.env.Stdout, "  "+u)
		}
	}
	return nil
}
