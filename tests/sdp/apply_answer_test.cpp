#include <gtest/gtest.h>

#include <sessioncore/sdp/offer_answer.hpp>

#include "sdp/offers.hpp"

namespace sdp = sessioncore::sdp;
namespace offers = sdp_offers;
using sdp::Direction;
using sdp::errc;

namespace {

/// Our offer: "m=audio 40000 RTP/AVP 96 0 8 97" (opus, PCMU, PCMA, DTMF), rtcp-mux offered.
sdp::SessionDescription our_offer(Direction d = Direction::SendRecv) {
    auto caps = offers::phone();
    caps.direction = d;
    caps.rtcp_mux = true;
    return sdp::make_offer(caps, {}).value();
}

/// An answer from 198.51.100.20 with the given m= sections.
std::string answer_with(std::string_view media, std::string_view address = "198.51.100.20") {
    std::string out = "v=0\r\no=bob 7 8 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 ";
    out += address;
    out += "\r\nt=0 0\r\n";
    out += media;
    return out;
}

struct GoodCase {
    std::string name;
    Direction offered;
    std::string answer;
    bool accepted;
    std::uint8_t pt;
    std::string codec;
    std::optional<std::uint8_t> te_pt;
    bool send;
    bool receive;
    bool mux;
};

TEST(SdpApplyAnswer, ValidAnswers) {
    const std::string pcmu = "m=audio 5004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    const GoodCase cases[] = {
        {"pcmu_sendrecv",
         Direction::SendRecv,
         answer_with(pcmu),
         true,
         0,
         "PCMU",
         {},
         true,
         true,
         false},
        {"their_order_decides_the_codec", Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 8 96 97\r\na=rtpmap:8 PCMA/8000\r\n"
                     "a=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/8000\r\n"),
         true, 8, "PCMA", 97, true, true, false},
        {"dynamic_type_without_rtpmap_uses_ours",
         Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 96\r\n"),
         true,
         96,
         "opus",
         {},
         true,
         true,
         false},
        {"rejected_stream",
         Direction::SendRecv,
         answer_with("m=audio 0 RTP/AVP 96 0 8 97\r\n"),
         false,
         0,
         "",
         {},
         false,
         false,
         false},
        {"they_only_send",
         Direction::SendRecv,
         answer_with(pcmu + "a=sendonly\r\n"),
         true,
         0,
         "PCMU",
         {},
         false,
         true,
         false},
        {"they_only_receive",
         Direction::SendRecv,
         answer_with(pcmu + "a=recvonly\r\n"),
         true,
         0,
         "PCMU",
         {},
         true,
         false,
         false},
        {"our_hold_answered_recvonly",
         Direction::SendOnly,
         answer_with(pcmu + "a=recvonly\r\n"),
         true,
         0,
         "PCMU",
         {},
         true,
         false,
         false},
        {"our_hold_answered_inactive",
         Direction::SendOnly,
         answer_with(pcmu + "a=inactive\r\n"),
         true,
         0,
         "PCMU",
         {},
         false,
         false,
         false},
        {"answer_c_zero_means_do_not_send",
         Direction::SendRecv,
         answer_with(pcmu, "0.0.0.0"),
         true,
         0,
         "PCMU",
         {},
         false,
         true,
         false},
        {"rtcp_mux_accepted",
         Direction::SendRecv,
         answer_with(pcmu + "a=rtcp-mux\r\n"),
         true,
         0,
         "PCMU",
         {},
         true,
         true,
         true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto answer = sdp::parse(c.answer);
        ASSERT_TRUE(answer) << answer.error().message();
        auto streams = sdp::apply_answer(our_offer(c.offered), *answer);
        ASSERT_TRUE(streams) << streams.error().message();
        ASSERT_EQ(streams->size(), 1u);
        const auto& s = streams->front();
        EXPECT_EQ(s.accepted, c.accepted);
        EXPECT_EQ(s.send, c.send);
        EXPECT_EQ(s.receive, c.receive);
        if (!c.accepted)
            continue;
        EXPECT_EQ(s.payload_type, c.pt);
        EXPECT_EQ(s.codec.name, c.codec);
        EXPECT_EQ(s.telephone_event_pt, c.te_pt);
        EXPECT_EQ(s.rtcp_mux, c.mux);
        EXPECT_EQ(s.remote_port, 5004);
        EXPECT_EQ(s.remote_rtcp_port, c.mux ? 5004 : 5005);
    }
}

struct BadCase {
    std::string name;
    Direction offered;
    std::string answer;
    errc error;
};

TEST(SdpApplyAnswer, AnswersThatBreakRfc3264) {
    const std::string pcmu = "m=audio 5004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    const BadCase cases[] = {
        {"adds_a_codec_not_offered", Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 0 18\r\na=rtpmap:18 G729/8000\r\n"),
         errc::answer_format_not_offered},
        {"renames_our_dynamic_type", Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 96\r\na=rtpmap:96 speex/16000\r\n"),
         errc::answer_format_not_offered},
        {"opus_as_mono", Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 96\r\na=rtpmap:96 opus/48000\r\n"),
         errc::answer_format_not_offered},
        {"two_lines_for_one", Direction::SendRecv, answer_with(pcmu + "m=video 0 RTP/AVP 31\r\n"),
         errc::answer_media_count},
        {"no_lines", Direction::SendRecv, answer_with(""), errc::answer_media_count},
        {"video_for_audio", Direction::SendRecv, answer_with("m=video 5004 RTP/AVP 0\r\n"),
         errc::answer_media_mismatch},
        {"other_profile", Direction::SendRecv, answer_with("m=audio 5004 RTP/SAVP 0\r\n"),
         errc::answer_media_mismatch},
        {"sendrecv_to_our_hold", Direction::SendOnly, answer_with(pcmu + "a=sendrecv\r\n"),
         errc::answer_direction},
        {"sendonly_to_our_hold", Direction::SendOnly, answer_with(pcmu + "a=sendonly\r\n"),
         errc::answer_direction},
        {"sendrecv_to_our_inactive", Direction::Inactive, answer_with(pcmu),
         errc::answer_direction},
        {"only_telephone_event", Direction::SendRecv,
         answer_with("m=audio 5004 RTP/AVP 97\r\na=rtpmap:97 telephone-event/8000\r\n"),
         errc::no_common_codec},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto answer = sdp::parse(c.answer);
        ASSERT_TRUE(answer) << answer.error().message();
        auto streams = sdp::apply_answer(our_offer(c.offered), *answer);
        ASSERT_FALSE(streams);
        EXPECT_EQ(streams.error().code, c.error);
    }
}

TEST(SdpApplyAnswer, AStreamWeDisabledCannotBeRevived) {
    auto offer = our_offer();
    offer.media.push_back(offer.media.front());
    offer.media.back().port = 0;
    auto answer = sdp::parse(answer_with("m=audio 5004 RTP/AVP 0\r\nm=audio 5006 RTP/AVP 0\r\n"));
    ASSERT_TRUE(answer);
    auto streams = sdp::apply_answer(offer, *answer);
    ASSERT_FALSE(streams);
    EXPECT_EQ(streams.error().code, errc::answer_media_mismatch);
}

TEST(SdpApplyAnswer, OurAnswerToOurOfferRoundTrips) {
    // Two of our own endpoints: what one answers, the other accepts, and both agree.
    auto offer = our_offer();
    auto caps = offers::phone({sdp::pcma(), sdp::opus(), sdp::telephone_event()});
    caps.port = 50000;
    auto answer = sdp::make_answer(offer, caps, {}).value();
    auto streams = sdp::apply_answer(offer, answer.description);
    ASSERT_TRUE(streams) << streams.error().message();
    ASSERT_EQ(streams->size(), 1u);
    EXPECT_EQ(streams->front().payload_type, answer.streams.front().payload_type);
    EXPECT_EQ(streams->front().payload_type, 8);
    EXPECT_EQ(streams->front().telephone_event_pt, 97);
    EXPECT_EQ(streams->front().remote_port, 50000);
    EXPECT_EQ(answer.streams.front().remote_port, 40000);
}

}  // namespace
