// DialogId (RFC 3261 §12): equality, ordering and hashing over all three fields.
#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

#include <sessioncore/dialog/dialog_id.hpp>
#include <sessioncore/dialog/error.hpp>

namespace sessioncore::dialog {
namespace {

struct IdCase {
    const char* name;
    DialogId a;
    DialogId b;
    bool equal;
};

TEST(DialogId, EqualityCoversEveryField) {
    const DialogId base{"a84b4c76e66710", "1928301774", "a6c85cf"};
    const IdCase cases[] = {
        {"same", base, base, true},
        {"call_id_differs", base, {"a84b4c76e66711", "1928301774", "a6c85cf"}, false},
        {"call_id_case_matters", base, {"A84B4C76E66710", "1928301774", "a6c85cf"}, false},
        {"local_tag_differs", base, {"a84b4c76e66710", "1928301775", "a6c85cf"}, false},
        {"remote_tag_differs", base, {"a84b4c76e66710", "1928301774", "a6c85cg"}, false},
        {"tags_swapped", base, {"a84b4c76e66710", "a6c85cf", "1928301774"}, false},
        {"remote_tag_empty", base, {"a84b4c76e66710", "1928301774", ""}, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(c.a == c.b, c.equal);
        EXPECT_EQ((c.a <=> c.b) == 0, c.equal);
        if (c.equal) {
            EXPECT_EQ(DialogIdHash{}(c.a), DialogIdHash{}(c.b));
        }
    }
}

TEST(DialogId, WorksAsUnorderedKey) {
    std::unordered_set<DialogId> ids;
    ids.insert({"c1", "l1", "r1"});
    ids.insert({"c1", "r1", "l1"});
    ids.insert({"c1", "l1", "r1"});
    EXPECT_EQ(ids.size(), 2u);
    EXPECT_TRUE(ids.contains(DialogId{"c1", "r1", "l1"}));
    EXPECT_FALSE(ids.contains(DialogId{"c1", "l1", ""}));
}

TEST(DialogError, CategoryNameAndMessages) {
    boost::system::error_code ec = errc::wrong_dialog;
    EXPECT_STREQ(ec.category().name(), "sessioncore.dialog");
    EXPECT_EQ(ec.message(), "message belongs to another dialog");
}

}  // namespace
}  // namespace sessioncore::dialog
