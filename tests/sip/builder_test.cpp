// MessageBuilder: canonical bytes, Content-Length owned by the builder, and a Message that
// validates and round-trips like a received one.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

namespace sessioncore::sip {
namespace {

TEST(MessageBuilder, RequestInCanonicalForm) {
    std::string sdp = "v=0\r\n";
    auto builder = MessageBuilder::request("INVITE", "sip:bob@example.com");
    builder.header(HeaderId::Via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1")
        .header(HeaderId::From, "<sip:alice@example.com>;tag=9")
        .header(HeaderId::To, "<sip:bob@example.com>")
        .header(HeaderId::CallId, "c1@a")
        .header(HeaderId::CSeq, "1 INVITE")
        .header("X-Trace", "  abc  ")
        .header(HeaderId::ContentLength, "999")  // ignored: the builder writes it
        .body("application/sdp", sdp);
    EXPECT_EQ(builder.str(),
              "INVITE sip:bob@example.com SIP/2.0\r\n"
              "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
              "From: <sip:alice@example.com>;tag=9\r\n"
              "To: <sip:bob@example.com>\r\n"
              "Call-ID: c1@a\r\n"
              "CSeq: 1 INVITE\r\n"
              "X-Trace: abc\r\n"
              "Content-Type: application/sdp\r\n"
              "Content-Length: 5\r\n\r\nv=0\r\n");
    auto m = builder.build();
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_TRUE(validate(*m));
    EXPECT_EQ(m->method(), Method::Invite);
    EXPECT_EQ(m->body(), sdp);
    EXPECT_EQ(m->encode_canonical(), builder.str());
}

TEST(MessageBuilder, ResponseTakesTheStandardReason) {
    auto m = MessageBuilder::response(486).header(HeaderId::CallId, "x").build();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status_code(), 486);
    EXPECT_EQ(m->reason(), "Busy Here");
    EXPECT_EQ(MessageBuilder::response(200, "Fine").str(),
              "SIP/2.0 200 Fine\r\nContent-Length: 0\r\n\r\n");
}

// --- build() makes the Message that parse(str()) makes -----------------------------------------

// A view as (offset into the message's wire bytes, size), or (-1, 0) for no view at all, so that
// two messages with their own storage compare.
std::pair<long, std::size_t> place(const Message& m, std::string_view v) {
    if (v.data() == nullptr)
        return {-1, 0};
    return {static_cast<long>(v.data() - m.wire().data()), v.size()};
}

void expect_same_message(const Message& built, const Message& parsed) {
    EXPECT_EQ(built.wire(), parsed.wire());
    EXPECT_EQ(built.kind(), parsed.kind());
    EXPECT_EQ(built.method(), parsed.method());
    EXPECT_EQ(place(built, built.method_name()), place(parsed, parsed.method_name()));
    EXPECT_EQ(place(built, built.request_uri()), place(parsed, parsed.request_uri()));
    EXPECT_EQ(place(built, built.version()), place(parsed, parsed.version()));
    EXPECT_EQ(built.status_code(), parsed.status_code());
    EXPECT_EQ(place(built, built.reason()), place(parsed, parsed.reason()));
    EXPECT_EQ(place(built, built.body()), place(parsed, parsed.body()));
    ASSERT_EQ(built.headers().size(), parsed.headers().size());
    for (std::size_t i = 0; i < built.headers().size(); ++i) {
        SCOPED_TRACE(i);
        const HeaderField& b = built.headers()[i];
        const HeaderField& p = parsed.headers()[i];
        EXPECT_EQ(b.id, p.id);
        EXPECT_EQ(place(built, b.name), place(parsed, p.name));
        EXPECT_EQ(place(built, b.value), place(parsed, p.value));
        EXPECT_EQ(place(built, b.raw), place(parsed, p.raw));
    }
    for (std::size_t id = 0; id < header_id_count; ++id) {
        auto h = static_cast<HeaderId>(id);
        EXPECT_EQ(built.count(h), parsed.count(h));
        const HeaderField* b = built.find(h);
        const HeaderField* p = parsed.find(h);
        ASSERT_EQ(b == nullptr, p == nullptr);
        if (b != nullptr) {
            EXPECT_EQ(b - built.headers().data(), p - parsed.headers().data());
        }
    }
    EXPECT_FALSE(built.modified());
    EXPECT_EQ(built.encode(), parsed.encode());
}

void expect_built_as_parsed(const MessageBuilder& builder) {
    ParseOptions options;
    options.decode_common_headers = false;
    auto parsed = parse(builder.str(), options);
    auto built = builder.build();
    ASSERT_EQ(built.has_value(), parsed.has_value());
    if (!parsed) {
        EXPECT_EQ(built.error(), parsed.error());
        return;
    }
    expect_same_message(*built, *parsed);
}

TEST(MessageBuilder, BuildMakesWhatParseMakesOfTheBytes) {
    using Make = std::function<MessageBuilder()>;
    const std::string big_value(9000, 'v');
    const std::vector<std::pair<std::string, Make>> cases = {
        {"request",
         [] {
             auto b = MessageBuilder::request("INVITE", "sip:bob@example.com;transport=udp");
             b.header(HeaderId::Via, "SIP/2.0/UDP a.example.com;branch=z9hG4bK1")
                 .header(HeaderId::Via, "SIP/2.0/TCP b.example.com;branch=z9hG4bK2")
                 .header(HeaderId::From, "<sip:alice@example.com>;tag=9")
                 .header("t", "<sip:bob@example.com>")
                 .header(HeaderId::CallId, "c1@a")
                 .header("X-Empty", "   ")
                 .header("x-trace", "  abc  ")
                 .header("l", "12")
                 .body("application/sdp", "v=0\r\n");
             return b;
         }},
        {"extension_method", [] { return MessageBuilder::request("FOOBAR", "tel:+1234"); }},
        {"response",
         [] {
             auto b = MessageBuilder::response(180);
             b.header(HeaderId::To, "<sip:b@c>;tag=x").header(HeaderId::CSeq, "1 INVITE");
             return b;
         }},
        {"response_own_reason", [] { return MessageBuilder::response(603, "No\tThanks"); }},
        {"response_no_standard_reason", [] { return MessageBuilder::response(299); }},
        {"body_without_type",
         [] {
             auto b = MessageBuilder::response(200);
             b.body("", "hello");
             return b;
         }},
        {"reason_with_control_byte", [] { return MessageBuilder::response(486, "Busy\x01"); }},
        {"uri_too_long",
         [] { return MessageBuilder::request("OPTIONS", "sip:" + std::string(5000, 'u') + "@b"); }},
        {"header_too_long",
         [&big_value] {
             auto b = MessageBuilder::request("OPTIONS", "sip:a@b");
             b.header(HeaderId::CallId, "x").header(HeaderId::Subject, big_value);
             return b;
         }},
        {"headers_too_many",
         [] {
             auto b = MessageBuilder::request("OPTIONS", "sip:a@b");
             for (int i = 0; i < 256; ++i)
                 b.header(HeaderId::Supported, "timer");
             return b;
         }},
        {"body_too_large",
         [] {
             auto b = MessageBuilder::request("MESSAGE", "sip:a@b");
             b.body("text/plain", std::string(61 * 1024, 'b'));
             return b;
         }},
        {"message_too_large",
         [&big_value] {
             auto b = MessageBuilder::request("MESSAGE", "sip:a@b");
             for (int i = 0; i < 4; ++i)
                 b.header(HeaderId::Subject, std::string(8000, 's'));
             b.body("text/plain", std::string(40 * 1024, 'b'));
             return b;
         }},
    };
    for (const auto& [name, make] : cases) {
        SCOPED_TRACE(name);
        expect_built_as_parsed(make());
    }
}

TEST(MessageBuilder, BrokenPreconditionsAreProgrammingErrors) {
    EXPECT_THROW(MessageBuilder::request("IN VITE", "sip:a@b"), std::logic_error);
    EXPECT_THROW(MessageBuilder::request("INVITE", "sip:a @b"), std::logic_error);
    EXPECT_THROW(MessageBuilder::response(99), std::logic_error);
    auto b = MessageBuilder::request("OPTIONS", "sip:a@b");
    EXPECT_THROW(b.header("X-Evil", "a\r\nVia: smuggled"), std::logic_error);
    EXPECT_THROW(b.header("Bad Name", "v"), std::logic_error);
    EXPECT_THROW(b.body("text/plain\r\nX: y", "body"), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::sip
