#include <string>

#include <boost/system/system_error.hpp>
#include <gtest/gtest.h>

#include <sessioncore/sdp/parser.hpp>

#include "sdp/vectors.hpp"

namespace sdp = sessioncore::sdp;
using sdp::errc;

namespace {

std::string to_lf(std::string_view crlf) {
    std::string out;
    for (char c : crlf)
        if (c != '\r')
            out += c;
    return out;
}

TEST(SdpParse, EveryVectorParsesAndEncodesToItsOwnBytes) {
    for (const auto& v : sdp_vectors::all) {
        SCOPED_TRACE(v.name);
        auto d = sdp::parse(v.text);
        ASSERT_TRUE(d) << d.error().message();
        EXPECT_EQ(sdp::encode(*d), v.text);
        auto again = sdp::parse(sdp::encode(*d));
        ASSERT_TRUE(again);
        EXPECT_EQ(*again, *d);
    }
}

TEST(SdpParse, LfOnlyAndMissingFinalLineEndGiveTheSameDescription) {
    for (const auto& v : sdp_vectors::all) {
        SCOPED_TRACE(v.name);
        auto crlf = sdp::parse(v.text);
        std::string lf = to_lf(v.text);
        auto from_lf = sdp::parse(lf);
        ASSERT_TRUE(from_lf) << from_lf.error().message();
        EXPECT_EQ(*from_lf, *crlf);
        lf.pop_back();
        auto unterminated = sdp::parse(lf);
        ASSERT_TRUE(unterminated) << unterminated.error().message();
        EXPECT_EQ(*unterminated, *crlf);
        auto trailing = sdp::parse(std::string(v.text) + "\r\n\r\n");
        ASSERT_TRUE(trailing);
        EXPECT_EQ(*trailing, *crlf);
    }
}

TEST(SdpParse, FieldsOfTheAudioVideoOffer) {
    auto d = sdp::parse(sdp_vectors::audio_video).value();
    EXPECT_EQ(d.version, 0u);
    EXPECT_EQ(d.origin,
              (sdp::Origin{"carol", "53655765", "2353687637", "IN", "IP6", "2001:db8::1"}));
    EXPECT_EQ(d.session_name, "Video call");
    EXPECT_EQ(d.info, "A call with pictures");
    EXPECT_EQ(d.uri, "https://example.com/call");
    EXPECT_EQ(d.emails, std::vector<std::string>{"carol@example.com"});
    EXPECT_EQ(d.phones, std::vector<std::string>{"+1 617 555 6011"});
    ASSERT_TRUE(d.connection);
    EXPECT_EQ(d.connection->addrtype, "IP6");
    EXPECT_EQ(d.connection->address, "2001:db8::1");
    EXPECT_EQ(d.bandwidths, (std::vector<sdp::Bandwidth>{{"AS", 2048}}));
    ASSERT_EQ(d.timings.size(), 1u);
    EXPECT_EQ(d.timings[0].start, 3034423619u);
    EXPECT_EQ(d.timings[0].stop, 3042462419u);
    EXPECT_EQ(d.timings[0].repeats, std::vector<std::string>{"604800 3600 0 90000"});
    EXPECT_EQ(d.zone, "2882844526 -1h 2898848070 0");
    EXPECT_EQ(d.attributes, (std::vector<sdp::Attribute>{{"tool", "phone 1.0"}}));
    ASSERT_EQ(d.media.size(), 2u);
    const auto& audio = d.media[0];
    EXPECT_EQ(audio.media, "audio");
    EXPECT_EQ(audio.port, 5004);
    EXPECT_FALSE(audio.port_count);
    EXPECT_EQ(audio.proto, "RTP/AVPF");
    EXPECT_EQ(audio.formats, (std::vector<std::string>{"9", "0"}));
    EXPECT_EQ(audio.bandwidths, (std::vector<sdp::Bandwidth>{{"TIAS", 64000}}));
    const auto& video = d.media[1];
    EXPECT_EQ(video.port, 5006);
    EXPECT_EQ(video.port_count, 2);
    EXPECT_EQ(video.proto, "UDP/TLS/RTP/SAVPF");
    EXPECT_EQ(video.info, "camera");
    EXPECT_TRUE(video.is_rtp());
    EXPECT_EQ(video.payload_types(), (std::vector<std::uint8_t>{96, 97}));
}

TEST(SdpParse, ConnectionsAtMediaLevelWithTtlAndCount) {
    auto d = sdp::parse(sdp_vectors::media_connection_only).value();
    EXPECT_FALSE(d.connection);
    EXPECT_EQ(d.session_name, " ");
    ASSERT_EQ(d.media.size(), 3u);
    EXPECT_EQ(d.media[0].connection, (sdp::Connection{"IN", "IP4", "192.0.2.10", {}, {}}));
    EXPECT_EQ(d.media[1].connection, (sdp::Connection{"IN", "IP4", "224.2.1.1", 127, 3}));
    EXPECT_EQ(d.media[1].key, "prompt");
    EXPECT_EQ(d.media[2].connection, (sdp::Connection{"IN", "IP6", "ff15::101", {}, 3}));
    EXPECT_FALSE(d.media[2].is_rtp());
    EXPECT_TRUE(d.media[2].payload_types().empty());
    EXPECT_EQ(d.media[2].formats, std::vector<std::string>{"wb"});
    EXPECT_EQ(d.connection_for(d.media[0]), &*d.media[0].connection);
}

TEST(SdpParse, UnknownAttributesAreKeptInOrderByteForByte) {
    auto d = sdp::parse(sdp_vectors::opus_offer).value();
    const auto& a = d.media.at(0).attributes.back();
    EXPECT_EQ(a.name, "x-vendor-thing");
    EXPECT_EQ(a.value, "keep  this  exactly ");
    auto bare = sdp::parse(std::string(sdp_vectors::hold_reoffer) + "a=empty:\r\na=flag\r\n");
    ASSERT_TRUE(bare);
    const auto& attrs = bare->media.at(0).attributes;
    ASSERT_EQ(attrs.size(), 4u);
    EXPECT_EQ(attrs[2], (sdp::Attribute{"empty", std::string()}));
    EXPECT_EQ(attrs[3], (sdp::Attribute{"flag", std::nullopt}));
    EXPECT_EQ(sdp::encode(*bare),
              std::string(sdp_vectors::hold_reoffer) + "a=empty:\r\na=flag\r\n");
}

struct ErrorCase {
    std::string_view name;
    std::string_view text;
    errc code;
    std::uint32_t line;
};

constexpr std::string_view head =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n";

const ErrorCase error_cases[] = {
    {"empty", "", errc::empty, 0},
    {"only_newlines", "\r\n\r\n", errc::empty, 0},
    {"no_equals", "v0\r\n", errc::bad_line, 1},
    {"upper_case_type", "V=0\r\n", errc::bad_line, 1},
    {"space_before_equals", "v =0\r\n", errc::bad_line, 1},
    {"two_letter_type", "vv=0\r\n", errc::bad_line, 1},
    {"nul_in_value", std::string_view("v=0\r\no=- 1 1 IN IP4 \0\r\n", 23), errc::bad_line, 2},
    {"bare_cr_in_value", "v=0\r\ns=a\rb\r\n", errc::bad_line, 2},
    {"empty_line_inside", "v=0\r\n\r\no=- 1 1 IN IP4 a\r\n", errc::bad_line, 2},
    {"first_not_v", "o=- 1 1 IN IP4 a\r\n", errc::missing_version, 1},
    {"version_1", "v=1\r\n", errc::bad_version, 1},
    {"no_origin", "v=0\r\ns=-\r\n", errc::missing_origin, 2},
    {"only_version", "v=0\r\n", errc::missing_origin, 2},
    {"origin_five_fields", "v=0\r\no=- 1 IN IP4 a\r\n", errc::bad_origin, 2},
    {"origin_double_space", "v=0\r\no=-  1 1 IN IP4 a\r\n", errc::bad_origin, 2},
    {"no_session_name", "v=0\r\no=- 1 1 IN IP4 a\r\nt=0 0\r\n", errc::missing_session_name, 3},
    {"empty_session_name", "v=0\r\no=- 1 1 IN IP4 a\r\ns=\r\n", errc::missing_session_name, 3},
    {"no_timing_at_end", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n", errc::missing_timing, 4},
    {"no_timing_before_media", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\n",
     errc::missing_timing, 4},
    {"attribute_before_timing", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\na=sendrecv\r\n",
     errc::missing_timing, 4},
    {"bad_timing", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0\r\n", errc::bad_timing, 4},
    {"timing_not_number", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 x\r\n", errc::bad_timing, 4},
    {"empty_repeat", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nr=\r\n", errc::bad_timing, 5},
    {"unknown_type", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nx=1\r\n", errc::unknown_type, 5},
    {"unknown_type_in_media",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nt=0 0\r\n"
     "m=audio 1 RTP/AVP 0\r\ny=2\r\n",
     errc::unknown_type, 7},
    {"session_line_in_media",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nt=0 0\r\n"
     "m=audio 1 RTP/AVP 0\r\nt=0 0\r\n",
     errc::out_of_order, 7},
    {"info_after_connection", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\ni=x\r\n",
     errc::out_of_order, 5},
    {"media_attribute_before_bandwidth",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n"
     "a=sendonly\r\nb=AS:1\r\n",
     errc::out_of_order, 8},
    {"two_versions", "v=0\r\nv=0\r\n", errc::missing_origin, 2},
    {"two_session_names", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\ns=-\r\n", errc::duplicate_line, 4},
    {"two_media_connections",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 a\r\n"
     "c=IN IP4 b\r\n",
     errc::duplicate_line, 7},
    {"no_connection", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n",
     errc::missing_connection, 6},
    {"connection_in_one_media_only",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 a\r\n"
     "m=audio 2 RTP/AVP 0\r\n",
     errc::missing_connection, 8},
    {"connection_two_fields", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4\r\n",
     errc::bad_connection, 4},
    {"connection_bad_ttl", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 224.2.1.1/x\r\n",
     errc::bad_connection, 4},
    {"connection_ip6_ttl_and_count", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP6 ff15::1/1/2\r\n",
     errc::bad_connection, 4},
    {"bandwidth_no_colon", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS64\r\n", errc::bad_bandwidth, 4},
    {"bandwidth_not_number", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS:x\r\n", errc::bad_bandwidth,
     4},
    {"media_three_fields", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP\r\n",
     errc::bad_media_line, 5},
    {"media_bad_port", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n",
     errc::bad_media_line, 5},
    {"media_zero_port_count",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1/0 RTP/AVP 0\r\n", errc::bad_media_line,
     5},
    {"media_payload_type_128",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0 128\r\n", errc::bad_media_line,
     5},
    {"media_payload_type_name",
     "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/SAVP pcmu\r\n", errc::bad_media_line,
     5},
    {"attribute_no_name", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=:x\r\n",
     errc::bad_attribute, 5},
    {"attribute_name_space", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\na=a b\r\n",
     errc::bad_attribute, 5},
};

constexpr std::string_view media_head =
    "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n";

struct AttributeErrorCase {
    std::string_view line;
    errc code;
};

constexpr AttributeErrorCase attribute_errors[] = {
    {"a=rtpmap", errc::bad_rtpmap},
    {"a=rtpmap:0", errc::bad_rtpmap},
    {"a=rtpmap:0 PCMU", errc::bad_rtpmap},
    {"a=rtpmap:0 PCMU/0", errc::bad_rtpmap},
    {"a=rtpmap:0 PCMU/x", errc::bad_rtpmap},
    {"a=rtpmap:200 PCMU/8000", errc::bad_rtpmap},
    {"a=rtpmap:0 /8000", errc::bad_rtpmap},
    {"a=rtpmap:0 PCMU/8000/", errc::bad_rtpmap},
    {"a=rtpmap:0 PCMU/8000/0", errc::bad_rtpmap},
    {"a=fmtp:101", errc::bad_fmtp},
    {"a=fmtp:101 ", errc::bad_fmtp},
    {"a=ptime:x", errc::bad_ptime},
    {"a=ptime:", errc::bad_ptime},
    {"a=ptime:20.", errc::bad_ptime},
    {"a=maxptime:-1", errc::bad_ptime},
    {"a=rtcp:", errc::bad_rtcp},
    {"a=rtcp:70000", errc::bad_rtcp},
    {"a=rtcp:5000 IN IP4", errc::bad_rtcp},
    {"a=rtcp:5000 IN IP4 224.0.0.1/3", errc::bad_rtcp},
    {"a=crypto:1 AES_CM_128_HMAC_SHA1_80", errc::bad_crypto},
    {"a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:abc", errc::bad_crypto},
    {"a=crypto:1234567890 AES_CM_128_HMAC_SHA1_80 inline:abc", errc::bad_crypto},
    {"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", errc::bad_crypto},
    {"a=crypto:1 AES_CM_128_HMAC_SHA1_80 abc", errc::bad_crypto},
    {"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc||1:4", errc::bad_crypto},
    {"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc|2^20|2^30", errc::bad_crypto},
};

TEST(SdpParse, ErrorsCarryTheExactCodeAndLine) {
    for (const auto& c : error_cases) {
        SCOPED_TRACE(c.name);
        auto d = sdp::parse(c.text);
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error().code, c.code) << d.error().message();
        EXPECT_EQ(d.error().line, c.line) << d.error().message();
        EXPECT_FALSE(d.error().message().empty());
        EXPECT_EQ(d.error().ec().category().name(), std::string_view("sessioncore.sdp"));
    }
}

TEST(SdpParse, MalformedTypedAttributesNameTheirLine) {
    for (const auto& c : attribute_errors) {
        SCOPED_TRACE(c.line);
        auto d =
            sdp::parse(std::string(media_head) + "a=sendrecv\r\n" + std::string(c.line) + "\r\n");
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error().code, c.code);
        EXPECT_EQ(d.error().line, 8u);
    }
}

TEST(SdpParse, ErrorMessageNamesTheLine) {
    sdp::Error e{errc::bad_rtpmap, 7};
    EXPECT_EQ(e.message(), "malformed a=rtpmap (line 7)");
    EXPECT_EQ(sdp::Error{errc::empty}.message(), "empty session description");
    EXPECT_EQ(sdp::make_error_code(errc::too_large).message(), "session description too large");
}

TEST(SdpParse, ValueOfAnErrorThrowsSystemError) {
    auto d = sdp::parse("v=2\r\n");
    try {
        (void)d.value();
        FAIL() << "value() of an error did not throw";
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), sdp::make_error_code(errc::bad_version));
    }
}

TEST(SdpParse, LimitsAreErrors) {
    std::string many_media(head);
    many_media += "t=0 0\r\n";
    for (int i = 0; i < 65; ++i)
        many_media += "m=audio 0 RTP/AVP 0\r\n";
    auto d = sdp::parse(many_media);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), (sdp::Error{errc::too_many_media, 5 + 65}));

    std::string many_attributes(head);
    many_attributes += "t=0 0\r\n";
    for (int i = 0; i < 1025; ++i)
        many_attributes += "a=x\r\n";
    d = sdp::parse(many_attributes);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), (sdp::Error{errc::too_many_attributes, 5 + 1025}));
    many_attributes.resize(many_attributes.size() - 5);  // exactly 1024: fine
    EXPECT_TRUE(sdp::parse(many_attributes));

    std::string big(head);
    big += "t=0 0\r\na=x:" + std::string(64 * 1024, 'y') + "\r\n";
    d = sdp::parse(big);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), (sdp::Error{errc::too_large, 0}));

    const sdp::Limits tight{.max_size = 4096, .max_media = 1, .max_attributes = 2};
    d = sdp::parse(sdp_vectors::rejected_stream, tight);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, errc::too_many_media);
}

TEST(SdpParse, EveryPrefixParsesOrFailsCleanly) {
    for (const auto& v : sdp_vectors::all) {
        SCOPED_TRACE(v.name);
        std::size_t parsed = 0;
        for (std::size_t n = 0; n <= v.text.size(); ++n) {
            auto d = sdp::parse(v.text.substr(0, n));
            if (!d) {
                EXPECT_FALSE(d.error().message().empty());
                continue;
            }
            ++parsed;
            auto again = sdp::parse(sdp::encode(*d));
            ASSERT_TRUE(again) << n;
            EXPECT_EQ(*again, *d) << n;
        }
        EXPECT_GT(parsed, 0u);
    }
}

TEST(SdpEncode, BuiltDescriptionInCanonicalOrder) {
    sdp::SessionDescription d;
    d.origin = {"-", "42", "1", "IN", "IP4", "192.0.2.5"};
    d.connection = sdp::Connection{"IN", "IP4", "192.0.2.5", {}, {}};
    sdp::MediaDescription m;
    m.media = "audio";
    m.port = 4000;
    m.proto = "RTP/AVP";
    m.formats = {"0"};
    m.attributes = {{"rtpmap", "0 PCMU/8000"}, {"rtcp-mux", std::nullopt}};
    d.media.push_back(m);
    d.attributes.push_back({"sendrecv", std::nullopt});
    const std::string expected =
        "v=0\r\no=- 42 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\na=sendrecv\r\n"
        "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp-mux\r\n";
    EXPECT_EQ(sdp::encode(d), expected);
    auto back = sdp::parse(expected);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, d);
}

}  // namespace
