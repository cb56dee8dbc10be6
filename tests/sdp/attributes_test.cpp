#include <gtest/gtest.h>

#include <sessioncore/sdp/attributes.hpp>
#include <sessioncore/sdp/parser.hpp>

#include "sdp/vectors.hpp"

namespace sdp = sessioncore::sdp;
using namespace std::chrono_literals;

namespace {

sdp::SessionDescription parsed(std::string_view text) {
    return sdp::parse(text).value();
}

TEST(SdpAttributes, RtpmapPerPayloadType) {
    auto d = parsed(sdp_vectors::opus_offer);
    const auto& m = d.media.at(0);
    EXPECT_EQ(m.payload_types(), (std::vector<std::uint8_t>{111, 0, 8, 101}));
    struct Case {
        std::uint8_t pt;
        std::string_view name;
        std::uint32_t rate;
        std::optional<std::uint16_t> channels;
    };
    const Case cases[] = {{111, "opus", 48000, 2},
                          {0, "PCMU", 8000, {}},
                          {8, "PCMA", 8000, {}},
                          {101, "telephone-event", 8000, {}}};
    for (const auto& c : cases) {
        SCOPED_TRACE(int{c.pt});
        auto map = m.rtpmap(c.pt);
        ASSERT_TRUE(map);
        EXPECT_EQ(map->payload_type, c.pt);
        EXPECT_EQ(map->encoding_name, c.name);
        EXPECT_EQ(map->clock_rate, c.rate);
        EXPECT_EQ(map->channels, c.channels);
    }
    EXPECT_FALSE(m.rtpmap(9));
}

TEST(SdpAttributes, FmtpRawAndSplit) {
    auto d = parsed(sdp_vectors::opus_offer);
    const auto& m = d.media.at(0);
    auto opus = m.fmtp("111");
    ASSERT_TRUE(opus);
    EXPECT_EQ(opus->parameters, "minptime=10; useinbandfec=1");
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(opus->pairs, (Pairs{{"minptime", "10"}, {"useinbandfec", "1"}}));
    EXPECT_EQ(opus->find("USEINBANDFEC"), "1");
    EXPECT_FALSE(opus->find("stereo"));
    auto dtmf = m.fmtp("101");
    ASSERT_TRUE(dtmf);
    EXPECT_EQ(dtmf->parameters, "0-16");
    EXPECT_EQ(dtmf->pairs, (Pairs{{"0-16", ""}}));
    EXPECT_FALSE(m.fmtp("0"));

    auto h264 = parsed(sdp_vectors::audio_video).media.at(1).fmtp("96");
    ASSERT_TRUE(h264);
    EXPECT_EQ(h264->find("packetization-mode"), "1");
    EXPECT_EQ(h264->find("profile-level-id"), "42e01f");
}

TEST(SdpAttributes, PtimeMaxptimeRtcpMux) {
    auto d = parsed(sdp_vectors::opus_offer);
    const auto& m = d.media.at(0);
    EXPECT_EQ(m.ptime(), 20ms);
    EXPECT_EQ(m.maxptime(), 150ms);
    EXPECT_TRUE(m.rtcp_mux());
    auto rtcp = m.rtcp();
    ASSERT_TRUE(rtcp);
    EXPECT_EQ(rtcp->port, 49171);
    EXPECT_FALSE(rtcp->address);

    auto hold = parsed(sdp_vectors::hold_reoffer);
    EXPECT_FALSE(hold.media.at(0).ptime());
    EXPECT_FALSE(hold.media.at(0).maxptime());
    EXPECT_FALSE(hold.media.at(0).rtcp());
    EXPECT_FALSE(hold.media.at(0).rtcp_mux());

    EXPECT_EQ(sdp::parse_ptime("30.5").value(), 30ms);
}

TEST(SdpAttributes, RtcpWithAddress) {
    auto rtcp = parsed(sdp_vectors::srtp_offer).media.at(0).rtcp();
    ASSERT_TRUE(rtcp);
    EXPECT_EQ(rtcp->port, 30001);
    ASSERT_TRUE(rtcp->address);
    EXPECT_EQ(*rtcp->address, (sdp::Connection{"IN", "IP4", "203.0.113.21", {}, {}}));
}

TEST(SdpAttributes, TwoCryptoLines) {
    auto crypto = parsed(sdp_vectors::srtp_offer).media.at(0).crypto();
    ASSERT_EQ(crypto.size(), 2u);
    EXPECT_EQ(crypto[0].tag, 1u);
    EXPECT_EQ(crypto[0].suite, "AES_CM_128_HMAC_SHA1_80");
    ASSERT_EQ(crypto[0].keys.size(), 1u);
    EXPECT_EQ(crypto[0].keys[0].method, "inline");
    EXPECT_EQ(crypto[0].keys[0].key_salt,
              "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2NhbGFyQDY");
    EXPECT_EQ(crypto[0].keys[0].info,
              "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2NhbGFyQDY|2^20|1:4");
    EXPECT_EQ(crypto[0].keys[0].lifetime, "2^20");
    EXPECT_EQ(crypto[0].keys[0].mki, "1:4");
    EXPECT_EQ(crypto[0].session_params, "");
    EXPECT_EQ(crypto[1].tag, 2u);
    EXPECT_EQ(crypto[1].suite, "AES_CM_128_HMAC_SHA1_32");
    EXPECT_EQ(crypto[1].session_params, "FEC_ORDER=FEC_SRTP");
    EXPECT_TRUE(parsed(sdp_vectors::opus_offer).media.at(0).crypto().empty());
}

TEST(SdpAttributes, CryptoKeyParamVariants) {
    struct Case {
        std::string_view value;
        std::size_t keys;
        std::optional<std::string> lifetime;
        std::optional<std::string> mki;
        std::string_view session_params;
    };
    const Case cases[] = {
        {"1 AES_CM_128_HMAC_SHA1_80 inline:abc", 1, {}, {}, ""},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:abc|1:4", 1, {}, "1:4", ""},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^31", 1, "2^31", {}, ""},
        {"1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^20|1:4;inline:def|2^20|2:4 KDR=1 "
         "UNENCRYPTED_SRTCP",
         2, "2^20", "1:4", "KDR=1 UNENCRYPTED_SRTCP"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.value);
        auto crypto = sdp::parse_crypto(c.value);
        ASSERT_TRUE(crypto);
        ASSERT_EQ(crypto->keys.size(), c.keys);
        EXPECT_EQ(crypto->keys[0].key_salt, "abc");
        EXPECT_EQ(crypto->keys[0].lifetime, c.lifetime);
        EXPECT_EQ(crypto->keys[0].mki, c.mki);
        EXPECT_EQ(crypto->session_params, c.session_params);
    }
}

TEST(SdpAttributes, DirectionDefaultRule) {
    struct Case {
        std::string_view name;
        std::string_view session_attribute;  // "" for none
        std::string_view media_attribute;    // "" for none
        sdp::Direction expected;
    };
    const Case cases[] = {
        {"none_anywhere", "", "", sdp::Direction::SendRecv},
        {"session_only", "a=recvonly\r\n", "", sdp::Direction::RecvOnly},
        {"media_only", "", "a=inactive\r\n", sdp::Direction::Inactive},
        {"media_overrides_session", "a=sendrecv\r\n", "a=sendonly\r\n", sdp::Direction::SendOnly},
        {"session_inactive_media_sendrecv", "a=inactive\r\n", "a=sendrecv\r\n",
         sdp::Direction::SendRecv},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::string text = "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nt=0 0\r\n";
        text += c.session_attribute;
        text += "m=audio 1 RTP/AVP 0\r\n";
        text += c.media_attribute;
        auto d = parsed(text);
        EXPECT_EQ(d.direction(d.media.at(0)), c.expected);
        EXPECT_EQ(d.media[0].direction_attribute().has_value(), !c.media_attribute.empty());
    }
    auto hold = parsed(sdp_vectors::hold_reoffer);
    EXPECT_EQ(hold.direction(hold.media.at(0)), sdp::Direction::SendOnly);
    auto rejected = parsed(sdp_vectors::rejected_stream);
    EXPECT_EQ(rejected.direction(rejected.media.at(1)), sdp::Direction::RecvOnly);
    EXPECT_EQ(sdp::to_string(sdp::Direction::SendOnly), "sendonly");
    EXPECT_EQ(sdp::to_string(sdp::Direction::RecvOnly), "recvonly");
    EXPECT_EQ(sdp::to_string(sdp::Direction::Inactive), "inactive");
    EXPECT_EQ(sdp::to_string(sdp::Direction::SendRecv), "sendrecv");
}

TEST(SdpAttributes, RejectedStreamHasPortZero) {
    auto d = parsed(sdp_vectors::rejected_stream);
    ASSERT_EQ(d.media.size(), 2u);
    EXPECT_FALSE(d.media[0].rejected());
    EXPECT_TRUE(d.media[1].rejected());
    EXPECT_EQ(d.media[1].media, "video");
    EXPECT_EQ(d.media[1].payload_types(), std::vector<std::uint8_t>{31});
    EXPECT_FALSE(d.media[1].rtpmap(31));  // static payload type, no rtpmap line
    EXPECT_EQ(d.connection_for(d.media[1]), &*d.connection);
}

TEST(SdpAttributes, AccessorsSkipMalformedValuesInBuiltDescriptions) {
    sdp::MediaDescription m;
    m.proto = "RTP/AVP";
    m.formats = {"0", "x"};
    m.attributes = {{"rtpmap", "0 PCMU"},       {"rtpmap", "0 PCMU/8000"}, {"ptime", "abc"},
                    {"rtcp", std::nullopt},     {"crypto", "bad"},         {"fmtp", "0"},
                    {"sendonly", std::nullopt}, {"recvonly", std::nullopt}};
    EXPECT_EQ(m.payload_types(), std::vector<std::uint8_t>{0});
    EXPECT_EQ(m.rtpmap(0)->clock_rate, 8000u);
    EXPECT_FALSE(m.ptime());
    EXPECT_FALSE(m.rtcp());
    EXPECT_TRUE(m.crypto().empty());
    EXPECT_FALSE(m.fmtp("0"));
    EXPECT_EQ(m.direction_attribute(), sdp::Direction::RecvOnly);  // the last one wins
}

TEST(SdpAttributes, ConnectionSuffixes) {
    struct Case {
        std::string_view value;
        std::optional<std::uint32_t> ttl;
        std::optional<std::uint32_t> count;
    };
    const Case cases[] = {{"IN IP4 192.0.2.1", {}, {}},
                          {"IN IP4 224.2.1.1/127", 127, {}},
                          {"IN IP4 224.2.1.1/127/3", 127, 3},
                          {"IN IP6 ff15::101/3", {}, 3}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.value);
        auto conn = sdp::parse_connection(c.value);
        ASSERT_TRUE(conn);
        EXPECT_EQ(conn->ttl, c.ttl);
        EXPECT_EQ(conn->count, c.count);
    }
}

}  // namespace
