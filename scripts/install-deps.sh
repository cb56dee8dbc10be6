#!/usr/bin/env bash
# Installs every Debian 12 package that session-core's build, tests, benchmarks and fuzzers need.
# Idempotent: when everything is already installed it does nothing (no network, no apt-get).
# Only Debian packages are installed; nothing else is downloaded.
set -euo pipefail

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
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
