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

TEST(RtpRelayLine, SourceSequenceInvertsTheMapping) {
    struct Case {
        const char* name;
        std::uint16_t first_seq;   // the first source's only packet
        std::uint16_t second_seq;  // the new source's first packet
    };
    constexpr Case cases[] = {
        {"no_wrap", 100, 5000},
        {"outgoing_wraps_later", 65530, 10},
        {"source_wraps_later", 100, 65534},
        {"both_at_the_top", 65535, 65535},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        RelayLine line;
        (void)line.map(first, c.first_seq, 0);
        for (std::uint16_t i = 0; i < 8; ++i) {
            const auto seq = static_cast<std::uint16_t>(c.second_seq + i);
            const auto out = line.map(second, seq, 160u * i).sequence_number;
            EXPECT_EQ(out, static_cast<std::uint16_t>(c.first_seq + 1 + i));
            EXPECT_EQ(line.source_sequence(out), seq);
        }
    }
}

TEST(RtpRelayLine, SourceExtendedSequenceIsIdentityBeforeASwitch) {
    RelayLine line;
    EXPECT_EQ(line.source_extended_sequence(0x0003FFFFu), 0x0003FFFFu);
    (void)line.map(first, 7, 0);
    (void)line.map(first, 8, 160);
    EXPECT_EQ(line.source_extended_sequence(0x00010008u), 0x00010008u);
    EXPECT_EQ(line.source_sequence(8), 8);
}

TEST(RtpRelayLine, SourceExtendedSequenceAcrossWraps) {
    // Outgoing wraps, the source does not: out 65531 is source 10 (offset 65521); the
    // reporter's cycle 1, sequence 0 is the source's 15 of cycle 0.
    RelayLine outgoing_wraps;
    (void)outgoing_wraps.map(first, 65530, 0);
    (void)outgoing_wraps.map(second, 10, 0);
    EXPECT_EQ(outgoing_wraps.source_extended_sequence(0x0000FFFBu), 10u);
    EXPECT_EQ(outgoing_wraps.source_extended_sequence(0x00010000u), 15u);
    EXPECT_EQ(outgoing_wraps.source_extended_sequence(0x00020004u), 0x00010013u);
    // The source wraps, the outgoing line does not: out 101 is source 65534 (offset 103);
    // the modular inverse gives cycle 0xFFFF before the source's wrap and 0 after it, one
    // below the reporter's count, consistently, so the source's own comparisons hold.
    RelayLine source_wraps;
    (void)source_wraps.map(first, 100, 0);
    (void)source_wraps.map(second, 65534, 0);
    EXPECT_EQ(source_wraps.source_extended_sequence(101u), 0xFFFFFFFEu);
    EXPECT_EQ(source_wraps.source_extended_sequence(103u), 0u);
    EXPECT_EQ(source_wraps.source_extended_sequence(0x00010067u), 0x00010000u);
    // A round trip through the extended value for any outgoing number.
    for (std::uint32_t out : {0u, 1u, 0xFFFFu, 0x10000u, 0x12345678u, 0xFFFFFFFFu})
        EXPECT_EQ(static_cast<std::uint16_t>(source_wraps.source_extended_sequence(out)),
                  source_wraps.source_sequence(static_cast<std::uint16_t>(out)));
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
    // Backward switched with offset +1 (far_out's seq 1, then far_source's seq 1 went out
    // as 2): 77 on the outgoing line was far_source's 76.
    EXPECT_EQ(sr->blocks[0].extended_highest_sequence, 76u);
    EXPECT_EQ(sr->blocks[1].source, stranger);
    EXPECT_EQ(sr->blocks[1].jitter, 9u);
    EXPECT_EQ(sr->blocks[1].extended_highest_sequence, 0u);  // not about us: untouched
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

TEST(RtpRelayRewrite, ReportBlockSequenceFollowsASwitchAcrossTheWrap) {
    RelayLine forward;
    constexpr rtp::Ssrc far_out{0x33333333};
    constexpr rtp::Ssrc far_source{0x44444444};
    RelayLine backward;
    (void)backward.map(far_out, 65530, 0);
    (void)backward.map(far_source, 10, 0);  // out 65531 = source 10
    // The reporter has seen one outgoing wrap and sequence 2: the source's 17, cycle 0.
    const std::array<rtp::ReportBlock, 1> blocks{
        rtp::ReportBlock{.source = far_out, .extended_highest_sequence = 0x00010002u}};
    rtp::RtcpReportSpec spec;
    spec.ssrc = rtp::Ssrc{0x77};
    spec.report_blocks = blocks;
    spec.cname = "rr";
    std::vector<std::byte> bytes(200);
    const auto size = rtp::encode_to(spec, bytes);
    ASSERT_TRUE(size);
    bytes.resize(*size);
    relay_rewrite_rtcp(bytes, forward, backward);
    const auto compound = rtp::parse_rtcp(bytes);
    ASSERT_TRUE(compound);
    const auto* rr = std::get_if<rtp::ReceiverReport>(&(*compound)[0]);
    ASSERT_NE(rr, nullptr);
    EXPECT_EQ(rr->ssrc, rtp::Ssrc{0x77});  // forward has no source yet: unchanged
    ASSERT_EQ(rr->blocks.size(), 1u);
    EXPECT_EQ(rr->blocks[0].source, far_source);
    EXPECT_EQ(rr->blocks[0].extended_highest_sequence, 17u);
}

// RFC 4585 §6.1 feedback packets, built by hand: V=2, FMT, PT, length; sender SSRC, media
// SSRC; then the FCI words.
std::vector<std::byte> feedback(std::uint8_t fmt, std::uint8_t type, std::uint32_t sender,
                                std::uint32_t media, std::span<const std::uint32_t> fci,
                                std::uint8_t padding = 0) {
    std::vector<std::byte> out;
    const auto put32 = [&](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::byte>((v >> shift) & 0xFFu));
    };
    const std::size_t words = 2 + fci.size() + padding / 4u;  // length field: words - 1
    out.push_back(static_cast<std::byte>(0x80u | (padding ? 0x20u : 0u) | fmt));
    out.push_back(static_cast<std::byte>(type));
    out.push_back(static_cast<std::byte>(words >> 8));
    out.push_back(static_cast<std::byte>(words & 0xFFu));
    put32(sender);
    put32(media);
    for (auto word : fci)
        put32(word);
    for (std::uint8_t i = 1; i <= padding; ++i)
        out.push_back(i == padding ? std::byte{padding} : std::byte{0});
    return out;
}

constexpr std::uint8_t rtpfb = 205;
constexpr std::uint8_t psfb = 206;

TEST(RtpRelayRtcpCheck, FullAndReducedSizeCompoundsAreAccepted) {
    const std::array<std::uint32_t, 2> nack{0x00640003u, 0x01000000u};
    const auto lone_nack = feedback(1, rtpfb, 0xA, 0xB, nack);
    const auto lone_pli = feedback(1, psfb, 0xA, 0xB, {});
    const auto padded_nack = feedback(1, rtpfb, 0xA, 0xB, nack, 4);
    const auto two = [&] {
        auto both = lone_pli;
        both.insert(both.end(), lone_nack.begin(), lone_nack.end());
        return both;
    }();
    const auto full = sender_report(first, 1, {});
    for (const std::vector<std::byte>* bytes : {&lone_nack, &lone_pli, &padded_nack, &two, &full})
        EXPECT_TRUE(check_relayed_rtcp(*bytes));
}

TEST(RtpRelayRtcpCheck, BrokenCompoundsGiveTheirError) {
    const std::array<std::uint32_t, 1> nack{0x00640003u};
    const auto good = feedback(1, rtpfb, 0xA, 0xB, nack);
    struct Case {
        const char* name;
        std::vector<std::byte> bytes;
        rtp::errc error;
    };
    std::vector<Case> cases;
    cases.push_back({"too_short", {good.begin(), good.begin() + 3}, rtp::errc::rtcp_too_short});
    auto v1 = good;
    v1[0] = std::byte{0x41};  // V=1
    cases.push_back({"bad_version", v1, rtp::errc::rtcp_bad_version});
    cases.push_back({"cut", {good.begin(), good.end() - 4}, rtp::errc::rtcp_length_mismatch});
    auto trailing = good;
    trailing.insert(trailing.end(), {std::byte{0x80}, std::byte{205}});
    cases.push_back({"trailing_octets", trailing, rtp::errc::rtcp_too_short});
    auto second_bad = good;
    second_bad.insert(second_bad.end(), v1.begin(), v1.end());
    cases.push_back({"second_packet_bad_version", second_bad, rtp::errc::rtcp_bad_version});
    auto padded_first = feedback(1, rtpfb, 0xA, 0xB, nack, 4);
    padded_first.insert(padded_first.end(), good.begin(), good.end());
    cases.push_back({"padding_not_last", padded_first, rtp::errc::rtcp_padding_not_last});
    auto zero_pad = feedback(1, rtpfb, 0xA, 0xB, nack, 4);
    zero_pad.back() = std::byte{0};
    cases.push_back({"padding_count_zero", zero_pad, rtp::errc::rtcp_bad_padding});
    auto odd_pad = feedback(1, rtpfb, 0xA, 0xB, nack, 4);
    odd_pad.back() = std::byte{3};
    cases.push_back({"padding_not_multiple_of_4", odd_pad, rtp::errc::rtcp_bad_padding});
    auto huge_pad = feedback(1, rtpfb, 0xA, 0xB, nack, 4);
    huge_pad.back() = std::byte{252};
    cases.push_back({"padding_past_packet", huge_pad, rtp::errc::rtcp_bad_padding});
    // A compound that starts with an SR is judged by parse_rtcp() alone.
    auto short_sr = sender_report(first, 1, {});
    short_sr[3] = std::byte{1};  // SR length 2 words: no room for the sender info
    short_sr.resize(8);
    cases.push_back({"truncated_sr", short_sr, rtp::errc::rtcp_report_truncated});
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto r = check_relayed_rtcp(c.bytes);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), c.error);
    }
}

TEST(RtpRelayRewrite, ReducedSizeNackFollowsBothLines) {
    // Forward: the reporter is `second`, which took over `first`'s outgoing line.
    RelayLine forward;
    (void)forward.map(first, 10, 0);
    (void)forward.map(second, 900, 0);
    // Backward: what the reporter receives: far_out's line, now carried by far_source at
    // offset +1 (its seq 1 went out as 2). The NACK asks for outgoing 2 and 3 (+ bitmask).
    constexpr rtp::Ssrc far_out{0x33333333};
    constexpr rtp::Ssrc far_source{0x44444444};
    RelayLine backward;
    (void)backward.map(far_out, 1, 1);
    (void)backward.map(far_source, 1, 1);
    const std::array<std::uint32_t, 2> fci{0x00020001u, 0xFFFF8000u};  // PID 2, PID 65535
    auto bytes = feedback(1, rtpfb, second.value, far_out.value, fci);
    relay_rewrite_rtcp(bytes, forward, backward);
    const auto expected =
        feedback(1, rtpfb, first.value, far_source.value,
                 std::array<std::uint32_t, 2>{0x00010001u, 0xFFFE8000u});  // bitmasks kept
    EXPECT_EQ(bytes, expected);
    EXPECT_TRUE(check_relayed_rtcp(bytes));
}

TEST(RtpRelayRewrite, PliSsrcsMappedAndStrangersUntouched) {
    RelayLine forward;
    (void)forward.map(first, 10, 0);
    (void)forward.map(second, 900, 0);
    constexpr rtp::Ssrc far_out{0x33333333};
    constexpr rtp::Ssrc far_source{0x44444444};
    RelayLine backward;
    (void)backward.map(far_out, 1, 1);
    (void)backward.map(far_source, 1, 1);
    auto pli = feedback(1, psfb, second.value, far_out.value, {});
    relay_rewrite_rtcp(pli, forward, backward);
    EXPECT_EQ(pli, feedback(1, psfb, first.value, far_source.value, {}));
    // Another kind of feedback about a stranger, from a stranger: nothing changes, and a
    // PSFB's FCI is never taken for NACK entries.
    const std::array<std::uint32_t, 1> fci{0x00020001u};
    auto other = feedback(1, psfb, 0x99, 0x98, fci);
    const auto original = other;
    relay_rewrite_rtcp(other, forward, backward);
    EXPECT_EQ(other, original);
    auto fir_like = feedback(4, psfb, 0x99, far_out.value, fci);
    relay_rewrite_rtcp(fir_like, forward, backward);
    EXPECT_EQ(fir_like, feedback(4, psfb, 0x99, far_source.value, fci));
}

TEST(RtpRelayRewrite, FeedbackInsideAFullCompoundIsRewrittenToo) {
    RelayLine forward;
    (void)forward.map(first, 10, 0);
    (void)forward.map(second, 900, 0);
    const RelayLine backward;
    auto bytes = sender_report(second, 0, {});
    const auto report_size = bytes.size();
    const auto pli = feedback(1, psfb, second.value, 0x98, {});
    bytes.insert(bytes.end(), pli.begin(), pli.end());
    ASSERT_TRUE(check_relayed_rtcp(bytes));
    relay_rewrite_rtcp(bytes, forward, backward);
    const std::vector<std::byte> tail{bytes.begin() + static_cast<std::ptrdiff_t>(report_size),
                                      bytes.end()};
    EXPECT_EQ(tail, feedback(1, psfb, first.value, 0x98, {}));
}

TEST(RtpRelayRewrite, TruncatedFeedbackIsLeftAlone) {
    RelayLine forward;
    (void)forward.map(first, 10, 0);
    // A header claiming 1 word (8 octets): no media SSRC. The walk touches nothing.
    std::vector<std::byte> bytes{std::byte{0x81}, std::byte{205},  std::byte{0},
                                 std::byte{1},    std::byte{0x11}, std::byte{0x11},
                                 std::byte{0x11}, std::byte{0x11}};
    const auto original = bytes;
    relay_rewrite_rtcp(bytes, forward, forward);
    EXPECT_EQ(bytes, original);
}

}  // namespace
}  // namespace sessioncore::media
