// Fixed answers of the UAS core: 481 for requests of unknown dialogs except ACK (RFC 3261
// §12.2.2), 487 or nothing for a cancelled INVITE (§9.2).
#include <gtest/gtest.h>

#include <sessioncore/dialog/uas_answers.hpp>

namespace sessioncore::dialog {
namespace {

struct UnmatchedCase {
    sip::Method method;
    std::optional<StockAnswer> expected;
};

TEST(UasAnswers, UnmatchedRequest) {
    const StockAnswer no_dialog{481, "Call/Transaction Does Not Exist"};
    const UnmatchedCase cases[] = {
        {sip::Method::Ack, std::nullopt},  {sip::Method::Bye, no_dialog},
        {sip::Method::Invite, no_dialog},  {sip::Method::Update, no_dialog},
        {sip::Method::Info, no_dialog},    {sip::Method::Notify, no_dialog},
        {sip::Method::Unknown, no_dialog},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(static_cast<int>(c.method));
        EXPECT_EQ(status_for_unmatched_request(c.method), c.expected);
    }
}

TEST(UasAnswers, CancelledInvite) {
    EXPECT_EQ(status_for_cancelled_invite(InviteAnswered::No),
              (StockAnswer{487, "Request Terminated"}));
    EXPECT_EQ(status_for_cancelled_invite(InviteAnswered::Yes), std::nullopt);
}

}  // namespace
}  // namespace sessioncore::dialog
