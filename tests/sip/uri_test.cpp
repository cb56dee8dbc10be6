// Tests for parse_uri, unescape and the address predicates (RFC 3261 §19.1, RFC 3966, RFC 5118).
// Cases marked with an RFC 4475 / RFC 5118 name copy the URI from that torture message.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/sip/uri.hpp>

namespace sessioncore::sip {
namespace {

using namespace std::string_view_literals;

constexpr int no_port = -1;

struct UriCase {
    std::string_view name;
    std::string_view text;
    UriScheme scheme;
    std::string_view user;  // has_user iff not empty
    std::string_view password;
    bool has_password;
    std::string_view host;
    HostKind host_kind;
    int port;
    std::string_view params;  // raw, from the first ';'
    std::string_view headers;
    std::string_view opaque;
};

constexpr UriCase good_cases[] = {
    {"sip_basic", "sip:alice@atlanta.com", UriScheme::Sip, "alice", "", false, "atlanta.com",
     HostKind::Name, no_port, "", "", ""},
    {"sips_upper_case_port_param", "SIPS:bob@Biloxi.COM:5061;transport=TCP", UriScheme::Sips, "bob",
     "", false, "Biloxi.COM", HostKind::Name, 5061, ";transport=TCP", "", ""},
    {"mixed_case_scheme", "Sip:x@y.example", UriScheme::Sip, "x", "", false, "y.example",
     HostKind::Name, no_port, "", "", ""},
    {"rfc3261_password", "sip:alice:secretword@atlanta.com;transport=tcp", UriScheme::Sip, "alice",
     "secretword", true, "atlanta.com", HostKind::Name, no_port, ";transport=tcp", "", ""},
    {"empty_password", "sip:user:@host.example", UriScheme::Sip, "user", "", true, "host.example",
     HostKind::Name, no_port, "", "", ""},
    {"rfc3261_headers", "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
     UriScheme::Sips, "alice", "", false, "atlanta.com", HostKind::Name, no_port, "",
     "subject=project%20x&priority=urgent", ""},
    {"rfc3261_phone_user", "sip:+1-212-555-1212:1234@gateway.com;user=phone", UriScheme::Sip,
     "+1-212-555-1212", "1234", true, "gateway.com", HostKind::Name, no_port, ";user=phone", "",
     ""},
    {"ipv4_host", "sip:alice@192.0.2.4", UriScheme::Sip, "alice", "", false, "192.0.2.4",
     HostKind::Ipv4, no_port, "", "", ""},
    {"no_user_params_headers", "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
     UriScheme::Sip, "", "", false, "atlanta.com", HostKind::Name, no_port, ";method=REGISTER",
     "to=alice%40atlanta.com", ""},
    {"user_with_semicolon", "sip:alice;day=tuesday@atlanta.com", UriScheme::Sip,
     "alice;day=tuesday", "", false, "atlanta.com", HostKind::Name, no_port, "", "", ""},
    {"rfc4475_semiuri", "sip:user;par=u%40example.net@example.com", UriScheme::Sip,
     "user;par=u%40example.net", "", false, "example.com", HostKind::Name, no_port, "", "", ""},
    {"rfc4475_intmeth",
     "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/"
     ";;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
     UriScheme::Sip, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
     "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", true, "example.com", HostKind::Name, no_port, "",
     "", ""},
    {"rfc4475_intmeth_to", "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com",
     UriScheme::Sip, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", "", false, "example.com",
     HostKind::Name, no_port, "", "", ""},
    {"rfc4475_esc01_ruri", "sip:sips%3Auser%40example.com@example.net", UriScheme::Sip,
     "sips%3Auser%40example.com", "", false, "example.net", HostKind::Name, no_port, "", "", ""},
    {"rfc4475_esc01_contact", "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
     UriScheme::Sip, "cal%6Cer", "", false, "host5.example.net", HostKind::Name, no_port,
     ";%6C%72;n%61me=v%61lue%25%34%31", "", ""},
    {"rfc4475_escnull", "sip:null-%00-null@example.com", UriScheme::Sip, "null-%00-null", "", false,
     "example.com", HostKind::Name, no_port, "", "", ""},
    {"rfc4475_wsinv_route", "sip:services.example.com;lr;unknownwith=value;unknown-no-value",
     UriScheme::Sip, "", "", false, "services.example.com", HostKind::Name, no_port,
     ";lr;unknownwith=value;unknown-no-value", "", ""},
    {"rfc4475_regescrt", "sip:user@example.com?Route=%3Csip:sip.example.com%3E", UriScheme::Sip,
     "user", "", false, "example.com", HostKind::Name, no_port, "",
     "Route=%3Csip:sip.example.com%3E", ""},
    {"rfc4475_bcast_host", "sip:255.255.255.255", UriScheme::Sip, "", "", false, "255.255.255.255",
     HostKind::Ipv4, no_port, "", "", ""},
    {"rfc4475_longreq_port", "sip:user@example.com:6000;unknownparam1=verylongvalue",
     UriScheme::Sip, "user", "", false, "example.com", HostKind::Name, 6000,
     ";unknownparam1=verylongvalue", "", ""},
    {"fqdn_trailing_dot", "sip:example.com.", UriScheme::Sip, "", "", false, "example.com.",
     HostKind::Name, no_port, "", "", ""},
    {"port_max", "sip:host.example:65535", UriScheme::Sip, "", "", false, "host.example",
     HostKind::Name, 65535, "", "", ""},
    {"rfc5118_ipv6_good", "sip:[2001:db8::10]", UriScheme::Sip, "", "", false, "2001:db8::10",
     HostKind::Ipv6, no_port, "", "", ""},
    {"rfc5118_port_unambiguous", "sip:[2001:db8::10]:5070", UriScheme::Sip, "", "", false,
     "2001:db8::10", HostKind::Ipv6, 5070, "", "", ""},
    {"rfc5118_port_ambiguous", "sip:[2001:db8::10:5070]", UriScheme::Sip, "", "", false,
     "2001:db8::10:5070", HostKind::Ipv6, no_port, "", "", ""},
    {"rfc5118_three_colons", "sip:user@[2001:db8:::192.0.2.1]", UriScheme::Sip, "user", "", false,
     "2001:db8:::192.0.2.1", HostKind::Ipv6, no_port, "", "", ""},
    {"rfc5118_two_colons", "sip:user@[2001:db8::192.0.2.1]", UriScheme::Sip, "user", "", false,
     "2001:db8::192.0.2.1", HostKind::Ipv6, no_port, "", "", ""},
    {"rfc5118_ipv4_mapped", "sip:ted@[::ffff:192.0.2.2]", UriScheme::Sip, "ted", "", false,
     "::ffff:192.0.2.2", HostKind::Ipv6, no_port, "", "", ""},
    {"ipv6_params", "sip:caller@[2001:db8::1];transport=udp", UriScheme::Sip, "caller", "", false,
     "2001:db8::1", HostKind::Ipv6, no_port, ";transport=udp", "", ""},
    {"tel_global", "tel:+1-201-555-0123", UriScheme::Tel, "+1-201-555-0123", "", false, "",
     HostKind::None, no_port, "", "", ""},
    {"tel_local_context", "tel:7042;phone-context=example.com", UriScheme::Tel, "7042", "", false,
     "", HostKind::None, no_port, ";phone-context=example.com", "", ""},
    {"tel_local_hex_star_hash", "TEL:*1A#;phone-context=+1-201", UriScheme::Tel, "*1A#", "", false,
     "", HostKind::None, no_port, ";phone-context=+1-201", "", ""},
    {"rfc4475_novelsc", "soap.beep://192.0.2.103:3002", UriScheme::Other, "", "", false, "",
     HostKind::None, no_port, "", "", "//192.0.2.103:3002"},
    {"rfc4475_unkscm", "nobodyKnowsThisScheme:totallyopaquecontent", UriScheme::Other, "", "",
     false, "", HostKind::None, no_port, "", "", "totallyopaquecontent"},
    {"rfc4475_unksm2_isbn", "isbn:2983792873", UriScheme::Other, "", "", false, "", HostKind::None,
     no_port, "", "", "2983792873"},
    {"rfc4475_unksm2_http", "http://www.example.com", UriScheme::Other, "", "", false, "",
     HostKind::None, no_port, "", "", "//www.example.com"},
    {"rfc4475_unksm2_name", "name:John_Smith", UriScheme::Other, "", "", false, "", HostKind::None,
     no_port, "", "", "John_Smith"},
};

TEST(UriTest, ParsesValidUris) {
    for (const UriCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        auto uri = parse_uri(c.text);
        ASSERT_TRUE(uri) << uri.error().message();
        EXPECT_EQ(uri->scheme, c.scheme);
        EXPECT_EQ(uri->scheme_name, c.text.substr(0, c.text.find(':')));
        EXPECT_EQ(uri->has_user, !c.user.empty());
        EXPECT_EQ(uri->user, c.user);
        EXPECT_EQ(uri->has_password, c.has_password);
        EXPECT_EQ(uri->password, c.password);
        EXPECT_EQ(uri->host, c.host);
        EXPECT_EQ(uri->host_kind, c.host_kind);
        EXPECT_EQ(uri->port.has_value(), c.port != no_port);
        EXPECT_EQ(uri->port.value_or(0), c.port == no_port ? 0 : c.port);
        EXPECT_EQ(uri->params.raw(), c.params);
        EXPECT_EQ(uri->headers, c.headers);
        EXPECT_EQ(uri->opaque, c.opaque);
        EXPECT_EQ(uri->raw, c.text);
    }
}

struct BadUriCase {
    std::string_view name;
    std::string_view text;
    std::uint32_t offset;  // of the offending byte
};

constexpr BadUriCase bad_cases[] = {
    {"empty", "", 0},
    {"no_scheme", "user@example.com", 4},
    {"scheme_starts_with_digit", "1sip:x@y.example", 0},
    {"scheme_bad_char", "si_p:x@y.example", 2},
    {"rfc4475_ltgtruri", "<sip:user@example.com>", 0},
    {"trailing_raquot", "sip:user@example.com>", 20},
    {"rfc4475_badaspec_padded", " sip:t.watson@example.org ", 0},
    {"rfc4475_lwsruri", "sip:user@example.com; lr", 21},
    {"space_in_user", "sip:I have@example.net", 5},
    {"space_in_host", "sip:user@exa mple.com", 12},
    {"nul_after_host", "sip:a.example\0b"sv, 13},
    {"no_host", "sip:", 4},
    {"empty_user", "sip:@example.com", 4},
    {"empty_host_after_user", "sip:user@", 9},
    {"bad_escape_in_user", "sip:us%4g@host.example", 6},
    {"short_escape_in_user", "sip:user%2@host.example", 8},
    {"bad_char_in_password", "sip:user:pa ss@host.example", 11},
    {"underscore_in_host", "sip:host_1.example", 8},
    {"label_starts_with_hyphen", "sip:-host.example", 4},
    {"numeric_toplabel", "sip:example.123", 4},
    {"ipv4_out_of_range", "sip:192.0.2.256", 4},
    {"rfc5118_ipv6_bad", "sip:2001:db8::10", 4},
    {"ipv6_unclosed", "sip:[2001:db8::1", 4},
    {"ipv6_two_compressions", "sip:[2001:db8::1::2]", 4},
    {"ipv6_junk_after_bracket", "sip:[::1]x", 9},
    {"port_empty", "sip:host.example:", 17},
    {"port_too_large", "sip:host.example:65536", 17},
    {"port_six_digits", "sip:host.example:000001", 17},
    {"port_trailing_letter", "sip:host.example:50a", 19},
    {"empty_uri_param", "sip:host.example;;lr", 17},
    {"trailing_semicolon", "sip:host.example;", 17},
    {"empty_uri_param_value", "sip:host.example;lr=", 20},
    {"quote_in_param", "sip:host.example;lr\"", 19},
    {"empty_headers", "sip:host.example?", 17},
    {"header_without_equal", "sip:host.example?subject", 24},
    {"header_bad_separator", "sip:host.example?a=b c", 20},
    {"tel_empty", "tel:", 4},
    {"tel_plus_only", "tel:+", 4},
    {"tel_letter_in_global", "tel:+1-555x", 10},
    {"tel_space", "tel:+1 234", 6},
    {"tel_headers", "tel:+1-555?x=y", 10},
    {"other_empty_opaque", "isbn:", 5},
    {"other_space", "http://www.example.com/a b", 24},
    {"other_control", "name:John\x01Smith", 9},
    {"other_raquot", "name:John>", 9},
};

TEST(UriTest, RejectsMalformedUris) {
    for (const BadUriCase& c : bad_cases) {
        SCOPED_TRACE(c.name);
        auto uri = parse_uri(c.text);
        ASSERT_FALSE(uri);
        EXPECT_EQ(uri.error().code, errc::bad_uri);
        EXPECT_EQ(uri.error().header, HeaderId::None);
        EXPECT_EQ(uri.error().offset, c.offset);
    }
}

TEST(UriTest, ParamLookupIsCaseInsensitive) {
    auto uri = parse_uri("sip:services.example.com;lr;Transport=TCP");
    ASSERT_TRUE(uri);
    EXPECT_EQ(uri->param("lr"), "");
    EXPECT_EQ(uri->param("transport"), "TCP");
    EXPECT_FALSE(uri->param("maddr"));
}

TEST(UriTest, EveryPrefixParsesOrFailsInsideTheText) {
    // Truncations at every byte must never read past the view (ASan) and must report an offset
    // inside the text.
    for (const UriCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        for (std::size_t n = 0; n <= c.text.size(); ++n) {
            auto uri = parse_uri(c.text.substr(0, n));
            if (!uri) {
                EXPECT_LE(uri.error().offset, n);
            }
        }
    }
}

struct UnescapeCase {
    std::string_view name;
    std::string_view text;
    std::string_view expected;
};

constexpr UnescapeCase unescape_cases[] = {
    {"rfc4475_esc01_once_only", "n%61me=v%61lue%25%34%31", "name=value%41"},
    {"rfc4475_esc01_ruri_user", "sips%3Auser%40example.com", "sips:user@example.com"},
    {"rfc4475_esc02_invalid_kept", "%Z%45", "%ZE"},
    {"rfc4475_escnull", "null-%00-null", "null-\0-null"sv},
    {"two_nuls", "%00%00", "\0\0"sv},
    {"lower_and_upper_hex", "%7e%7E", "~~"},
    {"percent_before_escape", "%%41", "%A"},
    {"trailing_percent", "abc%", "abc%"},
    {"trailing_half_escape", "abc%4", "abc%4"},
    {"utf8_bytes", "%C3%A9", "\xC3\xA9"},
    {"no_escapes", "alice", "alice"},
    {"empty", "", ""},
};

TEST(UriTest, UnescapeDecodesOnce) {
    for (const UnescapeCase& c : unescape_cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(unescape(c.text), std::string(c.expected));
    }
}

TEST(UriTest, UserUnescapedKeepsNul) {
    // RFC 4475 escnull: %00 and %00%00 are two distinct users.
    auto one = parse_uri("sip:%00@host5.example.com");
    auto two = parse_uri("sip:%00%00@host5.example.com");
    ASSERT_TRUE(one);
    ASSERT_TRUE(two);
    EXPECT_EQ(one->user_unescaped(), std::string("\0"sv));
    EXPECT_EQ(two->user_unescaped(), std::string("\0\0"sv));
}

struct AddressCase {
    std::string_view text;
    bool expected;
};

constexpr AddressCase ipv6_cases[] = {
    {"::", true},
    {"::1", true},
    {"1::", true},
    {"2001:db8::10", true},
    {"2001:DB8:0:0:0:0:0:10", true},
    {"1:2:3:4:5:6:7::", true},
    {"::ffff:192.0.2.10", true},
    {"2001:db8::192.0.2.1", true},
    {"2001:db8:::192.0.2.1", true},  // RFC 5118 §4.10
    {":::192.0.2.1", true},
    {"1:2:3:4:5:6:1.2.3.4", true},
    {"1:2:3:4:5::1.2.3.4", true},
    {"", false},
    {":", false},
    {":::", false},
    {":1", false},
    {"1:", false},
    {"1:2:3:4:5:6:7", false},
    {"1:2:3:4:5:6:7:8:9", false},
    {"1:2:3:4:5:6:7:8::", false},
    {"1::2::3", false},
    {"2001:db8::10000", false},
    {"2001:db8:::1", false},
    {"1:2:3:4:5:6:::1.2.3.4", false},
    {"1:2:3:4:5:6:7:1.2.3.4", false},
    {"::1.2.3", false},
    {"::1.2.3.4:1", false},
    {"g::1", false},
    {"[::1]", false},
    {"192.0.2.1", false},
};

TEST(UriTest, Ipv6AddressPredicate) {
    for (const AddressCase& c : ipv6_cases) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(is_ipv6_address(c.text), c.expected);
    }
}

constexpr AddressCase ipv4_cases[] = {
    {"192.0.2.1", true},  {"255.255.255.255", true}, {"0.0.0.0", true},    {"010.001.0.1", true},
    {"256.1.1.1", false}, {"1.2.3", false},          {"1.2.3.4.5", false}, {"1.2.3.", false},
    {"1..2.3", false},    {"1234.1.1.1", false},     {"a.b.c.d", false},   {" 1.2.3.4", false},
    {"", false},
};

TEST(UriTest, Ipv4AddressPredicate) {
    for (const AddressCase& c : ipv4_cases) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(is_ipv4_address(c.text), c.expected);
    }
}

}  // namespace
}  // namespace sessioncore::sip
