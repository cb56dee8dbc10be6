#!/usr/bin/env bash
# CTest test of the sc-sip command-line tool on the RFC 4475 messages (read in place).
#   sc_sip_test.sh SC_SIP JSON_QUERY TESTDATA_DIR
# JSON_QUERY is tests/tools/json_query.cpp: validates JSON and reads one value by JSON pointer.
set -uo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 SC_SIP JSON_QUERY TESTDATA_DIR" >&2
    exit 2
fi
sc_sip=$1
json_query=$2
rfc4475=$3/rfc4475
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run NAME ARGS...: runs sc-sip, keeping stdout, stderr and the exit status under $out/NAME.
run() {
    local name=$1
    shift
    "$sc_sip" "$@" >"$out/$name.out" 2>"$out/$name.err"
    echo $? >"$out/$name.status"
}
expect_status() {  # NAME STATUS
    local got
    got=$(cat "$out/$1.status")
    [ "$got" = "$2" ] || fail "$1: exit status $got, expected $2 (stderr: $(cat "$out/$1.err"))"
}
expect_stdout() {  # NAME EXACT-TEXT
    [ "$(cat "$out/$1.out")" = "$2" ] || fail "$1: stdout '$(cat "$out/$1.out")', expected '$2'"
}
expect_grep() {  # NAME STREAM PATTERN
    grep -q -- "$3" "$out/$1.$2" || fail "$1: $2 lacks '$3': $(cat "$out/$1.$2")"
}
expect_json() {  # NAME POINTER EXPECTED
    local got
    got=$("$json_query" "$2" <"$out/$1.out") || { fail "$1: no valid JSON value at $2"; return; }
    [ "$got" = "$3" ] || fail "$1: $2 is '$got', expected '$3'"
}

# --- text output ------------------------------------------------------------------------------
run help --help
expect_status help 0
expect_grep help out "usage: sc-sip parse"

run valid parse "$rfc4475/cparam01.dat"
expect_status valid 0
expect_stdout valid "$rfc4475/cparam01.dat: ok"

run insuf parse "$rfc4475/insuf.dat"  # no From, To or Call-ID: 400
expect_status insuf 1
expect_grep insuf out "^$rfc4475/insuf.dat: error: .* (400)$"

run badvers parse "$rfc4475/badvers.dat"  # SIP/7.0: 505
expect_status badvers 1
expect_grep badvers out "^$rfc4475/badvers.dat: error: .* (505)$"

run mixed parse "$rfc4475/cparam01.dat" "$rfc4475/badvers.dat"
expect_status mixed 1
[ "$(wc -l <"$out/mixed.out")" -eq 2 ] || fail "mixed: expected one line per file"

run stdin parse - <"$rfc4475/cparam01.dat"
expect_status stdin 0
expect_stdout stdin "-: ok"

# --- usage errors and unreadable files: exit 2 with a message on stderr ------------------------
run missing parse "$out/no-such-file.dat"
expect_status missing 2
expect_grep missing err "no-such-file.dat"

run missing_and_bad parse "$rfc4475/badvers.dat" "$out/no-such-file.dat"
expect_status missing_and_bad 2

run directory parse "$rfc4475"
expect_status directory 2
expect_grep directory err "is a directory"

run no_args
expect_status no_args 2
expect_grep no_args err "usage:"

run no_files parse
expect_status no_files 2

run bad_command frobnicate
expect_status bad_command 2
expect_grep bad_command err "unknown command"

run bad_option parse --frob "$rfc4475/cparam01.dat"
expect_status bad_option 2
expect_grep bad_option err "unknown option"

# --- JSON output --------------------------------------------------------------------------------
run json parse --json "$rfc4475/cparam01.dat"
expect_status json 0
expect_json json /ok true
expect_json json /kind request
expect_json json /method REGISTER
expect_json json /decoded/call_id cparam01.70710@saturn.example.com
expect_json json /decoded/cseq/number 2
expect_json json /decoded/vias/0/branch z9hG4bKkdjuw
expect_json json /decoded/from/tag DkfVgjkrtMwaerKKpe
expect_json json /headers/7/canonical Content-Length  # "l: 0"
expect_grep json out "cparam01.70710@saturn.example.com"

run json_bad parse --json "$rfc4475/badvers.dat"
expect_status json_bad 1
expect_json json_bad /ok false
expect_json json_bad /error/status 505

run json_binary parse --json "$rfc4475/mpart01.dat"  # body with NUL and bare LF octets
expect_status json_binary 0
expect_json json_binary /body_length 553

run json_nul parse --json "$rfc4475/intmeth.dat"  # a NUL and UTF-8 in header values
expect_status json_nul 0
expect_json json_nul /decoded/cseq/method "!interesting-Method0123456789_*+\`.%indeed'~"

run json_all parse --json "$rfc4475"/*.dat
expect_status json_all 1
"$json_query" /48/file <"$out/json_all.out" >/dev/null || fail "json_all: not an array of 49"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "sc-sip: all checks passed"
