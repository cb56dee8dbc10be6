// The packet sequence of one RFC 4733 event (§2.5.1): marker on the first, one timestamp per
// segment, growing durations, three end reports, segments past 0xFFFF.
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/dtmf_sender.hpp>

namespace sessioncore::rtp {
namespace {

std::vector<DtmfPacket> all_packets(DtmfSender& sender) {
    std::vector<DtmfPacket> out;
    while (auto p = sender.next())
        out.push_back(*p);
    return out;
}

DtmfPacket packet(bool marker, std::uint32_t ts, std::uint8_t event, bool end,
                  std::uint16_t duration, std::uint32_t offset, std::uint8_t volume = 10) {
    return DtmfPacket{marker, ts, TelephoneEvent{event, end, volume, duration}, offset};
}

TEST(DtmfSender, A100MsDigitAt8kHz) {
    // 100 ms = 800 units; a report every 20 ms (160 units), each sent when its duration has
    // elapsed; then the end report with duration 800 three times, 160 apart.
    DtmfSender sender;
    sender.start(5, 1000, 800);
    EXPECT_TRUE(sender.active());
    EXPECT_EQ(all_packets(sender), (std::vector<DtmfPacket>{
                                       packet(true, 1000, 5, false, 160, 160),
                                       packet(false, 1000, 5, false, 320, 320),
                                       packet(false, 1000, 5, false, 480, 480),
                                       packet(false, 1000, 5, false, 640, 640),
                                       packet(false, 1000, 5, true, 800, 800),
                                       packet(false, 1000, 5, true, 800, 960),
                                       packet(false, 1000, 5, true, 800, 1120),
                                   }));
    EXPECT_FALSE(sender.active());
    EXPECT_EQ(sender.next(), std::nullopt);
}

TEST(DtmfSender, ADurationThatIsNotAMultipleOfTheInterval) {
    // 90 ms = 720 units: updates 160-640, then the end at 720 (not 800).
    DtmfSender sender;
    sender.start(11, 0, 720);
    auto packets = all_packets(sender);
    ASSERT_EQ(packets.size(), 7u);
    EXPECT_EQ(packets[3], packet(false, 0, 11, false, 640, 640));
    EXPECT_EQ(packets[4], packet(false, 0, 11, true, 720, 720));
    EXPECT_EQ(packets[6], packet(false, 0, 11, true, 720, 1040));
}

TEST(DtmfSender, AnEventShorterThanOneIntervalIsOnlyItsEnd) {
    DtmfSender sender{{.packet_interval = 160, .volume = 20, .end_repeats = 3}};
    sender.start(0, 7, 50);
    EXPECT_EQ(all_packets(sender), (std::vector<DtmfPacket>{
                                       packet(true, 7, 0, true, 50, 50, 20),
                                       packet(false, 7, 0, true, 50, 210, 20),
                                       packet(false, 7, 0, true, 50, 370, 20),
                                   }));
}

TEST(DtmfSender, TheTimestampWrapsWithTheStream) {
    DtmfSender sender{{.packet_interval = 960, .volume = 10, .end_repeats = 1}};
    sender.start(3, 0xFFFFFF00u, 1920);  // 40 ms at 48 kHz
    EXPECT_EQ(all_packets(sender), (std::vector<DtmfPacket>{
                                       packet(true, 0xFFFFFF00u, 3, false, 960, 960),
                                       packet(false, 0xFFFFFF00u, 3, true, 1920, 1920),
                                   }));
}

TEST(DtmfSender, AnEventPast0xFFFFGoesOnInSegments) {
    // 70000 units with 160-unit reports. Segment 0: durations 160 ... 65440 (409 reports),
    // then 65535 (0xFFFF) at offset 65535 to close it. Segment 1 has timestamp
    // start + 65535: durations 65600 - 65535 = 65 ... 69920 - 65535 = 4385 (28 reports), then
    // the end, 70000 - 65535 = 4465, three times at 70000, 70160, 70320.
    DtmfSender sender;
    sender.start(9, 100, 70000);
    auto packets = all_packets(sender);
    ASSERT_EQ(packets.size(), 409u + 1 + 28 + 3);
    EXPECT_EQ(packets[0], packet(true, 100, 9, false, 160, 160));
    EXPECT_EQ(packets[408], packet(false, 100, 9, false, 65440, 65440));
    EXPECT_EQ(packets[409], packet(false, 100, 9, false, 0xFFFF, 65535));
    EXPECT_EQ(packets[410], packet(false, 100 + 65535, 9, false, 65, 65600));
    EXPECT_EQ(packets[437], packet(false, 100 + 65535, 9, false, 4385, 69920));
    EXPECT_EQ(packets[438], packet(false, 100 + 65535, 9, true, 4465, 70000));
    EXPECT_EQ(packets[440], packet(false, 100 + 65535, 9, true, 4465, 70320));
    int markers = 0;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        markers += packets[i].marker ? 1 : 0;
        if (i == 0)
            continue;
        EXPECT_GE(packets[i].send_offset, packets[i - 1].send_offset);
        // Within a segment the durations never go back.
        if (packets[i].timestamp == packets[i - 1].timestamp) {
            EXPECT_GE(packets[i].event.duration, packets[i - 1].event.duration);
        }
    }
    EXPECT_EQ(markers, 1);
}

TEST(DtmfSender, AReportLandingOn0xFFFFClosesTheSegmentItself) {
    // 255 divides 65535 (× 257): the 257th report says 65535; no extra closing report.
    DtmfSender sender{{.packet_interval = 255, .volume = 10, .end_repeats = 3}};
    sender.start(1, 0, 66000);
    auto packets = all_packets(sender);
    int full = 0;
    for (const DtmfPacket& p : packets)
        full += p.event.duration == 0xFFFF ? 1 : 0;
    EXPECT_EQ(full, 1);
    EXPECT_EQ(packets[256], packet(false, 0, 1, false, 0xFFFF, 65535));
    EXPECT_EQ(packets[257], packet(false, 65535, 1, false, 255, 65790));
    // 66000 - 65535 = 465 at the end.
    EXPECT_EQ(packets.back(), packet(false, 65535, 1, true, 465, 66000 + 2 * 255));
}

TEST(DtmfSender, AnEventOfExactly0xFFFFEndsInItsFirstSegment) {
    DtmfSender sender;
    sender.start(2, 0, 0xFFFF);
    auto packets = all_packets(sender);
    ASSERT_EQ(packets.size(), 409u + 3);
    EXPECT_EQ(packets[409], packet(false, 0, 2, true, 0xFFFF, 0xFFFF));
}

TEST(DtmfSender, StartReplacesAnEventInProgress) {
    DtmfSender sender;
    sender.start(1, 0, 800);
    ASSERT_TRUE(sender.next());
    sender.start(2, 5000, 320);
    EXPECT_EQ(all_packets(sender), (std::vector<DtmfPacket>{
                                       packet(true, 5000, 2, false, 160, 160),
                                       packet(false, 5000, 2, true, 320, 320),
                                       packet(false, 5000, 2, true, 320, 480),
                                       packet(false, 5000, 2, true, 320, 640),
                                   }));
}

TEST(DtmfSender, BrokenOptionsAreProgrammingErrors) {
    EXPECT_THROW((DtmfSender{{.packet_interval = 0}}), std::logic_error);
    EXPECT_THROW((DtmfSender{{.packet_interval = 0xFFFF}}), std::logic_error);
    EXPECT_THROW((DtmfSender{{.volume = 64}}), std::logic_error);
    EXPECT_THROW((DtmfSender{{.end_repeats = 0}}), std::logic_error);
    DtmfSender sender;
    EXPECT_THROW(sender.start(1, 0, 0), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::rtp
