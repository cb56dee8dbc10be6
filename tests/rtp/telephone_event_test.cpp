// The RFC 4733 telephone-event payload (§2.3) and the DTMF event codes (§3.2).
#include <array>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/rtp/telephone_event.hpp>

#include "rtp/bytes.hpp"

namespace sessioncore::rtp {
namespace {

using rtp_test::hex;

TEST(TelephoneEvent, ParsesEachField) {
    struct Case {
        const char* name;
        const char* payload;
        TelephoneEvent expected;
    };
    const Case cases[] = {
        // Event 1, E set, volume 10, duration 0x0320 = 800.
        {"digit_1_end", "01 8a 03 20", {1, true, 10, 800}},
        // The reserved R bit (0x40) is ignored: 0x4a is R + volume 10.
        {"reserved_bit_ignored", "05 4a 00 a0", {5, false, 10, 160}},
        {"pound_loudest_longest", "0b 3f ff ff", {11, false, 63, 0xFFFF}},
        {"flash", "10 80 00 00", {16, true, 0, 0}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto e = parse_telephone_event(hex(c.payload));
        ASSERT_TRUE(e) << e.error();
        EXPECT_EQ(*e, c.expected);
    }
}

TEST(TelephoneEvent, OnlyOneFourOctetReportIsAccepted) {
    for (const char* payload : {"", "01 8a 03", "01 8a 03 20 00", "01 8a 03 20  02 8a 03 20"}) {
        SCOPED_TRACE(payload);
        auto e = parse_telephone_event(hex(payload));
        ASSERT_FALSE(e);
        EXPECT_EQ(e.error(), errc::telephone_event_size);
    }
}

TEST(TelephoneEvent, EncodesAndRefusesWhatDoesNotFit) {
    std::array<std::byte, 4> out{};
    ASSERT_EQ(encode_to(TelephoneEvent{11, true, 63, 1234}, out), 4u);
    EXPECT_EQ(std::vector<std::byte>(out.begin(), out.end()), hex("0b bf 04 d2"));
    EXPECT_EQ(parse_telephone_event(out).value(), (TelephoneEvent{11, true, 63, 1234}));

    auto loud = encode_to(TelephoneEvent{1, false, 64, 0}, out);
    ASSERT_FALSE(loud);
    EXPECT_EQ(loud.error(), errc::bad_telephone_event);
    std::array<std::byte, 3> small{};
    auto tight = encode_to(TelephoneEvent{}, small);
    ASSERT_FALSE(tight);
    EXPECT_EQ(tight.error(), errc::buffer_too_small);
}

TEST(TelephoneEvent, DtmfKeysAndCodes) {
    constexpr std::string_view keys = "0123456789*#ABCD";
    for (std::uint8_t code = 0; code < 16; ++code) {
        SCOPED_TRACE(code);
        EXPECT_EQ(dtmf_event_for(keys[code]), code);
        EXPECT_EQ(dtmf_key_for(code), keys[code]);
    }
    EXPECT_EQ(dtmf_event_for('a'), 12);
    EXPECT_EQ(dtmf_event_for('d'), 15);
    for (char bad : {'E', 'e', ' ', '\0', '+', 'x'}) {
        SCOPED_TRACE(static_cast<int>(bad));
        EXPECT_EQ(dtmf_event_for(bad), std::nullopt);
    }
    EXPECT_EQ(dtmf_key_for(flash_event), std::nullopt);
    EXPECT_EQ(dtmf_key_for(255), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::rtp
