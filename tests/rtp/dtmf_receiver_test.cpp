// RFC 4733 events at the receiver (§2.5.2): each event reported once with its duration, with
// lost, repeated, reordered and segmented reports. The packets mostly come from DtmfSender,
// with losses injected by dropping some.
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/dtmf_receiver.hpp>
#include <sessioncore/rtp/dtmf_sender.hpp>

namespace sessioncore::rtp {
namespace {

std::vector<DtmfPacket> packets_of(std::uint8_t event, std::uint32_t start,
                                   std::uint32_t duration) {
    DtmfSender sender;
    sender.start(event, start, duration);
    std::vector<DtmfPacket> out;
    while (auto p = sender.next())
        out.push_back(*p);
    return out;
}

// Feeds `packets` (skipping those `drop` picks) and collects what the receiver reports.
std::vector<DtmfDigit> receive(DtmfReceiver& r, const std::vector<DtmfPacket>& packets,
                               const std::function<bool(std::size_t)>& drop = {}) {
    std::vector<DtmfDigit> out;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        if (drop && drop(i))
            continue;
        r.on_packet(packets[i].timestamp, packets[i].event);
        while (auto d = r.poll())
            out.push_back(*d);
    }
    return out;
}

DtmfDigit digit(std::uint8_t event, std::uint32_t ts, std::uint32_t duration,
                DtmfEnd end = DtmfEnd::EndReport) {
    return DtmfDigit{event, ts, duration, 10, end};
}

TEST(DtmfReceiver, EachDigitOnceDespiteThreeEndReports) {
    DtmfReceiver r;
    // 7 packets: 4 updates and 3 ends; reported at the first end, the repeats dropped.
    auto packets = packets_of(5, 1000, 800);
    std::vector<DtmfDigit> seen;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        r.on_packet(packets[i].timestamp, packets[i].event);
        auto d = r.poll();
        EXPECT_EQ(d.has_value(), i == 4) << "packet " << i;
        if (d)
            seen.push_back(*d);
    }
    EXPECT_EQ(seen, std::vector<DtmfDigit>{digit(5, 1000, 800)});
}

TEST(DtmfReceiver, ScenariosOfLossAndRepetition) {
    struct Case {
        const char* name;
        std::function<bool(std::size_t)> drop;
        std::vector<DtmfDigit> expected;
    };
    // Packets 0-3 are updates (160-640), 4-6 the end reports (800).
    const Case cases[] = {
        {"nothing_lost", {}, {digit(5, 1000, 800)}},
        // The event is known by its timestamp, so a lost first packet (the marker) is harmless.
        {"first_three_lost", [](std::size_t i) { return i < 3; }, {digit(5, 1000, 800)}},
        {"all_updates_lost", [](std::size_t i) { return i < 4; }, {digit(5, 1000, 800)}},
        {"two_ends_lost", [](std::size_t i) { return i == 4 || i == 5; }, {digit(5, 1000, 800)}},
        {"only_the_last_end", [](std::size_t i) { return i != 6; }, {digit(5, 1000, 800)}},
        // No end report: nothing yet (flush() or the next event ends it).
        {"all_ends_lost", [](std::size_t i) { return i >= 4; }, {}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        DtmfReceiver r;
        EXPECT_EQ(receive(r, packets_of(5, 1000, 800), c.drop), c.expected);
    }
}

TEST(DtmfReceiver, AnEventWithoutEndReportsEndsWhenTheNextBeginsOrOnFlush) {
    DtmfReceiver r;
    auto first = packets_of(1, 0, 800);
    auto second = packets_of(2, 8000, 800);
    // The first's three ends are lost: its last update said 640.
    EXPECT_TRUE(receive(r, first, [](std::size_t i) { return i >= 4; }).empty());
    // The second's first packet supersedes it; the second then ends normally.
    EXPECT_EQ(receive(r, second),
              (std::vector<DtmfDigit>{digit(1, 0, 640, DtmfEnd::Superseded), digit(2, 8000, 800)}));

    // A third without ends, and the stream stops: flush() reports it.
    auto third = packets_of(3, 16000, 800);
    EXPECT_TRUE(receive(r, third, [](std::size_t i) { return i >= 3; }).empty());
    r.flush();
    EXPECT_EQ(r.poll(), digit(3, 16000, 480, DtmfEnd::Flushed));
    EXPECT_EQ(r.poll(), std::nullopt);
    r.flush();  // nothing open: nothing more
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, OnePacketCanEndTwoEvents) {
    DtmfReceiver r;
    r.on_packet(0, TelephoneEvent{1, false, 10, 320});
    // The next event's updates were all lost; its end supersedes the first and ends itself.
    r.on_packet(8000, TelephoneEvent{2, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(1, 0, 320, DtmfEnd::Superseded));
    EXPECT_EQ(r.poll(), digit(2, 8000, 800));
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, ReorderedAndLateReportsDoNotChangeOrRepeatAnEvent) {
    DtmfReceiver r;
    // An update of 480 arrives after one of 640: the duration stays 640.
    r.on_packet(0, TelephoneEvent{7, false, 10, 640});
    r.on_packet(0, TelephoneEvent{7, false, 10, 480});
    r.on_packet(0, TelephoneEvent{7, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(7, 0, 800));
    // A late update and a late end of the same event: dropped.
    r.on_packet(0, TelephoneEvent{7, false, 10, 640});
    r.on_packet(0, TelephoneEvent{7, true, 10, 800});
    EXPECT_EQ(r.poll(), std::nullopt);
    // The next digit begins; then a straggler of the old one arrives: dropped.
    r.on_packet(4000, TelephoneEvent{8, false, 10, 160});
    r.on_packet(0, TelephoneEvent{7, true, 10, 800});
    r.on_packet(4000, TelephoneEvent{8, true, 10, 400});
    EXPECT_EQ(r.poll(), digit(8, 4000, 400));
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, TheSameKeyTwiceIsTwoEvents) {
    DtmfReceiver r;
    std::vector<DtmfPacket> both = packets_of(1, 0, 800);
    auto again = packets_of(1, 2400, 800);
    both.insert(both.end(), again.begin(), again.end());
    EXPECT_EQ(receive(r, both), (std::vector<DtmfDigit>{digit(1, 0, 800), digit(1, 2400, 800)}));
}

TEST(DtmfReceiver, AnotherEventUnderTheSameTimestampIsIgnored) {
    DtmfReceiver r;
    r.on_packet(0, TelephoneEvent{1, false, 10, 160});
    r.on_packet(0, TelephoneEvent{2, true, 10, 320});  // invalid: event 2 at event 1's time
    r.on_packet(0, TelephoneEvent{1, true, 10, 320});
    EXPECT_EQ(r.poll(), digit(1, 0, 320));
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, SegmentsOfALongEventAddUp) {
    struct Case {
        const char* name;
        std::function<bool(std::size_t)> drop;
    };
    // From DtmfSender: 409 updates, the 0xFFFF closing report (index 409), 28 updates of the
    // second segment and 3 ends: 70000 units in all.
    const Case cases[] = {
        {"nothing_lost", {}},
        {"closing_report_lost", [](std::size_t i) { return i == 409; }},
        {"half_of_everything_lost", [](std::size_t i) { return i % 2 == 0 && i < 438; }},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        DtmfReceiver r;
        EXPECT_EQ(receive(r, packets_of(9, 100, 70000), c.drop),
                  std::vector<DtmfDigit>{digit(9, 100, 70000)});
    }
}

TEST(DtmfReceiver, ASegmentStartingAtTheLastReportedDurationContinuesToo) {
    // Some senders start the next segment at the last duration they sent (65440 here, near
    // the limit) rather than at 0xFFFF: 65440 + 800 = 66240 in all.
    DtmfReceiver r;
    r.on_packet(500, TelephoneEvent{4, false, 10, 65280});
    r.on_packet(500, TelephoneEvent{4, false, 10, 65440});
    r.on_packet(500 + 65440, TelephoneEvent{4, false, 10, 160});
    r.on_packet(500 + 65440, TelephoneEvent{4, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(4, 500, 66240));
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, AShortEventFollowedCloselyByTheSameKeyIsNotASegment) {
    // Event 4 reported 800 with its ends lost; the same key again 800 later is a new event,
    // as 800 is far from a full segment.
    DtmfReceiver r;
    r.on_packet(0, TelephoneEvent{4, false, 10, 800});
    r.on_packet(800, TelephoneEvent{4, true, 10, 160});
    EXPECT_EQ(r.poll(), digit(4, 0, 800, DtmfEnd::Superseded));
    EXPECT_EQ(r.poll(), digit(4, 800, 160));
}

TEST(DtmfReceiver, TimestampsFarBehindAreNewEventsNotStragglers) {
    DtmfReceiver r;
    r.on_packet(10'000'000, TelephoneEvent{1, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(1, 10'000'000, 800));
    // 0x80000 = 524288 behind is the edge of the window: still a straggler.
    r.on_packet(10'000'000 - 0x80000, TelephoneEvent{2, true, 10, 800});
    EXPECT_EQ(r.poll(), std::nullopt);
    // Further behind: the sender's timestamps jumped back; a new event.
    r.on_packet(1000, TelephoneEvent{3, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(3, 1000, 800));
}

TEST(DtmfReceiver, TimestampsWrapModulo2To32) {
    DtmfReceiver r;
    r.on_packet(0xFFFFFF00u, TelephoneEvent{1, true, 10, 400});
    EXPECT_EQ(r.poll(), digit(1, 0xFFFFFF00u, 400));
    // 0x1100 later, past the wrap: a new event, not a straggler.
    r.on_packet(0x00000000u + 0x1000, TelephoneEvent{2, true, 10, 400});
    EXPECT_EQ(r.poll(), digit(2, 0x1000, 400));
    // And the old one's repeated end, from before the wrap, is still dropped.
    r.on_packet(0xFFFFFF00u, TelephoneEvent{1, true, 10, 400});
    EXPECT_EQ(r.poll(), std::nullopt);
}

TEST(DtmfReceiver, ResetForgetsTheStream) {
    DtmfReceiver r;
    r.on_packet(5000, TelephoneEvent{1, true, 10, 800});
    r.reset();
    EXPECT_EQ(r.poll(), std::nullopt);
    // After a reset (a new SSRC), the same timestamp is a new event.
    r.on_packet(5000, TelephoneEvent{1, true, 10, 800});
    EXPECT_EQ(r.poll(), digit(1, 5000, 800));
}

}  // namespace
}  // namespace sessioncore::rtp
