# yishi: `make run` builds and opens the app; `make test` runs everything.
GO      ?= go
BIN     := bin/yishi
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X yishi/app.Version=$(VERSION)

.PHONY: all build run test unit e2e bench lint soak fuzz clean

all: build

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

# Opens the app on the default data directory ($$YISHI_DATA, else the user data dir);
# on first start it offers the demo village.
run: build
	./$(BIN)

# Everything: vet, the race detector on every package, and the end-to-end tests of the built
# binary in tmux (skipped with a message when tmux is missing; .ci/run installs it).
test: lint
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Benchmarks are separate from tests: figures, never assertions.
bench:
	$(GO) test -run='^$$' -bench='^Benchmark(AppendStatement|AppendTalk|RawAppendFsync|Open)$$' -benchtime=200x ./storage/
	$(GO) test -run='^$$' -bench='^Benchmark(Backup|Restore)$$' -benchtime=5x -timeout=30m ./storage/
	$(GO) test -run='^$$' -bench='^BenchmarkSearch$$' -benchtime=5x -timeout=30m ./storage/
	$(GO) test -run='^$$' -bench=. -benchtime=20x ./meeting/ ./export/
	$(GO) test -run='^$$' -bench=. -skip='^Benchmark(FirstFrame|CommandsTownship|CommandsCounty)$$' -benchtime=10x -timeout=30m ./app/ ./app/ui/
	# Whole commands on the township archive and on one five times larger, once each: time and peak RSS.
	$(GO) test -run='^$$' -bench='^BenchmarkCommands(Township|County)$$' -benchtime=1x -timeout=120m ./app/
	$(GO) test -run='^$$' -bench='^BenchmarkFirstFrame$$' -benchtime=30x -timeout=30m ./app/

# The long ones: 200 kills of a recording process and the full disk (figures printed), the
# table of bad command-line inputs (tried/handled counts printed), the whole suite once more,
# then fuzzing (make fuzz alone for that part).
soak:
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	if YISHI_SOAK=1 $(GO) test -count=1 -timeout=60m -v -run='^Test(RecordingSurvivesKills|DiskFull)$$' ./storage/ >$$log 2>&1; then \
		grep -E 'kills survived|^(--- |ok)' $$log; \
	else \
		cat $$log; exit 1; \
	fi
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	if $(GO) test -count=1 -v -run='^TestBadInputLeavesArchive$$' ./app/ >$$log 2>&1; then \
		grep -E 'bad inputs:|^(--- |ok)' $$log; \
	else \
		cat $$log; exit 1; \
	fi
	YISHI_SOAK=1 $(GO) test -count=1 -timeout=60m ./...
	@$(MAKE) --no-print-directory fuzz

# Each fuzz target runs FUZZTIME and prints its executions. What it finds interesting stays in
# the build cache; a failing input is written to the package's testdata/fuzz/<target>/: commit
# it with the fix, and make test replays it. Shrinking an input of a few kilobytes (the roster
# fixtures) takes the fuzzer's default minute each time, and then it fuzzes nothing: FUZZMIN
# caps it.
FUZZTIME ?= 10m
FUZZMIN  ?= 5s
FUZZ     := meeting:FuzzParseRoster meeting:FuzzSearch meeting:FuzzMatchPinyin \
            export:FuzzEscapeMarkdown export:FuzzReadArchive export:FuzzExportHTMLText \
            storage:FuzzSearchIndex storage:FuzzImport

fuzz:
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for t in $(FUZZ); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$name for $(FUZZTIME)"; \
		if $(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMIN) -timeout=0 ./$$pkg/ >$$log 2>&1; then \
			grep '^fuzz: elapsed' $$log | tail -n 1; \
		else \
			cat $$log; exit 1; \
		fi; \
	done

clean:
	rm -rf bin
