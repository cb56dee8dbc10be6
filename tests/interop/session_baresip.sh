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

if [ $# -ne 1 ] || { [ "$1" != stand-in ] && [ ! -x "$1" ]; }; then
    echo "usage: $0 SC_PHONE_BIN|stand-in" >&2
    exit 2
fi
phone=$1
ctrl="python3 $SC_LIB_DIR/baresip_ctrl.py"
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

# baresip_config DIR SIP_PORT CTRL_PORT: a config and an account for a headless baresip.
baresip_config() {
    local dir=$1 sip_port=$2 ctrl_port=$3
    mkdir -p "$dir"
    cat >"$dir/config" <<CONFIG
poll_method epoll
net_interface $SC_HOST
sip_listen $SC_HOST:$sip_port
call_local_timeout 120
call_max_calls 4
audio_source ausine,440
ausrc_srate 48000
ausrc_channels 2
audio_player aubridge,sink
audio_alert aubridge,alert
module_path /usr/lib/baresip/modules
module g711.so
module ausine.so
module aubridge.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen $SC_HOST:$ctrl_port
CONFIG
    echo "<sip:bot@$SC_HOST>;regint=0;answermode=auto;audio_codecs=PCMU,PCMA" >"$dir/accounts"
}

# start_baresip NAME: baresip NAME and its ctrl_tcp client NAME-ctl; sets bs_port (SIP, UDP)
# and bs_ctl (the client's directory for baresip_ctrl.py send/wait).
start_baresip() {
    local name=$1 ctrl_port pid
    bs_port=$(free_port)
    ctrl_port=$(free_port)
    baresip_config "$SC_TMP/$name-conf" "$bs_port" "$ctrl_port"
    start_bg "$name" 90 baresip -4 -f "$SC_TMP/$name-conf"
    pid=$SC_LAST_PID
    if ! wait_listening "$bs_port" udp 10 "$pid" || ! wait_listening "$ctrl_port" tcp 10 "$pid"; then
        fail_logs "$name"
        return 1
    fi
    # shellcheck disable=SC2086 # ctrl is a command and its interpreter
    start_bg "$name-ctl" 90 $ctrl "$ctrl_port" run "$SC_TMP/$name-ctl"
    bs_ctl=$SC_TMP/$name-ctl
    $ctrl "$bs_ctl" wait CONNECTED 10
}

# baresip_saw NAME TYPE...: baresip NAME reported each event TYPE (waits up to 10 s each).
baresip_saw() {
    local name=$1 type
    shift
    for type in "$@"; do
        $ctrl "$SC_TMP/$name-ctl" wait "$type" 10 || return 1
    done
}

# check_phone NAME WANT_STATUS GOT_STATUS CHECKS...: as in session_sipp.sh.
check_phone() {
    local name=$1 want=$2 got=$3
    shift 3
    local ok=1
    [ "$got" = "$want" ] || {
        echo "  sc-phone exited $got, expected $want" >&2
        ok=0
    }
    $events_check "$SC_TMP/$name/out" "$@" || ok=0
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$SC_TMP/$name/err"; then
        echo "  sanitizer report in $name" >&2
        ok=0
    fi
    [ $ok = 1 ]
}

# verdict CASE OK NAMES...: counts the case, prints the logs of NAMES when it failed.
verdict() {
    local case_name=$1 ok=$2
    shift 2
    if [ "$ok" = 1 ]; then
        pass "$case_name"
    else
        fail "$case_name"
        fail_logs "$@"
    fi
}

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
