#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/sip/header_values.hpp>

#include "value_error.hpp"

// Values marked "RFC 4475 <name>" are the header values of that torture message
// (../shared/testdata/rfc4475/<name>.dat), folding kept byte for byte.

namespace sessioncore::sip {
namespace {

using test::expect_error;
using test::no_error;

struct CSeqCase {
    const char* name;
    std::string_view text;
    std::uint32_t number;
    std::string_view method_name;
    Method method;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, CSeq) {
    constexpr CSeqCase cases[] = {
        {"plain", "4711 INVITE", 4711, "INVITE", Method::Invite},
        {"folded_rfc4475_wsinv", "0009\r\n  INVITE", 9, "INVITE", Method::Invite},
        {"surrounding_lws", " \t1 ACK  ", 1, "ACK", Method::Ack},
        {"max", "4294967295 BYE", 4294967295u, "BYE", Method::Bye},
        {"extension_rfc4475_intmeth", "139122385 !interesting-Method0123456789_*+`.%indeed'~",
         139122385, "!interesting-Method0123456789_*+`.%indeed'~", Method::Unknown},
        {"escape_is_not_decoded_rfc4475_esc02", "29344 RE%47IST%45R", 29344, "RE%47IST%45R",
         Method::Unknown},
        {"case_sensitive_method", "1 invite", 1, "invite", Method::Unknown},
        {"overflow_rfc4475_scalar02", "36893488147419103232 REGISTER", 0, "", {}, 0},
        {"overflow_rfc4475_scalarlg", "9292394834772304023312 OPTIONS", 0, "", {}, 0},
        {"overflow_by_one", "4294967296 INVITE", 0, "", {}, 0},
        {"empty", "", 0, "", {}, 0},
        {"no_number", "INVITE", 0, "", {}, 0},
        {"negative", "-1 INVITE", 0, "", {}, 0},
        {"no_lws", "1INVITE", 0, "", {}, 1},
        {"no_method", "1 ", 0, "", {}, 2},
        {"crlf_without_fold", "1\r\nINVITE", 0, "", {}, 1},
        {"trailing_word", "1 INVITE x", 0, "", {}, 9},
        {"method_not_token", "1 INV@ITE", 0, "", {}, 5},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_cseq(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::CSeq, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->number, c.number);
        EXPECT_EQ(r->method_name, c.method_name);
        EXPECT_EQ(r->method, c.method);
    }
}

struct NumberCase {
    const char* name;
    std::string_view text;
    std::uint32_t value;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, Uint32) {
    constexpr NumberCase cases[] = {
        {"plain", "3600", 3600},
        {"zero", "0", 0},
        {"lws_and_leading_zeros", " 0068 ", 68},
        {"folded", "\r\n 42", 42},
        {"max", "4294967295", 4294967295u},
        {"overflow", "4294967296", 0, 0},
        {"huge_rfc4475_scalar02",
         "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000",
         0, 0},
        {"empty", "", 0, 0},
        {"blank", "  ", 0, 2},
        {"negative_rfc4475_ncl", "-999", 0, 0},
        {"suffix", "12a", 0, 2},
        {"two_numbers", "1 2", 0, 2},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_uint32(c.text, HeaderId::Expires);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Expires, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(*r, c.value);
    }
}

TEST(HeaderValues, Uint32ReportsWhichHeader) {
    expect_error(parse_uint32("x", HeaderId::ContentLength), HeaderId::ContentLength, 0);
    expect_error(parse_uint32("x", HeaderId::RSeq), HeaderId::RSeq, 0);
}

TEST(HeaderValues, MaxForwards) {
    constexpr NumberCase cases[] = {
        {"plain", "70", 70},
        {"leading_zeros_rfc4475_wsinv", "0068", 68},
        {"zero_rfc4475_zeromf", "0", 0},
        {"max_rfc4475_intmeth", "255", 255},
        {"many_leading_zeros", "000000000000000000000068", 68},
        {"lws", "  7 ", 7},
        {"too_big_rfc4475_scalar02", "300", 0, 0},
        {"just_too_big", "256", 0, 0},
        {"empty", "", 0, 0},
        {"negative", "-1", 0, 0},
        {"split", "7 0", 0, 2},
        {"word", "seventy", 0, 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_max_forwards(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::MaxForwards, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(*r, c.value);
    }
}

struct ViewCase {
    const char* name;
    std::string_view text;
    std::string_view value;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, CallId) {
    constexpr ViewCase cases[] = {
        {"rfc3261", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com",
         "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com"},
        {"no_host", "a84b4c76e66710", "a84b4c76e66710"},
        {"every_word_char_rfc4475_intmeth", "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
         "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"},
        {"trimmed", " \t abc@def \r\n ", "abc@def"},
        {"empty", "", "", 0},
        {"blank", "   ", "", 3},
        {"inner_space", "abc def", "", 4},
        {"empty_host", "abc@", "", 4},
        {"empty_local", "@def", "", 0},
        {"two_ats", "a@b@c", "", 3},
        {"semicolon", "abc;def", "", 3},
        {"comma", "abc,def", "", 3},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_call_id(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::CallId, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(*r, c.value);
    }
}

TEST(HeaderValues, Token) {
    constexpr ViewCase cases[] = {
        {"option_tag", "100rel", "100rel"},
        {"lws", " \ttimer\r\n ", "timer"},
        {"rfc4475_bext01", "nothingSupportsThis", "nothingSupportsThis"},
        {"empty", "", "", 0},
        {"two_tokens", "a b", "", 2},
        {"comma", "a,b", "", 1},
        {"not_a_token", "<x>", "", 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_token(c.text, HeaderId::Require);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Require, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(*r, c.value);
    }
}

struct ContentTypeCase {
    const char* name;
    std::string_view text;
    HeaderId which;
    std::string_view type;
    std::string_view subtype;
    std::string_view params_raw;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, ContentType) {
    constexpr HeaderId ct = HeaderId::ContentType;
    constexpr HeaderId accept = HeaderId::Accept;
    constexpr ContentTypeCase cases[] = {
        {"sdp", "application/sdp", ct, "application", "sdp", ""},
        {"case_kept", "Application/SDP", ct, "Application", "SDP", ""},
        {"boundary", "multipart/mixed;boundary=unique-boundary-1", ct, "multipart", "mixed",
         ";boundary=unique-boundary-1"},
        {"lws_everywhere", " text / plain ; charset = \"utf-8\" ", ct, "text", "plain",
         "; charset = \"utf-8\""},
        {"folded", "application\r\n /sdp", ct, "application", "sdp", ""},
        {"two_params", "text/html;level=1;q=0.5", ct, "text", "html", ";level=1;q=0.5"},
        {"all_media", "*/*", accept, "*", "*", ""},
        {"all_subtypes", "text/*;q=0.1", accept, "text", "*", ";q=0.1"},
        {"accept_flag", "application/sdp;level", accept, "application", "sdp", ";level"},
        {"no_slash", "application", ct, "", "", "", 11},
        {"no_subtype", "application/", ct, "", "", "", 12},
        {"no_type", "/sdp", ct, "", "", "", 0},
        {"space_instead_of_slash", "application sdp", ct, "", "", "", 12},
        {"trailing_semicolon", "application/sdp;", ct, "", "", "", 16},
        {"flag_not_allowed", "application/sdp;charset", ct, "", "", "", 16},
        {"empty_value", "application/sdp;charset=", ct, "", "", "", 24},
        {"unterminated_quote", "text/plain;x=\"abc", ct, "", "", "", 13},
        {"trailing_word", "application/sdp x", ct, "", "", "", 16},
        {"which_is_reported", "text", accept, "", "", "", 4},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_content_type(c.text, c.which);
        if (c.error_at != no_error) {
            expect_error(r, c.which, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->type, c.type);
        EXPECT_EQ(r->subtype, c.subtype);
        EXPECT_EQ(r->params.raw(), c.params_raw);
    }
}

TEST(HeaderValues, ContentTypeParamsAndMatches) {
    auto r = parse_content_type("Text/Plain ; Charset = \"utf-8\" ; format=flowed");
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->matches("text", "plain"));
    EXPECT_TRUE(r->matches("TEXT", "PLAIN"));
    EXPECT_FALSE(r->matches("text", "html"));
    EXPECT_FALSE(r->matches("application", "plain"));
    EXPECT_EQ(r->params.find("charset"), "\"utf-8\"");
    EXPECT_EQ(r->params.find("format"), "flowed");
    EXPECT_EQ(r->params.size(), 2u);
}

struct EventCase {
    const char* name;
    std::string_view text;
    std::string_view package;
    std::string_view id;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, Event) {
    constexpr EventCase cases[] = {
        {"refer", "refer", "refer", ""},
        {"with_id", "presence;id=1", "presence", "1"},
        {"lws", " dialog ; id = 7 ; call-id=abc ", "dialog", "7"},
        {"template", "presence.winfo", "presence.winfo", ""},
        {"flag", "refer;norefersub", "refer", ""},
        {"ipv6_value", "x;h=[2001:db8::1];id=2", "x", "2"},
        {"bad_ipv6_value", "x;h=[zz]", "", "", 4},
        {"empty", "", "", "", 0},
        {"trailing_semicolon", "refer;", "", "", 6},
        {"two_words", "re fer", "", "", 3},
        {"empty_value", "refer;id=", "", "", 9},
        {"bad_char", "refer@x", "", "", 5},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_event(c.text, HeaderId::Event);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Event, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->package, c.package);
        EXPECT_EQ(r->id().value_or(""), c.id);
    }
    expect_error(parse_event("", HeaderId::AllowEvents), HeaderId::AllowEvents, 0);
}

struct SessionExpiresCase {
    const char* name;
    std::string_view text;
    std::uint32_t delta;
    Refresher refresher;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, SessionExpires) {
    constexpr SessionExpiresCase cases[] = {
        {"plain", "1800", 1800, Refresher::Unspecified},
        {"uac", "4000;refresher=uac", 4000, Refresher::Uac},
        {"uas_upper_lws", " 90 ; refresher = UAS ", 90, Refresher::Uas},
        {"other_param", "1800;foo=bar", 1800, Refresher::Unspecified},
        {"unknown_refresher", "1800;refresher=both", 0, {}, 5},
        {"refresher_flag", "1800;refresher", 0, {}, 5},
        {"empty", "", 0, {}, 0},
        {"not_a_number", "abc", 0, {}, 0},
        {"overflow", "4294967296", 0, {}, 0},
        {"junk", "1800 x", 0, {}, 5},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_session_expires(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::SessionExpires, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->delta_seconds, c.delta);
        EXPECT_EQ(r->refresher, c.refresher);
    }
}

struct RAckCase {
    const char* name;
    std::string_view text;
    std::uint32_t rseq;
    std::uint32_t cseq;
    Method method;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, RAck) {
    constexpr RAckCase cases[] = {
        {"rfc3262", "776656 1 INVITE", 776656, 1, Method::Invite},
        {"folded", "1\r\n 2\t INVITE ", 1, 2, Method::Invite},
        {"extension", "5 6 FOO", 5, 6, Method::Unknown},
        {"no_cseq", "776656 INVITE", 0, 0, {}, 7},
        {"no_method", "1 2", 0, 0, {}, 3},
        {"trailing", "776656 1 INVITE x", 0, 0, {}, 16},
        {"cseq_overflow", "1 99999999999 INVITE", 0, 0, {}, 2},
        {"rseq_overflow", "99999999999 1 INVITE", 0, 0, {}, 0},
        {"empty", "", 0, 0, {}, 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_rack(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::RAck, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->rseq, c.rseq);
        EXPECT_EQ(r->cseq, c.cseq);
        EXPECT_EQ(r->method, c.method);
    }
    auto r = parse_rack("1 2 UPDATE");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->method_name, "UPDATE");
}

struct ReplacesCase {
    const char* name;
    std::string_view text;
    std::string_view call_id;
    std::string_view to_tag;
    std::string_view from_tag;
    bool early_only = false;
    std::uint32_t error_at = no_error;
};

constexpr ReplacesCase replaces_cases[] = {
    {"rfc3891", "12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994", "12345@192.168.118.3",
     "12345", "5FFE-3994"},
    {"early_only", "98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only",
     "98732@sip.example.com", "ff87ff", "r33th4x0r", true},
    {"lws_and_case", " abc ; TO-TAG = 1 ;\r\n from-tag=2 ; x=y ", "abc", "1", "2"},
    {"no_to_tag", "abc;from-tag=1", "", "", "", false, 14},
    {"no_from_tag", "abc;to-tag=1", "", "", "", false, 12},
    {"no_tags", "abc", "", "", "", false, 3},
    {"duplicate_to_tag", "abc;to-tag=1;to-tag=2;from-tag=3", "", "", "", false, 13},
    {"tag_without_value", "abc;to-tag;from-tag=1", "", "", "", false, 4},
    {"quoted_tag", "abc;to-tag=\"1\";from-tag=2", "", "", "", false, 4},
    {"no_call_id", ";to-tag=1;from-tag=2", "", "", "", false, 0},
    {"empty", "", "", "", "", false, 0},
    {"bad_param", "abc;to-tag=1;;from-tag=2", "", "", "", false, 13},
};

TEST(HeaderValues, Replaces) {
    for (const auto& c : replaces_cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_replaces(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Replaces, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->call_id, c.call_id);
        EXPECT_EQ(r->to_tag, c.to_tag);
        EXPECT_EQ(r->from_tag, c.from_tag);
        EXPECT_EQ(r->early_only, c.early_only);
    }
}

struct EmbeddedReplacesCase {
    const char* name;
    std::string_view headers;
    bool present;
    std::string_view call_id;
    std::string_view to_tag;
    std::string_view from_tag;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, EmbeddedReplaces) {
    constexpr EmbeddedReplacesCase cases[] = {
        {"rfc3891_refer_to",
         "Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994", true,
         "12345@192.168.118.3", "12345", "5FFE-3994"},
        {"among_others_any_case", "Subject=hi&replaces=a%3Bto-tag%3D1%3Bfrom-tag%3D2&x=y", true,
         "a", "1", "2"},
        {"escaped_percent_decoded_once", "Replaces=a%2541%3Bto-tag%3D1%3Bfrom-tag%3D2", true,
         "a%41", "1", "2"},
        {"absent", "Subject=hi", false, "", "", ""},
        {"no_headers", "", false, "", "", ""},
        {"name_only", "Replaces", false, "", "", ""},
        {"missing_from_tag", "Replaces=a%3Bto-tag%3D1", true, "", "", "", 10},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        Uri uri;
        uri.headers = c.headers;
        std::string storage;
        auto r = embedded_replaces(uri, storage);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Replaces, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        ASSERT_EQ(r->has_value(), c.present);
        if (!c.present)
            continue;
        const Replaces& rep = **r;
        EXPECT_EQ(rep.call_id, c.call_id);
        EXPECT_EQ(rep.to_tag, c.to_tag);
        EXPECT_EQ(rep.from_tag, c.from_tag);
        EXPECT_GE(rep.call_id.data(), storage.data());  // views into storage
        EXPECT_LE(rep.from_tag.data() + rep.from_tag.size(), storage.data() + storage.size());
    }
}

struct DateCase {
    const char* name;
    std::string_view text;
    Date date;
    std::uint32_t error_at = no_error;
};

TEST(HeaderValues, Date) {
    constexpr DateCase cases[] = {
        {"plain", "Sat, 13 Nov 2010 23:29:00 GMT", {2010, 11, 13, 23, 29, 0}},
        {"rfc3261_lws", " Thu, 21 Feb 2002 13:02:03 GMT\r\n ", {2002, 2, 21, 13, 2, 3}},
        {"leap_day", "Thu, 29 Feb 2024 00:00:00 GMT", {2024, 2, 29, 0, 0, 0}},
        {"leap_second", "Wed, 31 Dec 2008 23:59:60 GMT", {2008, 12, 31, 23, 59, 60}},
        {"est_rfc4475_baddate", "Fri, 01 Jan 2010 16:00:00 EST", {}, 26},
        {"no_zone", "Sat, 13 Nov 2010 23:29:00", {}, 25},
        {"numeric_zone", "Sat, 13 Nov 2010 23:29:00 +0000", {}, 26},
        {"bad_month", "Sat, 13 Foo 2010 23:29:00 GMT", {}, 8},
        {"bad_weekday", "Xyz, 13 Nov 2010 23:29:00 GMT", {}, 0},
        {"day_32", "Sat, 32 Oct 2010 23:29:00 GMT", {}, 5},
        {"day_0", "Sat, 00 Oct 2010 23:29:00 GMT", {}, 5},
        {"november_31", "Sat, 31 Nov 2010 23:29:00 GMT", {}, 5},
        {"not_leap", "Sun, 29 Feb 2023 00:00:00 GMT", {}, 5},
        {"century_not_leap", "Thu, 29 Feb 1900 00:00:00 GMT", {}, 5},
        {"hour_24", "Sat, 13 Nov 2010 24:00:00 GMT", {}, 17},
        {"minute_60", "Sat, 13 Nov 2010 23:60:00 GMT", {}, 20},
        {"second_61", "Sat, 13 Nov 2010 23:29:61 GMT", {}, 23},
        {"one_digit_day", "Sat, 1 Nov 2010 23:29:00 GMT", {}, 6},
        {"no_comma", "Sat 13 Nov 2010 23:29:00 GMT", {}, 3},
        {"double_space", "Sat,  13 Nov 2010 23:29:00 GMT", {}, 5},
        {"two_digit_year", "Sat, 13 Nov 10 23:29:00 GMT", {}, 14},
        {"trailing", "Sat, 13 Nov 2010 23:29:00 GMT x", {}, 30},
        {"empty", "", {}, 0},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = parse_date(c.text);
        if (c.error_at != no_error) {
            expect_error(r, HeaderId::Date, c.error_at);
            continue;
        }
        ASSERT_TRUE(r.has_value()) << r.error().message();
        EXPECT_EQ(r->year, c.date.year);
        EXPECT_EQ(r->month, c.date.month);
        EXPECT_EQ(r->day, c.date.day);
        EXPECT_EQ(r->hour, c.date.hour);
        EXPECT_EQ(r->minute, c.date.minute);
        EXPECT_EQ(r->second, c.date.second);
    }
}

// Fuzz-like sweep: every prefix of each accepted value must parse or fail cleanly (ASan checks
// the reads), and a truncated copy never yields views outside it.
TEST(HeaderValues, PrefixesNeverReadOutOfBounds) {
    constexpr std::string_view inputs[] = {
        "0009\r\n  INVITE",
        "text / plain ; charset = \"utf-8\" ; x=[2001:db8::1]",
        "4000;refresher=uac",
        "776656 1 INVITE",
        "98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only",
        "Sat, 13 Nov 2010 23:29:00 GMT",
    };
    for (std::string_view input : inputs) {
        for (std::size_t n = 0; n <= input.size(); ++n) {
            std::string copy(input.substr(0, n));  // own buffer so ASan sees its end
            std::string_view text = copy;
            (void)parse_cseq(text);
            (void)parse_uint32(text, HeaderId::Expires);
            (void)parse_max_forwards(text);
            (void)parse_call_id(text);
            (void)parse_token(text, HeaderId::Require);
            (void)parse_content_type(text);
            (void)parse_event(text);
            (void)parse_session_expires(text);
            (void)parse_rack(text);
            (void)parse_replaces(text);
            (void)parse_date(text);
        }
    }
}

}  // namespace
}  // namespace sessioncore::sip
