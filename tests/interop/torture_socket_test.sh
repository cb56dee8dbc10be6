#!/usr/bin/env bash
# Issue 5 evidence: every RFC 4475 message, sent byte for byte over UDP and over TCP to
# sc-responder, gets the expected reply or is dropped, and the server keeps answering (a
# valid OPTIONS after each one must get 200). The checks are tests/tools/torture_sender.cpp's.
#   torture_socket_test.sh SERVER_BIN TORTURE_SENDER TESTDATA_DIR
# The server runs on a free 127.0.0.1 port under `timeout`; its stderr must hold no
# AddressSanitizer / UndefinedBehaviorSanitizer report (an asan build is checked that way too).
# Set SC_KEEP_TMP=1 to keep the server's logs.
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"

if [ $# -ne 3 ]; then
    echo "usage: $0 SERVER_BIN TORTURE_SENDER TESTDATA_DIR" >&2
    exit 2
fi
server=$1 sender=$2 testdata=$3
for bin in "$server" "$sender"; do
    [ -x "$bin" ] || {
        echo "$0: $bin is not an executable" >&2
        exit 2
    }
done
sc_init

# One fresh server per transport: the same bytes over UDP and then TCP would be one
# transaction to it (RFC 3261 §17.2.3 does not match on the transport).
# --invite-status 486 is what torture_sender expects for a valid INVITE; --drain-timeout 0:
# the unacknowledged INVITE transactions need not hold the shutdown for 32 s.
status=0
for transport in udp tcp; do
    port=$(free_port)
    start_bg "responder-$transport" 60 "$server" --bind "$SC_HOST:$port" --invite-status 486 \
        --drain-timeout 0
    server_pid=$SC_LAST_PID
    if ! wait_listening "$port" "$transport" 10 "$server_pid"; then
        fail_logs "responder-$transport"
        exit 1
    fi
    sc_log "$transport: sc-responder on $SC_HOST:$port: $server"
    timeout -k 2 50 "$sender" "$SC_HOST:$port" "$testdata" --transport "$transport" |
        tee "$SC_TMP/sender-$transport.out" || status=1
    if ! kill -0 "$server_pid" 2>/dev/null; then
        sc_log "FAIL: sc-responder ($transport run) is gone"
        status=1
    fi
    stop_bg "$server_pid"
    if grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)' \
        "$SC_TMP/responder-$transport/err"; then
        sc_log "FAIL: sanitizer report in sc-responder's stderr ($transport run)"
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    fail_logs
    exit 1
fi
sc_log "all RFC 4475 messages handled over UDP and TCP"
