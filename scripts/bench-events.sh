#!/usr/bin/env bash
# Event stream benchmark (`make bench-events`): builds bench_event_channel with the bench preset
# and runs it: 2 shards (Runtime workers, as in a SessionManager) push session::Event values,
# seven per call as an answered call produces them, through one EventChannel to one consumer
# coroutine that co_awaits async_receive_batch, and, alternating repetition by repetition, one
# that co_awaits async_receive per event. Prints every repetition, then the medians as the
# RESULT lines the project tracks:
#   RESULT events_per_s=...          delivered events per second, batch receive (target >= 1e6)
#   RESULT events_per_s_single=...   the same with one event per co_await
# Extra arguments go to the binary (--producers=N --events=PER_PRODUCER --repetitions=N
# --batch=MAX --capacity=N). Needs only bash, cmake and ninja.
set -euo pipefail

cd "$(dirname "$0")/.."

cmake --preset bench >/dev/null
cmake --build --preset bench --target bench_event_channel

out=build/bench/event_channel_bench.txt
build/bench/bin/bench_event_channel --producers=2 --repetitions=5 "$@" | tee "$out"

# Fail loudly if the program did not reach its RESULT lines (it exits non-zero on a lost event).
for key in events_per_s events_per_s_single; do
    if ! grep -q "^RESULT ${key}=[0-9]" "$out"; then
        echo "bench-events: no RESULT ${key}" >&2
        exit 1
    fi
done
