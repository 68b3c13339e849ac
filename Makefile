# yishi: `make run` builds and opens the app; `make test` runs everything.
GO      ?= go
BIN     := bin/yishi
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X yishi/app.Version=$(VERSION)

.PHONY: all build run test unit e2e bench lint soak clean

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
	$(GO) test -run='^$$' -bench=. -benchtime=200x ./storage/
	$(GO) test -run='^$$' -bench=. -benchtime=20x ./meeting/ ./export/
	$(GO) test -run='^$$' -bench=. -benchtime=10x -timeout=30m ./app/

# The long ones: repeated kills, fuzzing.
soak:
	YISHI_SOAK=1 $(GO) test -count=1 -timeout=60m ./...

clean:
	rm -rf bin
