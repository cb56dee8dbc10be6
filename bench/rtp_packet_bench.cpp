// RTP and RTCP packet benchmark: the per-packet work of a media stream, sans-IO.
//
//   rtp/parse          parse_rtp() of a 20 ms PCMU packet (12-octet header + 160 octets)
//   rtp/build          encode_to() of the same packet into a reused buffer
//   rtp/parse_build    parse, rewrite SSRC, sequence number and timestamp, build again: what a
//                      relay that renumbers a leg does to each packet
//   rtp/extension      parse a packet with a one-byte RFC 8285 extension and find an element
//   rtcp/parse         parse_rtcp() of an SR with one report block and an SDES CNAME
//   rtcp/build         the same compound built by encode_to()
//
// Each reports items/s (packets) and "allocs_per_op", operator new calls per packet as the
// counting allocator (counting_allocator.cpp) sees them, Google Benchmark's own included (a
// couple per run, hence values like 1e-6). Before any timing, a self-check runs an RTP parse,
// an RTP parse + build and an RTCP build + parse 10,000 times each outside the framework and
// exits 1 unless they made no allocation at all: the hot RTP path allocates nothing
// (DESIGN.md).
// Run: build/bench/bin/bench_rtp_packet (bench preset).

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <benchmark/benchmark.h>

#include <sessioncore/rtp/header_extension.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/rtcp_builder.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "counting_allocator.hpp"

namespace sessioncore::bench {
namespace {

namespace rtp = sessioncore::rtp;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "bench_rtp_packet: %s\n", what);
    std::exit(1);
}

std::vector<std::byte> pcmu_packet() {
    std::array<std::byte, 160> payload{};
    payload.fill(std::byte{0xD5});
    rtp::RtpPacketSpec spec{.marker = false,
                            .payload_type = rtp::PayloadType{0},
                            .sequence_number = 4711,
                            .timestamp = 160 * 4711,
                            .ssrc = rtp::Ssrc{0x12345678},
                            .payload = payload};
    std::vector<std::byte> out(rtp::encoded_size(spec).value());
    if (rtp::encode_to(spec, out).value() != out.size())
        fail("could not build the packet");
    return out;
}

void count_allocations(benchmark::State& state, std::uint64_t before) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["allocs_per_op"] = benchmark::Counter(
        static_cast<double>(allocation_count() - before), benchmark::Counter::kAvgIterations);
}

void rtp_parse(benchmark::State& state) {
    const std::vector<std::byte> packet = pcmu_packet();
    const auto before = allocation_count();
    for (auto _ : state) {
        auto p = rtp::parse_rtp(packet);
        benchmark::DoNotOptimize(p);
    }
    count_allocations(state, before);
}

void rtp_build(benchmark::State& state) {
    std::array<std::byte, 160> payload{};
    std::array<std::byte, 1500> out{};
    std::uint16_t seq = 0;
    const auto before = allocation_count();
    for (auto _ : state) {
        rtp::RtpPacketSpec spec{.payload_type = rtp::PayloadType{0},
                                .sequence_number = seq,
                                .timestamp = 160u * seq,
                                .ssrc = rtp::Ssrc{0x12345678},
                                .payload = payload};
        auto size = rtp::encode_to(spec, out);
        benchmark::DoNotOptimize(size);
        benchmark::ClobberMemory();
        ++seq;
    }
    count_allocations(state, before);
}

void rtp_parse_build(benchmark::State& state) {
    const std::vector<std::byte> packet = pcmu_packet();
    std::array<std::byte, 1500> out{};
    std::uint16_t seq = 0;
    const auto before = allocation_count();
    for (auto _ : state) {
        auto p = rtp::parse_rtp(packet);
        if (!p)
            fail("parse failed");
        rtp::RtpPacketSpec spec{.marker = p->marker,
                                .payload_type = p->payload_type,
                                .sequence_number = seq++,
                                .timestamp = p->timestamp + 1000,
                                .ssrc = rtp::Ssrc{0xCAFEBABE},
                                .extension = p->extension,
                                .payload = p->payload};
        auto size = rtp::encode_to(spec, out);
        benchmark::DoNotOptimize(size);
        benchmark::ClobberMemory();
    }
    count_allocations(state, before);
}

void rtp_extension(benchmark::State& state) {
    // Audio level (ID 1, RFC 6464) and a 3-octet absolute send time (ID 3).
    std::array<std::byte, 16> elements{};
    rtp::ExtensionWriter writer{rtp::ExtensionForm::OneByte, elements};
    const std::array<std::byte, 1> level{std::byte{0x85}};
    const std::array<std::byte, 3> send_time{std::byte{1}, std::byte{2}, std::byte{3}};
    if (!writer.add(1, level) || !writer.add(3, send_time))
        fail("could not write the extension");
    std::array<std::byte, 160> payload{};
    rtp::RtpPacketSpec spec{
        .ssrc = rtp::Ssrc{1}, .extension = writer.finish().value(), .payload = payload};
    std::vector<std::byte> packet(rtp::encoded_size(spec).value());
    (void)rtp::encode_to(spec, packet).value();
    const auto before = allocation_count();
    for (auto _ : state) {
        auto p = rtp::parse_rtp(packet);
        auto elements_view = rtp::ExtensionElements::parse(*p->extension);
        auto found = elements_view->find(3);
        benchmark::DoNotOptimize(found);
    }
    count_allocations(state, before);
}

const rtp::ReportBlock block{.source = rtp::Ssrc{0x55667788},
                             .fraction_lost = 3,
                             .cumulative_lost = 17,
                             .extended_highest_sequence = 0x00012345,
                             .jitter = 40,
                             .last_sr = 0x5A6B8000,
                             .delay_since_last_sr = 0x00018000};

rtp::RtcpReportSpec report_spec(std::span<const rtp::ReportBlock> blocks) {
    return rtp::RtcpReportSpec{
        .ssrc = rtp::Ssrc{0x11223344},
        .sender_info = rtp::SenderInfo{rtp::NtpTimestamp{0xE34F5A6B, 0x80000000}, 4096, 100, 16000},
        .report_blocks = blocks,
        .cname = "alice@host1.example.com"};
}

void rtcp_parse(benchmark::State& state) {
    const std::array<rtp::ReportBlock, 1> blocks{block};
    std::array<std::byte, 256> bytes{};
    std::size_t size = rtp::encode_to(report_spec(blocks), bytes).value();
    const auto before = allocation_count();
    for (auto _ : state) {
        auto c = rtp::parse_rtcp(std::span{bytes}.first(size));
        benchmark::DoNotOptimize(c);
    }
    count_allocations(state, before);
}

void rtcp_build(benchmark::State& state) {
    const std::array<rtp::ReportBlock, 1> blocks{block};
    std::array<std::byte, 256> out{};
    const auto before = allocation_count();
    for (auto _ : state) {
        auto size = rtp::encode_to(report_spec(blocks), out);
        benchmark::DoNotOptimize(size);
        benchmark::ClobberMemory();
    }
    count_allocations(state, before);
}

// The self-check: `op` 10,000 times without a single operator new.
template <class Op>
void expect_no_allocation(const char* name, Op op) {
    const auto before = allocation_count();
    for (int i = 0; i < 10'000; ++i)
        op();
    if (allocation_count() != before) {
        std::fprintf(stderr, "bench_rtp_packet: %s allocated\n", name);
        std::exit(1);
    }
}

void check_no_allocation() {
    const std::vector<std::byte> packet = pcmu_packet();
    std::array<std::byte, 1500> out{};
    expect_no_allocation("parse", [&] { benchmark::DoNotOptimize(rtp::parse_rtp(packet)); });
    expect_no_allocation("parse_build", [&] {
        auto p = rtp::parse_rtp(packet).value();
        rtp::RtpPacketSpec spec{
            .payload_type = p.payload_type,
            .sequence_number = static_cast<std::uint16_t>(p.sequence_number + 1),
            .ssrc = rtp::Ssrc{7},
            .payload = p.payload};
        benchmark::DoNotOptimize(rtp::encode_to(spec, out));
    });
    const std::array<rtp::ReportBlock, 1> blocks{block};
    expect_no_allocation("rtcp", [&] {
        std::size_t size = rtp::encode_to(report_spec(blocks), out).value();
        benchmark::DoNotOptimize(rtp::parse_rtcp(std::span{out}.first(size)));
    });
}

BENCHMARK(rtp_parse)->Name("rtp/parse");
BENCHMARK(rtp_build)->Name("rtp/build");
BENCHMARK(rtp_parse_build)->Name("rtp/parse_build");
BENCHMARK(rtp_extension)->Name("rtp/extension");
BENCHMARK(rtcp_parse)->Name("rtcp/parse");
BENCHMARK(rtcp_build)->Name("rtcp/build");

}  // namespace
}  // namespace sessioncore::bench

int main(int argc, char** argv) {
    sessioncore::bench::check_no_allocation();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
