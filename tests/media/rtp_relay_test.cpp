// The relay's rewriting without sockets: RelayLine's mapping of sources onto one outgoing
// line (transparent for one source, continuous across an SSRC switch, wrapping, duplicates
// and late packets), and the in-place rewrites of RTP and RTCP datagrams.
#include <algorithm>
#include <array>
#include <cstdint>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/media/rtp_relay.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/rtcp_builder.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

namespace sessioncore::media {
namespace {

constexpr rtp::Ssrc first{0x11111111};
constexpr rtp::Ssrc second{0x22222222};

TEST(RtpRelayLine, FirstSourcePassesUnchanged) {
    RelayLine line;
    EXPECT_FALSE(line.source());
    for (std::uint16_t i = 0; i < 5; ++i) {
        const auto seq = static_cast<std::uint16_t>(100 + i);
        const std::uint32_t ts = 1000u + 160u * i;
        const auto m = line.map(first, seq, ts);
        EXPECT_EQ(m.ssrc, first);
        EXPECT_EQ(m.sequence_number, seq);
        EXPECT_EQ(m.timestamp, ts);
    }
    EXPECT_EQ(line.source(), first);
    EXPECT_EQ(line.outgoing(), first);
    EXPECT_EQ(line.switches(), 0u);
}

TEST(RtpRelayLine, SsrcSwitchContinuesTheOutgoingLine) {
    RelayLine line;
    for (std::uint16_t i = 0; i < 3; ++i)
        (void)line.map(first, static_cast<std::uint16_t>(100 + i), 1000u + 160u * i);
    // Last out: seq 102, ts 1320. The new source starts anywhere.
    const auto m0 = line.map(second, 5000, 777777);
    EXPECT_EQ(m0.ssrc, first);
    EXPECT_EQ(m0.sequence_number, 103);
    EXPECT_EQ(m0.timestamp, 1480u);
    // Its later packets keep the offsets, gaps included.
    const auto m1 = line.map(second, 5001, 777777 + 160);
    EXPECT_EQ(m1.sequence_number, 104);
    EXPECT_EQ(m1.timestamp, 1640u);
    const auto m3 = line.map(second, 5003, 777777 + 480);
    EXPECT_EQ(m3.ssrc, first);
    EXPECT_EQ(m3.sequence_number, 106);
    EXPECT_EQ(m3.timestamp, 1960u);
    EXPECT_EQ(line.source(), second);
    EXPECT_EQ(line.outgoing(), first);
    EXPECT_EQ(line.switches(), 1u);
    EXPECT_EQ(line.map_timestamp(777777 + 480), 1960u);
}

TEST(RtpRelayLine, ConfiguredStepAppliesAtTheSwitch) {
    RelayLine line{960};  // 20 ms of Opus at 48 kHz
    (void)line.map(first, 7, 50'000);
    const auto m = line.map(second, 9999, 3);
    EXPECT_EQ(m.sequence_number, 8);
    EXPECT_EQ(m.timestamp, 50'960u);
}

TEST(RtpRelayLine, SourceSequenceAndTimestampWrapPassThrough) {
    RelayLine line;
    const std::uint16_t seqs[] = {65534, 65535, 0, 1};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::uint32_t ts = 0xFFFFFE00u + 160u * static_cast<std::uint32_t>(i);
        const auto m = line.map(first, seqs[i], ts);
        EXPECT_EQ(m.sequence_number, seqs[i]);
        EXPECT_EQ(m.timestamp, ts);
    }
}

TEST(RtpRelayLine, SwitchAtTheTopOfTheRangeWraps) {
    RelayLine line;
    (void)line.map(first, 65535, 0xFFFFFFF0u);
    const auto m0 = line.map(second, 1234, 42);
    EXPECT_EQ(m0.sequence_number, 0);
    EXPECT_EQ(m0.timestamp, 0x90u);  // 0xFFFFFFF0 + 160 mod 2^32
    // The new source itself wrapping continues the line without a jump.
    RelayLine other;
    (void)other.map(first, 10, 100);
    (void)other.map(second, 65535, 0xFFFFFF60u);  // -> seq 11, ts 260
    const auto m1 = other.map(second, 0, 0);
    EXPECT_EQ(m1.sequence_number, 12);
    EXPECT_EQ(m1.timestamp, 420u);
}

TEST(RtpRelayLine, DuplicatesAndLatePacketsKeepTheirNumbersAndTheLine) {
    RelayLine line;
    (void)line.map(first, 10, 1600);
    (void)line.map(first, 11, 1760);
    const auto dup = line.map(first, 11, 1760);
    EXPECT_EQ(dup.sequence_number, 11);
    EXPECT_EQ(dup.timestamp, 1760u);
    (void)line.map(first, 13, 2080);
    const auto late = line.map(first, 12, 1920);  // reordered: still 12, line stays at 13
    EXPECT_EQ(late.sequence_number, 12);
    const auto next = line.map(second, 500, 9);
    EXPECT_EQ(next.sequence_number, 14);
    EXPECT_EQ(next.timestamp, 2240u);
    // A duplicate of the new source's packet maps as the original did.
    const auto dup2 = line.map(second, 500, 9);
    EXPECT_EQ(dup2.sequence_number, 14);
    EXPECT_EQ(dup2.timestamp, 2240u);
    EXPECT_EQ(line.switches(), 1u);
}

TEST(RtpRelayLine, SwitchingBackIsAnotherContinuousSwitch) {
    RelayLine line;
    (void)line.map(first, 10, 0);
    (void)line.map(second, 900, 90'000);  // -> 11, 160
    const auto back = line.map(first, 11, 160);
    EXPECT_EQ(back.ssrc, first);
    EXPECT_EQ(back.sequence_number, 12);
    EXPECT_EQ(back.timestamp, 320u);
    EXPECT_EQ(line.switches(), 2u);
}

std::vector<std::byte> rtp_datagram(rtp::Ssrc ssrc, std::uint16_t seq, std::uint32_t ts,
                                    std::span<const std::byte> payload) {
    rtp::RtpPacketSpec spec;
    spec.payload_type = rtp::PayloadType{0};
    spec.marker = true;
    spec.sequence_number = seq;
    spec.timestamp = ts;
    spec.ssrc = ssrc;
    spec.payload = payload;
    std::vector<std::byte> out(200);
    const auto size = rtp::encode_to(spec, out);
    EXPECT_TRUE(size);
    out.resize(size ? *size : 0);
    return out;
}

TEST(RtpRelayRewrite, RtpHeaderFieldsMappedPayloadUntouched) {
    const std::array<std::byte, 4> payload{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
    RelayLine line;
    auto a = rtp_datagram(first, 40000, 123456, payload);
    const auto original = a;
    relay_rewrite_rtp(a, line);
    EXPECT_EQ(a, original);  // the first source is transparent
    auto b = rtp_datagram(second, 7, 99, payload);
    relay_rewrite_rtp(b, line);
    const auto parsed = rtp::parse_rtp(b);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->ssrc, first);
    EXPECT_EQ(parsed->sequence_number, 40001);
    EXPECT_EQ(parsed->timestamp, 123616u);
    EXPECT_TRUE(parsed->marker);
    EXPECT_EQ(parsed->payload_type, rtp::PayloadType{0});
    ASSERT_EQ(parsed->payload.size(), payload.size());
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), parsed->payload.begin()));
}

TEST(RtpRelayRewrite, ShortDatagramIsLeftAlone) {
    RelayLine line;
    std::array<std::byte, 8> bytes{};
    relay_rewrite_rtp(bytes, line);
    EXPECT_FALSE(line.source());
}

std::vector<std::byte> sender_report(rtp::Ssrc sender, std::uint32_t rtp_ts,
                                     std::span<const rtp::ReportBlock> blocks) {
    rtp::RtcpReportSpec spec;
    spec.ssrc = sender;
    spec.sender_info = rtp::SenderInfo{.rtp_timestamp = rtp_ts, .packet_count = 5};
    spec.report_blocks = blocks;
    spec.cname = "relay-test";
    std::vector<std::byte> out(400);
    const auto size = rtp::encode_to(spec, out);
    EXPECT_TRUE(size);
    out.resize(size ? *size : 0);
    return out;
}

TEST(RtpRelayRewrite, RtcpSenderAndReportBlocksFollowTheMapping) {
    // Forward (this direction): the source switched from `first` to `second`, outgoing `first`.
    RelayLine forward;
    (void)forward.map(first, 10, 1000);
    (void)forward.map(second, 500, 50'000);  // ts offset: 1160 - 50000
    // Backward: the far end receives `far_out` from us, which is really `far_source`.
    constexpr rtp::Ssrc far_out{0x33333333};
    constexpr rtp::Ssrc far_source{0x44444444};
    constexpr rtp::Ssrc stranger{0x55555555};
    RelayLine backward;
    (void)backward.map(far_out, 1, 1);
    (void)backward.map(far_source, 1, 1);
    const std::array<rtp::ReportBlock, 2> blocks{
        rtp::ReportBlock{.source = far_out, .fraction_lost = 3, .extended_highest_sequence = 77},
        rtp::ReportBlock{.source = stranger, .jitter = 9}};
    auto bytes = sender_report(second, 50'320, blocks);
    relay_rewrite_rtcp(bytes, forward, backward);

    const auto compound = rtp::parse_rtcp(bytes);
    ASSERT_TRUE(compound);
    ASSERT_GE(compound->size(), 2u);
    const auto* sr = std::get_if<rtp::SenderReport>(&(*compound)[0]);
    ASSERT_NE(sr, nullptr);
    EXPECT_EQ(sr->ssrc, first);
    EXPECT_EQ(sr->info.rtp_timestamp, 1480u);
    EXPECT_EQ(sr->info.packet_count, 5u);
    ASSERT_EQ(sr->blocks.size(), 2u);
    EXPECT_EQ(sr->blocks[0].source, far_source);
    EXPECT_EQ(sr->blocks[0].fraction_lost, 3);
    EXPECT_EQ(sr->blocks[0].extended_highest_sequence, 77u);
    EXPECT_EQ(sr->blocks[1].source, stranger);
    EXPECT_EQ(sr->blocks[1].jitter, 9u);
    // The SDES (and anything but SR/RR) is forwarded as it came.
    const auto* sdes = std::get_if<rtp::SourceDescription>(&(*compound)[1]);
    ASSERT_NE(sdes, nullptr);
    EXPECT_EQ(sdes->cname(second), "relay-test");
}

TEST(RtpRelayRewrite, RtcpFromAnUnknownSenderPassesUnchanged) {
    RelayLine forward;
    (void)forward.map(first, 1, 1);
    const RelayLine backward;
    const std::array<rtp::ReportBlock, 1> blocks{rtp::ReportBlock{.source = second}};
    auto bytes = sender_report(rtp::Ssrc{0x99}, 1234, blocks);
    const auto original = bytes;
    relay_rewrite_rtcp(bytes, forward, backward);
    EXPECT_EQ(bytes, original);
}

}  // namespace
}  // namespace sessioncore::media
