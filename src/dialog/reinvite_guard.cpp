// One INVITE transaction at a time per dialog (RFC 3261 §14.1, §14.2).
#include <sessioncore/base/assert.hpp>
#include <sessioncore/dialog/reinvite_guard.hpp>

namespace sessioncore::dialog {
namespace {

// §14.2: "a randomly chosen value of between 0 and 10 seconds", whole seconds (delta-seconds,
// §20.33), both ends included.
constexpr std::uint32_t retry_after_choices = 11;

}  // namespace

void ReinviteGuard::on_sent() {
    SC_ASSERT(may_send(), "a re-INVITE was sent while an INVITE is in progress (RFC 3261 §14.1)");
    sent_pending_ = true;
}

ReinviteVerdict ReinviteGuard::on_received() {
    ReinviteVerdict verdict;
    if (received_pending_) {
        // §14.2: a second INVITE before we answered the first one: 500 with Retry-After.
        const std::uint32_t seconds = random_(retry_after_choices);
        SC_ASSERT(seconds < retry_after_choices,
                  "the random source returned a value outside [0, count)");
        verdict.status = 500;
        verdict.retry_after = std::chrono::seconds(seconds);
        return verdict;
    }
    if (sent_pending_) {
        verdict.status = 491;  // §14.2: it crossed our own re-INVITE (glare)
        return verdict;
    }
    received_pending_ = true;
    return verdict;
}

}  // namespace sessioncore::dialog
