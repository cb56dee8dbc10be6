// G.711 against the Recommendation's tables: every one of the 256 codes of each law decodes
// to the table's decoder output value and encodes back to itself, boundary samples encode to
// the code whose interval holds them, and over all 65536 samples the quantisers are monotonic,
// symmetric and close.
#include <array>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/g711.hpp>

namespace sessioncore::media::g711 {
namespace {

// ITU-T G.711 Table 2 (µ-law), the decoder output values of the 128 magnitudes, segment by
// segment (16 steps each), in the 14-bit scale of the Recommendation (largest 8031).
constexpr std::array<int, 128> ulaw_reference = {
    0,    2,    4,    6,    8,    10,   12,   14,   16,   18,   20,   22,   24,   26,   28,   30,
    33,   37,   41,   45,   49,   53,   57,   61,   65,   69,   73,   77,   81,   85,   89,   93,
    99,   107,  115,  123,  131,  139,  147,  155,  163,  171,  179,  187,  195,  203,  211,  219,
    231,  247,  263,  279,  295,  311,  327,  343,  359,  375,  391,  407,  423,  439,  455,  471,
    495,  527,  559,  591,  623,  655,  687,  719,  751,  783,  815,  847,  879,  911,  943,  975,
    1023, 1087, 1151, 1215, 1279, 1343, 1407, 1471, 1535, 1599, 1663, 1727, 1791, 1855, 1919, 1983,
    2079, 2207, 2335, 2463, 2591, 2719, 2847, 2975, 3103, 3231, 3359, 3487, 3615, 3743, 3871, 3999,
    4191, 4447, 4703, 4959, 5215, 5471, 5727, 5983, 6239, 6495, 6751, 7007, 7263, 7519, 7775, 8031,
};

// ITU-T G.711 Table 1 (A-law), likewise in its 13-bit scale (largest 4032).
constexpr std::array<int, 128> alaw_reference = {
    1,    3,    5,    7,    9,    11,   13,   15,   17,   19,   21,   23,   25,   27,   29,   31,
    33,   35,   37,   39,   41,   43,   45,   47,   49,   51,   53,   55,   57,   59,   61,   63,
    66,   70,   74,   78,   82,   86,   90,   94,   98,   102,  106,  110,  114,  118,  122,  126,
    132,  140,  148,  156,  164,  172,  180,  188,  196,  204,  212,  220,  228,  236,  244,  252,
    264,  280,  296,  312,  328,  344,  360,  376,  392,  408,  424,  440,  456,  472,  488,  504,
    528,  560,  592,  624,  656,  688,  720,  752,  784,  816,  848,  880,  912,  944,  976,  1008,
    1056, 1120, 1184, 1248, 1312, 1376, 1440, 1504, 1568, 1632, 1696, 1760, 1824, 1888, 1952, 2016,
    2112, 2240, 2368, 2496, 2624, 2752, 2880, 3008, 3136, 3264, 3392, 3520, 3648, 3776, 3904, 4032,
};

// The codecs and their tables are constexpr: built by the compiler, checked here by it too.
static_assert(ulaw_decode(0x80) == 32124 && ulaw_encode(0) == 0xFF);
static_assert(alaw_decode(0xD5) == 8 && alaw_encode(-1) == 0x55);

// The tables' character signals: µ-law sends the polarity bit (1 = positive) and the
// segment and step bits inverted, so magnitude index 127 - (code & 0x7f); A-law sends the
// polarity (1 = positive), segment and step with the even bits inverted (XOR 0x55).
int ulaw_expected(std::uint8_t code) {
    int magnitude = ulaw_reference[127 - (code & 0x7F)] * 4;  // 14-bit to 16-bit
    return (code & 0x80) != 0 ? magnitude : -magnitude;
}

int alaw_expected(std::uint8_t code) {
    auto bits = static_cast<std::uint8_t>(code ^ 0x55);
    int magnitude = alaw_reference[bits & 0x7F] * 8;  // 13-bit to 16-bit
    return (bits & 0x80) != 0 ? magnitude : -magnitude;
}

TEST(G711, EveryUlawCodeDecodesToTheTable) {
    for (int code = 0; code < 256; ++code) {
        SCOPED_TRACE(code);
        EXPECT_EQ(ulaw_decode(static_cast<std::uint8_t>(code)),
                  ulaw_expected(static_cast<std::uint8_t>(code)));
    }
    // The well-known ones: 0xff +0, 0x7f -0, 0x80 +8031 × 4, 0x00 -8031 × 4.
    EXPECT_EQ(ulaw_decode(0xFF), 0);
    EXPECT_EQ(ulaw_decode(0x7F), 0);
    EXPECT_EQ(ulaw_decode(0x80), 32124);
    EXPECT_EQ(ulaw_decode(0x00), -32124);
}

TEST(G711, EveryAlawCodeDecodesToTheTable) {
    for (int code = 0; code < 256; ++code) {
        SCOPED_TRACE(code);
        EXPECT_EQ(alaw_decode(static_cast<std::uint8_t>(code)),
                  alaw_expected(static_cast<std::uint8_t>(code)));
    }
    // 0xd5 is +1 (the smallest positive, 8 in 16 bits), 0x55 its negative, 0xaa +4032 × 8.
    EXPECT_EQ(alaw_decode(0xD5), 8);
    EXPECT_EQ(alaw_decode(0x55), -8);
    EXPECT_EQ(alaw_decode(0xAA), 32256);
    EXPECT_EQ(alaw_decode(0x2A), -32256);
}

TEST(G711, EveryUlawCodeEncodesBackToItselfButNegativeZero) {
    for (int code = 0; code < 256; ++code) {
        SCOPED_TRACE(code);
        auto c = static_cast<std::uint8_t>(code);
        // -0 (0x7f) and +0 (0xff) both decode to 0, which encodes as +0.
        std::uint8_t expected = c == 0x7F ? 0xFF : c;
        EXPECT_EQ(ulaw_encode(ulaw_decode(c)), expected);
    }
}

TEST(G711, EveryAlawCodeEncodesBackToItself) {
    // A-law has no zero code: ±1 are the smallest, so every code comes back.
    for (int code = 0; code < 256; ++code) {
        SCOPED_TRACE(code);
        auto c = static_cast<std::uint8_t>(code);
        EXPECT_EQ(alaw_encode(alaw_decode(c)), c);
    }
}

struct BoundaryCase {
    const char* name;
    std::int16_t sample;
    std::uint8_t code;
};

TEST(G711, UlawBoundarySamples) {
    // The sample >> 2 is the 14-bit value (one's complement of negatives: -1 is 0, -5 is 4,
    // so -5 >> 2 is magnitude 1). Table 2's decision values: 0 | 1, 3, 5 ... 29, 31 | 35 ...
    const BoundaryCase cases[] = {
        {"zero", 0, 0xFF},
        {"three_is_still_0", 3, 0xFF},        // 3 >> 2 = 0
        {"four_is_1_step_1", 4, 0xFE},        // 1 in [1, 3): step 1 of segment 0
        {"eleven_is_2_step_1", 11, 0xFE},     // 2 in [1, 3)
        {"twelve_is_3_step_2", 12, 0xFD},     // 3 in [3, 5)
        {"last_of_segment_0", 123, 0xF0},     // 30 in [29, 31): step 15
        {"first_of_segment_1", 124, 0xEF},    // 31 in [31, 35): segment 1, step 0
        {"below_the_top_step", 31611, 0x81},  // 7902 in [7647, 7903): segment 7, step 14
        {"top_step", 31612, 0x80},            // 7903 in [7903, 8159): step 15
        {"clipped", 32767, 0x80},             // 8191 is past 8158: clipped to the top step
        {"minus_one_is_minus_0", -1, 0x7F},
        {"minus_four_is_minus_0", -4, 0x7F},  // one's complement 3, >> 2 = 0
        {"minus_five", -5, 0x7E},             // 4 >> 2 = 1: step 1, negative
        {"negative_below_top_step", -31612, 0x01},
        {"negative_top_step", -31613, 0x00},
        {"most_negative", -32768, 0x00},
    };
    for (const BoundaryCase& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(ulaw_encode(c.sample), c.code);
    }
}

TEST(G711, AlawBoundarySamples) {
    // The sample >> 3 is the 13-bit value (one's complement of negatives). Table 1's decision
    // values: 0, 2, 4 ... 30 | 32, 34 ... 62 | 64, 68 ... | ... | 2048, 2176 ... 4096.
    const BoundaryCase cases[] = {
        {"zero", 0, 0xD5},                    // 0 in [0, 2): +1
        {"fifteen", 15, 0xD5},                // 15 >> 3 = 1, still [0, 2)
        {"sixteen", 16, 0xD4},                // 2 in [2, 4): step 1
        {"last_of_segment_0", 255, 0xDA},     // 31 in [30, 32): step 15 (0x8f ^ 0x55)
        {"first_of_segment_1", 256, 0xC5},    // 32 in [32, 34): segment 1 (0x90 ^ 0x55)
        {"last_of_segment_6", 16383, 0xBA},   // 2047 in [1984, 2048): 0xef ^ 0x55
        {"first_of_segment_7", 16384, 0xA5},  // 2048 in [2048, 2176): 0xf0 ^ 0x55
        {"largest", 32767, 0xAA},             // 4095 in [3968, 4096): 0xff ^ 0x55
        {"minus_one", -1, 0x55},              // one's complement 0: [0, 2), negative
        {"minus_sixteen", -16, 0x55},         // 15 >> 3 = 1
        {"minus_seventeen", -17, 0x54},       // 16 >> 3 = 2: step 1, negative
        {"minus_256", -256, 0x5A},            // 255 >> 3 = 31: segment 0, step 15
        {"minus_257", -257, 0x45},            // 256 >> 3 = 32: segment 1
        {"most_negative", -32768, 0x2A},      // 32767 >> 3 = 4095 (0x7f ^ 0x55)
    };
    for (const BoundaryCase& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(alaw_encode(c.sample), c.code);
    }
}

// Over every 16-bit sample: the quantised value never decreases as the sample grows, is the
// mirror image about -1/2 (q(-1 - x) == -q(x)), and is within half a step of the sample
// (plus the bits dropped on the way to 14 or 13 bits), except where µ-law clips.
template <class Encode, class Decode>
void check_every_sample(Encode encode, Decode decode, int shift, int clip_above,
                        int (*half_step)(int quantised)) {
    int previous = decode(encode(static_cast<std::int16_t>(-32768)));
    for (int x = -32768; x <= 32767; ++x) {
        auto sample = static_cast<std::int16_t>(x);
        int q = decode(encode(sample));
        ASSERT_GE(q, previous) << "not monotonic at " << x;
        previous = q;
        int mirror = decode(encode(static_cast<std::int16_t>(-1 - x)));
        ASSERT_EQ(q, -mirror) << "not symmetric at " << x;
        if (x < 0 || x > clip_above)
            continue;  // the negative half is the mirror, checked above
        ASSERT_LE(std::abs(q - x), half_step(q) + (1 << shift) - 1) << "too far at " << x;
    }
}

int ulaw_half_step(int quantised) {
    // Segment s has steps of 2^(s+1) in 14 bits, 2^(s+3) in 16: half is 2^(s+2). The segment
    // is the reference row the value sits in.
    for (int s = 0; s < 8; ++s)
        if (quantised <= ulaw_reference[static_cast<std::size_t>(16 * s + 15)] * 4)
            return 1 << (s + 2);
    return 1 << 9;
}

int alaw_half_step(int quantised) {
    // Segments 0 and 1 step by 2 in 13 bits (16 in 16 bits), segment s >= 2 by 2^s.
    for (int s = 0; s < 8; ++s)
        if (quantised <= alaw_reference[static_cast<std::size_t>(16 * s + 15)] * 8)
            return s <= 1 ? 8 : 1 << (s + 2);
    return 1 << 9;
}

TEST(G711, UlawOverEverySample) {
    // µ-law clips 14-bit magnitudes past 8158 (16-bit 8158 × 4 + 3 = 32635).
    check_every_sample(ulaw_encode, ulaw_decode, 2, 32635, ulaw_half_step);
}

TEST(G711, AlawOverEverySample) {
    check_every_sample(alaw_encode, alaw_decode, 3, 32767, alaw_half_step);
}

TEST(G711, BlocksOfA20MsFrame) {
    // 160 samples (20 ms at 8 kHz) through encode and decode of both laws: the same as one
    // sample at a time.
    std::array<std::int16_t, 160> pcm{};
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(static_cast<int>(i) * 409 - 32768);
    std::array<std::byte, 160> codes{};
    std::array<std::int16_t, 160> back{};

    ASSERT_EQ(encode_ulaw(pcm, codes), 160u);
    ASSERT_EQ(decode_ulaw(codes, back), 160u);
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        EXPECT_EQ(std::to_integer<std::uint8_t>(codes[i]), ulaw_encode(pcm[i]));
        EXPECT_EQ(back[i], ulaw_decode(ulaw_encode(pcm[i])));
    }
    ASSERT_EQ(encode_alaw(pcm, codes), 160u);
    ASSERT_EQ(decode_alaw(codes, back), 160u);
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        EXPECT_EQ(std::to_integer<std::uint8_t>(codes[i]), alaw_encode(pcm[i]));
        EXPECT_EQ(back[i], alaw_decode(alaw_encode(pcm[i])));
    }
}

TEST(G711, BlockEncodersAgreeWithTheScalarOnesOnEverySample) {
    // The block encoders look codes up in tables of their own; all 65536 samples in one block.
    std::vector<std::int16_t> every(65536);
    for (int x = -32768; x <= 32767; ++x)
        every[static_cast<std::size_t>(x + 32768)] = static_cast<std::int16_t>(x);
    std::vector<std::byte> ulaw(every.size());
    std::vector<std::byte> alaw(every.size());
    encode_ulaw(every, ulaw);
    encode_alaw(every, alaw);
    for (std::size_t i = 0; i < every.size(); ++i) {
        ASSERT_EQ(std::to_integer<std::uint8_t>(ulaw[i]), ulaw_encode(every[i])) << every[i];
        ASSERT_EQ(std::to_integer<std::uint8_t>(alaw[i]), alaw_encode(every[i])) << every[i];
    }
}

TEST(G711, ShortOutputBuffersAreProgrammingErrors) {
    std::array<std::int16_t, 4> pcm{};
    std::array<std::byte, 3> codes{};
    std::array<std::int16_t, 2> samples{};
    EXPECT_THROW(encode_ulaw(pcm, codes), std::logic_error);
    EXPECT_THROW(encode_alaw(pcm, codes), std::logic_error);
    EXPECT_THROW(decode_ulaw(codes, samples), std::logic_error);
    EXPECT_THROW(decode_alaw(codes, samples), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::media::g711
