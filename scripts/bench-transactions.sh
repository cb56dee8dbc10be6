#!/usr/bin/env bash
# Transaction benchmark (`make bench-transactions`): server CPU per OPTIONS transaction, ours
# (sc-responder --workers 2) against Kamailio (2 workers, stateless sl replies), each driven by
# the same SIPp UAC at a fixed rate over UDP on 127.0.0.1:
#   scripts/bench-transactions.sh [COUNT [RATE]]      defaults 100000 requests at 5000/s
# CPU is utime+stime of the server's whole process tree (Kamailio forks its workers; threads
# are counted in their process's /proc/PID/stat), read just before and just after the SIPp
# run, so it covers exactly the load. A fixed rate, not "as fast as possible", so both servers
# do the same work in the same time and the figure is CPU per request, not a race between
# SIPp and the server for the machine's two cores.
# Prints, last:
#   RESULT kamailio_cpu_us_per_req=...         Kamailio's CPU microseconds per request
#   RESULT kamailio_failed=...                 SIPp's failed calls (must be 0)
#   RESULT kamailio_retrans=...                OPTIONS SIPp had to retransmit (expected 0)
#   RESULT responder_cpu_us_per_req=...        the same for sc-responder ("n/a" until it exists)
#   RESULT responder_failed=...
#   RESULT responder_retrans=...
#   RESULT responder_live_transactions_after_drain=... left after the graceful shutdown (0)
#   RESULT responder_cpu_ratio_vs_kamailio=... ours / theirs, 2 decimals (lower is better)
# Exits 1 when a run had failed calls. Builds only sc-responder (release preset) when the
# target exists.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=tests/interop/lib.sh
source tests/interop/lib.sh

count=${1:-100000}
rate=${2:-5000}
responder=$PWD/build/release/bin/sc-responder
clk_tck=$(getconf CLK_TCK)

# build_responder: configure the release preset and build sc-responder alone, if it exists.
build_responder() {
    cmake --preset release >/dev/null
    if cmake --build --preset release --target help | grep -q '^sc-responder:'; then
        cmake --build --preset release --target sc-responder
        return 0
    fi
    echo "bench-transactions: no sc-responder target yet: measuring Kamailio only" >&2
    return 1
}

# tree_pids ROOT: ROOT and all its descendants (from the ppid field of /proc/*/stat).
tree_pids() {
    local root=$1
    awk -v root="$root" '
        { sub(/^.*\) /, ""); parent[FILENAME] = $2 }  # after "(comm) ": state ppid ...
        END {
            for (f in parent) { split(f, p, "/"); ppid[p[3]] = parent[f] }
            keep[root] = 1; changed = 1
            while (changed) {
                changed = 0
                for (pid in ppid) if (!(pid in keep) && (ppid[pid] in keep)) { keep[pid] = 1; changed = 1 }
            }
            for (pid in keep) print pid
        }
    ' /proc/[0-9]*/stat 2>/dev/null
}

# tree_cpu_ticks ROOT: utime+stime (fields 14 and 15 of /proc/PID/stat, in clock ticks) summed
# over ROOT's process tree. The comm field may hold spaces, so fields count after its ")".
tree_cpu_ticks() {
    local pid total=0 stat rest
    for pid in $(tree_pids "$1"); do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        rest=${stat##*) }
        # shellcheck disable=SC2086 # split the fields on purpose
        set -- $rest
        total=$((total + ${12} + ${13}))  # fields 14, 15 counted from field 3 (state)
    done
    echo "$total"
}

# stat_value NAME COLUMN: the last row's COLUMN of SIPp's -trace_stat CSV of run NAME.
stat_value() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
                           END { if (!c) exit 1; print $c }' "$SC_TMP/$1/stat.csv"
}

# measure NAME ROOT_PID PORT: drives 127.0.0.1:PORT with COUNT OPTIONS at RATE/s and prints
# "cpu_us_per_req failed retrans". ROOT_PID's process tree is the server. SIPp's own socket
# buffer is 64 KiB by default, and it was SIPp that dropped responses (UdpRcvbufErrors) when
# the machine was busy: -buff_size gives it 4 MiB.
measure() {
    local name=$1 root=$2 port=$3 before after status=0
    before=$(tree_cpu_ticks "$root")
    run_sipp "$name" "$SC_SCENARIOS/uac_options.xml" u1 "$SC_HOST:$port" \
        $((count / rate + 60)) -m "$count" -r "$rate" -rp 1000 -l 20000 -buff_size 4194304 \
        -trace_stat -stf stat.csv -fd 1 || status=$?
    after=$(tree_cpu_ticks "$root")
    local failed retrans
    failed=$(stat_value "$name" 'FailedCall(C)') || failed=unknown
    retrans=$(sipp_count "$name" _OPTIONS_Retrans) || retrans=unknown
    if [ "$status" -ne 0 ]; then
        echo "bench-transactions: SIPp against $name exited with $status" >&2
        tail -n 40 "$SC_TMP/$name/screen" >&2 || true
        [ "$failed" = 0 ] && failed=unknown
    fi
    awk -v t=$((after - before)) -v hz="$clk_tck" -v n="$count" -v f="$failed" -v r="$retrans" \
        'BEGIN { printf "%.2f %s %s\n", t * 1e6 / hz / n, f, r }'
}

sc_init
has_responder=0
if build_responder && [ -x "$responder" ]; then
    has_responder=1
fi

sc_log "bench-transactions: $count OPTIONS at $rate/s over UDP per server"
kamailio_port=$(free_port)
start_kamailio kamailio "$kamailio_port" 2 $((count / rate + 120))
kamailio_root=$SC_LAST_PID
read -r k_cpu k_failed k_retrans < <(measure kamailio "$kamailio_root" "$kamailio_port")
stop_bg "$kamailio_root"
sc_log "kamailio: $k_cpu us/request, failed $k_failed, retransmitted $k_retrans"

r_cpu=n/a r_failed=n/a r_retrans=n/a r_live=n/a ratio=n/a
if [ "$has_responder" = 1 ]; then
    responder_port=$(free_port)
    start_bg responder $((count / rate + 180)) "$responder" --bind "$SC_HOST:$responder_port" \
        --workers 2 --drain-timeout 45
    responder_root=$SC_LAST_PID
    wait_listening "$responder_port" udp || {
        fail_logs responder
        exit 1
    }
    read -r r_cpu r_failed r_retrans < <(measure responder "$responder_root" "$responder_port")
    # SIGTERM starts the graceful shutdown, which waits (at most 45 s) until every transaction
    # has ended (Timer J: 64*T1 = 32 s after the last request): nothing may be left over.
    # The signal goes to sc-responder itself: `timeout -k` would SIGKILL it 2 s after being
    # signalled.
    sc_log "responder: draining (Timer J, up to 32 s)"
    kill -TERM "$(pgrep -P "$responder_root" || echo "$responder_root")" 2>/dev/null || true
    wait "$responder_root" 2>/dev/null || true
    r_live=$(sed -n 's/.*stopped live_transactions=\([0-9]*\).*/\1/p' "$SC_TMP/responder/out")
    r_live=${r_live:-unknown}
    ratio=$(awk -v a="$r_cpu" -v b="$k_cpu" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    sc_log "responder: $r_cpu us/request, failed $r_failed, retransmitted $r_retrans"
fi

echo "RESULT kamailio_cpu_us_per_req=$k_cpu"
echo "RESULT kamailio_failed=$k_failed"
echo "RESULT kamailio_retrans=$k_retrans"
echo "RESULT responder_cpu_us_per_req=$r_cpu"
echo "RESULT responder_failed=$r_failed"
echo "RESULT responder_retrans=$r_retrans"
echo "RESULT responder_live_transactions_after_drain=$r_live"
echo "RESULT responder_cpu_ratio_vs_kamailio=$ratio"

[ "$k_failed" = 0 ] || exit 1
[ "$has_responder" = 0 ] || { [ "$r_failed" = 0 ] && [ "$r_live" = 0 ]; } || exit 1
