// Our side of `make bench-media`'s relay figures: N RtpRelay sessions on one thread (one
// io_context), their ports from one RtpPortAllocator range, everything on 127.0.0.1. Call i's
// phones are at BASE + 4i (leg A) and BASE + 4i + 2 (leg B), as the load generator binds them
// and as the rtpengine side's offer/answer gives them, so both relays send to the same
// addresses from the first packet. Writes "i a_port b_port" per call to the ports file (via a
// rename, so a reader never sees half of it), then runs until SIGTERM or SIGINT and prints
// what was forwarded and dropped, and how many operator new calls the run made after the
// set-up: the hot path must allocate nothing per packet, so that stays a small constant
// (Asio's first handler allocations per thread) whatever the packet count.
//
//   bench_relay_server --calls=N --ports=FIRST-LAST --phones=BASE --ports-out=FILE
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <sessioncore/media/rtp_relay.hpp>

#include "counting_allocator.hpp"

namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
namespace media = sessioncore::media;

struct Options {
    unsigned calls = 200;
    std::uint16_t first = 30000;
    std::uint16_t last = 34999;
    std::uint16_t phones = 21000;
    std::string ports_out;
};

template <class T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_args(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg{argv[i]};
        const auto eq = arg.find('=');
        if (eq == std::string_view::npos)
            return false;
        const auto key = arg.substr(0, eq);
        const auto value = arg.substr(eq + 1);
        bool ok = true;
        if (key == "--calls") {
            ok = parse_number(value, o.calls);
        } else if (key == "--ports") {
            const auto dash = value.find('-');
            ok = dash != std::string_view::npos && parse_number(value.substr(0, dash), o.first) &&
                 parse_number(value.substr(dash + 1), o.last);
        } else if (key == "--phones") {
            ok = parse_number(value, o.phones);
        } else if (key == "--ports-out") {
            o.ports_out = std::string{value};
        } else {
            ok = false;
        }
        if (!ok)
            return false;
    }
    return !o.ports_out.empty() && o.calls > 0;
}

udp::endpoint phone(const Options& o, unsigned call, unsigned leg) {
    return {asio::ip::make_address("127.0.0.1"),
            static_cast<std::uint16_t>(o.phones + 4 * call + 2 * leg)};
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse_args(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: bench_relay_server --calls=N --ports=FIRST-LAST --phones=BASE "
                     "--ports-out=FILE\n");
        return 2;
    }
    asio::io_context io{1};
    media::RtpPortAllocator allocator{{o.first, o.last}};
    const auto address = asio::ip::make_address("127.0.0.1");
    std::vector<std::unique_ptr<media::RtpRelay>> relays;
    const std::string tmp = o.ports_out + ".tmp";
    std::ofstream out{tmp};
    for (unsigned i = 0; i < o.calls; ++i) {
        auto a = allocator.allocate(io.get_executor(), address);
        auto b = allocator.allocate(io.get_executor(), address);
        if (!a || !b) {
            std::fprintf(stderr, "bench_relay_server: call %u: %s\n", i,
                         (!a ? a.error() : b.error()).message().c_str());
            return 1;
        }
        media::RtpRelayConfig config;
        config.a.remote_rtp = phone(o, i, 0);
        config.b.remote_rtp = phone(o, i, 1);
        relays.push_back(std::make_unique<media::RtpRelay>(io.get_executor(), std::move(*a),
                                                           std::move(*b), config));
        relays.back()->start();
        out << i << ' ' << relays.back()->a_rtp_port() << ' ' << relays.back()->b_rtp_port()
            << '\n';
    }
    out.close();
    if (!out || std::rename(tmp.c_str(), o.ports_out.c_str()) != 0) {
        std::fprintf(stderr, "bench_relay_server: cannot write %s\n", o.ports_out.c_str());
        return 1;
    }
    asio::signal_set signals{io, SIGTERM, SIGINT};
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    const auto allocations_before = sessioncore::bench::allocation_count();
    io.run();
    const auto allocations = sessioncore::bench::allocation_count() - allocations_before;

    media::RtpRelayDirectionStats total;
    for (const auto& relay : relays) {
        for (const auto& d : {relay->stats().from_a, relay->stats().from_b}) {
            total.rtp_forwarded += d.rtp_forwarded;
            total.dropped_strict_source += d.dropped_strict_source;
            total.dropped_malformed += d.dropped_malformed;
            total.dropped_no_destination += d.dropped_no_destination;
            total.dropped_send_failed += d.dropped_send_failed;
        }
    }
    std::printf(
        "relay_forwarded=%llu relay_setup_allocations=%llu relay_allocations=%llu "
        "relay_dropped=%llu\n",
        static_cast<unsigned long long>(total.rtp_forwarded),
        static_cast<unsigned long long>(allocations_before),
        static_cast<unsigned long long>(allocations),
        static_cast<unsigned long long>(total.dropped_strict_source + total.dropped_malformed +
                                        total.dropped_no_destination + total.dropped_send_failed));
    // Out before the teardown: the script's timeout wrapper kills a process that has not
    // exited 2 s after SIGTERM, and a summary still in stdio's buffer would be lost with it.
    std::fflush(stdout);
    return 0;
}
