#!/usr/bin/env bash
# Media benchmark (`make bench-media`), two parts.
# 1. The media engine: bench/media_streams_load.cpp runs CALLS looped-back G.711 calls (two
#    AudioChannels each: tone out, sink in, jitter buffer, metrics, RTCP) on one thread for
#    STREAM_SECONDS at each level of STREAM_CALLS (default "250 500 750 1000 1250 1500 2000"),
#    until a level has 0.1 % or more late packets (late at the jitter buffer, or a frame period
#    a channel's clock had to skip). media_streams_per_core = the streams (channels) of the
#    highest level below that; media_cpu_us_per_packet = the thread's CPU per packet sent
#    there (its send, its receive and its playout); media_streams_per_core_by_cpu = that
#    level's streams over the share of a core its thread used (what a core would carry at
#    100 %, for context: it does not count the latency margin a full core lacks);
#    media_allocations_during_run = operator new calls in that level's measured window.
# 2. The RTP relay, ours (RtpRelay, N sessions on one
# thread, bench/media_relay_server.cpp) against rtpengine (Debian's rtpengine-daemon,
# userspace forwarding only, one worker thread), each carrying the same load for the same time
# from bench/media_relay_load.cpp: N calls, G.711-like RTP (172-octet packets, 50 packets/s
# per direction per call) both ways, everything on 127.0.0.1.
#   scripts/bench-media.sh [CALLS [SECONDS]]      defaults 200 calls for 10 s per relay
# The figure is CPU per forwarded packet: utime+stime of the relay process (all its threads)
# over the steady window (after a 2 s warm-up until sending stops) divided by the packets that
# reached the far phones in that window. It counts only when loss is ~0 (under 0.1 %).
# Prints, last:
#   RESULT media_streams_per_core=...          streams one thread carries (target >= 2000)
#   RESULT media_cpu_us_per_packet=...         at that level
#   RESULT media_streams_per_core_by_cpu=...   that level's streams / its share of a core
#   RESULT media_allocations_during_run=...    operator new calls at that level (0)
#   RESULT relay_cpu_us_per_packet=...         ours
#   RESULT rtpengine_cpu_us_per_packet=...     rtpengine's
#   RESULT relay_cpu_ratio_vs_rtpengine=...    ours / theirs, 2 decimals (target <= 1.0)
#   RESULT relay_loss=... RESULT rtpengine_loss=...   fractions of the packets sent
#   RESULT relay_allocations_during_run=...    operator new calls in ours after set-up
# Exits 1 when a run lost packets or a relay failed.
#
# To add a part: write a bench_<part> function that appends "name=value" strings to the
# results array, and call it from main below.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=tests/interop/lib.sh
source tests/interop/lib.sh

calls=${1:-200}
seconds=${2:-10}
warmup=2
bin=$PWD/build/bench/bin
# Port plan, apart from each other and from the kernel's ephemeral range (32768-60999) where
# the phones would race other programs' client sockets: phones bind exact ports (call i at
# 61000 + 4i and + 2), the relays allocate from their own ranges and skip ports in use.
phones=61000
span=$((4 * calls + 400))
ours_first=44000
ours_last=$((ours_first + span - 1))
rtpengine_first=$((ours_last + 1))
rtpengine_last=$((rtpengine_first + span - 1))
results=()
failed=0

check_plan() {
    if [ $((phones + 4 * calls)) -gt 65535 ] || [ "$rtpengine_last" -gt 60999 ]; then
        echo "bench-media: $calls calls do not fit the port plan (at most 1100)" >&2
        exit 2
    fi
}

build() {
    cmake --preset bench >/dev/null
    cmake --build --preset bench --target bench_relay_server bench_relay_load \
        bench_media_streams_load
}

# json_field JSON NAME: one member of a flat JSON object.
json_field() {
    python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"
}

bench_streams() {
    local levels=${STREAM_CALLS:-"250 500 750 1000 1250 1500 2000"}
    local stream_seconds=${STREAM_SECONDS:-10} n line late best=0 best_cpu=n/a by_cpu=n/a
    local allocations=n/a
    for n in $levels; do
        line=$("$bin/bench_media_streams_load" "$n" "$stream_seconds" 2) || {
            echo "bench-media: the streams load failed at $n calls" >&2
            failed=1
            break
        }
        sc_log "streams: $line"
        late=$(json_field "$line" late_percent)
        awk -v l="$late" 'BEGIN { exit !(l < 0.1) }' || break
        best=$(json_field "$line" streams)
        best_cpu=$(json_field "$line" cpu_us_per_packet)
        by_cpu=$(awk -v s="$best" -v c="$(json_field "$line" cpu_percent)" \
            'BEGIN { if (c > 0) printf "%.0f", s * 100 / c; else print "n/a" }')
        allocations=$(json_field "$line" allocations)
    done
    results+=("media_streams_per_core=$best" "media_cpu_us_per_packet=$best_cpu"
        "media_streams_per_core_by_cpu=$by_cpu" "media_allocations_during_run=$allocations")
}

# child_pid WRAPPER: the process that start_bg's timeout wrapper runs.
child_pid() {
    local pid
    for _ in $(seq 100); do
        pid=$(cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{print $1}')
        [ -n "$pid" ] && { echo "$pid"; return 0; }
        sleep 0.05
    done
    return 1
}

# wait_file FILE PID: until FILE exists, or PID exits, at most 30 s.
wait_file() {
    local deadline=$((SECONDS + 30))
    while [ $SECONDS -lt $deadline ]; do
        [ -f "$1" ] && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# load NAME PID TARGETS: runs the load generator against the relay process PID and appends
# its figures to results; a lossy run marks the whole benchmark failed.
load() {
    local name=$1 pid=$2 targets=$3 line loss offered
    line=$("$bin/bench_relay_load" --name="$name" --pid="$pid" --calls="$calls" \
        --phones="$phones" --targets="$targets" --seconds="$seconds" --warmup="$warmup")
    sc_log "$line"
    # shellcheck disable=SC2206 # the line is name=value words on purpose
    results+=($line)
    loss=$(tr ' ' '\n' <<<"$line" | sed -n "s/^${name}_loss=//p")
    offered=$(tr ' ' '\n' <<<"$line" | sed -n "s/^${name}_offered_pps=//p")
    if ! awk -v o="$offered" -v n="$calls" 'BEGIN { exit !(o >= 0.99 * 100 * n) }'; then
        echo "bench-media: the load generator fell behind ($offered of $((100 * calls)) packets/s)" >&2
    fi
    if ! awk -v l="$loss" 'BEGIN { exit !(l < 0.001) }'; then
        echo "bench-media: $name lost $loss of its packets: the figure does not count" >&2
        failed=1
    fi
}

bench_relay_ours() {
    local targets=$SC_TMP/ours.ports pid
    sc_log "ours: $calls RtpRelay sessions, ports $ours_first-$ours_last"
    start_bg ours $((seconds + 60)) "$bin/bench_relay_server" --calls="$calls" \
        --ports="$ours_first-$ours_last" --phones="$phones" --ports-out="$targets"
    local wrapper=$SC_LAST_PID
    pid=$(child_pid "$wrapper")
    wait_file "$targets" "$pid" || { fail_logs ours; exit 1; }
    load relay "$pid" "$targets"
    stop_bg "$wrapper"
    local summary
    summary=$(cat "$SC_TMP/ours/out")
    sc_log "ours: $summary"
    [ -n "$summary" ] || fail_logs ours  # no summary: show why (its stderr)
    # shellcheck disable=SC2206 # name=value words
    results+=($summary)
}

bench_relay_rtpengine() {
    local dir=$SC_TMP/rtpengine targets=$SC_TMP/rtpengine.ports ng_port pid
    ng_port=$(free_port)
    mkdir -p "$dir"
    # No kernel forwarding (--table=-1), foreground, our own pid file, no config file, one
    # worker thread as ours has, timeouts longer than the run; bound to 127.0.0.1 only.
    sc_log "rtpengine: ng on $SC_HOST:$ng_port, ports $rtpengine_first-$rtpengine_last"
    start_bg rtpengine $((seconds + 60)) rtpengine --config-file=none --table=-1 --foreground \
        --log-stderr --log-level=4 --pidfile="$dir/rtpengine.pid" --interface="$SC_HOST" \
        --listen-ng="$SC_HOST:$ng_port" --port-min="$rtpengine_first" \
        --port-max="$rtpengine_last" --num-threads=1 --timeout=600 --delete-delay=0
    local wrapper=$SC_LAST_PID
    wait_listening "$ng_port" udp 10 "$wrapper" || { fail_logs rtpengine; exit 1; }
    wait_file "$dir/rtpengine.pid" "$wrapper" || { fail_logs rtpengine; exit 1; }
    pid=$(cat "$dir/rtpengine.pid")
    scripts/rtpengine_ng.py "$SC_HOST:$ng_port" ping || { fail_logs rtpengine; exit 1; }
    scripts/rtpengine_ng.py "$SC_HOST:$ng_port" setup "$calls" "$phones" "$targets" ||
        { fail_logs rtpengine; exit 1; }
    load rtpengine "$pid" "$targets"
    scripts/rtpengine_ng.py "$SC_HOST:$ng_port" teardown "$calls" || failed=1
    stop_bg "$wrapper"
}

# value NAME: the value of NAME=... in results.
value() {
    local r
    for r in "${results[@]}"; do
        [ "${r%%=*}" = "$1" ] && { echo "${r#*=}"; return 0; }
    done
    echo n/a
}

main() {
    check_plan
    build
    sc_init
    bench_streams
    bench_relay_ours
    bench_relay_rtpengine
    local ours theirs ratio
    ours=$(value relay_cpu_us_per_packet)
    theirs=$(value rtpengine_cpu_us_per_packet)
    ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    echo "RESULT media_streams_per_core=$(value media_streams_per_core)"
    echo "RESULT media_cpu_us_per_packet=$(value media_cpu_us_per_packet)"
    echo "RESULT media_streams_per_core_by_cpu=$(value media_streams_per_core_by_cpu)"
    echo "RESULT media_allocations_during_run=$(value media_allocations_during_run)"
    echo "RESULT relay_cpu_us_per_packet=$ours"
    echo "RESULT rtpengine_cpu_us_per_packet=$theirs"
    echo "RESULT relay_cpu_ratio_vs_rtpengine=$ratio"
    echo "RESULT relay_loss=$(value relay_loss)"
    echo "RESULT rtpengine_loss=$(value rtpengine_loss)"
    # operator new calls in our relay after set-up, for relay_forwarded packets (must not grow
    # with the packet count: the hot path allocates nothing)
    echo "RESULT relay_allocations_during_run=$(value relay_allocations)"
    exit "$failed"
}

main
