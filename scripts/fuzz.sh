#!/usr/bin/env bash
# `make fuzz`: builds the fuzz preset (clang 14, libFuzzer + ASan + UBSan) and runs each fuzz
# target in turn for a share of TOTAL_SECONDS (default 300).
#
#   scripts/fuzz.sh [TOTAL_SECONDS]
#
# Each target grows its working corpus in fuzz/work/<target>/ (gitignored), starting from the
# seeds in fuzz/corpus/<target>/ and, for the message and framer targets, the RFC 4475/5118
# messages, which libFuzzer reads in place from ../shared/testdata (never copied). A crash,
# timeout or OOM input is saved in fuzz/regressions/<target>/, where the fuzz-smoke tests replay
# it. Prints a summary; exits 1 when any target found a crash, 2 on a usage or build error.
set -euo pipefail

cd "$(dirname "$0")/.."

total=${1:-300}
if ! [[ $total =~ ^[0-9]+$ ]] || [ "$total" -lt 3 ]; then
    echo "usage: $0 [TOTAL_SECONDS >= 3]" >&2
    exit 2
fi

targets=(sip_message sip_uri sip_framer sdp rtp rtcp audio_payload)
shared=${SC_SHARED_DIR:-../shared}/testdata
per_target=$((total / ${#targets[@]}))

cmake --preset fuzz >/dev/null || exit 2
cmake --build --preset fuzz || exit 2
bin=build/fuzz/bin

max_len_for() {
    case $1 in
        sip_uri) echo 1024 ;;
        rtp | rtcp | audio_payload) echo 1500 ;;  # one datagram on an Ethernet path
        *) echo 8192 ;;
    esac
}

# Crash-type artifacts currently saved for a target (README and older files included).
artifacts() {
    find "fuzz/regressions/$1" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort
}

summary=()
found_crash=0
for target in "${targets[@]}"; do
    work=fuzz/work/$target
    log=fuzz/work/$target.log
    mkdir -p "$work" "fuzz/regressions/$target"
    corpora=("$work" "fuzz/corpus/$target")
    if [ "$target" = sip_message ] || [ "$target" = sip_framer ]; then
        corpora+=("$shared/rfc4475" "$shared/rfc5118")
    fi
    before_corpus=$(find "$work" -type f | wc -l)
    before_artifacts=$(artifacts "$target")

    echo "fuzz: $target for ${per_target}s (log: $log)"
    status=0
    "$bin/${target}_fuzz" \
        -max_total_time="$per_target" \
        -max_len="$(max_len_for "$target")" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="fuzz/regressions/$target/" \
        "${corpora[@]}" >"$log" 2>&1 || status=$?

    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    after_corpus=$(find "$work" -type f | wc -l)
    new_artifacts=$(comm -13 <(echo "$before_artifacts") <(artifacts "$target") | sed '/^$/d')
    crashes=$(printf '%s' "$new_artifacts" | grep -c . || true)
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1  # the fuzzer failed without saving an input (see the log)
    fi
    if [ "$crashes" -ne 0 ]; then
        found_crash=1
        saved=$(printf '%s' "$new_artifacts" | tr '\n' ' ')
        echo "fuzz: $target: crash; input(s) saved: ${saved:-(none, see $log)}"
        grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY|.*property violated|.*runtime error)' "$log" || true
    fi
    summary+=("$(printf '%-12s %10s execs %8s exec/s %6s corpus (+%s) %3s crashes' \
        "$target" "${runs:-?}" "${speed:-?}" "$after_corpus" \
        "$((after_corpus - before_corpus))" "$crashes")")
done

echo
echo "fuzz summary (${per_target}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$found_crash"
