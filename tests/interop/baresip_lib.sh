# shellcheck shell=bash
# What the baresip interop tests share (source after lib.sh and sc_init's definitions): a
# headless baresip (no sound card: ausine as the source, aubridge as player and alert, no UI)
# driven over ctrl_tcp (baresip_ctrl.py), sc-phone's output checked by phone_events.py, and
# the pass/fail tally.

ctrl="python3 $SC_LIB_DIR/baresip_ctrl.py"
events_check="python3 $SC_LIB_DIR/phone_events.py"

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

# What the next start_baresip configures (a test may change them before each start):
bs_codecs=PCMU,PCMA  # the account's audio_codecs, in order
bs_extra=""          # more config lines: modules, snd_path, rtp_ports ...

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
$bs_extra
CONFIG
    echo "<sip:bot@$SC_HOST>;regint=0;answermode=auto;audio_codecs=$bs_codecs" >"$dir/accounts"
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

