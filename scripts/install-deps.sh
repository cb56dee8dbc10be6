#!/usr/bin/env bash
# Installs every Debian 12 package that session-core's build, tests, benchmarks and fuzzers need.
# Idempotent: when everything is already installed it does nothing (no network, no apt-get).
# Only Debian packages are installed; nothing else is downloaded.
#   scripts/install-deps.sh           what build, tests and the other benchmarks need
#   scripts/install-deps.sh --bench   that, plus the benchmark-only peers (rtpengine for
#                                     `make bench-media`); `make test` never asks for them
set -euo pipefail

bench=0
if [ "${1:-}" = "--bench" ]; then
    bench=1
fi

packages=(
    # toolchain and build
    build-essential cmake ninja-build ccache pkg-config git
    clang-14 libclang-rt-14-dev libfuzzer-14-dev clang-format-14
    # libraries
    libboost1.81-dev libboost-json1.81-dev libfmt-dev libspdlog-dev libssl-dev libc-ares-dev
    # media: G.722 (spandsp), Opus, resampling (speexdsp), WAV files (libsndfile)
    libspandsp-dev libopus-dev libspeexdsp-dev libsndfile1-dev
    # real peers and tools of the loopback, interop and load tests (all on 127.0.0.1)
    sip-tester kamailio baresip-core openssl procps socat tshark
    # tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev
    # benchmark peers (SIP parsers we compare against)
    libsofia-sip-ua-dev libre-dev
)
# The RTP relay to beat (make bench-media). Only here: its package starts a daemon on
# install, which the rest of the suite must not have on the machine.
bench_packages=(rtpengine-daemon)
if [ "$bench" -eq 1 ]; then
    packages+=("${bench_packages[@]}")
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
    echo "install-deps: run as root (or: sudo $0) to install them" >&2
    exit 1
fi

echo "install-deps: installing ${#missing[@]} Debian package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# No package may start its service (rtpengine-daemon's unit and init script would): the
# benchmarks start their peers themselves, on 127.0.0.1, and stop them. policy-rc.d exit 101
# is Debian's "action forbidden" for invoke-rc.d, which maintainer scripts go through; one of
# ours is removed again afterwards, one the machine already had is left alone.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
fi
trap '[ "$own_policy" -eq 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# In case a package started its daemon anyway (no invoke-rc.d in its scripts).
for pkg in "${missing[@]}"; do
    if [ "$pkg" = rtpengine-daemon ] && pgrep -x rtpengine >/dev/null; then
        if command -v systemctl >/dev/null && systemctl is-active -q rtpengine-daemon 2>/dev/null; then
            systemctl stop rtpengine-daemon
        elif [ -x /etc/init.d/rtpengine-daemon ]; then
            /etc/init.d/rtpengine-daemon stop >/dev/null || true
        fi
    fi
done
echo "install-deps: done"
