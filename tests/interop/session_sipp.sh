#!/usr/bin/env bash
# Interop test of the session API through sc-phone, against SIPp, over UDP and TCP.
#   session_sipp.sh SC_PHONE_BIN        e.g. build/release/bin/sc-phone
# sc-phone listen <- SIPp UAC (one sc-phone per case, --max-calls 1):
#   answer   uac_invite_200_bye.xml   Ringing, Connected; the caller's BYE (RemoteHangup)
#   reject   uac_invite_486.xml       --reject 486: Rejected 486, the ACK absorbs the 486
#   cancel   uac_ring_cancel.xml      --answer-delay 3s: CANCEL after 180, 200 + 487 (Cancelled)
#   bye      uac_wait_bye.xml         --hangup-after 1s: our BYE (LocalHangup)
#   no-ack   uac_no_ack_2xx.xml       no ACK for our 200: BYE after 64·T1 (Timeout)
#   late-offer uac_late_offer.xml     re-INVITE without SDP: our offer in the 200, the answer
#                                     (sendonly) in the ACK puts us OnHold
#   bad-requests uac_bad_requests.xml 481 for a BYE of no dialog, 415 for text/plain, 488 for
#                                     an SDP that does not parse (Rejected 488)
# sc-phone call -> SIPp UAS:
#   uas      SIPp's built-in uas      --duration 1s: our BYE; exit 0
#   peerbye  uas_answer_then_bye.xml  --duration 0: the UAS's BYE; exit 0
#   busy     uas_486_retrans.xml      exit 1 with "486" on stderr
#   hold     uas_hold_resume.xml      --hold-after/--resume-after: a=sendonly, then a=sendrecv
#   glare    uas_reinvite_491.xml     491 to the hold: the retry comes 2.1-4 s later (§14.1,
#                                     sc-phone placed the call, so it owns the Call-ID)
# Each case checks SIPp's status (0: its call succeeded), sc-phone's status, its JSON lines
# (tests/interop/phone_events.py: the states in order, the end reason, the Summary with
# nothing left alive) and, in the asan build, that no sanitizer report was printed.
# Everything on 127.0.0.1, free ports from lib.sh, each process under `timeout`.
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 SC_PHONE_BIN" >&2
    exit 2
fi
phone=$1
events_check="python3 $SC_LIB_DIR/phone_events.py"
sc_init

failures=0
passes=0
fail() {
    sc_log "FAIL: $*"
    failures=$((failures + 1))
}
pass() {
    sc_log "ok: $*"
    passes=$((passes + 1))
}

# phone_reports NAME: status 0 when run NAME's stderr holds a sanitizer report.
phone_reports() {
    grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)' \
        "$SC_TMP/$1/err" 2>/dev/null
}

# check_phone NAME WANT_STATUS GOT_STATUS CHECKS...: sc-phone's exit status, its events and
# its stderr; prints the logs of NAME (and of the other runs given in PEERS) when wrong.
check_phone() {
    local name=$1 want=$2 got=$3
    shift 3
    local ok=1
    [ "$got" = "$want" ] || {
        echo "  sc-phone exited $got, expected $want" >&2
        ok=0
    }
    # shellcheck disable=SC2086 # events_check is a command and its interpreter
    $events_check "$SC_TMP/$name/out" "$@" || ok=0
    if phone_reports "$name"; then
        echo "  sanitizer report in $name" >&2
        ok=0
    fi
    [ $ok = 1 ]
}

# listen_case NAME TRANSPORT SCENARIO "PHONE_ARGS" CHECKS...: sc-phone listen for one call,
# SIPp's SCENARIO against it.
listen_case() {
    local name=$1 transport=$2 scenario=$3 phone_args=$4
    shift 4
    local port pid sipp_status=0 phone_status=0
    port=$(free_port)
    # shellcheck disable=SC2086 # phone_args is a list of words
    start_bg "phone-$name" 60 "$phone" listen --t1 50ms --drain 5s --linger 2s --bind "$SC_HOST:$port" --transport both \
        --max-calls 1 $phone_args
    pid=$SC_LAST_PID
    local proto=udp
    [ "$transport" = t1 ] && proto=tcp
    if ! wait_listening "$port" "$proto" 10 "$pid"; then
        fail "$name: sc-phone did not listen"
        fail_logs "phone-$name"
        return
    fi
    run_sipp "sipp-$name" "$SC_SCENARIOS/$scenario" "$transport" "$SC_HOST:$port" 30 ||
        sipp_status=$?
    wait "$pid" || phone_status=$?
    if [ "$sipp_status" = 0 ] && check_phone "phone-$name" 0 "$phone_status" "$@"; then
        pass "$name"
    else
        fail "$name (SIPp status $sipp_status)"
        fail_logs "phone-$name" "sipp-$name"
    fi
}

# start_uas NAME TRANSPORT PORT SCENARIO|builtin:NAME: a SIPp UAS for one call.
start_uas() {
    local name=$1 transport=$2 port=$3 scenario=$4
    if [[ $scenario == builtin:* ]]; then
        # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
        start_bg "$name" 70 sipp -sn "${scenario#builtin:}" -t "$transport" -p "$port" -m 1 \
            $(sipp_common_args) -timeout 60s -timeout_error -trace_msg -message_file messages \
            -trace_err -error_file errors
        local pid=$SC_LAST_PID
        wait_listening "$port" "$([ "$transport" = t1 ] && echo tcp || echo udp)" 10 "$pid" ||
            return 1
        SC_LAST_PID=$pid
        return
    fi
    start_sipp_uas "$name" "$SC_SCENARIOS/$scenario" "$transport" "$port"
}

# call_case NAME TRANSPORT UAS WANT_STATUS "PHONE_ARGS" CHECKS...: sc-phone call to a SIPp UAS.
call_case() {
    local name=$1 transport=$2 uas=$3 want=$4 phone_args=$5
    shift 5
    local port pid sipp_status=0 phone_status=0 proto=udp
    [ "$transport" = t1 ] && proto=tcp
    port=$(free_port)
    if ! start_uas "sipp-$name" "$transport" "$port" "$uas"; then
        fail "$name: SIPp UAS did not start"
        fail_logs "sipp-$name"
        return
    fi
    pid=$SC_LAST_PID
    mkdir -p "$SC_TMP/phone-$name"
    # shellcheck disable=SC2086 # phone_args is a list of words
    (cd "$SC_TMP/phone-$name" && exec timeout -k 2 40 "$phone" call --t1 50ms --drain 5s \
        "sip:service@$SC_HOST:$port" --transport "$proto" --timeout 10s $phone_args \
        >out 2>err) || phone_status=$?
    wait "$pid" || sipp_status=$?
    local ok=1
    [ "$sipp_status" = 0 ] || ok=0
    check_phone "phone-$name" "$want" "$phone_status" "$@" || ok=0
    if [ "$want" != 0 ] && ! grep -q "486" "$SC_TMP/phone-$name/err"; then
        echo "  sc-phone's stderr does not name the status" >&2
        ok=0
    fi
    if [ $ok = 1 ]; then
        pass "$name"
    else
        fail "$name (SIPp status $sipp_status)"
        fail_logs "phone-$name" "sipp-$name"
    fi
}

# check_retry_window NAME: SIPp's "retry after N ms" log line of uas_reinvite_491.xml is
# inside RFC 3261 §14.1's window for the Call-ID's owner (2100-4000 ms; the measure also holds
# one round trip on 127.0.0.1, hence 100 ms of slack above).
check_retry_window() {
    local name=$1 ms
    ms=$(sed -n 's/.*retry after \([0-9]*\)[.0-9]* ms.*/\1/p' "$SC_TMP/sipp-$name/logs" | head -1)
    if [ -n "$ms" ] && [ "$ms" -ge 2100 ] && [ "$ms" -le 4100 ]; then
        sc_log "$name: retry after $ms ms"
        return 0
    fi
    fail "$name: retry delay '${ms:-none}' ms outside 2100-4000 ms"
    fail_logs "sipp-$name"
    return 1
}

for transport in u1 t1; do
    t=${transport%1}
    listen_case "answer-$t" "$transport" uac_invite_200_bye.xml "--answer" \
        --states Ringing,Connected --reason RemoteHangup --calls 1 --connected 1 --failed 0
    listen_case "reject-$t" "$transport" uac_invite_486.xml "--reject 486" \
        --reason Rejected --status 486 --calls 1 --connected 0 --failed 1
    listen_case "cancel-$t" "$transport" uac_ring_cancel.xml "--answer-delay 3s" \
        --states Ringing --reason Cancelled --calls 1 --connected 0 --failed 1
    listen_case "bye-$t" "$transport" uac_wait_bye.xml "--hangup-after 1s" \
        --states Connected --reason LocalHangup --calls 1 --connected 1 --failed 0
    listen_case "no-ack-$t" "$transport" uac_no_ack_2xx.xml "--answer" \
        --states Ringing,Terminating --reason Timeout --calls 1 --connected 0 --failed 1
    listen_case "late-offer-$t" "$transport" uac_late_offer.xml "--answer" \
        --states Ringing,Connected,OnHold --reason RemoteHangup --calls 1 --connected 1 --failed 0
    listen_case "bad-requests-$t" "$transport" uac_bad_requests.xml "--answer" \
        --reason Rejected --status 488 --calls 1 --connected 0 --failed 1

    call_case "uas-$t" "$transport" builtin:uas 0 "--duration 1s" \
        --states Connected --reason LocalHangup --calls 1 --connected 1 --failed 0
    call_case "peerbye-$t" "$transport" uas_answer_then_bye.xml 0 "--duration 0" \
        --states Connected --reason RemoteHangup --calls 1 --connected 1 --failed 0
    call_case "hold-$t" "$transport" uas_hold_resume.xml 0 \
        "--duration 2s --hold-after 300ms --resume-after 300ms" \
        --states Connected,OnHold,Connected --reason LocalHangup --calls 1 --connected 1 --failed 0
    call_case "glare-$t" "$transport" uas_reinvite_491.xml 0 "--duration 6s --hold-after 300ms" \
        --states Connected,OnHold --reason LocalHangup --calls 1 --connected 1 --failed 0
    check_retry_window "glare-$t" || true
    call_case "busy-$t" "$transport" uas_486_retrans.xml 1 "--duration 1s" \
        --reason Rejected --status 486 --calls 1 --connected 0 --failed 1
done

sc_log "$passes passed, $failures failed"
[ "$failures" = 0 ]
