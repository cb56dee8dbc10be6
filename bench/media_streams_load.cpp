// How many G.711 streams one core carries (make bench-media): CALLS calls looped back inside
// one process, each two AudioChannels (PCMU, 20 ms, a tone each way, a sink each side, jitter
// buffer and metrics on, RTCP on a 1 s schedule) sending 50 packets/s to each other over
// 127.0.0.1, all on one io_context run by one thread, for SECONDS after a WARMUP.
//   bench_media_streams_load CALLS SECONDS [WARMUP_SECONDS]
// A stream is one channel: it sends 50 packets/s and receives 50. Late packets are those the
// jitter buffers got after their playout time, plus the frame periods the channels' clocks
// had to skip because the thread fell behind; a load is carried when late < 0.1 % of the
// packets received. The loop's lag (how late a 20 ms timer of its own fires, p99) shows how
// close to the edge the thread runs.
// CPU is the thread's own (CLOCK_THREAD_CPUTIME_ID) over the measured window, per packet sent
// (each packet's send, its receive and its playout together).
// Prints one JSON object: calls, streams, seconds, packets_sent, packets_received, late,
// clock_skips (the part of late that is skipped frame periods), late_percent, cpu_percent (of one
// core), cpu_us_per_packet, loop_lag_p99_ms.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sys/resource.h>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/callback_sink.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/media/tone_source.hpp>

#include "counting_allocator.hpp"

namespace {

namespace asio = boost::asio;
using namespace sessioncore;
using udp = asio::ip::udp;

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Every stream needs a socket; the default soft limit (often 1024) is too low.
void raise_fd_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

media::AudioChannelConfig pcmu_to(std::uint16_t port) {
    media::AudioChannelConfig config;
    config.encoding_name = "PCMU";
    config.clock_rate = 8000;
    config.payload_type = 0;
    config.telephone_event_payload_type = 101;
    config.remote_rtp = udp::endpoint{asio::ip::make_address("127.0.0.1"), port};
    config.remote_rtcp = config.remote_rtp;  // rtcp-mux leases: RTCP shares the port
    config.rtcp_min_interval = std::chrono::seconds(1);
    return config;
}

// What a call carries: a tone out, what comes in written to a sink that keeps nothing.
void add_audio(media::AudioChannel& channel, double hz) {
    if (auto tone = media::ToneSource::create({.sample_rate = 8000, .frequency_hz = hz}))
        channel.set_source(std::make_unique<media::ToneSource>(std::move(*tone)));
    channel.set_sink(std::make_unique<media::CallbackSink>(
        8000, [](std::span<const std::int16_t>) { return boost::system::error_code{}; }));
}

struct Totals {
    std::uint64_t sent = 0, received = 0, late = 0, skips = 0;
};

Totals totals(const std::vector<std::unique_ptr<media::AudioChannel>>& channels) {
    Totals t;
    for (const auto& c : channels) {
        const auto s = c->stats();
        t.sent += s.rtp.packets_sent;
        t.received += s.rtp.packets_received;
        t.late += s.jitter_buffer.late + s.clock_skips;
        t.skips += s.clock_skips;
    }
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_media_streams_load CALLS SECONDS [WARMUP_SECONDS]\n");
        return 2;
    }
    const int calls = std::atoi(argv[1]);
    const int seconds = std::atoi(argv[2]);
    const int warmup = argc > 3 ? std::atoi(argv[3]) : 2;
    if (calls <= 0 || seconds <= 0 || warmup < 0) {
        std::fprintf(stderr, "bench_media_streams_load: CALLS and SECONDS must be positive\n");
        return 2;
    }
    raise_fd_limit();
    asio::io_context io(1);
    // Below the kernel's ephemeral range (32768-60999), where client sockets come from.
    media::RtpPortAllocator ports{{10000, 29999}};
    const auto loopback = asio::ip::make_address("127.0.0.1");
    std::vector<std::unique_ptr<media::AudioChannel>> channels;
    channels.reserve(static_cast<std::size_t>(2 * calls));
    for (int i = 0; i < calls; ++i) {
        auto a = ports.allocate(io.get_executor(), loopback, true);
        auto b = ports.allocate(io.get_executor(), loopback, true);
        if (!a || !b) {
            std::fprintf(stderr, "bench_media_streams_load: no ports for call %d\n", i);
            return 1;
        }
        const auto a_port = a->rtp_port(), b_port = b->rtp_port();
        auto ca =
            media::AudioChannel::create(io.get_executor(), std::move(*a), pcmu_to(b_port), {});
        auto cb =
            media::AudioChannel::create(io.get_executor(), std::move(*b), pcmu_to(a_port), {});
        if (!ca || !cb) {
            std::fprintf(stderr, "bench_media_streams_load: channel set-up failed\n");
            return 1;
        }
        add_audio(**ca, 1000.0);
        add_audio(**cb, 440.0);
        channels.push_back(std::move(*ca));
        channels.push_back(std::move(*cb));
    }
    for (auto& c : channels)
        c->start();

    // The loop's own lag: a 20 ms timer on absolute deadlines, how late each expiry ran.
    std::vector<double> lag_ms;
    lag_ms.reserve(static_cast<std::size_t>(seconds) * 50 + 100);  // no allocation while measured
    asio::steady_timer probe(io);
    auto next = std::chrono::steady_clock::now();
    bool measuring = false;
    std::function<void()> arm = [&] {
        next += std::chrono::milliseconds(20);
        probe.expires_at(next);
        probe.async_wait([&](boost::system::error_code ec) {
            if (ec)
                return;
            if (measuring)
                lag_ms.push_back(std::chrono::duration<double, std::milli>(
                                     std::chrono::steady_clock::now() - next)
                                     .count());
            arm();
        });
    };
    arm();

    Totals before;
    double cpu_before = 0;
    std::uint64_t allocations_before = 0, allocations = 0;
    asio::steady_timer mark(io, std::chrono::seconds(warmup));
    mark.async_wait([&](boost::system::error_code) {
        before = totals(channels);
        cpu_before = thread_cpu_seconds();
        measuring = true;
        allocations_before = sessioncore::bench::allocation_count();
        mark.expires_after(std::chrono::seconds(seconds));
        mark.async_wait([&](boost::system::error_code) {
            allocations = sessioncore::bench::allocation_count() - allocations_before;
            io.stop();
        });
    });
    io.run();
    const Totals after = totals(channels);
    const double cpu = thread_cpu_seconds() - cpu_before;
    for (auto& c : channels)
        c->stop();
    std::sort(lag_ms.begin(), lag_ms.end());
    const double lag_p99 = lag_ms.empty() ? 0.0 : lag_ms[lag_ms.size() * 99 / 100];

    const double sent = static_cast<double>(after.sent - before.sent);
    const double received = static_cast<double>(after.received - before.received);
    const double late = static_cast<double>(after.late - before.late);
    const double skips = static_cast<double>(after.skips - before.skips);
    std::printf(
        "{\"calls\":%d,\"streams\":%zu,\"seconds\":%d,\"packets_sent\":%.0f,"
        "\"packets_received\":%.0f,\"late\":%.0f,\"clock_skips\":%.0f,\"late_percent\":%.4f,\"cpu_"
        "percent\":%.1f,"
        "\"cpu_us_per_packet\":%.3f,\"loop_lag_p99_ms\":%.2f,\"allocations\":%llu}\n",
        calls, channels.size(), seconds, sent, received, late, skips,
        received > 0 ? 100.0 * late / received : 100.0, 100.0 * cpu / seconds,
        sent > 0 ? 1e6 * cpu / sent : 0.0, lag_p99, static_cast<unsigned long long>(allocations));
    return 0;
}
