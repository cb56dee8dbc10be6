// Responses (RFC 3261 §8.2.6), CANCEL (§9.1), branches and tags. The ACK for a non-2xx is
// checked byte for byte in client_invite_test.cpp, where the transaction builds it.
#include <set>

#include <gtest/gtest.h>

#include <sessioncore/sip/validate.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;

std::string with_header(std::string text, std::string_view field) {
    auto at = text.find("Content-Length:");
    text.insert(at, std::string(field) + "\r\n");
    return text;
}

TEST(MakeResponse, CopiesViasFromToCallIdCSeqAndAddsToTag) {
    auto req = request("INVITE");
    const ExtraHeader extra[] = {{"Contact", "<sip:bob@192.0.2.4>"}};
    auto r = make_response(req, 180, {.to_tag = "abc", .headers = extra});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->encode(),
              "SIP/2.0 180 Ringing\r\n"
              "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
              "Via: SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bK74bf9\r\n"
              "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
              "To: Bob <sip:bob@biloxi.example.com>;tag=abc\r\n"
              "Call-ID: a84b4c76e66710\r\n"
              "CSeq: 314159 INVITE\r\n"
              "Contact: <sip:bob@192.0.2.4>\r\n"
              "Content-Length: 0\r\n\r\n");
    EXPECT_TRUE(sip::validate(*r));
}

struct TagCase {
    const char* name;
    std::uint16_t status;
    std::string request_to_tag;
    std::string option_tag;
    std::optional<std::string> expected_tag;  // "*": any generated 16-character tag
};

TEST(MakeResponse, ToTagRules) {
    const TagCase cases[] = {
        {"trying_gets_none", 100, "", "abc", std::nullopt},
        {"ringing_gets_the_given_one", 180, "", "abc", "abc"},
        {"existing_tag_kept", 200, "dialog1", "abc", "dialog1"},
        {"trying_keeps_existing", 100, "dialog1", "", "dialog1"},
        {"generated_when_none_given", 404, "", "", "*"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto req =
            request("INVITE", "z9hG4bKnashds8", "pc33.atlanta.example.com", c.request_to_tag);
        auto r = make_response(req, c.status, {.to_tag = c.option_tag});
        ASSERT_TRUE(r);
        auto to = r->to();
        ASSERT_TRUE(to);
        auto tag = to->tag();
        if (!c.expected_tag) {
            EXPECT_FALSE(tag);
        } else if (*c.expected_tag == "*") {
            ASSERT_TRUE(tag);
            EXPECT_EQ(tag->size(), 16U);
        } else {
            EXPECT_EQ(tag, std::optional<std::string_view>(*c.expected_tag));
        }
    }
}

TEST(MakeResponse, TryingEchoesTimestamp) {
    auto req = parse(with_header(request_text("INVITE"), "Timestamp: 54.2 0.5"));
    auto trying = make_response(req, 100);
    ASSERT_TRUE(trying);
    ASSERT_NE(trying->find(sip::HeaderId::Timestamp), nullptr);
    EXPECT_EQ(trying->find(sip::HeaderId::Timestamp)->value, "54.2 0.5");
    auto ringing = make_response(req, 180, {.to_tag = "x"});
    ASSERT_TRUE(ringing);
    EXPECT_EQ(ringing->find(sip::HeaderId::Timestamp), nullptr);
}

TEST(MakeResponse, FoldedValuesAreWrittenOnOneLine) {
    auto text = request_text("OPTIONS");
    text.replace(text.find(";branch=z9hG4bKnashds8"), 0, "\r\n ");
    auto r = make_response(parse(text), 200, {.reason = "Fine", .to_tag = "t"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reason(), "Fine");
    EXPECT_EQ(r->find(sip::HeaderId::Via)->value,
              "SIP/2.0/UDP pc33.atlanta.example.com ;branch=z9hG4bKnashds8");
    auto via = r->top_via();
    ASSERT_TRUE(via);
    EXPECT_EQ(via->branch, std::optional<std::string_view>("z9hG4bKnashds8"));
}

TEST(MakeResponse, MissingHeaderIsAnError) {
    auto text = request_text("OPTIONS");
    text.erase(text.find("Call-ID:"), std::string_view("Call-ID: a84b4c76e66710\r\n").size());
    auto r = make_response(parse(text), 200);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, sip::errc::missing_header);
    EXPECT_EQ(r.error().header, sip::HeaderId::CallId);
}

TEST(MakeCancel, FollowsSection9_1) {
    auto cancel = make_cancel(request("INVITE"));
    ASSERT_TRUE(cancel);
    EXPECT_EQ(cancel->encode(),
              "CANCEL sip:bob@biloxi.example.com SIP/2.0\r\n"
              "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
              "Max-Forwards: 70\r\n"
              "Route: <sip:p1.example.com;lr>\r\n"
              "Route: <sip:p2.example.com;lr>\r\n"
              "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
              "To: Bob <sip:bob@biloxi.example.com>\r\n"
              "Call-ID: a84b4c76e66710\r\n"
              "CSeq: 314159 CANCEL\r\n"
              "Content-Length: 0\r\n\r\n");
    EXPECT_TRUE(sip::validate(*cancel));
}

TEST(Random, BranchesAndTagsAreFreshTokens) {
    std::set<std::string> branches, tags;
    for (int i = 0; i < 1000; ++i) {
        auto branch = make_branch();
        auto tag = make_tag();
        EXPECT_TRUE(branch.starts_with("z9hG4bK")) << branch;
        EXPECT_EQ(branch.size(), 7U + 24U);
        EXPECT_EQ(tag.size(), 16U);
        EXPECT_EQ(branch.find_first_not_of("z9hG4bKabcdefghijklmnopqrstuvwxyz234567"),
                  std::string::npos);
        branches.insert(branch);
        tags.insert(tag);
    }
    EXPECT_EQ(branches.size(), 1000U);
    EXPECT_EQ(tags.size(), 1000U);
}

}  // namespace
}  // namespace sessioncore::transaction
