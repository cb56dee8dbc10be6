#!/usr/bin/env bash
# SIP parse benchmark (`make bench-parse`): builds the bench preset, runs bench_sip_parse (ours,
# sofia-sip and libre on the same four messages in one run, repetitions randomly interleaved)
# and prints the medians. The last six lines are the RESULT lines the project tracks:
#   RESULT parse_ns_invite=...            our ns per INVITE
#   RESULT parse_ns_invite_sofia=...      sofia-sip's
#   RESULT parse_ns_invite_libre=...      libre's
#   RESULT parse_speedup_vs_sofia=...     sofia / ours, 2 decimals
#   RESULT parse_speedup_vs_libre=...     libre / ours, 2 decimals
#   RESULT parse_allocs_invite=...        our heap allocations per parse after warm-up
# Times are medians of per-repetition CPU time (the machine's other load inflates wall time,
# not CPU time). Extra arguments go to the benchmark binary (e.g. --benchmark_repetitions=9).
# Needs only bash, cmake, ninja and awk.
set -euo pipefail

cd "$(dirname "$0")/.."

cmake --preset bench >/dev/null
cmake --build --preset bench

json=build/bench/sip_parse_bench.json
build/bench/bin/bench_sip_parse \
    --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$json" \
    --benchmark_out_format=json \
    "$@"

# Google Benchmark writes its JSON one key per line; each benchmark object ends at a "}" line.
# Median rows are named "parse/<message>/<contender>_median".
awk '
    function value(line) {
        sub(/^[^:]*: */, "", line)
        sub(/,$/, "", line)
        gsub(/"/, "", line)
        return line
    }
    /^ *"name": /             { name = value($0) }
    /^ *"aggregate_name": /   { aggregate = value($0) }
    /^ *"cpu_time": /         { cpu = value($0) + 0 }
    /^ *"allocs_per_parse": / { alloc = value($0) + 0; has_alloc = 1 }
    /^ *"error_occurred": true/ { failed = failed " " name }
    /^ *},?$/ {
        if (name != "" && aggregate == "median") {
            sub(/_median$/, "", name)
            split(name, part, "/")  # parse / message / contender
            key = part[2] "/" part[3]
            ns[key] = cpu
            if (has_alloc) allocs[key] = alloc
        }
        name = ""; aggregate = ""; has_alloc = 0
    }
    function need(key) {
        if (!(key in ns) || ns[key] <= 0) {
            print "bench-parse: no median for " key > "/dev/stderr"
            exit 1
        }
        return ns[key]
    }
    function need_allocs(key) {
        if (!(key in allocs)) {
            print "bench-parse: no allocs_per_parse for " key > "/dev/stderr"
            exit 1
        }
        return allocs[key]
    }
    END {
        if (failed != "") {
            print "bench-parse: benchmarks failed:" failed > "/dev/stderr"
            exit 1
        }
        n = split("invite 200ok register bye", message, " ")
        printf "\n%-10s %12s %12s %12s %9s %9s %8s\n", "message", "ours ns", "sofia ns",
               "libre ns", "x sofia", "x libre", "allocs"
        for (i = 1; i <= n; i++) {
            m = message[i]
            ours = need(m "/ours"); sofia = need(m "/sofia"); libre = need(m "/libre")
            printf "%-10s %12.0f %12.0f %12.0f %9.2f %9.2f %8g\n", m, ours, sofia, libre,
                   sofia / ours, libre / ours, need_allocs(m "/ours")
        }
        print ""
        for (i = 2; i <= n; i++) {
            m = message[i]
            printf "RESULT parse_ns_%s=%.0f\n", m, ns[m "/ours"]
            printf "RESULT parse_ns_%s_sofia=%.0f\n", m, ns[m "/sofia"]
            printf "RESULT parse_ns_%s_libre=%.0f\n", m, ns[m "/libre"]
        }
        if ("invite/ours_split_only" in ns)  # diagnostic: parse_into alone, no decoding
            printf "RESULT parse_ns_invite_split_only=%.0f\n", ns["invite/ours_split_only"]
        ours = need("invite/ours")
        printf "RESULT parse_ns_invite=%.0f\n", ours
        printf "RESULT parse_ns_invite_sofia=%.0f\n", need("invite/sofia")
        printf "RESULT parse_ns_invite_libre=%.0f\n", need("invite/libre")
        printf "RESULT parse_speedup_vs_sofia=%.2f\n", ns["invite/sofia"] / ours
        printf "RESULT parse_speedup_vs_libre=%.2f\n", ns["invite/libre"] / ours
        printf "RESULT parse_allocs_invite=%g\n", need_allocs("invite/ours")
    }
' "$json"
