// AudioChannel benchmark: N channel pairs (PCMU, 20 ms, a tone each way, a sink each side) on
// one io_context over loopback UDP, run for a fixed wall time per iteration. What counts is
// not throughput (the ptime clock paces the packets) but what each packet costs this thread:
// `cpu_us_per_packet` is the thread's CPU time over the packets sent and received (tone,
// resample, encode, sendto; recvfrom, jitter buffer, decode, sink), `clock_skips` the frame
// periods the channels fell behind by more than 3 ticks, `concealed` the frames the jitter
// buffers had to invent. Run: build/bench/bin/bench_media_channel --benchmark_min_time=0.1
// (bench preset). Ports 44000-44199.

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>
#include <time.h>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/callback_sink.hpp>
#include <sessioncore/media/tone_source.hpp>

namespace sessioncore::bench {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

media::AudioChannelConfig pcmu_config() {
    media::AudioChannelConfig c;
    c.encoding_name = "PCMU";
    c.payload_type = 0;
    c.rtcp_min_interval = 1s;
    return c;
}

std::unique_ptr<media::AudioChannel> make_channel(asio::io_context& io, media::RtpPortLease lease,
                                                  media::AudioChannelConfig config, double hz) {
    auto made = media::AudioChannel::create(io.get_executor(), std::move(lease), config, {});
    if (!made)
        return nullptr;
    auto channel = std::move(*made);
    auto tone = media::ToneSource::create({.sample_rate = 8000, .frequency_hz = hz});
    if (tone)
        channel->set_source(std::make_unique<media::ToneSource>(std::move(*tone)));
    channel->set_sink(
        std::make_unique<media::CallbackSink>(8000, [](std::span<const std::int16_t> frame) {
            benchmark::DoNotOptimize(frame.data());
            return boost::system::error_code{};
        }));
    return channel;
}

void BM_AudioChannelPairs(benchmark::State& state) {
    const auto pairs = static_cast<std::size_t>(state.range(0));
    asio::io_context io;
    media::RtpPortAllocator allocator{{44000, 44199}};
    const auto loopback = asio::ip::make_address("127.0.0.1");
    std::vector<std::unique_ptr<media::AudioChannel>> channels;
    for (std::size_t i = 0; i < pairs; ++i) {
        auto la = allocator.allocate(io.get_executor(), loopback);
        auto lb = allocator.allocate(io.get_executor(), loopback);
        if (!la || !lb) {
            state.SkipWithError("no ports in 44000-44199");
            return;
        }
        auto ca = pcmu_config();
        auto cb = pcmu_config();
        ca.remote_rtp = udp::endpoint{loopback, lb->rtp_port()};
        cb.remote_rtp = udp::endpoint{loopback, la->rtp_port()};
        channels.push_back(make_channel(io, std::move(*la), ca, 1000));
        channels.push_back(make_channel(io, std::move(*lb), cb, 440));
        if (!channels[channels.size() - 1] || !channels[channels.size() - 2]) {
            state.SkipWithError("channel refused");
            return;
        }
    }
    for (auto& c : channels)
        c->start();
    double cpu = 0;
    for (auto _ : state) {
        const double before = thread_cpu_seconds();
        io.restart();
        io.run_for(200ms);
        cpu += thread_cpu_seconds() - before;
    }
    std::uint64_t packets = 0, skips = 0, concealed = 0;
    for (const auto& c : channels) {
        const auto s = c->stats();
        packets += s.rtp.packets_sent + s.rtp.packets_received;
        skips += s.clock_skips;
        concealed += s.jitter_buffer.concealed;
    }
    state.counters["pairs"] = static_cast<double>(pairs);
    state.counters["packets"] = static_cast<double>(packets);
    state.counters["cpu_us_per_packet"] =
        packets == 0 ? 0.0 : cpu * 1e6 / static_cast<double>(packets);
    state.counters["clock_skips"] = static_cast<double>(skips);
    state.counters["concealed"] = static_cast<double>(concealed);
}
BENCHMARK(BM_AudioChannelPairs)
    ->Arg(1)
    ->Arg(8)
    ->Arg(32)
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sessioncore::bench

BENCHMARK_MAIN();
