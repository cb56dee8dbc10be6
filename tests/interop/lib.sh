# shellcheck shell=bash
# Shared helpers of the SIPp / Kamailio interop tests and benchmarks (source it, don't run it).
#   source tests/interop/lib.sh; sc_init
# Everything binds 127.0.0.1 only, every process runs under `timeout`, and sc_init's EXIT trap
# stops what we started (by pid, nothing else) and removes the temp dir. Each SIPp run or server
# gets a NAME; its files are $SC_TMP/NAME/{out,err,...} and fail_logs prints them.

SC_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_REPO_DIR=$(cd "$SC_LIB_DIR/../.." && pwd)
# shellcheck disable=SC2034 # for the scripts that source this file
SC_SCENARIOS=$SC_REPO_DIR/tests/scenarios
SC_KAMAILIO_CFG=$SC_LIB_DIR/kamailio/options-sl.cfg
SC_KAMAILIO_MODULES=/usr/lib/x86_64-linux-gnu/kamailio/modules
SC_HOST=127.0.0.1

SC_TMP=""
SC_PIDS=()       # background processes we started (the `timeout` wrapper of each)
SC_PEERS=()      # their names, for fail_logs

# sc_init: temp dir and the cleanup trap. Call once, before anything else.
sc_init() {
    SC_TMP=$(mktemp -d "${TMPDIR:-/tmp}/sc-interop.XXXXXX")
    trap sc_cleanup EXIT
    trap 'exit 130' INT TERM
}

sc_cleanup() {
    local pid
    for pid in "${SC_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${SC_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    SC_PIDS=()
    if [ -n "${SC_KEEP_TMP:-}" ]; then
        echo "interop: files kept in $SC_TMP" >&2
    elif [ -n "$SC_TMP" ]; then
        rm -rf "$SC_TMP"
    fi
}

sc_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# free_port: prints a port that nothing uses on UDP or TCP and that we have not handed out yet
# (remembered in a file: callers run it in $(...) subshells). The kernel's ephemeral range is
# left alone so that our port does not collide with a client socket the kernel picks meanwhile.
free_port() {
    local port tries=0
    while [ $tries -lt 200 ]; do
        port=$((20000 + RANDOM % 12000))
        tries=$((tries + 1))
        grep -qx "$port" "$SC_TMP/ports.given" 2>/dev/null && continue
        if ! ss -Hlnut "( sport = :$port )" | grep -q .; then
            echo "$port" >>"$SC_TMP/ports.given"
            echo "$port"
            return 0
        fi
    done
    echo "free_port: no free port found" >&2
    return 1
}

# wait_listening PORT PROTO [SECONDS] [PID]: polls ss until 127.0.0.1:PORT is bound for PROTO
# (udp or tcp), at most SECONDS (default 10), giving up early when PID (the server) has exited.
# Polling a condition under a deadline, not a fixed sleep.
wait_listening() {
    local port=$1 proto=$2 seconds=${3:-10} pid=${4:-} flag
    [ "$proto" = udp ] && flag=-Hlnu || flag=-Hlnt
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -lt $deadline ]; do
        ss "$flag" "( sport = :$port )" | grep -q "$SC_HOST:$port" && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            echo "wait_listening: the server exited before listening on $proto $port" >&2
            return 1
        fi
        sleep 0.05
    done
    echo "wait_listening: nothing listens on $proto $SC_HOST:$port after ${seconds}s" >&2
    return 1
}

# start_bg NAME SECONDS CMD...: runs CMD in the background in $SC_TMP/NAME (its cwd), killed
# after SECONDS whatever happens. Sets SC_LAST_PID (the timeout wrapper's pid).
start_bg() {
    local name=$1 seconds=$2
    shift 2
    mkdir -p "$SC_TMP/$name"
    (cd "$SC_TMP/$name" && exec timeout -k 2 "$seconds" "$@" >out 2>err) &
    SC_LAST_PID=$!
    SC_PIDS+=("$SC_LAST_PID")
    SC_PEERS+=("$name")
}

# stop_bg PID: SIGTERM (timeout passes it on), then waits; the status is not an error.
stop_bg() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# fail_logs NAME...: prints the logs of the named runs (default: every server we started).
fail_logs() {
    local name file
    [ $# -gt 0 ] || set -- "${SC_PEERS[@]}"
    for name in "$@"; do
        for file in "$SC_TMP/$name"/*; do
            [ -f "$file" ] || continue
            echo "----- $name: $(basename "$file") (last 60 lines)" >&2
            tail -n 60 "$file" >&2
        done
    done
}

# start_kamailio NAME PORT [CHILDREN] [SECONDS]: Kamailio with options-sl.cfg on 127.0.0.1:PORT
# (UDP and TCP), in the foreground of its timeout wrapper (-DD -E), runtime dir and pid file in
# its own dir; waits until both sockets listen. Sets SC_LAST_PID.
start_kamailio() {
    local name=$1 port=$2 children=${3:-2} seconds=${4:-120}
    mkdir -p "$SC_TMP/$name/run"
    start_bg "$name" "$seconds" kamailio -DD -E -f "$SC_KAMAILIO_CFG" -L "$SC_KAMAILIO_MODULES" \
        -A "SC_PORT=$port" -A "SC_CHILDREN=$children" -Y "$SC_TMP/$name/run" \
        -P "$SC_TMP/$name/run/kamailio.pid" -m 64 -M 8
    local pid=$SC_LAST_PID
    if ! wait_listening "$port" udp 10 "$pid" || ! wait_listening "$port" tcp 10 "$pid"; then
        fail_logs "$name"
        return 1
    fi
    SC_LAST_PID=$pid
}

# kamailio_main_pid NAME: the pid of Kamailio's main process (its children are its descendants).
kamailio_main_pid() { cat "$SC_TMP/$1/run/kamailio.pid"; }

# sipp_common_args: options every SIPp run gets: our address only, its control socket on a free
# port of ours (SIPp binds 8888 otherwise), no keyboard.
sipp_common_args() {
    echo "-i $SC_HOST -bind_local -ci $SC_HOST -cp $(free_port) -nostdin"
}

# start_sipp_uas NAME SCENARIO TRANSPORT PORT [SIPP_ARGS...]: a SIPp server on 127.0.0.1:PORT
# (TRANSPORT u1 or t1) that serves one call (-m 1) and gives up after 60 s. Traces messages
# with their times (-trace_msg) and per-message counts (-trace_counts). Sets SC_LAST_PID.
start_sipp_uas() {
    local name=$1 scenario=$2 transport=$3 port=$4
    shift 4
    # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
    start_bg "$name" 70 sipp -sf "$scenario" -t "$transport" -p "$port" -m 1 \
        $(sipp_common_args) -timeout 60s -timeout_error \
        -trace_msg -message_file messages -trace_err -error_file errors -trace_counts \
        -trace_logs -log_file logs "$@"
    local pid=$SC_LAST_PID
    wait_listening "$port" "$([ "$transport" = t1 ] && echo tcp || echo udp)" 10 "$pid" || {
        fail_logs "$name"
        return 1
    }
    SC_LAST_PID=$pid
}

# run_sipp NAME SCENARIO TRANSPORT TARGET SECONDS [SIPP_ARGS...]: a SIPp client run to TARGET
# (host:port), bounded twice: SIPp's own -timeout SECONDS (an error, -timeout_error) and a
# `timeout` 10 s later. Default one call (-m 1; pass -m to change). Returns SIPp's status;
# files in $SC_TMP/NAME (messages, errors, counts CSV, screen).
run_sipp() {
    local name=$1 scenario=$2 transport=$3 target=$4 seconds=$5
    shift 5
    local calls=(-m 1)
    case " $* " in *" -m "*) calls=() ;; esac
    mkdir -p "$SC_TMP/$name"
    local status=0
    # shellcheck disable=SC2046 # sipp_common_args is a list of words on purpose
    (cd "$SC_TMP/$name" && exec timeout -k 2 $((seconds + 10)) sipp -sf "$scenario" \
        -t "$transport" -p "$(free_port)" "${calls[@]}" $(sipp_common_args) \
        -timeout "${seconds}s" -timeout_error \
        -trace_msg -message_file messages -trace_err -error_file errors -trace_counts \
        -trace_logs -log_file logs -trace_screen -screen_file screen \
        "$@" "$target" >out 2>err) || status=$?
    return $status
}

# sipp_count NAME COLUMN: the last value of COLUMN (e.g. 3_486_Retrans; a suffix such as
# _486_Retrans also matches) in run NAME's -trace_counts CSV.
sipp_count() {
    local csv
    csv=$(find "$SC_TMP/$1" -maxdepth 1 -name '*_counts.csv' | head -n 1)
    [ -n "$csv" ] || {
        echo "sipp_count: no counts CSV in $SC_TMP/$1" >&2
        return 1
    }
    awk -F';' -v col="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col || substr($i, length($i) - length(col) + 1) == col) c = i }
        END { if (!c) exit 1; print $c }
    ' <(tr -d '\r' <"$csv") || {
        echo "sipp_count: no column $2 in $csv" >&2
        return 1
    }
}

# sipp_trace_times FILE DIRECTION REGEX: from a SIPp -trace_msg file, the arrival (DIRECTION
# received) or send (sent) times in seconds, one a line, of the messages whose first line
# matches REGEX (awk ERE). SIPp writes each message as a dashes line ending in
# "YYYY-MM-DD HH:MM:SS.micros", a line "UDP message received [N] bytes :" (or "sent"), a blank
# line, then the message. Times of day become seconds; a wrap past midnight adds a day.
sipp_trace_times() {
    awk -v dir="$2" -v re="$3" '
        /^-+ [0-9]+-[0-9]+-[0-9]+ [0-9]+:[0-9]+:[0-9.]+$/ {
            split($3, t, ":")
            now = t[1] * 3600 + t[2] * 60 + t[3]
            if (now < last) day += 86400
            last = now
            state = 1; next
        }
        state == 1 { state = ($0 ~ (" " dir)) ? 2 : 0; next }
        state == 2 && $0 != "" { if ($0 ~ re) printf "%.6f\n", now + day; state = 0 }
    ' "$1"
}

# check_timer_g TRACE MIN_COUNT: the 486 copies a client saw (a uac_no_ack.xml trace) follow
# the server's Timer G and stop on Timer H (RFC 3261 §17.2.1): T1 = 500 ms, T2 = 4 s, copies
# at 0.5, 1.5, 3.5, 7.5, 11.5, ..., 31.5 s after the first 486 (±150 ms), none after
# 64*T1 = 32 s. MIN_COUNT is how many retransmissions must come (10 for the RFC schedule; 9
# lets the last one, due 0.5 s before Timer H, fall to a coarse timer, as Kamailio's does).
check_timer_g() {
    local trace=$1 min_count=$2
    sipp_trace_times "$trace" received '^SIP/2\.0 486' | awk -v min="$min_count" '
        NR == 1 { t0 = $1; next }
        {
            n++
            got = $1 - t0
            want = (n == 1) ? 0.5 : (n == 2) ? 1.5 : (n == 3) ? 3.5 : 3.5 + 4 * (n - 3)
            printf "  486 retransmission %d at %.3f s (RFC: %.1f s)\n", n, got, want
            if (got > 32.15) { print "  ... after Timer H (32 s)"; bad = 1 }
            else if (got < want - 0.15 || got > want + 0.15) { print "  ... off schedule"; bad = 1 }
        }
        END {
            if (NR == 0) { print "  no 486 at all"; exit 1 }
            if (n < min) { printf "  %d retransmissions, expected at least %d\n", n, min; exit 1 }
            exit bad
        }'
}

# check_request_retrans TRACE METHOD: the first three copies of METHOD a server saw (a
# uas_drop_first.xml trace) came 500 ms then 1 s apart (±150 ms): Timer A (RFC 3261
# §17.1.1.2) or Timer E (§17.1.2.2) of the client, starting at T1 and doubling.
check_request_retrans() {
    sipp_trace_times "$1" received "^$2 " | awk '
        { t[NR] = $1 }
        END {
            if (NR < 3) { printf "  %d transmissions, expected 3\n", NR; exit 1 }
            d1 = t[2] - t[1]; d2 = t[3] - t[2]
            printf "  retransmitted after %.3f s, then %.3f s (RFC: 0.5 s, 1 s)\n", d1, d2
            exit !(d1 > 0.35 && d1 < 0.65 && d2 > 0.85 && d2 < 1.15)
        }'
}

# make_tls_cert DIR: a throw-away self-signed certificate for 127.0.0.1 (DIR/cert.pem,
# DIR/key.pem), made at test time so that no key is ever committed.
make_tls_cert() {
    mkdir -p "$1"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1" \
        -keyout "$1/key.pem" -out "$1/cert.pem" >"$1/openssl.log" 2>&1 || {
        cat "$1/openssl.log" >&2
        return 1
    }
}

# tls_request PORT CAFILE OUT: sends the SIP request on stdin over TLS to 127.0.0.1:PORT
# (openssl s_client, certificate checked against CAFILE) and writes the first response's
# header section to OUT; waits for it at most 5 s (read -t under a deadline, no fixed sleep).
# SIPp as packaged here has no TLS transport (-t l1), so TLS is probed this way.
tls_request() {
    local port=$1 cafile=$2 out=$3 request line deadline=$((SECONDS + 5))
    request=$(cat && echo .) # the dot keeps the final CRLF from $(...)'s trimming
    request=${request%.}
    : >"$out"
    coproc TLS_CLIENT { exec timeout -k 1 10 openssl s_client -connect "$SC_HOST:$port" \
        -CAfile "$cafile" -verify_return_error -verify_ip "$SC_HOST" -quiet 2>"$out.err"; }
    printf '%s' "$request" >&"${TLS_CLIENT[1]}"
    while [ $SECONDS -lt $deadline ] && IFS= read -r -t 5 line <&"${TLS_CLIENT[0]}"; do
        line=${line%$'\r'}
        [ -z "$line" ] && [ -s "$out" ] && break
        [ -n "$line" ] && echo "$line" >>"$out"
    done
    kill "$TLS_CLIENT_PID" 2>/dev/null || true
    wait "$TLS_CLIENT_PID" 2>/dev/null || true
    [ -s "$out" ]
}

# sip_options_text TRANSPORT LOCAL_PORT TARGET_PORT CALL_ID: a complete OPTIONS (CRLF line ends,
# Content-Length 0) for tls_request.
sip_options_text() {
    local transport=$1 lport=$2 rport=$3 call_id=$4
    printf '%s\r\n' \
        "OPTIONS sip:probe@$SC_HOST:$rport SIP/2.0" \
        "Via: SIP/2.0/$transport $SC_HOST:$lport;branch=z9hG4bK-$call_id;rport" \
        "Max-Forwards: 70" \
        "From: <sip:probe@$SC_HOST>;tag=$call_id" \
        "To: <sip:probe@$SC_HOST:$rport>" \
        "Call-ID: $call_id@$SC_HOST" \
        "CSeq: 1 OPTIONS" \
        "Content-Length: 0" \
        ""
}

# sanitizer_reports: prints the stderr files of our own servers and clients (responder-*,
# held*, client-*) that hold an AddressSanitizer, LeakSanitizer or UBSan report; status 0 when
# there is one. In the asan build the same tests thus also check the processes they start.
sanitizer_reports() {
    grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)' \
        "$SC_TMP"/responder*/err "$SC_TMP"/held*/err "$SC_TMP"/client-*.out 2>/dev/null
}
