#!/usr/bin/env bash
# Nothing left behind after load (issue 5): SIPp drives OPTIONS, INVITE/486 and whole calls at
# sc-responder over UDP and TCP; then SIGINT starts the graceful shutdown, which waits until the
# live-transaction count reaches 0 (Timers J, H, I, L end them; --t1 20 --t4 100 make that take
# about a second instead of 32 s) and prints it. The test requires live_transactions=0 at the
# end and every SIPp call successful.
#   responder_drain_test.sh SERVER_BIN
set -euo pipefail
# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] && [ -x "$1" ] || {
    echo "usage: $0 SERVER_BIN" >&2
    exit 2
}
server=$1
sc_init
port=$(free_port)
start_bg responder 120 "$server" --bind "$SC_HOST:$port" --workers 2 --t1 20 --t4 100 \
    --invite-status 486 --drain-timeout 20
pid=$SC_LAST_PID
wait_listening "$port" udp 10 "$pid" && wait_listening "$port" tcp 10 "$pid" || {
    fail_logs responder
    exit 1
}

failed=0
load() {  # NAME SCENARIO TRANSPORT COUNT RATE
    if ! run_sipp "$1" "$SC_SCENARIOS/$2" "$3" "$SC_HOST:$port" 60 -m "$4" -r "$5"; then
        sc_log "FAIL: $1: SIPp reported failed calls"
        fail_logs "$1"
        failed=1
    else
        sc_log "ok: $1 ($4 calls)"
    fi
}
load options_udp uac_options.xml u1 3000 1000
load invite_udp uac_invite_486.xml u1 300 100
load options_tcp uac_options.xml t1 1000 500
load invite_tcp uac_invite_486.xml t1 100 100

kill -INT "$(pgrep -P "$pid" -f sc-responder || echo "$pid")" 2>/dev/null || true
wait "$pid" || true
out=$SC_TMP/responder/out
if ! grep -q 'stopped live_transactions=0 ' "$out"; then
    sc_log "FAIL: transactions left after the load:"
    cat "$out" >&2
    fail_logs responder
    exit 1
fi
sc_log "ok: $(grep 'stopped' "$out")"

# A second signal stops at once: an INVITE left pending (--invite-delay 60 s) would hold the
# graceful shutdown for its whole --drain-timeout; the second SIGINT must end it now.
port=$(free_port)
start_bg held 120 "$server" --bind "$SC_HOST:$port" --workers 2 --invite-delay 60000 \
    --drain-timeout 60
pid=$SC_LAST_PID
wait_listening "$port" udp 10 "$pid" || {
    fail_logs held
    exit 1
}
start_bg held-client 30 sipp -sf "$SC_SCENARIOS/uac_invite_486.xml" -t u1 -p "$(free_port)" \
    -m 1 -timeout 20s -trace_msg -message_file messages "$SC_HOST:$port"
child=$(pgrep -P "$pid" -f sc-responder || echo "$pid")
wait_for_line() {  # FILE PATTERN SECONDS
    local deadline=$((SECONDS + $3))
    until grep -q "$2" "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}
# The INVITE holds a transaction once its 100 Trying (sent by the transaction after 200 ms)
# reached SIPp: wait for it in SIPp's message trace, then signal.
if ! wait_for_line "$SC_TMP/held-client/messages" 'SIP/2.0 100' 10; then
    sc_log "FAIL: no 100 Trying for the held INVITE"
    fail_logs held held-client
    exit 1
fi
kill -INT "$child"
if ! wait_for_line "$SC_TMP/held/out" 'draining [1-9]' 10; then
    sc_log "FAIL: the first signal did not start a drain with the pending INVITE"
    fail_logs held
    exit 1
fi
signalled=$SECONDS
kill -INT "$child"
wait "$pid" || true
if ! grep -q 'stopped live_transactions=[1-9]' "$SC_TMP/held/out" || [ $((SECONDS - signalled)) -gt 5 ]; then
    sc_log "FAIL: the second signal did not stop sc-responder at once"
    fail_logs held
    exit 1
fi
sc_log "ok: second signal: $(grep 'stopped' "$SC_TMP/held/out")"
if reports=$(sanitizer_reports); then
    sc_log "FAIL: sanitizer report(s) in: $reports"
    cat $reports >&2
    exit 1
fi
exit "$failed"
