// Transaction matching keys (RFC 3261 §17.1.3, §17.2.3, §9.2).
#include <gtest/gtest.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_key.hpp>

#include "test_support.hpp"

namespace sessioncore::transaction {
namespace {

using namespace test;

std::string replaced(std::string text, std::string_view what, std::string_view with) {
    auto at = text.find(what);
    EXPECT_NE(at, std::string::npos) << what;
    if (at != std::string::npos)
        text.replace(at, what.size(), with);
    return text;
}

const std::string invite_3261 = request_text("INVITE");
const std::string invite_2543 = request_text("INVITE", "");

struct ServerCase {
    const char* name;
    std::string a;
    std::string b;
    bool match;
};

TEST(ServerKey, MatchingTable) {
    const ServerCase cases[] = {
        {"rfc3261_retransmission", invite_3261, request_text("INVITE"), true},
        {"rfc3261_other_branch", invite_3261, request_text("INVITE", "z9hG4bKother"), false},
        {"rfc3261_other_sent_by", invite_3261,
         request_text("INVITE", "z9hG4bKnashds8", "pc34.atlanta.example.com"), false},
        {"rfc3261_other_port", invite_3261,
         request_text("INVITE", "z9hG4bKnashds8", "pc33.atlanta.example.com:5070"), false},
        {"rfc3261_sent_by_host_case", invite_3261,
         request_text("INVITE", "z9hG4bKnashds8", "PC33.Atlanta.Example.COM"), true},
        {"rfc3261_ack_to_its_invite", invite_3261,
         request_text("ACK", "z9hG4bKnashds8", "pc33.atlanta.example.com", "a6c85cf"), true},
        {"rfc3261_cancel_is_its_own", invite_3261, request_text("CANCEL"), false},
        {"rfc3261_other_method_same_branch", request_text("OPTIONS"), request_text("INFO"), false},
        {"rfc2543_retransmission", invite_2543, request_text("INVITE", ""), true},
        {"rfc2543_other_from_tag", invite_2543, replaced(invite_2543, "tag=1928301774", "tag=77"),
         false},
        {"rfc2543_other_call_id", invite_2543,
         replaced(invite_2543, "Call-ID: a84b4c76e66710", "Call-ID: x1"), false},
        {"rfc2543_other_cseq", invite_2543, replaced(invite_2543, "314159 INVITE", "314160 INVITE"),
         false},
        {"rfc2543_other_request_uri", invite_2543,
         replaced(invite_2543, "INVITE sip:bob@biloxi", "INVITE sip:rob@biloxi"), false},
        {"rfc2543_other_top_via", invite_2543,
         request_text("INVITE", "", "pc34.atlanta.example.com"), false},
        {"rfc2543_ack_same_to_tag", request_text("INVITE", "", "pc33.atlanta.example.com", "t1"),
         request_text("ACK", "", "pc33.atlanta.example.com", "t1"), true},
        // Needs the To tag of our response: ServerTable::find() (transaction_table_test).
        {"rfc2543_ack_other_to_tag", invite_2543,
         request_text("ACK", "", "pc33.atlanta.example.com", "a6c85cf"), false},
        {"rfc3261_vs_rfc2543", invite_3261, invite_2543, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto a = server_key(parse(c.a));
        auto b = server_key(parse(c.b));
        ASSERT_TRUE(a);
        ASSERT_TRUE(b);
        EXPECT_EQ(*a == *b, c.match);
        if (c.match) {
            EXPECT_EQ(std::hash<ServerKey>{}(*a), std::hash<ServerKey>{}(*b));
        }
    }
}

TEST(ServerKey, KindFollowsTheMagicCookie) {
    auto modern = server_key(parse(invite_3261));
    ASSERT_TRUE(modern);
    EXPECT_EQ(modern->kind, KeyKind::Rfc3261);
    EXPECT_EQ(modern->branch, "z9hG4bKnashds8");
    EXPECT_EQ(modern->sent_by, "pc33.atlanta.example.com");
    EXPECT_EQ(modern->method, "INVITE");
    auto old = server_key(parse(request_text("INVITE", "1234abcd")));  // a branch, no cookie
    ASSERT_TRUE(old);
    EXPECT_EQ(old->kind, KeyKind::Rfc2543);
    EXPECT_EQ(old->call_id, "a84b4c76e66710");
    EXPECT_EQ(old->from_tag, "1928301774");
    EXPECT_EQ(old->cseq_number, 314159U);
}

TEST(ServerKey, CancelPointsAtItsInvite) {
    for (const auto& branch : {std::string("z9hG4bKnashds8"), std::string()}) {
        SCOPED_TRACE(branch);
        auto invite = server_key(parse(request_text("INVITE", branch)));
        auto cancel = server_key(parse(request_text("CANCEL", branch)));
        auto other = server_key(parse(request_text("CANCEL", branch + "x", "elsewhere.example")));
        ASSERT_TRUE(invite && cancel && other);
        EXPECT_NE(*cancel, *invite);
        EXPECT_EQ(cancelled_invite_key(*cancel), *invite);
        EXPECT_NE(cancelled_invite_key(*other), *invite);
    }
}

TEST(ServerKey, UnkeyableRequest) {
    auto no_cseq = replaced(invite_3261, "CSeq: 314159 INVITE\r\n", "");
    auto key = server_key(parse(no_cseq));
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error(), errc::unkeyable);
}

struct ClientCase {
    const char* name;
    std::string request;
    std::string response_of;  // the request the response answers
    std::uint16_t status;
    bool match;
};

TEST(ClientKey, MatchingTable) {
    const ClientCase cases[] = {
        {"same_branch_and_method", invite_3261, invite_3261, 180, true},
        {"final_response", invite_3261, invite_3261, 486, true},
        {"cancel_response_is_not_the_invites", invite_3261, request_text("CANCEL"), 200, false},
        {"other_branch", invite_3261, request_text("INVITE", "z9hG4bKother"), 200, false},
        {"non_invite", request_text("BYE"), request_text("BYE"), 200, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto mine = client_key(parse(c.request));
        auto got = client_key(response(parse(c.response_of), c.status));
        ASSERT_TRUE(mine && got);
        EXPECT_EQ(*mine == *got, c.match);
        if (c.match) {
            EXPECT_EQ(std::hash<ClientKey>{}(*mine), std::hash<ClientKey>{}(*got));
        }
    }
    auto no_branch = client_key(parse(request_text("INVITE", "")));
    ASSERT_FALSE(no_branch);
    EXPECT_EQ(no_branch.error(), errc::unkeyable);
}

}  // namespace
}  // namespace sessioncore::transaction
