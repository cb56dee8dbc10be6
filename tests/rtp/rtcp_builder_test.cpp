// Building compound RTCP packets (RFC 3550 §6.1, §6.4-§6.6): exact octets against hand-written
// packets, round trips through parse_rtcp(), more than 31 blocks, and each error.
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/rtcp_builder.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "rtp/bytes.hpp"
#include "rtp/rtcp_vectors.hpp"

namespace sessioncore::rtp {
namespace {

using rtp_test::hex;

std::vector<std::byte> build(const RtcpReportSpec& spec) {
    std::vector<std::byte> out(4096);
    auto size = encode_to(spec, out);
    if (!size)
        throw std::runtime_error(std::string(to_string(size.error())));
    EXPECT_EQ(encoded_size(spec), *size);
    out.resize(*size);
    return out;
}

const ReportBlock block_1{.source = Ssrc{0x55667788},
                          .fraction_lost = 64,
                          .cumulative_lost = -2,
                          .extended_highest_sequence = 0x00010005,
                          .jitter = 32,
                          .last_sr = 0x5A6B8000,
                          .delay_since_last_sr = 0x00018000};

TEST(RtcpBuild, SenderReportWithCnameMatchesTheHandWrittenPacket) {
    const ReportBlock blocks[] = {block_1};
    RtcpReportSpec spec{
        .ssrc = Ssrc{0x11223344},
        .sender_info = SenderInfo{NtpTimestamp{0xE34F5A6B, 0x80000000}, 4096, 100, 16000},
        .report_blocks = blocks,
        .cname = "alice@host1"};
    EXPECT_EQ(build(spec),
              hex(std::string(rtcp_vectors::sender_report) + " " + rtcp_vectors::sdes_cname));
}

TEST(RtcpBuild, ReceiverReportSdesItemsAndByeParseBack) {
    const SdesTextItem items[] = {{SdesType::Name, "Alice"}, {SdesType::Tool, "session-core"}};
    const Ssrc others[] = {Ssrc{0xAAAA0001}, Ssrc{0xAAAA0002}};
    const ReportBlock blocks[] = {block_1};
    RtcpReportSpec spec{.ssrc = Ssrc{7},
                        .report_blocks = blocks,
                        .cname = "a@b",
                        .other_items = items,
                        .bye = ByeSpec{others, "hung up"}};
    std::vector<std::byte> bytes = build(spec);
    auto c = parse_rtcp(bytes);
    ASSERT_TRUE(c) << c.error();
    ASSERT_EQ(c->size(), 3u);

    const auto& rr = std::get<ReceiverReport>((*c)[0]);
    EXPECT_EQ(rr.ssrc, Ssrc{7});
    ASSERT_EQ(rr.blocks.size(), 1u);
    EXPECT_EQ(rr.blocks[0], block_1);

    const auto& sdes = std::get<SourceDescription>((*c)[1]);
    ASSERT_EQ(sdes.chunks.size(), 1u);
    const SdesChunk chunk = *sdes.chunks.begin();
    EXPECT_EQ(chunk.source, Ssrc{7});
    std::vector<std::pair<SdesType, std::string>> seen;
    for (const SdesItem& item : chunk.items)
        seen.emplace_back(item.type, std::string(item.text));
    EXPECT_EQ(seen,
              (std::vector<std::pair<SdesType, std::string>>{{SdesType::Cname, "a@b"},
                                                             {SdesType::Name, "Alice"},
                                                             {SdesType::Tool, "session-core"}}));

    const auto& bye = std::get<Goodbye>((*c)[2]);
    ASSERT_EQ(bye.sources.size(), 3u);
    EXPECT_EQ(bye.sources[0], Ssrc{7});
    EXPECT_EQ(bye.sources[2], Ssrc{0xAAAA0002});
    EXPECT_EQ(bye.reason, "hung up");
}

TEST(RtcpBuild, EmptyReceiverReportAndAByeWithoutReason) {
    RtcpReportSpec spec{.ssrc = Ssrc{0x11223344}, .cname = "x", .bye = ByeSpec{}};
    // RR 8 octets; SDES: 4 + SSRC 4 + CNAME 3 + null, 12 octets; BYE 8 octets.
    EXPECT_EQ(build(spec), hex("80 c9 00 01  11 22 33 44"
                               "81 ca 00 02  11 22 33 44  01 01 78 00"
                               "81 cb 00 01  11 22 33 44"));
}

TEST(RtcpBuild, BlocksPast31GoIntoFurtherReceiverReports) {
    std::vector<ReportBlock> blocks;
    for (std::uint32_t i = 0; i < 70; ++i)
        blocks.push_back(ReportBlock{.source = Ssrc{1000 + i}, .jitter = i});
    RtcpReportSpec spec{.ssrc = Ssrc{5},
                        .sender_info = SenderInfo{},
                        .report_blocks = blocks,
                        .cname = "many@sources"};
    std::vector<std::byte> bytes = build(spec);
    auto c = parse_rtcp(bytes).value();
    ASSERT_EQ(c.size(), 4u);  // SR with 31, RR with 31, RR with 8, SDES
    const auto& sr = std::get<SenderReport>(c[0]);
    const auto& rr1 = std::get<ReceiverReport>(c[1]);
    const auto& rr2 = std::get<ReceiverReport>(c[2]);
    EXPECT_EQ(sr.blocks.size(), 31u);
    EXPECT_EQ(rr1.blocks.size(), 31u);
    EXPECT_EQ(rr2.blocks.size(), 8u);
    EXPECT_EQ(rr1.ssrc, Ssrc{5});
    EXPECT_EQ(rr2.ssrc, Ssrc{5});
    std::vector<ReportBlock> seen;
    for (const ReportBlocks& list : {sr.blocks, rr1.blocks, rr2.blocks})
        for (std::size_t i = 0; i < list.size(); ++i)
            seen.push_back(list[i]);
    EXPECT_EQ(seen, blocks);
    EXPECT_TRUE(std::holds_alternative<SourceDescription>(c[3]));
}

TEST(RtcpBuild, CumulativeLossIsClampedTo24Bits) {
    const ReportBlock blocks[] = {ReportBlock{.source = Ssrc{1}, .cumulative_lost = 10'000'000},
                                  ReportBlock{.source = Ssrc{2}, .cumulative_lost = -10'000'000},
                                  ReportBlock{.source = Ssrc{3}, .cumulative_lost = -1}};
    std::vector<std::byte> bytes =
        build(RtcpReportSpec{.ssrc = Ssrc{9}, .report_blocks = blocks, .cname = "c"});
    auto c = parse_rtcp(bytes).value();
    const auto& rr = std::get<ReceiverReport>(c[0]);
    EXPECT_EQ(rr.blocks[0].cumulative_lost, 0x7FFFFF);   // 2^23 - 1
    EXPECT_EQ(rr.blocks[1].cumulative_lost, -0x800000);  // -2^23
    EXPECT_EQ(rr.blocks[2].cumulative_lost, -1);         // 0xFFFFFF on the wire
}

TEST(RtcpBuild, EachUnbuildableSpecGivesItsError) {
    std::string long_text(256, 'x');
    std::string longest_text(255, 'x');
    std::vector<Ssrc> thirty(30, Ssrc{1});
    std::vector<Ssrc> thirty_one(31, Ssrc{1});
    const SdesTextItem long_item[] = {{SdesType::Note, long_text}};
    struct Case {
        const char* name;
        RtcpReportSpec spec;
        std::optional<errc> expected;
    };
    const Case cases[] = {
        {"no_cname", {.ssrc = Ssrc{1}}, errc::missing_cname},
        {"cname_256", {.ssrc = Ssrc{1}, .cname = long_text}, errc::text_too_long},
        {"cname_255", {.ssrc = Ssrc{1}, .cname = longest_text}, std::nullopt},
        {"item_256",
         {.ssrc = Ssrc{1}, .cname = "c", .other_items = long_item},
         errc::text_too_long},
        {"reason_256",
         {.ssrc = Ssrc{1}, .cname = "c", .bye = ByeSpec{{}, long_text}},
         errc::text_too_long},
        {"bye_32_sources",
         {.ssrc = Ssrc{1}, .cname = "c", .bye = ByeSpec{thirty_one, ""}},
         errc::too_many_sources},
        {"bye_31_sources",
         {.ssrc = Ssrc{1}, .cname = "c", .bye = ByeSpec{thirty, ""}},
         std::nullopt},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::byte> out(2048);
        auto size = encode_to(c.spec, out);
        if (!c.expected) {
            ASSERT_TRUE(size) << size.error();
            EXPECT_TRUE(parse_rtcp(std::span{out}.first(*size)));
            continue;
        }
        ASSERT_FALSE(size);
        EXPECT_EQ(size.error(), *c.expected);
        EXPECT_EQ(encoded_size(c.spec).error(), *c.expected);
    }
}

TEST(RtcpBuild, ABufferTooSmallIsRefusedAndLeftUntouched) {
    const ReportBlock blocks[] = {block_1};
    RtcpReportSpec spec{.ssrc = Ssrc{1},
                        .sender_info = SenderInfo{},
                        .report_blocks = blocks,
                        .cname = "abc",
                        .bye = ByeSpec{{}, "bye"}};
    std::size_t size = encoded_size(spec).value();
    for (std::size_t room = 0; room < size; ++room) {
        SCOPED_TRACE(room);
        std::vector<std::byte> out(room, std::byte{0xEE});
        auto written = encode_to(spec, out);
        ASSERT_FALSE(written);
        EXPECT_EQ(written.error(), errc::buffer_too_small);
        EXPECT_EQ(out, std::vector<std::byte>(room, std::byte{0xEE}));
    }
}

TEST(RtcpBuild, AnSdesItemOfTypeEndIsAProgrammingError) {
    const SdesTextItem items[] = {{SdesType::End, "x"}};
    std::vector<std::byte> out(64);
    EXPECT_THROW(
        (void)encode_to(RtcpReportSpec{.ssrc = Ssrc{1}, .cname = "c", .other_items = items}, out),
        std::logic_error);
}

}  // namespace
}  // namespace sessioncore::rtp
