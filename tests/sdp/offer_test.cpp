#include <gtest/gtest.h>

#include <sessioncore/sdp/offer_answer.hpp>

#include "sdp/offers.hpp"

namespace sdp = sessioncore::sdp;
using namespace std::chrono_literals;
using sdp_offers::phone;

namespace {

sdp::OfferContext version(std::uint64_t v) {
    sdp::OfferContext c;
    c.session_version = v;
    return c;
}

struct OfferCase {
    const char* name;
    sdp::MediaCapabilities caps;
    std::string_view text;
};

sdp::MediaCapabilities full_phone() {
    auto caps = phone({sdp::opus(), sdp::pcmu(), sdp::pcma(), sdp::g722(),
                       sdp::telephone_event(48000), sdp::telephone_event()});
    caps.ptime = 20ms;
    caps.rtcp_mux = true;
    return caps;
}

sdp::MediaCapabilities ipv6_hold() {
    auto caps = phone({sdp::pcma()});
    caps.address = "2001:db8::5";
    caps.direction = sdp::Direction::SendOnly;
    return caps;
}

TEST(SdpMakeOffer, ExactText) {
    const OfferCase cases[] = {
        {"static_then_dynamic_from_96", full_phone(),
         "v=0\r\n"
         "o=sc 4242 7 IN IP4 203.0.113.5\r\n"
         "s=-\r\n"
         "c=IN IP4 203.0.113.5\r\n"
         "t=0 0\r\n"
         "m=audio 40000 RTP/AVP 96 0 8 9 97 98\r\n"
         "a=rtpmap:96 opus/48000/2\r\n"
         "a=fmtp:96 useinbandfec=1\r\n"
         "a=rtpmap:0 PCMU/8000\r\n"
         "a=rtpmap:8 PCMA/8000\r\n"
         "a=rtpmap:9 G722/8000\r\n"
         "a=rtpmap:97 telephone-event/48000\r\n"
         "a=fmtp:97 0-16\r\n"
         "a=rtpmap:98 telephone-event/8000\r\n"
         "a=fmtp:98 0-16\r\n"
         "a=ptime:20\r\n"
         "a=rtcp-mux\r\n"
         "a=sendrecv\r\n"},
        {"ipv6_sendonly", ipv6_hold(),
         "v=0\r\n"
         "o=sc 4242 7 IN IP6 2001:db8::5\r\n"
         "s=-\r\n"
         "c=IN IP6 2001:db8::5\r\n"
         "t=0 0\r\n"
         "m=audio 40000 RTP/AVP 8\r\n"
         "a=rtpmap:8 PCMA/8000\r\n"
         "a=sendonly\r\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto offer = sdp::make_offer(c.caps, version(7));
        ASSERT_TRUE(offer) << offer.error().message();
        EXPECT_EQ(sdp::encode(*offer), c.text);
        auto reparsed = sdp::parse(c.text);
        ASSERT_TRUE(reparsed) << reparsed.error().message();
        EXPECT_EQ(*reparsed, *offer);
    }
}

TEST(SdpMakeOffer, UnusableCapabilitiesAreRefused) {
    struct Case {
        const char* name;
        sdp::MediaCapabilities caps;
    };
    auto no_address = phone();
    no_address.address.clear();
    auto no_port = phone();
    no_port.port = 0;
    std::vector<sdp::Codec> too_many(33, sdp::opus());
    const Case cases[] = {
        {"no_codec", phone({})},
        {"only_telephone_event", phone({sdp::telephone_event()})},
        {"no_address", no_address},
        {"no_port", no_port},
        {"more_dynamic_codecs_than_96_to_127", phone(too_many)},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto offer = sdp::make_offer(c.caps, version(1));
        ASSERT_FALSE(offer);
        EXPECT_EQ(offer.error().code, sdp::errc::invalid_capabilities);
        EXPECT_EQ(offer.error().status(), 500);
    }
    EXPECT_TRUE(sdp::make_offer(phone(std::vector<sdp::Codec>(32, sdp::opus())), version(1)));
}

TEST(SdpContentType, OnlyApplicationSdpCarriesAnOffer) {
    struct Case {
        std::string_view value;
        bool sdp;
    };
    const Case cases[] = {
        {"application/sdp", true},
        {"Application/SDP", true},
        {" application/sdp ", true},
        {"application/sdp;charset=utf-8", true},
        {"application/sdp ; version=1", true},
        {"multipart/mixed;boundary=unique-boundary-1", false},
        {"application/sdpx", false},
        {"text/plain", false},
        {"", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.value);
        EXPECT_EQ(sdp::is_sdp_content_type(c.value), c.sdp);
    }
}

}  // namespace
