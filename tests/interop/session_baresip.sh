#!/usr/bin/env bash
# Interop test of the session API through sc-phone against baresip (Debian's baresip-core),
# headless: no sound card (ausine as the source, aubridge as player and alert), no UI,
# commands and events over ctrl_tcp (tests/interop/baresip_ctrl.py), on 127.0.0.1 only.
#   session_baresip.sh SC_PHONE_BIN   the cases below
#   session_baresip.sh stand-in       one baresip calls another: proves the config and harness
# Cases (a fresh baresip for each, its account answering automatically):
#   A1 sc-phone calls baresip, hangs up after 2 s       (sc-phone: LocalHangup, exit 0)
#   A2 sc-phone calls baresip, baresip hangs up         (sc-phone: RemoteHangup, exit 0)
#   B1 baresip dials sc-phone listen, which hangs up    (--hangup-after 2s: LocalHangup)
#   B2 baresip dials sc-phone listen, baresip hangs up  (RemoteHangup)
# Each checks baresip's CALL_ESTABLISHED and CALL_CLOSED, sc-phone's status and JSON lines
# (phone_events.py: Connected, the reason, the Summary with nothing left alive).
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=tests/interop/baresip_lib.sh
source "$(dirname "$0")/baresip_lib.sh"

if [ $# -ne 1 ] || { [ "$1" != stand-in ] && [ ! -x "$1" ]; }; then
    echo "usage: $0 SC_PHONE_BIN|stand-in" >&2
    exit 2
fi
phone=$1
sc_init

# case_a NAME HANGUP_BY: sc-phone calls baresip; HANGUP_BY phone (--duration 2s) or baresip.
case_a() {
    local name=$1 by=$2 duration=2s reason=LocalHangup ok=1 status=0
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    [ "$by" = baresip ] && duration=0 && reason=RemoteHangup
    start_bg "phone-$name" 40 "$phone" call --t1 50ms --drain 5s "sip:bot@$SC_HOST:$bs_port" --duration "$duration" \
        --timeout 10s
    local pid=$SC_LAST_PID
    baresip_saw "bs-$name" CALL_ESTABLISHED || ok=0
    if [ "$by" = baresip ]; then
        $ctrl "$bs_ctl" send hangup >/dev/null || ok=0
    fi
    baresip_saw "bs-$name" CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    check_phone "phone-$name" 0 "$status" --states Connected --reason "$reason" \
        --calls 1 --connected 1 --failed 0 || ok=0
    verdict "$name" "$ok" "phone-$name" "bs-$name" "bs-$name-ctl"
}

# case_b NAME HANGUP_BY: baresip dials sc-phone listen; HANGUP_BY phone or baresip.
case_b() {
    local name=$1 by=$2 extra=() reason=RemoteHangup ok=1 status=0 port
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    [ "$by" = phone ] && extra=(--hangup-after 2s) && reason=LocalHangup
    port=$(free_port)
    start_bg "phone-$name" 40 "$phone" listen --t1 50ms --drain 5s --bind "$SC_HOST:$port" --transport udp --answer \
        --max-calls 1 "${extra[@]}"
    local pid=$SC_LAST_PID
    wait_listening "$port" udp 10 "$pid" || ok=0
    $ctrl "$bs_ctl" send dial "sip:sc@$SC_HOST:$port" >/dev/null || ok=0
    baresip_saw "bs-$name" CALL_ESTABLISHED || ok=0
    if [ "$by" = baresip ]; then
        $ctrl "$bs_ctl" send hangup >/dev/null || ok=0
    fi
    baresip_saw "bs-$name" CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    check_phone "phone-$name" 0 "$status" --states Connected --reason "$reason" \
        --calls 1 --connected 1 --failed 0 || ok=0
    verdict "$name" "$ok" "phone-$name" "bs-$name" "bs-$name-ctl"
}

# stand_in: baresip "caller" dials baresip "callee" (auto answer), then hangs up.
stand_in() {
    local ok=1 callee_port
    start_baresip bs-callee || ok=0
    callee_port=$bs_port
    start_baresip bs-caller || ok=0
    $ctrl "$bs_ctl" send dial "sip:bot@$SC_HOST:$callee_port" >/dev/null || ok=0
    baresip_saw bs-caller CALL_ESTABLISHED || ok=0
    baresip_saw bs-callee CALL_ESTABLISHED || ok=0
    $ctrl "$bs_ctl" send hangup >/dev/null || ok=0
    baresip_saw bs-caller CALL_CLOSED || ok=0
    baresip_saw bs-callee CALL_CLOSED || ok=0
    verdict "baresip-to-baresip" "$ok" bs-callee bs-callee-ctl bs-caller bs-caller-ctl
}

if [ "$phone" = stand-in ]; then
    stand_in
else
    case_a A1-phone-hangs-up phone
    case_a A2-baresip-hangs-up baresip
    case_b B1-phone-hangs-up phone
    case_b B2-baresip-hangs-up baresip
fi

sc_log "$passes passed, $failures failed"
[ "$failures" = 0 ]
