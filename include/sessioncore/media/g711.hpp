#pragma once
// G.711 (ITU-T Recommendation G.711): µ-law (PCMU, RTP payload type 0) and A-law (PCMA, 8)
// companding of 16-bit linear PCM to 8-bit codes, written from the Recommendation's
// segment and quantisation rules.
//
// µ-law works on 14-bit uniform PCM, A-law on 13-bit: a 16-bit sample is that value shifted
// up by 2 (µ) or 3 (A) bits, so the encoders drop those bits and the decoders put them back
// as zeros. Each law has 8 segments of 16 steps per sign:
//  - µ-law: with the magnitude m biased by 33, segment s holds m + 33 in [2^(s+5), 2^(s+6))
//    and the step is 2^(s+1); the decoder gives ((2q + 33) << s) - 33 for step q, the middle
//    of its interval; at most 8031, inputs past 8158 are clipped. The code is the sign bit
//    (1 for negative) and s, q, all bits inverted: 0xFF is +0, 0x7F is -0, 0x80 is +8031.
//  - A-law: segments 0 and 1 both have step 2 (magnitudes 0-31 and 32-63), then each doubles
//    up to 64 in segment 7 (2048-4095); the decoder gives 2q + 1 in segment 0 and
//    (2q + 33) << (s - 1) above. The code is the sign bit (1 for positive), s and q, with the
//    even bits inverted (XOR 0x55): 0xD5 is +1, 0x55 is -1, 0xAA is +4032.
// A negative sample's magnitude is taken as its one's complement (-1 counts as 0, -2 as 1),
// as the ITU-T's reference software (G.191) does, which makes both quantisers symmetric about
// -1/2 in the 16-bit domain.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace sessioncore::media::g711 {

namespace detail {

constexpr int ulaw_bias = 33;
constexpr int ulaw_clip = 8158;  // the largest 14-bit magnitude that still fits the bias
constexpr std::uint8_t alaw_even_bits = 0x55;

constexpr std::int16_t ulaw_to_linear(std::uint8_t code) noexcept {
    auto bits = static_cast<std::uint8_t>(~code);
    int segment = (bits >> 4) & 0x07;
    int step = bits & 0x0F;
    int magnitude = ((2 * step + ulaw_bias) << segment) - ulaw_bias;
    return static_cast<std::int16_t>(((bits & 0x80) != 0 ? -magnitude : magnitude) * 4);
}

constexpr std::int16_t alaw_to_linear(std::uint8_t code) noexcept {
    auto bits = static_cast<std::uint8_t>(code ^ alaw_even_bits);
    int segment = (bits >> 4) & 0x07;
    int step = bits & 0x0F;
    int magnitude = segment == 0 ? 2 * step + 1 : (2 * step + 33) << (segment - 1);
    return static_cast<std::int16_t>(((bits & 0x80) != 0 ? magnitude : -magnitude) * 8);
}

template <std::int16_t (*Decode)(std::uint8_t)>
constexpr std::array<std::int16_t, 256> make_decode_table() noexcept {
    std::array<std::int16_t, 256> table{};
    for (std::size_t code = 0; code < table.size(); ++code)
        table[code] = Decode(static_cast<std::uint8_t>(code));
    return table;
}

/// Every code's linear value, computed at compile time.
inline constexpr std::array<std::int16_t, 256> ulaw_table = make_decode_table<ulaw_to_linear>();
inline constexpr std::array<std::int16_t, 256> alaw_table = make_decode_table<alaw_to_linear>();

// The magnitude of a sample (one's complement when negative) after dropping `shift` bits.
constexpr int magnitude_of(std::int16_t sample, int shift) noexcept {
    int value = sample < 0 ? ~int{sample} : int{sample};
    return value >> shift;
}

}  // namespace detail

/// The µ-law code of a 16-bit sample.
[[nodiscard]] constexpr std::uint8_t ulaw_encode(std::int16_t sample) noexcept {
    int magnitude = detail::magnitude_of(sample, 2);
    if (magnitude > detail::ulaw_clip)
        magnitude = detail::ulaw_clip;
    auto biased = static_cast<unsigned>(magnitude + detail::ulaw_bias);  // 33-8191
    int segment = static_cast<int>(std::bit_width(biased)) - 6;
    auto step = static_cast<int>((biased >> (segment + 1)) & 0x0F);
    int sign = sample < 0 ? 0x80 : 0;
    return static_cast<std::uint8_t>(~(sign | (segment << 4) | step));
}

/// The 16-bit value of a µ-law code (G.711's 14-bit output value × 4).
[[nodiscard]] constexpr std::int16_t ulaw_decode(std::uint8_t code) noexcept {
    return detail::ulaw_table[code];
}

/// The A-law code of a 16-bit sample.
[[nodiscard]] constexpr std::uint8_t alaw_encode(std::int16_t sample) noexcept {
    auto magnitude = static_cast<unsigned>(detail::magnitude_of(sample, 3));  // 0-4095
    int segment = magnitude < 32 ? 0 : static_cast<int>(std::bit_width(magnitude)) - 5;
    int shift = segment == 0 ? 1 : segment;
    auto step = static_cast<int>((magnitude >> shift) & 0x0F);
    int sign = sample < 0 ? 0 : 0x80;
    return static_cast<std::uint8_t>((sign | (segment << 4) | step) ^ detail::alaw_even_bits);
}

/// The 16-bit value of an A-law code (G.711's 13-bit output value × 8).
[[nodiscard]] constexpr std::int16_t alaw_decode(std::uint8_t code) noexcept {
    return detail::alaw_table[code];
}

/// Encodes `pcm` into `out`, one code per sample, and returns the count written (through
/// tables built at compile time from the encoders above; the same codes).
/// Precondition (SC_ASSERT): out.size() >= pcm.size().
std::size_t encode_ulaw(std::span<const std::int16_t> pcm, std::span<std::byte> out);
std::size_t encode_alaw(std::span<const std::int16_t> pcm, std::span<std::byte> out);

/// Decodes `codes` into `out`, one sample per code, and returns the count written.
/// Precondition (SC_ASSERT): out.size() >= codes.size().
std::size_t decode_ulaw(std::span<const std::byte> codes, std::span<std::int16_t> out);
std::size_t decode_alaw(std::span<const std::byte> codes, std::span<std::int16_t> out);

}  // namespace sessioncore::media::g711
