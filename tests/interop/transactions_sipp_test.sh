#!/usr/bin/env bash
# Interop test of our RFC 3261 transaction layer through sc-responder, driven by SIPp (issue 5).
#   transactions_sipp_test.sh SERVER_BIN [TX_CLIENT]   e.g. build/release/bin/sc-responder
#   transactions_sipp_test.sh stand-in                 proves the harness without our server
# SERVER_BIN is started per profile on 127.0.0.1 with --bind HOST:PORT (UDP and TCP) and
#   default:  (486 for INVITE)      uac_options, uac_invite_486, uac_no_ack, TLS OPTIONS probe
#   answer:   --invite-status 200   uac_invite_200_bye
#   delay:    --invite-delay 2000   uac_cancel (the answer delay option the issue plans)
# "stand-in" uses Kamailio (kamailio/options-sl.cfg, 486 from a tm transaction) for the default
# profile, SIPp UAS scenarios for the others, an openssl s_server in front of Kamailio's TCP
# for TLS. The client-side checks (uas_drop_first.xml: our retransmission schedule) run
# TX_CLIENT (tests/tools/tx_client.cpp, our transaction layer) when given, SIPp's UAC in
# stand-in mode.
# Each case is bounded (SIPp -timeout, `timeout`); a failing case prints its SIPp files and the
# server's logs. Exits 1 when any case fails. Set SC_KEEP_TMP=1 to keep the files.
set -euo pipefail

# shellcheck source=tests/interop/lib.sh
source "$(dirname "$0")/lib.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 SERVER_BIN|stand-in [TX_CLIENT_BIN]" >&2
    exit 2
fi
server=$1
client=${2:-}  # our transaction-layer client (tests/tools/tx_client.cpp); else SIPp's UAC
if [ -n "$client" ] && [ ! -x "$client" ]; then
    echo "$0: $client is not an executable" >&2
    exit 2
fi
if [ "$server" != stand-in ] && [ ! -x "$server" ]; then
    echo "$0: $server is not an executable" >&2
    exit 2
fi
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

declare -A profile_port=()  # started sc-responder or Kamailio instances, by profile
declare -A profile_tls_port=()  # their TLS ports (sc-responder only)
tls_port=""                 # sc-responder's --tls-port
target_port=""              # set by target_for

# sc_responder_start PROFILE ARGS...: one sc-responder per profile, serving every case of it.
sc_responder_start() {
    local profile=$1 port tls
    shift
    port=$(free_port)
    tls=$(free_port)
    start_bg "responder-$profile" 600 "$server" --bind "$SC_HOST:$port" \
        --tls-cert "$SC_TMP/tls/cert.pem" --tls-key "$SC_TMP/tls/key.pem" --tls-port "$tls" "$@"
    if ! wait_listening "$port" udp 10 "$SC_LAST_PID" ||
        ! wait_listening "$port" tcp 10 "$SC_LAST_PID" ||
        ! wait_listening "$tls" tcp 10 "$SC_LAST_PID"; then
        fail_logs "responder-$profile"
        return 1
    fi
    profile_port[$profile]=$port
    profile_tls_port[$profile]=$tls
}

# tls_bridge PROFILE: a TCP port on 127.0.0.1 whose connections socat carries over TLS (OpenSSL,
# the server certificate checked against our throw-away CA) to the profile's TLS port. SIPp as
# packaged in Debian has no TLS transport, so the SIPp scenarios reach our TLS listener through
# it: SIPp -t t1 -> socat -> TLS -> sc-responder. Prints the bridge port.
tls_bridge() {
    local profile=$1 bridge
    bridge=$(free_port)
    start_bg "tls-bridge-$profile-$bridge" 120 socat \
        "TCP-LISTEN:$bridge,bind=$SC_HOST,reuseaddr,fork" \
        "OPENSSL:$SC_HOST:${profile_tls_port[$profile]},cafile=$SC_TMP/tls/cert.pem,verify=1"
    wait_listening "$bridge" tcp 10 "$SC_LAST_PID" || return 1
    echo "$bridge"
}

# target_for PROFILE TRANSPORT CASE: starts (or reuses) the server for PROFILE and sets
# target_port. SIPp stand-ins serve one call, so they are started per case. (Not to be run in
# a $(...) subshell: it records what it starts.)
target_for() {
    local profile=$1 transport=$2 case_name=$3
    if [ "$server" != stand-in ]; then
        if [ -z "${profile_port[$profile]:-}" ]; then
            case $profile in
            default)
                sc_responder_start default || return
                tls_port=${profile_tls_port[default]} ;;
            answer) sc_responder_start answer --invite-status 200 || return ;;
            delay) sc_responder_start delay --invite-delay 2000 || return ;;
            esac
        fi
        target_port=${profile_port[$profile]}
        return
    fi
    case $profile in
    default)
        if [ -z "${profile_port[default]:-}" ]; then
            profile_port[default]=$(free_port)
            start_kamailio kamailio "${profile_port[default]}" 2 600 || return
        fi
        target_port=${profile_port[default]} ;;
    answer | delay)
        local scenario=uas_answer.xml
        [ "$profile" = delay ] && scenario=uas_ring_cancel.xml
        target_port=$(free_port)
        start_sipp_uas "uas-$case_name" "$SC_SCENARIOS/$scenario" "$transport" "$target_port" ;;
    esac
}

# expect_count RUN COLUMN VALUE WHAT: a -trace_counts value of SIPp run RUN.
expect_count() {
    local got
    got=$(sipp_count "$1" "$2") || got="missing"
    [ "$got" = "$3" ] || {
        fail "$1: $2 is $got, expected $3 ($4)"
        return 1
    }
}

# run_case NAME PROFILE SCENARIO TRANSPORT SECONDS [COLUMN=VALUE:WHY ...]: one SIPp client run
# that must succeed, then the listed per-message counts (UDP only: TCP never retransmits).
run_case() {
    local name=$1 profile=$2 scenario=$3 transport=$4 seconds=$5 port check
    shift 5
    target_for "$profile" "$transport" "$name" || {
        fail "$name: server for profile $profile did not start"
        return
    }
    port=$target_port
    local sipp_transport=$transport
    if [ "$transport" = tls ]; then
        port=$(tls_bridge "$profile") || {
            fail "$name: the TLS bridge (socat) did not start"
            return
        }
        sipp_transport=t1
    fi
    local status=0
    run_sipp "$name" "$SC_SCENARIOS/$scenario" "$sipp_transport" "$SC_HOST:$port" "$seconds" ||
        status=$?
    if [ "$status" -ne 0 ]; then
        fail "$name: SIPp failed (status $status)"
        fail_logs "$name" "${SC_PEERS[@]}"
        return
    fi
    if [ "$transport" = u1 ]; then
        for check in "$@"; do
            local column=${check%%=*} rest=${check#*=}
            expect_count "$name" "$column" "${rest%%:*}" "${rest#*:}" || {
                fail_logs "$name"
                return
            }
        done
    fi
    pass "$name"
}

# case_no_ack: Timer G / Timer H of the INVITE server transaction, from the 486 copies SIPp
# saw; SIPp's own count of absorbed retransmissions must agree with its trace.
case_no_ack() {
    local name=no_ack_udp port min_count=10 n_trace n_counted
    [ "$server" = stand-in ] && min_count=9  # Kamailio's wait timer eats the 31.5 s copy
    target_for default u1 "$name" || {
        fail "$name: server did not start"
        return
    }
    port=$target_port
    run_sipp "$name" "$SC_SCENARIOS/uac_no_ack.xml" u1 "$SC_HOST:$port" 50 || {
        fail "$name: SIPp failed"
        fail_logs "$name" "${SC_PEERS[@]}"
        return
    }
    if ! check_timer_g "$SC_TMP/$name/messages" "$min_count" >"$SC_TMP/$name/timer_g" 2>&1; then
        fail "$name: 486 retransmissions off the Timer G/H schedule:"
        cat "$SC_TMP/$name/timer_g" >&2
        return
    fi
    n_trace=$(($(sipp_trace_times "$SC_TMP/$name/messages" received '^SIP/2\.0 486' | wc -l) - 1))
    n_counted=$(sipp_count "$name" _486_Retrans) || n_counted=missing
    [ "$n_trace" = "$n_counted" ] || {
        fail "$name: trace has $n_trace retransmissions, SIPp counted $n_counted"
        return
    }
    pass "$name ($n_trace retransmissions on schedule)"
}

# case_tls_options: OPTIONS over TLS gets 200 with our Call-ID and CSeq.
case_tls_options() {
    local name=tls_options port out=$SC_TMP/tls_options.resp
    if [ "$server" = stand-in ]; then
        local kport
        target_for default t1 "$name" || {
            fail "$name: Kamailio did not start"
            return
        }
        kport=$target_port
        # A one-connection TLS terminator: s_server's clear side is a TCP connection to
        # Kamailio (bash /dev/tcp), which has no TLS module here.
        port=$(free_port)
        mkdir -p "$SC_TMP/tls-terminator"
        (exec 3<>"/dev/tcp/$SC_HOST/$kport" && exec timeout -k 1 30 openssl s_server \
            -accept "$SC_HOST:$port" -cert "$SC_TMP/tls/cert.pem" -key "$SC_TMP/tls/key.pem" \
            -quiet -naccept 1 <&3 >&3 2>"$SC_TMP/tls-terminator/err") &
        SC_PIDS+=("$!")
        SC_PEERS+=(tls-terminator)
        wait_listening "$port" tcp || {
            fail "$name: TLS terminator did not start"
            return
        }
    else
        target_for default t1 "$name" || {
            fail "$name: server did not start"
            return
        }
        port=$tls_port
    fi
    if ! sip_options_text TLS "$port" "$port" "tls$$" | tls_request "$port" \
        "$SC_TMP/tls/cert.pem" "$out"; then
        fail "$name: no response over TLS"
        cat "$out.err" >&2
        fail_logs
        return
    fi
    if ! head -n 1 "$out" | grep -q '^SIP/2.0 200 ' || ! grep -qi "^Call-ID: tls$$@" "$out" ||
        ! grep -qi '^CSeq: 1 OPTIONS' "$out"; then
        fail "$name: unexpected response:"
        cat "$out" >&2
        return
    fi
    pass "$name"
}

# case_client_retrans METHOD CLIENT_SCENARIO: uas_drop_first.xml drops two copies of the client's request
# and answers the third; the copies must be 500 ms then 1 s apart (Timer A / Timer E). The
# client is ours (tx_client) when given, else SIPp's UAC.
case_client_retrans() {
    local method=$1 client_scenario=$2 name=drop_first_$1 port
    port=$(free_port)
    start_sipp_uas "uas-$name" "$SC_SCENARIOS/uas_drop_first.xml" u1 "$port" -nr || {
        fail "$name: UAS did not start"
        return
    }
    local uas_pid=$SC_LAST_PID
    if [ -n "$client" ]; then
        timeout -k 2 20 "$client" --to "$SC_HOST:$port" --method "$method" --transport udp \
            --wait 15 >"$SC_TMP/client-$name.out" 2>&1 || {
            fail "$name: our client got no final response:"
            cat "$SC_TMP/client-$name.out" >&2
            fail_logs "uas-$name"
            return
        }
    else
        run_sipp "client-$name" "$SC_SCENARIOS/$client_scenario" u1 "$SC_HOST:$port" 15 || {
            fail "$name: client run failed"
            fail_logs "client-$name" "uas-$name"
            return
        }
    fi
    wait "$uas_pid" || {
        fail "$name: the UAS scenario did not complete"
        fail_logs "uas-$name"
        return
    }
    if ! check_request_retrans "$SC_TMP/uas-$name/messages" "$method" >"$SC_TMP/$name.txt"; then
        fail "$name: client retransmissions off schedule:"
        cat "$SC_TMP/$name.txt" >&2
        return
    fi
    pass "$name ($(tr -s ' ' <"$SC_TMP/$name.txt"))"
}

make_tls_cert "$SC_TMP/tls"
sc_log "server under test: $server"

for transport in u1 t1; do
    run_case "options_$transport" default uac_options.xml "$transport" 10 \
        "_OPTIONS_Retrans=0:no OPTIONS retransmission, the server answered at once"
    run_case "invite_486_$transport" default uac_invite_486.xml "$transport" 10 \
        "_INVITE_Retrans=0:the server answered at once" \
        "_486_Retrans=0:the ACK (same branch) stopped Timer G"
    run_case "invite_200_bye_$transport" answer uac_invite_200_bye.xml "$transport" 15 \
        "_200_Retrans=0:the ACK stopped the 2xx retransmissions"
    run_case "cancel_$transport" delay uac_cancel.xml "$transport" 15 \
        "_487_Retrans=0:the ACK (same branch) stopped Timer G"
done
case_tls_options
if [ "$server" != stand-in ]; then
    # The same scenarios over TLS (SIPp -> socat -> TLS -> sc-responder): see tls_bridge.
    run_case options_tls default uac_options.xml tls 10
    run_case invite_486_tls default uac_invite_486.xml tls 10
    run_case invite_200_bye_tls answer uac_invite_200_bye.xml tls 15
    run_case cancel_tls delay uac_cancel.xml tls 15
fi
if [ "$server" = stand-in ] || [ -n "$client" ]; then
    case_client_retrans OPTIONS uac_options.xml
    case_client_retrans INVITE uac_invite_486.xml
fi
case_no_ack

# The servers exit when the script ends; stop them now so that a leak report is written.
for pid in "${SC_PIDS[@]}"; do
    kill -TERM "$(pgrep -P "$pid" || echo "$pid")" 2>/dev/null || true
done
for pid in "${SC_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
done
SC_PIDS=()
if reports=$(sanitizer_reports); then
    fail "sanitizer report(s) in: $reports"
    cat $reports >&2
fi

if [ "$failures" -ne 0 ]; then
    sc_log "$failures case(s) failed, $passes passed"
    exit 1
fi
sc_log "all $passes cases passed against $server"
