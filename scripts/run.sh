#!/usr/bin/env bash
# `make run`: what can run today. The call server (sessiond) does not exist yet. Until it does,
# this shows the SIP parser on a sample INVITE (sc-sip), then starts sc-responder, the small UAS
# on the transport and transaction layers, on 127.0.0.1 until Ctrl-C.
#   SC_PORT=5060 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bin
port=${SC_PORT:-5060}
echo "session-core: sessiond (the call server) is not built yet; the SIP message, transport"
echo "and transaction layers are. Parsing examples/invite.sip with sc-sip:"
echo
"$bin/sc-sip" parse examples/invite.sip
echo
echo "Starting sc-responder on 127.0.0.1:$port (UDP and TCP): OPTIONS -> 200, INVITE -> 486."
echo "Try it from another shell:"
echo "  sipp -sf tests/scenarios/uac_options.xml 127.0.0.1:$port -m 10      # 10 OPTIONS"
echo "  sipp -sf tests/scenarios/uac_invite_486.xml 127.0.0.1:$port -m 1    # INVITE, 486, ACK"
echo "  $bin/sc-sip parse --json FILE                                        # check a capture"
echo "Ctrl-C stops it (open transactions finish first; Ctrl-C again stops at once)."
echo
exec "$bin/sc-responder" --bind "127.0.0.1:$port"
