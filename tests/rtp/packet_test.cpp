// RTP data packets (RFC 3550 §5.1, §5.3.1, §A.1): parse hand-written packets, every parse
// error, build and round trips, every build error.
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/packet.hpp>

#include "rtp/bytes.hpp"

namespace sessioncore::rtp {
namespace {

using rtp_test::bytes_of;
using rtp_test::hex;

struct GoodCase {
    const char* name;
    const char* packet;
    bool marker;
    std::uint8_t payload_type;
    std::uint16_t seq;
    std::uint32_t timestamp;
    std::uint32_t ssrc;
    std::vector<std::uint32_t> csrcs;
    std::optional<std::uint16_t> extension_profile;
    const char* extension_data;
    const char* payload;
    std::uint8_t padding;
};

TEST(RtpParse, FieldsOfHandWrittenPackets) {
    // Columns: name, octets; marker, PT, sequence number, timestamp, SSRC; CSRCs; extension
    // profile and data; payload; padding octets.
    // clang-format off
    const GoodCase cases[] = {
        {"minimal", "80 00 00 01  00 00 00 02  00 00 00 03",
         false, 0, 1, 2, 3, {}, {}, "", "", 0},
        {"pcmu_marker", "80 80 ab cd  00 01 e2 40  de ad be ef  ff 7f 00 80",
         true, 0, 0xABCD, 123456, 0xDEADBEEF, {}, {}, "", "ff 7f 00 80", 0},
        {"dynamic_pt_high_seq", "80 e5 ff ff  ff ff ff ff  00 00 00 01  01",
         true, 101, 0xFFFF, 0xFFFFFFFF, 1, {}, {}, "", "01", 0},
        {"two_csrcs", "82 08 00 10  00 00 00 20  00 00 00 30  11 11 11 11  22 22 22 22  d5",
         false, 8, 0x10, 0x20, 0x30, {0x11111111, 0x22222222}, {}, "", "d5", 0},
        {"fifteen_csrcs",
         "8f 00 00 00  00 00 00 00  00 00 00 00"
         "  00 00 00 01  00 00 00 02  00 00 00 03  00 00 00 04  00 00 00 05"
         "  00 00 00 06  00 00 00 07  00 00 00 08  00 00 00 09  00 00 00 0a"
         "  00 00 00 0b  00 00 00 0c  00 00 00 0d  00 00 00 0e  00 00 00 0f",
         false, 0, 0, 0, 0, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {}, "", "", 0},
        {"extension_one_byte",
         "90 00 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 00 00  77",
         false, 0, 1, 2, 3, {}, 0xBEDE, "10 aa 00 00", "77", 0},
        {"extension_empty", "90 00 00 01  00 00 00 02  00 00 00 03  12 34 00 00  77 88",
         false, 0, 1, 2, 3, {}, 0x1234, "", "77 88", 0},
        {"csrc_and_extension",
         "91 00 00 01  00 00 00 02  00 00 00 03  00 00 00 09  10 00 00 02  01 02 03 04"
         "  05 06 07 08  99",
         false, 0, 1, 2, 3, {9}, 0x1000, "01 02 03 04 05 06 07 08", "99", 0},
        {"padding_three", "a0 00 00 01  00 00 00 02  00 00 00 03  01 02  00 00 03",
         false, 0, 1, 2, 3, {}, {}, "", "01 02", 3},
        {"padding_one", "a0 00 00 01  00 00 00 02  00 00 00 03  01 02 01",
         false, 0, 1, 2, 3, {}, {}, "", "01 02", 1},
        // §5.1 lets padding fill a packet: an empty payload (padding-only probes).
        {"padding_only", "a0 00 00 01  00 00 00 02  00 00 00 03  00 00 00 04",
         false, 0, 1, 2, 3, {}, {}, "", "", 4},
        {"padding_after_extension",
         "b0 00 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 00 00  55 00 02",
         false, 0, 1, 2, 3, {}, 0xBEDE, "10 aa 00 00", "55", 2},
    };
    // clang-format on
    for (const GoodCase& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::byte> bytes = hex(c.packet);
        auto p = parse_rtp(bytes);
        ASSERT_TRUE(p) << to_string(p.error());
        EXPECT_EQ(p->marker, c.marker);
        EXPECT_EQ(p->payload_type, PayloadType{c.payload_type});
        EXPECT_EQ(p->sequence_number, c.seq);
        EXPECT_EQ(p->timestamp, c.timestamp);
        EXPECT_EQ(p->ssrc, Ssrc{c.ssrc});
        ASSERT_EQ(p->csrcs.size(), c.csrcs.size());
        for (std::size_t i = 0; i < c.csrcs.size(); ++i)
            EXPECT_EQ(p->csrcs[i], Ssrc{c.csrcs[i]});
        EXPECT_EQ(p->extension.has_value(), c.extension_profile.has_value());
        if (p->extension) {
            EXPECT_EQ(p->extension->profile, *c.extension_profile);
            EXPECT_EQ(bytes_of(p->extension->data), hex(c.extension_data));
        }
        EXPECT_EQ(bytes_of(p->payload), hex(c.payload));
        EXPECT_EQ(p->padding_size, c.padding);
        // The views alias the input.
        if (!p->payload.empty()) {
            EXPECT_GE(p->payload.data(), bytes.data());
            EXPECT_LE(p->payload.data() + p->payload.size(), bytes.data() + bytes.size());
        }
    }
}

struct BadCase {
    const char* name;
    const char* packet;
    errc expected;
};

TEST(RtpParse, EachMalformedPacketGivesItsError) {
    const BadCase cases[] = {
        {"empty", "", errc::too_short},
        {"eleven_octets", "80 00 00 01  00 00 00 02  00 00 00", errc::too_short},
        {"version_0", "00 00 00 01  00 00 00 02  00 00 00 03", errc::bad_version},
        {"version_1", "40 00 00 01  00 00 00 02  00 00 00 03", errc::bad_version},
        {"version_3", "c0 00 00 01  00 00 00 02  00 00 00 03", errc::bad_version},
        {"csrc_missing", "81 00 00 01  00 00 00 02  00 00 00 03", errc::csrc_truncated},
        {"csrc_short", "82 00 00 01  00 00 00 02  00 00 00 03  00 00 00 01  00 00 00",
         errc::csrc_truncated},
        {"extension_header_missing", "90 00 00 01  00 00 00 02  00 00 00 03",
         errc::extension_truncated},
        {"extension_header_short", "90 00 00 01  00 00 00 02  00 00 00 03  be de 00",
         errc::extension_truncated},
        {"extension_data_short", "90 00 00 01  00 00 00 02  00 00 00 03  be de 00 02  10 aa 00 00",
         errc::extension_truncated},
        {"extension_after_csrcs_short",
         "91 00 00 01  00 00 00 02  00 00 00 03  00 00 00 09  be de 00 01",
         errc::extension_truncated},
        {"padding_count_zero", "a0 00 00 01  00 00 00 02  00 00 00 03  01 02 00",
         errc::padding_count_zero},
        {"padding_past_payload", "a0 00 00 01  00 00 00 02  00 00 00 03  00 03",
         errc::padding_too_long},
        {"padding_bit_without_octets", "a0 00 00 01  00 00 00 02  00 00 00 03",
         errc::padding_too_long},
        {"padding_into_extension",
         "b0 00 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 00 00  03",
         errc::padding_too_long},
        {"padding_into_csrcs", "a1 00 00 01  00 00 00 02  00 00 00 03  00 00 00 05",
         errc::padding_too_long},
    };
    for (const BadCase& c : cases) {
        SCOPED_TRACE(c.name);
        auto p = parse_rtp(hex(c.packet));
        ASSERT_FALSE(p);
        EXPECT_EQ(p.error(), c.expected) << to_string(p.error());
    }
}

TEST(RtpParse, EveryTruncationOfTheHeaderIsRejected) {
    // One CSRC and a one-word extension: 24 octets of header before the payload.
    std::vector<std::byte> full =
        hex("91 00 00 01  00 00 00 02  00 00 00 03  00 00 00 09  be de 00 01  10 aa 00 00  99");
    for (std::size_t size = 0; size < 24; ++size) {
        SCOPED_TRACE(size);
        auto p = parse_rtp(std::span{full}.first(size));
        ASSERT_FALSE(p);
        errc expected = size < 12   ? errc::too_short
                        : size < 16 ? errc::csrc_truncated
                                    : errc::extension_truncated;
        EXPECT_EQ(p.error(), expected);
    }
    EXPECT_TRUE(parse_rtp(std::span{full}.first(24)));  // no payload is still a packet
}

TEST(RtpBuild, WritesTheFieldsInNetworkOrder) {
    const std::array<Ssrc, 2> csrcs{Ssrc{0x11111111}, Ssrc{0x22222222}};
    const std::vector<std::byte> ext = hex("10 aa 00 00");
    const std::vector<std::byte> payload = hex("ff 7f");
    RtpPacketSpec spec{.marker = true,
                       .payload_type = PayloadType{96},
                       .sequence_number = 0x1234,
                       .timestamp = 0x89ABCDEF,
                       .ssrc = Ssrc{0xCAFEBABE},
                       .csrcs = csrcs,
                       .extension = HeaderExtension{0xBEDE, ext},
                       .payload = payload,
                       .padding_size = 2};
    // V=2 P=1 X=1 CC=2 -> 0xB2; M=1 PT=96 -> 0xE0.
    const std::vector<std::byte> expected = hex(
        "b2 e0 12 34  89 ab cd ef  ca fe ba be  11 11 11 11  22 22 22 22  be de 00 01  10 aa 00 00"
        "  ff 7f  00 02");
    ASSERT_EQ(encoded_size(spec), expected.size());
    std::vector<std::byte> out(64, std::byte{0xEE});
    auto written = encode_to(spec, out);
    ASSERT_TRUE(written) << to_string(written.error());
    out.resize(*written);
    EXPECT_EQ(out, expected);
}

TEST(RtpBuild, ParsedPacketsBuildBackToTheSameBytes) {
    // Padding octets other than the count are zero here: the builder writes zeros.
    const char* packets[] = {
        "80 00 00 01  00 00 00 02  00 00 00 03",
        "80 80 ab cd  00 01 e2 40  de ad be ef  ff 7f 00 80",
        "82 08 00 10  00 00 00 20  00 00 00 30  11 11 11 11  22 22 22 22  d5",
        "91 00 00 01  00 00 00 02  00 00 00 03  00 00 00 09  10 00 00 02  01 02 03 04  05 06 07 08",
        "a0 00 00 01  00 00 00 02  00 00 00 03  00 00 00 04",
        "b0 00 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 00 00  55 00 02",
    };
    for (const char* text : packets) {
        SCOPED_TRACE(text);
        std::vector<std::byte> bytes = hex(text);
        RtpPacket p = parse_rtp(bytes).value();
        std::vector<Ssrc> csrcs;
        for (std::size_t i = 0; i < p.csrcs.size(); ++i)
            csrcs.push_back(p.csrcs[i]);
        RtpPacketSpec spec{.marker = p.marker,
                           .payload_type = p.payload_type,
                           .sequence_number = p.sequence_number,
                           .timestamp = p.timestamp,
                           .ssrc = p.ssrc,
                           .csrcs = csrcs,
                           .extension = p.extension,
                           .payload = p.payload,
                           .padding_size = p.padding_size};
        std::vector<std::byte> out(bytes.size());
        ASSERT_EQ(encode_to(spec, out), bytes.size());
        EXPECT_EQ(out, bytes);
    }
}

TEST(RtpBuild, EachUnbuildableSpecGivesItsError) {
    std::vector<Ssrc> sixteen(16, Ssrc{1});
    std::vector<std::byte> three(3);
    std::vector<std::byte> too_long((0xFFFF + 1) * 4);
    std::vector<std::byte> longest(0xFFFF * 4);
    struct Case {
        const char* name;
        RtpPacketSpec spec;
        std::optional<errc> expected;
    };
    const Case cases[] = {
        {"sixteen_csrcs", {.csrcs = sixteen}, errc::too_many_csrcs},
        {"extension_not_words",
         {.extension = HeaderExtension{0xBEDE, three}},
         errc::extension_not_aligned},
        {"extension_over_65535_words",
         {.extension = HeaderExtension{0xBEDE, too_long}},
         errc::extension_too_long},
        {"extension_65535_words", {.extension = HeaderExtension{0xBEDE, longest}}, std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto size = encoded_size(c.spec);
        std::vector<std::byte> out(300000);
        auto written = encode_to(c.spec, out);
        if (c.expected) {
            ASSERT_FALSE(size);
            EXPECT_EQ(size.error(), *c.expected);
            ASSERT_FALSE(written);
            EXPECT_EQ(written.error(), *c.expected);
        } else {
            ASSERT_TRUE(size);
            EXPECT_EQ(written, *size);
        }
    }
}

TEST(RtpBuild, ABufferOneOctetShortIsRefusedAndLeftUntouched) {
    const std::vector<std::byte> payload(160, std::byte{0xD5});
    const std::array<Ssrc, 1> csrcs{Ssrc{7}};
    RtpPacketSpec spec{.payload_type = PayloadType{8},
                       .ssrc = Ssrc{42},
                       .csrcs = csrcs,
                       .payload = payload,
                       .padding_size = 4};
    std::size_t size = encoded_size(spec).value();
    EXPECT_EQ(size, 12u + 4 + 160 + 4);
    for (std::size_t room = 0; room < size; ++room) {
        SCOPED_TRACE(room);
        std::vector<std::byte> out(room, std::byte{0xEE});
        auto written = encode_to(spec, out);
        ASSERT_FALSE(written);
        EXPECT_EQ(written.error(), errc::buffer_too_small);
        EXPECT_EQ(out, std::vector<std::byte>(room, std::byte{0xEE}));
    }
    std::vector<std::byte> out(size);
    EXPECT_EQ(encode_to(spec, out), size);
}

TEST(RtpBuild, APayloadTypeOver127IsAProgrammingError) {
    std::array<std::byte, 16> out{};
    EXPECT_THROW((void)encode_to(RtpPacketSpec{.payload_type = PayloadType{128}}, out),
                 std::logic_error);
}

TEST(RtpErrors, EveryCodeHasATextAndTheCategoryIsNamed) {
    for (int e = static_cast<int>(errc::too_short);
         e <= static_cast<int>(errc::bad_telephone_event); ++e) {
        SCOPED_TRACE(e);
        std::string_view text = to_string(static_cast<errc>(e));
        EXPECT_FALSE(text.empty());
        EXPECT_NE(text, "unknown rtp error");
        EXPECT_EQ(make_error_code(static_cast<errc>(e)).message(), text);
    }
    EXPECT_STREQ(rtp_category().name(), "sessioncore.rtp");
    boost::system::error_code ec = errc::bad_version;
    EXPECT_EQ(ec, make_error_code(errc::bad_version));
}

}  // namespace
}  // namespace sessioncore::rtp
