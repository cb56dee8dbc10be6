// RtpStream benchmark over loopback UDP: two streams on one io_context, A sending 20 ms
// G.711-sized packets (160 octets) to B, which receives and parses them. One iteration is a
// batch of packets sent and all of them received, so items/s is packets through both
// streams' hot paths (encode + sendto, recvfrom + parse + callback), and the CPU time per
// item is the CPU per packet. RTCP runs at its normal 5 s schedule and does not show.
// Run: build/bench/bin/bench_media_rtp_stream --benchmark_min_time=0.1 (bench preset).

#include <array>
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>

#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/media/rtp_stream.hpp>

namespace sessioncore::bench {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

void BM_RtpStreamLoopback(benchmark::State& state) {
    const auto batch = static_cast<std::uint64_t>(state.range(0));
    asio::io_context io;
    media::RtpPortAllocator allocator{{43000, 43099}};
    const auto loopback = asio::ip::make_address("127.0.0.1");
    auto la = allocator.allocate(io.get_executor(), loopback);
    auto lb = allocator.allocate(io.get_executor(), loopback);
    if (!la || !lb) {
        state.SkipWithError("no ports in 43000-43099");
        return;
    }
    media::RtpStreamConfig ca;
    ca.remote_rtp = udp::endpoint{loopback, lb->rtp_port()};
    media::RtpStream a{io.get_executor(), std::move(*la), ca};
    media::RtpStream b{io.get_executor(), std::move(*lb), {}};
    std::uint64_t received = 0;
    b.on_rtp([&](const rtp::RtpPacket& p) { received += p.payload.empty() ? 0u : 1u; });
    a.start();
    b.start();
    const std::array<std::byte, 160> frame{};
    std::uint64_t sent = 0;
    for (auto _ : state) {
        // A batch small enough for the socket buffer, so nothing is lost on the way.
        for (std::uint64_t i = 0; i < batch; ++i)
            (void)a.send(frame, rtp::PayloadType{0}, 160);
        sent += batch;
        while (received < sent) {
            io.restart();
            io.run_one();
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(received));
    state.counters["dropped"] =
        static_cast<double>(b.stats().drops.strict_source + b.stats().drops.malformed_rtp);
}
BENCHMARK(BM_RtpStreamLoopback)->Arg(1)->Arg(16);

}  // namespace
}  // namespace sessioncore::bench

BENCHMARK_MAIN();
