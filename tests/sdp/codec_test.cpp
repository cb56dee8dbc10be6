#include <gtest/gtest.h>

#include <sessioncore/sdp/codec.hpp>

namespace sdp = sessioncore::sdp;

namespace {

struct HelperCase {
    const char* name;
    sdp::Codec codec;
    const char* encoding;
    std::uint32_t clock_rate;
    std::optional<std::uint16_t> channels;
    std::optional<std::uint8_t> static_pt;
    const char* fmtp;
};

TEST(SdpCodec, HelpersDescribeTheTelephonySet) {
    const HelperCase cases[] = {
        {"pcmu", sdp::pcmu(), "PCMU", 8000, std::nullopt, 0, ""},
        {"pcma", sdp::pcma(), "PCMA", 8000, std::nullopt, 8, ""},
        {"g722_rtp_clock_is_8000", sdp::g722(), "G722", 8000, std::nullopt, 9, ""},
        {"opus", sdp::opus(), "opus", 48000, 2, std::nullopt, "useinbandfec=1"},
        {"opus_own_fmtp", sdp::opus("stereo=1"), "opus", 48000, 2, std::nullopt, "stereo=1"},
        {"dtmf", sdp::telephone_event(), "telephone-event", 8000, std::nullopt, std::nullopt,
         "0-16"},
        {"dtmf_48k", sdp::telephone_event(48000), "telephone-event", 48000, std::nullopt,
         std::nullopt, "0-16"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(c.codec.name, c.encoding);
        EXPECT_EQ(c.codec.clock_rate, c.clock_rate);
        EXPECT_EQ(c.codec.channels, c.channels);
        EXPECT_EQ(c.codec.static_pt, c.static_pt);
        EXPECT_EQ(c.codec.fmtp, c.fmtp);
        EXPECT_EQ(c.codec.is_telephone_event(), std::string_view(c.encoding) == "telephone-event");
    }
}

struct SameCase {
    const char* name;
    sdp::Codec a;
    sdp::Codec b;
    bool same;
};

sdp::Codec named(const char* name, std::uint32_t rate, std::optional<std::uint16_t> channels) {
    sdp::Codec c;
    c.name = name;
    c.clock_rate = rate;
    c.channels = channels;
    return c;
}

TEST(SdpCodec, SameFormatIgnoresCaseAndTreatsMissingChannelsAsOne) {
    const SameCase cases[] = {
        {"case_insensitive_rfc4855", sdp::pcmu(), named("pcmu", 8000, std::nullopt), true},
        {"opus_upper", sdp::opus(), named("OPUS", 48000, 2), true},
        {"one_channel_explicit", sdp::pcma(), named("PCMA", 8000, 1), true},
        {"other_rate", sdp::telephone_event(), sdp::telephone_event(16000), false},
        {"other_channels", sdp::opus(), named("opus", 48000, 1), false},
        {"other_name", sdp::pcmu(), sdp::pcma(), false},
        {"fmtp_does_not_matter", sdp::opus("a=1"), sdp::opus("b=2"), true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(sdp::same_format(c.a, c.b), c.same);
        EXPECT_EQ(sdp::same_format(c.b, c.a), c.same);
    }
}

// RFC 4855 §3: ASCII letters compare without case; nothing else is folded (the bytes one bit
// apart from a letter, '@' and '`', '[' and '{', and non-ASCII bytes stay distinct).
TEST(SdpCodec, NamesCompareWithoutAsciiCaseOnly) {
    struct Case {
        const char* name;
        std::string_view a;
        std::string_view b;
        bool equal;
    };
    const Case cases[] = {
        {"same", "PCMU", "PCMU", true},
        {"lower", "pcmu", "PCMU", true},
        {"mixed", "Telephone-Event", "telephone-EVENT", true},
        {"other_codec", "PCMU", "PCMA", false},
        {"longer", "opus", "opus2", false},
        {"at_backtick", "G7@2", "G7`2", false},
        {"brackets", "a[b", "a{b", false},
        {"latin1", "\xc0", "\xe0", false},
        {"empty", "", "", true},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(sdp::codec_names_equal(c.a, c.b), c.equal);
        EXPECT_EQ(sdp::codec_names_equal(c.b, c.a), c.equal);
    }
}

TEST(SdpCodec, StaticTypesWithoutRtpmapFollowRfc3551) {
    struct Case {
        std::uint8_t pt;
        const char* name;  // nullptr: not a static audio type
    };
    const Case cases[] = {{0, "PCMU"},  {3, "GSM"},    {8, "PCMA"},   {9, "G722"},   {18, "G729"},
                          {2, nullptr}, {34, nullptr}, {96, nullptr}, {101, nullptr}};
    for (const auto& c : cases) {
        SCOPED_TRACE(static_cast<int>(c.pt));
        auto codec = sdp::static_audio_codec(c.pt);
        ASSERT_EQ(codec.has_value(), c.name != nullptr);
        if (!codec)
            continue;
        EXPECT_EQ(codec->name, c.name);
        EXPECT_EQ(codec->static_pt, c.pt);
        EXPECT_EQ(codec->clock_rate, 8000u);
    }
}

}  // namespace
