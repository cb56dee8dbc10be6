// G.711 benchmark: encode and decode of one 20 ms frame at 8 kHz (160 samples), µ-law and
// A-law, as a media stream does once per packet in each direction. Reports items/s in frames
// and bytes/s in samples' PCM octets. The input is a 1 kHz tone at -6 dBFS so every segment
// is used, not silence.
// Run: build/bench/bin/bench_media_g711 (bench preset).

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

#include <benchmark/benchmark.h>

#include <sessioncore/media/g711.hpp>

namespace sessioncore::bench {
namespace {

namespace g711 = sessioncore::media::g711;

constexpr std::size_t frame_samples = 160;

std::array<std::int16_t, frame_samples> tone_frame() {
    std::array<std::int16_t, frame_samples> pcm{};
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(
            16384.0 * std::sin(2.0 * std::numbers::pi * 1000.0 * static_cast<double>(i) / 8000.0));
    return pcm;
}

void count(benchmark::State& state) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(
        static_cast<std::int64_t>(state.iterations() * frame_samples * sizeof(std::int16_t)));
}

template <std::size_t (*Encode)(std::span<const std::int16_t>, std::span<std::byte>)>
void encode(benchmark::State& state) {
    const auto pcm = tone_frame();
    std::array<std::byte, frame_samples> codes{};
    for (auto _ : state) {
        benchmark::DoNotOptimize(Encode(pcm, codes));
        benchmark::ClobberMemory();
    }
    count(state);
}

template <std::size_t (*Encode)(std::span<const std::int16_t>, std::span<std::byte>),
          std::size_t (*Decode)(std::span<const std::byte>, std::span<std::int16_t>)>
void decode(benchmark::State& state) {
    const auto pcm = tone_frame();
    std::array<std::byte, frame_samples> codes{};
    Encode(pcm, codes);
    std::array<std::int16_t, frame_samples> out{};
    for (auto _ : state) {
        benchmark::DoNotOptimize(Decode(codes, out));
        benchmark::ClobberMemory();
    }
    count(state);
}

BENCHMARK(encode<g711::encode_ulaw>)->Name("g711/ulaw/encode_160");
BENCHMARK(decode<g711::encode_ulaw, g711::decode_ulaw>)->Name("g711/ulaw/decode_160");
BENCHMARK(encode<g711::encode_alaw>)->Name("g711/alaw/encode_160");
BENCHMARK(decode<g711::encode_alaw, g711::decode_alaw>)->Name("g711/alaw/decode_160");

}  // namespace
}  // namespace sessioncore::bench

BENCHMARK_MAIN();
