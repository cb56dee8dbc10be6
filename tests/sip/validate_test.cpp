// validate() and check_request(): each rule on its own, with the exact error it gives.
#include <array>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

namespace sessioncore::sip {
namespace {

std::string request(const std::string& method, const std::string& extra = "",
                    const std::string& uri = "sip:bob@example.com",
                    const std::string& cseq_method = "") {
    return method + " " + uri + " SIP/2.0\r\n" +
           "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
           "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n"
           "Call-ID: c1@h\r\nCSeq: 7 " +
           (cseq_method.empty() ? method : cseq_method) + "\r\nMax-Forwards: 70\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
}

TEST(Validate, AcceptsAWellFormedRequest) {
    auto m = parse(request("INVITE", "Allow:\r\nSupported:\r\nSubject:\r\nX-Empty:\r\n"));
    ASSERT_TRUE(m);
    EXPECT_TRUE(validate(*m));
}

TEST(Validate, EmptyMandatoryValueIsMalformed) {
    // fuzz/regressions/sip_message: "CSeq:" with nothing after it validated, then cseq() failed.
    std::string bytes = request("BYE");
    bytes.replace(bytes.find("CSeq: 7 BYE"), 11, "CSeq:");
    auto m = parse(bytes);
    ASSERT_TRUE(m);
    auto v = validate(*m);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code, errc::bad_header_value);
    EXPECT_EQ(v.error().header, HeaderId::CSeq);
}

TEST(Validate, RejectsWithTheExactError) {
    struct Case {
        const char* name;
        std::string bytes;
        errc code;
        HeaderId header;
    };
    const Case cases[] = {
        {"uri_headers", request("INVITE", "", "sip:bob@example.com?Route=x"), errc::bad_request_uri,
         HeaderId::None},
        {"uri_no_brackets_ipv6", request("INVITE", "", "sip:2001:db8::1"), errc::bad_request_uri,
         HeaderId::None},
        {"bad_via", request("INVITE", "Via: SIP/2.0/UDP ;branch=x\r\n"), errc::bad_header_value,
         HeaderId::Via},
        {"empty_via_element", request("INVITE", "Via: SIP/2.0/UDP a.com;branch=z9hG4bKx,\r\n"),
         errc::bad_header_value, HeaderId::Via},
        {"two_call_ids", request("INVITE", "Call-ID: other@h\r\n"), errc::duplicate_header,
         HeaderId::CallId},
        {"two_max_forwards", request("INVITE", "Max-Forwards: 256\r\n"), errc::duplicate_header,
         HeaderId::MaxForwards},
        {"expires_overflow", request("REGISTER", "Expires: 4294967296\r\n"), errc::bad_header_value,
         HeaderId::Expires},
        {"contact_expires_overflow",
         request("REGISTER", "Contact: <sip:a@h>;expires=4294967296\r\n"), errc::bad_header_value,
         HeaderId::Contact},
        {"bad_date", request("INVITE", "Date: Sat, 13 Nov 2010 23:29:00 PST\r\n"),
         errc::bad_header_value, HeaderId::Date},
        {"bad_require", request("INVITE", "Require: a b\r\n"), errc::bad_header_value,
         HeaderId::Require},
        {"bare_cr_in_unknown_value", request("INVITE", "X-Foo: a\rb\r\n"), errc::bad_header_value,
         HeaderId::Other},
        {"bare_cr_in_known_value", request("INVITE", "Subject: a\rb\r\n"), errc::bad_header_value,
         HeaderId::Subject},
        {"empty_cseq_extra", request("INVITE", "CSeq:\r\n"), errc::duplicate_header,
         HeaderId::CSeq},
        {"empty_require", request("INVITE", "Require:\r\n"), errc::bad_header_value,
         HeaderId::Require},
        {"empty_contact", request("INVITE", "Contact: \r\n"), errc::bad_header_value,
         HeaderId::Contact},
        {"bad_warning", request("INVITE", "Warning: 1812 h \"x\"\r\n"), errc::bad_header_value,
         HeaderId::Warning},
        {"bad_auth", request("INVITE", "Authorization: Digest realm\r\n"), errc::bad_header_value,
         HeaderId::Authorization},
        {"magic_cookie_branch",
         "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK\r\nFrom: <sip:a@h>;tag=1"
         "\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n",
         errc::bad_branch, HeaderId::Via},
        {"no_via",
         "OPTIONS sip:b@h SIP/2.0\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n"
         "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n",
         errc::missing_header, HeaderId::Via},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto m = parse(c.bytes);
        ASSERT_TRUE(m) << m.error().message();
        auto v = validate(*m);
        ASSERT_FALSE(v);
        EXPECT_EQ(v.error().code, c.code) << v.error().message();
        EXPECT_EQ(v.error().header, c.header) << v.error().message();
        EXPECT_EQ(v.error().status(), 400);
    }
}

constexpr std::array<Method, 4> kMethods = {Method::Invite, Method::Ack, Method::Bye,
                                            Method::Cancel};
constexpr std::array<std::string_view, 1> kExtensions = {"100rel"};
constexpr std::array<std::string_view, 1> kBodies = {"application/sdp"};

RequestVerdict check(const std::string& bytes, ElementRole role = ElementRole::UserAgentServer) {
    auto m = parse(bytes);
    EXPECT_TRUE(m) << m.error().message();
    EXPECT_TRUE(validate(*m));
    RequestPolicy policy{
        .role = role, .methods = kMethods, .extensions = kExtensions, .body_types = kBodies};
    return check_request(*m, policy);
}

TEST(CheckRequest, AnswersInRfcOrder) {
    struct Case {
        const char* name;
        std::string bytes;
        std::uint16_t status;
        ElementRole role = ElementRole::UserAgentServer;
    };
    const Case cases[] = {
        {"ok", request("INVITE"), 0},
        {"unknown_method", request("FROB"), 501},
        {"known_not_allowed", request("OPTIONS"), 405},
        {"proxy_forwards_unknown_method", request("FROB"), 0, ElementRole::Proxy},
        {"cseq_mismatch", request("INVITE", "", "sip:bob@example.com", "BYE"), 400},
        {"tel_is_fine", request("INVITE", "", "tel:+12015550123"), 0},
        {"unknown_scheme", request("INVITE", "", "im:bob@example.com"), 416},
        {"require_unknown", request("INVITE", "Require: 100rel, foo\r\n"), 420},
        {"require_known", request("INVITE", "Require: 100rel\r\n"), 0},
        {"ack_never_420", request("ACK", "Require: foo\r\n"), 0},
        {"proxy_require_at_proxy", request("INVITE", "Proxy-Require: foo\r\n"), 420,
         ElementRole::Proxy},
        {"proxy_require_ignored_by_uas", request("INVITE", "Proxy-Require: foo\r\n"), 0},
        {"accept_excludes_sdp", request("INVITE", "Accept: text/plain\r\n"), 406},
        {"accept_wildcard", request("INVITE", "Accept: application/*\r\n"), 0},
        {"accept_all", request("INVITE", "Accept: */*\r\n"), 0},
        {"max_forwards_zero_at_proxy", request("INVITE", "", "sip:bob@example.com"), 0,
         ElementRole::Proxy},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(check(c.bytes, c.role).status, c.status);
    }
}

TEST(CheckRequest, UnsupportedListsTheTags) {
    // The tags are views into the request, so it must outlive the verdict.
    auto m = parse(request("INVITE", "Require: 100rel, foo\r\nRequire: bar\r\n"));
    ASSERT_TRUE(m);
    RequestPolicy policy{.role = ElementRole::UserAgentServer,
                         .methods = {},
                         .extensions = kExtensions,
                         .body_types = kBodies};
    RequestVerdict v = check_request(*m, policy);
    EXPECT_EQ(v.status, 420);
    EXPECT_EQ(v.unsupported, (std::vector<std::string_view>{"foo", "bar"}));
}

TEST(CheckRequest, ProxyAnswers483AtZeroHops) {
    std::string bytes = request("INVITE");
    bytes.replace(bytes.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
    EXPECT_EQ(check(bytes, ElementRole::Proxy).status, 483);
    EXPECT_EQ(check(bytes).status, 0) << "an endpoint processes it normally";
}

TEST(CheckRequest, BodyOfUnknownTypeIs415) {
    std::string bytes = request("INVITE");
    bytes.replace(bytes.find("Content-Length: 0\r\n\r\n"), 21,
                  "Content-Type: application/unknown\r\nContent-Length: 2\r\n\r\nhi");
    auto v = check(bytes);
    EXPECT_EQ(v.status, 415);
    EXPECT_EQ(v.error.header, HeaderId::ContentType);
}

}  // namespace
}  // namespace sessioncore::sip
