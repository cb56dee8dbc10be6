# session-core: the two set-up commands are `make run` and `make test` (see README.md).
# Every target installs what it needs first (scripts/install-deps.sh, idempotent).
SHELL := /bin/bash
FUZZ_SECONDS ?= 300

.PHONY: all deps build test test-release test-asan run bench bench-parse bench-transactions \
        bench-events bench-calls bench-media profile-calls fuzz \
        format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

# The whole suite, twice: the normal (release) build and the ASan+UBSan build.
test: deps test-release test-asan

test-release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@ctest --preset release -j2

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan -j2

run: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target sc-sip sc-responder
	@scripts/run.sh

bench: bench-parse bench-transactions bench-events bench-calls bench-media

bench-parse: deps
	@scripts/bench-parse.sh

# Server CPU per OPTIONS transaction, sc-responder vs Kamailio under the same SIPp load
# (BENCH_COUNT requests at BENCH_RATE/s).
BENCH_COUNT ?= 100000
BENCH_RATE ?= 5000
bench-transactions: deps
	@scripts/bench-transactions.sh $(BENCH_COUNT) $(BENCH_RATE)

# EventChannel throughput: 2 producer threads to one co_await-ing consumer (RESULT events_per_s).
bench-events: deps
	@scripts/bench-events.sh

# Whole calls through sc-phone listen under SIPp: highest call rate with < 0.5 % failed calls,
# CPU per call, memory per open call (scripts/bench-calls.sh; BENCH_SECONDS at each rate).
BENCH_SECONDS ?= 5
bench-calls: deps
	@scripts/bench-calls.sh $(BENCH_SECONDS)

# RTP relay CPU per forwarded packet, RtpRelay vs rtpengine under the same load: BENCH_CALLS
# calls of G.711-like RTP both ways for BENCH_MEDIA_SECONDS each (scripts/bench-media.sh).
# The only target that installs rtpengine (install-deps.sh --bench).
BENCH_CALLS ?= 200
BENCH_MEDIA_SECONDS ?= 10
bench-media: deps
	@scripts/install-deps.sh --bench
	@scripts/bench-media.sh $(BENCH_CALLS) $(BENCH_MEDIA_SECONDS)
# Instructions per answered call under callgrind (deterministic; scripts/profile-calls.sh).
PROFILE_CALLS ?= 500
profile-calls: deps
	@scripts/profile-calls.sh $(PROFILE_CALLS)

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf build
