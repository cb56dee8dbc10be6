// DialogTable (RFC 3261 §12.2): our tag is the To tag of requests we receive and the From tag
// of responses we receive.
#include <gtest/gtest.h>

#include <sessioncore/dialog/dialog_table.hpp>

#include "messages.hpp"

namespace sessioncore::dialog {
namespace {

using namespace test;

struct LookupCase {
    const char* name;
    std::string message;
    bool is_request;
    bool found;
};

TEST(DialogTable, FindsRequestsAndResponsesByTheirTags) {
    auto invite = parse(invite_text());
    auto ok = parse(response_text(200));
    auto created = Dialog::create_uac(invite, ok, Transport::Other);
    ASSERT_TRUE(created);
    DialogTable table;
    auto stored = table.insert(std::move(*created));
    ASSERT_TRUE(stored);

    // Alice's dialog: local tag 1928301774, remote a6c85cf.
    const LookupCase cases[] = {
        {"request_from_bob", bob_request_text("BYE", 1), true, true},
        {"request_unknown_from_tag", bob_request_text("BYE", 1, {}, "zzz"), true, false},
        {"response_to_alice", response_text(200, {}, "a6c85cf", {}, "314160 BYE"), false, true},
        {"response_from_fork", response_text(200, {}, "fork2"), false, false},
        // Alice's own INVITE seen as a received request: tags the other way round.
        {"request_with_tags_swapped", invite_text(), true, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto m = parse(c.message);
        Dialog* d = c.is_request ? table.find_for_request(m) : table.find_for_response(m);
        EXPECT_EQ(d != nullptr, c.found);
        if (d != nullptr) {
            EXPECT_EQ(d, *stored);
        }
    }
}

TEST(DialogTable, InsertEraseAndDuplicates) {
    auto invite = parse(invite_text());
    auto ok = parse(response_text(200));
    DialogTable table;
    auto first = Dialog::create_uac(invite, ok, Transport::Other);
    auto again = Dialog::create_uac(invite, ok, Transport::Other);
    auto other_side = Dialog::create_uas(invite, ok, Transport::Other);
    ASSERT_TRUE(first && again && other_side);
    DialogId id = first->id();
    ASSERT_TRUE(table.insert(std::move(*first)));
    auto dup = table.insert(std::move(*again));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error(), make_error_code(errc::duplicate_dialog));
    ASSERT_TRUE(table.insert(std::move(*other_side)));  // tags swapped: another id
    EXPECT_EQ(table.size(), 2u);
    EXPECT_NE(table.find(id), nullptr);
    EXPECT_TRUE(table.erase(id));
    EXPECT_FALSE(table.erase(id));
    EXPECT_EQ(table.find(id), nullptr);
    EXPECT_EQ(table.size(), 1u);
}

TEST(DialogTable, IdsOfReceivedMessages) {
    auto request = id_of_received_request(parse(bob_request_text("BYE", 1)));
    auto response = id_of_received_response(parse(response_text(200)));
    ASSERT_TRUE(request && response);
    EXPECT_EQ(*request, (DialogId{"a84b4c76e66710", "1928301774", "a6c85cf"}));
    EXPECT_EQ(*response, *request);
}

}  // namespace
}  // namespace sessioncore::dialog
