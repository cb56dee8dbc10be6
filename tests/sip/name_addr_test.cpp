// Tests for parse_name_addr (RFC 3261 §20.10, §25.1). Cases named rfc4475_* / rfc5118_* copy a
// header value from that torture message (../shared/testdata).
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/sip/name_addr.hpp>

namespace sessioncore::sip {
namespace {

using namespace std::string_view_literals;

struct NameAddrCase {
    std::string_view name;
    std::string_view text;
    std::string_view display_name;  // as written
    std::string_view display_text;  // display_name_text()
    std::string_view uri;           // Uri::raw
    bool bracketed;
    std::string_view uri_params;     // Uri::params.raw()
    std::string_view header_params;  // NameAddr::params.raw()
};

constexpr NameAddrCase good_cases[] = {
    {"rfc4475_wsinv_from",
     "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8",
     "\"J Rosenberg \\\\\\\"\"", "J Rosenberg \\\"", "sip:jdrosen@example.com", true, "",
     ";\r\n  tag = 98asjd8"},
    {"rfc4475_wsinv_to", "\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n", "", "",
     "sip:vivekg@chair-dnrc.example.com", false, "", ";   tag    = 1918181833n"},
    {"rfc4475_wsinv_contact",
     "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue "
     ";\r\n  secondparam ; q = 0.33",
     "\"Quoted string \\\"\\\"\"", "Quoted string \"\"", "sip:jdrosen@example.com", true, "",
     "; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33"},
    {"rfc4475_wsinv_route", "\r\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
     "", "", "sip:services.example.com;lr;unknownwith=value;unknown-no-value", true,
     ";lr;unknownwith=value;unknown-no-value", ""},
    {"rfc4475_lwsdisp", "caller<sip:caller@example.com>;tag=323", "caller", "caller",
     "sip:caller@example.com", true, "", ";tag=323"},
    {"rfc4475_intmeth_from",
     "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\""
     "\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0\xd1\x8e\xd1\x89\xd0\xb8\xd0\xb9\""
     ";tag=_token~1'+`*%!-.",
     "token1~` token2'+_ token3*%!.-", "token1~` token2'+_ token3*%!.-", "sip:mundane@example.com",
     true, "",
     ";fromParam''~+*_!.-%=\"\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0\xd1\x8e\xd1\x89"
     "\xd0\xb8\xd0\xb9\";tag=_token~1'+`*%!-."},
    {"rfc4475_intmeth_to",
     "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" "
     "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>"sv,
     "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\""sv, "BEL:\x07 NUL:\0 DEL:\x7f"sv,
     "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com", true, "", ""},
    {"rfc4475_cparam01_header_param", "sip:+19725552222@gw1.example.net;unknownparam", "", "",
     "sip:+19725552222@gw1.example.net", false, "", ";unknownparam"},
    {"rfc4475_cparam02_uri_param", "<sip:+19725552222@gw1.example.net;unknownparam>", "", "",
     "sip:+19725552222@gw1.example.net;unknownparam", true, ";unknownparam", ""},
    {"rfc4475_regescrt", "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>", "", "",
     "sip:user@example.com?Route=%3Csip:sip.example.com%3E", true, "", ""},
    {"rfc4475_esc01_to", "sip:%75se%72@example.com", "", "", "sip:%75se%72@example.com", false, "",
     ""},
    {"rfc4475_esc02_from", "\"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23", "\"%Z%45\"",
     "%Z%45", "sip:resource@example.com", true, "", ";tag=f232jadfj23"},
    {"rfc4475_escnull_from", "sip:null-%00-null@example.com;tag=839923423", "", "",
     "sip:null-%00-null@example.com", false, "", ";tag=839923423"},
    {"rfc4475_badaspec_from_quoted_comma",
     "\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423", "\"Bell, Alexander\"",
     "Bell, Alexander", "sip:a.g.bell@example.com", true, "", ";tag=433423"},
    {"rfc4475_badvers_tokens", "A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe", "A. Bell",
     "A. Bell", "sip:a.g.bell@example.com", true, "", ";tag=qweoiqpe"},
    {"rfc4475_unksm2_to", "isbn:2983792873", "", "", "isbn:2983792873", false, "", ""},
    {"rfc4475_unksm2_from", "<http://www.example.com>;tag=3234233", "", "",
     "http://www.example.com", true, "", ";tag=3234233"},
    {"rfc4475_unksm2_contact", "<name:John_Smith>", "", "", "name:John_Smith", true, "", ""},
    {"rfc5118_ipv4_mapped_contact", "\"T. desk phone\" <sip:ted@[::ffff:192.0.2.2]>",
     "\"T. desk phone\"", "T. desk phone", "sip:ted@[::ffff:192.0.2.2]", true, "", ""},
    {"quoted_without_space", "\"Joe\"<sip:joe@example.org>", "\"Joe\"", "Joe",
     "sip:joe@example.org", true, "", ""},
    {"empty_quoted", "\"\" <sip:a@b.example>", "\"\"", "", "sip:a@b.example", true, "", ""},
    {"utf8_quoted", "\"J\xc3\xb6rg\" <sip:a@b.example>", "\"J\xc3\xb6rg\"", "J\xc3\xb6rg",
     "sip:a@b.example", true, "", ""},
    {"tel", "<tel:+1-201-555-0123>;tag=1", "", "", "tel:+1-201-555-0123", true, "", ";tag=1"},
    {"contact_params",
     "<sip:a@b.example>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:0A95A0E128>\";"
     "received=[2001:db8::1];ip=2001:db8::2",
     "", "", "sip:a@b.example", true, "",
     ";expires=3600;q=0.7;+sip.instance=\"<urn:uuid:0A95A0E128>\";received=[2001:db8::1];ip="
     "2001:db8::2"},
    {"trailing_lws", "<sip:a@b.example>;tag=1  ", "", "", "sip:a@b.example", true, "", ";tag=1"},
};

TEST(NameAddrTest, ParsesValidValues) {
    for (const NameAddrCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        auto na = parse_name_addr(c.text, HeaderId::From);
        ASSERT_TRUE(na) << na.error().message();
        EXPECT_EQ(na->display_name, c.display_name);
        EXPECT_EQ(na->display_name_text(), std::string(c.display_text));
        EXPECT_EQ(na->uri.raw, c.uri);
        EXPECT_EQ(na->bracketed, c.bracketed);
        EXPECT_EQ(na->uri.params.raw(), c.uri_params);
        EXPECT_EQ(na->params.raw(), c.header_params);
    }
}

TEST(NameAddrTest, ParamsAreReadable) {
    auto from = parse_name_addr(good_cases[0].text, HeaderId::From);  // wsinv From
    ASSERT_TRUE(from);
    EXPECT_EQ(from->tag(), "98asjd8");
    auto contact = parse_name_addr(good_cases[2].text, HeaderId::Contact);  // wsinv Contact
    ASSERT_TRUE(contact);
    EXPECT_EQ(contact->params.find("newparam"), "newvalue");
    EXPECT_EQ(contact->params.find("secondparam"), "");
    EXPECT_EQ(contact->params.find("q"), "0.33");
    EXPECT_EQ(contact->params.size(), 3U);
}

TEST(NameAddrTest, TagNotedByTheParserIsTheOneParamsFinds) {
    // tag() answers from what the parser noted; Params::find is the reference.
    for (const NameAddrCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        auto na = parse_name_addr(c.text, HeaderId::From);
        ASSERT_TRUE(na);
        EXPECT_EQ(na->tag(), na->params.find("tag"));
    }
    for (std::string_view text : {"<sip:a@b.example>;TAG=Up;tag=second", "<sip:a@b.example>;tag",
                                  "<sip:a@b.example;tag=uri>", "<sip:a@b.example>;tags=1;tag=2",
                                  "<sip:a@b.example>;x=\"tag=no\";tag=yes"}) {
        SCOPED_TRACE(text);
        auto na = parse_name_addr(text, HeaderId::To);
        ASSERT_TRUE(na);
        EXPECT_EQ(na->tag(), na->params.find("tag"));
    }
    auto first = parse_name_addr("<sip:a@b.example>;TAG=Up;tag=second", HeaderId::To);
    EXPECT_EQ(first->tag(), "Up");
    auto flag = parse_name_addr("<sip:a@b.example>;tag", HeaderId::To);
    EXPECT_EQ(flag->tag(), "");
}

TEST(NameAddrTest, TagFollowsParamsSetByHand) {
    auto na = parse_name_addr("<sip:a@b.example>;tag=parsed", HeaderId::To);
    ASSERT_TRUE(na);
    na->params = Params(";tag=mine");
    EXPECT_EQ(na->tag(), "mine");
    na->params = Params();
    EXPECT_FALSE(na->tag());
}

TEST(NameAddrTest, UnbracketedParamsBelongToTheHeader) {
    // RFC 4475 cparam01 / cparam02: the same text means different things with and without < >.
    auto bare = parse_name_addr("sip:+19725552222@gw1.example.net;unknownparam", HeaderId::Contact);
    auto bracketed =
        parse_name_addr("<sip:+19725552222@gw1.example.net;unknownparam>", HeaderId::Contact);
    ASSERT_TRUE(bare);
    ASSERT_TRUE(bracketed);
    EXPECT_TRUE(bare->params.contains("unknownparam"));
    EXPECT_FALSE(bare->uri.param("unknownparam"));
    EXPECT_FALSE(bracketed->params.contains("unknownparam"));
    EXPECT_TRUE(bracketed->uri.param("unknownparam"));
}

struct BadNameAddrCase {
    std::string_view name;
    std::string_view text;
    HeaderId which;
    std::uint32_t offset;
};

constexpr BadNameAddrCase bad_cases[] = {
    {"empty", "", HeaderId::To, 0},
    {"only_lws", "  ", HeaderId::To, 2},
    {"rfc4475_baddn_to", "Watson, Thomas <sip:t.watson@example.org>", HeaderId::To, 6},
    {"rfc4475_baddn_from", "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", HeaderId::From, 4},
    {"rfc4475_quotbal", "\"Mr. J. User <sip:j.user@example.com>", HeaderId::To, 0},
    {"rfc4475_badaspec", "\"Watson, Thomas\" < sip:t.watson@example.org >", HeaderId::To, 18},
    {"rfc4475_badinv01", "\"Joe\" <sip:joe@example.org>;;,;", HeaderId::Contact, 28},
    {"rfc4475_regbadct", "sip:user@example.com?Route=%3Csip:sip.example.com%3E", HeaderId::Contact,
     20},
    {"bare_uri_with_comma", "sip:a,b@c.example", HeaderId::Contact, 5},
    {"token_without_uri", "Joe", HeaderId::From, 3},
    {"quoted_without_brackets", "\"Joe\" sip:joe@example.org", HeaderId::From, 6},
    {"unclosed_bracket", "<sip:a@b.example", HeaderId::Route, 0},
    {"fold_inside_brackets", "<sip:a@b.example\r\n >", HeaderId::Route, 16},
    {"garbage_after_address", "<sip:a@b.example> x", HeaderId::To, 18},
    {"trailing_semicolon", "<sip:a@b.example>;", HeaderId::To, 18},
    {"empty_param_value", "<sip:a@b.example>;tag=", HeaderId::To, 22},
    {"unterminated_param_value", "<sip:a@b.example>;tag=\"abc", HeaderId::To, 22},
    {"colon_value_not_ipv6", "<sip:a@b.example>;received=1:2", HeaderId::Contact, 27},
    {"control_in_quoted", "\"a\x01z\" <sip:a@b.example>", HeaderId::From, 2},
    {"quoted_pair_before_crlf", "\"a\\\r\n z\" <sip:a@b.example>", HeaderId::From, 0},
    {"bad_uri_inside", "<sip:a@b.example:99999>", HeaderId::ReplyTo, 17},
    {"ltgt_twice", "<<sip:a@b.example>>", HeaderId::To, 1},
};

TEST(NameAddrTest, RejectsMalformedValues) {
    for (const BadNameAddrCase& c : bad_cases) {
        SCOPED_TRACE(c.name);
        auto na = parse_name_addr(c.text, c.which);
        ASSERT_FALSE(na);
        EXPECT_EQ(na.error().code, errc::bad_header_value);
        EXPECT_EQ(na.error().header, c.which);
        EXPECT_EQ(na.error().offset, c.offset);
    }
}

TEST(NameAddrTest, EveryPrefixParsesOrFailsInsideTheText) {
    for (const NameAddrCase& c : good_cases) {
        SCOPED_TRACE(c.name);
        for (std::size_t n = 0; n <= c.text.size(); ++n) {
            auto na = parse_name_addr(c.text.substr(0, n));
            if (!na) {
                EXPECT_LE(na.error().offset, n);
            }
        }
    }
}

}  // namespace
}  // namespace sessioncore::sip

namespace sessioncore::sip {
namespace {

TEST(ParseContact, WildcardAndAddresses) {
    struct Case {
        const char* name;
        std::string_view text;
        bool wildcard;
        std::string_view host;
        std::optional<std::string_view> expires;
    };
    const Case cases[] = {
        {"star", "*", true, "", std::nullopt},
        {"star_padded", "  * ", true, "", std::nullopt},
        {"name_addr", "\"A\" <sip:a@h.example.com>;expires=60", false, "h.example.com", "60"},
        {"addr_spec", "sip:a@192.0.2.1;expires=0", false, "192.0.2.1", "0"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto contact = parse_contact(c.text);
        ASSERT_TRUE(contact) << contact.error().message();
        EXPECT_EQ(contact->wildcard, c.wildcard);
        EXPECT_EQ(contact->address.uri.host, c.host);
        EXPECT_EQ(contact->address.params.find("expires"), c.expires);
    }
    for (std::string_view bad : {"**", "* ;expires=0", "<sip:a@b", ""}) {
        SCOPED_TRACE(bad);
        auto contact = parse_contact(bad);
        ASSERT_FALSE(contact);
        EXPECT_EQ(contact.error().code, errc::bad_header_value);
        EXPECT_EQ(contact.error().header, HeaderId::Contact);
    }
}

}  // namespace
}  // namespace sessioncore::sip
