#!/usr/bin/env bash
# Call profile (`make profile-calls`): user-space instructions per call of the answering side,
# counted by callgrind, so that a change can be judged on a shared machine where wall-clock and
# CPU-time figures move with the other load. Deterministic to within a fraction of a percent
# for the same build and scenario.
#   scripts/profile-calls.sh [CALLS [RATE [OUT]]]        defaults 500, 50, build/profile-calls
# `sc-phone listen --answer --workers 1 --no-media` (release build; the calls `make bench-calls`
# measures: signalling and SDP, no RTP port or audio channel per call) runs under valgrind --tool=callgrind
# with its counters zeroed once it listens; SIPp's UAC (tests/scenarios/uac_call_pause.xml,
# zero call length) sends CALLS calls at RATE calls/s; then the script waits for the RFC 3261
# wait states of the last call's transactions (Timer J/L, 64*T1 = 32 s) so that their timer
# work is counted too, and dumps the counters. The rate is low because valgrind runs the
# program ~50 times slower: at this rate no SIPp request is retransmitted (checked below: a
# retransmission would add messages and change the count).
# Prints:
#   RESULT profile_calls=...                  calls answered (SIPp's successful calls)
#   RESULT profile_retransmissions=...        SIPp's retransmissions (must be 0)
#   RESULT profile_instructions_per_call=...  callgrind Ir of the dump / calls
# The callgrind file stays in OUT (callgrind_annotate OUT/callgrind.out.* for the functions).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=tests/interop/lib.sh
source tests/interop/lib.sh

calls=${1:-500}
rate=${2:-50}
out=${3:-$PWD/build/profile-calls}
phone=$PWD/build/release/bin/sc-phone

# stat_value COLUMN: the last row's COLUMN of SIPp's -trace_stat CSV.
stat_value() {
    awk -F';' -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
                           END { if (!c) exit 1; print $c }' "$SC_TMP/sipp/stat.csv"
}

sc_init
cmake --preset release >/dev/null
cmake --build --preset release --target sc-phone
rm -rf "$out"
mkdir -p "$out"

port=$(free_port)
start_bg phone 600 valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out.%p" \
    "$phone" listen --bind "$SC_HOST:$port" --transport udp --answer --workers 1 --no-media
wrapper=$SC_LAST_PID
wait_listening "$port" udp 60 "$wrapper" || {
    fail_logs phone
    exit 1
}
pid=$(pgrep -P "$wrapper" | head -n 1)
callgrind_control -z "$pid" >/dev/null

mkdir -p "$SC_TMP/sipp"
# shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
(cd "$SC_TMP/sipp" && timeout -k 2 $((calls / rate + 120)) sipp \
    -sf "$SC_SCENARIOS/uac_call_pause.xml" -t u1 -p "$(free_port)" $(sipp_common_args) \
    -m "$calls" -r "$rate" -d 0 -l $((rate * 10)) -buff_size 4194304 -timeout 100s \
    -timeout_error -trace_stat -stf stat.csv -fd 1 "$SC_HOST:$port" >out 2>err) || {
    echo "profile-calls: SIPp failed" >&2
    tail -n 20 "$SC_TMP/sipp/err" >&2 || true
    exit 1
}
sc_log "SIPp done; waiting 34 s for the last transactions' wait states (Timer J/L)"
sleep 34
callgrind_control -d "$pid" >/dev/null
stop_bg "$wrapper"

ok=$(stat_value 'SuccessfulCall(C)')
retrans=$(stat_value 'Retransmissions(C)')
dump=$(find "$out" -name "callgrind.out.$pid.1" | head -n 1)
[ -n "$dump" ] || {
    echo "profile-calls: no callgrind dump in $out" >&2
    exit 1
}
ir=$(awk '/^summary:/ { print $2 }' "$dump")
echo "RESULT profile_calls=$ok"
echo "RESULT profile_retransmissions=$retrans"
awk -v ir="$ir" -v n="$ok" 'BEGIN { printf "RESULT profile_instructions_per_call=%.0f\n", ir / n }'
[ "$ok" = "$calls" ] && [ "$retrans" = 0 ]
