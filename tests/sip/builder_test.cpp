// MessageBuilder: canonical bytes, Content-Length owned by the builder, and a Message that
// validates and round-trips like a received one.
#include <stdexcept>

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

TEST(MessageBuilder, BrokenPreconditionsAreProgrammingErrors) {
    EXPECT_THROW(MessageBuilder::request("IN VITE", "sip:a@b"), std::logic_error);
    EXPECT_THROW(MessageBuilder::request("INVITE", "sip:a @b"), std::logic_error);
    EXPECT_THROW(MessageBuilder::response(99), std::logic_error);
    auto b = MessageBuilder::request("OPTIONS", "sip:a@b");
    EXPECT_THROW(b.header("X-Evil", "a\r\nVia: smuggled"), std::logic_error);
    EXPECT_THROW(b.header("Bad Name", "v"), std::logic_error);
}

}  // namespace
}  // namespace sessioncore::sip
