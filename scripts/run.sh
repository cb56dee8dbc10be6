#!/usr/bin/env bash
# `make run`: what can run today. The call server (sessiond) does not exist yet; until it does,
# this runs the sc-sip tool on a sample INVITE so you can see the parser at work.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/bin
echo "session-core: sessiond (the call server) is not built yet; the SIP message layer is."
echo "Parsing examples/invite.sip with sc-sip:"
echo
"$bin/sc-sip" parse examples/invite.sip
"$bin/sc-sip" parse --json examples/invite.sip
echo
echo "Try it on your own captures:  $bin/sc-sip parse FILE...   or   $bin/sc-sip parse --json FILE"
