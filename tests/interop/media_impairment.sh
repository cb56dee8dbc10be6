#!/usr/bin/env bash
# Quality metrics under impairment: baresip calls sc-phone listen through udp_impair_relay,
# which drops, delays and jitters baresip's RTP on its way to us (our SDP names the relay's
# port, --sdp-rtp-port; RTCP passes through a second, clean relay). At three levels, from
# clean to 15 % loss, sc-phone's reported loss and jitter must match what the relay did
# (impairment_check.py), and the MOS must fall as the loss rises.
#   media_impairment.sh SC_PHONE UDP_IMPAIR_RELAY
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=tests/interop/baresip_lib.sh
source "$(dirname "$0")/baresip_lib.sh"

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
    echo "usage: $0 SC_PHONE UDP_IMPAIR_RELAY" >&2
    exit 2
fi
phone=$1
relay=$2
sc_init

phone_rtp=46200       # sc-phone binds this pair
relay_rtp=46210       # and names this one (the relays listen here)
call_seconds=8        # 400 packets of 20 ms

# level NAME DROP_PCT DELAY_MEAN_MS DELAY_STDDEV_MS [MAX_MOS]: one call at that impairment;
# sets level_mos to the MOS measured.
level() {
    local name=$1 drop=$2 mean=$3 stddev=$4 max_mos=${5:-} ok=1 status=0 port check_args=()
    bs_codecs=PCMU
    bs_extra="rtp_ports 46300-46399"
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    start_bg "relay-$name" 60 "$relay" --listen "$relay_rtp" --forward "$phone_rtp" \
        --drop "$drop" --delay-mean "$mean" --delay-stddev "$stddev" --seed 4733 \
        --report "$SC_TMP/relay-$name.json"
    local relay_pid=$SC_LAST_PID
    start_bg "relay-rtcp-$name" 60 "$relay" --listen $((relay_rtp + 1)) \
        --forward $((phone_rtp + 1)) --report "$SC_TMP/relay-rtcp-$name.json"
    local rtcp_pid=$SC_LAST_PID
    wait_listening "$relay_rtp" udp 10 "$relay_pid" || ok=0
    wait_listening $((relay_rtp + 1)) udp 10 "$rtcp_pid" || ok=0
    port=$(free_port)
    start_bg "phone-$name" 60 "$phone" listen --t1 50ms --drain 5s --bind "$SC_HOST:$port" \
        --transport udp --answer --max-calls 1 --codecs PCMU,telephone-event \
        --rtp-ports "$phone_rtp-$((phone_rtp + 1))" --sdp-rtp-port "$relay_rtp" \
        --quality-interval 2s --rtcp-interval 1s
    local pid=$SC_LAST_PID
    wait_listening "$port" udp 10 "$pid" || ok=0
    $ctrl "$bs_ctl" send dial "sip:sc@$SC_HOST:$port" >/dev/null || ok=0
    baresip_saw "bs-$name" CALL_ESTABLISHED || ok=0
    sleep "$call_seconds"
    $ctrl "$bs_ctl" send hangup >/dev/null || ok=0
    baresip_saw "bs-$name" CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    kill -TERM "$relay_pid" "$rtcp_pid" 2>/dev/null || true
    wait "$relay_pid" "$rtcp_pid" 2>/dev/null || true
    check_phone "phone-$name" 0 "$status" --states Connected --reason RemoteHangup \
        --calls 1 --connected 1 --events MediaStarted,MediaQuality,MediaStopped || ok=0
    [ -n "$max_mos" ] && check_args=(--max-mos "$max_mos")
    local figures
    if figures=$(python3 "$SC_LIB_DIR/impairment_check.py" "$SC_TMP/phone-$name/out" \
        "$SC_TMP/relay-$name.json" "${check_args[@]}"); then
        sc_log "  $name: $figures"
    else
        sc_log "  $name: $figures"
        ok=0
    fi
    level_mos=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["mos"])' "$figures" \
        2>/dev/null || echo 0)
    verdict "$name" "$ok" "phone-$name" "bs-$name" "relay-$name"
}

level clean 0 0 0
level loss5 5 30 5 "$level_mos"
level loss15 15 30 5 "$level_mos"

sc_log "$passes passed, $failures failed"
[ "$failures" = 0 ]
