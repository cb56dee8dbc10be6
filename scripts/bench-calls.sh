#!/usr/bin/env bash
# Call benchmark (`make bench-calls`): whole calls (INVITE with SDP, 180, 200, ACK, BYE, 200)
# from a SIPp UAC (tests/scenarios/uac_call_pause.xml) to `sc-phone listen --answer` (release
# build, default timers) over UDP on 127.0.0.1:
#   scripts/bench-calls.sh [SECONDS_PER_RATE [RATES [HELD [WORKERS]]]]
#   defaults 5, "1000 2000 4000 6000 8000", 1000, 1
# sc-phone runs with --no-media: the figures are those of SIP and the session layer (issue 6's
# targets are per call without media; RTP has its own benchmark, make bench-media).
# WORKERS is sc-phone's --workers. One by default: on a 2-core machine SIPp needs the other
# core; with two workers, the main thread and SIPp sharing two cores the CPU per call rises
# (half the calls hop between workers) and sockets overflow sooner.
# 1. Call rate: at each RATE (calls/s) a fresh sc-phone gets RATE x SECONDS_PER_RATE calls of
#    zero length (-d 0). sc-phone's CPU: utime+stime of its /proc/PID/stat (all threads), read
#    just before and after SIPp's run. A call failed when SIPp counts it failed or when
#    sc-phone's Summary does (never Connected: e.g. its ACK was lost in an overflowing socket
#    buffer, or still alive when SIPp was done); the larger count is taken. session_cps_max is
#    the highest rate with fewer than 0.5 % failed calls; session_cpu_us_per_call is measured at
#    that rate. CPU per call falls as the rate rises (more messages per wake-up), so the figure
#    at 1000 calls/s is printed too, for comparisons at a fixed load. SIPp's retransmissions are
#    printed per rate (non-zero: something was lost; the machine is past what it carries
#    cleanly).
# 2. Memory: a fresh sc-phone, HELD calls kept open (-d 30 s) at 200 calls/s; VmRSS from
#    /proc/PID/status before the first call and once all are Connected (counted from its JSON
#    lines). session_rss_kb_per_call = the growth / HELD.
# Prints, last:
#   RESULT session_cps_max=...               calls/s (0: even the lowest rate failed)
#   RESULT session_cpu_us_per_call=...       sc-phone CPU microseconds per call at that rate
#   RESULT session_cpu_us_per_call_at_1000=...
#   RESULT session_rss_kb_per_call=...       resident memory per open call, KiB
#   RESULT peer_sipp_uas_cpu_us_per_call=... SIPp's own UAS (-sn uas) answering the same calls
#                                            at session_cps_max (also at 1000 calls/s)
# and RESULT session_failed_at_RATE=..., session_cpu_us_at_RATE=... and
# session_retransmissions_at_RATE=... per rate.
# On exit sc-phone must have no live session or dialog and no dropped event; server
# transactions still in their RFC 3261 wait states (Timer J/K: 64*T1 = 32 s) are reported.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=tests/interop/lib.sh
source tests/interop/lib.sh

seconds_per_rate=${1:-5}
rates=${2:-1000 2000 4000 6000 8000}
held=${3:-1000}
workers=${4:-1}
phone=$PWD/build/release/bin/sc-phone
clk_tck=$(getconf CLK_TCK)

build_phone() {
    cmake --preset release >/dev/null
    cmake --build --preset release --target sc-phone
}

# phone_pid WRAPPER: sc-phone's own pid, the child of its `timeout` wrapper.
phone_pid() { pgrep -P "$1" | head -n 1; }

# cpu_ticks PID: utime+stime of the process (fields 14 and 15 of /proc/PID/stat, counted
# after the "(comm)" field, which may hold spaces), all threads included.
cpu_ticks() {
    local stat rest
    stat=$(cat "/proc/$1/stat")
    rest=${stat##*) }
    # shellcheck disable=SC2086 # split the fields on purpose
    set -- $rest
    echo $((${12} + ${13}))
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# stat_value NAME COLUMN: the last row's COLUMN of SIPp's -trace_stat CSV of run NAME.
stat_value() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
                           END { if (!c) exit 1; print $c }' "$SC_TMP/$1/stat.csv"
}

# load_sipp NAME TARGET SECONDS SIPP_ARGS...: the SIPp UAC of uac_call_pause.xml against
# TARGET, tracing nothing but its statistics (lib.sh's run_sipp traces every message, which
# costs SIPp more CPU than the calls at these rates). Returns SIPp's status.
load_sipp() {
    local name=$1 target=$2 seconds=$3
    shift 3
    mkdir -p "$SC_TMP/$name"
    # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
    (cd "$SC_TMP/$name" && exec timeout -k 2 $((seconds + 10)) sipp \
        -sf "$SC_SCENARIOS/uac_call_pause.xml" -t u1 -p "$(free_port)" $(sipp_common_args) \
        -timeout "${seconds}s" -timeout_error -buff_size 4194304 -trace_stat -stf stat.csv \
        -fd 1 "$@" "$target" >out 2>err)
}

# start_phone NAME: sc-phone listen on a free port; sets port and pid (sc-phone's own).
start_phone() {
    port=$(free_port)
    start_bg "$1" 900 "$phone" listen --bind "$SC_HOST:$port" --transport udp --answer \
        --workers "$workers" --no-media
    wrapper=$SC_LAST_PID
    wait_listening "$port" udp 10 "$wrapper" || {
        fail_logs "$1"
        exit 1
    }
    pid=$(phone_pid "$wrapper")
}

# stop_phone NAME: SIGTERM to sc-phone itself (the wrapper would SIGKILL it 2 s later), then
# checks its Summary line and sets phone_failed to the calls that never connected.
stop_phone() {
    local name=$1
    kill -TERM "$pid" 2>/dev/null || true
    wait "$wrapper" 2>/dev/null || true
    phone_failed=$(python3 - "$SC_TMP/$name/out" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
summary = json.loads(lines[-1]) if lines else {}
if summary.get("event") != "Summary":
    sys.exit("bench-calls: no Summary line")
bad = [k for k in ("live_sessions", "live_dialogs", "events_dropped") if summary.get(k) != 0]
if bad:
    sys.exit("bench-calls: left behind: " + ", ".join(f"{k}={summary.get(k)}" for k in bad))
print(f"bench-calls: {summary['calls']} calls, {summary['failed']} not connected; "
      f"{summary['live_transactions']} server transactions still in their wait states",
      file=sys.stderr)
print(summary["failed"])
PY
) || phone_failed=unknown
}

# rate_run RATE: a fresh sc-phone; sets failed, calls, cpu and retrans.
rate_run() {
    local rate=$1 name=sipp-$1 before after status=0
    calls=$((rate * seconds_per_rate))
    start_phone "phone-$rate"
    before=$(cpu_ticks "$pid")
    load_sipp "$name" "$SC_HOST:$port" $((seconds_per_rate * 3 + 60)) -m "$calls" -r "$rate" \
        -d 0 -l $((rate * 10)) || status=$?
    after=$(cpu_ticks "$pid")
    stop_phone "phone-$rate"
    failed=$(stat_value "$name" 'FailedCall(C)') || failed=unknown
    retrans=$(stat_value "$name" 'Retransmissions(C)') || retrans=unknown
    if [ "$status" -ne 0 ] && [ "$failed" = 0 ]; then
        failed=unknown  # SIPp failed without counting a call: its own timeout
    fi
    if [ "$phone_failed" = unknown ]; then
        failed=unknown
    elif [ "$failed" != unknown ] && [ "$phone_failed" -gt "$failed" ]; then
        failed=$phone_failed
    fi
    cpu=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$calls" \
        'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
}

# peer_run RATE: the same calls answered by SIPp's built-in UAS (`-sn uas`: a canned SDP, no
# offer/answer, no event stream) instead of sc-phone; sets peer_cpu (its CPU per call) and
# peer_failed. A floor to compare with, measured in the same run.
peer_run() {
    local rate=$1 calls=$(($1 * seconds_per_rate)) peer_port peer_wrapper peer_pid before after
    local status=0
    peer_port=$(free_port)
    # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
    start_bg "peer-uas-$rate" 300 sipp -sn uas -t u1 -p "$peer_port" $(sipp_common_args) \
        -buff_size 4194304
    peer_wrapper=$SC_LAST_PID
    wait_listening "$peer_port" udp 10 "$peer_wrapper" || {
        fail_logs "peer-uas-$rate"
        exit 1
    }
    peer_pid=$(phone_pid "$peer_wrapper")
    before=$(cpu_ticks "$peer_pid")
    load_sipp "peer-uac-$rate" "$SC_HOST:$peer_port" $((seconds_per_rate * 3 + 60)) \
        -m "$calls" -r "$rate" -d 0 -l $((rate * 10)) || status=$?
    after=$(cpu_ticks "$peer_pid")
    kill -TERM "$peer_pid" 2>/dev/null || true
    wait "$peer_wrapper" 2>/dev/null || true
    peer_failed=$(stat_value "peer-uac-$rate" 'FailedCall(C)') || peer_failed=unknown
    [ "$status" -ne 0 ] && [ "$peer_failed" = 0 ] && peer_failed=unknown
    peer_cpu=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$calls" \
        'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
}

# held_run: prints the RSS growth per held call in KiB.
held_run() {
    local before during deadline connected=0
    before=$(rss_kb "$pid")
    # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
    start_bg sipp-held 120 sipp -sf "$SC_SCENARIOS/uac_call_pause.xml" -t u1 -p "$(free_port)" \
        $(sipp_common_args) -m "$held" -r 200 -d 30000 -l $((held * 2)) -buff_size 4194304 \
        -timeout 100s -timeout_error -trace_stat -stf stat.csv -fd 1 "$SC_HOST:$port"
    local sipp_wrapper=$SC_LAST_PID
    deadline=$((SECONDS + held / 200 + 20))
    while [ $SECONDS -lt $deadline ]; do
        connected=$(grep -c '"to":"Connected"' "$SC_TMP/phone-held/out" || true)
        [ "$connected" -ge "$held" ] && break
        sleep 0.2
    done
    during=$(rss_kb "$pid")
    sc_log "held: $connected of $held calls connected; VmRSS $before -> $during KiB"
    wait "$sipp_wrapper" || echo "bench-calls: SIPp (held calls) exited $?" >&2
    if [ "$connected" -lt "$held" ]; then
        echo unknown
        return
    fi
    awk -v a="$before" -v b="$during" -v n="$held" 'BEGIN { printf "%.2f\n", (b - a) / n }'
}

sc_init
build_phone

cps_max=0
cpu_at_max=n/a
cpu_at_1000=n/a
peer_at_max=n/a
for rate in $rates; do
    rate_run "$rate"
    sc_log "rate $rate/s: $calls calls, failed $failed, sc-phone $cpu us CPU per call," \
        "SIPp retransmissions $retrans"
    echo "RESULT session_failed_at_$rate=$failed"
    echo "RESULT session_cpu_us_at_$rate=$cpu"
    echo "RESULT session_retransmissions_at_$rate=$retrans"
    [ "$rate" = 1000 ] && cpu_at_1000=$cpu
    # fewer than 0.5 % failed calls
    if [ "$failed" != unknown ] && [ $((failed * 200)) -lt "$calls" ]; then
        cps_max=$rate
        cpu_at_max=$cpu
    fi
done

for rate in 1000 $cps_max; do
    [ "$rate" = 0 ] && continue
    peer_run "$rate"
    sc_log "peer, SIPp -sn uas at $rate/s: failed $peer_failed, $peer_cpu us CPU per call"
    echo "RESULT peer_sipp_uas_cpu_us_at_$rate=$peer_cpu"
    [ "$rate" = "$cps_max" ] && peer_at_max=$peer_cpu
    [ "$cps_max" = 1000 ] && break
done

start_phone phone-held
rss_per_call=$(held_run)
stop_phone phone-held

echo "RESULT session_cps_max=$cps_max"
echo "RESULT session_cpu_us_per_call=$cpu_at_max"
echo "RESULT session_cpu_us_per_call_at_1000=$cpu_at_1000"
echo "RESULT session_rss_kb_per_call=$rss_per_call"
echo "RESULT peer_sipp_uas_cpu_us_per_call=$peer_at_max"
[ "$cps_max" != 0 ]
