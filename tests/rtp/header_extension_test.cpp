// RFC 8285 header extension elements: iteration of both forms, padding, the ID 15 stop, each
// error, and the writer with its limits, through a whole RTP packet and back.
#include <array>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/rtp/header_extension.hpp>

#include "rtp/bytes.hpp"

namespace sessioncore::rtp {
namespace {

using rtp_test::bytes_of;
using rtp_test::hex;

struct Element {
    std::uint8_t id;
    std::vector<std::byte> data;
    friend bool operator==(const Element&, const Element&) = default;
};

std::vector<Element> elements_of(const ExtensionElements& elements) {
    std::vector<Element> out;
    for (const ExtensionElement& e : elements)
        out.push_back({e.id, bytes_of(e.data)});
    return out;
}

struct IterateCase {
    const char* name;
    std::uint16_t profile;
    const char* data;
    ExtensionForm form;
    std::uint8_t appbits;
    std::vector<Element> expected;
};

TEST(HeaderExtension, ElementsOfBothForms) {
    const IterateCase cases[] = {
        {"one_byte_single", 0xBEDE, "10 aa 00 00", ExtensionForm::OneByte, 0, {{1, hex("aa")}}},
        // ID 1 L=0 (one octet), a padding octet, ID 2 L=1 (two octets), padding to the word.
        {"one_byte_padding_between",
         0xBEDE,
         "10 aa 00 21  bb cc 00 00",
         ExtensionForm::OneByte,
         0,
         {{1, hex("aa")}, {2, hex("bb cc")}}},
        {"one_byte_sixteen_octets",
         0xBEDE,
         "ef 01 02 03  04 05 06 07  08 09 0a 0b  0c 0d 0e 0f  10 00 00 00",
         ExtensionForm::OneByte,
         0,
         {{14, hex("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10")}}},
        // §4.2: ID 15 ends processing; the element after it is not read.
        {"one_byte_stop_at_15",
         0xBEDE,
         "10 aa f3 ff  20 bb 00 00",
         ExtensionForm::OneByte,
         0,
         {{1, hex("aa")}}},
        {"one_byte_only_padding", 0xBEDE, "00 00 00 00", ExtensionForm::OneByte, 0, {}},
        {"one_byte_empty", 0xBEDE, "", ExtensionForm::OneByte, 0, {}},
        // ID 1 with no data, ID 2 with two octets, one padding octet.
        {"two_byte",
         0x1000,
         "01 00 02 02  cc dd 00 00",
         ExtensionForm::TwoByte,
         0,
         {{1, {}}, {2, hex("cc dd")}}},
        {"two_byte_appbits_and_id_255",
         0x100A,
         "ff 01 ee 00",
         ExtensionForm::TwoByte,
         0xA,
         {{255, hex("ee")}}},
        {"two_byte_leading_padding",
         0x1000,
         "00 00 05 01  99 00 00 00",
         ExtensionForm::TwoByte,
         0,
         {{5, hex("99")}}},
    };
    for (const IterateCase& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::byte> data = hex(c.data);
        auto elements = ExtensionElements::parse(HeaderExtension{c.profile, data});
        ASSERT_TRUE(elements) << to_string(elements.error());
        EXPECT_EQ(elements->form(), c.form);
        EXPECT_EQ(elements->appbits(), c.appbits);
        EXPECT_EQ(elements_of(*elements), c.expected);
    }
}

TEST(HeaderExtension, FindReturnsTheFirstElementWithTheId) {
    std::vector<std::byte> data = hex("10 aa 21 bb  cc 11 dd 00");
    auto elements = ExtensionElements::parse(HeaderExtension{0xBEDE, data}).value();
    ASSERT_TRUE(elements.find(1));
    EXPECT_EQ(bytes_of(*elements.find(1)), hex("aa"));
    ASSERT_TRUE(elements.find(2));
    EXPECT_EQ(bytes_of(*elements.find(2)), hex("bb cc"));
    EXPECT_FALSE(elements.find(3));
}

TEST(HeaderExtension, EachMalformedListGivesItsError) {
    struct Case {
        const char* name;
        std::uint16_t profile;
        const char* data;
        errc expected;
    };
    const Case cases[] = {
        {"rfc3550_profile", 0x1234, "10 aa 00 00", errc::extension_not_rfc8285},
        {"almost_two_byte", 0x1010, "01 00 00 00", errc::extension_not_rfc8285},
        {"one_byte_data_past_end", 0xBEDE, "00 00 00 13", errc::extension_element_truncated},
        {"one_byte_sixteen_with_room_for_fifteen", 0xBEDE,
         "00 00 00 ef  01 02 03 04  05 06 07 08  09 0a 0b 0c  0d 0e 0f",
         errc::extension_element_truncated},
        {"one_byte_id_0_with_length", 0xBEDE, "10 aa 05 00", errc::extension_bad_padding},
        {"two_byte_no_length_octet", 0x1000, "00 00 00 07", errc::extension_element_truncated},
        {"two_byte_data_past_end", 0x1000, "07 03 aa bb", errc::extension_element_truncated},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::byte> data = hex(c.data);
        auto elements = ExtensionElements::parse(HeaderExtension{c.profile, data});
        ASSERT_FALSE(elements);
        EXPECT_EQ(elements.error(), c.expected) << to_string(elements.error());
    }
}

TEST(ExtensionWriter, OneByteElementsPadToAWordAndParseBack) {
    std::array<std::byte, 16> buffer{};
    ExtensionWriter writer{ExtensionForm::OneByte, buffer};
    std::vector<std::byte> audio_level = hex("aa");
    std::vector<std::byte> abs_time = hex("01 02 03");
    ASSERT_TRUE(writer.add(1, audio_level));
    ASSERT_TRUE(writer.add(3, abs_time));
    auto extension = writer.finish();
    ASSERT_TRUE(extension);
    EXPECT_EQ(extension->profile, 0xBEDE);
    // 0x10 = ID 1, L 0; 0x32 = ID 3, L 2; then two zero octets to the word.
    EXPECT_EQ(bytes_of(extension->data), hex("10 aa 32 01  02 03 00 00"));

    // Through a whole RTP packet and back.
    std::array<std::byte, 64> packet{};
    auto size = encode_to(RtpPacketSpec{.ssrc = Ssrc{9}, .extension = *extension}, packet);
    ASSERT_TRUE(size);
    auto parsed = parse_rtp(std::span{packet}.first(*size)).value();
    ASSERT_TRUE(parsed.extension);
    auto elements = ExtensionElements::parse(*parsed.extension).value();
    EXPECT_EQ(elements_of(elements), (std::vector<Element>{{1, audio_level}, {3, abs_time}}));
}

TEST(ExtensionWriter, TwoByteElementsCarryEmptyAndLongData) {
    std::vector<std::byte> buffer(300);
    ExtensionWriter writer{ExtensionForm::TwoByte, buffer, 0x3};
    std::vector<std::byte> long_data(255, std::byte{0x5A});
    ASSERT_TRUE(writer.add(200, {}));
    ASSERT_TRUE(writer.add(255, long_data));
    auto extension = writer.finish().value();
    EXPECT_EQ(extension.profile, 0x1003);
    EXPECT_EQ(extension.data.size(), 260u);  // 2 + 2 + 255 = 259, padded to 260
    auto elements = ExtensionElements::parse(extension).value();
    EXPECT_EQ(elements.appbits(), 3);
    EXPECT_EQ(elements_of(elements), (std::vector<Element>{{200, {}}, {255, long_data}}));
}

TEST(ExtensionWriter, EachRefusedElementGivesItsErrorAndWritesNothing) {
    std::vector<std::byte> one(1, std::byte{1});
    std::vector<std::byte> sixteen(16, std::byte{1});
    std::vector<std::byte> seventeen(17, std::byte{1});
    std::vector<std::byte> too_long(256, std::byte{1});
    struct Case {
        const char* name;
        ExtensionForm form;
        std::uint8_t id;
        std::span<const std::byte> data;
        std::size_t room;
        std::optional<errc> expected;
    };
    const Case cases[] = {
        {"one_byte_id_0", ExtensionForm::OneByte, 0, one, 8, errc::bad_extension_id},
        {"one_byte_id_15", ExtensionForm::OneByte, 15, one, 8, errc::bad_extension_id},
        {"one_byte_id_14", ExtensionForm::OneByte, 14, one, 8, std::nullopt},
        {"one_byte_no_data", ExtensionForm::OneByte, 1, {}, 8, errc::extension_element_too_long},
        {"one_byte_sixteen", ExtensionForm::OneByte, 1, sixteen, 17, std::nullopt},
        {"one_byte_seventeen", ExtensionForm::OneByte, 1, seventeen, 32,
         errc::extension_element_too_long},
        {"one_byte_no_room", ExtensionForm::OneByte, 1, sixteen, 16, errc::buffer_too_small},
        {"two_byte_id_0", ExtensionForm::TwoByte, 0, one, 8, errc::bad_extension_id},
        {"two_byte_256", ExtensionForm::TwoByte, 1, too_long, 300,
         errc::extension_element_too_long},
        {"two_byte_no_room", ExtensionForm::TwoByte, 1, one, 2, errc::buffer_too_small},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        std::vector<std::byte> buffer(c.room, std::byte{0xEE});
        ExtensionWriter writer{c.form, buffer};
        auto added = writer.add(c.id, c.data);
        if (!c.expected) {
            EXPECT_TRUE(added);
            continue;
        }
        ASSERT_FALSE(added);
        EXPECT_EQ(added.error(), *c.expected);
        EXPECT_EQ(buffer, std::vector<std::byte>(c.room, std::byte{0xEE}));
        EXPECT_EQ(writer.finish().value().data.size(), 0u);
    }
}

TEST(ExtensionWriter, NoRoomForThePaddingIsAnError) {
    std::array<std::byte, 3> buffer{};
    ExtensionWriter writer{ExtensionForm::OneByte, buffer};
    ASSERT_TRUE(writer.add(1, hex("aa bb")));  // 3 octets: needs a fourth for the word
    auto extension = writer.finish();
    ASSERT_FALSE(extension);
    EXPECT_EQ(extension.error(), errc::buffer_too_small);
}

TEST(ExtensionWriter, AppbitsOver15AreAProgrammingError) {
    std::array<std::byte, 4> buffer{};
    EXPECT_THROW((ExtensionWriter{ExtensionForm::TwoByte, buffer, 16}), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::rtp
