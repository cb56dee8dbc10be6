#include <gtest/gtest.h>

#include <sessioncore/sdp/offer_answer.hpp>

#include "sdp/offers.hpp"

namespace sdp = sessioncore::sdp;
namespace offers = sdp_offers;
using namespace std::chrono_literals;
using offers::offer_with;
using offers::phone;
using sdp::Direction;

namespace {

/// What one answered m= line should say.
struct Expect {
    bool accepted = false;
    std::string formats;  ///< the answer's m= formats
    std::uint8_t pt = 0;
    std::string codec;
    std::optional<std::uint8_t> te_pt;
    std::optional<std::uint32_t> te_rate;
    Direction direction = Direction::SendRecv;
    bool send = false;
    bool receive = false;
};

Expect take(std::string formats, std::uint8_t pt, std::string codec,
            Direction d = Direction::SendRecv) {
    Expect e;
    e.accepted = true;
    e.formats = std::move(formats);
    e.pt = pt;
    e.codec = std::move(codec);
    e.direction = d;
    e.send = d == Direction::SendRecv || d == Direction::SendOnly;
    e.receive = d == Direction::SendRecv || d == Direction::RecvOnly;
    return e;
}

Expect dtmf(Expect e, std::uint8_t pt, std::uint32_t rate) {
    e.te_pt = pt;
    e.te_rate = rate;
    return e;
}

Expect reject(std::string formats) {
    Expect e;
    e.formats = std::move(formats);
    return e;
}

struct AnswerCase {
    std::string name;
    std::string offer;
    sdp::MediaCapabilities caps;
    std::vector<Expect> streams;
};

sdp::MediaCapabilities wanting(Direction d, sdp::MediaCapabilities caps = phone()) {
    caps.direction = d;
    return caps;
}

const std::string_view pcmu_line = "m=audio 5004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

std::string pcmu_with(std::string_view direction) {
    return offer_with(std::string(pcmu_line) + "a=" + std::string(direction) + "\r\n");
}

std::vector<AnswerCase> answer_cases() {
    using sdp::opus, sdp::pcma, sdp::pcmu, sdp::telephone_event;
    auto te48 = telephone_event(48000);
    auto te8 = telephone_event(8000);
    return {
        {"sipp_pcmu_only", std::string(offers::sipp), phone(), {take("0", 0, "PCMU")}},
        {"our_order_not_theirs",
         std::string(offers::baresip),
         phone({pcma(), opus(), pcmu(), te8}),
         {dtmf(take("8 96 0 101", 8, "PCMA"), 101, 8000)}},
        {"offer_numbers_for_dynamic_types",
         std::string(offers::audio_video),
         phone({opus(), pcmu(), te48}),
         {dtmf(take("111 0 101", 111, "opus"), 101, 48000), reject("103 99")}},
        {"no_dtmf_offered_none_answered",
         std::string(offers::sipp),
         phone({pcmu(), te8}),
         {take("0", 0, "PCMU")}},
        {"dtmf_offered_but_not_ours",
         std::string(offers::baresip),
         phone({opus()}),
         {take("96", 96, "opus")}},
        {"dtmf_rate_of_the_opus_codec",
         std::string(offers::linphone),
         phone({opus(), pcmu(), te8, te48}),
         {dtmf(take("96 0 101", 96, "opus"), 101, 48000)}},
        {"dtmf_rate_of_the_pcmu_codec",
         std::string(offers::linphone),
         phone({pcmu(), opus(), te48, te8}),
         {dtmf(take("0 96 100", 0, "PCMU"), 100, 8000)}},
        {"dtmf_other_rate_when_the_same_is_not_there",
         std::string(offers::linphone),
         phone({opus(), te8}),
         {dtmf(take("96 100", 96, "opus"), 100, 8000)}},
        {"dtmf_rate_we_lack_is_not_taken",
         std::string(offers::baresip),
         phone({opus(), te48}),
         {take("96", 96, "opus")}},
        {"static_types_without_rtpmap",
         std::string(offers::linphone),
         phone({pcma()}),
         {take("8", 8, "PCMA")}},
        {"names_compare_case_insensitively",
         offer_with("m=audio 5004 RTP/AVP 97\r\na=rtpmap:97 OPUS/48000/2\r\n"),
         phone({opus()}),
         {take("97", 97, "OPUS")}},
        {"offer_sendonly_answer_recvonly",
         pcmu_with("sendonly"),
         phone(),
         {take("0", 0, "PCMU", Direction::RecvOnly)}},
        {"offer_recvonly_answer_sendonly",
         pcmu_with("recvonly"),
         phone(),
         {take("0", 0, "PCMU", Direction::SendOnly)}},
        {"offer_inactive_answer_inactive",
         pcmu_with("inactive"),
         phone(),
         {take("0", 0, "PCMU", Direction::Inactive)}},
        {"offer_sendrecv_we_want_sendonly",
         pcmu_with("sendrecv"),
         wanting(Direction::SendOnly),
         {take("0", 0, "PCMU", Direction::SendOnly)}},
        {"offer_sendrecv_we_want_recvonly",
         pcmu_with("sendrecv"),
         wanting(Direction::RecvOnly),
         {take("0", 0, "PCMU", Direction::RecvOnly)}},
        {"offer_sendonly_we_want_sendonly",
         pcmu_with("sendonly"),
         wanting(Direction::SendOnly),
         {take("0", 0, "PCMU", Direction::Inactive)}},
        {"offer_recvonly_we_want_inactive",
         pcmu_with("recvonly"),
         wanting(Direction::Inactive),
         {take("0", 0, "PCMU", Direction::Inactive)}},
        {"no_direction_means_sendrecv",
         offer_with(pcmu_line),
         phone(),
         {take("0", 0, "PCMU", Direction::SendRecv)}},
        {"session_level_direction",
         "v=0\r\no=p 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
         "a=sendonly\r\n" +
             std::string(pcmu_line),
         phone(),
         {take("0", 0, "PCMU", Direction::RecvOnly)}},
        {"rfc2543_hold_c_zero",
         offer_with(pcmu_line, "0.0.0.0"),
         phone(),
         {take("0", 0, "PCMU", Direction::RecvOnly)}},
        {"two_audio_lines_first_wins",
         offer_with(std::string(pcmu_line) + "m=audio 5006 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n"),
         phone(),
         {take("0", 0, "PCMU"), reject("8")}},
        {"two_audio_lines_first_has_nothing_in_common",
         offer_with("m=audio 5004 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n" +
                    std::string(pcmu_line)),
         phone(),
         {reject("18"), take("0", 0, "PCMU")}},
        {"srtp_line_rejected_plain_one_taken",
         offer_with("m=audio 5004 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                    "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2NhbGFyQDY\r\n" +
                    std::string(pcmu_line)),
         phone(),
         {reject("0"), take("0", 0, "PCMU")}},
        {"disabled_line_stays_disabled",
         offer_with("m=audio 0 RTP/AVP 0\r\n" + std::string(pcmu_line)),
         phone(),
         {reject("0"), take("0", 0, "PCMU")}},
    };
}

void check_stream(const Expect& e, const sdp::MediaDescription& m, const sdp::NegotiatedStream& s) {
    EXPECT_EQ(offers::formats_of(m), e.formats);
    EXPECT_EQ(s.accepted, e.accepted);
    EXPECT_EQ(m.rejected(), !e.accepted);
    if (!e.accepted) {
        EXPECT_TRUE(m.attributes.empty());
        return;
    }
    EXPECT_EQ(m.port, 40000);
    EXPECT_EQ(s.payload_type, e.pt);
    EXPECT_EQ(s.codec.name, e.codec);
    EXPECT_EQ(s.telephone_event_pt, e.te_pt);
    EXPECT_EQ(s.telephone_event_rate, e.te_rate);
    EXPECT_EQ(m.direction_attribute(), e.direction);
    EXPECT_EQ(s.send, e.send);
    EXPECT_EQ(s.receive, e.receive);
}

TEST(SdpMakeAnswer, TableOfOffersAndCapabilities) {
    for (const auto& c : answer_cases()) {
        SCOPED_TRACE(c.name);
        auto offer = sdp::parse(c.offer);
        ASSERT_TRUE(offer) << offer.error().message();
        auto answer = sdp::make_answer(*offer, c.caps, {});
        ASSERT_TRUE(answer) << answer.error().message();
        const auto& media = answer->description.media;
        ASSERT_EQ(media.size(), c.streams.size());
        ASSERT_EQ(answer->streams.size(), c.streams.size());
        for (std::size_t i = 0; i < media.size(); ++i) {
            SCOPED_TRACE(i);
            EXPECT_EQ(media[i].media, offer->media[i].media);
            EXPECT_EQ(media[i].proto, offer->media[i].proto);
            EXPECT_EQ(answer->streams[i].index, i);
            check_stream(c.streams[i], media[i], answer->streams[i]);
        }
        auto reparsed = sdp::parse(sdp::encode(answer->description));
        ASSERT_TRUE(reparsed) << reparsed.error().message();
        EXPECT_EQ(*reparsed, answer->description);
    }
}

TEST(SdpMakeAnswer, ExactAnswerToBaresip) {
    auto caps = phone({sdp::pcma(), sdp::opus(), sdp::telephone_event()});
    caps.ptime = 30ms;
    sdp::OfferContext context;
    context.session_version = 12;
    auto answer = sdp::make_answer(sdp::parse(offers::baresip).value(), caps, context);
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(sdp::encode(answer->description),
              "v=0\r\n"
              "o=sc 4242 12 IN IP4 203.0.113.5\r\n"
              "s=-\r\n"
              "c=IN IP4 203.0.113.5\r\n"
              "t=0 0\r\n"
              "m=audio 40000 RTP/AVP 8 96 101\r\n"
              "a=rtpmap:8 PCMA/8000\r\n"
              "a=rtpmap:96 opus/48000/2\r\n"
              "a=fmtp:96 useinbandfec=1\r\n"
              "a=rtpmap:101 telephone-event/8000\r\n"
              "a=fmtp:101 0-16\r\n"
              "a=ptime:30\r\n"
              "a=sendrecv\r\n");
}

TEST(SdpMakeAnswer, AddressesPtimeAndRtcp) {
    struct Case {
        std::string name;
        std::string offer;
        bool our_mux;
        std::string rtp_address;
        std::uint16_t rtp_port;
        std::string rtcp_address;
        std::uint16_t rtcp_port;
        bool mux;
        std::optional<std::chrono::milliseconds> their_ptime;
    };
    const Case cases[] = {
        {"rtp_port_plus_one", std::string(offers::sipp), true, "127.0.0.1", 6000, "127.0.0.1", 6001,
         false, std::nullopt},
        {"rfc3605_port_and_address", std::string(offers::baresip), false, "192.168.1.34", 10442,
         "192.168.1.35", 10443, false, 20ms},
        {"rtcp_mux_both", std::string(offers::linphone), true, "192.168.0.12", 7078, "192.168.0.12",
         7078, true, std::nullopt},
        {"rtcp_mux_offered_not_wanted", std::string(offers::linphone), false, "192.168.0.12", 7078,
         "192.168.0.12", 7079, false, std::nullopt},
        {"media_level_connection",
         offer_with("m=audio 5004 RTP/AVP 0\r\nc=IN IP4 198.51.100.1\r\na=ptime:40\r\n"), false,
         "198.51.100.1", 5004, "198.51.100.1", 5005, false, 40ms},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto caps = phone();
        caps.rtcp_mux = c.our_mux;
        auto answer = sdp::make_answer(sdp::parse(c.offer).value(), caps, {});
        ASSERT_TRUE(answer) << answer.error().message();
        const auto& s = answer->streams.at(0);
        EXPECT_EQ(s.remote_address, c.rtp_address);
        EXPECT_EQ(s.remote_port, c.rtp_port);
        EXPECT_EQ(s.remote_rtcp_address, c.rtcp_address);
        EXPECT_EQ(s.remote_rtcp_port, c.rtcp_port);
        EXPECT_EQ(s.rtcp_mux, c.mux);
        EXPECT_EQ(answer->description.media.at(0).rtcp_mux(), c.mux);
        EXPECT_EQ(s.remote_ptime, c.their_ptime);
        EXPECT_FALSE(answer->description.media.at(0).ptime());  // ours unset: no echo
    }
}

TEST(SdpMakeAnswer, TheirFmtpIsWhatWeSendWith) {
    auto answer = sdp::make_answer(sdp::parse(offers::baresip).value(), phone(), {}).value();
    EXPECT_EQ(answer.streams.at(0).codec.fmtp, "stereo=1;sprop-stereo=1");
    EXPECT_EQ(answer.description.media.at(0).fmtp("96")->parameters, "useinbandfec=1");
}

TEST(SdpMakeAnswer, NothingAcceptableIsNoCommonCodec) {
    struct Case {
        std::string name;
        std::string offer;
        sdp::MediaCapabilities caps;
    };
    const Case cases[] = {
        {"pcmu_offer_opus_caps", std::string(offers::sipp), phone({sdp::opus()})},
        {"video_only", offer_with("m=video 9078 RTP/AVP 103\r\na=rtpmap:103 VP8/90000\r\n"),
         phone()},
        {"srtp_only", offer_with("m=audio 5004 RTP/SAVP 0\r\n"), phone()},
        {"dtmf_only_in_common",
         offer_with("m=audio 5004 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n"), phone()},
        {"opus_mono_is_not_opus",
         offer_with("m=audio 5004 RTP/AVP 96\r\na=rtpmap:96 opus/48000\r\n"), phone({sdp::opus()})},
        {"no_media_at_all",
         "v=0\r\no=p 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n", phone()},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto offer = sdp::parse(c.offer);
        ASSERT_TRUE(offer) << offer.error().message();
        auto answer = sdp::make_answer(*offer, c.caps, {});
        ASSERT_FALSE(answer);
        EXPECT_EQ(answer.error().code, sdp::errc::no_common_codec);
        EXPECT_EQ(answer.error().status(), 488);
        EXPECT_EQ(answer.error().reason(), "no common codec");
    }
}

}  // namespace
