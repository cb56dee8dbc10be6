// Received RTCP compound packets (RFC 3550 §6.1, §6.4-§6.7, §A.2): every packet type's fields,
// and each malformed compound with its exact error.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/rtcp_compound.hpp>

#include "rtp/bytes.hpp"
#include "rtp/rtcp_vectors.hpp"

namespace sessioncore::rtp {
namespace {

using rtp_test::bytes_of;
using rtp_test::hex;

std::vector<std::byte> compound(std::initializer_list<const char*> parts) {
    std::string text;
    for (const char* p : parts)
        text += std::string(p) + " ";
    return hex(text);
}

TEST(RtcpParse, SenderReportAndSdesCname) {
    std::vector<std::byte> bytes =
        compound({rtcp_vectors::sender_report, rtcp_vectors::sdes_cname});
    auto c = parse_rtcp(bytes);
    ASSERT_TRUE(c) << c.error();
    ASSERT_EQ(c->size(), 2u);

    const auto* sr = std::get_if<SenderReport>(&(*c)[0]);
    ASSERT_NE(sr, nullptr);
    EXPECT_EQ(sr->ssrc, Ssrc{0x11223344});
    EXPECT_EQ(sr->info, (SenderInfo{NtpTimestamp{0xE34F5A6B, 0x80000000}, 4096, 100, 16000}));
    ASSERT_EQ(sr->blocks.size(), 1u);
    EXPECT_EQ(sr->blocks[0], (ReportBlock{.source = Ssrc{0x55667788},
                                          .fraction_lost = 64,
                                          .cumulative_lost = -2,
                                          .extended_highest_sequence = 0x00010005,
                                          .jitter = 32,
                                          .last_sr = 0x5A6B8000,
                                          .delay_since_last_sr = 0x00018000}));
    EXPECT_TRUE(sr->profile_extension.empty());

    const auto* sdes = std::get_if<SourceDescription>(&(*c)[1]);
    ASSERT_NE(sdes, nullptr);
    EXPECT_EQ(sdes->chunks.size(), 1u);
    EXPECT_EQ(sdes->cname(Ssrc{0x11223344}), "alice@host1");
    EXPECT_EQ(sdes->cname(Ssrc{0x55667788}), std::nullopt);
}

TEST(RtcpParse, ReceiverReportsWithAndWithoutBlocks) {
    std::vector<std::byte> bytes = compound(
        {rtcp_vectors::empty_receiver_report, rtcp_vectors::receiver_report_with_extension});
    auto c = parse_rtcp(bytes).value();
    ASSERT_EQ(c.size(), 2u);
    const auto& empty = std::get<ReceiverReport>(c[0]);
    EXPECT_EQ(empty.ssrc, Ssrc{0x11223344});
    EXPECT_TRUE(empty.blocks.empty());
    const auto& rr = std::get<ReceiverReport>(c[1]);
    EXPECT_EQ(rr.ssrc, Ssrc{0x99999999});
    ASSERT_EQ(rr.blocks.size(), 1u);
    EXPECT_EQ(rr.blocks[0].extended_highest_sequence, 0xFFFFu);
    EXPECT_EQ(bytes_of(rr.profile_extension), hex("ca fe ca fe"));
}

TEST(RtcpParse, SdesChunksAndTheirItemsInOrder) {
    std::vector<std::byte> bytes =
        compound({rtcp_vectors::empty_receiver_report, rtcp_vectors::sdes_three_chunks});
    auto c = parse_rtcp(bytes).value();
    const auto& sdes = std::get<SourceDescription>(c[1]);
    struct Seen {
        std::uint32_t source;
        std::vector<std::pair<SdesType, std::string>> items;
        bool operator==(const Seen&) const = default;
    };
    std::vector<Seen> seen;
    for (const SdesChunk& chunk : sdes.chunks) {
        Seen s{chunk.source.value, {}};
        for (const SdesItem& item : chunk.items)
            s.items.emplace_back(item.type, std::string(item.text));
        seen.push_back(s);
    }
    EXPECT_EQ(seen, (std::vector<Seen>{
                        {0x0a, {{SdesType::Cname, "a"}, {SdesType::Name, "Al"}}},
                        {0x0b, {{SdesType::Tool, "x"}}},
                        {0x0c, {}},
                    }));
    EXPECT_EQ(sdes.cname(Ssrc{0x0a}), "a");
    EXPECT_EQ(sdes.cname(Ssrc{0x0b}), std::nullopt);  // a chunk without CNAME
}

TEST(RtcpParse, ByeAppAndFeedbackPackets) {
    std::vector<std::byte> bytes =
        compound({rtcp_vectors::empty_receiver_report, rtcp_vectors::generic_nack,
                  rtcp_vectors::app, rtcp_vectors::bye_two_sources, rtcp_vectors::bye_with_reason});
    auto c = parse_rtcp(bytes).value();
    ASSERT_EQ(c.size(), 5u);

    const auto& nack = std::get<OtherRtcpPacket>(c[1]);
    EXPECT_EQ(nack.packet_type, 205);
    EXPECT_EQ(nack.count, 1);
    EXPECT_EQ(bytes_of(nack.body), hex("11 22 33 44  55 66 77 88  00 10 00 00"));

    const auto& app = std::get<AppPacket>(c[2]);
    EXPECT_EQ(app.subtype, 5);
    EXPECT_EQ(app.ssrc, Ssrc{0x11223344});
    EXPECT_EQ(std::string(app.name.begin(), app.name.end()), "TEST");
    EXPECT_EQ(bytes_of(app.data), hex("de ad be ef"));

    const auto& two = std::get<Goodbye>(c[3]);
    ASSERT_EQ(two.sources.size(), 2u);
    EXPECT_EQ(two.sources[0], Ssrc{0x11223344});
    EXPECT_EQ(two.sources[1], Ssrc{0x55667788});
    EXPECT_EQ(two.reason, std::nullopt);

    const auto& reasoned = std::get<Goodbye>(c[4]);
    ASSERT_EQ(reasoned.sources.size(), 1u);
    EXPECT_EQ(reasoned.reason, "done");
}

TEST(RtcpParse, PaddingOnTheLastPacketIsRemoved) {
    // RR, then an SDES with P set: header, its CNAME chunk (20 octets) and 4 octets of
    // padding, 28 octets, so the length says 6.
    std::vector<std::byte> bytes = compound({rtcp_vectors::empty_receiver_report,
                                             "a1 ca 00 06  11 22 33 44  01 0b 61 6c  69 63 65 40"
                                             "68 6f 73 74  31 00 00 00  00 00 00 04"});
    auto c = parse_rtcp(bytes);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(std::get<SourceDescription>((*c)[1]).cname(Ssrc{0x11223344}), "alice@host1");

    // A lone RR padded to 16 octets (as for encryption) is its own last packet.
    auto lone = parse_rtcp(hex("a0 c9 00 03  11 22 33 44  00 00 00 00  00 00 00 08"));
    ASSERT_TRUE(lone) << lone.error();
    EXPECT_EQ(std::get<ReceiverReport>((*lone)[0]).ssrc, Ssrc{0x11223344});
}

TEST(RtcpParse, EachMalformedCompoundGivesItsError) {
    struct Case {
        const char* name;
        std::vector<std::byte> bytes;
        errc expected;
    };
    std::string seventeen_rrs;
    for (int i = 0; i < 17; ++i)
        seventeen_rrs += std::string(rtcp_vectors::empty_receiver_report) + " ";
    const Case cases[] = {
        {"empty", {}, errc::rtcp_too_short},
        {"three_octets", hex("80 c9 00"), errc::rtcp_too_short},
        {"trailing_octets", compound({rtcp_vectors::empty_receiver_report, "00 00"}),
         errc::rtcp_too_short},
        {"version_1", hex("40 c9 00 01  11 22 33 44"), errc::rtcp_bad_version},
        {"version_3_second", compound({rtcp_vectors::empty_receiver_report, "c0 ca 00 00"}),
         errc::rtcp_bad_version},
        {"first_is_sdes", hex(rtcp_vectors::sdes_cname), errc::rtcp_first_not_report},
        {"first_is_bye", hex(rtcp_vectors::bye_two_sources), errc::rtcp_first_not_report},
        {"first_is_feedback", hex(rtcp_vectors::generic_nack), errc::rtcp_first_not_report},
        {"length_past_datagram", hex("80 c9 00 02  11 22 33 44"), errc::rtcp_length_mismatch},
        {"second_length_past_datagram",
         compound({rtcp_vectors::empty_receiver_report, "81 cb 00 02  11 22 33 44"}),
         errc::rtcp_length_mismatch},
        {"padding_not_last", compound({"a0 c9 00 01  11 22 33 44", rtcp_vectors::sdes_cname}),
         errc::rtcp_padding_not_last},
        {"padding_count_zero", hex("a0 c9 00 02  11 22 33 44  00 00 00 00"),
         errc::rtcp_bad_padding},
        {"padding_count_not_words", hex("a0 c9 00 02  11 22 33 44  00 00 00 03"),
         errc::rtcp_bad_padding},
        {"padding_count_past_packet", hex("a0 c9 00 02  11 22 33 44  00 00 00 0c"),
         errc::rtcp_bad_padding},
        {"padding_eats_the_ssrc", hex("a0 c9 00 01  00 00 00 04"), errc::rtcp_report_truncated},
        {"seventeen_packets", hex(seventeen_rrs), errc::rtcp_too_many_packets},
        {"sr_without_sender_info", hex("80 c8 00 01  11 22 33 44"), errc::rtcp_report_truncated},
        {"sr_block_missing",
         hex("81 c8 00 06  11 22 33 44  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00"
             "00 00 00 00"),
         errc::rtcp_report_truncated},
        {"rr_without_ssrc", hex("80 c9 00 00"), errc::rtcp_report_truncated},
        {"rr_second_block_missing",
         hex("82 c9 00 07  11 22 33 44  55 66 77 88  00 00 00 00  00 00 00 00  00 00 00 00"
             "00 00 00 00  00 00 00 00"),
         errc::rtcp_report_truncated},
        {"sdes_chunk_without_null",
         compound({rtcp_vectors::empty_receiver_report, "81 ca 00 02  11 22 33 44  01 02 61 62"}),
         errc::rtcp_sdes_truncated},
        {"sdes_item_past_packet",
         compound({rtcp_vectors::empty_receiver_report, "81 ca 00 02  11 22 33 44  01 07 61 62"}),
         errc::rtcp_sdes_truncated},
        {"sdes_item_without_length",
         compound({rtcp_vectors::empty_receiver_report, "81 ca 00 02  11 22 33 44  01 01 61 01"}),
         errc::rtcp_sdes_truncated},
        {"sdes_missing_chunk",
         compound({rtcp_vectors::empty_receiver_report, "82 ca 00 02  11 22 33 44  00 00 00 00"}),
         errc::rtcp_sdes_truncated},
        {"sdes_chunk_without_ssrc", compound({rtcp_vectors::empty_receiver_report, "81 ca 00 00"}),
         errc::rtcp_sdes_truncated},
        {"bye_source_missing",
         compound({rtcp_vectors::empty_receiver_report, "82 cb 00 01  11 22 33 44"}),
         errc::rtcp_bye_truncated},
        {"bye_reason_past_packet",
         compound({rtcp_vectors::empty_receiver_report, "81 cb 00 02  11 22 33 44  08 61 62 63"}),
         errc::rtcp_bye_truncated},
        {"app_without_name",
         compound({rtcp_vectors::empty_receiver_report, "80 cc 00 01  11 22 33 44"}),
         errc::rtcp_app_truncated},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto parsed = parse_rtcp(c.bytes);
        ASSERT_FALSE(parsed);
        EXPECT_EQ(parsed.error(), c.expected) << parsed.error();
    }
}

TEST(RtcpParse, SixteenPacketsFit) {
    std::string sixteen;
    for (int i = 0; i < 16; ++i)
        sixteen += std::string(rtcp_vectors::empty_receiver_report) + " ";
    auto c = parse_rtcp(hex(sixteen));
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->size(), RtcpCompound::capacity);
}

TEST(RtcpMux, TheSecondOctetTellsRtcpFromRtp) {
    struct Case {
        const char* name;
        const char* bytes;
        bool rtcp;
    };
    const Case cases[] = {
        {"sender_report", "80 c8", true},
        {"receiver_report", "81 c9 00 01", true},
        {"lowest_rtcp_192", "80 c0", true},
        {"highest_rtcp_223", "80 df", true},
        {"rtp_pt_95_no_marker", "80 5f", false},
        {"rtp_pcmu_marker", "80 80", false},
        {"rtp_pt_96_marker", "80 e0", false},
        {"rtp_pt_63_marker", "80 bf", false},
        {"version_1", "40 c8", false},
        {"one_octet", "80", false},
        {"empty", "", false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(is_muxed_rtcp(hex(c.bytes)), c.rtcp);
    }
}

}  // namespace
}  // namespace sessioncore::rtp
