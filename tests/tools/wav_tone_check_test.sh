#!/bin/bash
# wav_tone_check on recordings made by make_test_wav: the right tone passes, a wrong tone and
# silence fail with their verdict, a missing file is a usage error.
set -u
check=$1 make=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
expect() {  # expect EXIT_CODE VERDICT ARGS...
    local want=$1 verdict=$2
    shift 2
    out=$("$check" "$@" 2>&1)
    code=$?
    if [[ $code -ne $want || ( -n $verdict && $out != *"\"result\":\"$verdict\""* ) ]]; then
        echo "FAIL: wav_tone_check $* -> exit $code, output: $out (want exit $want, $verdict)"
        fail=1
    else
        echo "ok: $* -> $out"
    fi
}
"$make" "$dir/1k_8k.wav" 8000 1000 -10 2000 || exit 1
"$make" "$dir/1k_48k.wav" 48000 1000 -20 1000 || exit 1
"$make" "$dir/440.wav" 8000 440 -10 1000 || exit 1
"$make" "$dir/silence.wav" 8000 0 0 1000 || exit 1
"$make" "$dir/quiet.wav" 8000 1000 -70 1000 || exit 1
expect 0 ok "$dir/1k_8k.wav" --expect 1000 --tolerance 20
expect 0 ok "$dir/1k_48k.wav" --expect 1000 --tolerance 5
expect 0 ok "$dir/440.wav" --expect 440 --tolerance 3
expect 1 wrong_frequency "$dir/440.wav" --expect 1000 --tolerance 20
expect 1 silent "$dir/silence.wav" --expect 1000
expect 1 silent "$dir/quiet.wav" --expect 1000
expect 2 "" "$dir/missing.wav" --expect 1000
expect 2 "" "$dir/1k_8k.wav"
exit $fail
