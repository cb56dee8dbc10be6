#!/usr/bin/env bash
# Real audio and RFC 4733 DTMF between sc-phone and baresip (Debian's baresip-core, headless,
# see baresip_lib.sh), on 127.0.0.1 only, each process bounded in time.
#   media_baresip.sh SC_PHONE WAV_TONE_CHECK MAKE_TEST_WAV
# Cases (a fresh baresip for each):
#   audio-CODEC for PCMU, PCMA, G722 and opus: sc-phone calls baresip and plays a 1 kHz WAV
#       while recording what it hears; baresip sends its 440 Hz sine (ausine) and its sndfile
#       module writes what it decoded. sc-phone's recording must be 440 Hz and baresip's
#       1 kHz, neither silent (wav_tone_check), and sc-phone's MediaStopped must show packets
#       received with no loss. On PCMU, tshark (when installed) checks the capture of both RTP
#       streams: the payload type, 20 ms timestamp steps (160 at 8 kHz), the marker bit on our
#       first packet, and RTCP sender reports from both sides.
#   dtmf-to-baresip: sc-phone --dtmf 1234#*; baresip's CALL_DTMF_START events give 1234#*.
#   dtmf-from-baresip: baresip dials sc-phone listen and sends 1234#* (ctrl_tcp sndcode);
#       sc-phone's DtmfReceived events give 1234#*.
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=tests/interop/baresip_lib.sh
source "$(dirname "$0")/baresip_lib.sh"

if [ $# -ne 3 ] || [ ! -x "$1" ] || [ ! -x "$2" ] || [ ! -x "$3" ]; then
    echo "usage: $0 SC_PHONE WAV_TONE_CHECK MAKE_TEST_WAV" >&2
    exit 2
fi
phone=$1
tone_check=$2
make_wav=$3
sc_init

# Our RTP ports and baresip's, apart, so the capture filter names exactly the two streams.
phone_rtp=46000-46099
baresip_rtp=46100-46199

"$make_wav" "$SC_TMP/tone-1000.wav" 16000 1000 -6 10000 >/dev/null

# media_baresip_config SND_DIR: the extra baresip lines for audio cases.
media_baresip_config() {
    bs_extra="module g722.so
module opus.so
module sndfile.so
snd_path $1
rtp_ports $baresip_rtp"
    mkdir -p "$1"
}

# heard FILE HZ: wav_tone_check's verdict, its JSON line in the log.
heard() {
    local out
    if out=$("$tone_check" "$1" --expect "$2" --tolerance 15); then
        sc_log "  $(basename "$1"): $out"
        return 0
    fi
    echo "  $(basename "$1") is not $2 Hz: $out" >&2
    return 1
}

# start_capture NAME: tshark on the loopback for the RTP port ranges (when tshark exists).
capture_pid=""
start_capture() {
    capture_pid=""
    command -v tshark >/dev/null || return 0
    start_bg "$1" 30 tshark -q -i lo -f "udp portrange ${phone_rtp} or udp portrange ${baresip_rtp}" \
        -w "$SC_TMP/$1.pcapng"
    capture_pid=$SC_LAST_PID
    # dumpcap says "Capturing on" once the filter is set.
    for _ in $(seq 1 50); do
        grep -q "Capturing on" "$SC_TMP/$1/err" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "  tshark did not start capturing" >&2
    return 1
}

# check_capture NAME PT: the RTP and RTCP in the capture, as the header says.
check_capture() {
    local name=$1 pt=$2
    [ -n "$capture_pid" ] || {
        sc_log "  tshark not installed: capture checks skipped"
        return 0
    }
    kill -INT "$capture_pid" 2>/dev/null || true
    wait "$capture_pid" 2>/dev/null || true
    python3 "$SC_LIB_DIR/rtp_capture_check.py" "$SC_TMP/$name.pcapng" --payload-type "$pt" \
        --step 160 --ours "${phone_rtp}" --theirs "${baresip_rtp}"
}

# case_audio CODEC PT: the audio case of CODEC (its RTP payload type PT, or "dyn").
case_audio() {
    local codec=$1 pt=$2 name="audio-$1" ok=1 status=0 duration=4s
    # baresip sends its first RTCP report about 5 s into a call: the captured call is longer.
    [ "$codec" = PCMU ] && duration=7s
    bs_codecs=$codec
    media_baresip_config "$SC_TMP/bs-$name-snd"
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    [ "$codec" = PCMU ] && { start_capture "cap-$name" || ok=0; }
    start_bg "phone-$name" 40 "$phone" call --t1 50ms --drain 5s "sip:bot@$SC_HOST:$bs_port" \
        --codecs "$codec,telephone-event" --rtp-ports "$phone_rtp" --duration "$duration" --timeout 10s \
        --play "$SC_TMP/tone-1000.wav" --loop --record "$SC_TMP/$name-heard.wav" \
        --quality-interval 1s --rtcp-interval 1s
    local pid=$SC_LAST_PID
    baresip_saw "bs-$name" CALL_ESTABLISHED CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    check_phone "phone-$name" 0 "$status" --states Connected --reason LocalHangup \
        --calls 1 --connected 1 --events MediaStarted,MediaQuality,MediaStopped \
        --min-received 100 --max-loss 0 || ok=0
    heard "$SC_TMP/$name-heard.wav" 440 || ok=0
    local dump
    dump=$(find "$SC_TMP/bs-$name-snd" -name '*-dec.wav' | head -1)
    if [ -z "$dump" ]; then
        echo "  baresip wrote no recording" >&2
        ok=0
    else
        heard "$dump" 1000 || ok=0
    fi
    [ "$codec" = PCMU ] && { check_capture "cap-$name" "$pt" || ok=0; }
    verdict "$name" "$ok" "phone-$name" "bs-$name" "bs-$name-ctl"
}

# dtmf_digits CTL_DIR: the params of baresip's CALL_DTMF_START events, in order.
dtmf_digits() {
    python3 - "$1/events" <<'PY'
import json, sys
digits = ""
for line in open(sys.argv[1], encoding="utf-8"):
    event = json.loads(line)
    if event.get("type") == "CALL_DTMF_START":
        digits += event.get("param", "?")
print(digits)
PY
}

case_dtmf_to_baresip() {
    local name=dtmf-to-baresip ok=1 status=0 digits
    bs_codecs=PCMU
    bs_extra=""
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    start_bg "phone-$name" 40 "$phone" call --t1 50ms --drain 5s "sip:bot@$SC_HOST:$bs_port" \
        --rtp-ports "$phone_rtp" --duration 4s --timeout 10s --dtmf '1234#*' --dtmf-delay 500ms
    local pid=$SC_LAST_PID
    baresip_saw "bs-$name" CALL_ESTABLISHED CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    check_phone "phone-$name" 0 "$status" --states Connected --reason LocalHangup \
        --calls 1 --connected 1 --events MediaStarted,MediaStopped || ok=0
    digits=$(dtmf_digits "$SC_TMP/bs-$name-ctl")
    if [ "$digits" != '1234#*' ]; then
        echo "  baresip heard DTMF '$digits', expected '1234#*'" >&2
        ok=0
    fi
    verdict "$name" "$ok" "phone-$name" "bs-$name" "bs-$name-ctl"
}

case_dtmf_from_baresip() {
    local name=dtmf-from-baresip ok=1 status=0 port
    bs_codecs=PCMU
    bs_extra=""
    start_baresip "bs-$name" || {
        fail "$name: baresip did not start"
        return
    }
    port=$(free_port)
    start_bg "phone-$name" 40 "$phone" listen --t1 50ms --drain 5s --bind "$SC_HOST:$port" \
        --transport udp --answer --max-calls 1 --rtp-ports "$phone_rtp"
    local pid=$SC_LAST_PID
    wait_listening "$port" udp 10 "$pid" || ok=0
    $ctrl "$bs_ctl" send dial "sip:sc@$SC_HOST:$port" >/dev/null || ok=0
    baresip_saw "bs-$name" CALL_ESTABLISHED || ok=0
    sleep 0.5
    $ctrl "$bs_ctl" send sndcode '1234#*' >/dev/null || ok=0
    sleep 2
    $ctrl "$bs_ctl" send hangup >/dev/null || ok=0
    baresip_saw "bs-$name" CALL_CLOSED || ok=0
    wait "$pid" || status=$?
    check_phone "phone-$name" 0 "$status" --states Connected --reason RemoteHangup \
        --calls 1 --connected 1 --dtmf '1234#*' || ok=0
    verdict "$name" "$ok" "phone-$name" "bs-$name" "bs-$name-ctl"
}

case_audio PCMU 0
case_audio PCMA 8
case_audio G722 9
case_audio opus dyn
case_dtmf_to_baresip
case_dtmf_from_baresip

sc_log "$passes passed, $failures failed"
[ "$failures" = 0 ]
