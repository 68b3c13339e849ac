// Package app is the program's two faces over the same calls: the Bubble Tea screens and the
// subcommands. It asks meeting/ what is allowed, keeps records through the Store interface, and
// hands records to export/.
package app

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"charm.land/bubbles/v2/progress"

	"yishi/app/core"
	"yishi/app/ui"
	"yishi/export"
	"yishi/meeting"
	"yishi/meeting/demo"
	"yishi/storage"
)

// Version is the program's version, set at build time with -ldflags "-X yishi/app.Version=…".
var Version = "0.1.0-dev"

// Env is everything the program takes from the outside world, so tests can supply their own.
type Env struct {
	Args           []string // without the program name
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// Open opens the archive in a data directory.
	Open func(dir string) (core.Store, error)
	// IsTerminal reports whether a stream is an interactive terminal.
	IsTerminal func(f any) bool
	// ReadPassword asks for a passphrase without echo; nil asks at the terminal (passphrase.go).
	ReadPassword func(prompt string) (string, error)
	// SetMemoryLimit sets the soft limit of the Go heap (debug.SetMemoryLimit); nil leaves it
	// alone, as tests do, which run many commands in one process.
	SetMemoryLimit func(limit int64)
}

// errHelp is -h or --help, before the command or after it: the usage goes to stdout, exit 0.
var errHelp = errors.New("help requested")

const usage = `yishi：村级议事记录（四议两公开）

用法：
  yishi [--data 目录]                     打开界面
  yishi init [--encrypt]                  建立数据目录；--encrypt 用口令加密（只用于新的数据目录）
  yishi passphrase                        更换加密数据目录的口令
  yishi demo [--villages N --years N]     载入演示村「阿北村」；带参数时生成用于测试的大量数据
  yishi roster import 文件.csv [--village 村名] [--new-village] [--yes] [--replace]
                                         导入花名册（UTF-8 或 GBK 编码的 CSV）：先列出每人每项的变化和各组织人数的变化，
                                         确认后才写入（不在终端里运行时加 --yes）；文件里空着的格子保留档案里的内容，
                                         --replace 按文件整行替换；--village 要写已有的村，新建村加 --new-village
  yishi meetings [--json]                 列出会议
  yishi matters [--json]                  列出四议两公开事项及所处步骤
  yishi check [--json]                    检查程序合规和超期事项；有问题时退出码为 1（正在公示的、提醒只列出）
  yishi rules [--village 村名或编号] [--date 2026-03-01] [--json]
                                         列出当天适用的表决规则、公示期、通知天数和会议次数，各附依据（法律按当天施行的版本）
  yishi search 内容 [--json] [--village 村编号] [--limit N]
                                         查找会议、议题、决议、交办、发言、更正、事项、公告和人员（人名可用拼音首字母）
  yishi export minutes 会议编号 [--format md|html|txt] [-o 文件] [--unmasked]
                                         导出会议记录：md（Markdown）、html（打印用）、txt（发微信群）
  yishi export notice 事项编号 --kind resolution|result [--format md|html|txt] [-o 文件] [--unmasked]
                                         导出决议公告（resolution）或实施结果公告（result）
                                         不写 -o 时输出到屏幕；--unmasked 是内部存档版，不遮蔽身份证号和电话，不得公开张贴
  yishi verify 文件                       核对导出的记录或公告与档案是否一致（.md、.html、.txt 都行）；
                                         退出码 0 一致，1 不一致（文件或档案被改动过），
                                         3 文件导出时属实，但之后档案又有更正或交办结果等补记
  yishi verify --archive                  检查所有封存记录和公告的校验码、前后链条是否完整
  yishi export json [-o 文件]             导出全部数据（交换格式）
  yishi import [文件]                     导入全部数据（只能导入空的数据目录；不写文件名则读标准输入）
  yishi backup 文件 [--replace]           把整个数据目录备份成一个文件（压缩，带格式版本和校验和）；
                                         同名的旧备份加 --replace 才替换，别的文件一律不覆盖
  yishi restore 文件 [--force] [--encrypt]
                                         从备份文件恢复到数据目录（只能恢复到空目录；--force 可替换没有任何村的空档案）
                                         --encrypt 把未加密的备份恢复成加密的档案；加密的备份恢复后仍加密，口令不变
  yishi version                           显示版本

每个命令都可加 --data 目录；不加时用 $YISHI_DATA，否则用 %s。
在界面里导出的文件写到 $YISHI_EXPORTS，不设时写到数据目录旁边的 yishi-exports 文件夹。
加密的数据目录和备份要口令：在终端里输入（不显示），或设在 $YISHI_PASSPHRASE；
yishi passphrase 的新口令也可设在 $YISHI_NEW_PASSPHRASE。
`

// Main runs the program and returns its exit status: 0, 1 for an error, 2 for a usage mistake.
func Main(env Env) int {
	err := run(env)
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		printUsage(env)
		return 0
	}
	var u core.UsageError
	if errors.As(err, &u) {
		fmt.Fprintf(env.Stderr, "yishi：%s\n请运行 yishi help 查看用法。\n", u.Msg)
		return 2
	}
	fmt.Fprintf(env.Stderr, "yishi：%s\n", err)
	fmt.Fprint(env.Stderr, damagedHelp(err))
	if errors.As(err, new(staleError)) {
		return exitStale
	}
	return 1
}

func run(env Env) error {
	global := newFlags("yishi", env)
	dataDir := global.String("data", "", "数据目录")
	if err := global.Parse(env.Args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return core.Usagef("%s", flagMessage(err))
	}
	if err := dataGiven(global, *dataDir); err != nil {
		return err
	}
	args := global.Args()
	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	c := &command{env: env, dataDir: *dataDir}
	c.heapLimit(readHeap) // a command may set another (import, demo)
	err := c.run(cmd, args)
	if errors.Is(err, storage.ErrLocked) {
		// Every command refused because the screens have the directory open says here what
		// it can do in them instead.
		if todo := inScreens(cmd, args); todo != "" {
			err = inUseError{err, todo}
		}
	}
	return err
}

// inUseError is a data directory refused because another yishi has it open, with what the
// command asked for can be done in that one's screens.
type inUseError struct {
	err  error
	todo string
}

func (e inUseError) Error() string { return e.err.Error() + "\n" + e.todo }
func (e inUseError) Unwrap() error { return e.err }

// inScreens says how to do in the open screens what command cmd (with its arguments) asks
// for, with the keys of DefaultKeyMap; "" for a command they do not offer. A second process
// cannot read the directory while the screens hold it: Badger's lock is exclusive, a
// read-only open takes a shared lock that conflicts with it, and opening without the lock
// would read files the other process is writing (and fails while its log is open).
func inScreens(cmd string, args []string) string {
	k := ui.DefaultKeyMap()
	open, sw := k.Home.Open.Help().Key, k.Home.SwitchPane.Help().Key
	const lead = "也可以不关：在已经打开的 yishi 界面里"
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch {
	case cmd == "export" && sub == "minutes":
		return fmt.Sprintf("%s导出会议记录：在首页选中这次会议按 %s 打开，再按 %s 导出（←→ 选格式，%s 写入文件）。",
			lead, open, k.Reader.Export.Help().Key, k.Export.Write.Help().Key)
	case cmd == "export" && sub == "notice":
		return fmt.Sprintf("%s导出公告：在首页按 %s 换到事项（或按 %s 打开事项看板），选中这件事项按 %s 打开，再按 %s 导出公告（%s 写入文件）。",
			lead, sw, k.Home.Board.Help().Key, open, k.Matter.Export.Help().Key, k.Export.Write.Help().Key)
	case cmd == "search":
		return fmt.Sprintf("%s查找：在首页按 %s。", lead, k.Home.Search.Help().Key)
	case cmd == "meetings" || cmd == "matters":
		return fmt.Sprintf("%s查看：首页列着会议和事项（按 %s 切换），按 %s 打开事项看板。", lead, sw, k.Home.Board.Help().Key)
	case cmd == "check":
		return fmt.Sprintf("%s查看：在首页按 %s 看需关注的事项。", lead, k.Home.Attention.Help().Key)
	}
	return ""
}

// run runs command cmd with its arguments.
func (c *command) run(cmd string, args []string) error {
	env := c.env
	switch cmd {
	case "":
		return c.startTUI() // c.tui, with the offer to restore a damaged archive
	case "help":
		return errHelp
	case "version":
		fmt.Fprintf(env.Stdout, "yishi %s（数据格式 %d，交换格式 %d）\n", Version, storage.SchemaVersion, meeting.ArchiveVersion)
		return nil
	case "init":
		return c.initDir(args)
	case "passphrase":
		return c.changePassphrase(args)
	case "demo":
		return c.demo(args)
	case "roster":
		if len(args) > 0 && isHelp(args[0]) {
			return errHelp
		}
		if len(args) == 0 || args[0] != "import" {
			return core.Usagef("请写 yishi roster import 文件.csv")
		}
		return c.rosterImport(args[1:])
	case "meetings":
		return c.meetings(args)
	case "matters":
		return c.matters(args)
	case "check":
		return c.check(args)
	case "rules":
		return c.rules(args)
	case "export":
		if len(args) == 0 {
			return core.Usagef("请写 yishi export minutes 会议编号、yishi export notice 事项编号 --kind resolution|result，或 yishi export json")
		}
		if isHelp(args[0]) {
			return errHelp
		}
		switch args[0] {
		case "json":
			return c.exportJSON(args[1:])
		case "minutes":
			return c.exportMinutes(args[1:])
		case "notice":
			return c.exportNotice(args[1:])
		}
		return core.Usagef("不认识的「yishi export %s」：可用 minutes（会议记录）、notice（公告）、json（全部数据）", args[0])
	case "search":
		return c.search(args)
	case "verify":
		return c.verify(args)
	case "import":
		return c.importJSON(args)
	case "backup":
		return c.backup(args)
	case "restore":
		return c.restore(args)
	}
	return core.Usagef("不认识的命令「%s」", cmd)
}

// isHelp reports whether arg asks for the usage, as the flag package reads -h and --help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "--h":
		return true
	}
	return false
}

// printUsage writes the usage, with the default data directory, to stdout.
func printUsage(env Env) {
	d, _ := DefaultDataDir(env.Getenv)
	fmt.Fprintf(env.Stdout, usage, d)
}

// command carries what every subcommand shares.
type command struct {
	env     Env
	dataDir string
}

func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse reads flags wherever they stand among the arguments (yishi export json -o f and
// yishi export json f -o … alike), and returns the positional arguments.
func (c *command) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	data := fs.String("data", "", "数据目录")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, core.Usagef("%s", flagMessage(err))
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	if err := dataGiven(fs, *data); err != nil {
		return nil, err
	}
	if *data != "" {
		c.dataDir = *data
	}
	return pos, nil
}

// readProblem says in plain words why the file named by pos (standard input when none) could
// not be read.
func readProblem(pos []string, err error) string {
	name := "标准输入"
	if len(pos) > 0 && pos[0] != "-" {
		name = pos[0]
	}
	var pe *os.PathError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "文件 " + name + " 不存在：请检查文件名和路径"
	case errors.Is(err, syscall.EISDIR):
		return name + " 是一个文件夹，不是数据文件：请写 yishi export json 导出的文件"
	case errors.Is(err, os.ErrPermission):
		return "没有读 " + name + " 的权限：请检查文件的权限"
	case errors.As(err, &pe):
		return "读 " + name + " 时出错（" + pe.Err.Error() + "）：请检查文件和磁盘"
	}
	return "读 " + name + " 时出错：" + err.Error()
}

// dataGiven refuses --data given with no directory: the program would take the current folder
// for the data directory, or the default one, neither of which the user named.
func dataGiven(fs *flag.FlagSet, data string) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "data" })
	if given && strings.TrimSpace(data) == "" {
		return core.Usagef("--data 后面要写数据目录，例如 --data ~/yishi-data；不写 --data 就用默认的数据目录")
	}
	return nil
}

// invalidValue picks the value and the flag out of the flag package's complaint.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?(-\S+?):`)

func flagMessage(err error) string {
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		return "不认识的参数 " + strings.TrimPrefix(s, "flag provided but not defined: ")
	case strings.HasPrefix(s, "flag needs an argument: "):
		return "参数 " + strings.TrimPrefix(s, "flag needs an argument: ") + " 后面要跟一个值"
	case strings.HasPrefix(s, "invalid value "), strings.HasPrefix(s, "invalid boolean value "):
		// invalid value "abc" for flag -limit: parse error
		if m := invalidValue.FindStringSubmatch(s); m != nil {
			what := "请检查它该写什么"
			if strings.Contains(s, "parse error") || strings.Contains(s, "invalid syntax") {
				what = "这里要写一个数"
				if strings.HasPrefix(s, "invalid boolean") {
					what = "这里只能写 true 或 false"
				}
			}
			return "参数 " + m[2] + " 的值「" + m[1] + "」不对：" + what
		}
		return "参数的值不对"
	}
	return s
}

// dir is the data directory: --data, else the default.
func (c *command) dir() (string, error) {
	if c.dataDir != "" {
		return c.dataDir, nil
	}
	dir, err := DefaultDataDir(c.env.Getenv)
	if err != nil {
		return "", fmt.Errorf("找不到默认数据目录（%v）：请用 --data 指定一个目录", err)
	}
	return dir, nil
}

// openExisting is open for the commands that only read an archive: a data directory that does
// not exist, or holds no archive, is named as such and left as it is (open would create an
// empty archive there).
func (c *command) openExisting() (core.Store, error) {
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	switch err := storage.IsArchive(dir); {
	case errors.Is(err, storage.ErrNoDataDir):
		return nil, fmt.Errorf("数据目录 %s 不存在，什么也没有读到：请检查 --data 后面的路径（或环境变量 YISHI_DATA）。要新建档案，请运行 yishi 打开界面", dir)
	case err != nil:
		return nil, fmt.Errorf("%s 不是 yishi 的数据目录（里面没有档案），什么也没有读到：请检查 --data 后面的路径（或环境变量 YISHI_DATA）", dir)
	}
	s, err := c.openArchive(dir)
	if err != nil {
		return nil, err
	}
	if ro, ok := s.(interface{ ReadOnly() bool }); ok && ro.ReadOnly() {
		fmt.Fprintf(c.env.Stderr, "注意：数据目录 %s 是只读的，只能查看、查找、导出和核对，不能修改。\n", dir)
	}
	return s, nil
}

// open opens the archive of the data directory, asking its passphrase if it is encrypted.
func (c *command) open() (core.Store, error) {
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	return c.openArchive(dir)
}

func (c *command) today() meeting.Date { return meeting.DateOf(c.env.Now()) }

// writeJSON writes v as JSON, its IDs as the numbers in their villages (meeting.Localized).
func (c *command) writeJSON(v any) error {
	b, err := export.JSON(meeting.Localized(v))
	if err != nil {
		return err
	}
	_, err = c.env.Stdout.Write(b)
	return err
}

func (c *command) demo(args []string) error {
	fs := newFlags("demo", c.env)
	villages := fs.Int("villages", 0, "村数")
	years := fs.Int("years", 0, "年数")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return core.Usagef("demo 不接受参数「%s」", pos[0])
	}
	if *villages > 0 {
		// A synthetic archive is built whole in memory before it is written (a generator for
		// demonstrations and benchmarks): the soft heap limit of the streaming commands would
		// have the collector run all the time.
		c.heapLimit(math.MaxInt64)
	}
	if (*villages == 0) != (*years == 0) {
		return core.Usagef("--villages 和 --years 要一起给出，例如 yishi demo --villages 20 --years 10")
	}
	if *villages < 0 || *years < 0 || *villages > 1000 || *years > 50 {
		return core.Usagef("--villages 应在 1 到 1000 之间，--years 应在 1 到 50 之间")
	}
	var a *meeting.Archive
	if *villages == 0 {
		if a, err = demo.Abei(); err != nil {
			return fmt.Errorf("演示数据有误：%w", err)
		}
	} else {
		a = demo.Synthetic(*villages, *years, c.progress("生成", "个村"))
	}
	s, err := c.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Import(a, c.progress("写入", "条记录")); err != nil {
		return err
	}
	if *villages == 0 {
		fmt.Fprintf(c.env.Stdout, "已载入演示村「%s」：%d 次会议，%d 条发言，%d 件事项。数据目录：%s\n",
			a.Villages[0].Name, len(a.Meetings), len(a.Statements), len(a.Matters), s.Dir())
	} else {
		fmt.Fprintf(c.env.Stdout, "已生成 %d 个村 %d 年的数据：%d 次会议，%d 条发言。数据目录：%s\n",
			len(a.Villages), *years, len(a.Meetings), len(a.Statements), s.Dir())
	}
	return nil
}

// progress returns a progress report for a long task on a terminal (nil when stderr is not
// one): a bar with the count, drawn once the task has taken longer than a moment, so that
// quick ones stay quiet. The bar uses ASCII: block characters are ambiguous-width and double
// in terminals set to wide ambiguous characters.
func (c *command) progress(verb, unit string) func(done, total int) {
	if c.env.IsTerminal == nil || !c.env.IsTerminal(c.env.Stderr) {
		return nil
	}
	bar := progress.New(progress.WithWidth(30), progress.WithFillCharacters('=', '-'), progress.WithoutPercentage())
	start, last, shown := time.Now(), -1, false
	return func(done, total int) {
		pct := 100
		if total > 0 {
			pct = done * 100 / total
		}
		if pct == last && done != total {
			return
		}
		last = pct
		if !shown && time.Since(start) < progressDelay {
			return // quick tasks stay quiet
		}
		shown = true
		fmt.Fprintf(c.env.Stderr, "\r%s [%s] %3d%%  %d/%d %s", verb, bar.ViewAs(float64(pct)/100), pct, done, total, unit)
		if done == total {
			fmt.Fprintln(c.env.Stderr)
		}
	}
}

// progressDelay is how long a task runs before its progress bar appears (a variable for tests).
var progressDelay = 300 * time.Millisecond

func (c *command) rosterImport(args []string) error {
	fs := newFlags("roster import", c.env)
	name := fs.String("village", "", "村名")
	create := fs.Bool("new-village", false, "新建村")
	yes := fs.Bool("yes", false, "不询问，直接导入")
	replace := fs.Bool("replace", false, "整行替换")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return core.Usagef("请写 yishi roster import 文件.csv")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("读不到花名册文件 %s：请检查文件名和路径", pos[0])
	}
	rows, err := meeting.ReadRoster(data)
	if err != nil {
		return fmt.Errorf("花名册 %s 有错误，没有导入任何人：\n%w", pos[0], err)
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	// A data directory the import made (a mistyped --data) goes again when nothing was written.
	made := errors.Is(storage.IsArchive(dir), storage.ErrNoDataDir)
	s, err := c.openArchive(dir)
	if err != nil {
		return err
	}
	wrote := false
	defer func() {
		s.Close()
		if made && !wrote {
			os.RemoveAll(dir)
		}
	}()
	v, isNew, err := core.RosterTarget(s, *name, *create)
	if err != nil {
		return err
	}
	mode := meeting.RosterMerge
	if *replace {
		mode = meeting.RosterReplace
	}
	plan, err := core.PlanRoster(s, v, rows, mode)
	if err != nil {
		return fmt.Errorf("花名册 %s 没有导入任何人：\n%w", pos[0], err)
	}
	out := c.env.Stdout
	head := "导入花名册到「" + v.Name + "」："
	switch {
	case isNew && *create:
		head = "将新建村「" + v.Name + "」，导入花名册："
	case isNew:
		head = "档案里还没有村：将新建村「" + v.Name + "」，导入花名册："
	}
	fmt.Fprintln(out, head)
	for _, l := range plan.Lines() {
		fmt.Fprintln(out, "  "+l)
	}
	if plan.Empty() {
		return nil
	}
	if !*yes && plan.Asks() {
		if c.env.IsTerminal == nil || !c.env.IsTerminal(c.env.Stdin) {
			return exitError{"没有导入：不在终端里运行，无法确认。看过上面的变化后，加 --yes 再运行一次即可导入"}
		}
		fmt.Fprint(c.env.Stderr, "确认导入？[y/N] ")
		if ok, err := answeredYes(c.env.Stdin); err != nil || !ok {
			return errors.Join(err, exitError{"没有导入，档案保持原样"})
		}
	}
	res, err := core.WriteRoster(s, &v, plan)
	if err != nil {
		return err
	}
	wrote = true
	fmt.Fprintf(out, "已导入花名册到%s：新增 %d 人，更新 %d 人。\n", res.Village, res.Added, res.Updated)
	return nil
}

// meetingRow is one meeting as `yishi meetings --json` writes it.
type meetingRow struct {
	ID        meeting.ID     `json:"id"`
	VillageID meeting.ID     `json:"village_id"`
	Village   string         `json:"village"`
	Date      meeting.Date   `json:"date"`
	Start     time.Time      `json:"start"`
	End       time.Time      `json:"end,omitzero"`
	Kind      meeting.Kind   `json:"kind"`
	Form      string         `json:"form,omitempty"`
	Body      meeting.Body   `json:"body,omitempty"`
	KindLabel string         `json:"kind_label"`
	Title     string         `json:"title"`
	Place     string         `json:"place,omitempty"`
	Host      string         `json:"host"`
	Recorder  string         `json:"recorder"`
	Expected  int            `json:"expected"`
	Present   int            `json:"present"`
	Items     int            `json:"items"`
	Status    meeting.Status `json:"status"`
}

func (c *command) meetings(args []string) error {
	fs := newFlags("meetings", c.env)
	asJSON := fs.Bool("json", false, "JSON")
	name := fs.String("village", "", "村名")
	if _, err := c.parse(fs, args); err != nil {
		return err
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	vs, err := core.VillagesNamed(s, *name)
	if err != nil {
		return err
	}
	// The rows are read a village at a time and written as they are read.
	each := func(fn func(meetingRow) error) error {
		for _, v := range vs {
			ms, err := s.Meetings(v.ID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				err := fn(meetingRow{ID: m.ID, VillageID: v.ID, Village: v.Name, Date: meeting.DateOf(m.Start),
					Start: m.Start, End: m.End, Kind: m.Kind, Form: m.Form, Body: m.Body, KindLabel: m.KindLabel(),
					Title: m.Title, Place: m.Place, Host: m.Host.Name, Recorder: m.Recorder.Name,
					Expected: m.Attendance.Expected, Present: m.Attendance.Present, Items: len(m.Items), Status: m.Status})
				if err != nil {
					return err
				}
			}
		}
		return nil
	}
	cells := func(r meetingRow) []string {
		return []string{r.ID.String(), r.Village, r.Date.String(),
			r.Start.In(meeting.Beijing).Format("15:04"), r.KindLabel, r.Title, core.StatusLabel(r.Status)}
	}
	return listing(c, *asJSON, each, cells, []string{"编号", "村", "日期", "时间", "类别", "议题", "状态"},
		"还没有会议记录。运行 yishi 开始记录，或 yishi demo 载入演示村。")
}

// listing writes the rows each hands on: as a JSON array written as they come, or as a table
// (cells of each row under headers) in two passes, the first for the columns' widths, so that
// no listing holds the rows of a whole township; none says so with empty.
func listing[R any](c *command, asJSON bool, each func(fn func(R) error) error, cells func(R) []string, headers []string, empty string) error {
	if asJSON {
		aw := export.NewArrayWriter(c.env.Stdout, "")
		if err := each(func(r R) error { return aw.Add(meeting.Localized(r)) }); err != nil {
			return err
		}
		return aw.Close()
	}
	widths, n := columnWidths(headers), 0
	if err := each(func(r R) error { widen(widths, cells(r)); n++; return nil }); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(c.env.Stdout, empty)
		return nil
	}
	t := newTableWriter(c.env.Stdout, headers, widths)
	if err := each(func(r R) error { t.row(cells(r)); return nil }); err != nil {
		return err
	}
	return t.close()
}

// matterRow is one matter as `yishi matters --json` writes it.
type matterRow struct {
	ID         meeting.ID      `json:"id"`
	VillageID  meeting.ID      `json:"village_id"`
	Village    string          `json:"village"`
	Title      string          `json:"title"`
	Category   string          `json:"category,omitempty"`
	AmountFen  meeting.Money   `json:"amount_fen,omitempty"`
	Stage      meeting.Stage   `json:"stage"`
	StageLabel string          `json:"stage_label"`
	Since      meeting.Date    `json:"since,omitzero"`
	Awaits     string          `json:"awaits"`
	History    []meeting.Event `json:"history"`
}

func (c *command) matters(args []string) error {
	fs := newFlags("matters", c.env)
	asJSON := fs.Bool("json", false, "JSON")
	name := fs.String("village", "", "村名")
	if _, err := c.parse(fs, args); err != nil {
		return err
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	vs, err := core.VillagesNamed(s, *name)
	if err != nil {
		return err
	}
	each := func(fn func(matterRow) error) error {
		for _, v := range vs {
			ms, err := s.Matters(v.ID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				r := matterRow{ID: m.ID, VillageID: v.ID, Village: v.Name, Title: m.Title, Category: m.Category,
					AmountFen: m.Amount, Stage: m.Stage(), StageLabel: m.Stage().Label(), Since: m.Created,
					Awaits: v.Settings.Awaits(m.Stage()), History: m.History}
				if len(m.History) > 0 {
					r.Since = m.History[len(m.History)-1].On
				}
				if r.History == nil {
					r.History = []meeting.Event{}
				}
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		return nil
	}
	cells := func(r matterRow) []string {
		return []string{r.ID.String(), r.Village, r.Title, r.StageLabel, r.Since.String(), r.Awaits}
	}
	return listing(c, *asJSON, each, cells, []string{"编号", "村", "事项", "所处步骤", "日期", "下一步"}, "还没有四议两公开事项。")
}

func (c *command) check(args []string) error {
	fs := newFlags("check", c.env)
	asJSON := fs.Bool("json", false, "JSON")
	if _, err := c.parse(fs, args); err != nil {
		return err
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	vs, err := s.Villages()
	if err != nil {
		return err
	}
	today := c.today()
	var rows *export.ArrayWriter
	if *asJSON {
		rows = export.NewArrayWriter(c.env.Stdout, "")
	}
	problems, ongoing := 0, 0
	// Village by village: a township archive is read one ledger at a time.
	for _, v := range vs {
		l, err := core.Ledger(s, v)
		if err != nil {
			return err
		}
		found := l.Attention(today)
		for _, f := range found {
			if rows != nil {
				if err := rows.Add(meeting.Localized(checkRow{Finding: f, Village: v.Name, SeverityLabel: f.Severity.Label(), Days: today.Sub(f.Since)})); err != nil {
					return err
				}
			}
			if f.Problem() {
				problems++
			} else {
				ongoing++
			}
		}
		if !*asJSON && len(found) > 0 {
			printFindings(c.env.Stdout, v.Name, found, today)
		}
	}
	if rows != nil {
		if err := rows.Close(); err != nil {
			return err
		}
	} else if problems == 0 {
		more := ""
		if ongoing > 0 {
			more = fmt.Sprintf("；另有 %d 项正在进行或提醒（见上）", ongoing)
		}
		fmt.Fprintf(c.env.Stdout, "检查了 %d 个村，截至 %s 没有发现问题%s。\n", len(vs), today, more)
	}
	if problems > 0 {
		return exitError{fmt.Sprintf("截至 %s 发现 %d 处问题（见上），请按「下一步」处理", today, problems)}
	}
	return nil
}

// checkRow is one finding as `yishi check --json` writes it: the finding with its village's
// name, the severity in Chinese, and how many days ago it began.
type checkRow struct {
	meeting.Finding
	Village       string `json:"village"`
	SeverityLabel string `json:"severity_label"`
	Days          int    `json:"days"`
}

// printFindings writes one village's findings for people: the problems numbered, what is under
// way after them, each with since when and what to do next.
func printFindings(w io.Writer, village string, fs []meeting.Finding, today meeting.Date) {
	fmt.Fprintf(w, "%s（截至 %s）\n", village, today)
	n := 0
	for _, f := range fs {
		mark := "   "
		if f.Problem() {
			n++
			mark = fmt.Sprintf("%2d.", n)
		}
		fmt.Fprintf(w, "%s 【%s】%s\n", mark, f.Severity.Label(), f.Text)
		if f.Problem() && !f.Since.IsZero() {
			fmt.Fprintf(w, "    %s\n", core.SinceText(f, today))
		}
		fmt.Fprintf(w, "    下一步：%s\n", f.Todo)
	}
	fmt.Fprintln(w)
}

// exitError ends the program with status 1 after output that already said what is wrong.
type exitError struct{ msg string }

// staleError ends yishi verify with status 3 (exitStale) after output that said the file was
// true when it was exported, and the record was corrected or added to since.
type staleError struct{ msg string }

func (e staleError) Error() string { return e.msg }

// exitStale is the exit status of yishi verify for a true file of a record corrected or added
// to since it was exported.
const exitStale = 3

func (e exitError) Error() string { return e.msg }

func (c *command) exportJSON(args []string) error {
	fs := newFlags("export json", c.env)
	out := fs.String("o", "", "输出文件")
	name := fs.String("village", "", "村名或编号")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return core.Usagef("export json 不接受参数「%s」；输出到文件请用 -o 文件名", pos[0])
	}
	s, err := c.openExisting()
	if err != nil {
		return err
	}
	defer s.Close()
	var village meeting.ID
	if *name != "" {
		vs, err := s.Villages()
		if err != nil {
			return err
		}
		v, err := core.NamedVillage(vs, *name)
		if err != nil {
			return err
		}
		village = v.ID
	}
	return c.emitWith(*out, func(w io.Writer) error { return core.ExportArchive(s, village, w) })
}

// Soft limits of the Go heap, unless GOMEMLIMIT sets one. A village laptop has 4 GB, and every
// command reads the archive a record or a village at a time: readHeap asks the collector to keep
// the heap near what is in hand rather than twice it. A heap that needs more gets it, at the
// cost of collecting more often. An import into an empty archive sorts its keys through files
// and writes the tables directly (storage.ImportFrom), as a restore does (storage.load): both
// keep readHeap (a township's archive imports in 23 s and 92 MB under it, 19 s and 118 MB under
// 96 MB). Collecting a bundle into an archive with records has collectHeap: a village's bundle
// into the township's archive is 2.2 s and 160 MB under 256 MB, 4 s and 100 MB under this.
const (
	readHeap    = 64 << 20
	collectHeap = 72 << 20
)

// heapLimit sets the soft limit of the Go heap to limit bytes, unless GOMEMLIMIT sets one.
func (c *command) heapLimit(limit int64) {
	if c.env.SetMemoryLimit != nil && c.env.Getenv("GOMEMLIMIT") == "" {
		c.env.SetMemoryLimit(limit)
	}
}

func (c *command) importJSON(args []string) error {
	fs := newFlags("import", c.env)
	asCopy := fs.Bool("copy", false, "收入的村标为副本")
	asOwner := fs.Bool("owner", false, "收入的村作为本机自己的村")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if *asCopy && *asOwner {
		return core.Usagef("--copy 和 --owner 只能选一个：收来查看的村用 --copy，搬到这台电脑上接着记录的村用 --owner")
	}
	var (
		in   io.Reader = c.env.Stdin
		size int64
	)
	switch {
	case len(pos) > 1:
		return core.Usagef("一次只能导入一个文件")
	case len(pos) == 1 && pos[0] != "-":
		f, err := os.Open(pos[0])
		if err == nil {
			var fi os.FileInfo
			if fi, err = f.Stat(); err == nil && fi.IsDir() {
				err = &os.PathError{Op: "read", Path: pos[0], Err: syscall.EISDIR}
			} else if err == nil {
				size = fi.Size()
			}
		}
		if err != nil {
			return fmt.Errorf("读不到要导入的数据：%s", readProblem(pos, err))
		}
		defer f.Close()
		in = f
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	// The archive is written as the file is read, a record at a time. A data directory the
	// import made is taken away again when it fails, so that a refused file leaves nothing.
	made := errors.Is(storage.IsArchive(dir), storage.ErrNoDataDir)
	s, err := c.openArchive(dir)
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(c.readProgress(in, size), 64<<10)
	version := export.PeekVersion(br)
	read := func(fn func(string, any) error) error {
		err := export.ReadArchiveFrom(br, fn)
		if pe, ok := errors.AsType[*os.PathError](err); ok {
			return fmt.Errorf("读不到要导入的数据：%s", readProblem(pos, pe))
		}
		if err == nil && c.env.IsTerminal != nil && c.env.IsTerminal(c.env.Stderr) {
			// What follows the reading takes a while on a large archive, without a bar.
			fmt.Fprintln(c.env.Stderr, "数据已读完，正在建立查找索引、核对封存记录的校验码……")
		}
		return err
	}
	empty, err := s.Empty()
	if err != nil {
		s.Close()
		return err
	}
	// done closes the store; a data directory the import made goes again when it failed.
	done := func(err error) error {
		cerr := s.Close()
		if err != nil {
			if made {
				os.RemoveAll(dir)
			}
			return err
		}
		return cerr
	}
	if empty && !*asCopy {
		// A whole archive moving in, as before: its villages are this machine's own.
		n, err := s.ImportFrom(meeting.ArchiveFormat, version, read, nil)
		if err := done(err); err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stderr, "已导入 %d 个村、%d 次会议、%d 条发言、%d 件事项到 %s\n",
			n.Villages, n.Meetings, n.Statements, n.Matters, dir)
		return nil
	}
	// Collecting holds a village at a time for its checks; under a tighter heap limit than a
	// whole import, a village's bundle comes into the township's archive in under 100 MB.
	c.heapLimit(collectHeap)
	file := "标准输入"
	if len(pos) == 1 && pos[0] != "-" {
		file = filepath.Base(pos[0])
	}
	got, err := s.Collect(meeting.ArchiveFormat, version, read, nil, storage.CollectOptions{File: file, Owner: *asOwner})
	if err := done(err); err != nil {
		return err
	}
	c.collected(got, *asOwner)
	return nil
}

// collected says what a collecting import did.
func (c *command) collected(got storage.Collected, owner bool) {
	w := c.env.Stderr
	if !got.Changed() {
		fmt.Fprintf(w, "没有改动：文件里的 %d 条记录档案里都已有，内容一致\n", got.Unchanged.Records())
		return
	}
	copies := "，标为副本（只读，由村里记录）"
	if owner {
		copies = "，作为本机的村"
	}
	if len(got.NewVillages) > 0 {
		fmt.Fprintf(w, "已收入 %s%s\n", strings.Join(got.NewVillages, "、"), copies)
	}
	for _, name := range got.Namesakes {
		fmt.Fprintf(w, "注意：档案里原来就有一个「%s」，和这次收入的不是同一份档案（各自编号），两者分开保存；"+
			"如果原来那个是以前另外录入的，请核对后只用村里交来的这一份\n", name)
	}
	a, u := got.Added, got.Updated
	fmt.Fprintf(w, "新增 %d 次会议、%d 条发言、%d 件事项、%d 份公告、%d 件交办、%d 条更正、%d 人；更新 %d 条记录；%d 条已有且一致\n",
		a.Meetings, a.Statements, a.Matters, a.Notices, a.Assignments, a.Amendments, a.People,
		u.Records(), got.Unchanged.Records())
}

// readProgress returns r, reporting how much of its size has been read in a progress bar on a
// terminal (size 0: unknown, no bar).
func (c *command) readProgress(r io.Reader, size int64) io.Reader {
	progress := c.progress("导入", "KB")
	if progress == nil || size <= 0 {
		return r
	}
	return &progressReader{r: r, size: size, progress: progress}
}

// progressReader reports the kilobytes read through it.
type progressReader struct {
	r        io.Reader
	done     int64
	size     int64
	progress func(done, total int)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.done += int64(n)
		p.progress(int(p.done>>10), int(p.size>>10))
	}
	return n, err
}

// rulesRow is one village's rules as `yishi rules --json` writes them.
type rulesRow struct {
	VillageID meeting.ID `json:"village_id,omitempty"`
	Village   string     `json:"village"`
	meeting.RulesReport
}

// rules prints the rules and figures in force on a day (today unless --date) for each village
// (or the one --village names), each with its basis; with no village yet, the defaults a new
// village gets.
func (c *command) rules(args []string) error {
	fs := newFlags("rules", c.env)
	asJSON := fs.Bool("json", false, "JSON")
	name := fs.String("village", "", "村名或编号")
	date := fs.String("date", "", "日期")
	if _, err := c.parse(fs, args); err != nil {
		return err
	}
	day := c.today()
	if *date != "" {
		d, err := meeting.ParseDate(*date)
		if err != nil {
			return core.Usagef("日期「%s」看不懂：请写成 2026-03-01 这样", *date)
		}
		day = d
	}
	// The law needs no archive: with no data directory yet, the defaults of a new village.
	var vs []meeting.Village
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if !errors.Is(storage.IsArchive(dir), storage.ErrNoDataDir) || *name != "" {
		s, err := c.openExisting()
		if err != nil {
			return err
		}
		defer s.Close()
		if vs, err = s.Villages(); err != nil {
			return err
		}
	}
	if *name != "" {
		v, err := core.NamedVillage(vs, *name)
		if err != nil {
			return err
		}
		vs = []meeting.Village{v}
	}
	rows := []rulesRow{}
	for _, v := range vs {
		rows = append(rows, rulesRow{VillageID: v.ID, Village: v.Name, RulesReport: v.Settings.Report(day)})
	}
	if len(vs) == 0 {
		rows = append(rows, rulesRow{Village: "（新建村的默认设置）", RulesReport: meeting.Defaults().Report(day)})
	}
	if *asJSON {
		return c.writeJSON(rows)
	}
	w := c.env.Stdout
	for i, r := range rows {
		if i > 0 {
			fmt.Fprintln(w)
		}
		from := ""
		if !r.InForceFrom.IsZero() {
			from = "，" + r.InForceFrom.String() + " 起施行"
		}
		fmt.Fprintf(w, "%s　%s 适用%s%s\n", r.Village, r.Date, r.StatuteTitle, from)
		if p, ok := meeting.PresetOf(r.Preset); ok {
			fmt.Fprintf(w, "省份预设：%s\n", p.Label)
		}
		fmt.Fprintln(w, "表决规则：")
		for _, b := range r.Bodies {
			note := ""
			if !b.InUse {
				note = "（本村不用这种计算方式）"
			}
			fmt.Fprintf(w, "  %s%s：%s。依据：%s\n", b.Label, note, b.Text, b.Basis)
			if b.VillageOwn && b.StatutoryMinimum != "" {
				fmt.Fprintf(w, "    法定最低：%s（%s）\n", b.StatutoryMinimum, b.MinimumBasis)
			}
		}
		fmt.Fprintln(w, "天数和次数：")
		for _, f := range r.Figures {
			line := fmt.Sprintf("  %s：%d %s", f.Label, f.Value, f.Unit)
			if f.Minimum > 0 {
				line += fmt.Sprintf("（法定最低 %d %s）", f.Minimum, f.Unit)
			}
			fmt.Fprintf(w, "%s。依据：%s\n", line, f.Basis)
		}
		for _, f := range r.Shortfalls {
			fmt.Fprintf(w, "注意：%s；现按法定标准执行。在本村设置里按 F4 一键改为法定标准。\n", f.Text())
		}
	}
	return nil
}

// answeredYes reads one line of an answer to a [y/N] question: yes only when it says so.
func answeredYes(in io.Reader) (bool, error) {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是":
		return true, nil
	}
	return false, nil
}
