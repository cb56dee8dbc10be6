// Codec and jitter buffer benchmark: encode and decode of one 20 ms frame per codec (PCMU,
// PCMA, G.722, Opus at complexity 5 with FEC), as a media stream does once per packet in each
// direction, and one jitter buffer put + get per packet. items/s are frames (or packets); the
// time per iteration is the µs per 20 ms frame.
// Run: build/bench/bin/bench_media_codec --benchmark_min_time=0.1 (bench preset).

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <vector>

#include <benchmark/benchmark.h>

#include <sessioncore/base/time.hpp>
#include <sessioncore/media/codec_factory.hpp>
#include <sessioncore/media/jitter_buffer.hpp>

namespace sessioncore::bench {
namespace {

namespace media = sessioncore::media;

const media::CodecSpec specs[] = {
    {"PCMU", 8000, 1, ""},
    {"PCMA", 8000, 1, ""},
    {"G722", 8000, 1, ""},
    {"opus", 48000, 2, "useinbandfec=1"},
};

std::vector<std::int16_t> tone(std::size_t n, double rate) {
    std::vector<std::int16_t> pcm(n);
    for (std::size_t i = 0; i < n; ++i)
        pcm[i] = static_cast<std::int16_t>(
            12000.0 * std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(i) / rate));
    return pcm;
}

void encode(benchmark::State& state) {
    const auto& spec = specs[static_cast<std::size_t>(state.range(0))];
    auto enc = media::make_encoder(spec).value();
    auto pcm = tone(enc->info().frame_samples(), enc->info().sample_rate);
    std::vector<std::byte> payload(enc->max_payload_size());
    for (auto _ : state) {
        auto n = enc->encode(pcm, payload);
        benchmark::DoNotOptimize(n);
    }
    state.SetLabel(std::string(spec.encoding_name));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void decode(benchmark::State& state) {
    const auto& spec = specs[static_cast<std::size_t>(state.range(0))];
    auto enc = media::make_encoder(spec).value();
    auto dec = media::make_decoder(spec).value();
    auto pcm = tone(enc->info().frame_samples(), enc->info().sample_rate);
    std::vector<std::byte> payload(enc->max_payload_size());
    auto n = enc->encode(pcm, payload).value();
    for (auto _ : state) {
        auto r = dec->decode(std::span(payload).first(n), pcm);
        benchmark::DoNotOptimize(r);
    }
    state.SetLabel(std::string(spec.encoding_name));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// One packet in, one frame out, 20 ms of virtual time apart, decoded by PCMU.
void jitter_buffer_put_get(benchmark::State& state) {
    ManualClock clock;
    media::JitterBuffer jb({}, clock);
    auto dec = media::make_decoder(specs[0]).value();
    std::array<std::byte, 160> payload{};
    std::array<std::int16_t, 160> pcm{};
    std::uint16_t seq = 0;
    std::uint32_t ts = 0;
    for (auto _ : state) {
        clock.advance(std::chrono::milliseconds(20));
        (void)jb.put(seq++, ts, payload);
        ts += 160;
        auto r = jb.get(*dec, pcm);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(encode)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(decode)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(jitter_buffer_put_get)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sessioncore::bench

BENCHMARK_MAIN();
