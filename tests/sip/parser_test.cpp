// The message parser: start lines, header splitting, framing, limits and their exact errors.
#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>

namespace sessioncore::sip {
namespace {

const std::string kHeaders =
    "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
    "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n"
    "Call-ID: c1@h\r\nCSeq: 1 OPTIONS\r\n";

std::string request(const std::string& start, const std::string& extra = "",
                    const std::string& body = "") {
    return start + "\r\n" + kHeaders + extra + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

TEST(Parser, RejectsWithTheExactError) {
    struct Case {
        const char* name;
        std::string bytes;
        errc code;
        std::uint16_t status;
        Limits limits{};
    };
    const Case cases[] = {
        {"empty", "", errc::empty_message, 400},
        {"only_crlf", "\r\n\r\n", errc::empty_message, 400},
        {"no_uri", request("OPTIONS SIP/2.0"), errc::bad_start_line, 400},
        {"bad_method", request("OP(TIONS sip:a@b SIP/2.0"), errc::bad_method, 400},
        {"version_3", request("OPTIONS sip:a@b SIP/3.0"), errc::bad_version, 505},
        {"version_garbage", request("OPTIONS sip:a@b SIP/2.x"), errc::bad_start_line, 400},
        {"http", request("GET / HTTP/1.1"), errc::bad_start_line, 400},
        {"tab_in_uri", request("OPTIONS sip:a\t@b SIP/2.0"), errc::bad_request_uri, 400},
        {"status_2_digits", "SIP/2.0 20 OK\r\n\r\n", errc::bad_status_code, 400},
        {"status_700", "SIP/2.0 700 Huh\r\n\r\n", errc::bad_status_code, 400},
        {"status_huge", "SIP/2.0 4294967301 OK\r\n\r\n", errc::bad_status_code, 400},
        {"reason_ctl", "SIP/2.0 200 O\x01K\r\n\r\n", errc::bad_reason_phrase, 400},
        {"no_colon", request("OPTIONS sip:a@b SIP/2.0", "Garbage line\r\n"), errc::bad_header_line,
         400},
        {"empty_name", request("OPTIONS sip:a@b SIP/2.0", ": value\r\n"), errc::bad_header_line,
         400},
        {"space_in_name", request("OPTIONS sip:a@b SIP/2.0", "X Y: z\r\n"), errc::bad_header_line,
         400},
        {"bare_cr_in_name", request("OPTIONS sip:a@b SIP/2.0", "X\rFoo: ab\r\n"),
         errc::bad_header_line, 400},
        {"fold_first", "OPTIONS sip:a@b SIP/2.0\r\n folded: x\r\n\r\n", errc::bad_header_line, 400},
        {"negative_length", "OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n", errc::bad_content_length,
         400},
        {"length_overflow", "OPTIONS sip:a@b SIP/2.0\r\nl: 99999999999\r\n\r\n",
         errc::bad_content_length, 400},
        {"length_conflict", "OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab",
         errc::bad_content_length, 400},
        {"length_past_end", "OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\nabc",
         errc::content_length_mismatch, 400},
        {"too_big", request("OPTIONS sip:a@b SIP/2.0", "", std::string(100, 'x')),
         errc::message_too_large, 513, Limits{.max_message_size = 200}},
        {"too_many_headers", request("OPTIONS sip:a@b SIP/2.0", "A: 1\r\nB: 2\r\n"),
         errc::headers_too_many, 513, Limits{.max_header_count = 6}},
        {"header_too_long",
         request("OPTIONS sip:a@b SIP/2.0", "X: " + std::string(90, 'y') + "\r\n"),
         errc::header_too_long, 513, Limits{.max_header_length = 80}},
        {"uri_too_long", request("OPTIONS sip:" + std::string(50, 'u') + "@b SIP/2.0"),
         errc::uri_too_long, 414, Limits{.max_uri_length = 40}},
        {"body_too_large", request("OPTIONS sip:a@b SIP/2.0", "", std::string(50, 'x')),
         errc::body_too_large, 413, Limits{.max_body_size = 49}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        auto m = parse(c.bytes, {.limits = c.limits});
        ASSERT_FALSE(m);
        EXPECT_EQ(m.error().code, c.code) << m.error().message();
        EXPECT_EQ(m.error().status(), c.status);
        EXPECT_FALSE(m.error().message().empty());
    }
}

TEST(Parser, ErrorsSayWhere) {
    auto m = parse(request("OPTIONS sip:a@b SIP/2.0", "l: 7\r\nContent-Length: 3\r\n"));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().header, HeaderId::ContentLength);
    EXPECT_NE(m.error().message().find("Content-Length"), std::string::npos);
    EXPECT_EQ(m.error().reason_phrase(), "Bad Request - Malformed Content-Length");
    auto status = parse("SIP/2.0 2000 OK\r\n\r\n");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().reason_phrase(), "Bad Request - Malformed status code");
}

TEST(Parser, RequestLineAndHeaders) {
    auto m = parse(request("INVITE sip:bob@example.com;transport=tcp SIP/2.0",
                           "Subject:\r\nX-Folded: one\r\n two\r\n", "hello"));
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_TRUE(m->is_request());
    EXPECT_EQ(m->method(), Method::Invite);
    EXPECT_EQ(m->request_uri(), "sip:bob@example.com;transport=tcp");
    EXPECT_EQ(m->version(), "SIP/2.0");
    EXPECT_EQ(m->headers().size(), 8u);
    EXPECT_EQ(m->find(HeaderId::Subject)->value, "");
    EXPECT_EQ(m->find("x-folded")->value, "one\r\n two");
    EXPECT_EQ(m->body(), "hello");
}

TEST(Parser, StatusLine) {
    auto m = parse("SIP/2.0 486 Busy Here\r\n" + kHeaders + "l: 0\r\n\r\n");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->is_response());
    EXPECT_EQ(m->status_code(), 486);
    EXPECT_EQ(m->reason(), "Busy Here");
    EXPECT_EQ(m->method_name(), "");
}

TEST(Parser, CompactFormsMapToTheirHeader) {
    struct Case {
        const char* name;
        HeaderId id;
    };
    const Case cases[] = {{"i", HeaderId::CallId},
                          {"m", HeaderId::Contact},
                          {"f", HeaderId::From},
                          {"t", HeaderId::To},
                          {"v", HeaderId::Via},
                          {"l", HeaderId::ContentLength},
                          {"c", HeaderId::ContentType},
                          {"k", HeaderId::Supported},
                          {"s", HeaderId::Subject},
                          {"e", HeaderId::ContentEncoding},
                          {"o", HeaderId::Event},
                          {"r", HeaderId::ReferTo},
                          {"b", HeaderId::ReferredBy},
                          {"u", HeaderId::AllowEvents},
                          {"x", HeaderId::SessionExpires},
                          {"CALL-id", HeaderId::CallId},
                          {"www-AUTHENTICATE", HeaderId::WwwAuthenticate},
                          {"X-Unknown", HeaderId::Other}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(header_id_of(c.name), c.id);
    }
}

TEST(Parser, ListHeadersIterateAcrossLinesAndQuotes) {
    auto m = parse(request("OPTIONS sip:a@b SIP/2.0",
                           "Contact: \"Doe, John\" <sip:j@x;a=b,c>, <sip:k@y>\r\nm: sip:l@z\r\n"
                           "Supported: timer , 100rel\r\nk: replaces\r\nX-Comma: a, b\r\n"));
    ASSERT_TRUE(m) << m.error().message();
    std::vector<std::string_view> contacts(m->values(HeaderId::Contact).begin(),
                                           m->values(HeaderId::Contact).end());
    EXPECT_EQ(contacts, (std::vector<std::string_view>{"\"Doe, John\" <sip:j@x;a=b,c>", "<sip:k@y>",
                                                       "sip:l@z"}));
    std::vector<std::string_view> tags(m->values(HeaderId::Supported).begin(),
                                       m->values(HeaderId::Supported).end());
    EXPECT_EQ(tags, (std::vector<std::string_view>{"timer", "100rel", "replaces"}));
    EXPECT_EQ(m->values("x-comma").size(), 1u) << "unknown headers are not split";
    std::vector<std::string_view> vias(m->values(HeaderId::Via).begin(),
                                       m->values(HeaderId::Via).end());
    EXPECT_EQ(vias.size(), 1u);
}

TEST(Parser, DatagramWithoutContentLengthTakesTheRest) {
    auto m = parse("MESSAGE sip:a@b SIP/2.0\r\n" + kHeaders + "\r\nhello");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->body(), "hello");
}

TEST(Parser, LeadingCrlfsAreIgnored) {
    std::string bytes = "\r\n\r\n" + request("OPTIONS sip:a@b SIP/2.0");
    Message m;
    auto used = parse_into(m, bytes);
    ASSERT_TRUE(used);
    EXPECT_EQ(*used, bytes.size());
    EXPECT_EQ(m.wire(), std::string_view(bytes).substr(4));
}

TEST(Parser, BareLineFeedsAreTolerated) {
    auto m = parse("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nl: 0\n\n");
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_EQ(m->find(HeaderId::Via)->value, "SIP/2.0/UDP h;branch=z9hG4bK1");
}

TEST(Parser, StreamFramingNeedsMoreAndContentLength) {
    ParseOptions stream{.framing = Framing::Stream};
    std::string full = request("OPTIONS sip:a@b SIP/2.0", "", "0123456789");
    auto partial_head = parse(full.substr(0, 30), stream);
    ASSERT_FALSE(partial_head);
    EXPECT_EQ(partial_head.error().code, errc::need_more);
    EXPECT_EQ(partial_head.error().needed, 0u);
    auto partial_body = parse(full.substr(0, full.size() - 3), stream);
    ASSERT_FALSE(partial_body);
    EXPECT_EQ(partial_body.error().code, errc::need_more);
    EXPECT_EQ(partial_body.error().needed, full.size());
    Message m;
    auto used = parse_into(m, full + "NEXT", stream);
    ASSERT_TRUE(used);
    EXPECT_EQ(*used, full.size());
    auto no_length = parse("OPTIONS sip:a@b SIP/2.0\r\n" + kHeaders + "\r\n", stream);
    ASSERT_FALSE(no_length);
    EXPECT_EQ(no_length.error().code, errc::missing_content_length);
}

TEST(Parser, ReusedMessageKeepsItsStorage) {
    Message m;
    std::string big = request("INVITE sip:a@b SIP/2.0", "", std::string(500, 'x'));
    ASSERT_TRUE(parse_into(m, big));
    const char* storage = m.wire().data();
    ASSERT_TRUE(parse_into(m, request("BYE sip:a@b SIP/2.0")));
    EXPECT_EQ(m.wire().data(), storage);
    EXPECT_EQ(m.method(), Method::Bye);
    EXPECT_FALSE(parse_into(m, "garbage"));
    EXPECT_TRUE(m.headers().empty()) << "a failed parse leaves the message empty";
}

TEST(Parser, MessageMovesKeepViewsValid) {
    auto m = parse(request("OPTIONS sip:a@b SIP/2.0"));
    ASSERT_TRUE(m);
    Message moved = std::move(*m);
    EXPECT_EQ(moved.request_uri(), "sip:a@b");
    EXPECT_EQ(*moved.call_id(), "c1@h");
    Message copy = moved.clone();
    EXPECT_TRUE(equivalent(copy, moved));
    EXPECT_NE(copy.wire().data(), moved.wire().data());
}

}  // namespace
}  // namespace sessioncore::sip
